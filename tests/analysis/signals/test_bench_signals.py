"""Smoke test of the signals benchmark at a tiny size: shape and checks, never timings."""

from __future__ import annotations

from benchmarks.common import BenchArgs

from benchmarks import bench_signals as bench


def test_signals_benchmark_runs_and_checks_its_vitals() -> None:
    results = bench.main(BenchArgs(rows=90, repeat=1))
    assert [r.baseline_name.split(" ")[0] for r in results] == ["nk.ecg_process", "nk.ecg_peaks"]
    for result in results:
        assert result.unit == "x real time"
        assert result.figure is not None
        assert result.figure > 0
        assert result.baseline is not None
        assert result.baseline > 0
        assert result.ratio == result.figure / result.baseline
        assert result.group == bench.NAME
        assert result.extra["seconds"] == 90
        assert len(result.samples) == len(result.baseline_samples) == 1
    assert results[0].figure == results[1].figure  # one online run, two floors
