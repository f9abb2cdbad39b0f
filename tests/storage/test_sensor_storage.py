"""Sensor storage: the waveform chunk codec, recordings, vitals and events (scoped), retention."""

from __future__ import annotations

import functools
import shutil
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.conftest import Database, shared_data
from tests.factories import make_athlete
from typer.testing import CliRunner

from fitcoach.cli import app
from fitcoach.core.clock import FixedClock
from fitcoach.core.errors import NotFound
from fitcoach.core.settings import get_settings
from fitcoach.sensors.frames import Channel
from fitcoach.sensors.profiles import BOARD_V1
from fitcoach.services.context import ServiceContext
from fitcoach.storage import waveform
from fitcoach.storage.access import AthleteScope, Subject, scope_for
from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work
from fitcoach.storage.models import SensorEvent, Vital, WaveformChunk
from fitcoach.storage.repositories import sensors as repo
from fitcoach.workers.frames import prune_waveforms

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

# --------------------------------------------------------------------------- codec


@st.composite
def _samples(draw: st.DrawFn) -> tuple[list[int], int]:
    width = draw(st.sampled_from([1, 2, 4, 8]))
    bound = 1 << (8 * width - 1)
    values = draw(st.lists(st.integers(-bound, bound - 1), max_size=300))
    return values, width


@settings(max_examples=150, deadline=None)
@given(_samples())
def test_codec_round_trip_is_exact(case: tuple[list[int], int]) -> None:
    values, width = case
    data = waveform.encode(values, width)
    back = waveform.decode(data)
    assert back.tolist() == values
    assert back.dtype.itemsize == width
    assert waveform.sample_count(data) == len(values)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 1023), st.lists(st.integers(-20, 20), min_size=1, max_size=255))
def test_smooth_signals_shrink(start: int, steps: list[int]) -> None:
    values = np.clip(start + np.cumsum(steps), -32768, 32767)
    data = waveform.encode(values, 2)
    assert len(data) <= waveform.HEADER_SIZE + 2 + len(values) - 1  # one byte a difference
    assert waveform.decode(data).tolist() == values.tolist()


def test_codec_refuses_bad_input_and_corrupt_chunks() -> None:
    with pytest.raises(ValueError, match="does not fit"):
        waveform.encode([128], 1)
    with pytest.raises(ValueError, match="sample_width"):
        waveform.encode([1], 3)
    good = waveform.encode(list(range(0, 2000, 3)), 2)
    with pytest.raises(waveform.WaveformCodecError, match="too short"):
        waveform.decode(good[:3])
    with pytest.raises(waveform.WaveformCodecError, match="version-1"):
        waveform.decode(b"\x00" + good[1:])
    with pytest.raises(waveform.WaveformCodecError):
        waveform.decode(good[:-4])
    assert waveform.decode(waveform.encode([], 2)).tolist() == []


@functools.cache
def _mitdb_counts() -> np.ndarray:
    from scipy.signal import resample_poly

    ecg_mv = np.load(shared_data("mitdb-dev") / "100.npz")["ecg_mv"].astype(float)
    at_250_hz = resample_poly(ecg_mv, 25, 36)  # 360 Hz → the firmware's 250 Hz
    # As the reference board reads it: AD8232 gain 1100 into the UNO's 10-bit ADC on 5 V,
    # about 225 counts per mV, the output clipped at the front end's rails.
    ecg = BOARD_V1.channel(Channel.ECG)
    assert ecg.rails is not None
    return np.clip(ecg.to_counts(at_250_hz), *ecg.rails).astype(np.int16)


# Measured ratios (storage/waveform.py): 1.45, 2.17 and 2.88.
@pytest.mark.parametrize(("chunk", "at_least"), [(25, 1.4), (250, 2.1), (None, 2.8)])
def test_compression_on_real_ecg(chunk: int | None, at_least: float) -> None:
    counts = _mitdb_counts()
    size = chunk or len(counts)
    parts = [counts[i : i + size] for i in range(0, len(counts), size)]
    encoded = [waveform.encode(p, 2) for p in parts]
    assert np.array_equal(np.concatenate([waveform.decode(e) for e in encoded]), counts)
    ratio = counts.nbytes / sum(len(e) for e in encoded)
    assert ratio >= at_least


