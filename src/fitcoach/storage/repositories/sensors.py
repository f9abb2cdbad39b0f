"""Sensor storage: devices, recordings, waveform chunks, vitals and events.

Everything about an athlete goes through an ``AthleteScope``; a recording of another athlete is
not found. Chunk and vital writes are bulk ``INSERT ... ON CONFLICT DO NOTHING`` so that a
message delivered twice by the bus stores nothing twice. The caller's unit of work commits.

The stream workers use the ``..._many`` forms: each takes every recording of a batch at once
and runs a fixed number of statements, however many athletes the batch holds.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import ColumnElement, Table, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fitcoach.core.errors import Conflict, NotFound
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.db import among, write_savepoint
from fitcoach.storage.models import (
    Device,
    Recording,
    SensorEvent,
    Vital,
    WaveformChunk,
)
from fitcoach.storage.repositories.bulk import (
    copy_rows,
    driver_errors,
    insert_ignore,
    insert_rows,
    upsert_insert,
)

# numpy (and the chunk codec) on use: the athlete and account services import this module,
# and only reading a recording's samples needs them.
if TYPE_CHECKING:
    import numpy as np

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
    """Create unknown devices and move their ``last_seen`` forward to ``seen_at`` (never back).

    Atomic under concurrency: the frame consumer and the vitals worker both touch a board the
    first time its frames arrive (on a fresh database, the first start of ``serve
    --simulate``). A read-then-add let both see the device missing and the second insert fail
    on the primary key, its whole batch rolled back and retried; ``INSERT ... ON CONFLICT DO
    NOTHING`` (in id order, so two writers cannot deadlock) lets the second take the first's
    row."""
    ids = sorted(set(device_ids))
    if not ids:
        return
    session.execute(
        upsert_insert(session.get_bind().dialect.name, Device)
        .values([{"id": device_id, "label": "", "last_seen": seen_at} for device_id in ids])
        .on_conflict_do_nothing(index_elements=[Device.id])
    )
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


def recording_owners(session: Session, key: str) -> list[int]:
    """The athletes who have a recording ``key`` (keys are unique per athlete), by id.

    Only routing: a caller holding nothing but the key (``fitcoach ingest vitals --finish
    KEY``) learns whose scope to ask ``access.scope_for`` for, then reads the recording through
    that scope (``recording_by_key``). It returns no recording data.
    """
    return list(
        session.execute(
            select(Recording.athlete_id).where(Recording.key == key).order_by(Recording.athlete_id)
        ).scalars()
    )


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
    the winner's row instead of failing on the unique key and retrying its whole batch. Keys
    are unique per athlete: another athlete's recording with the same key is another row.
    """
    found = recording_by_key(session, scope, key)
    if found is not None:
        return found
    session.execute(
        upsert_insert(session.get_bind().dialect.name, Recording)
        .values(
            athlete_id=scope.athlete_id,
            device_id=device_id,
            key=key,
            started_at=started_at,
            status="active",
            counters={},
        )
        .on_conflict_do_nothing(index_elements=[Recording.athlete_id, Recording.key])
    )
    recording = recording_by_key(session, scope, key)
    if recording is None:  # deleted between the insert and the read (the athlete deleted)
        raise Conflict("the recording could not be stored; try again")
    return recording


def recordings_by_keys(
    session: Session, wanted: Iterable[tuple[str, AthleteScope]]
) -> dict[tuple[str, int], Recording]:
    """The recordings named by (key, scope) pairs, each read through its scope, in one query:
    (key, athlete id) → recording. A pair whose key is absent, or names another athlete's
    recording, is left out (as ``recording_by_key`` gives None)."""
    pairs = {(key, scope.athlete_id) for key, scope in wanted}
    if not pairs:
        return {}
    # Two plain IN lists (a tuple IN costs SQLAlchemy far more to expand): every row read is
    # of one of the scoped athletes; the pairs not asked for are dropped here.
    rows = session.execute(
        select(Recording).where(
            among(session, Recording.key, (key for key, _ in pairs)),
            among(session, Recording.athlete_id, (athlete for _, athlete in pairs)),
        )
    ).scalars()
    return {(row.key, row.athlete_id): row for row in rows if (row.key, row.athlete_id) in pairs}


