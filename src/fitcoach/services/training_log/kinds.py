"""The training log's shared vocabulary: the kinds of record and the table each is stored in,
a stored set and a logged entry as they are returned, the daily metrics' fields, a workout's
set count, and the rule that nothing is logged in the future.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, Field

from fitcoach.coach.schemas import DailyMetricsIn
from fitcoach.core.errors import InvalidInput
from fitcoach.services.context import ServiceContext
from fitcoach.services.form_results import FormCheck
from fitcoach.storage.models import (
    CardioSession,
    DailyMetric,
    Feedback,
    Meal,
    SleepSession,
    WorkoutSession,
)

DEFAULT_FUTURE_TOLERANCE = timedelta(hours=36)

RecordKind = Literal["workouts", "cardio", "daily", "sleep", "meals", "feedback"]
MODELS: dict[str, type[Any]] = {
    "workouts": WorkoutSession,
    "cardio": CardioSession,
    "daily": DailyMetric,
    "sleep": SleepSession,
    "meals": Meal,
    "feedback": Feedback,
}


class StoredSet(BaseModel):
    """A set of a stored workout as ``history`` reads it: every column of the row, in the
    table's order, and its exercise's slug and name (the record pages and the guided session
    answer it)."""

    id: int
    session_id: int
    athlete_id: int
    exercise_id: int
    position: int
    reps: int
    weight_kg: float | None
    rir: float | None
    completed: bool
    is_warmup: bool
    notes: str
    form_check: FormCheck | None = Field(
        default=None, description="What the form check of a filmed set found (if one was made)."
    )
    form_breakdown: bool | None = Field(
        default=None, description="Form broke down in this set: no load increase from it."
    )
    exercise: str = Field(description="The exercise's slug.")
    exercise_name: str = Field(description="The exercise's name, as people read it.")


@dataclass(frozen=True)
class Logged:
    """The outcome of a log call: the record id; ``created`` False when it was already stored;
    ``changed`` whether anything was written (a day's metrics can change without being
    created: given fields overwrite)."""

    kind: str
    id: int
    created: bool
    changed: bool = False
    fields: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.created and not self.changed:
            object.__setattr__(self, "changed", True)


def _not_future(ctx: ServiceContext, when: datetime | date, field: str, what: str) -> None:
    """Refuse a time ahead of now (beyond the tolerance) or before 1970, naming the field."""
    now = ctx.clock.now()
    if isinstance(when, datetime):
        future = when > now + DEFAULT_FUTURE_TOLERANCE
        hint = "give the time it happened"
    else:
        future = when > (now + DEFAULT_FUTURE_TOLERANCE).date()
        hint = "give the day it happened"
    if future:
        problem = f"{field}: {what} {when.isoformat()} is in the future; {hint}"
    elif when.year < 1970:
        problem = f"{field}: {what} {when.isoformat()} is before 1970"
    else:
        return
    raise InvalidInput(problem, field=field, details={"errors": [problem]})


DAILY_FIELDS = tuple(
    f for f in DailyMetricsIn.model_fields if f not in ("day", "source", "source_id")
)


EntryKind = Literal["workouts", "cardio", "daily", "sleep", "meals"]


def set_count(workout: Mapping[str, Any]) -> int:
    """The number of sets of a workout read by ``history``, with or without its sets."""
    count = workout.get("set_count")
    return int(count) if count is not None else len(workout["sets"])
