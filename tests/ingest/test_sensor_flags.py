"""A red flag the sensors raise is opened through the health service: audited like every flag.

The vitals worker turns a low-SpO2 alert into a ``low_resting_spo2`` flag (source
``"sensor"``); the audit log then holds ``raise health_flag`` for it, with no health detail
(``{"source": "sensor"}``), exactly as a flag the athlete or their coach raises.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from tests.conftest import Database
from tests.factories import make_athlete

from fitcoach.ingest.bus import InMemoryBus, RedisBus
from fitcoach.ingest.producers import publish_frames
from fitcoach.sensors.simulator import Simulator
from fitcoach.services import health
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import unit_of_work
from fitcoach.storage.models import AuditEntry, HealthFlag
from fitcoach.workers.vitals import VitalsConfig, VitalsWorker


@pytest.fixture
def bus(database: Database, request: pytest.FixtureRequest) -> InMemoryBus | RedisBus:
    """SQLite is paired with the in-process bus, PostgreSQL with Redis."""
    if database.kind == "sqlite":
        return InMemoryBus()
    redis_bus: RedisBus = request.getfixturevalue("redis_bus")
    return redis_bus


def _config(prefix: str) -> VitalsConfig:
    return VitalsConfig(
        stream=f"{prefix}:frames",
        consumer="v1",
        block_ms=50,
        vitals_stream=f"{prefix}:vitals",
        alerts_stream=f"{prefix}:alerts",
    )


def test_a_sensor_red_flag_is_opened_and_audited_without_health_details(
    database: Database, bus: InMemoryBus | RedisBus, prefix: str
) -> None:
    with unit_of_work(database.factory) as session:
        athlete = make_athlete(ServiceContext(session=session, subject=Subject.system())).id
    sim = Simulator("desaturation", seed=3, device_id=9).frames(90)
    config = _config(prefix)
    publish_frames(bus, sim.frames, athlete_id=athlete, recording_key="desat", stream=config.stream)

    stats = VitalsWorker(bus, database.factory, config).run(once=True)

    assert stats.flags == 1
    with unit_of_work(database.factory) as session:
        flags = session.execute(select(HealthFlag).where(HealthFlag.athlete_id == athlete))
        opened = flags.scalars().all()
        assert [(f.kind, f.source, f.cleared_at) for f in opened] == [
            ("low_resting_spo2", "sensor", None)
        ]
        entries = (
            session.execute(select(AuditEntry).where(AuditEntry.entity == "health_flag"))
            .scalars()
            .all()
        )
        assert [(e.action, e.entity_id, e.athlete_id, e.detail) for e in entries] == [
            ("raise", str(opened[0].id), athlete, {"source": "sensor"})
        ]
        text = json.dumps([e.detail for e in entries])
        for secret in ("spo2", "low_resting", "desat", "professional"):
            assert secret not in text
        # The flag stops training advice, as every open flag does.
        ctx = ServiceContext(session=session, subject=Subject.system())
        assert health.escalation_for(ctx, athlete) is not None


def test_the_same_alert_again_opens_no_second_flag_and_no_second_audit_entry(
    database: Database, bus: InMemoryBus | RedisBus, prefix: str
) -> None:
    """One implementation of "unless one of that kind is open": a second recording with the
    same alert, while the first flag is open, opens nothing."""
    with unit_of_work(database.factory) as session:
        athlete = make_athlete(ServiceContext(session=session, subject=Subject.system())).id
    sim = Simulator("desaturation", seed=3, device_id=9).frames(90)
    config = _config(prefix)
    publish_frames(bus, sim.frames, athlete_id=athlete, recording_key="one", stream=config.stream)
    publish_frames(bus, sim.frames, athlete_id=athlete, recording_key="two", stream=config.stream)

    stats = VitalsWorker(bus, database.factory, config).run(once=True)

    assert stats.alerts >= 2  # each recording raised (and cleared) its own alert
    assert stats.flags == 1
    with unit_of_work(database.factory) as session:
        kinds = session.execute(
            select(HealthFlag.kind).where(HealthFlag.athlete_id == athlete)
        ).scalars()
        assert list(kinds) == ["low_resting_spo2"]
        raised = session.execute(
            select(AuditEntry.id).where(
                AuditEntry.entity == "health_flag", AuditEntry.action == "raise"
            )
        ).scalars()
        assert len(list(raised)) == 1
