"""Sensor storage: devices, recordings, waveform chunks, vitals and events.

Everything about an athlete goes through an ``AthleteScope``; a recording of another athlete is
not found. Chunk and vital writes are bulk ``INSERT ... ON CONFLICT DO NOTHING`` so that a
message delivered twice by the bus stores nothing twice. The caller's unit of work commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

import numpy as np
from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from fitcoach.core.errors import Conflict, NotFound
from fitcoach.storage import waveform
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import (
    Device,
    Recording,
    SensorEvent,
    Vital,
    WaveformChunk,
)
from fitcoach.storage.repositories.bulk import insert_ignore

M = TypeVar("M", Recording, SensorEvent)

CHUNK_COLUMNS = (
    "recording_id",
    "device_id",
    "channel",
    "seq",
    "t_device_us",
    "flags",
    "sample_rate_hz",
    "n_samples",
    "sample_width",
    "data",
    "received_at",
)
CHUNK_CONFLICT = ("recording_id", "channel", "seq")
VITAL_CONFLICT = ("recording_id", "at")


# --------------------------------------------------------------------------- devices


def touch_devices(session: Session, device_ids: Iterable[int], seen_at: datetime) -> None:
    """Create unknown devices and move their ``last_seen`` forward to ``seen_at`` (never back)."""
    ids = sorted(set(device_ids))
    if not ids:
        return
    known = set(session.execute(select(Device.id).where(Device.id.in_(ids))).scalars())
    for device_id in ids:
        if device_id not in known:
            session.add(Device(id=device_id, label="", last_seen=seen_at))
    session.flush()
    session.execute(
        update(Device)
        .where(
            Device.id.in_(ids),
            (Device.last_seen.is_(None)) | (Device.last_seen < seen_at),
        )
        .values(last_seen=seen_at)
        .execution_options(synchronize_session=False)
    )


def device_usage(session: Session) -> list[tuple[Device, int, datetime | None]]:
    """Every device by id, with how many recordings it made and when the latest started.

    Across all athletes: an installation-wide count for the admin, no athlete's data."""
    counts = {
        row[0]: (int(row[1]), row[2])
        for row in session.execute(
            select(Recording.device_id, func.count(), func.max(Recording.started_at)).group_by(
                Recording.device_id
            )
        )
    }
    return [
        (device, *counts.get(device.id, (0, None)))
        for device in session.execute(select(Device).order_by(Device.id)).scalars()
    ]


# --------------------------------------------------------------------------- recordings


def athlete_traces(session: Session, scope: AthleteScope) -> tuple[set[str], set[int]]:
    """The athlete's recording keys and the devices that made those recordings (what their
    messages on the bus carry, and the devices to forget when they are deleted)."""
    rows = session.execute(
        select(Recording.key, Recording.device_id).where(Recording.athlete_id == scope.athlete_id)
    ).all()
    return {key for key, _ in rows}, {device for _, device in rows if device is not None}


def delete_unused_devices(session: Session, device_ids: Iterable[int]) -> int:
    """Delete the given devices that no recording refers to any more (a device another
    athlete also used stays); returns how many were deleted."""
    ids = sorted(set(device_ids))
    if not ids:
        return 0
    used = select(Recording.id).where(Recording.device_id == Device.id).exists()
    result = session.execute(delete(Device).where(Device.id.in_(ids), ~used))
    return int(getattr(result, "rowcount", 0) or 0)


def recording_by_key(session: Session, scope: AthleteScope, key: str) -> Recording | None:
    """The scoped athlete's recording with this key (None if absent or someone else's)."""
    return session.execute(
        select(Recording).where(Recording.key == key, Recording.athlete_id == scope.athlete_id)
    ).scalar_one_or_none()


def recording_owner(session: Session, key: str) -> int | None:
    """The athlete whose recording ``key`` is (keys are unique across athletes), or None.

    Only routing: a caller holding nothing but the key (``fitcoach ingest vitals --finish
    KEY``) learns whose scope to ask ``access.scope_for`` for, then reads the recording through
    that scope (``recording_by_key``). It returns no recording data.
    """
    return session.execute(select(Recording.athlete_id).where(Recording.key == key)).scalar()


def get_or_create_recording(
    session: Session,
    scope: AthleteScope,
    key: str,
    *,
    device_id: int | None,
    started_at: datetime,
) -> Recording:
    """The scoped athlete's recording ``key``, created (active) when new.

    Atomic under concurrency: the frame consumer and the vitals worker may both see a new
    recording first. ``INSERT ... ON CONFLICT DO NOTHING`` then a read means the loser takes
    the winner's row instead of failing on the unique key and retrying its whole batch.
    Raises ``Conflict`` when the key already names another athlete's recording.
    """
    found = recording_by_key(session, scope, key)
    if found is not None:
        return found
    dialect = session.get_bind().dialect.name
    insert = sqlite_insert if dialect == "sqlite" else pg_insert
    session.execute(
        insert(Recording)
        .values(
            athlete_id=scope.athlete_id,
            device_id=device_id,
            key=key,
            started_at=started_at,
            status="active",
            counters={},
        )
        .on_conflict_do_nothing(index_elements=[Recording.key])
    )
    recording = recording_by_key(session, scope, key)
    if recording is None:
        raise Conflict("recording key already in use")
    return recording


