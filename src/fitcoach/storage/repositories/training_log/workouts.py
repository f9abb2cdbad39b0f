"""A workout and its sets written in one statement each, a set appended to a stored workout,
and the personal records kept current as sets are stored.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from fitcoach.storage import driver, versions
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import SetLog, WorkoutSession
from fitcoach.storage.repositories import json_rows, personal_records
from fitcoach.storage.repositories.bulk import upsert_insert


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


# A workout already stored under its (athlete, source, source id) is a retry: the INSERT
# skips it (``ON CONFLICT DO NOTHING``) and returns no id, so no query asks first. Built once
# per dialect (SQLAlchemy then compiles it once).
_WORKOUT_INSERTS: dict[str, driver.Statement] = {}


def _workout_insert(dialect: str) -> driver.Statement:
    stmt = _WORKOUT_INSERTS.get(dialect)
    if stmt is None:
        stmt = _WORKOUT_INSERTS[dialect] = driver.Statement(
            upsert_insert(dialect, _WORKOUTS)
            .on_conflict_do_nothing(index_elements=["athlete_id", "source", "source_id"])
            .returning(_WORKOUTS.c.id),
            columns=True,
        )
    return stmt


# The sets go as an executemany of this one-row statement. As one multi-row INSERT (RETURNING:
# SQLAlchemy's "insertmanyvalues") they cost more CPU, not less: psycopg keeps its parsed form
# of a statement only up to 50 parameters, and six sets are 72, parsed again at every write.
_SET_INSERT = insert(_SETS)


# What a new set stores (every column but its id), and the model's defaults for those not given.
_SET_VALUES = tuple(c.key for c in _SETS.columns if c.key != "id")

# On PostgreSQL the sets go as one JSON parameter instead (``json_rows``: psycopg's
# executemany of a few rows costs more than the statement).
_SET_JSON_INSERT = driver.Statement(
    insert(_SETS).from_select(_SET_VALUES, json_rows.rows_select(_SETS, _SET_VALUES))
)


_SET_DEFAULTS: dict[str, Any] = {
    c.key: c.default.arg  # type: ignore[attr-defined]  # a ScalarElementColumnDefault's
    for c in _SETS.columns
    if c.default is not None and c.default.is_scalar
}


def store_workout(
    session: Session, scope: AthleteScope, workout: dict[str, Any], sets: list[dict[str, Any]]
) -> int | None:
    """Store a new workout of the scoped athlete (``workout``: its columns but the id and the
    athlete; those not given take the model's defaults) with its sets in order (each: its
    columns but the id, workout, athlete and position), merge the sets into the records, and
    return the workout's id; None, writing nothing, when the athlete has a workout stored
    under the same (source, source id) already.

    Two Core INSERTs on the session's connection: one for the workout, returning its id, and
    one for every set. Neither builds nor flushes a mapped object, and neither goes through
    the session's ORM execution (its events cost about as much CPU as the statement); the
    athlete's data version is noted here instead (``versions.touch``), only when the workout
    was stored: a retry raises no version. Nothing of a new workout's write reads the sets'
    ids."""
    athlete_id = scope.athlete_id
    connection = session.connection()
    inserted = _workout_insert(connection.dialect.name).rows(
        connection, {**workout, "athlete_id": athlete_id}
    )
    if not inserted:
        return None
    found = inserted[0][0]
    versions.touch(session, [athlete_id])
    workout_id = int(found)
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
        json_rows.execute(
            connection, _SETS, _SET_VALUES, rows, as_json=_SET_JSON_INSERT, many=_SET_INSERT
        )
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
