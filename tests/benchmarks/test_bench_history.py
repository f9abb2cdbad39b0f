"""Smoke test of the history-length benchmark: 8 weeks beside 10, one round and no untimed one,
SQLite and PostgreSQL; shapes and the benchmark's own checks, never timings."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

import pytest
from benchmarks.bench_bulk_import import postgres_unreachable
from tests.conftest import service_missing

from benchmarks import bench_history as bench
from benchmarks import common

POSTGRES_URL = os.environ.get(
    "FITCOACH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SIZES = bench.Sizes(histories=(8, 10), repeat=1, warmup=False)


@pytest.fixture(params=["SQLite", pytest.param("PostgreSQL", marks=pytest.mark.postgres)])
def kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "PostgreSQL":
        server = POSTGRES_URL.rsplit("/", 1)[0] + "/"
        why = postgres_unreachable(server)
        if why is not None:
            service_missing("PostgreSQL", why)
        monkeypatch.setenv("FITCOACH_BENCH_POSTGRES_URL", server)
    return str(request.param)


def test_every_request_with_the_long_history_beside_the_short(kind: str) -> None:
    results = bench.bench_kind(kind, SIZES, lambda _m: None)

    assert [r.name for r in results] == [f"{kind} · {r.name}" for r in bench.REQUESTS]
    for r in results:
        assert r.group == bench.NAME
        assert (r.unit, r.baseline_name) == ("ms, 10 weeks", "ms, 8 weeks")
        assert r.figure is not None
        assert r.figure > 0
        assert r.baseline is not None
        assert r.baseline > 0
        assert r.ratio == pytest.approx(r.figure / r.baseline)
        assert len(r.samples) == len(r.baseline_samples) == 1
        assert r.extra["cpu_ms"] > 0
        assert r.extra["baseline_cpu_ms"] > 0
        assert r.extra["weeks"] == {"8 weeks": 8, "10 weeks": 10}
        rows = r.extra["rows"]
        assert rows["10 weeks"]["set_logs"] > rows["8 weeks"]["set_logs"] > 0
        assert rows["10 weeks"]["daily_metrics"] == 10 * 7 + 1  # and today's morning
        assert r.extra["goal_met"] == {
            "wall": r.ratio <= bench.GOAL_RATIO,
            "CPU": r.extra["cpu_ratio"] <= bench.GOAL_RATIO,
        }
        assert ("wall met" in r.notes) == r.extra["goal_met"]["wall"]
        assert len(r.extra["cpu_samples"]) == len(r.extra["baseline_cpu_samples"]) == 1
    if kind == "PostgreSQL":  # the local server's backend CPU is counted
        assert all(r.extra["server_cpu_counted"] for r in results)


def test_records_the_services_did_not_keep_fail_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench.records_repo, "rebuild", lambda *_a, **_k: None)
    # The first request on the first history fails: one history is enough.
    one = bench.Sizes(histories=(8,), repeat=1, warmup=False)
    with pytest.raises(common.BenchmarkError, match=r"e1RM|records differ"):
        bench.bench_kind("SQLite", one, lambda _m: None)


def test_a_longer_history_holds_the_shorter_one_as_its_last_days() -> None:
    ids: dict[str, Any] = {
        slug: n
        for n, slug in enumerate({s for _, lifts in bench.SESSIONS.values() for s, _ in lifts})
    }
    short, long = bench.history(1, 8, ids), bench.history(1, 10, ids)
    assert bench.history(1, 8, ids) == short  # seeded
    for kind in ("workouts", "sets", "cardio", "daily", "sleep"):
        rows_short, rows_long = getattr(short, kind), getattr(long, kind)
        assert rows_short
        assert rows_long[-len(rows_short) :] == rows_short, kind
        assert len(rows_long) > len(rows_short)
    assert short.daily[0]["day"] == bench.TODAY - timedelta(weeks=8)
    assert short.daily[-1]["day"] == bench.TODAY
    assert max(w["started_at"] for w in long.workouts).date() < bench.TODAY


def test_sizes() -> None:
    assert bench.sizes_for(common.BenchArgs()) == bench.Sizes((8, 52, 260), 15)
    assert bench.sizes_for(common.BenchArgs(quick=True)) == bench.Sizes((8, 52), 3)
    assert bench.sizes_for(common.BenchArgs(rows=30, repeat=2)) == bench.Sizes((8, 30), 2)
    assert not bench.sizes_for(common.BenchArgs(warmup=False)).warmup
    with pytest.raises(common.BenchmarkError):
        bench.sizes_for(common.BenchArgs(rows=8))
