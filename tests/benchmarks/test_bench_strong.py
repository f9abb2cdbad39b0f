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


def test_end_to_end_import_row_stores_every_set() -> None:
    from benchmarks import bench_strong_import as end_to_end

    (row,) = end_to_end.main(common.BenchArgs(rows=120, repeat=1))
    assert row.group == end_to_end.NAME
    assert row.unit == "sets/s"
    assert row.figure is not None
    assert row.baseline is not None
    assert 0 < row.figure < row.baseline  # storing a set costs more than splitting its row
    assert row.extra["rows"] == 120
    assert row.extra["read_strong_median_s"] > 0
