"""Simulated sensors streaming live, and the stream workers on threads of this process.

``InProcessWorkers`` runs the frame consumer (bus → waveform chunks) and the vitals worker
(bus → 1 Hz vitals, alerts, red flags) on two threads of this process: with the in-process bus
nothing outside the process can read the frames. ``fitcoach ingest serial`` and the live demo
use it.

``LiveDemo`` is the demo athlete's sensor board: it runs the seeded simulator in real time and
publishes its frames on the bus, one recording per scenario segment (rest, warm-up, intervals,
recovery ... and round again; with ``scenarios_for(abnormal=True)`` also a desaturation and
premature beats, which raise red flags), until stopped, so that a demo
left running keeps streaming. Memory stays bounded: each segment is simulated on its own
(``segment_s`` seconds at a time) and the bus trims its streams at ``maxlen``. Not a medical
device: the simulator is a test signal, not anyone's physiology.
"""

from __future__ import annotations

import itertools
import os
import socket
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import structlog

from fitcoach.core.clock import Clock, SystemClock
from fitcoach.core.settings import DEFAULT_THRESHOLDS, SignalThresholds
from fitcoach.ingest.bus import Bus, InMemoryBus
from fitcoach.ingest.producers import STREAM_ALERTS, STREAM_FRAMES, STREAM_VITALS, publish_frames
from fitcoach.ingest.worker import StreamWorker
from fitcoach.sensors.frames import Frame
from fitcoach.sensors.simulator import Simulator, pace
from fitcoach.storage.db import Session, sessionmaker
from fitcoach.workers.frames import ConsumerConfig, FrameConsumer
from fitcoach.workers.vitals import VitalsConfig, VitalsWorker

log = structlog.get_logger(__name__)

# The demo athlete's board streams normal physiology only, so that `make run` leaves them able
# to train; the abnormal scenarios raise red flags (a desaturation below 90 %, an irregular
# rhythm from premature beats) and stream only on request (`serve --simulate --abnormal`), for
# a separate demo athlete unless one is named.
DEMO_SCENARIOS = ("rest", "warmup", "intervals", "recovery")
ABNORMAL_SCENARIOS = ("desaturation", "pvc")
DEMO_SEGMENT_S = 90.0  # the desaturation scenario needs 75 s to fall and recover
DEMO_DEVICE_ID = 1


def scenarios_for(*, abnormal: bool) -> tuple[str, ...]:
    """The board's scenarios: the normal ones, plus the abnormal ones only when asked."""
    return DEMO_SCENARIOS + ABNORMAL_SCENARIOS if abnormal else DEMO_SCENARIOS


def _stamp(clock: Clock) -> str:
    return clock.now().strftime("%Y%m%dT%H%M%SZ")


def _consumer_name(prefix: str) -> str:
    """A consumer name of this process (several processes may share a Redis group)."""
    return f"{prefix}-{socket.gethostname()}-{os.getpid()}"


@dataclass(frozen=True)
class Streams:
    """The bus streams the live pipeline uses (tests give them a prefix)."""

    frames: str = STREAM_FRAMES
    vitals: str = STREAM_VITALS
    alerts: str = STREAM_ALERTS

    @classmethod
    def prefixed(cls, prefix: str) -> Streams:
        return cls(f"{prefix}:frames", f"{prefix}:vitals", f"{prefix}:alerts")


