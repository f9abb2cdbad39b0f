"""The wearables consumer: the six ``fitness:*`` streams → athletes and training-log records.

An entry point like the frame consumer and the vitals worker: it runs on the shared stream
loop (``ingest.worker.StreamWorker``: batches, reclaim of a crashed consumer's messages, retry
after a database error, SIGTERM/SIGINT finish the batch in hand), owns each batch's unit of
work and stores it through the service (``services.wearables.store_batch``: validation, the
athletes of new users, consent read once per batch, the records), then publishes the dead
letters and only then acks; what it withholds for lack of ``sensor_data`` consent it acks and
deletes from the streams. ``services/wearables/`` describes the messages and the rules.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from fitcoach.core.logging import get_logger
from fitcoach.ingest.bus import Bus, Message
from fitcoach.ingest.producers import WearableStreams
from fitcoach.ingest.worker import ReadConfig, StreamWorker, WorkerStats
from fitcoach.services import consent
from fitcoach.services.wearables import (
    DEFAULT_GROUP,
    KINDS,
    MAX_KEPT_DEAD_LETTERS,
    ConsumeReport,
    ContextFactory,
    DeadLetter,
    store_batch,
)

log = get_logger(__name__)


def _dead_letter_payload(d: DeadLetter, group: str, consumer: str) -> dict[str, Any]:
    return {
        "stream": d.stream,
        "message_id": d.message_id,
        "reason": d.reason,
        "payload": d.payload,
        "group": group,
        "consumer": consumer,
    }


def _by_stream(messages: Sequence[Message]) -> dict[str, list[str]]:
    by_stream: dict[str, list[str]] = {}
    for m in messages:
        by_stream.setdefault(m.stream, []).append(m.id)
    return by_stream


def _ack(bus: Bus, group: str, messages: Sequence[Message]) -> None:
    for stream, ids in _by_stream(messages).items():
        bus.ack(stream, group, ids)


def _ack_delete(bus: Bus, group: str, messages: Sequence[Message]) -> int:
    """Ack ``messages`` and delete them from their streams; returns how many were deleted."""
    return sum(bus.ack_delete(stream, group, ids) for stream, ids in _by_stream(messages).items())


ProgressFn = Callable[[ConsumeReport], None]


@dataclass(frozen=True)
class WearablesConfig(ReadConfig):
    """How the wearables consumer reads (see ``ReadConfig``; ``batch`` is per stream) and how
    long a record may wait for its user's profile."""

    streams: WearableStreams = field(default_factory=WearableStreams)
    stream: str = ""  # set to the first of ``streams`` (what logs and the admin view show)
    group: str = DEFAULT_GROUP
    consumer: str = "wearables-1"
    unknown_user_wait_s: float = 30.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "stream", self.streams.name(KINDS[0]))


