"""The loop every stream worker shares: take back stale messages, read, handle, repeat.

A worker (the frame consumer, the vitals worker) subclasses ``StreamWorker`` and implements
``handle`` (store a batch, commit, then ack). A database error leaves the batch unacked and it
is tried again after a pause, here or by another worker's reclaim; SIGTERM/SIGINT finish the
batch in hand and stop.
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
from sqlalchemy.exc import SQLAlchemyError

from fitcoach.ingest.bus import Bus, Message


@dataclass(frozen=True)
class ReadConfig:
    """How a worker reads: stream, group, its own name, batch size and timings."""

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

    @abstractmethod
    def handle(self, messages: Sequence[Message]) -> None:
        """Process one batch: store, commit, then ack."""

    def after_batch(self) -> None:  # noqa: B027 (optional hook: most workers need nothing)
        """Work between batches (the vitals worker closes idle recordings here)."""

    def stop(self) -> None:
        """Ask the loop to stop after the batch in hand."""
        self._stop.set()

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

    def run(self, *, once: bool = False) -> Any:
        """Work until stopped; returns the stats."""
        cfg = self.config
        self.bus.ensure_group(cfg.stream, cfg.group)
        self.log.info(f"{self.event}.started", group=cfg.group, batch=cfg.batch)
        next_reclaim = 0.0
        with self._signals():
            while not self._stop.is_set():
                messages: list[Message] = []
                if time.monotonic() >= next_reclaim:
                    messages = self.bus.reclaim(
                        cfg.stream,
                        cfg.group,
                        cfg.consumer,
                        min_idle_ms=cfg.reclaim_idle_ms,
                        count=cfg.batch,
                    )
                    self.stats.reclaimed += len(messages)
                    if len(messages) < cfg.batch:  # a full batch: there may be more to take
                        next_reclaim = time.monotonic() + cfg.reclaim_every_s
                if not messages:
                    messages = self.bus.read(
                        cfg.stream, cfg.group, cfg.consumer, count=cfg.batch, block_ms=cfg.block_ms
                    )
                if messages:
                    self._retrying(lambda m=messages: self.handle(m), len(messages))  # type: ignore[misc]
                self.after_batch()
                if not messages and once:
                    break
        self.log.info(f"{self.event}.stopped", **self.stats.as_dict())
        return self.stats

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
