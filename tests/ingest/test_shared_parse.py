"""Parsing once per process: the in-process bus hands every reader of a message the same
payload object (``bus.SharedPayload``), and ``parse_frame`` keeps its result there, so that the
frame consumer and the vitals worker of one process share one parse. Everything they store
must be what they store when each parses its own copy."""

from __future__ import annotations

import base64
import struct
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select
from tests.conftest import Database
from tests.ingest.helpers import new_athlete

from fitcoach.core.clock import FixedClock
from fitcoach.ingest.bus import InMemoryBus, Message, SharedPayload
from fitcoach.ingest.frames import BadPayload, parse_frame
from fitcoach.ingest.producers import frame_payload, pack_samples
from fitcoach.sensors.frames import Frame
from fitcoach.sensors.simulator import Simulator
from fitcoach.storage.db import unit_of_work
from fitcoach.storage.models import Recording, Vital, WaveformChunk
from fitcoach.workers.frames import ConsumerConfig, FrameConsumer
from fitcoach.workers.vitals import VitalsConfig, VitalsWorker

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)

GOOD = frame_payload(
    Frame(device_id=4, seq=9, t_device_us=1_000, channel=1, samples=(1, -2, 3), sample_width=2),
    athlete_id=3,
    recording_key="k",
)
MALFORMED: list[dict[str, Any]] = [
    {},
    {**GOOD, "v": 2},
    {**GOOD, "channel": 9},
    {**GOOD, "samples": "not base64!"},
    {**GOOD, "seq": -1},
    {**GOOD, "sample_width": True},
]


def _reason(payload: dict[str, Any]) -> str:
    with pytest.raises(BadPayload) as info:
        parse_frame(payload)
    return str(info.value)


def _fields(frame: Any) -> tuple[Any, ...]:
    *head, samples = frame
    return (*head, samples.dtype.str, samples.tolist())


def test_every_group_gets_one_payload_object_and_one_parse() -> None:
    bus = InMemoryBus()
    bus.publish_many("s", [GOOD, *MALFORMED])
    for group in ("storage", "vitals"):
        bus.ensure_group("s", group)
    first = bus.read("s", "storage", "c", count=100, block_ms=0)
    second = bus.read("s", "vitals", "v", count=100, block_ms=0)
    assert all(a.payload is b.payload for a, b in zip(first, second, strict=True))
    assert all(type(m.payload) is SharedPayload and m.payload.memo is None for m in first)

    parsed = parse_frame(first[0].payload)
    assert parse_frame(second[0].payload) is parsed  # the second reader parses nothing
    # The same frame as a plain dict's (a Redis payload's) parse, field by field.
    assert _fields(parsed) == _fields(parse_frame(dict(GOOD)))
    assert not parsed.samples.flags.writeable  # shared: nobody can change it

    for message, payload in zip(first[1:], MALFORMED, strict=True):
        expected = _reason(dict(payload))
        assert _reason(message.payload) == expected  # the first reader's check ...
        assert message.payload.memo is not None
        assert _reason(message.payload) == expected  # ... and the memo's, the same reason


def test_a_memo_of_another_decoder_is_not_taken_for_a_frame() -> None:
    payload = SharedPayload(GOOD)
    payload.memo = (len, "something else")
    parsed = parse_frame(payload)
    assert _fields(parsed) == _fields(parse_frame(dict(GOOD)))
    assert payload.memo == (parse_frame, parsed)


def test_pack_samples_is_struct_pack_in_base64() -> None:
    rng = np.random.default_rng(5)
    formats = {1: "b", 2: "h", 4: "i"}
    for width, fmt in formats.items():
        bound = 1 << (8 * width - 1)
        for n in (0, 1, 2, 4, 10, 25, 255, 300, 1000):
            values = [int(v) for v in rng.integers(-bound, bound, size=n)]
            values[:2] = [-bound, bound - 1][: len(values[:2])]
            expected = base64.b64encode(struct.pack(f"<{n}{fmt}", *values)).decode("ascii")
            assert pack_samples(values, width) == expected
            assert pack_samples(iter(values), width) == expected  # any iterable
    with pytest.raises(struct.error):
        pack_samples([128], 1)  # out of range: struct's own error, as before
    with pytest.raises(KeyError):
        pack_samples([1], 3)


