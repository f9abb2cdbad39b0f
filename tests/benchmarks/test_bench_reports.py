"""Smoke test of the reports benchmark: three athletes, one repeat; shapes and files, no timings."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import unavailable

from benchmarks import bench_reports as bench
from benchmarks import bench_review, common
from fitcoach.cli.reports import Written, _one
from fitcoach.interfaces.reports import weekly

ATHLETES = 3


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> bench_review.Prepared:
    return bench_review.prepare(tmp_path_factory.mktemp("reports"), ATHLETES)


def _url(prepared: bench_review.Prepared) -> str:
    return f"sqlite:///{prepared.path}"


def test_rows_per_core_beside_the_floor_in_as_many_processes(
    prepared: bench_review.Prepared,
) -> None:
    sizes = bench.Sizes(athletes=ATHLETES, sample=2, repeat=1, workers=2, pdf=0)
    rows = bench.bench(prepared, sizes)

    assert [r.name for r in rows] == ["weekly reports, 1 process", "weekly reports, 3 athletes"]
    for row, athletes, workers in zip(rows, (2, ATHLETES), (1, 2), strict=True):
        assert row.group == bench.NAME
        assert row.unit == "athletes/s per core"
        assert row.figure is not None
        assert row.figure > 0
        assert row.baseline is not None
        assert row.baseline > 0
        assert row.ratio == pytest.approx(row.figure / row.baseline)
        assert row.figure == pytest.approx(athletes / row.extra["cpu_median_s"])
        assert len(row.samples) == len(row.baseline_samples) == 1
        assert row.extra["athletes"] == athletes
        assert row.extra["workers"] == workers
        assert f"{workers} process(es)" in row.baseline_name
    assert set(rows[0].extra["cpu_ms_per_athlete"]) == {"reads", "summary", "charts", "html"}
    assert rows[0].extra["goal"] == bench.GOAL


def test_the_floor_has_the_reports_charts_empty(
    prepared: bench_review.Prepared, tmp_path: Path
) -> None:
    aid = prepared.athletes[0]
    written = bench.floor_one(_url(prepared), aid, bench.WEEK, str(tmp_path), False)
    html = Path(written.path or "").read_text(encoding="utf-8")
    report = _one(_url(prepared), aid, bench.WEEK, str(tmp_path), False)
    full = Path(report.path or "").read_text(encoding="utf-8")
    assert html.count("<svg") == full.count("<svg") >= 4
    assert "Working sets" in html  # the template's tables
    assert ">fitness (CTL)</text>" in full
    assert ">fitness (CTL)</text>" not in html  # no series, no legend


def test_a_report_that_was_not_written_fails_the_run(
    prepared: bench_review.Prepared, tmp_path: Path
) -> None:
    def nothing(url: str, aid: int, week: str | None, out_dir: str, pdf: bool) -> Written:
        return Written(aid, None, None)

    with pytest.raises(common.BenchmarkError, match="files written"):
        bench._run(_url(prepared), prepared.athletes, tmp_path / "out", 1, nothing)


def test_pdf_row(
    prepared: bench_review.Prepared, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if weekly.chromium() is None:
        unavailable("Chromium is not installed (apt-get install chromium; .ci/run does)")
    row = bench._pdf_row(_url(prepared), prepared.athletes[:1], tmp_path, 1)
    assert row.unit == "PDFs/s"
    assert row.figure is not None
    assert row.figure > 0
    assert row.baseline is not None
    assert row.baseline > 0
    assert row.ratio == pytest.approx(row.figure / row.baseline)

    monkeypatch.setattr(weekly, "chromium", lambda: None)
    skipped = bench._pdf_row(_url(prepared), prepared.athletes[:1], tmp_path, 1)
    assert skipped.figure is None
    assert "Chromium is not installed" in skipped.notes
