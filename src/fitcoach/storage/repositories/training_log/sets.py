"""Sets read back: set rows of workouts, their values and counts, one set, and a lift's history
and last sets.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Row, and_, bindparam, func, select
from sqlalchemy.orm import Session

from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import Exercise, SetLog, WorkoutSession
from fitcoach.storage.repositories.training_log.columns import (
    _column_keys,
    _columns_select,
    _read_rows,
)
from fitcoach.storage.rows import SetRow, SetValueRow

SET_ROW_KEYS = (*_column_keys(SetLog), "exercise", "exercise_name")


# Every column of a set, then its exercise's slug and name (``set_rows_of``).
_SET_ROWS_SELECT = (
    _columns_select(SetLog)
    .add_columns(Exercise.slug.label("exercise"), Exercise.name.label("exercise_name"))
    .join(Exercise, Exercise.id == SetLog.exercise_id)
    .where(
        SetLog.athlete_id == bindparam("athlete_id"),
        SetLog.session_id.in_(bindparam("workout_ids", expanding=True)),
    )
    .order_by(SetLog.session_id, SetLog.position)
)


def set_rows_of(session: Session, scope: AthleteScope, workout_ids: Sequence[int]) -> list[SetRow]:
    """The sets of the given workouts (scoped) in order, as plain data: every column, the
    exercise's slug (``exercise``) and its name (``exercise_name``, what people read)."""
    return cast(
        "list[SetRow]",
        [
            dict(zip(SET_ROW_KEYS, row, strict=True))
            for row in set_rows(session, scope, workout_ids)
        ],
    )


def set_rows(
    session: Session, scope: AthleteScope, workout_ids: Sequence[int]
) -> Sequence[Row[Any]]:
    """``set_rows_of``'s sets as the database's rows, their values in ``SET_ROW_KEYS``' order."""
    if not workout_ids:
        return []
    params = {"athlete_id": scope.athlete_id, "workout_ids": list(workout_ids)}
    return _read_rows(session, _SET_ROWS_SELECT, params)


# What the training load reads of a set, with its workout, its athlete and the exercise's slug.
_SET_VALUE_KEYS = (
    "session_id",
    "athlete_id",
    "exercise",
    "reps",
    "weight_kg",
    "rir",
    "completed",
    "is_warmup",
)


_SET_VALUES_SELECT = (
    select(
        SetLog.session_id,
        SetLog.athlete_id,
        Exercise.slug,
        SetLog.reps,
        SetLog.weight_kg,
        SetLog.rir,
        SetLog.completed,
        SetLog.is_warmup,
    )
    .join(Exercise, Exercise.id == SetLog.exercise_id)
    .order_by(SetLog.session_id, SetLog.position)
)


def set_values_of(
    session: Session, scope: AthleteScope, workout_ids: Sequence[int]
) -> list[SetValueRow]:
    """The sets of the given workouts (scoped) in order, with only what the training load
    reads of them (``_SET_VALUE_KEYS``): ``set_rows_of`` read every column (the encrypted notes
    and form checks too) and the exercise's name, most of a cold load report's reading."""
    if not workout_ids:
        return []
    stmt = _SET_VALUES_SELECT.where(
        SetLog.athlete_id == scope.athlete_id, SetLog.session_id.in_(workout_ids)
    )
    return cast(
        "list[SetValueRow]",
        [dict(zip(_SET_VALUE_KEYS, row, strict=True)) for row in session.execute(stmt)],
    )


def set_counts_of(
    session: Session, scope: AthleteScope, workout_ids: Sequence[int]
) -> dict[int, int]:
    """How many sets each of the given workouts (scoped) has; absent: none. For the training
    load, which needs the count (a session without a duration is estimated from it), not the
    sets, whose rows and encrypted notes cost far more to read."""
    if not workout_ids:
        return {}
    stmt = (
        select(SetLog.session_id, func.count())
        .where(SetLog.athlete_id == scope.athlete_id, SetLog.session_id.in_(workout_ids))
        .group_by(SetLog.session_id)
    )
    return {int(sid): int(n) for sid, n in session.execute(stmt)}


def set_for(session: Session, scope: AthleteScope, set_id: int) -> SetLog | None:
    """One set of the scoped athlete by id (None: not theirs, or no such set)."""
    return session.execute(
        select(SetLog).where(SetLog.id == set_id, SetLog.athlete_id == scope.athlete_id)
    ).scalar_one_or_none()


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
    *,
    exercise_ids: Collection[int] | None = None,
) -> Sequence[Row[datetime, int, str, int, float | None, float | None, bool, bool]]:
    """(started_at, exercise_id, slug, reps, weight_kg, rir, completed, is_warmup) per set, of
    one exercise (``exercise_id``), of several (``exercise_ids``) or of all."""
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
    if exercise_ids is not None:
        stmt = stmt.where(SetLog.exercise_id.in_(list(exercise_ids)))
    if start is not None:
        stmt = stmt.where(WorkoutSession.started_at >= start)
    if end is not None:
        stmt = stmt.where(WorkoutSession.started_at < end)
    return session.execute(stmt).all()


def last_sets(
    session: Session,
    scope: AthleteScope,
    exercise_ids: Collection[int],
    before: datetime,
    exclude_workout: int | None = None,
) -> Sequence[Row[int, int, datetime, str, int, float | None, float | None, bool]]:
    """The working sets (no warm-ups) of each exercise in the scoped athlete's latest workout
    with it that started before ``before`` (``exclude_workout`` left out), in order:
    (exercise_id, workout_id, started_at, title, reps, weight_kg, rir, completed)."""
    if not exercise_ids:
        return []
    ids = list(exercise_ids)
    mine = [
        SetLog.athlete_id == scope.athlete_id,
        WorkoutSession.athlete_id == scope.athlete_id,
        SetLog.exercise_id.in_(ids),
        SetLog.is_warmup.is_(False),
        WorkoutSession.started_at < before,
    ]
    if exclude_workout is not None:
        mine.append(WorkoutSession.id != exclude_workout)
    latest = (
        select(
            SetLog.exercise_id.label("exercise_id"), func.max(WorkoutSession.started_at).label("at")
        )
        .join(WorkoutSession, WorkoutSession.id == SetLog.session_id)
        .where(*mine)
        .group_by(SetLog.exercise_id)
        .subquery()
    )
    stmt = (
        select(
            SetLog.exercise_id,
            WorkoutSession.id,
            WorkoutSession.started_at,
            WorkoutSession.title,
            SetLog.reps,
            SetLog.weight_kg,
            SetLog.rir,
            SetLog.completed,
        )
        .join(WorkoutSession, WorkoutSession.id == SetLog.session_id)
        .join(
            latest,
            and_(
                latest.c.exercise_id == SetLog.exercise_id,
                latest.c.at == WorkoutSession.started_at,
            ),
        )
        .where(*mine)
        .order_by(SetLog.exercise_id, WorkoutSession.id, SetLog.position)
    )
    return session.execute(stmt).all()
