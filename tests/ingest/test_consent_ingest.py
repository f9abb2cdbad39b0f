"""sensor_data consent at the ingest boundary: frames and vitals of an athlete who withdrew it
are acknowledged and counted, never stored and never dead-lettered (a dead letter would keep
the data they refused); the other athletes' frames in the same batch are stored."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from tests.conftest import Database
from tests.factories import as_subject, subject_of
from tests.ingest.helpers import recording_frames
from tests.ingest.test_vitals import _config as vitals_config
from tests.ingest.test_vitals import _simulated

from fitcoach.ingest.bus import InMemoryBus, RedisBus
from fitcoach.ingest.consumer import ConsumerConfig, FrameConsumer, dead_letter_stream
from fitcoach.ingest.producers import publish_frames
from fitcoach.ingest.vitals import VitalsWorker, vitals_dead_letter_stream
from fitcoach.services import athletes, consent
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import unit_of_work
from fitcoach.storage.models import Recording, Vital, WaveformChunk

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