class WearablesConsumer(StreamWorker):
    """The six wearable streams → athletes and training-log records, on the shared loop.

    Each batch (up to ``batch`` messages per stream, the reclaimed messages of crashed
    consumers first) is validated and stored in one unit of work (``ctx_factory``), then the
    dead letters are published and only then is everything acked. A record whose user has no
    athlete yet is held back unacked (``holding``) and tried again with the following batches
    for up to ``unknown_user_wait_s`` of elapsed time, then dead-lettered; ``run(once=True)``
    dead-letters the ones still waiting once the streams are drained.
    """

    event = "wearables"
    config: WearablesConfig
    stats: WorkerStats

    def __init__(
        self,
        ctx_factory: ContextFactory,
        bus: Bus,
        config: WearablesConfig | None = None,
        *,
        progress: ProgressFn | None = None,
        monotonic: Callable[[], float] = time.monotonic,  # waiting is elapsed time
    ) -> None:
        self.ctx_factory = ctx_factory
        self.bus = bus
        self.config = config or WearablesConfig()
        self.progress = progress
        self.monotonic = monotonic
        self.stats = WorkerStats()
        super().__init__()
        self.report = ConsumeReport()
        self.devices: dict[str, str] = {}  # device id → model, learnt from the streams
        # (stream, message id) → (message, first seen); ids are only unique within a stream.
        self.waiting: dict[tuple[str, str], tuple[Message, float]] = {}
        self.log = log.bind(streams=self.config.streams.prefix, consumer=self.config.consumer)
        self._started = time.perf_counter()

    def streams(self) -> Sequence[str]:
        return list(self.config.streams.all().values())  # users first: records need them

    def wait_stream(self) -> str:
        return self.config.streams.name("events")  # the busiest

    def holding(self) -> bool:
        return bool(self.waiting)

    def handle(self, messages: Sequence[Message]) -> None:
        """Store a batch (and the records waiting for their user), commit, then dead-letter
        and ack; a record still without its user stays held back."""
        cfg, streams, report = self.config, self.config.streams, self.report
        # A reclaim hands back this consumer's own held-back records: not new ones.
        fresh = [m for m in messages if _key(m) not in self.waiting]
        for m in fresh:
            report.counts[streams.kind_of(m.stream)].read += 1
        now = self.monotonic()
        expired = [
            m
            for m, seen in self.waiting.values()
            if (self.draining and not fresh) or now - seen >= cfg.unknown_user_wait_s
        ]
        expired_keys = {_key(m) for m in expired}
        retry = [m for m, _ in self.waiting.values() if _key(m) not in expired_keys]
        outcome = store_batch(
            self.ctx_factory, streams, [*fresh, *retry], self.devices, unknown_waits=True
        )
        if expired:
            last = store_batch(
                self.ctx_factory, streams, expired, self.devices, unknown_waits=False
            )
            outcome.merge(last)
        # Committed. Dead letters go out before the ack, so that a crash in between repeats
        # them rather than losing them.
        for d in outcome.dead:
            self.bus.publish(streams.dead_letter, _dead_letter_payload(d, cfg.group, cfg.consumer))
            self.log.debug(
                "wearables.dead_letter", stream=d.stream, message_id=d.message_id, reason=d.reason
            )
        if outcome.dead:
            self.log.info("wearables.dead_lettered", messages=len(outcome.dead))
        withheld = [m for m, _ in outcome.withheld]
        if withheld:
            deleted = _ack_delete(self.bus, cfg.group, withheld)
            self.stats.deleted += deleted
            for m, athlete_id in outcome.withheld:
                if streams.kind_of(m.stream) == "devices":
                    self.log.info(
                        "wearables.device_not_registered",
                        message_id=m.id,
                        athlete_id=athlete_id,
                        reason=consent.device_refused(athlete_id).message,
                    )
            self.log.info("wearables.withheld_no_consent", messages=len(withheld), deleted=deleted)
        acked = [*outcome.done, *(_as_message(d) for d in outcome.dead)]
        _ack(self.bus, cfg.group, acked)
        for kind, c in outcome.counts.items():
            report.counts[kind].add(c)
        room = MAX_KEPT_DEAD_LETTERS - len(report.dead_letters)
        report.dead_letters.extend(outcome.dead[: max(room, 0)])
        still = {_key(m) for m in outcome.waiting}
        for key in list(self.waiting):
            if key not in still:
                del self.waiting[key]
        for m in outcome.waiting:
            self.waiting.setdefault(_key(m), (m, now))
        report.waiting = len(self.waiting)
        report.batches += 1
        report.seconds = time.perf_counter() - self._started
        # The loop's counters (reasons name users and ids, so they are not tallied by reason).
        self.stats.messages += len(acked) + len(withheld)
        self.stats.bad += len(outcome.dead)
        self.stats.withheld += len(withheld)
        self.stats.batches += 1
        if self.progress is not None:
            self.progress(report)


def consume(
    ctx_factory: ContextFactory,
    bus: Bus,
    *,
    streams: WearableStreams | None = None,
    group: str = DEFAULT_GROUP,
    consumer: str = "wearables-1",
    batch: int = 500,
    once: bool = False,
    block_ms: int = 1000,
    reclaim_idle_ms: int = 60_000,
    unknown_user_wait_s: float = 30.0,
    retry_pause_s: float = 1.0,
    should_stop: Callable[[], bool] | None = None,
    progress: ProgressFn | None = None,
) -> ConsumeReport:
    """Read the six wearable streams with consumer group ``group`` and store their records.

    Runs a ``WearablesConsumer`` on the shared stream loop: batches of up to ``batch``
    messages per stream (first those of crashed consumers idle for ``reclaim_idle_ms``), one
    unit of work each, commit, dead letters, then the acks; a database error is retried after
    ``retry_pause_s`` with nothing acked. ``once`` stops when the streams are drained (records
    still waiting for their user are then dead-lettered); otherwise it runs until stopped
    (SIGTERM/SIGINT, or ``should_stop()``).
    """
    streams = streams or WearableStreams()
    config = WearablesConfig(
        streams=streams,
        group=group,
        consumer=consumer,
        batch=batch,
        # Drained means empty now: ``once`` waits on no stream.
        block_ms=0 if once else block_ms,
        reclaim_idle_ms=reclaim_idle_ms,
        reclaim_every_s=max(reclaim_idle_ms, 1000) / 1000.0,
        retry_pause_s=retry_pause_s,
        unknown_user_wait_s=unknown_user_wait_s,
    )
    worker = WearablesConsumer(ctx_factory, bus, config, progress=progress)
    worker.run(once=once, should_stop=should_stop)
    report = worker.report
    report.retried = worker.stats.db_errors
    report.seconds = time.perf_counter() - worker._started
    return report


def _key(m: Message) -> tuple[str, str]:
    return (m.stream, m.id)


def _as_message(d: DeadLetter) -> Message:
    return Message(d.message_id, d.stream, d.payload)


def read_dead_letters(bus: Bus, streams: WearableStreams, group: str) -> Iterator[dict[str, Any]]:
    """Drain the dead-letter stream for ``group`` (tools and tests inspect it with this)."""
    bus.ensure_group(streams.dead_letter, group)
    while batch := bus.read(streams.dead_letter, group, "inspector", count=1000, block_ms=0):
        bus.ack(streams.dead_letter, group, [m.id for m in batch])
        yield from (m.payload for m in batch)


__all__ = [
    "DEFAULT_GROUP",
    "WearablesConfig",
    "WearablesConsumer",
    "consume",
    "read_dead_letters",
]
