"""The shared state of one validation (``Run``) and the helpers the rules share.

Each rule family is a module of functions over a ``Run``: ``rest_days``, ``exercises``
(unknown, contraindicated and equipment problems, and substitutes), ``max_tests``,
``intensity`` (minimum reps in reserve), ``loads`` (load increases), ``weekly_sets`` (sets per
muscle), ``cardio`` (weekly cardio volume) and ``effort`` (weekly session-RPE load and mean
lift RPE); ``validator`` runs them in that order.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.explanations import Reason
from fitcoach.coach.library import Constraints, ExerciseRecord
from fitcoach.coach.plan import CardioItem, Plan, PlannedSession, StrengthItem, Week
from fitcoach.coach.rules.safety import SafetyLimits
from fitcoach.coach.safety.verdicts import Action, SafetyProfile, Violation

EPS = 1e-9
_KEY = re.compile(r"^w(\d+)s(\d+)$")
LEVEL_RANK = {level: rank for rank, level in enumerate(vocab.LEVELS)}

M = TypeVar("M", bound=BaseModel)


class Run:
    """One validation: works on a working copy of the plan and records every violation."""

    def __init__(
        self,
        plan: Plan,
        profile: SafetyProfile,
        library: Mapping[str, ExerciseRecord],
        previous: Plan | None,
        rules: SafetyLimits,
    ) -> None:
        self.plan = plan
        self.profile = profile
        self.library = library
        self.records = list(library.values())
        self.previous = previous
        self.rules = rules
        self.violations: list[Violation] = []
        ranks = [LEVEL_RANK.get(profile.level, 0), LEVEL_RANK.get(plan.level, 0)]
        self.level_rank = min(ranks)  # the more cautious of the profile and the plan
        self.level = vocab.LEVELS[self.level_rank]
        self.constraints = Constraints(
            equipment=profile.equipment,
            regions=profile.injury_regions,
            conditions=profile.conditions,
        )
        self.previous_sessions = {s.key: s for s in previous.sessions()} if previous else {}
        self.previous_weeks = {w.index: w for w in previous.weeks} if previous else {}
        # ``weekly_sets.muscle_weights`` by exercise, made once a run.
        self.weights_by_exercise: dict[str, dict[str, float]] = {}

    def add(
        self,
        rule: str,
        action: Action,
        why: Reason,
        session: PlannedSession | None = None,
        index: int | None = None,
        cause: Reason | None = None,
    ) -> None:
        self.violations.append(
            Violation(
                rule=rule,
                action=action,
                session_key=session.key if session else None,
                item_index=index,
                reason=why,
                cause=cause,
            )
        )

    def planned(self) -> list[tuple[int, Week, PlannedSession]]:
        """(week position, week, session) for every session still to do."""
        return [
            (p, w, s)
            for p, w in enumerate(self.plan.weeks)
            for s in w.sessions
            if s.status == "planned"
        ]

    def earlier_week(self, position: int) -> Week | None:
        """The nearest earlier week that is not a deload (the baseline for week-over-week)."""
        for q in range(position - 1, -1, -1):
            if not self.plan.weeks[q].deload:
                return self.plan.weeks[q]
        return None

    def name(self, slug: str) -> str:
        record = self.library.get(slug)
        return record.name if record else slug


# --- helpers ---


def working_copy(plan: Plan) -> Plan:
    """A copy of ``plan`` whose sessions' item lists the checks may change, ``plan`` left
    alone. The checks only ever replace an item (``session.items[i] = updated(...)``), never
    change one in place, so the items themselves are shared: a deep copy of the whole plan
    cost a sixth of a plan generation."""
    weeks = [
        week.model_copy(
            update={
                "sessions": [s.model_copy(update={"items": list(s.items)}) for s in week.sessions]
            }
        )
        for week in plan.weeks
    ]
    return plan.model_copy(update={"weeks": weeks})


def updated(model: M, **changes: Any) -> M:
    """A validated copy of ``model`` with ``changes`` (the original is left alone)."""
    return type(model).model_validate({**model.model_dump(), **changes})


def session_slot(key: str) -> int:
    match = _KEY.match(key)
    return int(match.group(2)) if match else -1


def is_cardio(record: ExerciseRecord) -> bool:
    return "cardiovascular" in record.primary_muscles


def occurrence_of(items: Sequence[StrengthItem | CardioItem], index: int) -> int:
    """How many items before ``index`` name the same exercise."""
    exercise = items[index].exercise
    return sum(
        1 for it in items[:index] if isinstance(it, StrengthItem) and it.exercise == exercise
    )


def matching(session: PlannedSession | None, exercise: str, occurrence: int) -> StrengthItem | None:
    """The ``occurrence``-th strength item of ``exercise`` in ``session``, if any."""
    if session is None:
        return None
    found = [it for it in session.items if isinstance(it, StrengthItem) and it.exercise == exercise]
    return found[occurrence] if occurrence < len(found) else None


def floor_to(value: float, increment: float) -> float:
    return round(math.floor(value / increment + 1e-6) * increment, 6)


def cardio_seconds(item: CardioItem) -> float | None:
    """The block's length in seconds: its duration, or its distance at its pace; None when
    neither can be known (a distance at a heart-rate zone or RPE)."""
    if item.duration_s is not None:
        return float(item.duration_s)
    if item.distance_m is not None and item.intensity.kind == "pace":
        return item.distance_m / 1000 * item.intensity.value
    return None


def num(value: float) -> str:
    return f"{value:g}"
