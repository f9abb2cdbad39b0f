"""The stream workers' batch forms: many athletes and recordings per statement, same rules.

Each batch function must give what the one-at-a-time function gives for every item: scoping
(another athlete's recording is never read or written), duplicates skipped and counted, and
the same stored bytes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from sqlalchemy import Table, func, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session
from tests.conftest import copied_database
from tests.factories import as_subject, make_athlete, subject_of

from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import Role
from fitcoach.core.errors import NotFound
from fitcoach.services import athletes, consent
from fitcoach.services.context import ServiceContext
from fitcoach.storage import waveform
from fitcoach.storage.access import AthleteScope, Subject, scope_for, scopes_for
from fitcoach.storage.db import among
from fitcoach.storage.models import Recording, Vital, WaveformChunk
from fitcoach.storage.repositories import bulk
from fitcoach.storage.repositories import sensors as repo
from fitcoach.storage.repositories.sensors import recording_store

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
CHUNKS: Table = WaveformChunk.__table__  # type: ignore[assignment]  # (a FromClause to mypy)


def _scopes(ctx: ServiceContext, n: int) -> list[AthleteScope]:
    return [scope_for(ctx.session, Subject.system(), make_athlete(ctx).id) for _ in range(n)]


def _row(recording_id: int, seq: int, channel: int = 1) -> tuple[Any, ...]:
    samples = np.arange(seq, seq + 25, dtype=np.int16)
    return (
        recording_id,
        3,
        channel,
        seq,
        100_000 * seq,
        0,
        250.0,
        25,
        2,
        waveform.encode(samples, 2),
        T0,
    )


def _chunks(session: Session, recording_id: int) -> int:
    return session.execute(
        select(func.count()).where(WaveformChunk.recording_id == recording_id)
    ).scalar_one()


def test_scopes_for_sees_what_scope_for_sees(ctx: ServiceContext) -> None:
    a, b, c = make_athlete(ctx), make_athlete(ctx), make_athlete(ctx)
    coach_id = athletes.create_staff_account(ctx, "coach@example.org", "Coach", Role.coach)
    athletes.link_coach(ctx, coach_id, a.id)
    ids = [a.id, b.id, c.id, 999_999]
    for subject in (
        Subject.system(),
        subject_of(ctx, b),
        Subject(coach_id, Role.coach),
    ):
        expected = set()
        for athlete_id in ids:
            with contextlib.suppress(NotFound):
                expected.add(scope_for(ctx.session, subject, athlete_id).athlete_id)
        found = scopes_for(ctx.session, subject, ids)
        assert set(found) == expected
        assert all(s.subject == subject and s.athlete_id == i for i, s in found.items())
    assert set(scopes_for(ctx.session, Subject.system(), ids)) == {a.id, b.id, c.id}
    assert set(scopes_for(ctx.session, subject_of(ctx, b), ids)) == {b.id}
    assert scopes_for(ctx.session, Subject.system(), []) == {}
    # Once the athlete withdraws coach_sharing, the linked coach sees nothing, as with scope_for.
    consent.withdraw(as_subject(ctx, subject_of(ctx, a)), a.id, "coach_sharing")
    assert scopes_for(ctx.session, Subject(coach_id, Role.coach), ids) == {}


def test_get_or_create_recordings_follows_one_call_per_key(ctx: ServiceContext) -> None:
    """Keys are unique per athlete: one key asked for by several athletes is a recording of
    each, and each pair is read or created through its own athlete's scope."""
    mine, theirs, third = _scopes(ctx, 3)
    existing = repo.get_or_create_recording(
        ctx.session, theirs, "taken", device_id=None, started_at=T0
    )
    got = repo.get_or_create_recordings(
        ctx.session,
        [
            ("new-1", mine, None),
            ("taken", mine, None),  # another athlete has this key: mine is another recording
            ("taken", theirs, None),  # the owner gets theirs
            ("shared", third, None),  # two athletes new to one key: one recording each
            ("shared", mine, None),
        ],
        started_at=T0,
    )
    owned = got[("taken", theirs.athlete_id)]
    assert owned is not None
    assert owned.id == existing.id
    for key, scope in (("taken", mine), ("shared", mine), ("shared", third)):
        made = got[(key, scope.athlete_id)]
        assert made is not None
        assert made.athlete_id == scope.athlete_id
        assert made.id != existing.id
    assert got[("shared", mine.athlete_id)].id != got[("shared", third.athlete_id)].id  # type: ignore[union-attr]
    created = got[("new-1", mine.athlete_id)]
    assert created is not None
    assert created.athlete_id == mine.athlete_id
    assert created.status == "active"
    assert created.counters == {}
    again = repo.get_or_create_recordings(ctx.session, [("new-1", mine, None)], started_at=T0)
    assert again[("new-1", mine.athlete_id)] is created
    assert repo.recordings_by_keys(ctx.session, [("new-1", theirs)]) == {}


