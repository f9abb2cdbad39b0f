"""What the planner is given: ``PlannerInputs`` (from a stored profile with
``inputs_from_profile``) and the check that refuses inputs it cannot plan for.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.library import constraints_for
from fitcoach.coach.schemas import ProfileOut
from fitcoach.core.bounds import age_years
from fitcoach.core.errors import InvalidInput

_MAX_WEEKS = 12


@dataclass(frozen=True)
class PlannerInputs:
    """Everything the planner needs about an athlete (see ``inputs_from_profile``)."""

    athlete_id: int
    goals: tuple[str, ...]
    sports: tuple[str, ...]
    level: str
    days_per_week: int
    session_minutes: int
    equipment: frozenset[str]
    injury_regions: frozenset[str]
    conditions: frozenset[str]
    dislikes: frozenset[str]
    preferences: frozenset[str]
    age_years: float | None
    e1rm_kg: Mapping[str, float]
    start: date
    weeks: int = 4
    schedule: tuple[int, ...] | None = None


def inputs_from_profile(
    athlete_id: int,
    profile: ProfileOut,
    *,
    e1rm_kg: Mapping[str, float],
    start: date,
    today: date,
    weeks: int = 4,
) -> PlannerInputs:
    """Planner inputs from a stored profile; age in years on ``today`` (None without a birth date)."""
    # Whole years, as everywhere (the day of a birthday counts as the new year of age).
    age = None if profile.birth_date is None else age_years(profile.birth_date, today)
    return PlannerInputs(
        athlete_id=athlete_id,
        goals=tuple(profile.goals),
        sports=tuple(profile.sports),
        level=profile.experience_level,
        days_per_week=profile.days_per_week,
        session_minutes=profile.session_minutes,
        equipment=frozenset(profile.equipment),
        injury_regions=constraints_for(profile).regions,
        conditions=frozenset(profile.conditions),
        dislikes=frozenset(profile.dislikes),
        preferences=frozenset(profile.preferences),
        age_years=age,
        e1rm_kg=MappingProxyType(dict(e1rm_kg)),
        start=start,
        weeks=weeks,
    )


def check_inputs(inputs: PlannerInputs) -> None:
    problems: list[str] = []

    def unknown(values: Iterable[str], allowed: Iterable[str], what: str) -> None:
        bad = sorted(set(values) - set(allowed))
        if bad:
            problems.append(f"unknown {what} {bad}")

    unknown(inputs.goals, vocab.GOALS, "goals")
    unknown([inputs.level], vocab.LEVELS, "level")
    unknown(inputs.equipment, (*vocab.EQUIPMENT, "bodyweight", "none"), "equipment")
    unknown(inputs.injury_regions, vocab.BODY_REGIONS, "body regions")
    unknown(inputs.conditions, vocab.CONDITIONS, "conditions")
    if not 1 <= inputs.days_per_week <= 7:
        problems.append(f"days_per_week must lie between 1 and 7, got {inputs.days_per_week}")
    if not 10 <= inputs.session_minutes <= 300:
        problems.append(
            f"session_minutes must lie between 10 and 300, got {inputs.session_minutes}"
        )
    if not 1 <= inputs.weeks <= _MAX_WEEKS:
        problems.append(f"weeks must lie between 1 and {_MAX_WEEKS}, got {inputs.weeks}")
    if inputs.age_years is not None and not 0 < inputs.age_years < 130:
        problems.append(f"age_years must lie between 0 and 130, got {inputs.age_years}")
    if inputs.schedule is not None and any(not 0 <= d <= 6 for d in inputs.schedule):
        problems.append("schedule holds weekdays 0 (Monday) to 6 (Sunday)")
    bad_e1rm = sorted(k for k, v in inputs.e1rm_kg.items() if not (v > 0 and math.isfinite(v)))
    if bad_e1rm:
        problems.append(f"e1RM must be a positive number of kg: {bad_e1rm}")
    if problems:
        raise InvalidInput("cannot plan: " + "; ".join(problems), details={"errors": problems})
