"""Training and health records: insert idempotently by source id, read by date range."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    Integer,
    Row,
    Select,
    String,
    Table,
    and_,
    bindparam,
    exists,
    func,
    insert,
    inspect,
    literal,
    select,
    union_all,
)
from sqlalchemy import delete as sql_delete
from sqlalchemy.orm import InstrumentedAttribute, Session

from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import (
    AuditEntry,
    CardioSession,
    DailyMetric,
    Exercise,
    Feedback,
    Meal,
    SetLog,
    SleepSession,
    WorkoutSession,
)
from fitcoach.storage.repositories import personal_records

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


# ``id_by_source``'s statements, built once per model with the values as bound parameters.
_SOURCE_ID: dict[type[Any], Select[Any]] = {}


def id_by_source(
    session: Session, scope: AthleteScope, model: type[S], source: str, source_id: str
) -> int | None:
    """The id of the record already stored under (source, source_id) for this athlete, if any:
    ``by_source`` without loading the record, which a write that only asks whether it is new
    does not need (the statement built once, run as Core)."""
    stmt = _SOURCE_ID.get(model)
    if stmt is None:
        stmt = _SOURCE_ID[model] = select(model.id).where(
            model.athlete_id == bindparam("athlete_id"),
            model.source == bindparam("source"),
            model.source_id == bindparam("source_id"),
        )
    params = {"athlete_id": scope.athlete_id, "source": source, "source_id": source_id}
    found = _read_rows(session, stmt, params)  # at most one: (athlete, source, id) is unique
    return int(found[0][0]) if found else None


def ids_by_source(
    session: Session, scope: AthleteScope, model: type[S], source: str, source_ids: Collection[str]
) -> dict[str, int]:
    """``{source_id: id}`` of the athlete's records stored under ``source`` with these ids."""
    if not source_ids:
        return {}
    rows = session.execute(
        select(model.source_id, model.id).where(
            model.athlete_id == scope.athlete_id,
            model.source == source,
            model.source_id.in_(list(source_ids)),
        )
    ).all()
    return {str(row.source_id): int(row.id) for row in rows}


