"""One training or health record: inserted idempotently by its source id, found by id or
source, sleep that overlaps, a day's metrics, deleted with its audit.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy import delete as sql_delete
from sqlalchemy.orm import Session

from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import CardioSession, DailyMetric, SleepSession
from fitcoach.storage.repositories.training_log.columns import R, S, SourcedModel, _read_rows


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


def daily_for(session: Session, scope: AthleteScope, day: date) -> DailyMetric | None:
    """The scoped athlete's daily metrics row for ``day``."""
    return session.execute(
        select(DailyMetric).where(
            DailyMetric.athlete_id == scope.athlete_id, DailyMetric.day == day
        )
    ).scalar_one_or_none()
