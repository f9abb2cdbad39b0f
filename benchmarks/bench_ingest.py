"""Sensor ingest: frames → bus → workers → database, beside floors that do the same work bare.

Workload (setup, not timed): ``athletes`` simulated boards (``sensors.simulator``: the
firmware's frame mix, ECG 250 Hz in frames of 25, PPG red and IR 100 Hz in frames of 10, CO2
20 Hz in frames of 4; 35 frames and 470 samples per athlete-second), each running a normal
scenario (rest, warm-up, intervals, recovery in turn), seeded. The frames go on the bus in the
order the boards send them, every 100 ms of every athlete in turn, as on a shared bus: a read
of 5,000 messages then holds a fraction of a second of each of 500 athletes, as it does in a
process that keeps up with them. The first ``warmup_s`` seconds of every athlete are processed
once, untimed, so that what is measured finds the recordings created and the online state
steady (R-peak history, 60 s RMSSD windows), as in a long session; then each repeat times the
next ``measured_s`` seconds of every athlete (the session goes on between repeats).

**Embedded** (in-process bus + SQLite file; one process runs everything, as
``pipelines.live.InProcessWorkers``):

(a) fitcoach: ``frame_payload`` + ``publish_many`` per 100 ms of all boards,
    ``FrameConsumer.run(once=True)`` (parse, encode, store, commit, ack), then
    ``VitalsWorker.run(once=True)`` (parse, place on the device clock, 1 Hz vitals, alerts,
    store, commit, publish, ack);
(b) floor: the same chunks, encoded in advance, inserted by the ``sqlite3`` driver's
    ``executemany`` of a plain INSERT, plus bare ``VitalsMonitor``s (one per athlete, warmed up
    the same way) fed the same seconds as arrays already in physical units: the store's limit
    plus the analysis itself, without bus, parsing, bookkeeping or storing the results.

The figure is **athletes kept up with** by one process: athlete-seconds processed per second
(samples/s ÷ 470), frame consumer and vitals worker together; the frame consumer alone is also
reported in samples/s against the raw insert.

**Scale-out** (Redis Streams + PostgreSQL; the frame consumer in a process of its own, vitals
workers elsewhere):

(a) fitcoach: ``frame_payload`` + ``publish_many`` per 100 ms to Redis,
    ``FrameConsumer.run(once=True)``;
(b) floor: the same payloads, JSON-encoded in advance, ``XADD``-ed through a redis-py pipeline
    per 100 ms as ``RedisBus.publish_many`` does, read back with ``XRANGE`` pages of the
    consumer's batch size, and the same chunks, encoded in advance, ``COPY``-ed into
    ``waveform_chunks`` with psycopg, commit included: the same bytes moved, without parsing,
    encoding, groups, acks or duplicate handling.

Each repeat runs the fitcoach path and the floors on the same seconds, alternating which goes
first (the floor's chunks are removed again before fitcoach stores the same ones, and the
other way round). Wall time is the figure; the CPU seconds of this process are kept too (the
embedded paths run entirely in it), since a shared machine's wall time counts other work.
After every run the table must hold exactly one chunk per frame so far, and in the end the
vitals must hold every completed second with a heart rate for most of them, or the benchmark
fails.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
import redis
from benchmarks.common import BenchArgs, BenchmarkError, Result, Timing, human_rate
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from fitcoach.analysis.signals import VitalsMonitor
from fitcoach.ingest.bus import InMemoryBus, RedisBus, encode_payload
from fitcoach.ingest.frames import busy_read_count
from fitcoach.ingest.producers import NOMINAL_RATE_HZ, frame_payload
from fitcoach.sensors.frames import Channel, Frame
from fitcoach.sensors.profiles import DEFAULT_PROFILE
from fitcoach.sensors.simulator import Simulator
from fitcoach.services.athletes import create_athlete
from fitcoach.services.context import ServiceContext
from fitcoach.storage import migrate, waveform
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work
from fitcoach.storage.repositories.sensors import CHUNK_COLUMNS
from fitcoach.workers.frames import ConsumerConfig, FrameConsumer
from fitcoach.workers.vitals import VitalsConfig, VitalsWorker

NAME = "ingest"
SCENARIOS = ("rest", "warmup", "intervals", "recovery")
SEED = 20_261_122
POSTGRES_SERVER_URL = os.environ.get(
    "FITCOACH_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/"
)
REDIS_URL = os.environ.get("FITCOACH_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
USED = (Channel.ECG, Channel.PPG_RED, Channel.PPG_IR, Channel.CO2)
SPECS = {int(c): DEFAULT_PROFILE.channel(c) for c in USED}
SAMPLES_PER_S_PER_ATHLETE = round(sum(s.rate_hz for s in SPECS.values()))  # 470
FRAMES_PER_S_PER_ATHLETE = round(
    sum(s.rate_hz / (s.samples_per_frame or 1) for s in SPECS.values())
)  # 35
TICKS_PER_S = 10  # boards' frames go on the bus 100 ms at a time
BUS_MAXLEN = 1_000_000  # far more than one window, far less than a whole run
WARMUP_STEP_S = 4  # the warm-up goes through the bus this many seconds at a time
TABLES = ("vitals", "sensor_events", "health_flags", "waveform_chunks", "recordings", "devices")


@dataclass(frozen=True)
class Sizes:
    athletes: int  # boards interleaved on the bus
    warmup_s: int  # seconds of every athlete processed once, untimed
    measured_s: int  # seconds of every athlete timed in each repeat
    repeat: int


DEFAULT_SIZES = Sizes(athletes=500, warmup_s=62, measured_s=10, repeat=3)
QUICK_SIZES = Sizes(athletes=6, warmup_s=2, measured_s=3, repeat=1)


class Board:
    """One simulated board: its samples (compact), from which its frames of any 100 ms are
    made exactly as ``Simulator.frames`` makes them (frames are not all kept: hundreds of
    boards' frames for minutes would take gigabytes)."""

    def __init__(self, scenario: str, seed: int, device_id: int, seconds: int) -> None:
        stream = Simulator(scenario, seed=seed, device_id=device_id).frames(seconds)
        self.device_id = device_id
        self.counts = {int(c): np.asarray(stream.signals[Channel(c)], dtype=np.int32) for c in USED}
        self.flags = {int(c): [] for c in USED}  # per channel, each frame's flags in order
        for f in stream.frames:
            if f.channel in self.flags:
                self.flags[f.channel].append(f.flags)
        self.physical = {c: SPECS[c].to_physical(v) for c, v in self.counts.items()}

    def frames(self, tick: int) -> list[Frame]:
        """The frames the board sends during 100 ms tick ``tick`` (ending at (tick + 1)/10 s),
        in the simulator's order (by time sent, then channel)."""
        out = []
        for c in (int(ch) for ch in USED):  # the channel order breaks ties, as the simulator
            spec = SPECS[c]
            per = spec.samples_per_frame or 1
            ticks_per_frame = round(TICKS_PER_S * per / spec.rate_hz)  # ECG, PPG 1; CO2 2
            if (tick + 1) % ticks_per_frame:
                continue
            k = (tick + 1) // ticks_per_frame - 1
            chunk = self.counts[c][k * per : (k + 1) * per]
            out.append(
                Frame(
                    device_id=self.device_id,
                    seq=k,
                    t_device_us=round(k * per / spec.rate_hz * 1e6),
                    channel=c,
                    samples=tuple(int(v) for v in chunk),
                    flags=self.flags[c][k],
                    sample_width=spec.sample_width,
                )
            )
        return out


@dataclass
class Workload:
    """The boards, and the athlete ids their frames carry."""

    sizes: Sizes
    boards: list[Board]

    @property
    def total_s(self) -> int:
        s = self.sizes
        return s.warmup_s + s.measured_s * s.repeat

    def window(self, i: int) -> range:
        """Seconds of repeat ``i`` (-1: the warm-up)."""
        s = self.sizes
        if i < 0:
            return range(0, s.warmup_s)
        start = s.warmup_s + i * s.measured_s
        return range(start, start + s.measured_s)

    def ticks(self, seconds: range) -> Iterator[list[tuple[int, Frame]]]:
        """Each 100 ms of ``seconds``: (athlete index, frame) of every board in turn."""
        for tick in range(seconds.start * TICKS_PER_S, seconds.stop * TICKS_PER_S):
            yield [(a, f) for a, board in enumerate(self.boards) for f in board.frames(tick)]

    def frames_in(self, seconds: range) -> int:
        return len(self.boards) * len(seconds) * FRAMES_PER_S_PER_ATHLETE

    def samples_in(self, seconds: range) -> int:
        return len(self.boards) * len(seconds) * SAMPLES_PER_S_PER_ATHLETE


def make_workload(sizes: Sizes, seed: int = SEED) -> Workload:
    """Seeded simulated boards, one per athlete, for the warm-up and every repeat."""
    seconds = sizes.warmup_s + sizes.measured_s * sizes.repeat
    boards = [
        Board(SCENARIOS[a % len(SCENARIOS)], seed + a, 100 + a, seconds)
        for a in range(sizes.athletes)
    ]
    return Workload(sizes, boards)


def read_size(athletes: int) -> int:
    """The frame consumer's read size once its batches hold every athlete's board
    (``FrameConsumer.read_count``)."""
    return busy_read_count(ConsumerConfig().batch, athletes)


def _athletes(factory: sessionmaker[Session], n: int) -> list[int]:
    with unit_of_work(factory) as session:
        ctx = ServiceContext(session=session, subject=Subject.system())
        return [
            create_athlete(ctx, {"name": f"Bench {i}", "email": f"bench{i}@example.org"}).id
            for i in range(n)
        ]


def _key(a: int) -> str:
    return f"bench-{a}"


Ticks = list[list[tuple[int, Frame]]]


def _chunk_rows(ticks: Ticks, recording_ids: dict[int, int]) -> list[tuple[Any, ...]]:
    """The rows the consumer writes, encoded in advance (for the floors)."""
    now = datetime.now(UTC)
    return [
        (
            recording_ids[a],
            f.device_id,
            f.channel,
            f.seq,
            f.t_device_us,
            f.flags,
            NOMINAL_RATE_HZ[f.channel],
            len(f.samples),
            f.sample_width,
            waveform.encode(f.samples, f.sample_width),
            now,
        )
        for tick in ticks
        for a, f in tick
    ]


def _payload_ticks(ticks: Ticks, athletes: list[int]) -> list[list[str]]:
    """The bus messages' JSON text per 100 ms, encoded in advance (for the floor)."""
    return [
        [
            encode_payload(frame_payload(f, athlete_id=athletes[a], recording_key=_key(a)))
            for a, f in tick
        ]
        for tick in ticks
    ]


def _clock() -> tuple[float, float]:
    """Wall and CPU seconds (this process) now."""
    return time.perf_counter(), time.process_time()


@dataclass
class Run:
    """Seconds one path spent in one repeat (wall, and CPU of this process)."""

    consumer_s: float = 0.0
    consumer_cpu_s: float = 0.0
    vitals_s: float = 0.0
    vitals_cpu_s: float = 0.0


@dataclass
class Measured:
    runs: list[Run] = field(default_factory=list)
    raw: list[Run] = field(default_factory=list)  # the store's floor (consumer_* fields)
    analysis: list[Run] = field(default_factory=list)  # bare monitors (vitals_* fields)


class Pipeline:
    """fitcoach's workers on one bus and database, kept across the warm-up and the repeats."""

    def __init__(
        self, factory: sessionmaker[Session], bus: Any, athletes: list[int], *, vitals: bool
    ) -> None:
        self.bus = bus
        self.athletes = athletes
        self.stream = f"bench:{uuid.uuid4().hex[:10]}:frames"
        self.consumer = FrameConsumer(
            bus, factory, ConsumerConfig(stream=self.stream, consumer="c", block_ms=1)
        )
        self.worker = (
            VitalsWorker(
                bus,
                factory,
                VitalsConfig(
                    stream=self.stream,
                    consumer="v",
                    block_ms=1,
                    vitals_stream=f"{self.stream}:vitals",
                    alerts_stream=f"{self.stream}:alerts",
                ),
            )
            if vitals
            else None
        )
        self.expected = 0  # frames published so far

    def publish(self, ticks: list[list[tuple[int, Frame]]]) -> None:
        for tick in ticks:
            self.bus.publish_many(
                self.stream,
                [
                    frame_payload(f, athlete_id=self.athletes[a], recording_key=_key(a))
                    for a, f in tick
                ],
            )
            self.expected += len(tick)

    def run(self, ticks: list[list[tuple[int, Frame]]]) -> Run:
        """Publish, store and (with vitals) analyse ``ticks``; timed."""
        wall, cpu = _clock()
        self.publish(ticks)
        self.consumer.run(once=True)
        wall2, cpu2 = _clock()
        run = Run(consumer_s=wall2 - wall, consumer_cpu_s=cpu2 - cpu)
        if self.worker is not None:
            self.worker.run(once=True)
            wall3, cpu3 = _clock()
            run.vitals_s, run.vitals_cpu_s = wall3 - wall2, cpu3 - cpu2
        self.check()
        return run

    def check(self) -> None:
        c = self.consumer.stats
        if c.chunks != self.expected or c.bad or c.duplicates:
            raise BenchmarkError(f"consumer stored {c.chunks} of {self.expected} chunks")
        if self.worker is not None:
            v = self.worker.stats
            if v.bad or v.frames != self.expected:
                raise BenchmarkError(f"vitals worker fed {v.frames} of {self.expected} frames")

    def close(self) -> None:
        if isinstance(self.bus, RedisBus):
            self.bus.delete(self.stream, f"{self.stream}:vitals", f"{self.stream}:alerts")
            self.bus.client.close()


class Monitors:
    """The analysis floor: a bare VitalsMonitor per athlete, fed whole seconds of arrays."""

    def __init__(self, workload: Workload, max_hr_bpm: float) -> None:
        self.workload = workload
        rates = {c: s.rate_hz for c, s in SPECS.items()}
        self.monitors = [
            VitalsMonitor(
                max_hr_bpm=max_hr_bpm,
                ecg_hz=rates[int(Channel.ECG)],
                ppg_hz=rates[int(Channel.PPG_IR)],
                co2_hz=rates[int(Channel.CO2)],
            )
            for _ in workload.boards
        ]

    def seconds(self, seconds: range) -> Run:
        """Feed and tick ``seconds`` of every athlete; timed (arrays sliced outside)."""
        n = {c: round(s.rate_hz) for c, s in SPECS.items()}
        ecg, red, ir, co2 = (int(c) for c in USED)
        parts = [
            [
                {c: board.physical[c][sec * n[c] : (sec + 1) * n[c]] for c in n}
                for board in self.workload.boards
            ]
            for sec in seconds
        ]
        wall, cpu = _clock()
        for sec, by_board in zip(seconds, parts, strict=True):
            for m, p in zip(self.monitors, by_board, strict=True):
                m.push_ecg(p[ecg])
                m.push_ppg(p[red], p[ir])
                m.push_co2(p[co2])
                m.tick(sec + 1.0)
        wall2, cpu2 = _clock()
        return Run(vitals_s=wall2 - wall, vitals_cpu_s=cpu2 - cpu)


class Pairing:
    """One bus with one database: set up, run every path, check, clean up."""

    def __init__(self, kind: str, url: str, bus_factory: Callable[[], Any]) -> None:
        self.kind = kind
        self.url = url
        self.engine = make_engine(url)
        self.factory = make_session_factory(self.engine)
        self.bus_factory = bus_factory

    def empty(self) -> None:
        with self.engine.begin() as conn:
            for table in TABLES:
                conn.execute(text(f"DELETE FROM {table}"))

    def scalar(self, sql: str) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(text(sql)).scalar_one() or 0)

    def chunks(self) -> int:
        return self.scalar("SELECT count(*) FROM waveform_chunks")

    def recording_ids(self, athletes: list[int]) -> dict[int, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(text("SELECT athlete_id, id FROM recordings")).all()
        by_athlete = {int(a): int(r) for a, r in rows}
        return {i: by_athlete[a] for i, a in enumerate(athletes)}

    def remove(self, seconds: range) -> None:
        """Delete the chunks of ``seconds`` (the boards' clocks start at 0)."""
        with self.engine.begin() as conn:
            conn.execute(
                text("DELETE FROM waveform_chunks WHERE t_device_us >= :a AND t_device_us < :b"),
                {"a": seconds.start * 1_000_000, "b": seconds.stop * 1_000_000},
            )

    def check_vitals(self, workload: Workload) -> None:
        """Every athlete's completed seconds stored, with a heart rate for most of them."""
        athletes, total = workload.sizes.athletes, workload.total_s
        rows = self.scalar("SELECT count(*) FROM vitals")
        with_hr = self.scalar("SELECT count(*) FROM vitals WHERE hr_bpm IS NOT NULL")
        # The last seconds wait for the slowest channel (and up to stall_s) before they tick;
        # a heart rate needs an 8 s detection window and three beats: none in the first 12 s.
        least = athletes * (total - 6)
        if rows < least or with_hr < 0.8 * (rows - athletes * 12):
            raise BenchmarkError(f"{rows} vitals ({with_hr} with a heart rate), expected {least}+")

    def raw_store(self, rows: list[tuple[Any, ...]]) -> Run:
        """SQLite's fastest plain path for pre-encoded chunk rows; timed."""
        path = self.url.split("///", 1)[1]
        conn = sqlite3.connect(path)
        cols = ", ".join(CHUNK_COLUMNS)
        marks = ", ".join("?" for _ in CHUNK_COLUMNS)
        sql = f"INSERT INTO waveform_chunks ({cols}) VALUES ({marks})"
        plain = [(*r[:-1], r[-1].replace(tzinfo=None).isoformat(sep=" ")) for r in rows]
        try:
            wall, cpu = _clock()
            conn.executemany(sql, plain)
            conn.commit()
            wall2, cpu2 = _clock()
        finally:
            conn.close()
        return Run(consumer_s=wall2 - wall, consumer_cpu_s=cpu2 - cpu)

    def raw_bus_copy(
        self, payloads: list[list[str]], rows: list[tuple[Any, ...]], athletes: int
    ) -> Run:
        """XADD (pipelined per 100 ms) + XRANGE pages (of the consumer's read size for so many
        boards) + COPY, commit; timed."""
        client = redis.Redis.from_url(REDIS_URL, decode_responses=False)
        stream = f"bench:{uuid.uuid4().hex[:10]}:raw"
        cols = ", ".join(CHUNK_COLUMNS)
        dsn = self.url.replace("postgresql+psycopg://", "postgresql://")
        batch = read_size(athletes)
        read = 0
        try:
            with psycopg.connect(dsn) as conn:
                wall, cpu = _clock()
                for group in payloads:
                    pipe = client.pipeline(transaction=False)
                    for body in group:
                        pipe.xadd(stream, {"d": body}, maxlen=BUS_MAXLEN, approximate=True)
                    pipe.execute()
                after = "-"
                while page := client.xrange(stream, min=after, max="+", count=batch):
                    read += len(page)
                    last: Any = page[-1][0]
                    ms, n = last.decode().split("-")
                    after = f"{ms}-{int(n) + 1}"
                with (
                    conn.cursor() as cur,
                    cur.copy(f"COPY waveform_chunks ({cols}) FROM STDIN") as copy,
                ):
                    for r in rows:
                        copy.write_row(r)
                conn.commit()
                wall2, cpu2 = _clock()
        finally:
            client.delete(stream)
            client.close()
        if read != len(rows):
            raise BenchmarkError(f"XRANGE read {read} messages of {len(rows)}")
        return Run(consumer_s=wall2 - wall, consumer_cpu_s=cpu2 - cpu)

    def close(self) -> None:
        self.engine.dispose()


def _repeat(
    pairing: Pairing,
    pipeline: Pipeline,
    monitors: Monitors | None,
    workload: Workload,
    i: int,
    recordings: dict[int, int],
    out: Measured,
    progress: Callable[[str], None],
) -> None:
    """Repeat ``i``: fitcoach and the floors on the same seconds, in alternating order."""
    repeats = workload.sizes.repeat
    seconds = workload.window(i)
    ticks = list(workload.ticks(seconds))
    rows = _chunk_rows(ticks, recordings)
    payloads = _payload_ticks(ticks, pipeline.athletes) if pairing.kind != "sqlite" else []
    before = pairing.chunks()
    # The frames, rows and payloads made for this repeat (hundreds of thousands of objects a
    # running process would not hold) are set aside from the garbage collector's passes, so
    # that neither path pays for traversing them.
    gc.collect()
    gc.freeze()

    def floor() -> None:
        progress(f"{pairing.kind}: floor, repeat {i + 1}/{repeats}")
        if pairing.kind == "sqlite":
            out.raw.append(pairing.raw_store(rows))
        else:
            out.raw.append(pairing.raw_bus_copy(payloads, rows, len(pipeline.athletes)))
        if pairing.chunks() != before + len(rows):
            raise BenchmarkError("the floor did not store one chunk per frame")
        if monitors is not None:
            out.analysis.append(monitors.seconds(seconds))

    def ours() -> None:
        progress(f"{pairing.kind}: fitcoach, repeat {i + 1}/{repeats}")
        out.runs.append(pipeline.run(ticks))
        if pairing.chunks() != before + len(rows):
            raise BenchmarkError("fitcoach did not store one chunk per frame")

    first, second = (ours, floor) if i % 2 == 0 else (floor, ours)
    try:
        first()
        pairing.remove(seconds)  # the same chunks again, stored by the other path
        second()
    finally:
        gc.unfreeze()


def _measure(
    pairing: Pairing, workload: Workload, progress: Callable[[str], None], *, vitals: bool
) -> Measured:
    sizes = workload.sizes
    pairing.empty()
    athletes = _athletes(pairing.factory, sizes.athletes)
    pipeline = Pipeline(pairing.factory, pairing.bus_factory(), athletes, vitals=vitals)
    monitors = Monitors(workload, max_hr_bpm=190.0) if vitals else None
    out = Measured()
    try:
        # Warm-up: the embedded pipeline goes through every warm-up second (steady online
        # state); the scale-out consumer needs only its recordings made (the first second).
        warmup = workload.window(-1) if vitals else range(0, 1)
        for start in range(warmup.start, warmup.stop, WARMUP_STEP_S):
            part = range(start, min(start + WARMUP_STEP_S, warmup.stop))
            progress(f"{pairing.kind}: warm-up {part.stop}/{warmup.stop} s")
            pipeline.publish(list(workload.ticks(part)))
            pipeline.consumer.run(once=True)
            if pipeline.worker is not None:
                pipeline.worker.run(once=True)
            pipeline.check()
        if monitors is not None:
            progress(f"{pairing.kind}: warming up the analysis floor")
            monitors.seconds(warmup)
        recordings = pairing.recording_ids(athletes)
        for i in range(sizes.repeat):
            _repeat(pairing, pipeline, monitors, workload, i, recordings, out, progress)
        if vitals:
            pairing.check_vitals(workload)
    finally:
        pipeline.close()
    return out


def _med(values: list[float]) -> float:
    return float(np.median(values))


def _extra(workload: Workload, m: Measured) -> dict[str, Any]:
    s = workload.sizes
    return {
        "athletes_in_stream": s.athletes,
        "warmup_s": s.warmup_s,
        "measured_s": s.measured_s,
        "frames_per_repeat": workload.frames_in(workload.window(0)),
        "batch": read_size(s.athletes),
        "repeats": s.repeat,
        "consumer_s": [r.consumer_s for r in m.runs],
        "consumer_cpu_s": [r.consumer_cpu_s for r in m.runs],
        "vitals_s": [r.vitals_s for r in m.runs],
        "vitals_cpu_s": [r.vitals_cpu_s for r in m.runs],
        "raw_s": [r.consumer_s for r in m.raw],
        "raw_cpu_s": [r.consumer_cpu_s for r in m.raw],
        "analysis_s": [r.vitals_s for r in m.analysis],
        "analysis_cpu_s": [r.vitals_cpu_s for r in m.analysis],
    }


def embedded_results(workload: Workload, m: Measured) -> list[Result]:
    window = workload.window(0)
    samples, frames = workload.samples_in(window), workload.frames_in(window)
    seconds = workload.sizes.athletes * len(window)
    consumer = Timing(tuple(r.consumer_s for r in m.runs))
    total = Timing(tuple(r.consumer_s + r.vitals_s for r in m.runs))
    raw = Timing(tuple(r.consumer_s for r in m.raw))
    floor = Timing(tuple(r.consumer_s + a.vitals_s for r, a in zip(m.raw, m.analysis, strict=True)))
    cpu = _med([r.consumer_cpu_s + r.vitals_cpu_s for r in m.runs])
    floor_cpu = _med(
        [r.consumer_cpu_s + a.vitals_cpu_s for r, a in zip(m.raw, m.analysis, strict=True)]
    )
    extra = _extra(workload, m)
    rate = Result(
        name="ingest in-process bus + SQLite (frames → bus → consumer → db)",
        figure=samples / consumer.median,
        unit="samples/s",
        baseline=samples / raw.median,
        ratio=raw.median / consumer.median,
        baseline_name="sqlite3 executemany (same chunks)",
        group=NAME,
        notes=f"{frames:,} frames, {samples:,} samples a repeat, {workload.sizes.athletes} "
        "athletes interleaved; the frame consumer alone",
        samples=list(consumer.samples),
        baseline_samples=list(raw.samples),
        extra=extra,
    )
    athletes = Result(
        name="ingest embedded: athletes kept up with (frame consumer + vitals worker)",
        figure=seconds / total.median,
        unit="athletes",
        baseline=seconds / floor.median,
        ratio=floor.median / total.median,
        baseline_name="sqlite3 executemany + bare VitalsMonitors (same seconds)",
        group=NAME,
        notes=(
            f"athlete-seconds per second; consumer {_med([r.consumer_s for r in m.runs]):.2f} s "
            f"+ vitals {_med([r.vitals_s for r in m.runs]):.2f} s for {seconds:,} "
            f"athlete-seconds; floor: insert {raw.median:.2f} s + analysis "
            f"{_med([a.vitals_s for a in m.analysis]):.2f} s. By CPU seconds: {seconds / cpu:,.0f} "
            f"athletes (floor {seconds / floor_cpu:,.0f}, ratio {floor_cpu / cpu:.2f}). "
            "Goal (issue #14): 500"
        ),
        samples=list(total.samples),
        baseline_samples=list(floor.samples),
        extra=extra,
    )
    return [rate, athletes]


def scaleout_results(workload: Workload, m: Measured) -> list[Result]:
    window = workload.window(0)
    samples, frames = workload.samples_in(window), workload.frames_in(window)
    seconds = workload.sizes.athletes * len(window)
    consumer = Timing(tuple(r.consumer_s for r in m.runs))
    raw = Timing(tuple(r.consumer_s for r in m.raw))
    extra = _extra(workload, m)
    base = "XADD + XRANGE + COPY (same payloads and chunks)"
    rate = Result(
        name="ingest Redis Streams + PostgreSQL (frames → bus → consumer → db)",
        figure=samples / consumer.median,
        unit="samples/s",
        baseline=samples / raw.median,
        ratio=raw.median / consumer.median,
        baseline_name=base,
        group=NAME,
        notes=f"{frames:,} frames, {samples:,} samples a repeat, {workload.sizes.athletes} "
        "athletes interleaved; goal (issue #14): ratio 0.50",
        samples=list(consumer.samples),
        baseline_samples=list(raw.samples),
        extra=extra,
    )
    athletes = Result(
        name="ingest scale-out: athletes one frame consumer keeps up with",
        figure=seconds / consumer.median,
        unit="athletes",
        baseline=seconds / raw.median,
        ratio=raw.median / consumer.median,
        baseline_name=base,
        group=NAME,
        notes=f"rate ÷ {SAMPLES_PER_S_PER_ATHLETE} samples/s per athlete; storage only (vitals "
        "workers scale out on their own)",
        extra=extra,
    )
    return [rate, athletes]


def _postgres_available() -> str | None:
    dsn = POSTGRES_SERVER_URL.replace("postgresql+psycopg://", "postgresql://") + "postgres"
    try:
        with psycopg.connect(dsn, connect_timeout=3):
            return None
    except psycopg.OperationalError as exc:
        return str(exc).strip().splitlines()[0]


def _redis_available() -> str | None:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
        return None
    except redis.RedisError as exc:
        return str(exc)
    finally:
        client.close()


def bench_sqlite(workload: Workload, progress: Callable[[str], None]) -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        migrate.upgrade(url)
        pairing = Pairing("sqlite", url, lambda: InMemoryBus(maxlen=BUS_MAXLEN))
        try:
            measured = _measure(pairing, workload, progress, vitals=True)
        finally:
            pairing.close()
    return embedded_results(workload, measured)


def bench_postgres(workload: Workload, progress: Callable[[str], None]) -> list[Result]:
    admin = POSTGRES_SERVER_URL.replace("postgresql+psycopg://", "postgresql://") + "postgres"
    name = f"fitcoach_bench_ingest_{os.getpid()}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]
        conn.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    url = POSTGRES_SERVER_URL + name
    try:
        migrate.upgrade(url)
        pairing = Pairing("postgres", url, lambda: RedisBus.from_url(REDIS_URL, maxlen=BUS_MAXLEN))
        try:
            measured = _measure(pairing, workload, progress, vitals=False)
        finally:
            pairing.close()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]
    return scaleout_results(workload, measured)


