"""Smoke test of the FIT benchmark at a tiny size: the generated file reads back as written
(fitdecode and ``read_fit``), a damaged copy is caught, and the result has its shape. Timings
are never checked."""

from __future__ import annotations

import pytest
from benchmarks.common import BenchArgs, BenchmarkError

from benchmarks import bench_fit as bench
from fitcoach.ingest.files.fit import read_fit

RECORDS = 120


@pytest.fixture(scope="module")
def case() -> bench.FitCase:
    return bench.activity_fit(RECORDS)


def test_the_generated_file_reads_back_as_written(case: bench.FitCase) -> None:
    parsed = read_fit(case.data)
    bench.check_parsed(parsed, case)
    (run,) = parsed.activities
    assert len(run.hr_series) == RECORDS
    assert run.duration_s == RECORDS - 1
    # header + file_id, 2 events, records, lap, session, activity (+ their definitions) + CRC
    assert case.frames > RECORDS + 7


def test_a_misread_is_caught(case: bench.FitCase) -> None:
    parsed = read_fit(case.data)
    parsed.activities[0].hr_series.pop()
    with pytest.raises(BenchmarkError, match="HR samples"):
        bench.check_parsed(parsed, case)


def test_main_reports_records_per_second(case: bench.FitCase) -> None:
    (result,) = bench.main(BenchArgs(rows=RECORDS, repeat=1))
    assert result.unit == "records/s"
    assert result.group == bench.NAME
    assert result.figure is not None
    assert result.baseline is not None
    assert result.figure > 0
    assert result.baseline > 0
    assert result.ratio == pytest.approx(result.figure / result.baseline)
    assert len(result.samples) == len(result.baseline_samples) == 1
    assert result.extra["rows"] == RECORDS
    assert result.extra["frames"] == case.frames