def delete_cardio_of(
    session: Session, scope: AthleteScope, source: str, activity_type: str, id_prefix: str
) -> int:
    """Delete the athlete's cardio sessions of ``source`` and ``activity_type`` whose source id
    starts with ``id_prefix`` (taken literally: ``%`` and ``_`` match only themselves); how
    many."""
    result = session.execute(
        sql_delete(CardioSession).where(
            CardioSession.athlete_id == scope.athlete_id,
            CardioSession.source == source,
            CardioSession.activity_type == activity_type,
            CardioSession.source_id.startswith(id_prefix, autoescape=True),
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def add(session: Session, scope: AthleteScope, record: R) -> R:
    """Add a record for the scoped athlete and flush so it gets an id."""
    record.athlete_id = scope.athlete_id
    session.add(record)
    session.flush()
    return record


def overlapping_sleep(
    session: Session, scope: AthleteScope, source: str, started_at: datetime, ended_at: datetime
) -> Sequence[SleepSession]:
    """The scoped athlete's sleep sessions from ``source`` that overlap [started_at,
    ended_at) by more than an instant (one ending as the other starts does not), in the order
    they were stored (id)."""
    return (
        session.execute(
            select(SleepSession)
            .where(
                SleepSession.athlete_id == scope.athlete_id,
                SleepSession.source == source,
                SleepSession.started_at < ended_at,
                SleepSession.ended_at > started_at,
            )
            .order_by(SleepSession.id)
        )
        .scalars()
        .all()
    )


def record_for(session: Session, scope: AthleteScope, model: type[R], record_id: int) -> R | None:
    """One record of the scoped athlete by id (None: not theirs, or no such record)."""
    return session.execute(
        select(model).where(model.id == record_id, model.athlete_id == scope.athlete_id)
    ).scalar_one_or_none()


def delete(session: Session, scope: AthleteScope, record: SourcedModel) -> None:
    """Delete a record of the scoped athlete (and flush)."""
    if record.athlete_id != scope.athlete_id:
        raise ValueError("the record belongs to another athlete")
    session.delete(record)
    session.flush()


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
    latest: bool = False,
) -> Sequence[Any]:
    """Records of one kind for the scoped athlete with start <= time < end, oldest first.

    ``latest``: ``limit`` and ``offset`` count from the newest record back (the last N of the
    range), still returned oldest first."""
    column = TIME_COLUMN[model]
    stmt = select(model).where(model.athlete_id == scope.athlete_id)
    if start is not None:
        stmt = stmt.where(column >= start)
    if end is not None:
        stmt = stmt.where(column < end)
    order = (column.desc(), model.id.desc()) if latest else (column, model.id)
    stmt = stmt.order_by(*order).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = session.execute(stmt).scalars().all()
    return rows[::-1] if latest else rows


def workout_loads(
    session: Session, scope: AthleteScope, start: datetime, end: datetime
) -> list[dict[str, Any]]:
    """The scoped athlete's workouts with start <= started_at < end as the load needs them:
    id, athlete_id, started_at, duration_s, session_rpe, title, source and ``set_count`` (no
    sets, no notes), oldest first. One indexed range read; the sets stay in the database."""
    # Counted per workout (of the scoped athlete: the outer query's) through the unique
    # (session_id, position) index. A condition on the set's athlete too would let SQLite pick
    # the (athlete_id, exercise_id) index and walk every set of the athlete per workout.
    set_count = select(func.count()).where(SetLog.session_id == WorkoutSession.id).scalar_subquery()
    stmt = (
        select(
            WorkoutSession.id,
            WorkoutSession.athlete_id,
            WorkoutSession.started_at,
            WorkoutSession.duration_s,
            WorkoutSession.session_rpe,
            WorkoutSession.title,
            WorkoutSession.source,
            set_count.label("set_count"),
        )
        .where(
            WorkoutSession.athlete_id == scope.athlete_id,
            WorkoutSession.started_at >= start,
            WorkoutSession.started_at < end,
        )
        .order_by(WorkoutSession.started_at, WorkoutSession.id)
    )
    return [dict(row) for row in session.execute(stmt).mappings()]


def cardio_loads(
    session: Session, scope: AthleteScope, start: datetime, end: datetime
) -> list[dict[str, Any]]:
    """The scoped athlete's cardio sessions with start <= started_at < end as the load needs
    them (id, athlete_id, started_at, duration_s, session_rpe, avg_hr, activity_type; no notes),
    oldest first."""
    stmt = (
        select(
            CardioSession.id,
            CardioSession.athlete_id,
            CardioSession.started_at,
            CardioSession.duration_s,
            CardioSession.session_rpe,
            CardioSession.avg_hr,
            CardioSession.activity_type,
        )
        .where(
            CardioSession.athlete_id == scope.athlete_id,
            CardioSession.started_at >= start,
            CardioSession.started_at < end,
        )
        .order_by(CardioSession.started_at, CardioSession.id)
    )
    return [dict(row) for row in session.execute(stmt).mappings()]


def resting_hr_days(
    session: Session, scope: AthleteScope, start: date, end: date
) -> list[tuple[date, float]]:
    """The scoped athlete's daily resting heart rates logged on days start..end (inclusive),
    as (day, resting HR), by day."""
    stmt = (
        select(DailyMetric.day, DailyMetric.resting_hr)
        .where(
            DailyMetric.athlete_id == scope.athlete_id,
            DailyMetric.day >= start,
            DailyMetric.day <= end,
            DailyMetric.resting_hr.is_not(None),
        )
        .order_by(DailyMetric.day, DailyMetric.id)
    )
    return [(day, float(value)) for day, value in session.execute(stmt) if value is not None]


def highest_max_hr(session: Session, scope: AthleteScope) -> float | None:
    """The highest maximum heart rate of any of the scoped athlete's cardio sessions (None when
    none logged one): one probe of the (athlete, max_hr) index, whatever the history's length."""
    value = session.execute(
        select(func.max(CardioSession.max_hr)).where(CardioSession.athlete_id == scope.athlete_id)
    ).scalar_one_or_none()
    return None if value is None else float(value)


def _read_rows(session: Session, stmt: Select[Any], params: dict[str, Any]) -> Sequence[Row[Any]]:
    """``stmt``'s rows, run as Core on the session's connection: the ORM's execution (its
    compile state and result loading, per row and column) cost more than the query itself.
    What ``Session.execute`` does first is kept: pending changes are flushed (unless
    autoflush is off), so a row written in this transaction is read."""
    if session.autoflush:
        session.flush()
    return session.connection().execute(stmt, params).fetchall()


# ``rows_between``'s statements, built once per model and shape (which bounds, newest or
# oldest first, a limit or not) with the values as bound parameters: building a statement
# and its cache key each read cost as much as running it.
_BETWEEN: dict[tuple[type[Any], bool, bool, bool, bool], Select[Any]] = {}


def _between_select(
    model: type[Any], start: bool, end: bool, latest: bool, limited: bool
) -> Select[Any]:
    shape = (model, start, end, latest, limited)
    stmt = _BETWEEN.get(shape)
    if stmt is None:
        column = TIME_COLUMN[model]
        stmt = _columns_select(model).where(model.athlete_id == bindparam("athlete_id"))
        if start:
            stmt = stmt.where(column >= bindparam("start"))
        if end:
            stmt = stmt.where(column < bindparam("end"))
        order = (column.desc(), model.id.desc()) if latest else (column, model.id)
        stmt = stmt.order_by(*order).offset(bindparam("offset", type_=Integer))
        if limited:
            stmt = stmt.limit(bindparam("limit", type_=Integer))
        _BETWEEN[shape] = stmt
    return stmt


def rows_between(
    session: Session,
    scope: AthleteScope,
    model: type[Any],
    start: date | datetime | None = None,
    end: date | datetime | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
    latest: bool = False,
) -> list[dict[str, Any]]:
    """``between``'s records as plain data (``columns_of`` of each), read as columns: no
    mapped object is built, which cost more than the query itself. ``latest`` as there."""
    keys, rows = between_rows(
        session, scope, model, start, end, limit=limit, offset=offset, latest=latest
    )
    return [dict(zip(keys, row, strict=True)) for row in rows]


def between_rows(
    session: Session,
    scope: AthleteScope,
    model: type[Any],
    start: date | datetime | None = None,
    end: date | datetime | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
    latest: bool = False,
) -> tuple[tuple[str, ...], list[Row[Any]]]:
    """``rows_between``'s records as the database's rows (oldest first), with the column names
    they hold in order: for work that turns only some of them into dicts."""
    stmt = _between_select(model, start is not None, end is not None, latest, limit is not None)
    params = {
        "athlete_id": scope.athlete_id,
        "start": start,
        "end": end,
        "offset": offset,
        "limit": limit,
    }
    rows = list(_read_rows(session, stmt, params))
    return _column_keys(model), rows[::-1] if latest else rows


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


def set_rows_of(
    session: Session, scope: AthleteScope, workout_ids: Sequence[int]
) -> list[dict[str, Any]]:
    """The sets of the given workouts (scoped) in order, as plain data: every column, the
    exercise's slug (``exercise``) and its name (``exercise_name``, what people read)."""
    return [
        dict(zip(SET_ROW_KEYS, row, strict=True)) for row in set_rows(session, scope, workout_ids)
    ]


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
) -> list[dict[str, Any]]:
    """The sets of the given workouts (scoped) in order, with only what the training load
    reads of them (``_SET_VALUE_KEYS``): ``set_rows_of`` read every column (the encrypted notes
    and form checks too) and the exercise's name, most of a cold load report's reading."""
    if not workout_ids:
        return []
    stmt = _SET_VALUES_SELECT.where(
        SetLog.athlete_id == scope.athlete_id, SetLog.session_id.in_(workout_ids)
    )
    return [dict(zip(_SET_VALUE_KEYS, row, strict=True)) for row in session.execute(stmt)]


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


