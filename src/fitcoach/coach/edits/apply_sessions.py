"""Session edits: move a session (to a position among those left, or to a date) or skip it."""

from __future__ import annotations

from datetime import date, timedelta

from fitcoach.coach.edits.sessions import add_reason, planned, replace_sessions
from fitcoach.coach.edits.types import MoveSession, SkipSession
from fitcoach.coach.explanations import Reason
from fitcoach.coach.plan import Plan, Week
from fitcoach.coach.today import upcoming
from fitcoach.core.errors import InvalidInput


def apply_session_edit(plan: Plan, op: MoveSession | SkipSession, why: Reason) -> Plan:
    """``plan`` with the session ``op`` names moved or skipped (``why`` on that session)."""
    if isinstance(op, MoveSession):
        return _move(plan, op, why)
    session = planned(plan, op.session)
    return replace_sessions(
        plan,
        {
            op.session: session.model_copy(
                update={
                    "status": "skipped",
                    "reasons": add_reason(session.reasons, why),
                }
            )
        },
    )


def _move(plan: Plan, op: MoveSession, why: Reason) -> Plan:
    """A position moves the session in the sequence (its day follows from the schedule). A
    date puts it on that very day (``PlannedSession.on``) and nothing else: the session keeps
    its place in its plan week (the weeks' contents, so their weekly volumes, stay as they
    were) and every other planned session keeps its day (``_keep_days``), but for one already
    on that day, which makes room (``_make_room``); whether the days are allowed is the
    validator's call."""
    session = planned(plan, op.session)
    if op.position is None:
        assert op.on is not None
        as_of = op.as_of or plan.start
        if op.on < as_of:
            raise InvalidInput(f"{op.on} has passed; move the session to a day from {as_of} on")
        moved = session.model_copy(
            update={"reasons": add_reason(session.reasons, why), "on": op.on}
        )
        kept = _keep_days(plan, replace_sessions(plan, {op.session: moved}), op.session, as_of)
        # Sessions an earlier move put on that day stay ("move them all to Saturday").
        placed = {s.key for s in plan.sessions() if s.on == op.on} | {op.session}
        return _make_room(kept, placed, op.on, as_of, why)
    order = [s.key for s in plan.sessions() if s.status == "planned"]
    order.remove(op.session)
    position = min(op.position, len(order) + 1)
    order.insert(position - 1, op.session)
    moved = session.model_copy(update={"reasons": add_reason(session.reasons, why), "on": None})
    by_key = {s.key: s for s in plan.sessions()}
    by_key[op.session] = moved
    queue = iter(order)
    weeks: list[Week] = []
    for week in plan.weeks:
        sessions = [s if s.status != "planned" else by_key[next(queue)] for s in week.sessions]
        weeks.append(week.model_copy(update={"sessions": sessions}))
    return plan.model_copy(update={"weeks": weeks})


ROOM_DAYS = 6  # how far after the target day a displaced session may go


def _make_room(plan: Plan, placed: set[str], day: date, as_of: date, why: Reason) -> Plan:
    """``plan`` with each session the schedule puts on ``day`` (but those ``placed`` there) on the
    first later day that holds none, within ``ROOM_DAYS``: "do Thursday's session on Friday"
    means Friday's goes on, not that two sessions share Friday. Such a move changes another
    session, so it waits for the athlete's approval (``services.plans.moving``), and the
    validator still judges the days it makes. With no free day near, the day stays stacked
    and the validator refuses it with its reason."""
    for _ in range(len(plan.sessions())):
        projected = upcoming(plan, as_of)
        taken = {p.on for p in projected}
        occupant = next((p for p in projected if p.on == day and p.key not in placed), None)
        if occupant is None:
            return plan
        last = plan.start + timedelta(weeks=len(plan.weeks), days=-1)
        later = (day + timedelta(days=n) for n in range(1, ROOM_DAYS + 1))
        free = next((d for d in later if d not in taken and d <= last), None)
        if free is None:
            return plan
        session = plan.session(occupant.key)
        pushed = session.model_copy(
            update={"on": free, "reasons": add_reason(session.reasons, why)}
        )
        plan = _keep_days(plan, replace_sessions(plan, {occupant.key: pushed}), occupant.key, as_of)
    return plan


def _keep_days(old: Plan, new: Plan, moved: str, as_of: date) -> Plan:
    """``new`` with every other planned session kept on the day it fell on in ``old``: moving
    one session to a day changes that session only (the ones between would otherwise shift
    a slot along the schedule). A session kept on a day that already has the moved one
    stays there too: the validator then refuses the stacked day with its reason."""
    was = {p.key: p.on for p in upcoming(old, as_of)}
    for _ in range(len(was)):
        now = {p.key: p.on for p in upcoming(new, as_of)}
        drift = {
            key: day
            for key, day in was.items()
            if key != moved and day is not None and now.get(key) != day
        }
        if not drift:
            break
        key = min(drift, key=lambda k: drift[k])  # the earliest first: the rest may follow it
        session = new.session(key)
        new = replace_sessions(new, {key: session.model_copy(update={"on": drift[key]})})
    return new
