"""Body measurements: one row per athlete, day and site; every query scoped to one athlete."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date
from typing import cast

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import BodyMeasurement
from fitcoach.storage.repositories import bulk
from fitcoach.storage.rows import MeasurementRow, MeasurementValues

# The columns an export writes (every column but the row id and the athlete), in order: the
# keys of ``MeasurementValues``.
EXPORT_COLUMNS = ("day", "site", "value", "notes", "source", "source_id")


def on_day(
    session: Session, scope: AthleteScope, day: date, sites: Collection[str] | None = None
) -> dict[str, BodyMeasurement]:
    """The scoped athlete's readings of ``day`` by site (only ``sites`` when given)."""
    stmt = select(BodyMeasurement).where(
        BodyMeasurement.athlete_id == scope.athlete_id, BodyMeasurement.day == day
    )
    if sites is not None:
        stmt = stmt.where(BodyMeasurement.site.in_(list(sites)))
    return {row.site: row for row in session.execute(stmt).scalars()}


def add(session: Session, scope: AthleteScope, row: BodyMeasurement) -> BodyMeasurement:
    """Add a reading for the scoped athlete and flush so it gets an id."""
    row.athlete_id = scope.athlete_id
    session.add(row)
    session.flush()
    return row


def delete_on_day(
    session: Session, scope: AthleteScope, day: date, sites: Collection[str] | None = None
) -> list[str]:
    """Delete the scoped athlete's readings of ``day`` (only ``sites`` when given); the sites
    removed, sorted."""
    found = sorted(on_day(session, scope, day, sites))
    if not found:
        return []
    session.execute(
        delete(BodyMeasurement).where(
            BodyMeasurement.athlete_id == scope.athlete_id,
            BodyMeasurement.day == day,
            BodyMeasurement.site.in_(found),
        )
    )
    return found


def rows_between(
    session: Session, scope: AthleteScope, start: date | None, end: date | None
) -> list[MeasurementRow]:
    """The scoped athlete's readings with start <= day <= end (either open), oldest day first,
    then by site: plain dicts of every column."""
    stmt = select(
        BodyMeasurement.id,
        BodyMeasurement.day,
        BodyMeasurement.site,
        BodyMeasurement.value,
        BodyMeasurement.notes,
        BodyMeasurement.source,
        BodyMeasurement.source_id,
    ).where(BodyMeasurement.athlete_id == scope.athlete_id)
    if start is not None:
        stmt = stmt.where(BodyMeasurement.day >= start)
    if end is not None:
        stmt = stmt.where(BodyMeasurement.day <= end)
    stmt = stmt.order_by(BodyMeasurement.day, BodyMeasurement.site)
    return cast("list[MeasurementRow]", [dict(row) for row in session.execute(stmt).mappings()])


def days_between(
    session: Session,
    scope: AthleteScope,
    start: date | None,
    end: date | None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[date]:
    """The days with readings (start <= day <= end), newest first, paged."""
    stmt = (
        select(BodyMeasurement.day)
        .where(BodyMeasurement.athlete_id == scope.athlete_id)
        .group_by(BodyMeasurement.day)
        .order_by(BodyMeasurement.day.desc())
    )
    if start is not None:
        stmt = stmt.where(BodyMeasurement.day >= start)
    if end is not None:
        stmt = stmt.where(BodyMeasurement.day <= end)
    if limit is not None:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    return list(session.execute(stmt).scalars())


def rows_on_days(
    session: Session, scope: AthleteScope, days: Sequence[date]
) -> list[MeasurementRow]:
    """The scoped athlete's readings of ``days``, as ``rows_between`` answers them."""
    if not days:
        return []
    return [
        row for row in rows_between(session, scope, min(days), max(days)) if row["day"] in set(days)
    ]


def export_rows(session: Session, scope: AthleteScope) -> list[MeasurementValues]:
    """Every reading of the scoped athlete for an export, by day then site (no row ids)."""
    return [
        MeasurementValues(
            day=row["day"],
            site=row["site"],
            value=row["value"],
            notes=row["notes"],
            source=row["source"],
            source_id=row["source_id"],
        )
        for row in rows_between(session, scope, None, None)
    ]


def stored_keys(session: Session, scope: AthleteScope) -> set[tuple[date, str]]:
    """The (day, site) of every reading of the scoped athlete."""
    stmt = select(BodyMeasurement.day, BodyMeasurement.site).where(
        BodyMeasurement.athlete_id == scope.athlete_id
    )
    return {(day, site) for day, site in session.execute(stmt)}


def insert_new(session: Session, scope: AthleteScope, rows: Iterable[MeasurementValues]) -> int:
    """Insert readings for the scoped athlete; a (day, site) already stored is skipped (an
    import adds, it never replaces). How many were inserted."""
    return bulk.insert_ignore(
        session,
        BodyMeasurement.__table__,  # type: ignore[arg-type]
        ({**row, "athlete_id": scope.athlete_id} for row in rows),
        conflict_columns=("athlete_id", "day", "site"),
    )


def count(session: Session, scope: AthleteScope) -> int:
    """How many readings the scoped athlete has."""
    stmt = select(func.count()).where(BodyMeasurement.athlete_id == scope.athlete_id)
    return int(session.execute(stmt).scalar_one())
