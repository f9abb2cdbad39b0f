"""Smoke test of the start-up benchmark: one repeat of each path; it checks the results' shape,
never the timings (those are for ``make bench`` to print)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks import bench_startup as bench
from benchmarks import common


def test_startup_benchmark_times_help_and_the_first_health_answer() -> None:
    results = bench.main(common.BenchArgs(repeat=1, warmup=False))

    assert [r.name for r in results] == ["fitcoach --help", "fitcoach serve → first /health"]
    for result in results:
        assert result.group == bench.NAME
        assert result.unit == "s"
        assert result.figure is not None
        assert result.figure > 0
        assert result.baseline is not None
        assert result.baseline > 0
        assert result.ratio == pytest.approx(result.figure / result.baseline)
        assert len(result.samples) == len(result.baseline_samples) == 1
        assert result.extra["repeats"] == 1
        if sys.platform == "linux":  # CPU time comes from rusage and /proc
            assert result.extra["cpu_s"] > 0
            assert result.extra["baseline_cpu_s"] > 0
    cli, server = results
    assert cli.baseline_name == 'python -c "import typer"'
    assert cli.extra["python_pass_s"] > 0
    assert cli.extra["bare_typer_help_s"] > 0
    assert server.baseline_name == "bare FastAPI /health, uvicorn.run"


def test_a_server_that_never_answers_fails_loudly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench, "START_TIMEOUT_S", 0.5)
    never = ["-c", "import time; time.sleep(30)"]
    with pytest.raises(common.BenchmarkError, match="no answer on /health"):
        bench.time_to_first_answer(never, {}, bench.free_port(), tmp_path / "log")


def test_a_failing_command_fails_loudly() -> None:
    with pytest.raises(common.BenchmarkError, match="exited with 3"):
        bench.run_command(["-c", "raise SystemExit(3)"], {})
