"""Recordings: found or created by key (one at a time or a batch at once), their counters
incremented in bulk, ended, listed for an athlete, and what an athlete left behind.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from fitcoach.core.errors import Conflict
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.db import among
from fitcoach.storage.models import Device, Recording
from fitcoach.storage.models.sensors import SessionSummary
from fitcoach.storage.repositories.bulk import driver_errors, upsert_insert


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
    summary: SessionSummary | None = None,
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


# Queries for the sensor service and API. Every one filters on the scoped athlete.


def recording(session: Session, scope: AthleteScope, recording_id: int) -> Recording | None:
    """The scoped athlete's recording with this id (None if absent or someone else's)."""
    return session.execute(
        select(Recording).where(
            Recording.id == recording_id, Recording.athlete_id == scope.athlete_id
        )
    ).scalar_one_or_none()
