"""sensor_data consent at the ingest boundary: frames and vitals of an athlete who withdrew it
are acknowledged and counted, never stored and never dead-lettered (a dead letter would keep
the data they refused), and deleted from the bus at once (frames, wearable records and device
announcements alike); the other athletes' entries in the same batch are stored and stay."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from tests.conftest import Database
from tests.factories import as_subject, subject_of
from tests.ingest.helpers import recording_frames
from tests.ingest.test_vitals import _config as vitals_config
from tests.ingest.test_vitals import _simulated
from tests.services.test_wearables import END, _factory, _kind

from fitcoach.ingest.bus import InMemoryBus, Message, RedisBus, decode_payload
from fitcoach.ingest.producers import (
    WearableStreams,
    dead_letter_stream,
    frame_payload,
    publish_frames,
)
from fitcoach.ingest.units import USED
from fitcoach.pipelines.wearables import generate_wearables
from fitcoach.sensors.frames import Channel, Frame
from fitcoach.services import athletes, consent
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import unit_of_work
from fitcoach.storage.models import Device, Recording, Vital, WaveformChunk
from fitcoach.storage.repositories import wearables as wearable_repo
from fitcoach.storage.repositories.wearables import athletes_for_users
from fitcoach.workers import wearables as wearables_worker
from fitcoach.workers.frames import ConsumerConfig, FrameConsumer
from fitcoach.workers.vitals import VitalsWorker, vitals_dead_letter_stream

Bus = InMemoryBus | RedisBus


@pytest.fixture
def bus(database: Database, request: pytest.FixtureRequest) -> Bus:
    if database.kind == "sqlite":
        return InMemoryBus()
    redis_bus: RedisBus = request.getfixturevalue("redis_bus")
    return redis_bus


def _athlete(database: Database, *, sensor_data: bool) -> int:
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=Subject.system())
        made = athletes.create_athlete(
            ctx,
            {
                "name": "Sensor",
                "email": f"s{sensor_data}{id(ctx)}@example.org",
                "profile": {"birth_date": "1990-01-01"},
            },
        )
        if not sensor_data:
            consent.withdraw(as_subject(ctx, subject_of(ctx, made)), made.id, "sensor_data")
        return made.id


def _count(database: Database, model: Any, athlete_id: int | None = None) -> int:
    with unit_of_work(database.factory) as session:
        stmt = select(func.count()).select_from(model)
        if athlete_id is not None:
            stmt = stmt.where(model.athlete_id == athlete_id)
        return int(session.execute(stmt).scalar_one())


def _dead(bus: Bus, stream: str) -> int:
    bus.ensure_group(stream, "check")
    return len(bus.read(stream, "check", "t", count=10_000, block_ms=50))


def test_frames_of_an_athlete_without_sensor_consent_are_dropped_and_counted(
    database: Database, bus: Bus, prefix: str
) -> None:
    keeps, refuses = _athlete(database, sensor_data=True), _athlete(database, sensor_data=False)
    config = ConsumerConfig(stream=f"{prefix}:frames", group="storage", block_ms=50)
    frames = recording_frames(10)
    publish_frames(bus, frames, athlete_id=keeps, recording_key="yes", stream=config.stream)
    publish_frames(bus, frames, athlete_id=refuses, recording_key="no", stream=config.stream)

    stats = FrameConsumer(bus, database.factory, config).run(once=True)

    assert (stats.messages, stats.chunks, stats.withheld, stats.bad) == (80, 40, 40, 0)
    assert _count(database, Recording, refuses) == 0
    assert _count(database, WaveformChunk) == 40
    assert _dead(bus, dead_letter_stream(config.stream)) == 0
    assert bus.pending(config.stream, config.group) == {}


def test_the_vitals_worker_stores_nothing_of_an_athlete_without_sensor_consent(
    database: Database, bus: Bus, prefix: str
) -> None:
    keeps, refuses = _athlete(database, sensor_data=True), _athlete(database, sensor_data=False)
    config = vitals_config(prefix)
    sim = _simulated("rest", 20, 11)
    publish_frames(bus, sim.frames, athlete_id=keeps, recording_key="yes", stream=config.stream)
    publish_frames(bus, sim.frames, athlete_id=refuses, recording_key="no", stream=config.stream)

    stats = VitalsWorker(bus, database.factory, config).run(once=True)

    # Both got the same frames: what one athlete's fed, the other's withheld.
    assert stats.withheld > 0
    assert stats.withheld == stats.frames + stats.skipped
    assert stats.bad == 0
    assert _count(database, Vital, keeps) > 0
    assert _count(database, Vital, refuses) == 0
    assert _count(database, Recording, refuses) == 0
    assert _dead(bus, vitals_dead_letter_stream(config.stream, config.group)) == 0


def test_a_withdrawal_during_a_recording_stops_storing_from_then_on(
    database: Database, bus: Bus, prefix: str
) -> None:
    athlete = _athlete(database, sensor_data=True)
    config = vitals_config(prefix)
    sim = _simulated("rest", 40, 11)
    half = len(sim.frames) // 2
    worker = VitalsWorker(bus, database.factory, config)
    publish_frames(
        bus, sim.frames[:half], athlete_id=athlete, recording_key="r", stream=config.stream
    )
    worker.run(once=True)
    stored = _count(database, Vital, athlete)
    assert stored > 0
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=Subject.system())
        consent.withdraw(ctx, athlete, "sensor_data")
    publish_frames(
        bus, sim.frames[half:], athlete_id=athlete, recording_key="r", stream=config.stream
    )
    stats = worker.run(once=True)

    assert stats.withheld > 0
    assert _count(database, Vital, athlete) == stored
    assert "r" not in worker.live


# ----------------------------------------------------------------------------------------------
# Withheld entries leave the bus at once (acked and deleted), on both buses and both databases


def _held(bus: Bus, stream: str) -> list[Message]:
    """Every entry the stream still holds (``XREAD`` from the start, outside any group)."""
    out: list[Message] = []
    after = "0-0"
    while batch := bus.read_after({stream: after}, count=1000):
        out.extend(batch)
        after = batch[-1].id
    return out


def _redis_entries(bus: Bus, stream: str) -> tuple[int, list[dict[str, Any]]]:
    """``XLEN`` and the decoded payloads of ``XRANGE - +`` (Redis), or the same read through
    the in-process bus."""
    if isinstance(bus, RedisBus):
        rows: Any = bus.client.xrange(stream, "-", "+")
        return int(bus.client.xlen(stream)), [decode_payload(f[b"d"]) for _, f in rows]
    return bus.length(stream), [m.payload for m in _held(bus, stream)]


def _device_ids(database: Database) -> list[int]:
    with unit_of_work(database.factory) as session:
        return sorted(session.execute(select(Device.id)).scalars())


def test_withheld_frames_are_deleted_from_the_stream_and_register_no_device(
    database: Database, any_bus: Bus, prefix: str
) -> None:
    keeps, refuses = _athlete(database, sensor_data=True), _athlete(database, sensor_data=False)
    config = ConsumerConfig(stream=f"{prefix}:frames", group="storage", block_ms=50)
    mine = recording_frames(10, device_id=7)
    theirs = recording_frames(10, device_id=8, seed=2)
    publish_frames(any_bus, mine, athlete_id=keeps, recording_key="yes", stream=config.stream)
    publish_frames(any_bus, theirs, athlete_id=refuses, recording_key="no", stream=config.stream)
    raw = {frame_payload(f, athlete_id=refuses, recording_key="no")["samples"] for f in theirs}

    stats = FrameConsumer(any_bus, database.factory, config).run(once=True)

    length, payloads = _redis_entries(any_bus, config.stream)
    # The consented frames stay until the length cap trims them; the withheld ones, raw ECG
    # included, are gone from the stream at once.
    assert length == len(payloads) == 40
    assert {p["athlete_id"] for p in payloads} == {keeps}
    assert not raw & {p["samples"] for p in payloads}
    assert any_bus.pending(config.stream, config.group) == {}
    assert _dead(any_bus, dead_letter_stream(config.stream)) == 0
    # Their board was not registered (nor would its last_seen have moved).
    assert _device_ids(database) == [7]
    assert (stats.messages, stats.chunks, stats.withheld, stats.deleted) == (80, 40, 40, 40)


def test_both_groups_of_the_frame_stream_withhold_alike_and_keep_the_consented_entries(
    database: Database, any_bus: Bus, prefix: str
) -> None:
    """The vitals worker reads first and deletes the refusing athlete's frames it uses; the
    frame consumer, reading after it, withholds (and deletes) the rest of theirs and still gets
    every frame of the consenting athlete, which both groups store."""
    keeps, refuses = _athlete(database, sensor_data=True), _athlete(database, sensor_data=False)
    config = vitals_config(prefix)
    sim = _simulated("rest", 20, 11)
    # Ambient CO2, which the vitals worker does not use (it acks those without reading them).
    ambient = [
        Frame(
            device_id=9,
            seq=seq,
            t_device_us=seq * 5_000_000,
            channel=int(Channel.CO2_AMBIENT),
            samples=(410 + seq,),
        )
        for seq in range(3)
    ]
    frames = [*sim.frames, *ambient]
    used = len(sim.frames)
    assert all(f.channel in USED for f in sim.frames)
    publish_frames(any_bus, frames, athlete_id=keeps, recording_key="y", stream=config.stream)
    publish_frames(any_bus, frames, athlete_id=refuses, recording_key="n", stream=config.stream)

    vitals = VitalsWorker(any_bus, database.factory, config).run(once=True)
    after_vitals = any_bus.length(config.stream)
    stored = FrameConsumer(
        any_bus,
        database.factory,
        ConsumerConfig(stream=config.stream, group="storage", block_ms=50),
    ).run(once=True)

    assert after_vitals == len(frames) + len(ambient)
    length, payloads = _redis_entries(any_bus, config.stream)
    assert length == len(frames)
    assert {p["athlete_id"] for p in payloads} == {keeps}
    assert (vitals.withheld, vitals.deleted, vitals.ignored) == (used, used, 6)
    # The frame consumer never got what the vitals worker deleted, and withholds the rest.
    assert stored.messages == len(frames) + len(ambient)
    assert (stored.withheld, stored.deleted) == (len(ambient), len(ambient))
    assert stored.chunks == len(frames)
    assert _count(database, Vital, keeps) > 0
    assert _count(database, Vital, refuses) == 0
    assert _count(database, WaveformChunk) == len(frames)


def test_a_malformed_frame_of_an_athlete_without_consent_is_deleted_not_dead_lettered(
    database: Database, any_bus: Bus, prefix: str
) -> None:
    """A dead letter copies the payload, samples and all: a frame that names an athlete
    without consent is withheld and deleted even when it is malformed (an unknown channel for
    the frame consumer, an off-rate one for the vitals worker); one naming nobody is still
    dead-lettered."""
    refuses = _athlete(database, sensor_data=False)
    frame = recording_frames(1)[0]
    good = frame_payload(frame, athlete_id=refuses, recording_key="n")
    storage = ConsumerConfig(stream=f"{prefix}:frames", group="storage", block_ms=50)
    vitals = vitals_config(f"{prefix}:v")
    any_bus.publish_many(storage.stream, [{**good, "channel": 200}, {**good, "athlete_id": "x"}])
    any_bus.publish(vitals.stream, {**good, "sample_rate_hz": 7.0})

    stored = FrameConsumer(any_bus, database.factory, storage).run(once=True)
    fed = VitalsWorker(any_bus, database.factory, vitals).run(once=True)

    dead = _held(any_bus, dead_letter_stream(storage.stream))
    assert [m.payload["payload"]["athlete_id"] for m in dead] == ["x"]
    assert [m.payload["athlete_id"] for m in _held(any_bus, storage.stream)] == ["x"]
    assert _held(any_bus, vitals_dead_letter_stream(vitals.stream, vitals.group)) == []
    assert any_bus.length(vitals.stream) == 0
    assert (stored.withheld, stored.deleted, stored.bad) == (1, 1, 1)
    assert (fed.withheld, fed.deleted, fed.bad) == (1, 1, 0)


def test_withheld_wearable_records_and_devices_are_deleted_from_their_streams(
    database: Database, any_bus: Bus, prefix: str
) -> None:
    streams = WearableStreams(f"{prefix}:fitness")
    messages = list(generate_wearables(2, 3, seed=5, end=END, streams=streams))
    users = [(s, p) for s, p in messages if _kind(s) == "users"]
    for stream, payload in users:
        any_bus.publish(stream, payload)
    factory = _factory(database)
    wearables_worker.consume(factory, any_bus, streams=streams, once=True, block_ms=0)
    refuser_user = users[0][1]["user_id"]
    with factory() as ctx:
        refuser = athletes_for_users(ctx.session, [refuser_user])[refuser_user]
        athlete = athletes.get_athlete(ctx, refuser)
        consent.withdraw(as_subject(ctx, subject_of(ctx, athlete)), refuser, "sensor_data")
    rest = [(s, p) for s, p in messages if _kind(s) != "users"]
    for stream, payload in rest:
        any_bus.publish(stream, payload)
    theirs = [(s, p) for s, p in rest if p["user_id"] == refuser_user]
    assert {_kind(s) for s, _ in theirs} >= {"devices", "events"}

    report = wearables_worker.consume(factory, any_bus, streams=streams, once=True, block_ms=0)

    for kind, name in streams.all().items():
        if kind == "users":
            continue
        length, payloads = _redis_entries(any_bus, name)
        assert length == len(payloads)
        assert refuser_user not in {p["user_id"] for p in payloads}, kind
        assert len(payloads) == sum(1 for s, p in rest if s == name) - sum(
            1 for s, _ in theirs if s == name
        )
    assert _held(any_bus, streams.dead_letter) == []
    with factory() as ctx:
        devices = {p["device_id"] for s, p in theirs if _kind(s) == "devices"}
        assert wearable_repo.registered_devices(ctx.session, devices) == {}
    assert report.withheld == len(theirs)
    assert report.counts["devices"].withheld == sum(1 for s, _ in theirs if _kind(s) == "devices")
