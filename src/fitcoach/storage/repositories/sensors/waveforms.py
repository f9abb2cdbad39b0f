"""Waveform chunks: bulk inserts that store a chunk delivered twice once, the samples read
back (NumPy on use), the keys and totals per recording, and pruning by age.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fitcoach.storage.access import AthleteScope
from fitcoach.storage.db import write_savepoint
from fitcoach.storage.models import Recording, WaveformChunk
from fitcoach.storage.repositories.bulk import copy_rows, insert_ignore, insert_rows
from fitcoach.storage.rows import WaveformChunkValues

# numpy (and the chunk codec) on use: the athlete and account services import this package,
# and only reading a recording's samples needs them.
if TYPE_CHECKING:
    import numpy as np


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


def insert_chunks(session: Session, rows: Iterable[WaveformChunkValues]) -> int:
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
