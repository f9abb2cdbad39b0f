"""Smoke test of the CLI benchmark: one repeat of each command; it checks the results' shape
and that every command ran to its end (the benchmark fails on a non-zero exit), never the
timings (those are for ``make bench`` to print)."""

from __future__ import annotations

import sys

import pytest

from benchmarks import bench_cli as bench
from benchmarks import common


@pytest.mark.slow
def test_every_common_command_is_timed_beside_python_alone() -> None:
    found = bench.main(common.BenchArgs(repeat=1, warmup=False))
    results = [r for r in found if r.unit == "s"]
    against_loop = [r for r in found if r.unit == "s CPU"]

    assert [r.name for r in results] == list(bench.COMMANDS)
    if sys.platform == "linux":  # CPU times known: each daily command beside the loop's
        daily = [n for n in bench.COMMANDS if n in bench.DAILY]
        assert [r.name for r in against_loop] == [f"{n} · CPU ÷ loop" for n in daily]
        assert set(daily) == set(bench.DAILY)
    layers = [r for r in found if r.unit == "s CPU (imports)"]
    if sys.platform == "linux":  # each import layer beside the loop, in order
        assert [r.name for r in layers] == list(bench.IMPORT_LAYERS)
    for row in layers:
        assert row.baseline_name == f"{bench.LOOP_NAME} (CPU)"
        assert row.figure is not None
        assert row.figure > 0
        assert row.baseline is not None
        assert row.baseline > 0
        assert row.ratio == pytest.approx(row.figure / row.baseline)
        assert "meet ≤ 0.5 of the loop" in row.notes
        assert row.extra["code"].startswith(bench.COLLECTOR_OFF)
    for row in against_loop:
        assert row.baseline_name == f"{bench.LOOP_NAME} (CPU)"
        assert row.figure is not None
        assert row.baseline is not None
        assert row.baseline > 0
        assert row.ratio == pytest.approx(row.figure / row.baseline)
        assert "goal ≤ 0.5 of the loop" in row.notes
        # Split at the imports every database command makes (the last layer, same rounds).
        floor = row.extra["import_floor_cpu_s"]
        if row.name == "fitcoach --help · CPU ÷ loop":
            assert floor is None
            assert "imports every database command" not in row.notes
        else:
            assert floor == layers[-1].figure
            assert f"the imports every database command makes {floor:.3f} s" in row.notes
    # Each daily command through the warm process: launcher + child (+ the warm process's
    # share) beside the loop, with the in-process figure of the same rounds.
    warm = [r for r in found if r.unit == "s CPU (warm)"]
    if sys.platform == "linux":
        assert [r.name for r in warm] == [f"{n}{bench.WARM_SUFFIX}" for n in bench.DAILY]
    cold = {r.name: r.extra["cpu_s"] for r in results}
    starts = [r for r in found if r.unit == "s CPU (warm start)"]
    if sys.platform == "linux":  # the warm process's own start, once, beside the loop
        assert [r.name for r in starts] == [bench.WARM_START]
        assert starts[0].baseline is not None
        assert starts[0].figure > max(r.extra["child_cpu_s"] for r in warm)
        assert starts[0].ratio == pytest.approx(starts[0].figure / starts[0].baseline)
    for row in warm:
        assert row.baseline_name == f"{bench.LOOP_NAME} (CPU)"
        assert row.figure is not None
        assert row.baseline is not None
        assert row.ratio == pytest.approx(row.figure / row.baseline)
        assert "goal ≤ 0.5 of the loop" in row.notes
        both, child = row.extra["launcher_and_child_cpu_s"], row.extra["child_cpu_s"]
        assert 0 < child < both <= row.figure  # the child ran, and both processes count
        assert row.extra["cold_cpu_s"] == cold[row.name.removesuffix(bench.WARM_SUFFIX)]
    for result in results:
        assert result.group == bench.NAME
        assert result.unit == "s"
        assert result.baseline_name == "python -c pass"
        assert result.figure is not None
        assert result.baseline is not None
        assert result.figure > result.baseline > 0  # a command does more than start Python
        assert result.ratio == pytest.approx(result.figure / result.baseline)
        assert len(result.samples) == len(result.baseline_samples) == 1
        assert result.extra["repeats"] == 1
        assert result.extra["argv"] == bench.COMMANDS[result.name]
        if sys.platform == "linux":
            assert result.extra["cpu_s"] > 0
        assert "goal < 1 s" in result.notes
        assert f"; {result.extra['modules']} modules" in result.notes
    # Counted at each command's exit: a command imports its services beside the command line.
    modules = {r.name: r.extra["modules"] for r in results}
    assert 0 < modules["fitcoach --help"] < modules["fitcoach plan today"]
