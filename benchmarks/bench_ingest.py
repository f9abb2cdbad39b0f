"""Sensor ingest rate: frames → bus → consumer → database, beside the store's raw limit.

Each athlete's board sends, every 100 ms of device time, four frames: ECG (25 samples, 250 Hz),
PPG red and infrared (10 samples each, 100 Hz, 4-byte) and CO2 (2 samples, 20 Hz): 470
samples/s per athlete. Frames of several athletes are interleaved, as on a shared bus.

For each pairing — the embedded one (in-process bus + SQLite file) and the server one (Redis
Streams + PostgreSQL) — the same pre-built frames are, repeatedly, on an emptied table:

(a) fitcoach: published with ``ingest.producers.publish_frames`` and stored by
    ``ingest.consumer.FrameConsumer.run(once=True)`` (parse, encode chunks, bulk insert, commit,
    ack); the figure is samples/s end to end, publishing included;
(b) raw: the same chunks, already encoded, written straight into ``waveform_chunks`` by the
    store's fastest plain path (SQLite ``executemany`` of a plain INSERT; psycopg ``COPY``),
    commit timed: the limit of the store itself.

The ratio is (a)/(b). "athletes in real time" divides the rate by 470 samples/s: how many
athletes one consumer process keeps up with. After every run the table must hold exactly one
chunk per frame, or the benchmark fails.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
import redis
from benchmarks.common import BenchArgs, BenchmarkError, Result, Timing, human_rate, timed
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from fitcoach.ingest.bus import InMemoryBus, RedisBus
from fitcoach.ingest.consumer import ConsumerConfig, FrameConsumer
from fitcoach.ingest.producers import NOMINAL_RATE_HZ, publish_frames
from fitcoach.sensors.frames import Channel, Frame
from fitcoach.services.athletes import create_athlete
from fitcoach.services.context import ServiceContext
from fitcoach.storage import migrate, waveform
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work
from fitcoach.storage.repositories.sensors import CHUNK_COLUMNS

NAME = "ingest"
DEFAULT_FRAMES = 40_000
QUICK_FRAMES = 4_000
DEFAULT_REPEAT = 3
ATHLETES = 10
BATCH = 500
SEED = 20_261_122
POSTGRES_SERVER_URL = os.environ.get(
    "FITCOACH_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/"
)
REDIS_URL = os.environ.get("FITCOACH_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
# Per 100 ms: channel, samples per frame, bytes per sample.
FRAME_MIX = (
    (Channel.ECG, 25, 2),
    (Channel.PPG_RED, 10, 4),
    (Channel.PPG_IR, 10, 4),
    (Channel.CO2, 2, 2),
)
SAMPLES_PER_S_PER_ATHLETE = sum(n for _, n, _ in FRAME_MIX) * 10  # 470


@dataclass(frozen=True)
class Workload:
    """Frames per athlete, and how many samples they hold in all."""

    frames: dict[int, list[Frame]]  # athlete index → frames in send order
    samples: int

    @property
    def count(self) -> int:
        return sum(len(f) for f in self.frames.values())


def make_workload(total_frames: int, athletes: int = ATHLETES, seed: int = SEED) -> Workload:
    """Seeded random-walk signals in the firmware's frame mix, ``athletes`` boards."""
    rng = np.random.default_rng(seed)
    ticks = max(1, total_frames // (athletes * len(FRAME_MIX)))
    out: dict[int, list[Frame]] = {}
    samples = 0
    for a in range(athletes):
        level = {
            Channel.ECG: 512,
            Channel.PPG_RED: 120_000,
            Channel.PPG_IR: 130_000,
            Channel.CO2: 300,
        }
        frames = []
        for tick in range(ticks):
            for channel, n, width in FRAME_MIX:
                values = np.clip(level[channel] + np.cumsum(rng.integers(-6, 7, size=n)), 0, 2**17)
                level[channel] = int(values[-1])
                frames.append(
                    Frame(
                        device_id=100 + a,
                        seq=tick,
                        t_device_us=tick * 100_000,
                        channel=int(channel),
                        samples=tuple(int(v) for v in values),
                        sample_width=width,
                    )
                )
                samples += n
        out[a] = frames
    return Workload(out, samples)


def _interleaved(workload: Workload) -> list[tuple[int, list[Frame]]]:
    """Publish order: 100 ms of every athlete in turn (as several boards on one bus)."""
    per_tick = len(FRAME_MIX)
    ticks = len(next(iter(workload.frames.values()))) // per_tick
    order = []
    for t in range(ticks):
        for a, frames in workload.frames.items():
            order.append((a, frames[t * per_tick : (t + 1) * per_tick]))
    return order


def _athletes(factory: sessionmaker[Session], n: int) -> list[int]:
    with unit_of_work(factory) as session:
        ctx = ServiceContext(session=session, subject=Subject.system())
        return [
            create_athlete(ctx, {"name": f"Bench {i}", "email": f"bench{i}@example.org"}).id
            for i in range(n)
        ]


def _chunk_rows(workload: Workload, recording_ids: dict[int, int]) -> list[tuple[Any, ...]]:
    """The rows the consumer would write, encoded in advance (for the raw path)."""
    now = datetime.now(UTC)
    rows = []
    for a, frames in workload.frames.items():
        for f in frames:
            rows.append(
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
            )
    return rows


class Pairing:
    """One bus with one database: set up, run both paths, clean up."""

    kind: str
    url: str

    def __init__(self, kind: str, url: str, bus_factory: Callable[[], Any]) -> None:
        self.kind = kind
        self.url = url
        self.engine = make_engine(url)
        self.factory = make_session_factory(self.engine)
        self.bus_factory = bus_factory

    def empty(self) -> None:
        with self.engine.begin() as conn:
            conn.execute(text("DELETE FROM waveform_chunks"))
            conn.execute(text("DELETE FROM recordings"))

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM waveform_chunks")).scalar_one())

    def recording_ids(self, athletes: list[int]) -> dict[int, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(text("SELECT athlete_id, id FROM recordings")).all()
        by_athlete = {int(a): int(r) for a, r in rows}
        return {i: by_athlete[a] for i, a in enumerate(athletes)}

    def fitcoach(self, workload: Workload, athletes: list[int]) -> float:
        bus = self.bus_factory()
        stream = f"bench:{uuid.uuid4().hex[:10]}:frames"
        config = ConsumerConfig(stream=stream, group="bench", consumer="c", batch=BATCH, block_ms=1)
        consumer = FrameConsumer(bus, self.factory, config)

        def run() -> None:
            for a, frames in _interleaved(workload):
                publish_frames(
                    bus, frames, athlete_id=athletes[a], recording_key=f"bench-{a}", stream=stream
                )
            consumer.run(once=True)

        try:
            seconds, _ = timed(run)
        finally:
            if isinstance(bus, RedisBus):
                bus.delete(stream)
                bus.client.close()
        if consumer.stats.chunks != workload.count or consumer.stats.bad:
            raise BenchmarkError(f"consumer stored {consumer.stats.chunks} of {workload.count}")
        return seconds

    def raw(self, rows: list[tuple[Any, ...]]) -> float:
        cols = ", ".join(CHUNK_COLUMNS)
        if self.kind == "sqlite":
            path = self.url.split("///", 1)[1]
            conn = sqlite3.connect(path)
            marks = ", ".join("?" for _ in CHUNK_COLUMNS)
            sql = f"INSERT INTO waveform_chunks ({cols}) VALUES ({marks})"
            plain = [(*r[:-1], r[-1].replace(tzinfo=None).isoformat(sep=" ")) for r in rows]

            def run() -> None:
                conn.executemany(sql, plain)
                conn.commit()

            try:
                seconds, _ = timed(run)
            finally:
                conn.close()
            return seconds
        dsn = self.url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(dsn) as conn:

            def run_pg() -> None:
                with (
                    conn.cursor() as cur,
                    cur.copy(f"COPY waveform_chunks ({cols}) FROM STDIN") as copy,
                ):
                    for r in rows:
                        copy.write_row(r)
                conn.commit()

            seconds, _ = timed(run_pg)
        return seconds

    def close(self) -> None:
        self.engine.dispose()


def _measure(
    pairing: Pairing, workload: Workload, repeat: int, progress: Callable[[str], None]
) -> tuple[Timing, Timing]:
    athletes = _athletes(pairing.factory, len(workload.frames))
    ours: list[float] = []
    raw: list[float] = []
    for i in range(repeat):
        pairing.empty()
        progress(f"{pairing.kind}: fitcoach run {i + 1}/{repeat}")
        ours.append(pairing.fitcoach(workload, athletes))
        if pairing.count() != workload.count:
            raise BenchmarkError(f"{pairing.count()} chunks stored, expected {workload.count}")
        recordings = pairing.recording_ids(athletes)
        rows = _chunk_rows(workload, recordings)
        with pairing.engine.begin() as conn:
            conn.execute(text("DELETE FROM waveform_chunks"))
        progress(f"{pairing.kind}: raw run {i + 1}/{repeat}")
        raw.append(pairing.raw(rows))
        if pairing.count() != workload.count:
            raise BenchmarkError(f"raw path stored {pairing.count()}, expected {workload.count}")
    return Timing(tuple(ours)), Timing(tuple(raw))


def _results(
    label: str, baseline_name: str, workload: Workload, ours: Timing, raw: Timing
) -> list[Result]:
    figure = workload.samples / ours.median
    base = workload.samples / raw.median
    extra = {
        "frames": workload.count,
        "samples": workload.samples,
        "athletes_in_stream": len(workload.frames),
        "batch": BATCH,
        "median_s": ours.median,
        "baseline_median_s": raw.median,
        "repeats": len(ours.samples),
    }
    rate = Result(
        name=f"ingest {label} (frames → bus → consumer → db)",
        figure=figure,
        unit="samples/s",
        baseline=base,
        ratio=figure / base,
        baseline_name=baseline_name,
        group=NAME,
        notes=f"{workload.count:,} frames, {workload.samples:,} samples, {len(workload.frames)} athletes",
        samples=list(ours.samples),
        baseline_samples=list(raw.samples),
        extra=extra,
    )
    athletes = Result(
        name=f"ingest {label}: athletes kept up with in real time",
        figure=figure / SAMPLES_PER_S_PER_ATHLETE,
        unit="athletes",
        baseline=base / SAMPLES_PER_S_PER_ATHLETE,
        ratio=figure / base,
        baseline_name=baseline_name,
        group=NAME,
        notes=f"rate ÷ {SAMPLES_PER_S_PER_ATHLETE} samples/s per athlete (ECG 250 + PPG 2×100 + CO2 20)",
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


def bench_sqlite(workload: Workload, repeat: int, progress: Callable[[str], None]) -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        migrate.upgrade(url)
        pairing = Pairing("sqlite", url, lambda: InMemoryBus(maxlen=10_000_000))
        try:
            ours, raw = _measure(pairing, workload, repeat, progress)
        finally:
            pairing.close()
    return _results("in-process bus + SQLite", "sqlite3 executemany", workload, ours, raw)


def bench_postgres(
    workload: Workload, repeat: int, progress: Callable[[str], None]
) -> list[Result]:
    admin = POSTGRES_SERVER_URL.replace("postgresql+psycopg://", "postgresql://") + "postgres"
    name = f"fitcoach_bench_ingest_{os.getpid()}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]
        conn.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    url = POSTGRES_SERVER_URL + name
    try:
        migrate.upgrade(url)
        pairing = Pairing("postgres", url, lambda: RedisBus.from_url(REDIS_URL, maxlen=10_000_000))
        try:
            ours, raw = _measure(pairing, workload, repeat, progress)
        finally:
            pairing.close()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]
    return _results("Redis Streams + PostgreSQL", "psycopg COPY", workload, ours, raw)


def main(args: BenchArgs) -> list[Result]:
    frames = args.rows or (QUICK_FRAMES if args.quick else DEFAULT_FRAMES)
    repeat = args.repeat or (1 if args.quick else DEFAULT_REPEAT)
    args.progress(f"building {frames:,} frames")
    workload = make_workload(frames)
    results = bench_sqlite(workload, repeat, args.progress)
    why = _postgres_available() or _redis_available()
    if why is None:
        results += bench_postgres(workload, repeat, args.progress)
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
        if r.unit == "samples/s" and r.figure is not None and r.baseline is not None:
            args.progress(
                f"{r.name}: {human_rate(r.figure)} samples/s (raw {human_rate(r.baseline)})"
            )
    return results
