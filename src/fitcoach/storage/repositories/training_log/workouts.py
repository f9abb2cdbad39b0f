"""A workout and its sets written in one statement each, a set appended to a stored workout,
and the personal records kept current as sets are stored.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import SetLog, WorkoutSession
from fitcoach.storage.repositories import personal_records


def _stored(workout: WorkoutSession, set_log: SetLog) -> personal_records.StoredSet:
    return personal_records.StoredSet(
        workout.started_at,
        set_log.exercise_id,
        set_log.reps,
        set_log.weight_kg,
        set_log.rir,
        set_log.completed,
        set_log.is_warmup,
    )


_WORKOUTS: Table = WorkoutSession.__table__  # type: ignore[assignment]


_SETS: Table = SetLog.__table__  # type: ignore[assignment]


_WORKOUT_INSERT = insert(_WORKOUTS).returning(_WORKOUTS.c.id)


_SET_INSERT = insert(_SETS)


# What a new set stores (every column but its id), and the model's defaults for those not given.
_SET_VALUES = tuple(c.key for c in _SETS.columns if c.key != "id")


_SET_DEFAULTS: dict[str, Any] = {
    c.key: c.default.arg  # type: ignore[attr-defined]  # a ScalarElementColumnDefault's
    for c in _SETS.columns
    if c.default is not None and c.default.is_scalar
}


def store_workout(
    session: Session, scope: AthleteScope, workout: dict[str, Any], sets: list[dict[str, Any]]
) -> int:
    """Store a new workout of the scoped athlete (``workout``: its columns but the id and the
    athlete; those not given take the model's defaults) with its sets in order (each: its
    columns but the id, workout, athlete and position), merge the sets into the records, and
    return the workout's id.

    Two Core INSERTs through the session (which notes them for the data versions, as it notes
    a flush): one for the workout, returning its id, and one for every set. Neither builds nor
    flushes a mapped object, which cost more than the statements themselves; nothing of a new
    workout's write reads the sets' ids."""
    athlete_id = scope.athlete_id
    workout_id = int(
        session.execute(_WORKOUT_INSERT, {**workout, "athlete_id": athlete_id}).scalar_one()
    )
    rows: list[dict[str, Any]] = [
        {
            **{key: given.get(key, _SET_DEFAULTS.get(key)) for key in _SET_VALUES},
            "session_id": workout_id,
            "athlete_id": athlete_id,
            "position": position,
        }
        for position, given in enumerate(sets)
    ]
    if rows:
        session.execute(_SET_INSERT, rows)
    started_at = workout["started_at"]
    personal_records.merge(
        session,
        scope,
        (
            personal_records.StoredSet(
                started_at,
                row["exercise_id"],
                row["reps"],
                row["weight_kg"],
                row["rir"],
                row["completed"],
                row["is_warmup"],
            )
            for row in rows
        ),
    )
    return workout_id


def append_set(
    session: Session, scope: AthleteScope, workout: WorkoutSession, set_log: SetLog
) -> SetLog:
    """Add one set after the stored sets of a workout of the scoped athlete (next position);
    its records are merged in."""
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
    personal_records.merge(session, scope, [_stored(workout, set_log)])
    return set_log
