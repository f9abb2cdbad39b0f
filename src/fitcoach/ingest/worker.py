"""The loop every stream worker shares: take back stale messages, read, handle, repeat.

A worker (the frame consumer, the vitals worker, the wearables consumer) subclasses
``StreamWorker`` and implements ``handle`` (store a batch, commit, then dead-letter and ack;
what it withholds for lack of consent it acks and deletes from the stream, ``Bus.ack_delete``).
A database error leaves the batch unacked and it is tried again after a pause, here or by
another worker's reclaim; SIGTERM/SIGINT finish the batch in hand and stop.

A worker reads one stream (``ReadConfig.stream``) or several (``streams()``: each is read in
that order, every batch holds what all of them gave). A worker that holds messages back
unacked for a later batch (the wearables' records waiting for their user) says so with
``holding()``: the loop then calls ``handle`` again even when nothing new arrives, and a
``run(once=True)`` ends only when it holds nothing (``draining`` tells it to let them go).
"""

from __future__ import annotations

import signal
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

import structlog

from fitcoach.ingest.bus import Bus, Message
from fitcoach.storage.db import SQLAlchemyError


@dataclass(frozen=True)
class ReadConfig:
    """How a worker reads: stream, group, its own name, batch size (per stream) and timings."""

    stream: str
    group: str
    consumer: str
    batch: int = 500
    block_ms: int = 1000
    reclaim_idle_ms: int = 60_000
    reclaim_every_s: float = 30.0
    retry_pause_s: float = 1.0


@dataclass
class WorkerStats:
    """Counters every worker keeps (subclasses add their own; the CLI shows them)."""

    messages: int = 0  # messages handled and acked (good and bad)
    bad: int = 0  # malformed or unroutable messages (dead-lettered)
    # Frames of athletes who withdrew (or never gave) sensor_data consent: acked and dropped,
    # not dead-lettered, since a dead letter would keep the very data they refused.
    withheld: int = 0
    # Of those, how many this worker deleted from the stream (``Bus.ack_delete``): fewer
    # than ``withheld`` only where another group had deleted them first.
    deleted: int = 0
    batches: int = 0
    reclaimed: int = 0  # messages taken over from a stale consumer
    db_errors: int = 0  # failed attempts, retried
    bad_reasons: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class StreamWorker(ABC):
    """Reclaim, read, ``handle``, until stopped (or, with ``once``, until nothing is left)."""

    event: ClassVar[str] = "worker"  # log event prefix: "<event>.started" ...
    bus: Bus
    config: ReadConfig
    stats: WorkerStats
    log: structlog.typing.FilteringBoundLogger

    def __init__(self) -> None:
        self._stop = threading.Event()
        self.draining = False  # True during run(once=True): let held-back messages go

    @abstractmethod
    def handle(self, messages: Sequence[Message]) -> None:
        """Process one batch: store, commit, then ack."""

    def after_batch(self) -> None:  # noqa: B027 (optional hook: most workers need nothing)
        """Work between batches (the vitals worker closes idle recordings here)."""

    def streams(self) -> Sequence[str]:
        """The streams to read, in the order their messages are handled (one by default)."""
        return (self.config.stream,)

    def wait_stream(self) -> str:
        """With several streams, the one to block on when none has anything (the busiest)."""
        return self.streams()[0]

    def holding(self) -> bool:
        """Whether messages are held back unacked for a later ``handle`` (none by default)."""
        return False

    def read_count(self) -> int:
        """How many messages the next read takes at most (``config.batch`` by default)."""
        return self.config.batch

    def stop(self) -> None:
        """Ask the loop to stop after the batch in hand."""
        self._stop.set()

    def resume(self) -> None:
        """Clear a stop request, so that ``run`` works again (to drain after stopping)."""
        self._stop.clear()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    @contextmanager
    def _signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def handler(signum: int, _frame: object) -> None:
            self.log.info(f"{self.event}.stopping", signal=signal.Signals(signum).name)
            self._stop.set()

        previous = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            yield
        finally:
            for s, h in previous.items():
                signal.signal(s, h)

    def announce_start(self) -> None:
        """Log ``<event>.started`` (``run`` does, unless its owner announces for it)."""
        self.log.info(f"{self.event}.started", group=self.config.group, batch=self.config.batch)

    def announce_stop(self) -> None:
        """Log ``<event>.stopped`` with the counters."""
        self.log.info(f"{self.event}.stopped", **self.stats.as_dict())

    def run(
        self,
        *,
        once: bool = False,
        should_stop: Callable[[], bool] | None = None,
        announce: bool = True,
    ) -> Any:
        """Work until stopped (``stop()``, a signal, or ``should_stop()`` true before a round)
        or, with ``once``, until nothing is left; returns the stats.

        ``announce=False`` leaves the started and stopped lines to an owner that runs the loop
        more than once (``pipelines.live.InProcessWorkers``: the loop, then a drain), so that
        a worker's log says started once and stopped once, in that order."""
        cfg = self.config
        names = tuple(self.streams())
        for name in names:
            self.bus.ensure_group(name, cfg.group)
        self.draining = once
        if announce:
            self.announce_start()
        # The reclaim cadence is elapsed time: the monotonic clock, not the wall clock.
        next_reclaim = 0.0
        with self._signals():
            while not self._stop.is_set() and not (should_stop is not None and should_stop()):
                messages: list[Message] = []
                if time.monotonic() >= next_reclaim:
                    full = False
                    for name in names:
                        got = self.bus.reclaim(
                            name,
                            cfg.group,
                            cfg.consumer,
                            min_idle_ms=cfg.reclaim_idle_ms,
                            count=cfg.batch,
                        )
                        full |= len(got) >= cfg.batch
                        messages.extend(got)
                    self.stats.reclaimed += len(messages)
                    if not full:  # a full batch: there may be more to take
                        next_reclaim = time.monotonic() + cfg.reclaim_every_s
                if not messages:
                    messages = self._read(names)
                if messages or self.holding():
                    self._retrying(lambda m=messages: self.handle(m), len(messages))  # type: ignore[misc]
                self.after_batch()
                if not messages and once and not self.holding():
                    break
        if announce:
            self.announce_stop()
        return self.stats

    def _read(self, names: Sequence[str]) -> list[Message]:
        """New messages: one stream waits up to ``block_ms``; several are each read without
        waiting, then, when none had any, the ``wait_stream`` waits."""
        cfg = self.config
        count = self.read_count()
        if len(names) == 1:
            return self.bus.read(
                names[0], cfg.group, cfg.consumer, count=count, block_ms=cfg.block_ms
            )
        out: list[Message] = []
        for name in names:
            out.extend(self.bus.read(name, cfg.group, cfg.consumer, count=count, block_ms=0))
        if not out and cfg.block_ms > 0:
            out = self.bus.read(
                self.wait_stream(), cfg.group, cfg.consumer, count=count, block_ms=cfg.block_ms
            )
        return out

    def _retrying(self, work: Callable[[], object], messages: int = 0) -> None:
        """Run ``work`` until it gets through a database error (or the worker stops)."""
        while True:
            try:
                work()
                return
            except SQLAlchemyError as exc:
                # Not acked: the batch stays pending and is tried again (here or by a reclaim).
                self.stats.db_errors += 1
                self.log.warning(
                    f"{self.event}.db_error", error=type(exc).__name__, messages=messages
                )
                if self._stop.wait(self.config.retry_pause_s):
                    return
