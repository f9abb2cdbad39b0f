"""Wearable ingest respects sensor_data consent: records of an athlete who withdrew it are
acknowledged and counted as withheld, not stored and not dead-lettered."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from tests.conftest import Database
from tests.factories import as_subject, subject_of
from tests.services.test_wearables import END, RECORD_TABLES, _factory, _kind

from fitcoach.ingest.bus import InMemoryBus
from fitcoach.pipelines.wearables import generate_wearables
from fitcoach.services import athletes, consent
from fitcoach.services import wearables as service
from fitcoach.storage.repositories.wearables import athletes_for_users


def test_records_of_an_athlete_without_sensor_consent_are_withheld(database: Database) -> None:
    streams = service.WearableStreams(f"t{uuid.uuid4().hex[:8]}")
    bus = InMemoryBus()
    messages = list(generate_wearables(2, 3, seed=5, end=END, streams=streams))
    users = [(s, p) for s, p in messages if _kind(s) == "users"]
    for stream, payload in users:
        bus.publish(stream, payload)
    factory = _factory(database)
    service.consume(factory, bus, streams=streams, once=True)
    with factory() as ctx:
        known = athletes_for_users(ctx.session, [p["user_id"] for _, p in users])
        refuser_user, keeper_user = (p["user_id"] for _, p in users)
        refuser = known[refuser_user]
        a = athletes.get_athlete(ctx, refuser)
        consent.withdraw(as_subject(ctx, subject_of(ctx, a)), refuser, "sensor_data")

    records = [(s, p) for s, p in messages if _kind(s) in RECORD_TABLES]
    for stream, payload in records:
        bus.publish(stream, payload)
    report = service.consume(factory, bus, streams=streams, once=True)

    theirs = sum(1 for _, p in records if p["user_id"] == refuser_user)
    mine = sum(1 for _, p in records if p["user_id"] == keeper_user)
    assert theirs
    assert mine
    assert report.withheld == theirs
    assert report.stored == mine
    assert report.dead_lettered == 0
    assert list(service.read_dead_letters(bus, streams, "inspector")) == []
    with database.factory() as session:
        for model in RECORD_TABLES.values():
            count = select(func.count()).select_from(model).where(model.athlete_id == refuser)
            assert session.execute(count).scalar_one() == 0