def _zlib_tried_on_every_body(data: bytes) -> int:
    """The size of a chunk had zlib been tried on its body whatever its length (the codec
    before ``waveform.SHORT_BODY``): the header and the smaller of the two bodies."""
    body = data[waveform.HEADER_SIZE :]
    if data[1] & 0x0F == waveform.CODEC_ZLIB:
        body = zlib.decompress(body)
    return waveform.HEADER_SIZE + min(len(body), len(zlib.compress(body, waveform.ZLIB_LEVEL)))


@pytest.mark.parametrize("chunk", [10, 25])
def test_short_bodies_skip_zlib_without_storing_more_on_real_ecg(chunk: int) -> None:
    counts = _mitdb_counts()
    encoded = [waveform.encode(counts[i : i + chunk], 2) for i in range(0, len(counts), chunk)]
    assert sum(map(len, encoded)) == sum(_zlib_tried_on_every_body(e) for e in encoded)


def test_short_bodies_go_through_zlib_only_with_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    compress = zlib.compress

    def counting(data: bytes, level: int = -1) -> bytes:
        calls.append(len(data))
        return compress(data, level)

    monkeypatch.setattr(waveform.zlib, "compress", counting)
    beat = [512, 515, 530, 580, 700, 640, 520, 490, 500, 505, 509, 511, 512, 514, 516, 519,
            523, 527, 530, 528, 524, 519, 515, 513, 512]  # fmt: skip
    for values in ([512] * 25, list(range(100, 150, 2)), [512, 512, 513, 513] * 6 + [512]):
        data = waveform.encode(values, 2)  # a flat line, a ramp, a slow last bit
        assert data[1] & 0x0F == waveform.CODEC_ZLIB
        assert len(data) < 7 + 2 + 24
        assert waveform.decode(data).tolist() == values
    assert len(calls) == 3
    data = waveform.encode(beat, 2)  # 26-byte body without runs: stored plain, zlib not asked
    assert len(calls) == 3
    assert data[1] & 0x0F == waveform.CODEC_RAW
    assert waveform.decode(data).tolist() == beat
    long = beat * 2  # 51 bytes: longer than SHORT_BODY, so zlib is asked
    assert waveform.decode(waveform.encode(long, 2)).tolist() == long
    assert len(calls) == 4


# --------------------------------------------------------------------------- repository


def _scopes(ctx: ServiceContext) -> tuple[AthleteScope, AthleteScope]:
    a = make_athlete(ctx)
    b = make_athlete(ctx)
    system = Subject.system()
    return scope_for(ctx.session, system, a.id), scope_for(ctx.session, system, b.id)


def _chunk_row(recording_id: int, seq: int, received_at: datetime) -> dict[str, object]:
    samples = list(range(seq, seq + 25))
    return {
        "recording_id": recording_id,
        "device_id": 3,
        "channel": 1,
        "seq": seq,
        "t_device_us": 100_000 * seq,
        "flags": 0,
        "sample_rate_hz": 250.0,
        "n_samples": 25,
        "sample_width": 2,
        "data": waveform.encode(samples, 2),
        "received_at": received_at,
    }


