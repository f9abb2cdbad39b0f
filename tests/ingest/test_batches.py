"""Batches of many athletes: the workers resolve and store a whole batch at once, and that must
change nothing of what each athlete's frames give.

SQLite is paired with the in-process bus, PostgreSQL with Redis Streams (as in
``test_consumer``).
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from tests.conftest import Database
from tests.ingest.helpers import new_athlete, recording_frames

from fitcoach.analysis.signals import VitalsMonitor
from fitcoach.core.clock import FixedClock
from fitcoach.core.settings import DEFAULT_THRESHOLDS
from fitcoach.ingest.bus import InMemoryBus, RedisBus, decode_payload, encode_payload
from fitcoach.ingest.frames import BadPayload, _parse_checked, parse_frame
from fitcoach.ingest.producers import frame_payload, publish_frames
from fitcoach.sensors.frames import Channel
from fitcoach.sensors.profiles import DEFAULT_PROFILE
from fitcoach.sensors.simulator import Simulator
from fitcoach.services import consent
from fitcoach.services.context import ServiceContext
from fitcoach.services.sensor_ingest import DeviceToucher
from fitcoach.storage.access import Subject
from fitcoach.storage.db import unit_of_work
from fitcoach.storage.models import Device, Recording, Vital
from fitcoach.workers.frames import ConsumerConfig, FrameConsumer
from fitcoach.workers.vitals import VitalsConfig, VitalsWorker, max_hr_for, vital_row

Bus = InMemoryBus | RedisBus
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
BIRTH = date(1992, 5, 17)  # the factories' athlete
USED = (Channel.ECG, Channel.PPG_RED, Channel.PPG_IR, Channel.CO2)


@pytest.fixture
def bus(database: Database, request: pytest.FixtureRequest) -> Bus:
    if database.kind == "sqlite":
        return InMemoryBus()
    redis_bus: RedisBus = request.getfixturevalue("redis_bus")
    return redis_bus


def _bare_monitor_vitals(scenario: str, seed: int, seconds: int) -> list[dict[str, Any]]:
    """What a bare VitalsMonitor computes from the simulator's signals, second by second."""
    stream = Simulator(scenario, seed=seed).frames(seconds)
    signals = {c: DEFAULT_PROFILE.channel(c).to_physical(stream.signals[c]) for c in USED}
    monitor = VitalsMonitor(
        max_hr_bpm=max_hr_for(BIRTH, T0.date(), DEFAULT_THRESHOLDS.default_max_hr_bpm)
    )
    rows = []
    for s in range(seconds):
        monitor.push_ecg(signals[Channel.ECG][s * 250 : (s + 1) * 250])
        monitor.push_ppg(
            signals[Channel.PPG_RED][s * 100 : (s + 1) * 100],
            signals[Channel.PPG_IR][s * 100 : (s + 1) * 100],
        )
        monitor.push_co2(signals[Channel.CO2][s * 20 : (s + 1) * 20])
        vitals, _ = monitor.tick(s + 1.0)
        rows.append(vital_row(T0 + timedelta(seconds=s + 1), vitals))
    return rows


def test_the_worker_stores_exactly_what_a_bare_monitor_computes(
    database: Database, bus: Bus, prefix: str
) -> None:
    """Two athletes' boards interleaved second by second, read in batches that cut seconds
    apart: every stored second equals the bare analysis of the same signals."""
    seconds = 75
    boards = {"rest": (1, 11), "pvc": (2, 12)}  # scenario: (seed, device id)
    athletes = {scenario: new_athlete(database.factory) for scenario in boards}
    streams = {
        scenario: Simulator(scenario, seed=seed, device_id=device).frames(seconds)
        for scenario, (seed, device) in boards.items()
    }
    frames = f"{prefix}:frames"
    for s in range(seconds):
        for scenario, stream in streams.items():
            this_second = [
                f
                for f, at in zip(stream.frames, stream.emit_times_s, strict=True)
                if s < at <= s + 1 and f.channel in USED
            ]
            publish_frames(
                bus,
                this_second,
                athlete_id=athletes[scenario],
                recording_key=f"{prefix}-{scenario}",
                stream=frames,
            )
    config = VitalsConfig(
        stream=frames,
        consumer="v",
        batch=333,
        block_ms=50,
        vitals_stream=f"{prefix}:vitals",
        alerts_stream=f"{prefix}:alerts",
    )
    worker = VitalsWorker(bus, database.factory, config, clock=FixedClock(T0))
    worker.run(once=True)
    assert worker.stats.bad == 0
    assert worker.stats.batches >= 15
    for scenario, (seed, _) in boards.items():
        expected = _bare_monitor_vitals(scenario, seed, seconds)
        with unit_of_work(database.factory) as session:
            stored = session.execute(
                select(Vital).where(Vital.athlete_id == athletes[scenario]).order_by(Vital.at)
            ).scalars()
            got = [
                {"at": v.at, **{k: getattr(v, k) for k in expected[0] if k != "at"}} for v in stored
            ]
        assert len(got) >= seconds - 6  # the last seconds wait for every channel
        assert got == expected[: len(got)]
        assert sum(row["hr_bpm"] is not None for row in got[12:]) > 0.9 * len(got[12:])


