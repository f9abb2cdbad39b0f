"""Records between two times: whole records, the loads of workouts and cardio, resting heart
rate by day, the highest max heart rate, and plain rows by model and range.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Integer, Row, Select, bindparam, func, select
from sqlalchemy.orm import Session

from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import CardioSession, DailyMetric, SetLog, WorkoutSession
from fitcoach.storage.repositories.training_log.columns import (
    TIME_COLUMN,
    _column_keys,
    _columns_select,
    _read_rows,
)


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


# ``rows_between``'s statements, built once per model and shape (which bounds, newest or
# oldest first, a limit or not) with the values as bound parameters: building a statement
# and its cache key each read cost as much as running it.
_BETWEEN: dict[tuple[type[Any], bool, bool, bool, bool, bool], Select[Any]] = {}


def _between_select(
    model: type[Any], start: bool, end: bool, latest: bool, limited: bool, ids: bool = False
) -> Select[Any]:
    shape = (model, start, end, latest, limited, ids)
    stmt = _BETWEEN.get(shape)
    if stmt is None:
        column = TIME_COLUMN[model]
        columns = select(model.id) if ids else _columns_select(model)
        stmt = columns.where(model.athlete_id == bindparam("athlete_id"))
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
    rows = list(_read_rows(session, stmt, _range_params(scope, start, end, offset, limit)))
    return _column_keys(model), rows[::-1] if latest else rows


def between_ids(
    session: Session,
    scope: AthleteScope,
    model: type[Any],
    start: date | datetime | None = None,
    end: date | datetime | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[int]:
    """The ids of ``between_rows``'s records (oldest first), alone: a page whose records'
    JSON is kept needs nothing else of them, and reading (and decrypting) every column of
    them was a third of such a page's query."""
    stmt = _between_select(
        model, start is not None, end is not None, False, limit is not None, ids=True
    )
    params = _range_params(scope, start, end, offset, limit)
    return [row[0] for row in _read_rows(session, stmt, params)]


def _range_params(
    scope: AthleteScope,
    start: date | datetime | None,
    end: date | datetime | None,
    offset: int,
    limit: int | None,
) -> dict[str, Any]:
    """The bound parameters of ``_between_select``'s statement."""
    return {
        "athlete_id": scope.athlete_id,
        "start": start,
        "end": end,
        "offset": offset,
        "limit": limit,
    }