def test_recordings_are_scoped_to_their_athlete(ctx: ServiceContext, session: Session) -> None:
    mine, theirs = _scopes(ctx)
    repo.touch_devices(session, [3], T0)
    recording = repo.get_or_create_recording(session, mine, "rec-1", device_id=3, started_at=T0)
    again = repo.get_or_create_recording(
        session, mine, "rec-1", device_id=3, started_at=T0 + timedelta(hours=1)
    )
    assert again.id == recording.id
    assert again.started_at == T0
    assert repo.recording_by_key(session, theirs, "rec-1") is None
    # Keys are unique per athlete: the same key is another athlete's own recording, and
    # neither reads or names the other's.
    own = repo.get_or_create_recording(session, theirs, "rec-1", device_id=3, started_at=T0)
    assert own.id != recording.id
    assert own.athlete_id == theirs.athlete_id
    assert repo.recording_by_key(session, mine, "rec-1").id == recording.id  # type: ignore[union-attr]
    assert repo.recording_by_key(session, theirs, "rec-1").id == own.id  # type: ignore[union-attr]
    assert repo.insert_chunks(session, [_chunk_row(recording.id, s, T0) for s in range(4)]) == 4
    assert repo.insert_chunks(session, [_chunk_row(recording.id, s, T0) for s in range(2, 6)]) == 2
    assert repo.chunks(session, theirs, recording.id, 1) == []
    assert repo.samples(session, theirs, recording.id, 1).size == 0
    assert repo.samples(session, mine, recording.id, 1).tolist() == [
        v for s in range(6) for v in range(s, s + 25)
    ]
    assert [r.id for r in repo.recordings(session, mine)] == [recording.id]
    assert [r.id for r in repo.recordings(session, theirs)] == [own.id]
    assert repo.end_recording(session, mine, "rec-1", T0 + timedelta(hours=2)) is True
    assert repo.recording_by_key(session, mine, "rec-1").status == "ended"  # type: ignore[union-attr]
    assert repo.recording_by_key(session, theirs, "rec-1").status == "active"  # type: ignore[union-attr]


