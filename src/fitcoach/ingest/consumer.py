"""The frame consumer: bus → waveform chunks in the database, commit, then ack.

One loop, with a consumer group so that several consumers share the work:

1. On start (and then every ``reclaim_every_s``) take over messages another consumer left
   pending for at least ``reclaim_idle_ms`` (it crashed, or was killed), so none is lost.
2. Read a batch, parse each payload, group the frames by (athlete, recording key), resolve
   every athlete's scope and consent, resolve or create every recording through its athlete's
   scope, and store the chunks; a chunk already stored (``(recording_id, channel, seq)`` is
   unique) is skipped: a re-delivered frame stores nothing.
3. Commit. Only then publish malformed messages to the dead-letter stream and ack the batch.
   A crash anywhere before the ack leaves the messages pending; the next consumer reclaims
   them and the unique key makes the second write a no-op. Every frame is stored exactly once.

Frames of an athlete without ``sensor_data`` consent (never given, or withdrawn) are
*withheld*: nothing of them is stored, their device is neither created nor touched, they are
not dead-lettered (a dead letter would keep the very data refused; a malformed frame that
names such an athlete is withheld too), and after the commit they are acked **and deleted
from the stream** (``Bus.ack_delete``), so that their raw samples do not wait on the bus for
the length cap to trim them. The vitals worker reads the same stream with a group of its own
and withholds by the same rule (see ``withheld_athletes``).

A batch costs a fixed number of statements however many athletes it holds: one for the
scopes, two for consent, up to three for recordings seen for the first time (the ids of known
ones are kept), the chunks in one ``COPY`` (or ``executemany``) under a savepoint, one counter
update (incremented in the database: two consumers never lose each other's counts), and the
devices' ``last_seen`` at most once a second (``TOUCH_EVERY_S``).

Database errors roll back and the same batch is retried after a pause (it stays pending until
it is stored). A malformed payload (a frame on a channel the format does not define included:
``sensors.frames.KNOWN_CHANNELS``) is counted, logged by message id and reason only (no
personal or health data), sent to ``<stream>:dead`` and acked; it never stops the loop.
SIGTERM and SIGINT finish the batch in hand and stop.
"""

from __future__ import annotations

import binascii
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

import numpy as np
import structlog

from fitcoach.core.clock import Clock, SystemClock
from fitcoach.ingest.bus import Bus, Message, SharedPayload
from fitcoach.ingest.producers import NOMINAL_RATE_HZ, PAYLOAD_VERSION, STREAM_FRAMES
from fitcoach.ingest.producers import dead_letter_stream as dead_letter_stream  # re-exported
from fitcoach.ingest.worker import ReadConfig, StreamWorker, WorkerStats
from fitcoach.sensors.frames import KNOWN_CHANNELS
from fitcoach.storage import waveform
from fitcoach.storage.access import AthleteScope, Subject, scopes_for
from fitcoach.storage.db import Session, sessionmaker, unit_of_work
from fitcoach.storage.models import ConsentPurpose
from fitcoach.storage.repositories import consent as consent_repo
from fitcoach.storage.repositories import sensors as repo

log = structlog.get_logger(__name__)

DEFAULT_GROUP = "fitcoach-storage"
DEFAULT_BATCH = 5000  # messages per read at most: fewer, larger transactions when busy
# With many boards streaming, a read may take up to about a second of every board's frames
# (ECG 10, each PPG LED 10, CO2 5 frames a second): what a batch costs per recording (its
# scope, consent, counters) is then paid once a second, not once per 5,000 frames.
FRAMES_PER_RECORDING = 35
MAX_BATCH = 50_000  # and never more than this (memory, and the length of one transaction)
TOUCH_EVERY_S = 1.0  # a device's last_seen is written at most this often
KNOWN_RECORDINGS = 50_000  # recording ids kept once resolved (then forgotten all at once)
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
    batch: int = DEFAULT_BATCH  # more when the last batch held many recordings (``read_count``)


@dataclass
class ConsumerStats(WorkerStats):
    """Counters of one consumer (shown by the CLI, logged at the end)."""

    chunks: int = 0  # chunks newly stored
    duplicates: int = 0  # chunks already stored (re-deliveries)
    samples: int = 0  # samples in the frames handled


class ParsedFrame(NamedTuple):
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


def payload_athlete(payload: Mapping[str, Any]) -> int | None:
    """The athlete a payload names (its ``athlete_id``, when that is a valid id), even in a
    payload that is otherwise malformed: so that a malformed frame of an athlete without
    ``sensor_data`` consent is withheld, not dead-lettered with their samples."""
    athlete = payload.get("athlete_id")
    if type(athlete) is int and 1 <= athlete <= _MAX_ATHLETE:
        return athlete
    return None