def add_counters(session: Session, recording: Recording, increments: Mapping[str, int]) -> None:
    """Add ``increments`` to the recording's counters (chunks, samples, duplicates ...)."""
    counters = dict(recording.counters or {})
    for name, value in increments.items():
        counters[name] = int(counters.get(name, 0)) + int(value)
    recording.counters = counters
    session.flush()


def keep_counter(
    session: Session, scope: AthleteScope, recording_id: int, name: str, value: Any
) -> None:
    """Set counter ``name`` of the scoped athlete's recording unless it is already set (a value
    two writers may both compute, such as the vitals worker's clock origin: the first stays)."""
    found = recording(session, scope, recording_id)
    if found is None or name in (found.counters or {}):
        return
    found.counters = {**(found.counters or {}), name: value}
    session.flush()


def end_recording(
    session: Session,
    scope: AthleteScope,
    key: str,
    ended_at: datetime,
    *,
    summary: Mapping[str, Any] | None = None,
) -> bool:
    """Mark the scoped athlete's recording ended (with its session ``summary`` in the counters,
    when given); False when there is no such recording."""
    found = recording_by_key(session, scope, key)
    if found is None:
        return False
    found.status = "ended"
    found.ended_at = ended_at
    if summary is not None:
        found.counters = {**(found.counters or {}), "summary": dict(summary)}
    session.flush()
    return True


def recordings(session: Session, scope: AthleteScope) -> Sequence[Recording]:
    """The scoped athlete's recordings, newest first."""
    return (
        session.execute(
            select(Recording)
            .where(Recording.athlete_id == scope.athlete_id)
            .order_by(Recording.started_at.desc(), Recording.id.desc())
        )
        .scalars()
        .all()
    )


# --------------------------------------------------------------------------- waveform chunks


def insert_chunks(session: Session, rows: Iterable[Mapping[str, Any]]) -> int:
    """Bulk-insert chunk rows (``CHUNK_COLUMNS``); returns how many were new.

    The rows' ``recording_id`` must come from a scoped lookup (``get_or_create_recording``).
    """
    return insert_ignore(
        session,
        WaveformChunk.__table__,  # type: ignore[arg-type]
        rows,
        conflict_columns=CHUNK_CONFLICT,
        columns=CHUNK_COLUMNS,
    )


def chunks(
    session: Session, scope: AthleteScope, recording_id: int, channel: int
) -> Sequence[WaveformChunk]:
    """One channel's chunks of the scoped athlete's recording, in ``seq`` order."""
    return (
        session.execute(
            select(WaveformChunk)
            .join(Recording, Recording.id == WaveformChunk.recording_id)
            .where(
                Recording.athlete_id == scope.athlete_id,
                WaveformChunk.recording_id == recording_id,
                WaveformChunk.channel == channel,
            )
            .order_by(WaveformChunk.seq)
        )
        .scalars()
        .all()
    )


def samples(
    session: Session, scope: AthleteScope, recording_id: int, channel: int
) -> np.ndarray[Any, np.dtype[np.int64]]:
    """One channel's samples of a recording, decoded and concatenated in ``seq`` order."""
    parts = [
        waveform.decode(c.data).astype(np.int64)
        for c in chunks(session, scope, recording_id, channel)
    ]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def chunk_keys(session: Session, scope: AthleteScope, recording_id: int) -> set[tuple[int, int]]:
    """The (channel, seq) pairs stored for the scoped athlete's recording."""
    rows = session.execute(
        select(WaveformChunk.channel, WaveformChunk.seq)
        .join(Recording, Recording.id == WaveformChunk.recording_id)
        .where(Recording.athlete_id == scope.athlete_id, WaveformChunk.recording_id == recording_id)
    ).all()
    return {(int(c), int(s)) for c, s in rows}


def sample_total(session: Session, scope: AthleteScope, recording_id: int) -> int:
    """How many samples the scoped athlete's recording holds (all channels)."""
    value = session.execute(
        select(func.coalesce(func.sum(WaveformChunk.n_samples), 0))
        .join(Recording, Recording.id == WaveformChunk.recording_id)
        .where(Recording.athlete_id == scope.athlete_id, WaveformChunk.recording_id == recording_id)
    ).scalar_one()
    return int(value)


def prune_waveforms(session: Session, older_than: datetime) -> int:
    """Delete raw chunks received before ``older_than`` (all athletes: an operator's task).

    Vitals, events and recordings stay. Returns how many chunks were deleted.
    """
    result = session.execute(delete(WaveformChunk).where(WaveformChunk.received_at < older_than))
    return int(result.rowcount)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- vitals


VITAL_FIELDS = (
    "hr_bpm",
    "hrv_rmssd_ms",
    "spo2_pct",
    "spo2_calibrated",
    "breathing_rate_bpm",
    "etco2_mmhg",
    "sqi_ecg",
    "sqi_ppg",
    "sqi_co2",
)


