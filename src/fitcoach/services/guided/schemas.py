"""The models the guided workout answers with."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from fitcoach.coach import feedback as fb
from fitcoach.coach import loading
from fitcoach.coach.explanations import Reason
from fitcoach.services import (
    training_log,
)


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class GuidedSet(_Out):
    """A set stored by the guided workout, and the session it belongs to."""

    athlete_id: int
    day: date
    session_key: str
    workout_id: int
    title: str
    set_id: int
    position: int = Field(description="0-based position in the session.")
    set_number: int = Field(description="1-based: the n-th set of this exercise today.")
    exercise: str
    reps: int
    weight_kg: float | None
    rir: float | None
    created: bool = Field(description="False when the set was already stored.")
    session_created: bool = Field(description="True when this set started the session.")


class Substitute(_Out):
    """An exercise that can stand in for one that hurts."""

    slug: str
    name: str
    why: str


class SetNumbers(_Out):
    """A set's numbers as done."""

    reps: int
    weight_kg: float | None
    rir: float | None
    completed: bool = True


class LastTime(_Out):
    """The athlete's working sets of an exercise in their latest earlier workout with it."""

    exercise: str
    workout_id: int
    day: date = Field(description="That workout's day (the athlete's local day).")
    title: str
    sets: list[SetNumbers]


class PlateMaths(_Out):
    """The plates per side of a barbell for a load (``coach.loading.plates_per_side``)."""

    target_kg: float
    bar_kg: float
    per_side: list[float] = Field(description="Heaviest first.")
    total_kg: float = Field(description="What those plates and the bar make.")
    exact: bool
    above_kg: float | None = Field(description="The nearest load above, when not exact.")
    note: str
    text: str
    unit: str = Field(default="kg", description="The plates' unit (``per_side`` is in it).")

    @classmethod
    def of(cls, load: loading.PlateLoad) -> PlateMaths:
        return cls(
            unit=load.unit,
            target_kg=load.target_kg,
            bar_kg=load.bar_kg,
            per_side=list(load.per_side),
            total_kg=load.total_kg,
            exact=load.exact,
            above_kg=load.above_kg,
            note=load.note,
            text=load.text,
        )


class GuidedStep(_Out):
    """One item of the day's session as the guided workout shows it."""

    kind: Literal["strength", "cardio"]
    exercise: str
    name: str
    sets: int | None = None
    rep_min: int | None = None
    rep_max: int | None = None
    load_kg: float | None = Field(default=None, description="The planned load, when in kg.")
    load_kind: str | None = None
    rir: float | None = Field(default=None, description="The target reps in reserve.")
    rest_s: int | None = None
    minutes: int | None = Field(default=None, description="Cardio: planned minutes.")
    loaded: bool = Field(default=False, description="A set needs its weight.")
    bar_kg: float | None = Field(default=None, description="A barbell lift: the bar's weight.")
    plates: PlateMaths | None = Field(default=None, description="Plates for the planned load.")
    last_time: LastTime | None = None
    reasons: list[str] = Field(default_factory=list)


class NewRecord(_Out):
    """A personal record this session beat."""

    exercise: str
    name: str
    kind: Literal["e1rm", "heaviest"]
    value_kg: float
    previous_kg: float
    text: str


class ExerciseDone(_Out):
    """An exercise's working sets in the finished session."""

    exercise: str
    name: str
    sets: list[SetNumbers]


class GuidedSummary(_Out):
    """A finished guided session: what was done and what it counts for."""

    workout_id: int
    title: str
    day: date
    finished: bool
    duration_s: float | None
    session_rpe: float | None
    load_au: float | None = Field(description="Session-RPE load: minutes × session RPE.")
    sets: int = Field(description="Working sets done (warm-ups and failed sets left out).")
    reps: int
    volume_kg: float = Field(description="Sum of reps × kg over the working sets.")
    exercises: list[ExerciseDone]
    records: list[NewRecord] = Field(description="Personal records beaten today.")
    firsts: list[str] = Field(
        default_factory=list,
        description="Lifts logged with a load for the first time (names): today's marks are "
        "the first records, nothing was beaten.",
    )
    stopped: list[str] = Field(default_factory=list, description="Stopped for pain (names).")


class SwapResult(_Out):
    """A pain swap: the edit stored for this session and the step it makes."""

    athlete_id: int
    day: date
    session_key: str
    exercise: str
    to: str
    name: str = Field(description="The substitute's name.")
    applied: bool = Field(description="True when the swap is in the plan in force now.")
    status: str = Field(description="The plan version's status: active, proposed, rejected.")
    version: int | None
    reasons: list[Reason] = Field(default_factory=list)
    advice: list[str] = Field(default_factory=list, description="The reasons, in words.")
    step: GuidedStep | None = Field(default=None, description="The substitute's step, applied.")


class FeedbackResult(_Out):
    """A stored feedback tap and what it does."""

    athlete_id: int
    feedback_id: int
    created: bool
    day: date
    session_key: str
    exercise: str
    kind: fb.FeedbackKind
    note: str
    region: str | None = None
    stopped: bool = Field(description="True for pain: no more sets of it today.")
    substitutes: list[Substitute] = Field(default_factory=list)
    pain_days: list[date] = Field(default_factory=list)
    see_professional: bool = False
    effect: str = Field(description="How the coach engine uses it, in words.")
    reasons: list[Reason] = Field(default_factory=list)
    advice: list[str] = Field(default_factory=list, description="The reasons, in words.")


class GuidedState(_Out):
    """What has been done of a day's session: sets, feedback, exercises stopped for pain."""

    athlete_id: int
    day: date
    session_key: str
    workout_id: int | None
    sets: list[training_log.StoredSet]
    feedback: dict[str, list[str]] = Field(description="Exercise slug → kinds said today.")
    stopped: dict[str, list[Substitute]] = Field(
        description="Exercises stopped for pain today → substitutes."
    )
    advice: list[Reason] = Field(default_factory=list)
    finished: bool = False
    last_time: dict[str, LastTime] = Field(
        default_factory=dict,
        description="The planned lifts' sets in the athlete's latest earlier workout with each.",
    )
    summary: GuidedSummary | None = Field(default=None, description="Once finished.")