def test_two_workers_creating_one_recording_get_the_same_row(
    database: Database, ctx: ServiceContext
) -> None:
    """The frame consumer and the vitals worker may both see a new recording first: neither
    fails on the unique key, both get the one row."""
    import threading

    athlete = make_athlete(ctx)
    ctx.session.commit()
    start = threading.Barrier(4)
    ids: list[int] = []
    failures: list[BaseException] = []

    def create() -> None:
        try:
            start.wait(timeout=30)
            with unit_of_work(database.factory) as session:
                scope = scope_for(session, Subject.system(), athlete.id)
                ids.append(
                    repo.get_or_create_recording(
                        session, scope, "race", device_id=None, started_at=T0
                    ).id
                )
        except BaseException as exc:  # reported below with the thread's own error
            failures.append(exc)

    threads = [threading.Thread(target=create) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    assert len(ids) == 4
    assert len(set(ids)) == 1


def test_a_device_another_writer_creates_meanwhile_is_taken_not_a_failure(
    database: Database,
) -> None:
    """The first start of ``serve --simulate``: the frame consumer and the vitals worker both
    see the board for the first time. Here the other worker's row lands just before this
    one's insert (after any read this one made); the insert takes it instead of failing on
    the primary key, and ``last_seen`` still only moves forward."""
    from sqlalchemy import event

    from fitcoach.storage.models import Device

    other_done: list[bool] = []

    def other_writer_first(_conn, _cursor, statement: str, *_args: object) -> None:
        if not other_done and statement.lstrip().upper().startswith("INSERT INTO DEVICES"):
            other_done.append(True)
            with unit_of_work(database.factory) as other:
                repo.touch_devices(other, [41], T0 + timedelta(seconds=5))

    with unit_of_work(database.factory) as session:
        connection = session.connection()
        event.listen(connection, "before_cursor_execute", other_writer_first)
        try:
            repo.touch_devices(session, [41, 42], T0)
        finally:
            event.remove(connection, "before_cursor_execute", other_writer_first)
    assert other_done == [True]
    with unit_of_work(database.factory) as session:
        seen = {d.id: d.last_seen for d in session.execute(select(Device)).scalars()}
    assert seen == {41: T0 + timedelta(seconds=5), 42: T0}


def test_devices_last_seen_only_moves_forward(ctx: ServiceContext, session: Session) -> None:
    from fitcoach.storage.models import Device

    repo.touch_devices(session, [9], T0)
    repo.touch_devices(session, [9, 9], T0 + timedelta(minutes=5))
    repo.touch_devices(session, [9], T0 - timedelta(days=1))
    device = session.get(Device, 9)
    assert device is not None
    session.refresh(device)
    assert device.last_seen == T0 + timedelta(minutes=5)


def test_vitals_are_stored_once_per_second_and_missing_stays_missing(
    ctx: ServiceContext, session: Session
) -> None:
    mine, theirs = _scopes(ctx)
    recording = repo.get_or_create_recording(session, mine, "v", device_id=None, started_at=T0)
    rows = [
        {"at": T0, "hr_bpm": 62.0, "spo2_pct": 97.0, "spo2_calibrated": False},
        {"at": T0 + timedelta(seconds=1), "hr_bpm": 0.0, "breathing_rate_bpm": 14.0},
        {"at": T0 + timedelta(seconds=2), "etco2_mmhg": 38.5, "sqi_co2": 0.9},
    ]
    assert repo.add_vitals(session, mine, recording.id, rows) == 3
    assert repo.add_vitals(session, mine, recording.id, rows[1:]) == 0
    with pytest.raises(NotFound):
        repo.add_vitals(session, theirs, recording.id, rows)
    got = repo.vitals(session, mine, since=T0, until=T0 + timedelta(minutes=1))
    assert [v.hr_bpm for v in got] == [62.0, 0.0, None]  # 0 is a value; missing is None
    assert got[0].spo2_calibrated is False
    assert got[2].etco2_mmhg == 38.5
    assert repo.vitals(session, theirs, since=T0, until=T0 + timedelta(minutes=1)) == []


def test_events_are_scoped_and_cleared_once(ctx: ServiceContext, session: Session) -> None:
    mine, theirs = _scopes(ctx)
    event = repo.add_event(
        session,
        mine,
        SensorEvent(at=T0, kind="low_spo2", severity="critical", value=87.0, message="SpO2 87 %"),
    )
    repo.add_event(session, mine, SensorEvent(at=T0, kind="lead_off", severity="info"))
    assert [e.kind for e in repo.events(session, mine, open_only=True)] == ["low_spo2", "lead_off"]
    assert repo.events(session, theirs) == []
    assert repo.clear_event(session, theirs, event.id, T0) is False
    assert repo.clear_event(session, mine, event.id, T0 + timedelta(minutes=1)) is True
    assert repo.clear_event(session, mine, event.id, T0 + timedelta(minutes=2)) is False
    assert [e.kind for e in repo.events(session, mine, open_only=True)] == ["lead_off"]


def test_the_vitals_worker_queries_are_scoped(ctx: ServiceContext, session: Session) -> None:
    """What the vitals worker reads and writes of a recording: only through its athlete's
    scope; the key's owners are the one routing answer given without a scope."""
    mine, theirs = _scopes(ctx)
    recording = repo.get_or_create_recording(session, mine, "w", device_id=None, started_at=T0)
    assert repo.recording_owners(session, "w") == [mine.athlete_id]
    assert repo.recording_owners(session, "nobody's") == []
    rows = [{"at": T0 + timedelta(seconds=s), "hr_bpm": 60.0} for s in (1, 2, 5)]
    repo.add_vitals(session, mine, recording.id, rows)
    assert repo.last_vital_at(session, mine, recording.id) == T0 + timedelta(seconds=5)
    assert repo.last_vital_at(session, theirs, recording.id) is None
    window = {"first": T0 + timedelta(seconds=2), "last": T0 + timedelta(seconds=5)}
    assert repo.vital_times(session, mine, recording.id, **window) == {
        T0 + timedelta(seconds=2),
        T0 + timedelta(seconds=5),
    }
    assert repo.vital_times(session, theirs, recording.id, **window) == set()
    repo.keep_counter(session, theirs, recording.id, "origin", 7)
    repo.keep_counter(session, mine, recording.id, "origin", 5)
    repo.keep_counter(session, mine, recording.id, "origin", 6)  # the first value stays
    assert recording.counters == {"origin": 5}
    for message in ("ECG lead off", "PPG finger off"):
        repo.add_event(
            session,
            mine,
            SensorEvent(
                recording_id=recording.id,
                at=T0,
                kind="sensor_off",
                severity="warning",
                message=message,
            ),
        )
    found = repo.open_event(session, mine, recording.id, "sensor_off", message="PPG finger off")
    assert found is not None
    assert found.message == "PPG finger off"
    assert repo.open_event(session, theirs, recording.id, "sensor_off") is None
    repo.clear_event(session, mine, found.id, T0 + timedelta(seconds=9))
    assert (
        repo.open_event(session, mine, recording.id, "sensor_off", message="PPG finger off") is None
    )
    ended = T0 + timedelta(minutes=3)
    assert not repo.end_recording(session, theirs, "w", ended, summary={"x": 1})
    assert repo.end_recording(session, mine, "w", ended, summary={"trimp_edwards": 3.0})
    assert recording.counters == {"origin": 5, "summary": {"trimp_edwards": 3.0}}
    assert (recording.status, recording.ended_at) == ("ended", ended)


# --------------------------------------------------------------------------- retention


def _seed_old_and_new(database: Database) -> int:
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(T0))
        scope, _ = _scopes(ctx)
        recording = repo.get_or_create_recording(
            session, scope, "ret", device_id=None, started_at=T0
        )
        old = T0 - timedelta(days=31)
        rows = [_chunk_row(recording.id, s, old) for s in range(5)]
        rows += [_chunk_row(recording.id, s, T0 - timedelta(days=29)) for s in range(5, 8)]
        repo.insert_chunks(session, rows)
        repo.add_vitals(session, scope, recording.id, [{"at": old, "hr_bpm": 60.0}])
        repo.add_event(session, scope, SensorEvent(at=old, kind="lead_off", severity="info"))
        return recording.id