def get_or_create_recordings(
    session: Session,
    wanted: Sequence[tuple[str, AthleteScope, int | None]],
    *,
    started_at: datetime,
) -> dict[tuple[str, int], Recording | None]:
    """``get_or_create_recording`` for many (key, scope, device id) in at most three
    statements: read, insert the missing (key, athlete) pairs (``ON CONFLICT DO NOTHING``, in
    key order so that two workers creating the same recordings cannot deadlock), read those
    again. Returns (key, athlete id) → recording (None only where a recording vanished
    between the insert and the read: its athlete deleted meanwhile). Keys are unique per
    athlete: two athletes asking for one key get a recording each."""
    found = recordings_by_keys(session, ((key, scope) for key, scope, _ in wanted))
    first: dict[tuple[str, int], tuple[AthleteScope, int | None]] = {}
    for key, scope, device_id in wanted:
        if (key, scope.athlete_id) not in found:
            first.setdefault((key, scope.athlete_id), (scope, device_id))
    if first:
        session.execute(
            upsert_insert(session.get_bind().dialect.name, Recording)
            .values(
                [
                    {
                        "athlete_id": scope.athlete_id,
                        "device_id": device_id,
                        "key": key,
                        "started_at": started_at,
                        "status": "active",
                        "counters": {},
                    }
                    for (key, _athlete), (scope, device_id) in sorted(first.items())
                ]
            )
            .on_conflict_do_nothing(index_elements=[Recording.athlete_id, Recording.key])
        )
        found.update(
            recordings_by_keys(
                session,
                ((key, scope) for key, scope, _ in wanted if (key, scope.athlete_id) in first),
            )
        )
    return {(key, scope.athlete_id): found.get((key, scope.athlete_id)) for key, scope, _ in wanted}


COUNTER_ROWS = 500  # recordings per counters UPDATE (a VALUES list of bound parameters)


def increment_counters(
    session: Session, increments: Sequence[tuple[AthleteScope, int, Mapping[str, int]]]
) -> None:
    """Add to counters of the scoped athletes' recordings ((scope, recording id, name →
    amount) each) in the database: one ``UPDATE ... FROM (VALUES ...)`` for up to
    ``COUNTER_ROWS`` recordings (per set of names), so that a batch of hundreds of athletes
    costs one statement and two writers (two consumers, or the vitals worker setting its own
    counter) never lose each other's updates. A counter that does not exist yet starts at 0;
    the others are left as they are."""
    by_names: dict[tuple[str, ...], list[tuple[AthleteScope, int, Mapping[str, int]]]] = {}
    for item in increments:
        by_names.setdefault(tuple(sorted(item[2])), []).append(item)
    dialect = session.get_bind().dialect.name
    for names, items in by_names.items():
        if not names:
            continue
        if not all(name.isidentifier() for name in names):
            raise ValueError("counter names are identifiers")
        items.sort(key=lambda item: item[1])  # one lock order for every writer
        for start in range(0, len(items), COUNTER_ROWS):
            _increment(session, dialect, names, items[start : start + COUNTER_ROWS])


def _increment(
    session: Session,
    dialect: str,
    names: tuple[str, ...],
    items: Sequence[tuple[AthleteScope, int, Mapping[str, int]]],
) -> None:
    # Run on the driver's connection (the session's own, in its transaction): binding hundreds
    # of parameters through SQLAlchemy cost twenty times the statement itself.
    raw: Any = session.connection().connection.driver_connection
    per_row = [
        (recording_id, scope.athlete_id, *(int(values[n]) for n in names))
        for scope, recording_id, values in items
    ]
    if dialect == "sqlite" and sqlite3.sqlite_version_info < (3, 33, 0):  # no UPDATE ... FROM
        pairs = ", ".join(
            f"'$.{name}', coalesce(json_extract(counters, '$.{name}'), 0) + ?" for name in names
        )
        sql = (
            f"UPDATE recordings SET counters = json_set(coalesce(counters, '{{}}'), {pairs}) "
            "WHERE id = ? AND athlete_id = ?"
        )
        with driver_errors(session, sql):
            raw.executemany(sql, [(*row[2:], row[0], row[1]) for row in per_row])
        return
    # The rows' columns are column1, column2 ...: id, athlete id, the amounts.
    amounts = range(3, 3 + len(names))
    width = 2 + len(names)
    if dialect != "sqlite":
        # One array per column (``unnest``): the statement's text is the same for any number
        # of rows, so psycopg converts it once and the server can keep it prepared.
        fields = ", ".join(
            f"'{name}', coalesce((counters->>'{name}')::bigint, 0) + v.column{c}"
            for name, c in zip(names, amounts, strict=True)
        )
        value = f"(coalesce(counters::jsonb, '{{}}'::jsonb) || jsonb_build_object({fields}))::json"
        arrays = ", ".join("%s::bigint[]" for _ in range(width))
        columns = ", ".join(f"column{c}" for c in range(1, width + 1))
        sql = (
            f"UPDATE recordings SET counters = {value} "  # names checked: identifiers
            f"FROM unnest({arrays}) AS v({columns}) "
            "WHERE recordings.id = v.column1 AND recordings.athlete_id = v.column2"
        )
        with driver_errors(session, sql), raw.cursor() as cursor:
            cursor.execute(sql, [list(column) for column in zip(*per_row, strict=True)])
        return
    pairs = ", ".join(
        f"'$.{name}', coalesce(json_extract(counters, '$.{name}'), 0) + v.column{c}"
        for name, c in zip(names, amounts, strict=True)
    )
    value = f"json_set(coalesce(counters, '{{}}'), {pairs})"
    row = "(" + ", ".join("?" for _ in range(width)) + ")"
    sql = (
        f"UPDATE recordings SET counters = {value} "  # names checked: identifiers
        f"FROM (VALUES {', '.join(row for _ in per_row)}) AS v "
        "WHERE recordings.id = v.column1 AND recordings.athlete_id = v.column2"
    )
    with driver_errors(session, sql):
        raw.execute(sql, [v for r in per_row for v in r])


