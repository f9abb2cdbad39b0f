"""Safety limits and red flags: ``safety.yaml`` loaded and validated.

The numbers live in the YAML file next to this module, each rule with its source (ACSM
pre-participation screening 2015, ACSM 2009 progression models, AHA 2007 on resistance exercise
in cardiovascular disease, Nielsen et al. 2014 on weekly running progression ...); this module
only checks them (types, ranges, vocabularies) and hands out one frozen ``SafetyLimits``.
A broken file fails loudly with an ``InvalidInput`` that names the field.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from fitcoach.coach import rules as rule_files
from fitcoach.coach import vocabulary as vocab


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Sourced(_Rule):
    source: str = Field(min_length=3, description="The publication the numbers come from.")


class FlagValue(_Rule):
    """A reading a flag carries; the flag holds only for ``above < value < below``."""

    unit: str = Field(min_length=1)
    below: float
    above: float

    @model_validator(mode="after")
    def _ordered(self) -> FlagValue:
        if self.above >= self.below:
            raise ValueError("above must be lower than below")
        return self


class RedFlag(_Sourced):
    """A sign that stops training advice until a professional has cleared the athlete."""

    label: str = Field(min_length=1)
    urgency: Literal["crisis", "emergency", "doctor"]
    message: str = Field(min_length=10)
    value: FlagValue | None = None


class Escalation(_Rule):
    """The frame around the per-flag messages."""

    opening: str = Field(min_length=10)
    closing: str = Field(min_length=10)
    crisis_opening: str = Field(min_length=10)
    crisis_closing: str = Field(min_length=10)
    crisis_offer: str = Field(min_length=10)
    unknown: str = Field(min_length=10)


class RestDays(_Sourced):
    default: int = Field(ge=1, le=6)
    beginner: int = Field(ge=1, le=6)
    older_adult: int = Field(ge=1, le=6)
    older_adult_age_years: float = Field(gt=0, lt=120)


class SessionsPerDay(_Sourced):
    """How many sessions, and how many hard ones, one day of a plan may hold."""

    max_hard: int = Field(ge=1, le=3)
    max_sessions: int = Field(ge=1, le=4)
    hard_zone: int = Field(ge=1, le=5)
    hard_rpe: float = Field(ge=1, le=10)


class LoadIncrease(_Sourced):
    kg_min_step: float = Field(gt=0, le=10)
    relative: float = Field(gt=0, le=0.2)
    kg_increment: float = Field(gt=0, le=5)
    pct_e1rm_min_step: float = Field(gt=0, le=0.2)
    pct_e1rm_increment: float = Field(gt=0, le=0.05)


class WeeklySets(_Sourced):
    max_increase: float = Field(gt=0, le=1)
    min_step_sets: float = Field(ge=0, le=4)
    secondary_weight: float = Field(ge=0, le=1)


class CardioWeekly(_Sourced):
    max_increase: float = Field(gt=0, le=1)
    duration_increment_s: int = Field(ge=1, le=600)
    distance_increment_m: int = Field(ge=1, le=1000)


class WeeklyEffort(_Sourced):
    """How much harder a week may get: cardio session-RPE load and mean lift RPE."""

    max_increase: float = Field(gt=0, le=1)
    lift_rpe_step: float = Field(gt=0, le=5)
    rpe_increment: float = Field(gt=0, le=1)
    rir_increment: float = Field(gt=0, le=1)
    zone_rpe: dict[int, float]

    @field_validator("zone_rpe")
    @classmethod
    def _zones(cls, value: dict[int, float]) -> dict[int, float]:
        if sorted(value) != [1, 2, 3, 4, 5]:
            raise ValueError("zone_rpe names zones 1 to 5")
        rpe = [value[z] for z in range(1, 6)]
        if any(not 0 < r <= 10 for r in rpe) or rpe != sorted(rpe):
            raise ValueError("zone_rpe values lie in (0, 10] and rise with the zone")
        return value


class MinRir(_Sourced):
    beginner: float = Field(ge=0, le=5)
    conditions: dict[str, float]

    @field_validator("conditions")
    @classmethod
    def _known(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(vocab.CONDITIONS))
        if unknown:
            raise ValueError(f"unknown conditions {unknown}")
        if any(not 0 <= rir <= 5 for rir in value.values()):
            raise ValueError("a minimum RIR lies between 0 and 5")
        return value


class MaxTest(_Sourced):
    min_age_years: float = Field(ge=0, lt=120)
    levels: frozenset[str]
    no_conditions: bool
    repaired_rir: float = Field(ge=0, le=5)
    cardio_caps: dict[Literal["hr_zone", "rpe"], float]

    @field_validator("levels")
    @classmethod
    def _levels(cls, value: frozenset[str]) -> frozenset[str]:
        unknown = sorted(value - set(vocab.LEVELS))
        if unknown:
            raise ValueError(f"unknown levels {unknown}")
        return value

    @model_validator(mode="after")
    def _caps(self) -> MaxTest:
        if not 1 <= self.cardio_caps.get("hr_zone", 1) <= 5:
            raise ValueError("cardio_caps.hr_zone lies between 1 and 5")
        if not 0 < self.cardio_caps.get("rpe", 1) <= 10:
            raise ValueError("cardio_caps.rpe lies between 0 and 10")
        return self


class Substitution(_Sourced):
    cardio_rpe_for_pace: float = Field(gt=0, le=10)
    load_families: tuple[frozenset[str], ...] = ()

    @field_validator("load_families")
    @classmethod
    def _families(cls, value: tuple[frozenset[str], ...]) -> tuple[frozenset[str], ...]:
        seen: set[str] = set()
        for family in value:
            if len(family) < 2:
                raise ValueError("a load family names at least two exercises")
            if seen & family:
                raise ValueError(f"{sorted(seen & family)} in more than one load family")
            seen |= family
        return value

    def same_family(self, a: str, b: str) -> bool:
        """Whether a load on exercise ``a`` carries over to exercise ``b``."""
        return a == b or any(a in f and b in f for f in self.load_families)


class SafetyLimits(_Rule):
    """Every safety rule, validated."""

    version: int = Field(ge=1)
    red_flags: dict[str, RedFlag] = Field(min_length=1)
    flag_sources: tuple[str, ...] = Field(min_length=1)
    escalation: Escalation
    rest_days: RestDays
    sessions_per_day: SessionsPerDay
    load_increase: LoadIncrease
    weekly_sets: WeeklySets
    cardio_weekly: CardioWeekly
    weekly_effort: WeeklyEffort
    min_rir: MinRir
    max_test: MaxTest
    substitution: Substitution

    @field_validator("red_flags")
    @classmethod
    def _kinds(cls, value: dict[str, RedFlag]) -> dict[str, RedFlag]:
        bad = [k for k in value if not k.replace("_", "").isalnum() or k != k.lower()]
        if bad:
            raise ValueError(f"red flag kinds are lowercase words joined by _, got {bad}")
        return value

    def max_sessions_per_week(self, level: str, age_years: float | None) -> tuple[int, int]:
        """(rest days required, most training sessions a week) for an athlete."""
        days = self.rest_days.default
        if level == "beginner":
            days = max(days, self.rest_days.beginner)
        if age_years is not None and age_years >= self.rest_days.older_adult_age_years:
            days = max(days, self.rest_days.older_adult)
        return days, 7 - days


def parse_limits(data: Any, *, where: str = "safety.yaml") -> SafetyLimits:
    """Validate rule data (a parsed YAML document); errors name the file and the field."""
    return rule_files.parse(SafetyLimits, data, where)


def load_limits(path: Path | None = None) -> SafetyLimits:
    """Rules from ``path``, or the shipped ``safety.yaml`` when None."""
    return safety_limits() if path is None else rule_files.read(SafetyLimits, path)


@lru_cache(maxsize=1)
def safety_limits() -> SafetyLimits:
    """The shipped limits (validated once per process)."""
    return rule_files.shipped(SafetyLimits, "safety.yaml")
