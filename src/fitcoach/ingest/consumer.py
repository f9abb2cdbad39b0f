"""The frame consumer: bus → waveform chunks in the database, commit, then ack.

One loop, with a consumer group so that several consumers share the work:

1. On start (and then every ``reclaim_every_s``) take over messages another consumer left
   pending for at least ``reclaim_idle_ms`` (it crashed, or was killed), so none is lost.
2. Read a batch, parse each payload, group the frames by (athlete, recording key), resolve or
   create each recording through the athlete's scope, and bulk-insert the chunks with
   ``ON CONFLICT (recording_id, channel, seq) DO NOTHING``: a re-delivered frame stores nothing.
3. Commit. Only then publish malformed messages to the dead-letter stream and ack the batch.
   A crash anywhere before the ack leaves the messages pending; the next consumer reclaims
   them and the unique key makes the second write a no-op. Every frame is stored exactly once.

Database errors roll back and the same batch is retried after a pause (it stays pending until
it is stored). A malformed payload (a frame on a channel the format does not define included:
``sensors.frames.KNOWN_CHANNELS``) is counted, logged by message id and reason only (no
personal or health data), sent to ``<stream>:dead`` and acked; it never stops the loop.
SIGTERM and SIGINT finish the batch in hand and stop.
"""

from __future__ import annotations

import base64
import binascii
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import numpy as np
import structlog

from fitcoach.core.clock import Clock, SystemClock
from fitcoach.core.errors import Conflict, NotFound
from fitcoach.ingest.bus import Bus, Message
from fitcoach.ingest.producers import NOMINAL_RATE_HZ, PAYLOAD_VERSION, STREAM_FRAMES
from fitcoach.ingest.producers import dead_letter_stream as dead_letter_stream  # re-exported
from fitcoach.ingest.worker import ReadConfig, StreamWorker, WorkerStats
from fitcoach.sensors.frames import KNOWN_CHANNELS
from fitcoach.storage import waveform
from fitcoach.storage.access import Subject, scope_for
from fitcoach.storage.db import Session, sessionmaker, unit_of_work
from fitcoach.storage.models import ConsentPurpose
from fitcoach.storage.repositories import consent as consent_repo
from fitcoach.storage.repositories import sensors as repo

log = structlog.get_logger(__name__)

DEFAULT_GROUP = "fitcoach-storage"
_DTYPES: dict[int, np.dtype[np.signedinteger[Any]]] = {
    1: np.dtype("<i1"),
    2: np.dtype("<i2"),
    4: np.dtype("<i4"),
}
_U32 = 0xFFFFFFFF


@dataclass(frozen=True)
class ConsumerConfig(ReadConfig):
    """How the frame consumer reads (see ``ReadConfig``)."""

    stream: str = STREAM_FRAMES
    group: str = DEFAULT_GROUP
    consumer: str = "consumer-1"


@dataclass
class ConsumerStats(WorkerStats):
    """Counters of one consumer (shown by the CLI, logged at the end)."""

    chunks: int = 0  # chunks newly stored
    duplicates: int = 0  # chunks already stored (re-deliveries)
    samples: int = 0  # samples in the frames handled


@dataclass(frozen=True)
class ParsedFrame:
    """A frame payload, checked."""

    athlete_id: int
    recording_key: str
    device_id: int
    seq: int
    t_device_us: int
    channel: int
    flags: int
    sample_width: int
    sample_rate_hz: float
    samples: np.ndarray[Any, np.dtype[np.signedinteger[Any]]]


class BadPayload(ValueError):
    """A payload that is not a frame; the message is a short reason without data."""


def _int(payload: Mapping[str, Any], name: str, low: int, high: int) -> int:
    value = payload.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadPayload(f"{name} missing or not an integer")
    if not low <= value <= high:
        raise BadPayload(f"{name} out of range")
    return value


def parse_frame(payload: Mapping[str, Any]) -> ParsedFrame:
    """Check a frame payload (see ``ingest.producers``); raises ``BadPayload``."""
    if not payload:
        raise BadPayload("empty or undecodable payload")
    if payload.get("v") != PAYLOAD_VERSION:
        raise BadPayload("unsupported payload version")
    key = payload.get("recording_key")
    if not isinstance(key, str) or not 0 < len(key) <= 120:
        raise BadPayload("recording_key missing or too long")
    width = _int(payload, "sample_width", 1, 4)
    if width not in _DTYPES:
        raise BadPayload("sample_width out of range")
    channel = _int(payload, "channel", 0, 0xFF)
    if channel not in KNOWN_CHANNELS:
        # Stored, its samples would mean nothing to anyone (no unit, no rate, no analysis).
        raise BadPayload("unknown channel")
    rate = payload.get("sample_rate_hz", NOMINAL_RATE_HZ.get(channel, 0.0))
    if (
        not isinstance(rate, int | float)
        or isinstance(rate, bool)
        or not math.isfinite(rate)
        or rate < 0
    ):
        raise BadPayload("sample_rate_hz not a non-negative number")
    text = payload.get("samples")
    if not isinstance(text, str):
        raise BadPayload("samples missing")
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise BadPayload("samples not base64") from None
    if len(raw) % width or len(raw) // width > 255:
        raise BadPayload("samples not 0-255 whole samples")
    return ParsedFrame(
        athlete_id=_int(payload, "athlete_id", 1, 2**31 - 1),
        recording_key=key,
        device_id=_int(payload, "device_id", 0, 0xFFFF),
        seq=_int(payload, "seq", 0, _U32),
        t_device_us=_int(payload, "t_device_us", 0, _U32),
        channel=channel,
        flags=_int(payload, "flags", 0, 0xFF),
        sample_width=width,
        sample_rate_hz=float(rate),
        samples=np.frombuffer(raw, dtype=_DTYPES[width]),
    )


