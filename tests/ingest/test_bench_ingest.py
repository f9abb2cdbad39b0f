"""Smoke test of the ingest benchmark: tiny sizes, one repeat; shapes and counts, never timings."""

from __future__ import annotations

import pytest

from benchmarks import bench_ingest as bench


def test_workload_has_the_firmware_frame_mix() -> None:
    workload = bench.make_workload(400, athletes=2)
    assert workload.count == 400
    assert bench.SAMPLES_PER_S_PER_ATHLETE == 470
    # 100 ms of one athlete: 25 + 10 + 10 + 2 samples.
    assert workload.samples == 47 * 100


def test_sqlite_pairing_stores_every_frame_and_reports_a_ratio() -> None:
    results = bench.bench_sqlite(bench.make_workload(400, athletes=2), 1, lambda _m: None)
    rate, athletes = results
    assert rate.unit == "samples/s"
    assert rate.figure is not None
    assert rate.baseline is not None
    assert rate.figure > 0
    assert rate.ratio == pytest.approx(rate.figure / rate.baseline)
    assert rate.extra["frames"] == 400
    assert athletes.unit == "athletes"
    assert athletes.figure == pytest.approx(rate.figure / 470)