class InProcessWorkers:
    """The frame consumer and the vitals worker on threads of this process."""

    def __init__(
        self,
        bus: Bus,
        factory: sessionmaker[Session],
        *,
        streams: Streams | None = None,
        idle_end_s: float = 120.0,
        clock: Clock | None = None,
        thresholds: SignalThresholds = DEFAULT_THRESHOLDS,
    ) -> None:
        s = streams or Streams()
        self.bus = bus
        self.clock = clock or SystemClock()
        self.frames = FrameConsumer(
            bus,
            factory,
            ConsumerConfig(stream=s.frames, consumer=_consumer_name("consumer")),
            clock=self.clock,
        )
        self.vitals = VitalsWorker(
            bus,
            factory,
            VitalsConfig(
                stream=s.frames,
                consumer=_consumer_name("vitals"),
                vitals_stream=s.vitals,
                alerts_stream=s.alerts,
                idle_end_s=idle_end_s,
                thresholds=thresholds,
            ),
            clock=self.clock,
        )
        self.started_at: datetime | None = None
        # Each loop runs unannounced: ``start`` logs the workers started and ``drain`` logs
        # them stopped after the last pass, so the log reads started ... stopped, once each.
        self.threads = [
            threading.Thread(
                target=self.frames.run,
                kwargs={"announce": False},
                name="frame-consumer",
                daemon=True,
            ),
            threading.Thread(
                target=self.vitals.run,
                kwargs={"announce": False},
                name="vitals-worker",
                daemon=True,
            ),
        ]
        self.drained = False

    @property
    def workers(self) -> list[tuple[threading.Thread, StreamWorker]]:
        return [(self.threads[0], self.frames), (self.threads[1], self.vitals)]

    def start(self) -> None:
        self.started_at = self.clock.now()
        for thread, worker in self.workers:
            worker.announce_start()
            thread.start()

    def drain(self, keys: Sequence[str] | None = None) -> None:
        """Stop the loops, store what is left, and close the recordings (``keys``, or every
        recording the vitals worker still has open). Once: a second call does nothing."""
        if self.drained:
            return
        self.drained = True
        try:
            self._drain(keys)
        finally:
            for worker in (self.frames, self.vitals):
                worker.announce_stop()

    def _drain(self, keys: Sequence[str] | None) -> None:
        self.frames.stop()
        self.vitals.stop()
        for thread in self.threads:
            if thread.is_alive():
                thread.join(10.0)
        for worker in (self.frames, self.vitals):
            worker.resume()  # the loops have ended; run once more for what is left
            if isinstance(self.bus, InMemoryBus):
                # A batch whose store failed while stopping (a retry cut short) is still
                # pending, and an in-process bus dies with this process: take it back now.
                # Only here: on Redis another process may hold a pending batch of the group,
                # which the group reclaims when it has been idle long enough.
                worker.config = replace(worker.config, reclaim_idle_ms=0)
        self.frames.run(once=True, announce=False)
        self.vitals.run(once=True, announce=False)
        if keys is None:
            for athlete_id, key in list(self.vitals.live):
                self.vitals.finish(key, athlete_id=athlete_id)
            return
        for key in keys:
            self.vitals.finish(key)

    def summary(self) -> str:
        f, v = self.frames.stats, self.vitals.stats
        return (
            f"stored {f.samples} samples; {v.seconds} seconds of vitals, {v.alerts} alert "
            f"events, {v.flags} red flags opened, {v.finished} recording(s) summarised"
        )

    def jobs(self) -> list[dict[str, Any]]:
        """Each worker thread: name, state, its read settings and counters (for the admin)."""
        out = []
        for thread, worker in self.workers:
            state = "running" if thread.is_alive() else "stopped"
            if thread.is_alive() and worker.stopping:
                state = "stopping"
            out.append(
                {
                    "name": thread.name,
                    "kind": type(worker).__name__,
                    "state": state,
                    "stream": worker.config.stream,
                    "group": worker.config.group,
                    "consumer": worker.config.consumer,
                    "started_at": self.started_at,
                    "stats": worker.stats.as_dict(),
                }
            )
        return out


@dataclass
class DemoStats:
    """What the simulated board has sent."""

    frames: int = 0
    segments: int = 0
    recording_key: str | None = None
    scenario: str | None = None
    errors: int = 0
    last_error: str | None = None
    keys: list[str] = field(default_factory=list)