def add_vitals(
    session: Session, scope: AthleteScope, recording_id: int, rows: Iterable[Mapping[str, Any]]
) -> int:
    """Store 1 Hz vitals of the scoped athlete's recording; a second already stored is kept.

    Each row has ``at`` and any of ``VITAL_FIELDS`` (missing ones are NULL; ``spo2_calibrated``
    defaults to False). Returns how many rows were new.
    """
    owner = session.execute(
        select(Recording.id).where(
            Recording.id == recording_id, Recording.athlete_id == scope.athlete_id
        )
    ).first()
    if owner is None:
        raise NotFound("recording not found")
    columns = ("athlete_id", "recording_id", "at", *VITAL_FIELDS)
    full = (
        {
            "athlete_id": scope.athlete_id,
            "recording_id": recording_id,
            "at": row["at"],
            **{f: row.get(f) for f in VITAL_FIELDS},
            "spo2_calibrated": bool(row.get("spo2_calibrated", False)),
        }
        for row in rows
    )
    return insert_ignore(
        session,
        Vital.__table__,  # type: ignore[arg-type]
        full,
        conflict_columns=VITAL_CONFLICT,
        columns=columns,
    )


def last_vital_at(session: Session, scope: AthleteScope, recording_id: int) -> datetime | None:
    """The time of the scoped athlete's recording's latest stored second, if any."""
    value = session.execute(
        select(func.max(Vital.at)).where(
            Vital.athlete_id == scope.athlete_id, Vital.recording_id == recording_id
        )
    ).scalar_one_or_none()
    return None if value is None else _utc(value)


def vital_times(
    session: Session, scope: AthleteScope, recording_id: int, *, first: datetime, last: datetime
) -> set[datetime]:
    """The seconds of the scoped athlete's recording already stored in ``[first, last]`` (UTC)."""
    rows = session.execute(
        select(Vital.at).where(
            Vital.athlete_id == scope.athlete_id,
            Vital.recording_id == recording_id,
            Vital.at >= first,
            Vital.at <= last,
        )
    ).scalars()
    return {_utc(at) for at in rows}


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def vitals(
    session: Session, scope: AthleteScope, *, since: datetime, until: datetime
) -> Sequence[Vital]:
    """The scoped athlete's vitals in ``[since, until)``, oldest first."""
    return (
        session.execute(
            select(Vital)
            .where(Vital.athlete_id == scope.athlete_id, Vital.at >= since, Vital.at < until)
            .order_by(Vital.at, Vital.id)
        )
        .scalars()
        .all()
    )


# --------------------------------------------------------------------------- events


def add_event(session: Session, scope: AthleteScope, event: SensorEvent) -> SensorEvent:
    """Store an alert or device event for the scoped athlete."""
    event.athlete_id = scope.athlete_id
    session.add(event)
    session.flush()
    return event


def open_event(
    session: Session,
    scope: AthleteScope,
    recording_id: int,
    kind: str,
    *,
    message: str | None = None,
) -> SensorEvent | None:
    """The latest uncleared event of ``kind`` (and ``message``, when given) of the scoped
    athlete's recording."""
    stmt = select(SensorEvent).where(
        SensorEvent.athlete_id == scope.athlete_id,
        SensorEvent.recording_id == recording_id,
        SensorEvent.kind == kind,
        SensorEvent.cleared_at.is_(None),
    )
    if message is not None:
        stmt = stmt.where(SensorEvent.message == message)
    return session.execute(
        stmt.order_by(SensorEvent.at.desc(), SensorEvent.id.desc()).limit(1)
    ).scalar_one_or_none()


def events(
    session: Session, scope: AthleteScope, *, open_only: bool = False
) -> Sequence[SensorEvent]:
    """The scoped athlete's events, oldest first (only uncleared ones with ``open_only``)."""
    stmt = select(SensorEvent).where(SensorEvent.athlete_id == scope.athlete_id)
    if open_only:
        stmt = stmt.where(SensorEvent.cleared_at.is_(None))
    return session.execute(stmt.order_by(SensorEvent.at, SensorEvent.id)).scalars().all()


def clear_event(session: Session, scope: AthleteScope, event_id: int, at: datetime) -> bool:
    """Mark one of the scoped athlete's events cleared; False if it is not theirs or unknown."""
    result = session.execute(
        update(SensorEvent)
        .where(
            SensorEvent.id == event_id,
            SensorEvent.athlete_id == scope.athlete_id,
            SensorEvent.cleared_at.is_(None),
        )
        .values(cleared_at=at)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- reading back
# Queries for the sensor service and API. Every one filters on the scoped athlete.


def recording(session: Session, scope: AthleteScope, recording_id: int) -> Recording | None:
    """The scoped athlete's recording with this id (None if absent or someone else's)."""
    return session.execute(
        select(Recording).where(
            Recording.id == recording_id, Recording.athlete_id == scope.athlete_id
        )
    ).scalar_one_or_none()


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
