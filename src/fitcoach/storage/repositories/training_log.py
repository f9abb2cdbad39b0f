"""Training and health records: insert idempotently by source id, read by date range."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Row, Select, func, inspect, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import (
    CardioSession,
    DailyMetric,
    Exercise,
    Feedback,
    Meal,
    SetLog,
    SleepSession,
    WorkoutSession,
)

SourcedModel = WorkoutSession | CardioSession | SleepSession | Meal | Feedback
S = TypeVar("S", WorkoutSession, CardioSession, SleepSession, Meal, Feedback)
R = TypeVar("R", WorkoutSession, CardioSession, SleepSession, Meal, Feedback, DailyMetric)

# The timestamp each record kind is ordered and filtered by.
TIME_COLUMN: dict[type[Any], InstrumentedAttribute[Any]] = {
    WorkoutSession: WorkoutSession.started_at,
    CardioSession: CardioSession.started_at,
    SleepSession: SleepSession.ended_at,  # a night belongs to the day it ends
    Meal: Meal.eaten_at,
    Feedback: Feedback.recorded_at,
    DailyMetric: DailyMetric.day,
}


def columns_of(record: Any) -> dict[str, Any]:
    """A stored row as plain data (its mapped columns only, no relationships)."""
    return {key: getattr(record, key) for key in _column_keys(type(record))}


_COLUMN_KEYS: dict[type[Any], tuple[str, ...]] = {}


_SELECTS: dict[type[Any], Select[Any]] = {}


def _columns_select(model: type[Any]) -> Select[Any]:
    """SELECT of every mapped column, labelled by attribute name, built once per model (a
    statement is generative: adding to it copies it)."""
    stmt = _SELECTS.get(model)
    if stmt is None:
        stmt = _SELECTS[model] = select(
            *(getattr(model, key).label(key) for key in _column_keys(model))
        )
    return stmt


def _column_keys(model: type[Any]) -> tuple[str, ...]:
    """The mapped columns' attribute names, in the table's order (looked up once per model:
    inspecting every row cost more than reading its values)."""
    keys = _COLUMN_KEYS.get(model)
    if keys is None:
        keys = _COLUMN_KEYS[model] = tuple(c.key for c in inspect(model).column_attrs)
    return keys


def by_source(
    session: Session, scope: AthleteScope, model: type[S], source: str, source_id: str
) -> S | None:
    """The record already stored under (source, source_id) for this athlete, if any."""
    return session.execute(
        select(model).where(
            model.athlete_id == scope.athlete_id,
            model.source == source,
            model.source_id == source_id,
        )
    ).scalar_one_or_none()


def add(session: Session, scope: AthleteScope, record: R) -> R:
    """Add a record for the scoped athlete and flush so it gets an id."""
    record.athlete_id = scope.athlete_id
    session.add(record)
    session.flush()
    return record


def add_sets(
    session: Session, scope: AthleteScope, workout: WorkoutSession, sets: list[SetLog]
) -> None:
    """Attach sets to a stored workout of the scoped athlete."""
    for position, set_log in enumerate(sets):
        set_log.athlete_id = scope.athlete_id
        set_log.session_id = workout.id
        set_log.position = position
    session.add_all(sets)
    session.flush()


def append_set(
    session: Session, scope: AthleteScope, workout: WorkoutSession, set_log: SetLog
) -> SetLog:
    """Add one set after the stored sets of a workout of the scoped athlete (next position)."""
    if workout.athlete_id != scope.athlete_id:
        raise ValueError("the workout belongs to another athlete")
    last = session.execute(
        select(func.max(SetLog.position)).where(
            SetLog.athlete_id == scope.athlete_id, SetLog.session_id == workout.id
        )
    ).scalar_one_or_none()
    set_log.athlete_id = scope.athlete_id
    set_log.session_id = workout.id
    set_log.position = 0 if last is None else last + 1
    session.add(set_log)
    session.flush()
    return set_log


def daily_for(session: Session, scope: AthleteScope, day: date) -> DailyMetric | None:
    """The scoped athlete's daily metrics row for ``day``."""
    return session.execute(
        select(DailyMetric).where(
            DailyMetric.athlete_id == scope.athlete_id, DailyMetric.day == day
        )
    ).scalar_one_or_none()


