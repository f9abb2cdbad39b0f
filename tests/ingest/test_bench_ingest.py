"""Smoke test of the ingest benchmark: tiny sizes, one repeat; shapes and counts, never timings."""

from __future__ import annotations

from typing import Any

import pytest
from benchmarks.common import BenchArgs, BenchmarkError

from benchmarks import bench_ingest as bench
from fitcoach.sensors.simulator import Simulator

TINY = bench.Sizes(athletes=3, warmup_s=2, measured_s=2, repeat=2)


def test_boards_send_the_simulators_frames_in_its_order() -> None:
    board = bench.Board("intervals", seed=5, device_id=9, seconds=6)
    made = [f for tick in range(60) for f in board.frames(tick)]
    expected = [
        f
        for f in Simulator("intervals", seed=5, device_id=9).frames(6)
        if f.channel in board.counts
    ]
    assert made == expected


def test_the_workload_is_the_firmware_frame_mix_interleaved() -> None:
    assert bench.SAMPLES_PER_S_PER_ATHLETE == 470
    assert bench.FRAMES_PER_S_PER_ATHLETE == 35
    workload = bench.make_workload(TINY)
    assert workload.total_s == 2 + 2 * 2
    window = workload.window(1)
    assert list(window) == [4, 5]
    ticks = list(workload.ticks(window))
    assert len(ticks) == 20  # 100 ms each
    assert sum(len(t) for t in ticks) == workload.frames_in(window) == 3 * 2 * 35
    samples = sum(len(f.samples) for t in ticks for _, f in t)
    assert samples == workload.samples_in(window) == 3 * 2 * 470
    # Every 100 ms holds every athlete in turn.
    assert [a for a, _ in ticks[0]] == [0, 0, 0, 1, 1, 1, 2, 2, 2]


def test_sqlite_pairing_stores_every_frame_and_reports_a_ratio() -> None:
    workload = bench.make_workload(TINY)
    rate, athletes = bench.bench_sqlite(workload, lambda _m: None)
    assert rate.unit == "samples/s"
    assert rate.figure is not None
    assert rate.baseline is not None
    assert rate.ratio == pytest.approx(rate.figure / rate.baseline)
    assert len(rate.samples) == len(rate.baseline_samples) == 2
    assert rate.extra["frames_per_repeat"] == 3 * 2 * 35
    assert athletes.unit == "athletes"
    assert athletes.figure is not None
    assert athletes.baseline is not None
    assert athletes.ratio == pytest.approx(athletes.figure / athletes.baseline)
    assert len(athletes.extra["analysis_cpu_s"]) == 2
    assert "Goal (issue #14): 500" in athletes.notes


def test_lost_chunks_fail_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    def store_nothing(self: bench.Pairing, rows: list[Any]) -> bench.Run:
        return bench.Run()

    monkeypatch.setattr(bench.Pairing, "raw_store", store_nothing)
    with pytest.raises(BenchmarkError, match="one chunk per frame"):
        bench.bench_sqlite(bench.make_workload(TINY), lambda _m: None)


def test_sizes_follow_the_options() -> None:
    assert bench.sizes_for(BenchArgs(quick=True)) == bench.QUICK_SIZES
    assert bench.sizes_for(BenchArgs()).athletes == 500
    rows = bench.sizes_for(BenchArgs(rows=500 * 35 * 4, repeat=5))
    assert (rows.measured_s, rows.repeat) == (4, 5)
