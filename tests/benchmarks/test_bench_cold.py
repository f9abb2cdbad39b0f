"""The cold-path benchmark (issue 41) measures what it claims: every write stores a workout of
its own, the cold load windows outnumber what the process keeps, and it runs end to end at a
tiny size on SQLite. Timings are never asserted."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from rich.console import Console

from benchmarks import api_servers, bench_api, bench_cold
from fitcoach.services import results


def test_every_round_writes_workouts_of_its_own() -> None:
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    rounds = [bench_cold.write_endpoint(7, r, now).bodies for r in range(3)]
    keys = [(json.loads(b)["source_id"], json.loads(b)["started_at"]) for r in rounds for b in r]
    assert len(set(keys)) == len(keys) == 3 * bench_cold.BODIES_PER_ROUND
    assert all(json.loads(b)["started_at"] < "2025-11-20" for b in rounds[0])  # out of the reads


def test_todays_writes_are_dated_within_the_last_day_and_each_stored() -> None:
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    rounds = [bench_cold.write_today_endpoint(7, r, now).bodies for r in range(3)]
    starts = [datetime.fromisoformat(json.loads(b)["started_at"]) for r in rounds for b in r]
    assert all(now - timedelta(days=1) < s < now for s in starts)
    ids = [json.loads(b)["source_id"] for r in rounds for b in r]
    assert len(set(ids)) == len(ids) == 3 * bench_cold.BODIES_PER_ROUND


def test_the_cold_windows_outnumber_the_reports_kept() -> None:
    cold = bench_cold.read_endpoints(7, date(2026, 11, 20))[0]
    assert isinstance(cold, bench_cold._Many)
    assert len(set(cold.paths)) == len(cold.paths) > results.REPORTS.max_entries
    assert len(cold.requests("token")) == len(cold.paths)


def test_the_benchmark_runs_end_to_end_on_sqlite() -> None:
    found = bench_cold.bench(duration_s=0.3, warmup_s=0.1, repeat=1, after_write=1, postgres=False)
    by_name = {r.name: r for r in found}
    assert "cold PostgreSQL · skipped" in by_name
    for endpoint in (
        "POST workouts",
        "POST workouts (today)",
        "GET load (cold)",
        "GET load (cached)",
        "GET workouts?limit=100",
    ):
        result = by_name[f"cold SQLite {endpoint} · 10 clients"]
        assert result.unit == "req/s"
        assert result.figure is not None
        assert result.figure > 0
        assert result.baseline is not None
        assert result.baseline > 0
        assert result.extra["requests"] > 0
    for read in ("GET load", "dashboard page"):
        first = by_name[f"cold SQLite first {read} after a logged workout"]
        assert first.unit == "ms CPU"
        assert len(first.samples) == len(first.baseline_samples) == 1


def test_several_server_processes_are_said_in_every_name() -> None:
    """With ``--workers`` the figures are another configuration's: every result and table says
    how many server processes answered, and one process is said as before."""
    run = api_servers.Run(requests=20, seconds=1.0, latencies=[0.01] * 20, server_cpu_s=0.1)
    runs = {("bare", bench_api.BARE.label): [run], ("SQLite", "GET load (cold)"): [run]}
    firsts = {"SQLite": {"dashboard page": bench_cold.FirstRead([40.0], [50.0], [30.0], [35.0])}}
    for workers, suffix in ((1, ""), (2, " · 2 server processes")):
        meta = {"load_averages": [(1.0, 1.0, 1.0)], "cpu_count": 2, "workers": workers}
        out = io.StringIO()
        found = bench_cold.report(runs, firsts, [], meta, Console(file=out, width=200))
        assert [r.name for r in found] == [
            f"cold SQLite GET load (cold) · 10 clients{suffix}",
            f"cold SQLite first dashboard page after a logged workout{suffix}",
        ]
        assert ("server processes" in out.getvalue()) == (workers > 1)


def test_a_read_is_held_to_its_p95_beside_the_bare_endpoints() -> None:
    """Issue 63: a read's p95 over the bare endpoint's p95 of the same run, goal ≤ 8×."""
    bare = api_servers.Run(requests=20, seconds=1.0, latencies=[0.01] * 20, server_cpu_s=0.1)
    slow = api_servers.Run(requests=20, seconds=1.0, latencies=[0.09] * 20, server_cpu_s=0.1)
    for read, verdict in ((bare, "met"), (slow, "NOT met")):
        runs = {("bare", bench_api.BARE.label): [bare], ("SQLite", "GET load (cold)"): [read]}
        meta = {"load_averages": [(1.0, 1.0, 1.0)], "cpu_count": 2, "workers": 1}
        out = io.StringIO()
        (found,) = bench_cold.report(runs, {}, [], meta, Console(file=out, width=200))
        assert found.extra["p95_ratio_to_bare"] == pytest.approx(read.ms(95) / bare.ms(95))
        assert found.notes.endswith(f"≤ 8× bare p95: {verdict}")
        assert "p95 ÷ bare p95" in out.getvalue()
