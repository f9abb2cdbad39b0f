"""What the validator is given and what it answers: the athlete's ``SafetyProfile``, each
``Violation``, the plan's ``Verdict`` and a served session's ``SessionCheck``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from fitcoach.coach.explanations import Reason
from fitcoach.coach.plan import Plan, PlannedSession

Status = Literal["ok", "repaired", "rejected", "blocked"]
Action = Literal["repaired", "rejected", "blocked"]

# Rule names a violation can carry (stable: tests, analytics and the plan service use them).
RULES = (
    "red_flag",
    "rest_days",
    "sessions_per_day",
    "unknown_exercise",
    "contraindicated",
    "equipment",
    "max_test",
    "min_rir_beginner",
    "min_rir_condition",
    "load_increase",
    "weekly_sets",
    "cardio_weekly",
    "weekly_effort",
)


@dataclass(frozen=True)
class SafetyProfile:
    """What the validator knows about an athlete (``services.health.safety_profile`` builds it).

    ``level`` is beginner, intermediate or advanced (anything else counts as beginner);
    ``age_years`` None means unknown (no maximal tests then); ``open_flags`` are the kinds of
    open red flags.
    """

    athlete_id: int
    age_years: float | None
    level: str
    equipment: frozenset[str]
    injury_regions: frozenset[str]
    conditions: frozenset[str]
    open_flags: tuple[str, ...]


class Violation(BaseModel):
    """One rule the plan broke, what the validator did about it, where, and why."""

    model_config = ConfigDict(frozen=True)

    rule: str
    action: Action
    session_key: str | None = None
    item_index: int | None = None
    reason: Reason
    # Why the item had to change (``contraindicated`` / ``equipment_missing``) where ``reason``
    # says what was done about it: the sentence an athlete needs when a stored plan is served.
    cause: Reason | None = None


class Verdict(BaseModel):
    """The validator's answer: the accepted (possibly repaired) plan, or why there is none."""

    status: Status
    plan: Plan | None
    violations: list[Violation]
    escalation: str | None = None

    @property
    def reasons_text(self) -> list[str]:
        """Each violation's reason as a sentence."""
        return [v.reason.text for v in self.violations]


class SessionCheck(BaseModel):
    """One session checked on its own against the athlete's profile (``check_session``).

    ``status`` ok: serve it as stored; repaired: serve ``session``, which differs as
    ``reasons`` say; rejected or blocked: nothing in it may be done (``session`` None).
    """

    model_config = ConfigDict(frozen=True)

    status: Status
    session: PlannedSession | None
    reasons: list[Reason]
    escalation: str | None = None


def violation_texts(violations: Sequence[Violation]) -> list[Reason]:
    """Each violation's reason, after its cause where it has one, without repeats."""
    out: list[Reason] = []
    for v in violations:
        for r in (v.cause, v.reason):
            if r is not None and r not in out:
                out.append(r)
    return out