def test_one_batch_of_many_athletes_keeps_every_rule(
    database: Database, bus: Bus, prefix: str
) -> None:
    """Unknown athletes, withheld consent, a key two athletes use and re-delivered frames, all
    in one batch: each group is treated as it would be alone. Keys are unique per athlete: b's
    frames under a's key are b's own recording, and nothing of theirs lands in a's."""
    a, b, c = (new_athlete(database.factory) for _ in range(3))
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=Subject.system())
        consent.withdraw(ctx, c, "sensor_data")
    frames = recording_frames(10, device_id=5)
    stream = f"{prefix}:frames"
    config = ConsumerConfig(stream=stream, group="storage", consumer="c", block_ms=50)
    consumer = FrameConsumer(bus, database.factory, config, clock=FixedClock(T0))
    publish_frames(bus, frames[:20], athlete_id=a, recording_key=f"{prefix}-a", stream=stream)
    consumer.run(once=True)
    # One batch: a's frames again (10 stored already) and new ones, b on a's key, c without
    # consent, an athlete who does not exist, b's own recording.
    for athlete, key, part in [
        (a, f"{prefix}-a", frames[10:30]),
        (b, f"{prefix}-a", frames[:8]),
        (c, f"{prefix}-c", frames[:8]),
        (999_999, f"{prefix}-x", frames[:4]),
        (b, f"{prefix}-b", frames[:12]),
    ]:
        publish_frames(bus, part, athlete_id=athlete, recording_key=key, stream=stream)
    before = consumer.stats.batches
    consumer.run(once=True)
    stats = consumer.stats
    assert stats.batches == before + 1
    assert stats.chunks == 20 + 10 + 8 + 12
    assert stats.duplicates == 10
    assert stats.withheld == 8
    assert stats.bad_reasons == {"unknown athlete": 4}
    with unit_of_work(database.factory) as session:
        recordings = {
            (r.key, r.athlete_id): r
            for r in session.execute(select(Recording)).scalars()
            if r.key.startswith(prefix)
        }
    assert set(recordings) == {(f"{prefix}-a", a), (f"{prefix}-a", b), (f"{prefix}-b", b)}
    assert recordings[(f"{prefix}-a", a)].counters == {
        "chunks": 30,
        "duplicates": 10,
        "frames_received": 40,
    }
    assert recordings[(f"{prefix}-a", b)].counters == {
        "chunks": 8,
        "duplicates": 0,
        "frames_received": 8,
    }
    assert recordings[(f"{prefix}-b", b)].counters == {
        "chunks": 12,
        "duplicates": 0,
        "frames_received": 12,
    }


def test_last_seen_is_written_at_most_once_a_second(database: Database) -> None:
    toucher = DeviceToucher()

    def touch(ids: list[int], at: datetime) -> dict[int, datetime]:
        with unit_of_work(database.factory) as session:
            toucher.touch(ServiceContext(session=session, subject=Subject.system()), ids, at)
        with unit_of_work(database.factory) as session:
            rows = session.execute(select(Device).where(Device.id.in_([71, 72, 73]))).scalars()
            return {d.id: d.last_seen for d in rows if d.last_seen is not None}

    assert touch([71, 72], T0) == {71: T0, 72: T0}
    later = T0 + timedelta(milliseconds=400)
    assert touch([71, 72], later) == {71: T0, 72: T0}  # touched 0.4 s ago: not written
    second = T0 + timedelta(seconds=1)
    assert touch([71, 73], second) == {71: second, 72: T0, 73: second}  # a new one at once
    toucher.forget()  # as after a rolled-back batch: written again at the next chance
    assert touch([72], second) == {71: second, 72: second, 73: second}


class _Kind(enum.IntEnum):
    ECG = 1