def _count(database: Database, model: type[object]) -> int:
    with database.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())  # type: ignore[arg-type]


def test_prune_deletes_only_old_raw_chunks(database: Database) -> None:
    _seed_old_and_new(database)
    assert prune_waveforms(database.factory, retention_days=30, clock=FixedClock(T0)) == 5
    assert _count(database, WaveformChunk) == 3
    assert _count(database, Vital) == 1
    assert _count(database, SensorEvent) == 1
    assert prune_waveforms(database.factory, retention_days=30, clock=FixedClock(T0)) == 0
    with pytest.raises(ValueError, match="at least 1"):
        prune_waveforms(database.factory, retention_days=0)


def test_cli_prune_and_help(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sqlite_template: Path
) -> None:
    db = tmp_path / "cli.sqlite3"
    shutil.copyfile(sqlite_template, db)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FITCOACH_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.delenv("FITCOACH_REDIS_URL", raising=False)
    get_settings.cache_clear()
    engine = make_engine(f"sqlite:///{db}")
    database = Database("sqlite", f"sqlite:///{db}", engine, make_session_factory(engine))
    try:
        # Chunks received 31 and 29 days before now (the CLI uses the real clock).
        now = datetime.now(UTC)
        with unit_of_work(database.factory) as session:
            ctx = ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(now))
            scope, _ = _scopes(ctx)
            rec = repo.get_or_create_recording(
                session, scope, "cli", device_id=None, started_at=now
            )
            repo.insert_chunks(
                session,
                [
                    _chunk_row(rec.id, 0, now - timedelta(days=31)),
                    _chunk_row(rec.id, 1, now - timedelta(days=29)),
                ],
            )
        runner = CliRunner()
        result = runner.invoke(app, ["ingest", "prune"])
        assert result.exit_code == 0, result.output
        assert "1 raw waveform chunks deleted" in result.output
        result = runner.invoke(app, ["ingest", "prune", "--days", "7"])
        assert result.exit_code == 0, result.output
        assert "1 raw waveform chunks deleted" in result.output
        for command in (["ingest"], ["ingest", "consume"], ["ingest", "prune"]):
            help_text = runner.invoke(app, [*command, "--help"]).output
            if command != ["ingest"]:
                assert "Example:" in help_text
    finally:
        engine.dispose()
        get_settings.cache_clear()
