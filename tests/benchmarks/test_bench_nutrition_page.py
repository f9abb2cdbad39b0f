"""Smoke test of the nutrition page benchmark: one view of each path; it checks the results'
shape and that the benchmark checked what it claims, never the timings."""

from __future__ import annotations

import pytest

from benchmarks import bench_nutrition_page as bench
from benchmarks import common


def test_the_stored_plan_view_is_measured_beside_a_replanned_view() -> None:
    [result] = bench.main(common.BenchArgs(repeat=1, warmup=False))
    assert result.group == bench.NAME
    assert result.unit == "s"
    assert result.figure is not None
    assert result.figure > 0
    assert result.baseline is not None
    assert result.baseline > 0
    assert result.ratio == pytest.approx(result.figure / result.baseline)
    assert len(result.samples) == len(result.baseline_samples) == 1
    assert result.extra["views"] == result.extra["replanned_views"] == 1
    assert result.extra["first_view_s"] > 0
    assert result.baseline_name == "the same view planning the meals again"
