"""Smoke test of the bulk import benchmark: tiny sizes, one repeat, SQLite and PostgreSQL.

It checks the shape of the results and that the database holds exactly the rows the benchmark
says it inserted; it never checks timings (those are for ``make bench`` to print).
"""

from __future__ import annotations

import math
import os
from typing import Any

import psycopg
import pytest
from sqlalchemy import text

from benchmarks import bench_bulk_import as bench
from benchmarks import common

ROWS = 2_000
POSTGRES_URL = os.environ.get(
    "FITCOACH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SIZES = bench.Sizes(set_rows=ROWS, daily_rows=ROWS, repeat=1)


def _scalar(database: Any, sql: str) -> int:
    with database.engine.connect() as conn:
        return int(conn.execute(text(sql)).scalar_one())


def _check_rate(result: common.Result, repeats: int) -> None:
    assert result.unit == "rows/s"
    assert result.figure is not None
    assert result.baseline is not None
    assert result.figure > 0
    assert result.baseline > 0
    assert result.ratio == pytest.approx(result.figure / result.baseline)
    assert len(result.samples) == repeats
    assert len(result.baseline_samples) == repeats
    assert result.group == bench.NAME
    assert result.baseline_name in ("sqlite3 executemany", "psycopg COPY")
    assert result.to_json()["extra"]["rows"] == result.extra["rows"]


def test_bulk_import_inserts_exactly_the_rows(database: Any) -> None:
    run = bench.bench_database(database.kind, database.url, SIZES)

    assert [r.extra["table"] for r in run.results] == ["set_logs", "daily_metrics"]
    for result in run.results:
        _check_rate(result, repeats=1)
        assert result.extra["rows"] == ROWS
    assert run.expected == {"set_logs": ROWS, "daily_metrics": ROWS}
    assert _scalar(database, "SELECT count(*) FROM set_logs") == ROWS
    assert _scalar(database, "SELECT count(*) FROM daily_metrics") == ROWS
    sessions = math.ceil(ROWS / bench.SETS_PER_SESSION)
    assert _scalar(database, "SELECT count(*) FROM workout_sessions") == sessions
    # Every set belongs to a session of its own athlete, at a distinct position.
    assert (
        _scalar(
            database,
            "SELECT count(*) FROM set_logs s JOIN workout_sessions w ON w.id = s.session_id "
            "AND w.athlete_id = s.athlete_id",
        )
        == ROWS
    )
    assert (
        _scalar(
            database, "SELECT count(*) FROM (SELECT DISTINCT session_id, position FROM set_logs) x"
        )
        == ROWS
    )
    # 2,000 daily rows: two athletes with 1,000 consecutive days each.
    assert _scalar(database, "SELECT count(DISTINCT athlete_id) FROM daily_metrics") == 2
    assert _scalar(database, "SELECT count(*) FROM daily_metrics WHERE weight_kg IS NULL") > 0


def test_document_import_inserts_exactly_the_rows(database: Any) -> None:
    sizes = bench.Sizes(set_rows=200, daily_rows=200, repeat=1, import_sets=300, import_days=40)
    run = bench.bench_database(database.kind, database.url, sizes)

    imported = [r for r in run.results if r.extra["table"] == "import_document"]
    assert len(imported) == 1
    _check_rate(imported[0], repeats=1)
    assert imported[0].extra["rows"] == 15 + 300 + 40
    assert run.expected == {"workout_sessions": 15, "set_logs": 300, "daily_metrics": 40}
    for table, rows in run.expected.items():
        assert _scalar(database, f"SELECT count(*) FROM {table}") == rows
    # All of it belongs to the one imported athlete.
    assert _scalar(database, "SELECT count(DISTINCT athlete_id) FROM set_logs") == 1
    assert _scalar(database, "SELECT count(DISTINCT athlete_id) FROM daily_metrics") == 1


def test_lost_rows_fail_loudly(database: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def insert_nothing(self: bench.Database, rows: bench.Rows) -> int:
        return len(rows)

    monkeypatch.setattr(bench.Database, "raw_insert", insert_nothing)
    with pytest.raises(common.BenchmarkError, match="expected 2000 rows"):
        bench.bench_database(database.kind, database.url, SIZES)


def test_generated_rows_are_seeded_and_plausible() -> None:
    choice = bench.ExerciseChoice(
        ids=[1, 2, 3, 4, 5, 6],
        slugs=["a", "b", "c", "d", "e", "f"],
        base_kg=[60.0, None, 40.0, 100, 20, 30],
    )
    sessions = math.ceil(ROWS / bench.SETS_PER_SESSION)
    a = bench.set_log_rows(ROWS, list(range(sessions)), [s % 7 for s in range(sessions)], 7, choice)
    b = bench.set_log_rows(ROWS, list(range(sessions)), [s % 7 for s in range(sessions)], 7, choice)
    assert a.tuples == b.tuples
    assert len(a) == ROWS
    assert a.dicts[0] == dict(zip(a.columns, a.tuples[0], strict=True))
    for row in a.dicts:
        assert 0 <= row["reps"] <= 1000
        assert row["weight_kg"] is None or 0 <= row["weight_kg"] <= 1000
        assert row["rir"] is None or 0 <= row["rir"] <= 10
        assert row["exercise_id"] in choice.ids
    daily = bench.daily_rows(ROWS, [10, 11])
    keys = {(r["athlete_id"], r["day"]) for r in daily.dicts}
    assert len(keys) == ROWS


def _bench_databases(server: str) -> set[str]:
    with psycopg.connect(
        server.replace("postgresql+psycopg://", "postgresql://"), autocommit=True
    ) as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'fitcoach_bench_%'"
        ).fetchall()
    return {str(r[0]) for r in rows}


def test_main_reports_both_databases(monkeypatch: pytest.MonkeyPatch) -> None:
    server = POSTGRES_URL.rsplit("/", 1)[0] + "/"
    monkeypatch.setenv("FITCOACH_BENCH_POSTGRES_URL", server)
    reachable = bench.postgres_unreachable(server) is None
    # Databases left by an earlier run that was killed are not this run's to drop.
    before = _bench_databases(server) if reachable else set()
    results = bench.main(common.BenchArgs(rows=ROWS, repeat=1))

    rates = [r for r in results if r.figure is not None]
    names = [r.name for r in rates]
    assert "SQLite · set_logs" in names
    assert "SQLite · daily_metrics" in names
    if reachable:
        assert "PostgreSQL · set_logs" in names
        assert "PostgreSQL · daily_metrics" in names
        assert _bench_databases(server) <= before, "the benchmark database was not dropped"
    else:
        assert any(r.name == "PostgreSQL · skipped" for r in results)
    for result in rates:
        assert result.ratio is not None
        assert result.extra["rows"] > 0


def test_timing_helpers() -> None:
    assert common.percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert common.percentile([1.0, 2.0, 3.0, 4.0], 95) == pytest.approx(3.85)
    calls: list[int] = []
    timing = common.repeat(lambda: calls.append(1), 3, check=lambda _: None)
    assert len(timing.samples) == 3
    assert len(calls) == 3
    assert timing.median >= 0
