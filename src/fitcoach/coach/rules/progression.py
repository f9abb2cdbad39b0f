"""Progression, deload and readiness rules: ``progression.yaml`` loaded and validated.

The numbers live in the YAML file next to this module, each rule with its source; this module
only checks them (types, ranges, consistency) and hands out one frozen ``ProgressionRules``.
A broken file fails loudly with an ``InvalidInput`` that names the field.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from fitcoach.coach import rules as rule_files
from fitcoach.coach import vocabulary as vocab


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Sourced(_Rule):
    source: str = Field(min_length=3, description="The publication the numbers come from.")


class RegionSteps(_Rule):
    upper: float = Field(gt=0, le=20)
    lower: float = Field(gt=0, le=20)


class PctRange(_Rule):
    min: float = Field(gt=0, le=20)
    max: float = Field(gt=0, le=20)

    @model_validator(mode="after")
    def _ordered(self) -> PctRange:
        if self.min > self.max:
            raise ValueError("min is above max")
        return self


class DoubleProgression(_Sourced):
    rep_step: int = Field(ge=1, le=5)
    load_step_kg: RegionSteps
    load_step_pct: PctRange
    increment_kg: float = Field(gt=0, le=5)
    lower_patterns: frozenset[str]
    bodyweight_range_step: int = Field(ge=1, le=10)
    bodyweight_rep_max: int = Field(ge=5, le=50)

    @model_validator(mode="after")
    def _patterns(self) -> DoubleProgression:
        unknown = sorted(set(self.lower_patterns) - set(vocab.MOVEMENT_PATTERNS))
        if unknown:
            raise ValueError(f"unknown movement patterns {unknown}")
        return self


class RirAutoregulation(_Sourced):
    easier_by: float = Field(gt=0, le=5)
    bigger_step_factor: float = Field(ge=1, le=4)
    bigger_step_max_pct: float = Field(gt=0, le=20)
    hold_by: float = Field(gt=0, le=5)
    reduce_by: float = Field(gt=0, le=5)

    @model_validator(mode="after")
    def _ordered(self) -> RirAutoregulation:
        if self.reduce_by < self.hold_by:
            raise ValueError("reduce_by must be at least hold_by")
        return self


class ReducePct(_Rule):
    small: float = Field(gt=0, le=30)
    large: float = Field(gt=0, le=30)


class MissedReps(_Sourced):
    consecutive_sessions: int = Field(ge=1, le=6)
    reduce_pct: ReducePct
    small_miss_reps: int = Field(ge=0, le=10)
    lookback_days: int = Field(ge=7, le=120)


class Deload(_Sourced):
    readiness_low_days: int = Field(ge=1, le=14)
    readiness_window_days: int = Field(ge=1, le=14)
    readiness_low_score: float = Field(ge=0, le=100)
    acwr_max: float = Field(gt=1, le=3)
    volume_pct: float = Field(gt=0, lt=100)
    load_pct: float = Field(gt=0, le=100)
    rir_add: float = Field(ge=0, le=3)

    @model_validator(mode="after")
    def _window(self) -> Deload:
        if self.readiness_low_days > self.readiness_window_days:
            raise ValueError("readiness_low_days cannot exceed readiness_window_days")
        return self


class FeedbackRules(_Sourced):
    """How per-exercise feedback from the guided workout counts (see progression.yaml)."""

    pain_days_for_professional: int = Field(ge=2, le=10)
    pain_window_days: int = Field(ge=7, le=365)
    substitutes: int = Field(ge=1, le=10)


class Cardio(_Sourced):
    max_weekly_increase_pct: float = Field(gt=0, le=10)
    completed_pct: float = Field(gt=0, le=100)


class Yellow(_Rule):
    sets_minus: int = Field(ge=0, le=5)
    rir_add: float = Field(ge=0, le=3)
    interval_repeats_pct: float = Field(gt=0, le=100)


class Red(_Rule):
    minutes_min: int = Field(ge=5, le=60)
    minutes_max: int = Field(ge=5, le=60)
    zone_max: int = Field(ge=1, le=2)
    modalities: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> Red:
        if self.minutes_min > self.minutes_max:
            raise ValueError("minutes_min is above minutes_max")
        return self


class Today(_Sourced):
    yellow: Yellow
    red: Red


class ProgressionRules(_Rule):
    """Every adaptation rule, validated."""

    version: int = Field(ge=1)
    double_progression: DoubleProgression
    rir_autoregulation: RirAutoregulation
    missed_reps: MissedReps
    feedback: FeedbackRules
    deload: Deload
    cardio: Cardio
    today: Today


def parse_rules(data: Any, *, where: str = "progression.yaml") -> ProgressionRules:
    """Validate rule data (a parsed YAML document); errors name the file and the field."""
    return rule_files.parse(ProgressionRules, data, where)


def load_rules(path: Path | None = None) -> ProgressionRules:
    """Rules from ``path``, or the shipped ``progression.yaml`` when None."""
    return rules() if path is None else rule_files.read(ProgressionRules, path)


@lru_cache(maxsize=1)
def rules() -> ProgressionRules:
    """The shipped rules (validated once per process)."""
    return rule_files.shipped(ProgressionRules, "progression.yaml")