# --- the history pages: one feed of sessions, the exercises logged, what was created last ----


def feed(
    session: Session,
    scope: AthleteScope,
    start: datetime | None,
    end: datetime | None,
    *,
    exercise_id: int | None = None,
    limit: int,
    offset: int = 0,
) -> tuple[list[tuple[str, int]], int]:
    """The scoped athlete's workouts and cardio sessions with start <= started_at < end,
    newest first: (kind, id) of one page (``"workouts"`` or ``"cardio"``) and how many there
    are in all. With ``exercise_id`` only the workouts with a set of that exercise."""
    workouts = select(
        literal("workouts", String).label("kind"),
        WorkoutSession.id.label("id"),
        WorkoutSession.started_at.label("at"),
    ).where(WorkoutSession.athlete_id == scope.athlete_id)
    parts = [workouts]
    if exercise_id is not None:
        parts[0] = workouts.where(
            exists().where(
                SetLog.athlete_id == scope.athlete_id,
                SetLog.session_id == WorkoutSession.id,
                SetLog.exercise_id == exercise_id,
            )
        )
    else:
        parts.append(
            select(
                literal("cardio", String).label("kind"),
                CardioSession.id.label("id"),
                CardioSession.started_at.label("at"),
            ).where(CardioSession.athlete_id == scope.athlete_id)
        )
    windowed = []
    for part in parts:
        at = part.selected_columns.at
        if start is not None:
            part = part.where(at >= start)
        if end is not None:
            part = part.where(at < end)
        windowed.append(part)
    both = union_all(*windowed).subquery()
    total = int(session.execute(select(func.count()).select_from(both)).scalar_one())
    stmt = (
        select(both.c.kind, both.c.id)
        .order_by(both.c.at.desc(), both.c.kind, both.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [(str(kind), int(id_)) for kind, id_ in session.execute(stmt)], total


def rows_by_ids(
    session: Session, scope: AthleteScope, model: type[Any], ids: Collection[int]
) -> dict[int, dict[str, Any]]:
    """The scoped athlete's records of one kind with these ids, as plain data, by id."""
    if not ids:
        return {}
    keys = _column_keys(model)
    stmt = _columns_select(model).where(
        model.athlete_id == scope.athlete_id, model.id.in_(sorted(ids))
    )
    rows = (dict(zip(keys, row, strict=True)) for row in session.execute(stmt))
    return {int(r["id"]): r for r in rows}


def logged_exercises(session: Session, scope: AthleteScope) -> list[tuple[str, str]]:
    """(slug, name) of every exercise the scoped athlete has a set of, by name."""
    stmt = (
        select(Exercise.slug, Exercise.name)
        .where(
            exists().where(SetLog.athlete_id == scope.athlete_id, SetLog.exercise_id == Exercise.id)
        )
        .order_by(Exercise.name)
    )
    return [(str(slug), str(name)) for slug, name in session.execute(stmt)]


def recent_creations(
    session: Session,
    scope: AthleteScope,
    actor_account_id: int | None,
    entities: Collection[str],
    since: datetime,
    *,
    limit: int = 20,
) -> list[tuple[str, str | None, datetime]]:
    """(entity, entity id, when) of the audit log's ``create`` entries for the scoped athlete
    made by one account (None: the operator) since ``since``, newest first."""
    actor = (
        AuditEntry.actor_account_id.is_(None)
        if actor_account_id is None
        else AuditEntry.actor_account_id == actor_account_id
    )
    stmt = (
        select(AuditEntry.entity, AuditEntry.entity_id, AuditEntry.at)
        .where(
            AuditEntry.athlete_id == scope.athlete_id,
            AuditEntry.at >= since,
            AuditEntry.action == "create",
            AuditEntry.entity.in_(sorted(entities)),
            actor,
        )
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    return [(str(e), i, at) for e, i, at in session.execute(stmt)]
