"""Smoke test of the form benchmark: a tiny size, one repeat; shapes, no timings."""

from __future__ import annotations

import pytest

from benchmarks import bench_form as bench
from benchmarks import common


def test_form_benchmark_rows_beside_the_floor() -> None:
    rows = bench.main(common.BenchArgs(rows=300, repeat=1))
    assert rows[0].group == bench.NAME
    assert rows[0].extra["rows"] >= 300
    for row in rows:
        if row.figure is None:  # torch missing: said so
            assert "torch" in row.notes
            continue
        assert row.unit == "rows/s"
        assert row.figure > 0
        assert row.baseline is not None
        assert row.baseline > 0
        assert row.ratio == pytest.approx(row.figure / row.baseline)
        assert len(row.samples) == 1
    assert len(rows) == 2