class FrameConsumer(StreamWorker):
    """Stores frames from the bus; see the module docstring for the guarantees."""

    event = "consumer"
    config: ConsumerConfig
    stats: ConsumerStats

    def __init__(
        self,
        bus: Bus,
        factory: sessionmaker[Session],
        config: ConsumerConfig | None = None,
        *,
        clock: Clock | None = None,
        subject: Subject | None = None,
    ) -> None:
        self.bus = bus
        self.factory = factory
        self.config = config or ConsumerConfig()
        self.clock = clock or SystemClock()
        self.subject = subject or Subject.system()
        self.stats = ConsumerStats()
        super().__init__()
        self.log = log.bind(stream=self.config.stream, consumer=self.config.consumer)

    # ------------------------------------------------------------------ one batch

    def handle(self, messages: Sequence[Message]) -> None:
        """Store one batch, commit, then dead-letter the bad messages and ack them all."""
        cfg = self.config
        bad: list[tuple[Message, str]] = []
        groups: dict[tuple[int, str], list[tuple[Message, ParsedFrame]]] = {}
        for message in messages:
            try:
                parsed = parse_frame(message.payload)
            except BadPayload as exc:
                bad.append((message, str(exc)))
                continue
            groups.setdefault((parsed.athlete_id, parsed.recording_key), []).append(
                (message, parsed)
            )
        now = self.clock.now()
        inserted_total = duplicates_total = samples_total = 0
        withheld = 0
        with unit_of_work(self.factory) as session:
            devices = {p.device_id for items in groups.values() for _, p in items}
            repo.touch_devices(session, devices, now)
            for (athlete_id, key), items in groups.items():
                try:
                    scope = scope_for(session, self.subject, athlete_id)
                    if not consent_repo.is_granted(session, athlete_id, ConsentPurpose.sensor_data):
                        withheld += len(items)
                        continue
                    first = items[0][1]
                    recording = repo.get_or_create_recording(
                        session, scope, key, device_id=first.device_id, started_at=now
                    )
                except NotFound:
                    bad.extend((m, "unknown athlete") for m, _ in items)
                    continue
                except Conflict:
                    bad.extend((m, "recording key of another athlete") for m, _ in items)
                    continue
                rows = [
                    {
                        "recording_id": recording.id,
                        "device_id": p.device_id,
                        "channel": p.channel,
                        "seq": p.seq,
                        "t_device_us": p.t_device_us,
                        "flags": p.flags,
                        "sample_rate_hz": p.sample_rate_hz,
                        "n_samples": int(p.samples.size),
                        "sample_width": p.sample_width,
                        "data": waveform.encode(p.samples, p.sample_width),
                        "received_at": now,
                    }
                    for _, p in items
                ]
                inserted = repo.insert_chunks(session, rows)
                duplicates = len(rows) - inserted
                samples = sum(int(p.samples.size) for _, p in items)
                repo.add_counters(
                    session,
                    recording,
                    {"chunks": inserted, "duplicates": duplicates, "frames_received": len(rows)},
                )
                inserted_total += inserted
                duplicates_total += duplicates
                samples_total += samples
        # Committed. Side effects only now: dead letters, then the acks.
        for message, reason in bad:
            self.bus.publish(
                dead_letter_stream(cfg.stream),
                {"id": message.id, "reason": reason, "payload": message.payload},
            )
            self.stats.bad_reasons[reason] = self.stats.bad_reasons.get(reason, 0) + 1
            self.log.warning("consumer.bad_message", message_id=message.id, reason=reason)
        if withheld:
            self.log.info("consumer.withheld_no_consent", frames=withheld)
        self.bus.ack(cfg.stream, cfg.group, [m.id for m in messages])
        self.stats.withheld += withheld
        self.stats.batches += 1
        self.stats.messages += len(messages)
        self.stats.bad += len(bad)
        self.stats.chunks += inserted_total
        self.stats.duplicates += duplicates_total
        self.stats.samples += samples_total


def prune_waveforms(
    factory: sessionmaker[Session], *, retention_days: int, clock: Clock | None = None
) -> int:
    """Delete raw waveform chunks older than ``retention_days`` (vitals and events stay).

    Returns how many chunks were deleted; commits.
    """
    if retention_days < 1:
        raise ValueError("retention_days must be at least 1")
    cutoff = (clock or SystemClock()).now() - timedelta(days=retention_days)
    with unit_of_work(factory) as session:
        return repo.prune_waveforms(session, cutoff)