def withheld_athletes(scopes: Iterable[int], granted: Iterable[int]) -> set[int]:
    """The athletes whose frames a worker withholds: known (``scopes``: resolved for the
    worker's subject) but not in ``granted`` (``sensor_data`` consent). An athlete no scope
    resolves is not withheld but dead-lettered as ``unknown athlete``.

    The frame consumer and the vitals worker read the same stream with groups of their own,
    and each deletes what it withholds from the stream for both. That is safe because both
    decide by this one rule on the same per-athlete consent: an entry one group withholds,
    the other withholds as well whenever it reads it, so deleting it takes nothing that a
    consented path still needs. Consent read at different moments may differ: granted after
    one group withheld the entry, the other never gets it (it was published without
    consent); withdrawn after one group stored it, the other withholds it (and, having it
    pending, still acks it). The vitals worker acks the channels it does not use (ambient
    CO2, status) without reading consent; the frame consumer withholds and deletes those."""
    return set(scopes) - set(granted)


def busy_read_count(batch: int, recordings: int) -> int:
    """How many frames a worker reads next: ``batch``, or about a second of frames for each
    of the ``recordings`` its last batch held when that is more (at most ``MAX_BATCH``). A
    busy stream of many boards is then handled in batches that hold more than a few frames
    of each, and what a batch costs per recording is paid about once a second."""
    return max(batch, min(MAX_BATCH, FRAMES_PER_RECORDING * recordings))


class BadPayload(ValueError):
    """A payload that is not a frame; the message is a short reason without data."""


def _int(payload: Mapping[str, Any], name: str, low: int, high: int) -> int:
    value = payload.get(name)
    # ``type(...) is int``: the common case, and it leaves out bool (an int to Python).
    if type(value) is not int and (not isinstance(value, int) or isinstance(value, bool)):
        raise BadPayload(f"{name} missing or not an integer")
    if not low <= value <= high:
        raise BadPayload(f"{name} out of range")
    return value


_ABSENT = object()
_MAX_ATHLETE = 2**31 - 1


def parse_frame(payload: Mapping[str, Any]) -> ParsedFrame:
    """Check a frame payload (see ``ingest.producers``); raises ``BadPayload``.

    A well-formed payload, as ``frame_payload`` writes it, is checked in one expression; any
    other goes through the checks one by one, which name the first thing wrong.

    A payload of the in-process bus (``bus.SharedPayload``: the one object every reader of
    the message gets) is parsed once for all of them: the frame consumer and the vitals
    worker of one process share the result (or the reason it is malformed). The frame is
    immutable (a tuple; its samples a read-only view of bytes), so sharing it is safe."""
    if type(payload) is SharedPayload:
        memo = payload.memo
        if memo is None or memo[0] is not parse_frame:
            try:
                memo = (parse_frame, _parse(payload))
            except BadPayload as exc:
                memo = (parse_frame, str(exc))
            payload.memo = memo
        result = memo[1]
        if type(result) is str:
            raise BadPayload(result)
        return result  # type: ignore[return-value]
    return _parse(payload)


def _parse(payload: Mapping[str, Any]) -> ParsedFrame:
    """``parse_frame`` of a payload, without the shared payload's memo."""
    get = payload.get
    key, width, channel = get("recording_key"), get("sample_width"), get("channel")
    rate, text = get("sample_rate_hz", _ABSENT), get("samples")
    athlete, device, seq = get("athlete_id"), get("device_id"), get("seq")
    t_us, flags = get("t_device_us"), get("flags")
    if (
        get("v") == PAYLOAD_VERSION
        and type(key) is str
        and 0 < len(key) <= 120
        and type(width) is int
        and width in _DTYPES
        and type(channel) is int
        and channel in KNOWN_CHANNELS
        and type(rate) is float
        and 0.0 <= rate < math.inf
        and type(text) is str
        and type(athlete) is int
        and 1 <= athlete <= _MAX_ATHLETE
        and type(device) is int
        and 0 <= device <= 0xFFFF
        and type(seq) is int
        and 0 <= seq <= _U32
        and type(t_us) is int
        and 0 <= t_us <= _U32
        and type(flags) is int
        and 0 <= flags <= 0xFF
    ):
        # ``_samples`` inline, and the tuple made without the named tuple's Python-level
        # ``__new__``: the same checks and the same frame, on every message of both workers.
        try:
            raw = _a2b_base64(text, strict_mode=True)
        except (binascii.Error, ValueError):
            raise BadPayload("samples not base64") from None
        if len(raw) % width or len(raw) // width > 255:
            raise BadPayload("samples not 0-255 whole samples")
        return _new_frame(
            ParsedFrame,
            (
                athlete,
                key,
                device,
                seq,
                t_us,
                channel,
                flags,
                width,
                rate,
                _frombuffer(raw, _DTYPES[width]),
            ),
        )
    return _parse_checked(payload)


