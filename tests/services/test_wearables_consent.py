"""Wearable ingest respects sensor_data consent: records of an athlete who withdrew it are
acknowledged and counted as withheld, not stored and not dead-lettered; their devices are not
registered, and withdrawing the consent unregisters the ones they had."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any

import structlog
from sqlalchemy import func, select
from structlog.testing import LogCapture
from tests.conftest import Database
from tests.factories import as_subject, subject_of
from tests.services.test_wearables import END, RECORD_TABLES, _factory, _kind

from fitcoach.ingest.bus import InMemoryBus
from fitcoach.pipelines.wearables import generate_wearables
from fitcoach.services import athletes, consent
from fitcoach.services import wearables as service
from fitcoach.storage.models import AuditEntry
from fitcoach.storage.repositories import wearables as wearable_repo
from fitcoach.storage.repositories.wearables import athletes_for_users
from fitcoach.workers import wearables as worker

_BODY = {"height_cm": 175.0, "weight_kg": 70.0}


def test_records_of_an_athlete_without_sensor_consent_are_withheld(database: Database) -> None:
    streams = service.WearableStreams(f"t{uuid.uuid4().hex[:8]}")
    bus = InMemoryBus()
    messages = list(generate_wearables(2, 3, seed=5, end=END, streams=streams))
    users = [(s, p) for s, p in messages if _kind(s) == "users"]
    for stream, payload in users:
        bus.publish(stream, payload)
    factory = _factory(database)
    worker.consume(factory, bus, streams=streams, once=True)
    with factory() as ctx:
        known = athletes_for_users(ctx.session, [p["user_id"] for _, p in users])
        refuser_user, keeper_user = (p["user_id"] for _, p in users)
        refuser = known[refuser_user]
        a = athletes.get_athlete(ctx, refuser)
        consent.withdraw(as_subject(ctx, subject_of(ctx, a)), refuser, "sensor_data")

    records = [(s, p) for s, p in messages if _kind(s) in RECORD_TABLES]
    for stream, payload in records:
        bus.publish(stream, payload)
    report = worker.consume(factory, bus, streams=streams, once=True)

    theirs = sum(1 for _, p in records if p["user_id"] == refuser_user)
    mine = sum(1 for _, p in records if p["user_id"] == keeper_user)
    assert theirs
    assert mine
    assert report.withheld == theirs
    assert report.stored == mine
    assert report.dead_lettered == 0
    assert list(worker.read_dead_letters(bus, streams, "inspector")) == []
    with database.factory() as session:
        for model in RECORD_TABLES.values():
            count = select(func.count()).select_from(model).where(model.athlete_id == refuser)
            assert session.execute(count).scalar_one() == 0


@contextmanager
def _logged() -> Iterator[list[MutableMapping[str, Any]]]:
    """The structlog events of loggers bound inside the block, at every level (whatever level
    an earlier test configured)."""
    capture = LogCapture()
    saved = structlog.get_config()
    structlog.configure(
        processors=[capture], wrapper_class=structlog.make_filtering_bound_logger(logging.DEBUG)
    )
    try:
        yield capture.entries
    finally:
        structlog.configure(processors=saved["processors"], wrapper_class=saved["wrapper_class"])


def _announce(bus: InMemoryBus, streams: service.WearableStreams, user: str, device: str) -> str:
    """Publish a device announcement of ``user``; returns its message id."""
    return bus.publish(
        streams.name("devices"), {"user_id": user, "device_id": device, "model": "Band 5"}
    )


def test_a_device_of_an_athlete_without_sensor_consent_is_not_registered(
    database: Database,
) -> None:
    """Nothing is stored of the registration (no audit entry, no model learnt for the notes of
    later activities), the announcement is deleted from its stream, and the log says what to
    do: give sensor consent first."""
    streams = service.WearableStreams(f"t{uuid.uuid4().hex[:8]}")
    bus = InMemoryBus()
    factory = _factory(database)
    user = str(uuid.uuid4())
    bus.publish(streams.name("users"), {"user_id": user, "age": 30, "sex": "f", **_BODY})
    worker.consume(factory, bus, streams=streams, once=True)
    with factory() as ctx:
        refuser = athletes_for_users(ctx.session, [user])[user]
        a = athletes.get_athlete(ctx, refuser)
        consent.withdraw(as_subject(ctx, subject_of(ctx, a)), refuser, "sensor_data")
    _announce(bus, streams, user, "band-1")

    with _logged() as events:
        consumer = worker.WearablesConsumer(
            factory, bus, worker.WearablesConfig(streams=streams, block_ms=0)
        )
        consumer.run(once=True)

    assert consumer.report.counts["devices"].withheld == 1
    assert consumer.report.counts["devices"].stored == 0
    assert (consumer.stats.withheld, consumer.stats.deleted) == (1, 1)
    assert consumer.devices == {}
    assert bus.length(streams.name("devices")) == 0
    with database.factory() as session:
        assert wearable_repo.registered_devices(session, ["band-1"]) == {}
        registrations = select(func.count()).where(
            AuditEntry.entity == wearable_repo.DEVICE_ENTITY, AuditEntry.athlete_id == refuser
        )
        assert session.execute(registrations).scalar_one() == 0
    (refusal,) = [e for e in events if e["event"] == "wearables.device_not_registered"]
    assert refusal["athlete_id"] == refuser
    assert "give sensor consent first" in refusal["reason"]
    assert f"fitcoach consent grant -a {refuser} --purpose sensor_data" in refusal["reason"]


def test_withdrawing_sensor_consent_unregisters_the_athletes_devices(database: Database) -> None:
    streams = service.WearableStreams(f"t{uuid.uuid4().hex[:8]}")
    bus = InMemoryBus()
    factory = _factory(database)
    user, other = str(uuid.uuid4()), str(uuid.uuid4())
    for u in (user, other):
        bus.publish(streams.name("users"), {"user_id": u, "age": 30, "sex": "m", **_BODY})
    _announce(bus, streams, user, "band-1")
    _announce(bus, streams, other, "band-2")
    worker.consume(factory, bus, streams=streams, once=True)
    with factory() as ctx:
        assert set(wearable_repo.registered_devices(ctx.session, ["band-1", "band-2"])) == {
            "band-1",
            "band-2",
        }
        athlete_id = athletes_for_users(ctx.session, [user])[user]
        me = as_subject(ctx, subject_of(ctx, athletes.get_athlete(ctx, athlete_id)))
        consent.withdraw(me, athlete_id, "sensor_data")

    with factory() as ctx:
        # Theirs is gone; the other athlete's stays.
        assert set(wearable_repo.registered_devices(ctx.session, ["band-1", "band-2"])) == {
            "band-2"
        }
        me = as_subject(ctx, subject_of(ctx, athletes.get_athlete(ctx, athlete_id)))
        consent.grant(me, athlete_id, "sensor_data")
    # Granted again: the next announcement registers the device again.
    _announce(bus, streams, user, "band-1")
    report = worker.consume(factory, bus, streams=streams, once=True)
    assert report.counts["devices"].stored == 1
    with factory() as ctx:
        assert wearable_repo.registered_devices(ctx.session, ["band-1"]) == {
            "band-1": (athlete_id, "Band 5")
        }
