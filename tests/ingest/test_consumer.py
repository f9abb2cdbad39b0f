"""The frame consumer: SQLite with the in-process bus, PostgreSQL with Redis Streams."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from tests.conftest import Database
from tests.ingest.helpers import by_channel, new_athlete, recording_frames

from fitcoach.ingest.bus import InMemoryBus, RedisBus
from fitcoach.ingest.frames import FRAMES_PER_RECORDING, MAX_BATCH, parse_frame
from fitcoach.ingest.producers import dead_letter_stream, frame_payload, publish_frames
from fitcoach.sensors.frames import Channel, Frame, encode
from fitcoach.sensors.reader import SensorReader
from fitcoach.sensors.transports import FakeTransport
from fitcoach.storage.access import Subject, scope_for
from fitcoach.storage.db import unit_of_work
from fitcoach.storage.models import Device, Recording, WaveformChunk
from fitcoach.storage.repositories import sensors as repo
from fitcoach.workers.frames import ConsumerConfig, FrameConsumer

Bus = InMemoryBus | RedisBus


@pytest.fixture
def bus(database: Database, request: pytest.FixtureRequest) -> Bus:
    """SQLite is paired with the in-process bus, PostgreSQL with Redis."""
    if database.kind == "sqlite":
        return InMemoryBus()
    redis_bus: RedisBus = request.getfixturevalue("redis_bus")
    return redis_bus


def _config(prefix: str, **kw: Any) -> ConsumerConfig:
    base: dict[str, Any] = {
        "stream": f"{prefix}:frames",
        "group": "storage",
        "consumer": "c1",
        "batch": 100,
        "block_ms": 50,
        "reclaim_idle_ms": 60_000,
    }
    base.update(kw)
    return ConsumerConfig(**base)


def _stored(database: Database, athlete_id: int, key: str) -> tuple[int, set[tuple[int, int]]]:
    with unit_of_work(database.factory) as session:
        scope = scope_for(session, Subject.system(), athlete_id)
        recording = repo.recording_by_key(session, scope, key)
        assert recording is not None
        return repo.sample_total(session, scope, recording.id), repo.chunk_keys(
            session, scope, recording.id
        )


def test_frames_are_stored_as_compressed_chunks_exactly(
    database: Database, bus: Bus, prefix: str
) -> None:
    athlete = new_athlete(database.factory)
    frames = recording_frames(30)
    config = _config(prefix)
    assert (
        publish_frames(bus, frames, athlete_id=athlete, recording_key="r1", stream=config.stream)
        == 120
    )

    stats = FrameConsumer(bus, database.factory, config).run(once=True)

    assert (stats.messages, stats.chunks, stats.duplicates, stats.bad) == (120, 120, 0, 0)
    assert stats.samples == sum(len(f.samples) for f in frames)
    with unit_of_work(database.factory) as session:
        scope = scope_for(session, Subject.system(), athlete)
        recording = repo.recording_by_key(session, scope, "r1")
        assert recording is not None
        assert recording.device_id == 7
        assert recording.status == "active"
        assert recording.counters == {"chunks": 120, "duplicates": 0, "frames_received": 120}
        for channel, expected in by_channel(frames).items():
            got = repo.samples(session, scope, recording.id, channel)
            np.testing.assert_array_equal(got, np.array(expected))
        ecg = repo.chunks(session, scope, recording.id, int(Channel.ECG))
        assert [c.seq for c in ecg] == list(range(30))
        assert {(c.sample_rate_hz, c.n_samples, c.sample_width) for c in ecg} == {(250.0, 25, 2)}
        assert [c.t_device_us for c in ecg] == [i * 100_000 for i in range(30)]
        device = session.get(Device, 7)
        assert device is not None
        assert device.last_seen is not None
        # One row per frame, never per sample.
        assert session.execute(select(func.count()).select_from(WaveformChunk)).scalar_one() == 120
    assert bus.pending(config.stream, config.group) == {}


def test_the_same_frames_delivered_twice_are_stored_once(
    database: Database, bus: Bus, prefix: str
) -> None:
    athlete = new_athlete(database.factory)
    frames = recording_frames(20, seed=5)
    config = _config(prefix, batch=33)
    publish_frames(bus, frames, athlete_id=athlete, recording_key="dup", stream=config.stream)
    publish_frames(bus, frames[:50], athlete_id=athlete, recording_key="dup", stream=config.stream)

    stats = FrameConsumer(bus, database.factory, config).run(once=True)

    assert (stats.messages, stats.chunks, stats.duplicates) == (130, 80, 50)
    total, keys = _stored(database, athlete, "dup")
    assert keys == {(f.channel, f.seq) for f in frames}
    assert total == sum(len(f.samples) for f in frames)


class _AckFails:
    """A bus whose acks are lost: as if the consumer died between commit and ack."""

    def __init__(self, bus: Bus) -> None:
        self.inner = bus

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def ack(self, stream: str, group: str, ids: Sequence[str]) -> None:
        raise ConnectionError("killed before the ack")


def test_a_crash_between_commit_and_ack_is_redelivered_and_stored_once(
    database: Database, bus: Bus, prefix: str
) -> None:
    athlete = new_athlete(database.factory)
    frames = recording_frames(10, seed=9)
    config = _config(prefix, batch=1_000)
    publish_frames(bus, frames, athlete_id=athlete, recording_key="crash", stream=config.stream)

    with pytest.raises(ConnectionError):
        FrameConsumer(_AckFails(bus), database.factory, config).run(once=True)  # type: ignore[arg-type]
    # Committed but not acked: the messages are still pending on the dead consumer.
    assert set(bus.pending(config.stream, config.group).values()) == {"c1"}

    heir = _config(prefix, consumer="c2", reclaim_idle_ms=0)
    stats = FrameConsumer(bus, database.factory, heir).run(once=True)

    assert (stats.reclaimed, stats.chunks, stats.duplicates) == (40, 0, 40)
    assert bus.pending(config.stream, config.group) == {}
    total, keys = _stored(database, athlete, "crash")
    assert keys == {(f.channel, f.seq) for f in frames}
    assert total == sum(len(f.samples) for f in frames)


def test_bad_messages_are_dead_lettered_and_the_loop_goes_on(
    database: Database, bus: Bus, prefix: str
) -> None:
    athlete = new_athlete(database.factory)
    other = new_athlete(database.factory)
    config = _config(prefix)
    good = recording_frames(2, seed=3)
    frame = good[0]
    ok = frame_payload(frame, athlete_id=athlete, recording_key="mine")
    bad_payloads: list[Mapping[str, Any]] = [
        {},
        {"v": 99},
        {**ok, "samples": "!!not base64!!"},
        {**ok, "seq": -1},
        {**ok, "channel": "ecg"},
        {**ok, "sample_width": 3},
        {**ok, "sample_width": 4, "samples": "AAA="},  # 2 bytes are no whole int32 sample
        {**ok, "athlete_id": 999_999},  # unknown athlete
    ]
    bus.publish_many(config.stream, bad_payloads[:4])
    publish_frames(bus, good, athlete_id=athlete, recording_key="mine", stream=config.stream)
    bus.publish_many(config.stream, bad_payloads[4:])

    stats = FrameConsumer(bus, database.factory, config).run(once=True)

    assert stats.bad == len(bad_payloads)
    assert stats.chunks == len(good)
    assert stats.bad_reasons["unknown athlete"] == 1
    assert bus.pending(config.stream, config.group) == {}
    dead = dead_letter_stream(config.stream)
    bus.ensure_group(dead, "inspect")
    letters = bus.read(dead, "inspect", "me", count=100, block_ms=100)
    assert len(letters) == len(bad_payloads)
    assert all(set(m.payload) == {"id", "reason", "payload"} for m in letters)
    _total, keys = _stored(database, athlete, "mine")
    assert keys == {(f.channel, f.seq) for f in good}
    with unit_of_work(database.factory) as session:
        count = session.execute(select(func.count()).select_from(Recording)).scalar_one()
        assert count == 1  # the unknown athlete got no recording

    # Keys are unique per athlete: another athlete's frame under the same key is their own
    # recording, never a chunk of this one.
    publish_frames(bus, good[:1], athlete_id=other, recording_key="mine", stream=config.stream)
    again = FrameConsumer(bus, database.factory, config).run(once=True)
    assert again.bad == 0
    _total, theirs = _stored(database, other, "mine")
    assert theirs == {(good[0].channel, good[0].seq)}
    _total, keys = _stored(database, athlete, "mine")
    assert keys == {(f.channel, f.seq) for f in good}


def test_wild_sequence_numbers_and_unknown_channels_through_reader_and_consumer(
    database: Database, bus: Bus, prefix: str
) -> None:
    """Bytes from the board (valid CRCs) through the reader, the producer and the consumer: a
    frame whose number jumps by 2**31 does not silence its channel (the frames after it are
    stored), and a frame on a channel the format does not define is dead-lettered, not stored."""
    athlete = new_athlete(database.factory)
    config = _config(prefix)
    frames = recording_frames(6)
    ecg = [f for f in frames if f.channel == Channel.ECG]
    wild = replace(ecg[2], seq=ecg[2].seq + 2**31, t_device_us=ecg[2].t_device_us + 1)
    unknown = replace(ecg[3], channel=9)
    wire = [*frames[:12], wild, unknown, *frames[12:]]

    reader = SensorReader(
        FakeTransport([]),
        on_frames=lambda batch: publish_frames(
            bus, batch, athlete_id=athlete, recording_key="wild", stream=config.stream
        ),
    )
    delivered = reader.feed(b"".join(encode(f) for f in wire))
    assert len(delivered) == len(wire)
    assert (reader.stats.seq_resyncs, reader.stats.unknown_channels) == (2, 1)
    assert reader.stats.out_of_order == 0

    stats = FrameConsumer(bus, database.factory, config).run(once=True)

    assert stats.bad == 1
    assert stats.bad_reasons == {"unknown channel": 1}
    _total, keys = _stored(database, athlete, "wild")
    assert keys == {(f.channel, f.seq) for f in [*frames, wild]}
    assert all(channel != 9 for channel, _ in keys)
    dead = dead_letter_stream(config.stream)
    bus.ensure_group(dead, "inspect")
    (letter,) = bus.read(dead, "inspect", "me", count=10, block_ms=100)
    assert letter.payload["reason"] == "unknown channel"
    assert letter.payload["payload"]["channel"] == 9


def test_parse_frame_round_trips_the_producer_payload() -> None:
    frame = Frame(
        device_id=65535,
        seq=2**32 - 1,
        t_device_us=123,
        channel=2,
        samples=(-(2**31), 0, 2**31 - 1),
        flags=5,
        sample_width=4,
    )
    parsed = parse_frame(frame_payload(frame, athlete_id=3, recording_key="k"))
    assert (parsed.athlete_id, parsed.recording_key, parsed.device_id, parsed.seq) == (
        3,
        "k",
        65535,
        2**32 - 1,
    )
    assert (parsed.channel, parsed.flags, parsed.sample_width, parsed.sample_rate_hz) == (
        2,
        5,
        4,
        100.0,
    )
    assert parsed.samples.tolist() == list(frame.samples)


def test_stop_ends_the_loop(database: Database, prefix: str) -> None:
    bus = InMemoryBus()
    consumer = FrameConsumer(bus, database.factory, _config(prefix, block_ms=20))
    consumer.stop()
    stats = consumer.run()
    assert stats.messages == 0


class _FlakyFactory:
    """A session factory whose first session cannot be had (the database is down a moment)."""

    def __init__(self, factory: Any) -> None:
        self.factory = factory
        self.calls = 0

    def __call__(self) -> Any:
        self.calls += 1
        if self.calls == 1:
            raise OperationalError("connect", {}, ConnectionError("database restarting"))
        return self.factory()


def test_a_database_error_is_retried_and_nothing_is_acked_before_the_commit(
    database: Database, bus: Bus, prefix: str
) -> None:
    athlete = new_athlete(database.factory)
    frames = recording_frames(5, seed=21)
    config = _config(prefix, retry_pause_s=0.01)
    publish_frames(bus, frames, athlete_id=athlete, recording_key="flaky", stream=config.stream)
    flaky = _FlakyFactory(database.factory)

    stats = FrameConsumer(bus, flaky, config).run(once=True)  # type: ignore[arg-type]

    assert stats.db_errors == 1
    assert (stats.messages, stats.chunks, stats.duplicates) == (20, 20, 0)
    assert bus.pending(config.stream, config.group) == {}
    _, keys = _stored(database, athlete, "flaky")
    assert keys == {(f.channel, f.seq) for f in frames}


class _CountingReads:
    """A bus that notes how many messages each read asked for."""

    def __init__(self, bus: Bus) -> None:
        self.inner = bus
        self.counts: list[int] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def read(self, stream: str, group: str, consumer: str, **kw: Any) -> Any:
        self.counts.append(kw["count"])
        return self.inner.read(stream, group, consumer, **kw)


def test_a_batch_of_many_recordings_makes_the_next_read_larger(
    database: Database, bus: Bus, prefix: str
) -> None:
    athlete = new_athlete(database.factory)
    config = _config(prefix, batch=100)
    keys = [f"board-{i}" for i in range(4)]
    frames = {key: recording_frames(10, device_id=10 + i, seed=i) for i, key in enumerate(keys)}
    # The boards' frames interleaved in the stream, as four boards streaming at once.
    for start in range(0, 40, 8):
        for key in keys:
            publish_frames(
                bus,
                frames[key][start : start + 8],
                athlete_id=athlete,
                recording_key=key,
                stream=config.stream,
            )
    counting = _CountingReads(bus)
    consumer = FrameConsumer(counting, database.factory, config)  # type: ignore[arg-type]

    stats = consumer.run(once=True)

    # The first read takes the configured 100 frames, all four boards among them; the next
    # takes about a second of each board's frames (35 × 4), more than the configured batch.
    assert counting.counts[:2] == [100, FRAMES_PER_RECORDING * 4]
    assert (stats.messages, stats.chunks, stats.duplicates) == (160, 160, 0)
    for key in keys:
        assert _stored(database, athlete, key)[1] == {(f.channel, f.seq) for f in frames[key]}
    # Never more than MAX_BATCH, never less than the configured batch.
    consumer.last_recordings = 10_000
    assert consumer.read_count() == MAX_BATCH
    consumer.last_recordings = 1
    assert consumer.read_count() == 100
