"""Smoke test of the Strong import benchmark: a tiny size, one repeat; shapes, no timings."""

from __future__ import annotations

import csv
import io

import pytest

from benchmarks import bench_strong as bench
from benchmarks import common
from fitcoach.ingest.files.strong import read_strong


def test_generated_export_has_exactly_the_sets_asked_for() -> None:
    data = bench.strong_export(137)
    rows = list(csv.reader(io.StringIO(data.decode())))
    assert rows[0] == bench.HEADER.split(",")
    assert len(rows) - 1 == 137
    parsed = read_strong(data, weight_unit="kg")
    assert sum(len(w.sets) for w in parsed.workouts) == 137
    assert any(s.is_warmup for w in parsed.workouts for s in w.sets)


def test_strong_benchmark_row_beside_the_csv_reader() -> None:
    (row,) = bench.main(common.BenchArgs(rows=200, repeat=1))
    assert row.group == bench.NAME
    assert row.unit == "sets/s"
    assert row.figure is not None
    assert row.figure > 0
    assert row.baseline is not None
    assert row.baseline > 0
    assert row.ratio == pytest.approx(row.figure / row.baseline)
    assert row.extra["rows"] == 200
    assert len(row.samples) == len(row.baseline_samples) == 1