@pytest.mark.parametrize(
    "payload",
    [
        {"a": 1, "b": 2.5, "c": "x", "d": None, "e": True, "f": float("inf")},
        {"nested": {"k": [1, 2]}, "tuple": (1, 2)},
        {"enum": _Kind.ECG},
        {1: "not a str key"},
    ],
)
def test_the_in_process_bus_hands_out_what_json_gives(payload: dict[Any, Any]) -> None:
    bus = InMemoryBus()
    bus.ensure_group("s", "g")
    bus.publish("s", payload)
    (message,) = bus.read("s", "g", "c", count=10, block_ms=0)
    expected = decode_payload(encode_payload(payload))
    assert message.payload == expected
    assert [type(v) for v in message.payload.values()] == [type(v) for v in expected.values()]
    assert message.payload is not payload


def test_a_frame_payload_is_carried_unchanged() -> None:
    bus = InMemoryBus()
    bus.ensure_group("s", "g")
    frame = recording_frames(1)[0]
    payload = frame_payload(frame, athlete_id=3, recording_key="k")
    bus.publish_many("s", [payload, payload])
    got = bus.read("s", "g", "c", count=10, block_ms=0)
    assert [m.payload for m in got] == [payload, payload]
    assert got[0].id != got[1].id


_MUTATIONS: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1,
    2,
    3,
    4,
    7,
    255,
    256,
    2**31,
    2**32,
    2**40,
    1.0,
    250.0,
    -0.5,
    float("nan"),
    float("inf"),
    "",
    "x",
    "AAE=",
    "AAEC",
    "!!",
    "é",
    [1],
    _Kind.ECG,
]


@pytest.mark.parametrize(
    "field", [*frame_payload(recording_frames(1)[0], athlete_id=1, recording_key="k"), "extra"]
)
def test_the_quick_parse_agrees_with_the_field_by_field_checks(field: str) -> None:
    """Every field of a good payload replaced by odd values, or removed: the one-expression
    check and the step-by-step one accept the same payloads, with the same result, and refuse
    the others with the same reason."""
    good = frame_payload(recording_frames(1)[0], athlete_id=7, recording_key="rec")
    variants: list[dict[str, Any]] = [{k: v for k, v in good.items() if k != field}]
    variants += [{**good, field: value} for value in _MUTATIONS]
    for payload in variants:
        outcomes = []
        for parse in (parse_frame, _parse_checked):
            try:
                parsed = parse(payload)
                outcomes.append(
                    ("ok", repr(parsed[:-1]), parsed.samples.tolist(), parsed.samples.dtype)
                )
            except BadPayload as exc:
                outcomes.append(("bad", str(exc)))
        assert outcomes[0] == outcomes[1], payload


def test_stored_seconds_are_looked_up_in_short_stretches(database: Database) -> None:
    """Recordings whose pending seconds lie far apart are looked up separately, each finding
    its own stored seconds among its pending ones."""
    from fitcoach.core.settings import DEFAULT_THRESHOLDS as THRESHOLDS
    from fitcoach.sensors.profiles import DEFAULT_PROFILE as PROFILE
    from fitcoach.storage.access import scope_for
    from fitcoach.storage.repositories import sensors as repo
    from fitcoach.workers.vitals.timeline import RecordingState

    worker = VitalsWorker(InMemoryBus(), database.factory)
    far = T0 + timedelta(hours=3)
    athletes = [new_athlete(database.factory) for _ in range(3)]
    with unit_of_work(database.factory) as session:
        lives = []
        for n, start in enumerate((T0, far, T0 + timedelta(seconds=30))):
            scope = scope_for(session, Subject.system(), athletes[n])
            rec = repo.get_or_create_recording(
                session, scope, f"r{n}", device_id=None, started_at=start
            )
            stored = [start + timedelta(seconds=s) for s in (1, 2)]
            repo.add_vitals(session, scope, rec.id, [{"at": at} for at in stored])
            live = RecordingState(
                recording_id=rec.id,
                athlete_id=scope.athlete_id,
                key=rec.key,
                anchor=start,
                origin_raw=0,
                ref_us=0,
                max_hr_bpm=190.0,
                wall=0.0,
                thresholds=THRESHOLDS,
                profile=PROFILE,
            )
            live.pending.vitals = [(start + timedelta(seconds=s), None) for s in (2, 3)]  # type: ignore[misc]
            lives.append((scope, live))
        found = worker._stored_seconds(worker._context(session), lives)
    for _, live in lives:
        pending = {at for at, _ in live.pending.vitals}
        assert found[live.recording_id] & pending == {live.anchor + timedelta(seconds=2)}
        # Read in short stretches: nothing hours away from the recording's own seconds.
        assert all(abs((at - live.anchor).total_seconds()) < 200 for at in found[live.recording_id])