_a2b_base64 = binascii.a2b_base64
_frombuffer = np.frombuffer
_new_frame = tuple.__new__


def _samples(text: str, width: int) -> np.ndarray[Any, np.dtype[np.signedinteger[Any]]]:
    try:
        # base64.b64decode(text, validate=True) without its wrapper: the same check.
        raw = binascii.a2b_base64(text, strict_mode=True)
    except (binascii.Error, ValueError):
        raise BadPayload("samples not base64") from None
    if len(raw) % width or len(raw) // width > 255:
        raise BadPayload("samples not 0-255 whole samples")
    return np.frombuffer(raw, dtype=_DTYPES[width])


def _parse_checked(payload: Mapping[str, Any]) -> ParsedFrame:
    """``parse_frame`` field by field, in order: the first problem is the one reported."""
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
    samples = _samples(text, width)
    return ParsedFrame(
        _int(payload, "athlete_id", 1, _MAX_ATHLETE),
        key,
        _int(payload, "device_id", 0, 0xFFFF),
        _int(payload, "seq", 0, _U32),
        _int(payload, "t_device_us", 0, _U32),
        channel,
        _int(payload, "flags", 0, 0xFF),
        width,
        float(rate),
        samples,
    )


Groups = dict[tuple[int, str], list[tuple[Message, ParsedFrame]]]


def parse_batch(
    messages: Sequence[Message], bad: list[tuple[Message, str]]
) -> Iterable[tuple[Message, ParsedFrame]]:
    """Each message's frame, in order; a malformed one goes to ``bad`` with its reason."""
    for message in messages:
        try:
            yield message, parse_frame(message.payload)
        except BadPayload as exc:
            bad.append((message, str(exc)))