def test_store_chunks_counts_new_chunks_per_recording(ctx: ServiceContext) -> None:
    mine, theirs = _scopes(ctx, 2)
    a = repo.get_or_create_recording(ctx.session, mine, "a", device_id=None, started_at=T0)
    b = repo.get_or_create_recording(ctx.session, theirs, "b", device_id=None, started_at=T0)
    rows = [_row(a.id, s) for s in range(5)] + [_row(b.id, s) for s in range(3)]
    assert repo.store_chunks(ctx.session, rows) == {a.id: 5, b.id: 3}
    # A re-delivery (partly stored, one chunk twice in the batch): only the new ones count,
    # recording by recording, and what was stored before is untouched.
    again = [_row(a.id, s) for s in range(3, 8)] + [_row(b.id, 2), _row(b.id, 9), _row(b.id, 9)]
    assert repo.store_chunks(ctx.session, again) == {a.id: 3, b.id: 1}
    assert _chunks(ctx.session, a.id) == 8
    assert _chunks(ctx.session, b.id) == 4
    assert repo.store_chunks(ctx.session, []) == {}
    stored = repo.chunks(ctx.session, mine, a.id, 1)
    assert [c.seq for c in stored] == list(range(8))
    assert waveform.decode(stored[4].data).tolist() == list(range(4, 29))
    assert stored[0].received_at == T0
    # Every column as given (PostgreSQL's COPY goes in binary: each value by its column's type).
    assert [tuple(getattr(c, name) for name in repo.CHUNK_COLUMNS) for c in stored[:5]] == rows[:5]


def test_store_chunks_keeps_the_unit_of_work_going_after_a_duplicate(ctx: ServiceContext) -> None:
    """The savepoint undoes only the failed batch insert: earlier writes of the transaction
    stay, and the transaction goes on."""
    (mine,) = _scopes(ctx, 1)
    a = repo.get_or_create_recording(ctx.session, mine, "a", device_id=None, started_at=T0)
    repo.store_chunks(ctx.session, [_row(a.id, 0)])
    repo.store_chunks(ctx.session, [_row(a.id, 0), _row(a.id, 1)])
    repo.add_counters_many(ctx.session, [(a, {"chunks": 2})])
    ctx.session.commit()
    assert _chunks(ctx.session, a.id) == 2
    assert a.counters == {"chunks": 2}


def test_vitals_for_many_recordings_are_scoped(ctx: ServiceContext) -> None:
    mine, theirs = _scopes(ctx, 2)
    a = repo.get_or_create_recording(ctx.session, mine, "a", device_id=None, started_at=T0)
    b = repo.get_or_create_recording(ctx.session, theirs, "b", device_id=None, started_at=T0)
    rows = [{"at": T0 + timedelta(seconds=s), "hr_bpm": 60.0 + s} for s in range(4)]
    assert repo.add_vitals_many(ctx.session, [(mine, a.id, rows), (theirs, b.id, rows[:2])]) == 6
    assert repo.add_vitals_many(ctx.session, [(mine, a.id, rows[2:]), (theirs, b.id, [])]) == 0
    with pytest.raises(NotFound):  # another athlete's recording: nothing stored at all
        repo.add_vitals_many(
            ctx.session,
            [(mine, a.id, [{"at": T0 + timedelta(seconds=9)}]), (mine, b.id, rows)],
        )
    assert ctx.session.execute(select(func.count()).select_from(Vital)).scalar_one() == 6
    stored = repo.recording_vitals(ctx.session, mine, a.id)
    assert [v.hr_bpm for v in stored] == [60.0, 61.0, 62.0, 63.0]
    assert all(v.spo2_calibrated is False and v.spo2_pct is None for v in stored)
    window = {"first": T0 + timedelta(seconds=1), "last": T0 + timedelta(seconds=10)}
    times = repo.vital_times_many(
        ctx.session, [(mine, a.id), (theirs, b.id), (mine, b.id)], **window
    )
    assert times[a.id] == {T0 + timedelta(seconds=s) for s in (1, 2, 3)}
    assert times[b.id] == {T0 + timedelta(seconds=1)}  # theirs, through their scope
    assert times == {
        a.id: repo.vital_times(ctx.session, mine, a.id, **window),
        b.id: repo.vital_times(ctx.session, theirs, b.id, **window),
    }


