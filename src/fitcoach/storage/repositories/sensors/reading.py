"""Reading back for the sensor service and the API: a recording, pages of recordings and
events, channel statistics, chunks between two times, a recording's vitals and events. Every
query filters on the scoped athlete.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import Recording, SensorEvent, Vital, WaveformChunk

M = TypeVar("M", Recording, SensorEvent)


def recording_page(
    session: Session,
    scope: AthleteScope,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[Sequence[Recording], int]:
    """A page of the scoped athlete's recordings started in ``[since, until)``, newest first,
    and how many there are in all."""
    conditions = [Recording.athlete_id == scope.athlete_id]
    if since is not None:
        conditions.append(Recording.started_at >= since)
    if until is not None:
        conditions.append(Recording.started_at < until)
    order = (Recording.started_at.desc(), Recording.id.desc())
    return _page(session, Recording, conditions, order, limit, offset)


def channel_stats(
    session: Session, scope: AthleteScope, recording_ids: Sequence[int]
) -> list[tuple[int, int, float, int, int, int, int]]:
    """Per (recording, channel) of the scoped athlete's recordings, in one aggregate query:
    (recording_id, channel, sample rate, samples, chunks, first and last ``t_device_us``)."""
    if not recording_ids:
        return []
    rows = session.execute(
        select(
            WaveformChunk.recording_id,
            WaveformChunk.channel,
            func.max(WaveformChunk.sample_rate_hz),
            func.coalesce(func.sum(WaveformChunk.n_samples), 0),
            func.count(WaveformChunk.id),
            func.min(WaveformChunk.t_device_us),
            func.max(WaveformChunk.t_device_us),
        )
        .join(Recording, Recording.id == WaveformChunk.recording_id)
        .where(
            Recording.athlete_id == scope.athlete_id,
            WaveformChunk.recording_id.in_(recording_ids),
        )
        .group_by(WaveformChunk.recording_id, WaveformChunk.channel)
        .order_by(WaveformChunk.recording_id, WaveformChunk.channel)
    ).all()
    return [
        (int(r), int(c), float(rate or 0.0), int(n), int(k), int(lo), int(hi))
        for r, c, rate, n, k, lo, hi in rows
    ]


def clock_origin(session: Session, scope: AthleteScope, recording_id: int) -> int | None:
    """The earliest ``t_device_us`` of the scoped athlete's recording (all channels)."""
    value = session.execute(
        select(func.min(WaveformChunk.t_device_us))
        .join(Recording, Recording.id == WaveformChunk.recording_id)
        .where(Recording.athlete_id == scope.athlete_id, WaveformChunk.recording_id == recording_id)
    ).scalar_one_or_none()
    return None if value is None else int(value)


def chunks_between(
    session: Session,
    scope: AthleteScope,
    recording_id: int,
    channel: int,
    *,
    from_us: int | None = None,
    to_us: int | None = None,
) -> Sequence[WaveformChunk]:
    """One channel's chunks of the scoped athlete's recording that overlap the device-clock
    window ``[from_us, to_us)``, in ``t_device_us`` order (a chunk overlaps when it starts
    before ``to_us`` and its last sample lies at or after ``from_us``)."""
    stmt = (
        select(WaveformChunk)
        .join(Recording, Recording.id == WaveformChunk.recording_id)
        .where(
            Recording.athlete_id == scope.athlete_id,
            WaveformChunk.recording_id == recording_id,
            WaveformChunk.channel == channel,
        )
    )
    if to_us is not None:
        stmt = stmt.where(WaveformChunk.t_device_us < to_us)
    if from_us is not None:
        span_us = (
            WaveformChunk.n_samples * 1_000_000.0 / func.nullif(WaveformChunk.sample_rate_hz, 0)
        )
        stmt = stmt.where(WaveformChunk.t_device_us + span_us > from_us)
    return (
        session.execute(stmt.order_by(WaveformChunk.t_device_us, WaveformChunk.seq)).scalars().all()
    )


def recording_vitals(
    session: Session,
    scope: AthleteScope,
    recording_id: int,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Sequence[Vital]:
    """The vitals of the scoped athlete's recording in ``[since, until)``, oldest first."""
    stmt = select(Vital).where(
        Vital.athlete_id == scope.athlete_id, Vital.recording_id == recording_id
    )
    if since is not None:
        stmt = stmt.where(Vital.at >= since)
    if until is not None:
        stmt = stmt.where(Vital.at < until)
    return session.execute(stmt.order_by(Vital.at, Vital.id)).scalars().all()


def recording_events(
    session: Session, scope: AthleteScope, recording_id: int
) -> Sequence[SensorEvent]:
    """The events of the scoped athlete's recording, oldest first."""
    return (
        session.execute(
            select(SensorEvent)
            .where(
                SensorEvent.athlete_id == scope.athlete_id,
                SensorEvent.recording_id == recording_id,
            )
            .order_by(SensorEvent.at, SensorEvent.id)
        )
        .scalars()
        .all()
    )


def event(session: Session, scope: AthleteScope, event_id: int) -> SensorEvent | None:
    """One of the scoped athlete's events (None if absent or someone else's)."""
    return session.execute(
        select(SensorEvent).where(
            SensorEvent.id == event_id, SensorEvent.athlete_id == scope.athlete_id
        )
    ).scalar_one_or_none()


def event_page(
    session: Session,
    scope: AthleteScope,
    *,
    open_only: bool = False,
    severity: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[Sequence[SensorEvent], int]:
    """A page of the scoped athlete's events, newest first, and how many match in all."""
    conditions = [SensorEvent.athlete_id == scope.athlete_id]
    if open_only:
        conditions.append(SensorEvent.cleared_at.is_(None))
    if severity is not None:
        conditions.append(SensorEvent.severity == severity)
    if since is not None:
        conditions.append(SensorEvent.at >= since)
    if until is not None:
        conditions.append(SensorEvent.at < until)
    order = (SensorEvent.at.desc(), SensorEvent.id.desc())
    return _page(session, SensorEvent, conditions, order, limit, offset)


def _page(
    session: Session,
    model: type[M],
    conditions: Sequence[ColumnElement[bool]],
    order: Sequence[Any],
    limit: int | None,
    offset: int,
) -> tuple[Sequence[M], int]:
    """Rows of ``model`` matching ``conditions`` in ``order`` from ``offset``, and the total."""
    total = session.execute(select(func.count()).select_from(model).where(*conditions)).scalar_one()
    stmt = select(model).where(*conditions).order_by(*order).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return session.execute(stmt).scalars().all(), int(total)
