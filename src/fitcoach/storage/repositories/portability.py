"""Scoped reads and bulk writes for exporting and importing an athlete's whole history.

Reads select plain columns (no ORM objects) so that exports of many thousand sets stay fast;
writes go through ``bulk.insert_ignore`` so that records already stored are skipped by the
database's unique keys rather than by a query per record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

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
from fitcoach.storage.repositories import bulk
from fitcoach.storage.repositories.records import TIME_COLUMN

SourcedModel = type[WorkoutSession | CardioSession | SleepSession | Meal | Feedback]
RecordModel = type[WorkoutSession | CardioSession | SleepSession | Meal | Feedback | DailyMetric]

_SOURCE_KEY = ("athlete_id", "source", "source_id")
_SET_COLUMNS = ("reps", "weight_kg", "rir", "completed", "is_warmup", "notes")


def _data_columns(model: RecordModel) -> list[Any]:
    """The columns of a record table that carry data (not the row id or the athlete id)."""
    return [c for c in model.__table__.columns if c.key not in ("id", "athlete_id")]


def record_rows(session: Session, scope: AthleteScope, model: RecordModel) -> list[dict[str, Any]]:
    """Every record of one kind for the scoped athlete as plain dicts, in a stable order.

    The order (time, then source and source id) does not depend on row ids, so an export of
    an imported copy lists records in the same order as the original.
    """
    stmt = select(*_data_columns(model)).where(model.athlete_id == scope.athlete_id)
    time_column = TIME_COLUMN[model]
    if model is DailyMetric:
        stmt = stmt.order_by(time_column)
    else:
        stmt = stmt.order_by(time_column, model.source, model.source_id)
    return [dict(row) for row in session.execute(stmt).mappings()]


def workout_rows(session: Session, scope: AthleteScope) -> list[dict[str, Any]]:
    """The scoped athlete's workouts with their row id (to attach sets), in export order."""
    stmt = (
        select(WorkoutSession.id, *_data_columns(WorkoutSession))
        .where(WorkoutSession.athlete_id == scope.athlete_id)
        .order_by(WorkoutSession.started_at, WorkoutSession.source, WorkoutSession.source_id)
    )
    return [dict(row) for row in session.execute(stmt).mappings()]


def set_rows(session: Session, scope: AthleteScope) -> list[dict[str, Any]]:
    """Every set of the scoped athlete with its workout id and exercise slug, in order."""
    stmt = (
        select(
            SetLog.session_id,
            SetLog.position,
            Exercise.slug.label("exercise"),
            *(getattr(SetLog, c) for c in _SET_COLUMNS),
        )
        .join(Exercise, Exercise.id == SetLog.exercise_id)
        .where(SetLog.athlete_id == scope.athlete_id)
        .order_by(SetLog.session_id, SetLog.position)
    )
    return [dict(row) for row in session.execute(stmt).mappings()]


def source_ids(
    session: Session, scope: AthleteScope, model: SourcedModel
) -> dict[tuple[str, str], int]:
    """(source, source_id) → row id for every record of one kind of the scoped athlete."""
    stmt = select(model.source, model.source_id, model.id).where(
        model.athlete_id == scope.athlete_id
    )
    return {(source, sid): rid for source, sid, rid in session.execute(stmt)}


def stored_days(session: Session, scope: AthleteScope) -> set[date]:
    """The days that already have a daily-metrics row for the scoped athlete."""
    stmt = select(DailyMetric.day).where(DailyMetric.athlete_id == scope.athlete_id)
    return set(session.execute(stmt).scalars())


def insert_records(
    session: Session,
    scope: AthleteScope,
    model: RecordModel,
    rows: Iterable[Mapping[str, Any]],
) -> int:
    """Insert records of one kind for the scoped athlete, skipping those already stored.

    Sourced records are keyed by (source, source_id), daily metrics by day. Returns how many
    rows were inserted.
    """
    conflict = ("athlete_id", "day") if model is DailyMetric else _SOURCE_KEY
    return bulk.insert_ignore(
        session,
        model.__table__,  # type: ignore[arg-type]
        ({**row, "athlete_id": scope.athlete_id} for row in rows),
        conflict_columns=conflict,
    )


def insert_sets(
    session: Session,
    scope: AthleteScope,
    rows: Iterable[Mapping[str, Any]],
    workout_ids: Sequence[int],
) -> int:
    """Insert sets of the scoped athlete's workouts; (workout, position) already stored skips.

    ``workout_ids`` must be workouts of the scoped athlete: the check costs one query and keeps
    a caller from attaching sets to someone else's session.
    """
    wanted = set(workout_ids)
    if wanted:
        owned = set(
            session.execute(
                select(WorkoutSession.id).where(WorkoutSession.athlete_id == scope.athlete_id)
            ).scalars()
        )
        if not wanted <= owned:
            raise ValueError("sets refer to workouts outside the athlete scope")
    return bulk.insert_ignore(
        session,
        SetLog.__table__,  # type: ignore[arg-type]
        ({**row, "athlete_id": scope.athlete_id} for row in rows),
        conflict_columns=("session_id", "position"),
    )