class _CopyingBus(InMemoryBus):
    """The in-process bus handing each read its own plain copies (as Redis does): nothing is
    shared between the readers, so each parses every message itself."""

    def read(
        self, stream: str, group: str, consumer: str, *, count: int = 100, block_ms: int = 1000
    ) -> list[Message]:
        got = super().read(stream, group, consumer, count=count, block_ms=block_ms)
        return [Message(m.id, m.stream, dict(m.payload)) for m in got]


def _run(database: Database, bus: InMemoryBus, athlete: int, key: str) -> tuple[Any, ...]:
    """Both workers over ``key``'s frames; what they stored and published."""
    clock = FixedClock(NOW)
    stream = f"{key}:frames"
    frames = Simulator("pvc", seed=3, device_id=11).frames(40).frames
    payloads = [frame_payload(f, athlete_id=athlete, recording_key=key) for f in frames]
    payloads[50] = {**payloads[50], "channel": 9}  # malformed: dead-lettered by both
    del payloads[300:310]  # a gap
    bus.publish_many(stream, payloads)
    consumer = FrameConsumer(
        bus, database.factory, ConsumerConfig(stream=stream, block_ms=1, batch=700), clock=clock
    )
    worker = VitalsWorker(
        bus,
        database.factory,
        VitalsConfig(
            stream=stream,
            block_ms=1,
            batch=500,
            vitals_stream=f"{key}:vitals",
            alerts_stream=f"{key}:alerts",
        ),
        clock=clock,
    )
    consumer.run(once=True)
    worker.run(once=True)
    worker.finish(key)
    with unit_of_work(database.factory) as session:
        chunks = session.execute(
            select(
                WaveformChunk.channel,
                WaveformChunk.seq,
                WaveformChunk.t_device_us,
                WaveformChunk.flags,
                WaveformChunk.n_samples,
                WaveformChunk.data,
            )
            .join(Recording, Recording.id == WaveformChunk.recording_id)
            .where(Recording.key == key)
            .order_by(WaveformChunk.channel, WaveformChunk.seq)
        ).all()
        vitals = session.execute(
            select(
                Vital.at,
                Vital.hr_bpm,
                Vital.hrv_rmssd_ms,
                Vital.spo2_pct,
                Vital.breathing_rate_bpm,
                Vital.etco2_mmhg,
                Vital.sqi_ecg,
                Vital.sqi_ppg,
            )
            .where(Vital.athlete_id == athlete)
            .order_by(Vital.at)
        ).all()
    published = _drain(bus, [f"{key}:vitals", f"{key}:alerts", f"{stream}:dead"])
    return (
        [tuple(r) for r in chunks],
        [tuple(r) for r in vitals],
        published,
        consumer.stats.bad_reasons,
        worker.stats.bad_reasons,
    )


def _drain(bus: InMemoryBus, streams: Sequence[str]) -> list[list[dict[str, Any]]]:
    out = []
    for stream in streams:
        bus.ensure_group(stream, "check")
        got = bus.read(stream, "check", "t", count=100_000, block_ms=0)
        out.append([{k: v for k, v in m.payload.items() if k != "id"} for m in got])
    return out


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)  # the in-process bus's pairing
def test_both_workers_store_and_publish_the_same_with_one_parse_as_with_two(
    database: Database,
) -> None:
    shared, copying = InMemoryBus(), _CopyingBus()
    a, b = new_athlete(database.factory), new_athlete(database.factory)
    ours = _run(database, shared, a, "one-parse")
    theirs = _run(database, copying, b, "two-parses")
    chunks, vitals, published, consumer_bad, worker_bad = ours
    assert len(chunks) > 1_000
    assert len(vitals) >= 35
    assert any(v[1] is not None for v in vitals)  # heart rates were computed
    assert consumer_bad == worker_bad == {"unknown channel": 1}
    assert chunks == theirs[0]
    assert vitals == theirs[1]
    # Published vitals and alerts name their athlete and recording: the rest must be equal.
    strip = ("athlete_id", "recording_key", "payload")
    assert [[{k: v for k, v in p.items() if k not in strip} for p in s] for s in published] == [
        [{k: v for k, v in p.items() if k not in strip} for p in s] for s in theirs[2]
    ]
    assert published[0]  # vitals were published