def test_insert_rows_takes_tuples_and_skips_duplicates(ctx: ServiceContext) -> None:
    (mine,) = _scopes(ctx, 1)
    a = repo.get_or_create_recording(ctx.session, mine, "a", device_id=None, started_at=T0)
    rows = [_row(a.id, s) for s in range(4)]

    def insert(batch: list[tuple[Any, ...]]) -> int:
        return bulk.insert_rows(
            ctx.session, CHUNKS, repo.CHUNK_COLUMNS, batch, conflict_columns=repo.CHUNK_CONFLICT
        )

    assert insert(rows) == 4
    assert insert([*rows[2:], _row(a.id, 7)]) == 1
    assert insert([]) == 0
    assert _chunks(ctx.session, a.id) == 5


def test_encode_many_is_encode() -> None:
    rng = np.random.default_rng(4)
    chunks: list[np.ndarray] = []
    widths: list[int] = []
    dtypes = {1: np.int8, 2: np.int16, 4: np.int32, 8: np.int64}
    for i in range(3000):
        width = int(rng.choice([1, 2, 4, 8]))
        n = int(rng.choice([0, 1, 2, 4, 10, 25, 255]))
        bound = 1 << (8 * width - 1)
        step = int(rng.choice([1, 6, 300, 70_000]))
        start = int(rng.integers(-min(bound, 2**40), min(bound, 2**40) - 1))
        values = np.clip(start + np.cumsum(rng.integers(-step, step + 1, n)), -bound, bound - 1)
        if i % 9 == 0:
            values = np.full(n, start)
        elif i % 9 == 1:  # a ramp: all differences equal (zlib is tried on short ones too)
            values = np.clip(start + int(rng.integers(-3, 4)) * np.arange(n), -bound, bound - 1)
        chunks.append(values.astype(dtypes[width]))
        widths.append(width)
    assert waveform.encode_many(chunks, widths) == [
        waveform.encode(c, w) for c, w in zip(chunks, widths, strict=True)
    ]
    with pytest.raises(ValueError, match="does not fit"):
        waveform.encode_many([np.array([1, 200])], [1])
    with pytest.raises(ValueError, match="sample_width"):
        waveform.encode_many([np.array([1, 2])], [3])


def test_counters_are_incremented_in_the_database(ctx: ServiceContext) -> None:
    mine, theirs = _scopes(ctx, 2)
    a = repo.get_or_create_recording(ctx.session, mine, "a", device_id=None, started_at=T0)
    b = repo.get_or_create_recording(ctx.session, theirs, "b", device_id=None, started_at=T0)
    repo.keep_counter(ctx.session, mine, a.id, "vitals_origin_us", 5)  # another writer's counter
    repo.increment_counters(ctx.session, [(mine, a.id, {"chunks": 2})])
    repo.increment_counters(
        ctx.session,
        [
            (mine, a.id, {"chunks": 3, "frames_received": 4}),
            (mine, b.id, {"chunks": 100}),  # not theirs to count: nothing changes
            (theirs, b.id, {"chunks": 1, "duplicates": 0}),
        ],
    )
    ctx.session.expire_all()
    assert repo.recording(ctx.session, mine, a.id).counters == {  # type: ignore[union-attr]
        "vitals_origin_us": 5,
        "chunks": 5,
        "frames_received": 4,
    }
    assert repo.recording(ctx.session, theirs, b.id).counters == {  # type: ignore[union-attr]
        "chunks": 1,
        "duplicates": 0,
    }
    with pytest.raises(ValueError, match="identifiers"):
        repo.increment_counters(ctx.session, [(mine, a.id, {"x'; --": 1})])