def add_counters_many(
    session: Session, increments: Sequence[tuple[Recording, Mapping[str, int]]]
) -> None:
    """``add_counters`` for many recordings, flushed once."""
    for recording, values in increments:
        counters = dict(recording.counters or {})
        for name, value in values.items():
            counters[name] = int(counters.get(name, 0)) + int(value)
        recording.counters = counters
    session.flush()


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


class _Duplicates(Exception):
    """Some chunks of a batch were stored already: undo the batch and count them one by one."""


UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE (psycopg's UniqueViolation)


def store_chunks(session: Session, rows: Sequence[tuple[Any, ...]]) -> dict[int, int]:
    """Store chunk rows given as tuples in ``CHUNK_COLUMNS`` order; returns how many were new
    per recording id (a chunk already stored, or twice in ``rows``, is skipped).

    The rows' ``recording_id`` must come from a scoped lookup (``get_or_create_recordings``).
    The common case, no duplicates, is one statement under a savepoint: PostgreSQL's ``COPY``
    straight into the table, SQLite's ``executemany``. When some were stored already (a
    re-delivery), the savepoint is rolled back and the rows go in recording by recording with
    ``ON CONFLICT DO NOTHING``, which counts them.
    """
    if not rows:
        return {}
    table: Table = WaveformChunk.__table__  # type: ignore[assignment]
    postgres = session.get_bind().dialect.name == "postgresql"
    try:
        with write_savepoint(session):
            if postgres:
                copy_rows(session, table, CHUNK_COLUMNS, rows)
            elif insert_rows(
                session, table, CHUNK_COLUMNS, rows, conflict_columns=CHUNK_CONFLICT
            ) != len(rows):
                raise _Duplicates
        return dict(Counter(row[0] for row in rows))
    except _Duplicates:
        pass
    except IntegrityError as exc:  # COPY met a stored chunk (anything else goes up)
        if getattr(exc.orig, "sqlstate", None) != UNIQUE_VIOLATION:
            raise
    by_recording: dict[int, list[tuple[Any, ...]]] = {}
    for row in rows:
        by_recording.setdefault(row[0], []).append(row)
    return {
        recording_id: insert_rows(
            session, table, CHUNK_COLUMNS, group, conflict_columns=CHUNK_CONFLICT
        )
        for recording_id, group in by_recording.items()
    }


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
    import numpy as np

    from fitcoach.storage import waveform

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


def add_vitals_many(
    session: Session,
    batches: Sequence[tuple[AthleteScope, int, Sequence[Mapping[str, Any]]]],
) -> int:
    """``add_vitals`` for several recordings of scoped athletes ((scope, recording id, rows)
    each) in two statements: one check that every recording is its scope's athlete's
    (``NotFound`` otherwise, and nothing is stored) and one insert. Returns how many rows
    were new."""
    batches = [b for b in batches if b[2]]
    if not batches:
        return 0
    pairs = {(recording_id, scope.athlete_id) for scope, recording_id, _ in batches}
    owned = {
        (int(r), int(a))
        for r, a in session.execute(
            select(Recording.id, Recording.athlete_id).where(
                among(session, Recording.id, (r for r, _ in pairs)),
                among(session, Recording.athlete_id, (a for _, a in pairs)),
            )
        )
    }
    if not pairs <= owned:
        raise NotFound("recording not found")
    columns = ("athlete_id", "recording_id", "at", *VITAL_FIELDS)
    rows = [
        (
            scope.athlete_id,
            recording_id,
            row["at"],
            *[
                bool(row.get(f, False)) if f == "spo2_calibrated" else row.get(f)
                for f in VITAL_FIELDS
            ],
        )
        for scope, recording_id, items in batches
        for row in items
    ]
    return insert_rows(
        session,
        Vital.__table__,  # type: ignore[arg-type]
        columns,
        rows,
        conflict_columns=VITAL_CONFLICT,
    )


def vital_times_many(
    session: Session,
    recordings: Sequence[tuple[AthleteScope, int]],
    *,
    first: datetime,
    last: datetime,
) -> dict[int, set[datetime]]:
    """``vital_times`` for several recordings of scoped athletes in one query: recording id →
    the seconds already stored in ``[first, last]`` (UTC)."""
    if not recordings:
        return {}
    pairs = {(scope.athlete_id, recording_id) for scope, recording_id in recordings}
    out: dict[int, set[datetime]] = {recording_id: set() for _, recording_id in recordings}
    rows = session.execute(
        select(Vital.athlete_id, Vital.recording_id, Vital.at).where(
            among(session, Vital.athlete_id, (a for a, _ in pairs)),
            among(session, Vital.recording_id, (r for _, r in pairs)),
            Vital.at >= first,
            Vital.at <= last,
        )
    )
    for athlete_id, recording_id, at in rows:
        if (athlete_id, recording_id) in pairs:
            out[int(recording_id)].add(_utc(at))
    return out


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
