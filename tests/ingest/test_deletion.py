"""Deleting an athlete reaches every store: database, devices, and the bus streams.

Runs on both buses (the in-process one and the real Redis server) and both databases.
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from tests.conftest import Database
from tests.factories import make_athlete
from tests.ingest.helpers import new_athlete, recording_frames

from fitcoach.core.errors import ServiceUnavailable
from fitcoach.ingest.bus import InMemoryBus, Message, RedisBus
from fitcoach.ingest.producers import publish_frames
from fitcoach.services import athletes
from fitcoach.services.athletes import AthleteStreams
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import unit_of_work
from fitcoach.storage.models import Athlete, Device, Recording, WaveformChunk
from fitcoach.storage.repositories import wearables as wearable_repo
from fitcoach.workers.frames import ConsumerConfig, FrameConsumer
from fitcoach.workers.vitals import vitals_dead_letter_stream

Bus = InMemoryBus | RedisBus


def _everything(bus: Bus, stream: str) -> list[Message]:
    out: list[Message] = []
    after = "0-0"
    while batch := bus.read_after({stream: after}, count=1000):
        out.extend(batch)
        after = batch[-1].id
    return out


def _wearable_athlete(database: Database, user: str) -> int:
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=Subject.system())
        return athletes.create_athlete(
            ctx,
            {"name": "W", "email": wearable_repo.wearable_email(user), "profile": {}},
        ).id


def _owner(message: Message, ids: dict[int, str], users: dict[str, str]) -> str | None:
    """Whose message this is (athlete id, recording key or wearable user, nested or not)."""
    payload: dict[str, Any] = message.payload
    inner = payload.get("payload")
    if isinstance(inner, dict):
        payload = inner
    if payload.get("athlete_id") in ids:
        return ids[payload["athlete_id"]]
    if payload.get("recording_key") in {"a-rec", "b-rec"}:
        return str(payload["recording_key"])[0]
    user = payload.get("user_id")
    return users.get(str(user).lower()) if user else None


def test_deleting_an_athlete_removes_their_stream_entries_rows_and_devices(
    database: Database, any_bus: Bus, prefix: str
) -> None:
    bus = any_bus
    streams = AthleteStreams.prefixed(prefix)
    user_a, user_b = str(uuid.uuid4()), str(uuid.uuid4())
    a = _wearable_athlete(database, user_a)
    b = new_athlete(database.factory)
    # Frames: A on devices 7 and 9, B on devices 8 and 9 (9 is shared, so it stays).
    frames_a = recording_frames(5, device_id=7)
    shared = [replace(f, device_id=9, seq=f.seq + 100) for f in recording_frames(2, seed=5)]
    frames_b = recording_frames(5, device_id=8, seed=2)
    publish_frames(bus, frames_a, athlete_id=a, recording_key="a-rec", stream=streams.frames)
    publish_frames(bus, shared, athlete_id=a, recording_key="a-rec-2", stream=streams.frames)
    publish_frames(bus, frames_b, athlete_id=b, recording_key="b-rec", stream=streams.frames)
    publish_frames(bus, shared, athlete_id=b, recording_key="b-rec-2", stream=streams.frames)
    bad = replace(frames_a[0], channel=9)  # dead-lettered by the consumer, payload kept
    publish_frames(bus, [bad], athlete_id=a, recording_key="a-rec", stream=streams.frames)
    publish_frames(bus, [bad], athlete_id=b, recording_key="b-rec", stream=streams.frames)
    config = ConsumerConfig(stream=streams.frames, group="storage", consumer="c1", block_ms=20)
    stats = FrameConsumer(bus, database.factory, config).run(once=True)
    assert (stats.bad, stats.chunks) == (2, len(frames_a) + len(frames_b) + 2 * len(shared))
    # A frame of A's recording key sent under no athlete id (a hand-made producer).
    bus.publish(streams.frames, {"recording_key": "a-rec", "seq": 1})
    # A's messages still pending in a group that has not acked them.
    bus.ensure_group(streams.frames, "slow")
    assert bus.read(streams.frames, "slow", "s1", count=10_000, block_ms=10)
    # What the vitals worker publishes, and its dead letters.
    for athlete, key in ((a, "a-rec"), (b, "b-rec")):
        for second in range(3):
            bus.publish(streams.vitals, {"athlete_id": athlete, "recording_key": key,
                                         "at": f"2026-11-20T10:00:0{second}Z", "hr_bpm": 60.0})  # fmt: skip
        bus.publish(streams.alerts, {"athlete_id": athlete, "recording_key": key,
                                     "kind": "hr_high", "state": "raised"})  # fmt: skip
        bus.publish(
            vitals_dead_letter_stream(streams.frames),
            {"id": "1-0", "reason": "device clock jumped", "payload": {"athlete_id": athlete}},
        )
    # The wearable platform's messages for both users, and one of A's dead letters.
    for user in (user_a, user_b):
        for kind, name in streams.wearables.all().items():
            text = user.upper() if kind == "devices" else user  # any UUID spelling
            bus.publish(name, {"user_id": text, "id": f"{kind}-1"})
        bus.publish(
            streams.wearables.dead_letter,
            {"stream": "x", "reason": "bad", "payload": {"user_id": user}},
        )
    # A wearable device registration (the audit entry that lists A's device).
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=Subject.system())
        ctx.audit("register", wearable_repo.DEVICE_ENTITY, "w-a", athlete_id=a,
                  detail={"model": "x"})  # fmt: skip
        ctx.audit("register", wearable_repo.DEVICE_ENTITY, "w-b", athlete_id=b,
                  detail={"model": "x"})  # fmt: skip
        chunks_a = session.execute(
            select(func.count())
            .select_from(WaveformChunk)
            .join(Recording)
            .where(Recording.athlete_id == a)
        ).scalar_one()

    ids = {a: "a", b: "b"}
    users = {user_a: "a", user_b: "b"}
    before = {s: [_owner(m, ids, users) for m in _everything(bus, s)] for s in streams.names()}
    assert all("a" in owners and "b" in owners for s, owners in before.items()), before

    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=Subject.system())
        report = athletes.delete_athlete(ctx, a, bus=bus, streams=streams)

    after = {s: [_owner(m, ids, users) for m in _everything(bus, s)] for s in streams.names()}
    for stream in streams.names():
        assert "a" not in after[stream], stream
        assert after[stream] == [o for o in before[stream] if o != "a"], stream
        assert report.streams[stream] == before[stream].count("a"), stream
    assert report.streams[streams.frames] == len(frames_a) + len(shared) + 2
    assert report.bus == ("redis" if isinstance(bus, RedisBus) else "in-process")
    # Nothing of A stays pending in any group; B's unacked messages still are.
    pending = bus.pending(streams.frames, "slow")
    assert len(pending) == len(frames_b) + len(shared) + 1
    assert bus.pending(streams.frames, "storage") == {}

    assert report.database["athletes"] == 1
    assert report.database["recordings"] == 2
    assert report.database["waveform_chunks"] == chunks_a == len(frames_a) + len(shared)
    assert report.database["profiles"] == 1
    assert report.devices == 1  # device 7; 9 is B's too, 8 is B's
    assert report.wearable_devices == 1
    with unit_of_work(database.factory) as session:
        assert session.get(Athlete, a) is None
        assert sorted(session.execute(select(Device.id)).scalars()) == [8, 9]
        assert (
            session.execute(
                select(func.count()).select_from(Recording).where(Recording.athlete_id == a)
            ).scalar_one()
            == 0
        )
        registered = wearable_repo.registered_devices(session, ["w-a", "w-b"])
        assert registered == {"w-b": (b, "x")}


def test_an_unreachable_bus_deletes_nothing(database: Database) -> None:
    """Redis down: 503-style error, and the athlete and their rows are all still there."""
    broken = RedisBus.from_url("redis://127.0.0.1:1/0")
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=Subject.system())
        athlete = make_athlete(ctx).id
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=Subject.system())
        with pytest.raises(ServiceUnavailable) as caught:
            athletes.delete_athlete(ctx, athlete, bus=broken)
        assert caught.value.status_code == 503
    with unit_of_work(database.factory) as session:
        assert session.get(Athlete, athlete) is not None
    broken.client.close()


def test_the_streams_are_the_ones_the_workers_use() -> None:
    from fitcoach.ingest.producers import (
        STREAM_ALERTS,
        STREAM_FRAMES,
        STREAM_VITALS,
        dead_letter_stream,
    )
    from fitcoach.services.wearables import WearableStreams

    names = AthleteStreams().names()
    assert names[:5] == [
        STREAM_FRAMES,
        dead_letter_stream(STREAM_FRAMES),
        vitals_dead_letter_stream(STREAM_FRAMES),
        STREAM_VITALS,
        STREAM_ALERTS,
    ]
    assert names[5:] == [*WearableStreams().all().values(), WearableStreams().dead_letter]


# Its own Redis database, because the CLI uses the real stream names (fitcoach:frames ...).
CLI_REDIS_DB = 13


def test_cli_delete_clears_redis_and_prints_the_report(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sqlite_template: Path, redis_url: str
) -> None:
    import json

    from typer.testing import CliRunner

    from fitcoach.cli import app
    from fitcoach.core.settings import get_settings

    url = redis_url.rsplit("/", 1)[0] + f"/{CLI_REDIS_DB}"
    bus = RedisBus.from_url(url)
    names = AthleteStreams().names()
    bus.delete(*names)
    db = tmp_path / "cli.sqlite3"
    shutil.copyfile(sqlite_template, db)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FITCOACH_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("FITCOACH_REDIS_URL", url)
    monkeypatch.setenv("COLUMNS", "120")
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        ids = []
        for email in ("gone@example.org", "kept@example.org"):
            out = runner.invoke(app, ["athlete", "create", "--name", "X", "--email", email,
                                      "--json"])  # fmt: skip
            assert out.exit_code == 0, out.output
            ids.append(int(json.loads(out.stdout)["id"]))
        gone, kept = ids
        for athlete in (gone, kept, gone):
            bus.publish(names[0], {"athlete_id": athlete, "recording_key": f"k{athlete}"})
        bus.publish(names[4], {"athlete_id": gone, "kind": "hr_high"})

        shown = runner.invoke(app, ["athlete", "delete", "-a", str(gone), "--yes"])
        assert shown.exit_code == 0, shown.output
        text = " ".join(shown.stdout.replace("│", " ").split())
        assert f"deleted athlete {gone}" in text
        assert "bus (redis) fitcoach:frames 2" in text
        assert "bus (redis) fitcoach:alerts 1" in text
        assert "database athletes 1" in text
        remaining = [m.payload["athlete_id"] for m in _everything(bus, names[0])]
        assert remaining == [kept]
        assert _everything(bus, names[4]) == []

        again = runner.invoke(app, ["athlete", "delete", "-a", str(kept), "--yes", "--json"])
        assert again.exit_code == 0, again.output
        report = json.loads(again.stdout)
        assert report["bus"] == "redis"
        assert report["streams"]["fitcoach:frames"] == 1
        assert report["database"]["accounts"] == 1
    finally:
        bus.delete(*names)
        bus.client.close()
        get_settings.cache_clear()