def test_a_driver_error_is_sqlalchemys_own(ctx: ServiceContext) -> None:
    """A chunk of a recording that does not exist breaks the foreign key: the raw driver's
    error comes up as SQLAlchemy's IntegrityError, which the stream workers retry on."""
    with pytest.raises(IntegrityError):
        repo.store_chunks(ctx.session, [_row(987_654, 1)])


def test_counters_without_update_from(ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite before 3.33 has no UPDATE ... FROM: one UPDATE per recording, the same result."""
    monkeypatch.setattr(recording_store, "sqlite3", SimpleNamespace(sqlite_version_info=(3, 31, 1)))
    mine, theirs = _scopes(ctx, 2)
    a = repo.get_or_create_recording(ctx.session, mine, "a", device_id=None, started_at=T0)
    repo.increment_counters(ctx.session, [(mine, a.id, {"chunks": 2, "duplicates": 1})])
    repo.increment_counters(
        ctx.session, [(mine, a.id, {"chunks": 3}), (theirs, a.id, {"chunks": 9})]
    )
    ctx.session.expire_all()
    found = repo.recording(ctx.session, mine, a.id)
    assert found is not None
    assert found.counters == {"chunks": 5, "duplicates": 1}


@pytest.mark.parametrize("values", [[], [3], [1, 2, 2, 99], ["a", "b'c", "é"]])
def test_among_is_in(ctx: ServiceContext, values: list[Any]) -> None:
    """The one-parameter IN finds what a plain IN finds, for ids and for keys."""
    mine, theirs = _scopes(ctx, 2)
    for n, key in enumerate(["a", "b'c", "é", "z"]):
        repo.get_or_create_recording(
            ctx.session, (mine, theirs)[n % 2], key, device_id=None, started_at=T0
        )
    ids = [r.id for r in repo.recordings(ctx.session, mine) + repo.recordings(ctx.session, theirs)]
    column = Recording.key if values and isinstance(values[0], str) else Recording.id
    wanted = values if column is Recording.key else [ids[0] + v - 1 for v in values]

    def keys(condition: Any) -> set[str]:
        return set(ctx.session.execute(select(Recording.key).where(condition)).scalars())

    assert keys(among(ctx.session, column, wanted)) == keys(column.in_(wanted))


@pytest.fixture
def postgres_ctx(
    postgres_template: str, tmp_path: Path, clock: FixedClock
) -> Iterator[ServiceContext]:
    """A service context on a PostgreSQL copy of its own (what only ``COPY`` does)."""
    for database in copied_database("postgres", postgres_template, tmp_path):
        with database.factory() as session:
            yield ServiceContext(session=session, subject=Subject.system(), clock=clock)


def test_copy_reads_the_column_types_again_after_they_changed(
    postgres_ctx: ServiceContext,
) -> None:
    """``copy_rows`` keeps each table's column types for binary COPY; after a migration changed
    one while the process ran, the COPY that fails makes the next one read them again, so the
    batch goes in when retried instead of failing until a restart."""
    ctx = postgres_ctx
    (mine,) = _scopes(ctx, 1)
    a = repo.get_or_create_recording(ctx.session, mine, "a", device_id=None, started_at=T0)
    ctx.session.commit()
    assert repo.store_chunks(ctx.session, [_row(a.id, 0)]) == {a.id: 1}  # types now kept
    ctx.session.commit()
    engine = ctx.session.get_bind()
    with engine.begin() as conn:  # another process migrates: integer → bigint
        conn.exec_driver_sql("ALTER TABLE waveform_chunks ALTER COLUMN n_samples TYPE bigint")
    rows = [_row(a.id, 1), _row(a.id, 2)]
    with pytest.raises(DBAPIError):  # the kept int4 is not the column's int8 in binary
        repo.store_chunks(ctx.session, rows)
    ctx.session.rollback()
    assert repo.store_chunks(ctx.session, rows) == {a.id: 2}  # the retry reads the catalogue
    ctx.session.commit()
    stored = repo.chunks(ctx.session, mine, a.id, 1)
    assert [(c.seq, c.n_samples) for c in stored] == [(0, 25), (1, 25), (2, 25)]
    assert waveform.decode(stored[2].data).tolist() == list(range(2, 27))
