"""The sessions an edit works on: the planned session a key names (or why it cannot change),
the plan with some sessions replaced in their weeks, and a reason added once."""

from __future__ import annotations

from collections.abc import Sequence

from fitcoach.coach.explanations import Reason
from fitcoach.coach.plan import Plan, PlannedSession
from fitcoach.core.errors import InvalidInput


def add_reason(reasons: Sequence[Reason], new: Reason) -> list[Reason]:
    """``reasons`` with ``new`` last, and only once."""
    return [*[r for r in reasons if r != new], new]


def planned(plan: Plan, key: str) -> PlannedSession:
    """The session ``key``, which must exist and still be planned (else ``InvalidInput``)."""
    try:
        session = plan.session(key)
    except KeyError:
        keys = ", ".join(s.key for s in plan.sessions() if s.status == "planned")
        raise InvalidInput(
            f"the plan has no session {key!r}; planned sessions: {keys or 'none'}"
        ) from None
    if session.status != "planned":
        raise InvalidInput(f"session {key} is {session.status}; only planned sessions can change")
    return session


def replace_sessions(plan: Plan, sessions: dict[str, PlannedSession]) -> Plan:
    """``plan`` with the sessions of the given keys replaced, in place in their weeks."""
    weeks = [
        w.model_copy(update={"sessions": [sessions.get(s.key, s) for s in w.sessions]})
        for w in plan.weeks
    ]
    return plan.model_copy(update={"weeks": weeks})