def between(
    session: Session,
    scope: AthleteScope,
    model: type[Any],
    start: date | datetime | None = None,
    end: date | datetime | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> Sequence[Any]:
    """Records of one kind for the scoped athlete with start <= time < end, oldest first."""
    column = TIME_COLUMN[model]
    stmt = select(model).where(model.athlete_id == scope.athlete_id)
    if start is not None:
        stmt = stmt.where(column >= start)
    if end is not None:
        stmt = stmt.where(column < end)
    stmt = stmt.order_by(column, model.id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return session.execute(stmt).scalars().all()


def rows_between(
    session: Session,
    scope: AthleteScope,
    model: type[Any],
    start: date | datetime | None = None,
    end: date | datetime | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """``between``'s records as plain data (``columns_of`` of each), read as columns: no
    mapped object is built, which cost more than the query itself."""
    keys = _column_keys(model)
    column = TIME_COLUMN[model]
    stmt = _columns_select(model).where(model.athlete_id == scope.athlete_id)
    if start is not None:
        stmt = stmt.where(column >= start)
    if end is not None:
        stmt = stmt.where(column < end)
    stmt = stmt.order_by(column, model.id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [dict(zip(keys, row, strict=True)) for row in session.execute(stmt)]


def set_rows_of(
    session: Session, scope: AthleteScope, workout_ids: Sequence[int]
) -> list[dict[str, Any]]:
    """The sets of the given workouts (scoped) in order, as plain data: every column and the
    exercise's slug (``exercise``)."""
    if not workout_ids:
        return []
    keys = _column_keys(SetLog)
    stmt = (
        _columns_select(SetLog)
        .add_columns(Exercise.slug)
        .join(Exercise, Exercise.id == SetLog.exercise_id)
        .where(SetLog.athlete_id == scope.athlete_id, SetLog.session_id.in_(workout_ids))
        .order_by(SetLog.session_id, SetLog.position)
    )
    out = []
    for row in session.execute(stmt):
        item = dict(zip(keys, row, strict=False))
        item["exercise"] = row[-1]
        out.append(item)
    return out


def sets_of(session: Session, scope: AthleteScope, workout_ids: Sequence[int]) -> Sequence[SetLog]:
    """The sets of the given workouts (scoped), in order."""
    if not workout_ids:
        return []
    return (
        session.execute(
            select(SetLog)
            .where(SetLog.athlete_id == scope.athlete_id, SetLog.session_id.in_(workout_ids))
            .order_by(SetLog.session_id, SetLog.position)
        )
        .scalars()
        .all()
    )


def set_history(
    session: Session,
    scope: AthleteScope,
    exercise_id: int | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> Sequence[Row[datetime, int, str, int, float | None, float | None, bool, bool]]:
    """(started_at, exercise_id, slug, reps, weight_kg, rir, completed, is_warmup) per set."""
    stmt = (
        select(
            WorkoutSession.started_at,
            SetLog.exercise_id,
            Exercise.slug,
            SetLog.reps,
            SetLog.weight_kg,
            SetLog.rir,
            SetLog.completed,
            SetLog.is_warmup,
        )
        .join(WorkoutSession, WorkoutSession.id == SetLog.session_id)
        .join(Exercise, Exercise.id == SetLog.exercise_id)
        .where(SetLog.athlete_id == scope.athlete_id)
        .order_by(WorkoutSession.started_at, SetLog.position)
    )
    if exercise_id is not None:
        stmt = stmt.where(SetLog.exercise_id == exercise_id)
    if start is not None:
        stmt = stmt.where(WorkoutSession.started_at >= start)
    if end is not None:
        stmt = stmt.where(WorkoutSession.started_at < end)
    return session.execute(stmt).all()
