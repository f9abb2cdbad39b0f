"""Smoke test of the Apple Health benchmark: a tiny export, one repeat; shapes and counts only
(timings are for ``make bench`` to print, never asserted)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from benchmarks.common import BenchArgs, BenchmarkError

from benchmarks import bench_apple_health as bench
from fitcoach.ingest.files.apple_health import read_apple_health


def test_main_reports_both_baselines() -> None:
    results = bench.main(BenchArgs(rows=3_000, repeat=1))

    assert [r.baseline_name for r in results] == [
        "ElementTree.iterparse + clear",
        "expat, no-op handlers",
    ]
    for result in results:
        assert result.unit == "records/s"
        assert result.figure is not None
        assert result.baseline is not None
        assert min(result.figure, result.baseline) > 0
        assert result.ratio == pytest.approx(result.figure / result.baseline)
        assert len(result.samples) == len(result.baseline_samples) == 1
        assert set(result.extra["peak_mib"]) == {"fitcoach", "iterparse"}
        assert "peak memory (tracemalloc) fitcoach" in result.notes


def test_the_generated_export_reads_as_written(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    expected = bench.write_export(path, 12_000)  # 24 days, 12 workouts (one of the old kind)

    parsed = read_apple_health(path)
    bench.check_parsed(parsed, expected)  # raises when anything went missing

    assert expected.workouts_without_statistics >= 1
    assert bench.iterparse_only(path) == bench.expat_only(path) == expected.elements
    with pytest.raises(BenchmarkError):
        bench.check_parsed(dataclasses.replace(parsed, activities=parsed.activities[1:]), expected)
