"""Smoke test of the squad-sheet benchmark: two players, one repeat; it checks that every path
ran and scored the whole sheet and the results' shape, never the timings (those are for
``make bench`` to print)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import bench_squad as bench
from benchmarks import common


def test_the_sheet_is_a_clean_season_of_every_player(tmp_path: Path) -> None:
    from fitcoach.ml.squad import read_sheet

    path = tmp_path / "season.csv"
    assert bench.write_sheet(path, 3) == 3 * bench.DAYS
    sheet = read_sheet(path.read_text())
    assert (sheet.rows_read, len(sheet.rows), sheet.problems) == (
        3 * bench.DAYS,
        3 * bench.DAYS,
        [],
    )
    assert sheet.rows["athlete"].nunique() == 3
    assert sheet.rows["fatigue"].isna().mean() == pytest.approx(0.05, abs=0.02)  # NA and blank


@pytest.mark.slow
def test_the_benchmark_scores_the_sheet_beside_pandas_reading_it() -> None:
    results = bench.main(common.BenchArgs(rows=2 * bench.DAYS, repeat=1, warmup=False))
    assert [r.name for r in results] == [
        "score_file: a 2-player, two-season sheet",
        "fitcoach ml score --json (fresh process)",
        "peak memory, fitcoach ml score --json",
        "start-up: fitcoach ml score, a 3-row sheet",
    ]
    for result in results:
        assert result.group == bench.NAME
        assert result.figure is not None
        assert result.figure > 0
        assert result.baseline is not None
        assert result.baseline > 0
        assert result.ratio == pytest.approx(result.figure / result.baseline)
    in_process, command, memory, start = results
    assert (in_process.unit, command.unit, memory.unit, start.unit) == ("rows/s",) * 2 + ("MB", "s")
    assert in_process.extra["rows"] == command.extra["rows"] == 2 * bench.DAYS
    assert 0 < in_process.extra["readiness_share"] < 1
    assert min(in_process.extra["cpu_s"], command.extra["cpu_s"], start.extra["cpu_s"]) > 0
    assert in_process.baseline_name == "pandas.read_csv"
    assert "goal ≥ 5,000 rows/s" in in_process.notes
    assert "goal ≤ 500 MB" in memory.notes
    assert "goal ≤ 2 s" in start.notes