def sizes_for(args: BenchArgs) -> Sizes:
    """``--quick`` sizes or the defaults; ``--rows`` is the frames measured in a repeat
    (athletes × seconds × 35), ``--repeat`` the repeats."""
    base = QUICK_SIZES if args.quick else DEFAULT_SIZES
    measured = base.measured_s
    if args.rows:
        measured = max(1, round(args.rows / (base.athletes * FRAMES_PER_S_PER_ATHLETE)))
    return Sizes(base.athletes, base.warmup_s, measured, args.repeat or base.repeat)


def main(args: BenchArgs) -> list[Result]:
    sizes = sizes_for(args)
    args.progress(
        f"simulating {sizes.athletes} boards × "
        f"{sizes.warmup_s + sizes.measured_s * sizes.repeat} s ({sizes.warmup_s} s warm-up)"
    )
    workload = make_workload(sizes)
    results = bench_sqlite(workload, args.progress)
    why = _postgres_available() or _redis_available()
    if why is None:
        results += bench_postgres(workload, args.progress)
    else:
        results.append(
            Result(
                name="ingest Redis Streams + PostgreSQL",
                figure=None,
                unit="samples/s",
                group=NAME,
                notes=f"skipped: {why}",
            )
        )
    for r in results:
        if r.figure is not None and r.baseline is not None:
            args.progress(
                f"{r.name}: {human_rate(r.figure)} {r.unit} (floor {human_rate(r.baseline)})"
            )
    return results