class LiveDemo:
    """The simulated sensor board of one athlete, streaming in real time until stopped.

    ``workers=True`` also runs the frame consumer and the vitals worker here (needed with the
    in-process bus; with Redis they may run elsewhere instead). ``speed`` > 1 runs faster than
    real time (tests).
    """

    def __init__(
        self,
        bus: Bus,
        session_factory: sessionmaker[Session] | None,
        athlete_id: int,
        *,
        scenarios: Sequence[str] = DEMO_SCENARIOS,
        segment_s: float = DEMO_SEGMENT_S,
        device_id: int = DEMO_DEVICE_ID,
        seed: int = 1,
        speed: float = 1.0,
        workers: bool = True,
        streams: Streams | None = None,
        idle_end_s: float = 120.0,
        clock: Clock | None = None,
        thresholds: SignalThresholds = DEFAULT_THRESHOLDS,
    ) -> None:
        if not scenarios:
            raise ValueError("at least one scenario")
        for name in scenarios:
            Simulator(name)  # unknown names fail here, not on the thread
        if workers and session_factory is None:
            raise ValueError("the workers need a session factory")
        self.bus = bus
        self.athlete_id = athlete_id
        self.scenarios = tuple(scenarios)
        self.segment_s = segment_s
        self.device_id = device_id
        self.seed = seed
        self.speed = speed
        self.streams = streams or Streams()
        self.clock = clock or SystemClock()
        self.stats = DemoStats()
        self.started_at: datetime | None = None
        self._stop = threading.Event()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="simulated-sensors", daemon=True)
        self.workers = (
            InProcessWorkers(
                bus,
                session_factory,
                streams=self.streams,
                idle_end_s=idle_end_s,
                clock=self.clock,
                thresholds=thresholds,
            )
            if workers and session_factory is not None
            else None
        )

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> LiveDemo:
        self.started_at = self.clock.now()
        if self.workers is not None:
            self.workers.start()
        self._thread.start()
        log.info("live_demo.started", athlete_id=self.athlete_id, scenarios=self.scenarios)
        return self

    def stop(self, timeout_s: float = 10.0) -> None:
        """Stop the board, then let the workers store what is left and close the recordings.

        Once: the app's shutdown stops it (before the database closes), and ``serve`` calls it
        again in case the server never started; the second call does nothing."""
        if self._stopped:
            return
        self._stopped = True
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout_s)
        if self.workers is not None:
            self.workers.drain()
        log.info("live_demo.stopped", frames=self.stats.frames, segments=self.stats.segments)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def __enter__(self) -> LiveDemo:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ the board

    def _run(self) -> None:
        for n in itertools.count():
            if self._stop.is_set():
                return
            scenario = self.scenarios[n % len(self.scenarios)]
            try:
                self._segment(n, scenario)
            except Exception as exc:  # keep streaming: log, pause, next segment
                self.stats.errors += 1
                self.stats.last_error = f"{type(exc).__name__}: {exc}"
                log.warning("live_demo.error", error=self.stats.last_error)
                if self._stop.wait(1.0):
                    return

    def _segment(self, n: int, scenario: str) -> None:
        stream = Simulator(scenario, self.seed + n, self.device_id).frames(self.segment_s)
        key = f"demo-dev{self.device_id}-{_stamp(self.clock)}-{n:04d}-{scenario}"
        self.stats.recording_key, self.stats.scenario = key, scenario
        self.stats.segments += 1
        self.stats.keys = [*self.stats.keys[-49:], key]
        frames = stream.frames
        sent = {"i": 0}

        def publish(written: int, _t_s: float) -> None:
            batch: list[Frame] = frames[sent["i"] : written]
            sent["i"] = written
            if batch:
                publish_frames(
                    self.bus,
                    batch,
                    athlete_id=self.athlete_id,
                    recording_key=key,
                    stream=self.streams.frames,
                )
                self.stats.frames += len(batch)

        pace(
            stream,
            lambda _data: None,
            speed=self.speed,
            stop_event=self._stop,
            on_progress=publish,
        )

    # ------------------------------------------------------------------ the admin's view

    def jobs(self) -> list[dict[str, Any]]:
        """The threads of the demo (the simulated board and the workers) with their state."""
        board = {
            "name": self._thread.name,
            "kind": "LiveDemo",
            "state": "running" if self.running else "stopped",
            "stream": self.streams.frames,
            "group": None,
            "consumer": None,
            "started_at": self.started_at,
            "stats": {
                "athlete_id": self.athlete_id,
                "frames_published": self.stats.frames,
                "segments": self.stats.segments,
                "scenario": self.stats.scenario,
                "recording": self.stats.recording_key,
                "errors": self.stats.errors,
                "last_error": self.stats.last_error,
            },
        }
        return [board, *(self.workers.jobs() if self.workers is not None else [])]


def wait_for(predicate: Any, timeout_s: float, every_s: float = 0.1) -> bool:
    """Poll ``predicate()`` until it is true or ``timeout_s`` passes (tests, the CLI)."""
    # A duration, not a time of day: the monotonic clock, immune to wall-clock steps.
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every_s)
    return bool(predicate())
