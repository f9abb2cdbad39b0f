"""Training plans as validated data.

A plan is a mesocycle of weeks; each week holds sessions *in sequence*, not bound to weekdays:
the next session is the first one neither done nor skipped, so a missed session moves forward
instead of vanishing. ``schedule`` is the preferred weekly pattern used to project dates.
Every item carries reasons that render as readable explanations.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from fitcoach.coach.explanations import Reason

SessionStatus = Literal["planned", "done", "skipped"]


# Built on first use (``defer_build``): validating a ``Plan`` builds the document's schema in
# one go, and the commands that read no plan build none of it (the CLI's start-up).
class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Load(_Doc):
    """How heavy: kilograms, a fraction of e1RM, bodyweight, or found by feel at the target RIR."""

    kind: Literal["kg", "pct_e1rm", "bodyweight", "by_rir"]
    value: float | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _value_needed(self) -> Load:
        if self.kind in ("kg", "pct_e1rm") and self.value is None:
            raise ValueError(f"a {self.kind} load needs a value")
        if self.kind == "pct_e1rm" and self.value is not None and self.value > 1.0:
            raise ValueError("pct_e1rm is a fraction of e1RM (0.75 = 75 %)")
        return self


class StrengthItem(_Doc):
    """Sets of an exercise in a rep range at a target reps-in-reserve."""

    kind: Literal["strength"] = "strength"
    exercise: str
    sets: int = Field(ge=1, le=10)
    rep_min: int = Field(ge=1, le=50)
    rep_max: int = Field(ge=1, le=50)
    target_rir: float = Field(ge=0, le=5)
    load: Load
    rest_s: int = Field(ge=15, le=600)
    max_test: bool = False
    reasons: list[Reason] = Field(default_factory=list)

    @model_validator(mode="after")
    def _range(self) -> StrengthItem:
        if self.rep_min > self.rep_max:
            raise ValueError("rep_min is above rep_max")
        return self


class Intensity(_Doc):
    """Cardio intensity: a heart-rate zone (1-5), an RPE (0-10) or a pace (s per km)."""

    kind: Literal["hr_zone", "rpe", "pace"]
    value: float = Field(gt=0)

    @model_validator(mode="after")
    def _bounds(self) -> Intensity:
        limits = {"hr_zone": (1, 5), "rpe": (0, 10), "pace": (120, 1200)}
        low, high = limits[self.kind]
        if not low <= self.value <= high:
            raise ValueError(f"{self.kind} must lie between {low} and {high}")
        return self


class Interval(_Doc):
    """Repeats of work and recovery."""

    repeats: int = Field(ge=1, le=50)
    work_s: int = Field(ge=5, le=3600)
    rest_s: int = Field(ge=0, le=1800)
    work_intensity: Intensity
    rest_intensity: Intensity | None = None


class CardioItem(_Doc):
    """A cardio block: a modality for a duration or distance at an intensity."""

    kind: Literal["cardio"] = "cardio"
    exercise: str
    duration_s: int | None = Field(default=None, ge=60, le=6 * 3600)
    distance_m: float | None = Field(default=None, ge=100, le=200_000)
    intensity: Intensity
    intervals: Interval | None = None
    max_test: bool = False
    reasons: list[Reason] = Field(default_factory=list)

    @model_validator(mode="after")
    def _amount(self) -> CardioItem:
        if self.duration_s is None and self.distance_m is None:
            raise ValueError("a cardio item needs a duration or a distance")
        return self


Item = Annotated[StrengthItem | CardioItem, Field(discriminator="kind")]


class WarmUp(_Doc):
    """A general warm-up and the drills that prepare the first lifts."""

    duration_s: int = Field(ge=0, le=1800)
    steps: list[str] = Field(default_factory=list)
    reasons: list[Reason] = Field(default_factory=list)


class PlannedSession(_Doc):
    """One session of the sequence."""

    key: str = Field(pattern=r"^w\d+s\d+$", description="w<week>s<index>, stable across versions")
    name: str
    focus: str
    warmup: WarmUp
    items: list[Item] = Field(min_length=1)
    status: SessionStatus = "planned"
    done_on: date | None = None
    # A day the athlete moved the session to ("move it to Saturday"): projection keeps it there
    # instead of on the next schedule day. Left out of the document when unset.
    on: Annotated[date | None, Field(exclude_if=lambda v: v is None)] = None
    estimated_minutes: int = Field(ge=5, le=300)
    reasons: list[Reason] = Field(default_factory=list)


class Week(_Doc):
    """A week of the mesocycle; a deload week lowers volume and effort."""

    index: int = Field(ge=1)
    deload: bool = False
    sessions: list[PlannedSession]
    reasons: list[Reason] = Field(default_factory=list)


class Plan(_Doc):
    """A mesocycle for one athlete."""

    athlete_id: int
    goal: str
    level: str
    split: str
    days_per_week: int = Field(ge=1, le=7)
    session_minutes: int = Field(ge=10, le=300)
    equipment: list[str]
    schedule: list[int] = Field(description="Preferred weekdays, 0 = Monday.")
    start: date
    seed: int
    weeks: list[Week] = Field(min_length=1)
    created_at: datetime
    reasons: list[Reason] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Plan:
        if sorted(set(self.schedule)) != sorted(self.schedule) or any(
            not 0 <= d <= 6 for d in self.schedule
        ):
            raise ValueError("schedule holds distinct weekdays 0-6")
        keys = [s.key for w in self.weeks for s in w.sessions]
        if len(set(keys)) != len(keys):
            raise ValueError("session keys must be unique")
        return self

    def sessions(self) -> list[PlannedSession]:
        """All sessions in order."""
        return [s for w in self.weeks for s in w.sessions]

    def next_session(self) -> PlannedSession | None:
        """The first session neither done nor skipped."""
        return next((s for s in self.sessions() if s.status == "planned"), None)

    def session(self, key: str) -> PlannedSession:
        """A session by key (KeyError if absent)."""
        for s in self.sessions():
            if s.key == key:
                return s
        raise KeyError(key)

    def week_of(self, key: str) -> Week:
        """The week that holds a session."""
        for w in self.weeks:
            if any(s.key == key for s in w.sessions):
                return w
        raise KeyError(key)