class DeviceToucher:
    """Keeps devices' ``last_seen`` current without writing it on every batch: a device is
    touched (created when new) when this worker has not touched it for ``every_s`` seconds."""

    def __init__(self, every_s: float = TOUCH_EVERY_S) -> None:
        self.every_s = every_s
        self.touched: dict[int, datetime] = {}

    def touch(self, session: Session, device_ids: Iterable[int], now: datetime) -> None:
        due = {
            d
            for d in device_ids
            if (last := self.touched.get(d)) is None
            or (now - last).total_seconds() >= self.every_s
            or now < last
        }
        if due:
            repo.touch_devices(session, due, now)
            self.touched.update(dict.fromkeys(due, now))

    def forget(self) -> None:
        """After a rollback: what this batch touched was not stored."""
        self.touched.clear()


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
        self.devices = DeviceToucher()
        # (recording key, athlete) → recording id, once resolved through the athlete's scope.
        # Each batch still resolves every athlete's scope and consent first; a recording goes
        # only with its athlete, whose scope then fails.
        self.recordings: dict[tuple[str, int], int] = {}
        self.last_recordings = 0  # (athlete, recording key) pairs in the last batch
        super().__init__()
        self.log = log.bind(stream=self.config.stream, consumer=self.config.consumer)

    def read_count(self) -> int:
        return busy_read_count(self.config.batch, self.last_recordings)

    # ------------------------------------------------------------------ one batch

    def handle(self, messages: Sequence[Message]) -> None:
        """Store one batch, commit, then dead-letter the bad messages and ack them all."""
        cfg = self.config
        bad: list[tuple[Message, str]] = []
        groups: Groups = {}
        for message, parsed in parse_batch(messages, bad):
            groups.setdefault((parsed.athlete_id, parsed.recording_key), []).append(
                (message, parsed)
            )
        self.last_recordings = len(groups)
        withheld: list[Message] = []
        try:
            inserted, duplicates, samples = self._store(groups, bad, withheld)
        except BaseException:
            # Rolled back: what this batch touched or created is not stored.
            self.devices.forget()
            self.recordings.clear()
            raise
        # Committed. Side effects only now: dead letters, then the acks.
        for message, reason in bad:
            self.bus.publish(
                dead_letter_stream(cfg.stream),
                {"id": message.id, "reason": reason, "payload": message.payload},
            )
            self.stats.bad_reasons[reason] = self.stats.bad_reasons.get(reason, 0) + 1
            self.log.warning("consumer.bad_message", message_id=message.id, reason=reason)
        ids = [m.id for m in messages]
        if withheld:
            gone = {m.id for m in withheld}
            deleted = self.bus.ack_delete(cfg.stream, cfg.group, list(gone))
            ids = [i for i in ids if i not in gone]
            self.stats.deleted += deleted
            self.log.info("consumer.withheld_no_consent", frames=len(withheld), deleted=deleted)
        self.bus.ack(cfg.stream, cfg.group, ids)
        self.stats.withheld += len(withheld)
        self.stats.batches += 1
        self.stats.messages += len(messages)
        self.stats.bad += len(bad)
        self.stats.chunks += inserted
        self.stats.duplicates += duplicates
        self.stats.samples += samples

    def _store(
        self, groups: Groups, bad: list[tuple[Message, str]], withheld: list[Message]
    ) -> tuple[int, int, int]:
        """One unit of work for the batch: (chunks inserted, duplicates, samples). The
        messages of athletes without ``sensor_data`` consent go to ``withheld`` (malformed
        ones naming such an athlete leave ``bad`` for it)."""
        now = self.clock.now()
        if len(self.recordings) > KNOWN_RECORDINGS:  # a long-running process: start over
            self.recordings.clear()
        with unit_of_work(self.factory) as session:
            named = {a for m, _ in bad if (a := payload_athlete(m.payload)) is not None}
            scopes = scopes_for(session, self.subject, {a for a, _ in groups} | named)
            granted = consent_repo.granted_athletes(session, scopes, ConsentPurpose.sensor_data)
            refused = withheld_athletes(scopes, granted)
            if refused and bad:
                withheld.extend(m for m, _ in bad if payload_athlete(m.payload) in refused)
                bad[:] = [(m, r) for m, r in bad if payload_athlete(m.payload) not in refused]
            # Only the devices of frames that are stored: a device is never created, nor its
            # last_seen moved, by frames of an unknown athlete or of one without consent.
            self.devices.touch(
                session,
                {
                    p.device_id
                    for (athlete_id, _), items in groups.items()
                    if athlete_id in granted
                    for _, p in items
                },
                now,
            )
            wanted: list[tuple[str, AthleteScope, int | None]] = []
            for (athlete_id, key), items in groups.items():
                scope = scopes.get(athlete_id)
                if scope is None:
                    bad.extend((m, "unknown athlete") for m, _ in items)
                elif athlete_id not in granted:
                    withheld.extend(m for m, _ in items)
                elif (key, athlete_id) not in self.recordings:
                    wanted.append((key, scope, items[0][1].device_id))
            for pair, recording in repo.get_or_create_recordings(
                session, wanted, started_at=now
            ).items():
                if recording is not None:
                    self.recordings[pair] = recording.id
            stored: list[tuple[AthleteScope, int, list[ParsedFrame]]] = []
            for (athlete_id, key), items in groups.items():
                scope = scopes.get(athlete_id)
                if scope is None or athlete_id not in granted:
                    continue  # unknown athlete or withheld: handled above
                recording_id = self.recordings.get((key, athlete_id))
                if recording_id is None:
                    bad.extend((m, "recording key of another athlete") for m, _ in items)
                else:
                    stored.append((scope, recording_id, [p for _, p in items]))
            frames = [p for _, _, parsed in stored for p in parsed]
            data = waveform.encode_many(
                [p.samples for p in frames], [p.sample_width for p in frames]
            )
            chunks = iter(data)
            rows = [
                (
                    recording_id,
                    p.device_id,
                    p.channel,
                    p.seq,
                    p.t_device_us,
                    p.flags,
                    p.sample_rate_hz,
                    int(p.samples.size),
                    p.sample_width,
                    next(chunks),
                    now,
                )
                for _, recording_id, parsed in stored
                for p in parsed
            ]
            inserted = repo.store_chunks(session, rows)
            repo.increment_counters(
                session,
                [
                    (
                        scope,
                        recording_id,
                        {
                            "chunks": inserted.get(recording_id, 0),
                            "duplicates": len(parsed) - inserted.get(recording_id, 0),
                            "frames_received": len(parsed),
                        },
                    )
                    for scope, recording_id, parsed in stored
                ],
            )
        total = sum(inserted.values())
        samples = sum(int(p.samples.size) for p in frames)
        return total, len(frames) - total, samples


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
