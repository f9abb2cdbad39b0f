"""Cold paths and writes: what a person does most is not cached — log a workout,
then look. Requests/s, p50/p95 latency and server CPU per request at 10 concurrent clients on
SQLite and PostgreSQL, beside the bare FastAPI endpoint driven the same way in the same run;
then the server time of the first read after a logged workout.

The servers, the load client and the seeding are the API benchmark's (``bench_api.py``):
``fitcoach serve`` (one process) per database with the demo athlete (8 weeks of history), a
plan and a write token, and ``benchmarks/bare_app.py``'s ``GET /ping`` as the baseline.

Endpoints, each at 10 clients in a closed loop:

- ``POST …/workouts``: a new workout every request (9 sets of three exercises named as
  people type them: "Back Squat", "Bench Press", "Romanian Deadlift"), each round its own
  bodies, dated over a year back so that the reads below keep reading the same weeks;
- ``POST …/workouts (today)``: the same bodies dated within the last day (what people log),
  for a second demo athlete with the same 8 weeks and a plan, so that the first one's reads
  keep their weeks;
- ``GET …/load`` cold: 280 different windows (the last day 0–6 days back, the first 27–66
  days before it), asked in turn: more than the process keeps (128 reports), so every answer
  is computed (from the athlete's per-day series, ``monitoring.SERIES``, which the first
  windows read and the rest are cut from: the data does not change during the round; the
  days' rows, ATL/CTL, ACWR, monotony and strain are computed once per series and first day
  shown, ``load_report._Span``, and each window takes its slice);
- ``GET …/load`` cached: the default window asked again and again;
- ``GET …/workouts?from=…&limit=100``: the demo's last 8 weeks, with their sets (the page is
  kept per process and data version, ``training_log.history_json``: asked again, it is a hit);
- ``GET …/workouts?limit=100`` cold: the same workouts from 280 different first days (before
  the demo's history starts), asked in turn: more than the process keeps (128 pages), so every
  page is built again: its workouts read (the access check and versions, then one range
  query), each workout's JSON joined from what the process kept of it at the athlete's data
  version (``training_log.ITEMS``); sets are read, validated and serialized only for workouts
  not kept (the first page after a write reads them all, below).

After the load rounds, per database and repeat: a workout logged now (``POST``), the server
left idle, then ``GET …/load`` (its default window) and, after another workout, the dashboard
page (``GET /athletes/{id}``, signed in): the server's CPU (its process tree, ``/proc``) and
the wall time of that first read after the write, beside the same read asked again at once;
the same for the 100-workout page (``GET …/workouts?from=…&limit=100``) after a workout.

What each write recomputes, whatever its date (``training_log.log_workout``): the consent check
(one query, which also reads the global data version the process's copy of the exercise names
is kept under: no query of the names' own, ``versions.hold_global``), the exercise names (from
that copy), the workout (one INSERT that also finds a retry: ``ON CONFLICT DO NOTHING`` on the
athlete's (source, source id) returns no id, and only then is the stored one looked up; no
query asks first) and its sets (one executemany; on PostgreSQL one INSERT of a JSON parameter,
``json_rows``), the personal records (the new sets folded in
Python; the stored records of those exercises read, ``FOR KEY SHARE`` on PostgreSQL, and only a
beaten best merged by one upsert that keeps the better of stored and new, in the database so
that two writers cannot lose a best), the audit row, and at commit the athlete's data version
(one upsert of the connection's own slot of the counter, which drops that athlete's cached
answers): 6 statements and the commit, 7 when a record falls. On PostgreSQL those
statements run on psycopg's own cursor, prepared (``storage.driver``: SQLAlchemy's execution of
a cached statement cost 2-3 times the driver's call; in process ``log_workout`` 5.39 → 3.90 ms
of CPU, paired medians, 2026-11-29). Before 2026-11-29 every write
upserted the records and one counter row: each row it met stayed locked until its COMMIT and
WAL flush, so 10 clients logging one athlete's workouts on PostgreSQL waited there in turn
(``pg_stat_activity``: most samples ``Lock:transactionid`` on those two statements). On PostgreSQL, the audit row written by the workout's INSERT (a
CTE, one statement fewer) was tried and measured slower (2026-11-28, four runs: 0.040-0.044 of
bare against 0.062-0.064, 0.3 ms more server CPU a write), so not kept. A retry writes, audits
and raises nothing. Nothing else runs at write time: the load series, readiness, the plan's
state and the pages are computed when next read, for that athlete only. A workout dated today
is the same work as one dated a year back: the records' CASE compares dates either way, and no
per-day summary is kept to update (py-spy over the server, and the server CPU a write under
this load: 4.53 and 4.65 ms today, 4.60 and 4.66 back-dated, SQLite, two runs; 7.9 and 8.3 ms
on PostgreSQL). In process, a 6-set workout's ``log_workout`` (its unit of work, commit
included) is about 1.2-1.5 ms of CPU on PostgreSQL and 0.6 ms on SQLite; the rest of a
request's 2.5-4.5 ms is FastAPI's routing, dependencies, body validation and thread hand-offs.
Their req/s differ from run to run as much as the machine's load does (0.096 and 0.081 of bare
today, 0.164 and 0.063 back-dated).

Goals: writes ≥ 0.08 of the bare endpoint's req/s at 10 clients, back-dated and today's;
every read p95 < 100 ms at 10 clients, cached or not, and at most 8 times the bare
endpoint's p95 in the same run (the table gives each read's p95 ÷ bare p95); the first
dashboard view after a logged set under 150 ms of server time. On a shared machine the bare
endpoint's own p95 moves between runs (14-37 ms at load averages 11-13, 2026-11-28), so a
ratio is compared only within its run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from benchmarks.api_servers import (
    HOST,
    ROOT,
    Run,
    Server,
    drive,
    start_bare,
    start_fitcoach,
    stop,
    wait_ready,
)
from benchmarks.bench_api import BARE, Endpoint, postgres_server_url, postgres_unreachable
from benchmarks.common import BenchArgs, BenchmarkError, Result
from benchmarks.httpload import request_bytes
from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select

from benchmarks import bench_api
from fitcoach.core.clock import SystemClock
from fitcoach.core.domain import TokenScope
from fitcoach.pipelines.demo import seed_demo
from fitcoach.services import accounts, plans
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work
from fitcoach.storage.models import WorkoutSession

NAME = "cold"
CLIENTS = 10
DURATION_S = 3.0
WARMUP_S = 1.0
QUICK_DURATION_S = 1.0
QUICK_WARMUP_S = 0.5
DEFAULT_REPEAT = 3
QUICK_REPEAT = 1
AFTER_WRITE = 15  # first reads after a logged workout, per database
QUICK_AFTER_WRITE = 3
BODIES_PER_ROUND = 4000  # more than any round can send: every request stores a new workout
PASSWORD = "benchmark password"
SOURCE = "bench-cold"
EXERCISES = ("Back Squat", "Bench Press", "Romanian Deadlift")  # names as people type them
TODAY_EMAIL = "today@fitcoach.local"
TODAY_LABEL = "POST workouts (today)"
TODAY_SPAN_S = 23 * 3600  # today's workouts: within the last day, 20 s apart
TODAY_STEP_S = 20

WRITE_GOAL_RATIO = 0.08  # of the bare endpoint's req/s in the same run
READ_P95_GOAL_MS = 100.0
READ_P95_GOAL_RATIO = 8.0  # a read's p95 ÷ the bare endpoint's p95, same run
DASHBOARD_GOAL_MS = 150.0


@dataclass(frozen=True)
class Seeded:
    label: str
    url: str
    athlete_id: int
    token: str
    email: str
    today_athlete_id: int  # a second demo athlete, who logs today's workouts
    today_token: str


def seed(label: str, url: str) -> Seeded:
    """``bench_api.seed`` (library, demo athlete, plan, write token) and the athlete's password
    for the dashboard's sign-in; then a second demo athlete with the same 8 weeks, a plan and a
    write token, whose workouts are dated today (the first one's reads keep their weeks)."""
    done = bench_api.seed(label, url)
    engine = make_engine(url)
    try:
        with unit_of_work(make_session_factory(engine)) as session:
            ctx = ServiceContext(session=session, subject=Subject.system(), clock=SystemClock())
            account = accounts.account_for(ctx, str(done.athlete_id))
            accounts.set_password(ctx, account.id, PASSWORD)
            email = account.email
            other = seed_demo(ctx, email=TODAY_EMAIL)
            plans.generate(ctx, other.athlete_id)
            other_account = accounts.account_for(ctx, str(other.athlete_id))
            token = accounts.create_token(
                ctx, other_account.id, scope=TokenScope.write, name="bench today"
            )
    finally:
        engine.dispose()
    return Seeded(label, url, done.athlete_id, done.token, email, other.athlete_id, token.secret)


def _workout(started: datetime, source_id: str) -> dict[str, Any]:
    sets = [
        {"exercise": name, "reps": 5, "weight_kg": 60.0 + 10 * i + 2.5 * n, "rir": 2}
        for i, name in enumerate(EXERCISES)
        for n in range(3)
    ]
    return {
        "started_at": started.isoformat(),
        "duration_s": 3600,
        "title": "Benchmark session",
        "session_rpe": 7,
        "source": SOURCE,
        "source_id": source_id,
        "sets": sets,
    }


def write_endpoint(athlete_id: int, round_: int, now: datetime) -> Endpoint:
    """A new workout per request, dated a year and more back (one a minute, each round its own
    bodies): the reads measured keep their weeks whatever was written."""
    back = now - timedelta(days=400)
    bodies = tuple(
        json.dumps(
            _workout(back - timedelta(minutes=round_ * BODIES_PER_ROUND + n), f"r{round_}-n{n}")
        )
        for n in range(BODIES_PER_ROUND)
    )
    return Endpoint(
        "POST workouts", "POST", f"/api/v1/athletes/{athlete_id}/workouts", bodies, "write"
    )


def write_today_endpoint(athlete_id: int, round_: int, now: datetime) -> Endpoint:
    """What people write: the same bodies dated within the last day (the second demo athlete,
    whose history ends yesterday), each round its own source ids."""
    bodies = tuple(
        json.dumps(
            _workout(
                now - timedelta(minutes=1, seconds=(n * TODAY_STEP_S) % TODAY_SPAN_S),
                f"today-r{round_}-n{n}",
            )
        )
        for n in range(BODIES_PER_ROUND)
    )
    return Endpoint(TODAY_LABEL, "POST", f"/api/v1/athletes/{athlete_id}/workouts", bodies, "write")


def read_endpoints(athlete_id: int, today: date) -> list[Endpoint]:
    base = f"/api/v1/athletes/{athlete_id}"
    windows = [
        f"{base}/load?from={(today - timedelta(days=a + 27 + b)).isoformat()}"
        f"&to={(today - timedelta(days=a)).isoformat()}"
        for a in range(7)
        for b in range(40)
    ]
    since = (today - timedelta(weeks=8)).isoformat()
    # The same 100 workouts asked from 280 different first days (8 weeks and 1–280 days
    # back, before the demo's history starts): more than the 128 pages a process keeps.
    pages = [
        f"{base}/workouts?from={(today - timedelta(weeks=8, days=d)).isoformat()}&limit=100"
        for d in range(1, 281)
    ]
    return [
        _many("GET load (cold)", windows),
        Endpoint("GET load (cached)", "GET", f"{base}/load"),
        Endpoint("GET workouts?limit=100", "GET", f"{base}/workouts?from={since}&limit=100"),
        _many("GET workouts?limit=100 (cold)", pages),
    ]


@dataclass(frozen=True)
class _Many(Endpoint):
    """GET requests to several paths, sent in turn."""

    paths: tuple[str, ...] = ()

    def requests(self, token: str | None) -> list[bytes]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return [request_bytes("GET", p, host=HOST, headers=headers) for p in self.paths]


def _many(label: str, paths: list[str]) -> _Many:
    return _Many(label, "GET", paths[0], paths=tuple(paths))


def stored_workouts(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            stmt = select(func.count()).where(WorkoutSession.source == SOURCE)
            return int(conn.execute(stmt).scalar_one())
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- first reads


@dataclass
class FirstRead:
    """Server CPU and wall ms of the first read after a logged workout, and of the same read
    asked again at once."""

    cold_cpu_ms: list[float]
    cold_wall_ms: list[float]
    warm_cpu_ms: list[float]
    warm_wall_ms: list[float]


def _timed_get(server: Server, client: httpx.Client, path: str) -> tuple[float, float]:
    before = server.cpu()
    start = time.perf_counter()
    answer = client.get(path)
    wall = (time.perf_counter() - start) * 1000
    after = server.cpu()
    if answer.status_code != 200:
        raise BenchmarkError(f"GET {path} answered {answer.status_code}: {answer.text[:300]}")
    cpu = (after - before) * 1000 if before is not None and after is not None else float("nan")
    return cpu, wall


def first_reads(server: Server, db: Seeded, repeats: int) -> dict[str, FirstRead]:
    """Log a workout now, let the server go idle, then time the load report and (each after
    another workout) the dashboard page and the 100-workout page: the first read after a
    write, then the same again."""
    url = f"http://{HOST}:{server.port}"
    api = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {db.token}"}, timeout=60)
    web = httpx.Client(base_url=url, timeout=60, follow_redirects=False)
    try:
        page = web.get("/login")
        found = re.search(r'name="csrf_token" value="([^"]*)"', page.text)
        if found is None:
            raise BenchmarkError("the sign-in page has no CSRF field")
        signed = web.post(
            "/login",
            data={"email": db.email, "password": PASSWORD, "csrf_token": found.group(1)},
        )
        if signed.status_code not in (302, 303):
            raise BenchmarkError(f"sign-in answered {signed.status_code}: {signed.text[:300]}")
        since = (datetime.now(UTC).date() - timedelta(weeks=8)).isoformat()
        paths = {
            "GET load": (api, f"/api/v1/athletes/{db.athlete_id}/load"),
            "dashboard page": (web, f"/athletes/{db.athlete_id}"),
            "GET workouts?limit=100": (
                api,
                f"/api/v1/athletes/{db.athlete_id}/workouts?from={since}&limit=100",
            ),
        }
        out = {name: FirstRead([], [], [], []) for name in paths}
        for client, path in paths.values():  # once untimed: the templates, imports, caches
            client.get(path)
        server.wait_idle()
        for n in range(repeats):
            for name, (client, path) in paths.items():
                now = datetime.now(UTC) - timedelta(minutes=5 + n)
                logged = api.post(
                    f"/api/v1/athletes/{db.athlete_id}/workouts",
                    json=_workout(now, f"after-{name}-{n}-{time.time_ns()}"),
                )
                if logged.status_code != 201 or not logged.json()["created"]:
                    raise BenchmarkError(f"logging a workout answered {logged.text[:300]}")
                server.wait_idle()
                cpu, wall = _timed_get(server, client, path)
                out[name].cold_cpu_ms.append(cpu)
                out[name].cold_wall_ms.append(wall)
                server.wait_idle()
                cpu, wall = _timed_get(server, client, path)
                out[name].warm_cpu_ms.append(cpu)
                out[name].warm_wall_ms.append(wall)
                server.wait_idle()
        return out
    finally:
        api.close()
        web.close()


# --------------------------------------------------------------------------- the run


def bench(
    *,
    duration_s: float,
    warmup_s: float,
    repeat: int,
    after_write: int,
    postgres: bool = True,
    client_procs: int | None = None,
    workers: int = 1,
    progress: Callable[[str], None] | None = None,
    console: Console | None = None,
) -> list[Result]:
    """Measure; ``workers``: server processes (``fitcoach serve --workers``), the bare endpoint's
    too, for every database."""
    say = progress or (lambda _m: None)
    console = console or Console(width=160)
    client_procs = client_procs or max(2, (os.cpu_count() or 2) // 4)
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="fitcoach-bench-cold-") as tmp:
        directory = Path(tmp)
        pg_server = postgres_server_url()
        why = postgres_unreachable(pg_server) if postgres else "left out (--no-postgres)"
        with bench_api._maybe_postgres(pg_server if why is None else None) as pg_url:
            say("seeding the demo athlete (SQLite)")
            databases = [seed("SQLite", f"sqlite:///{directory / 'cold.sqlite3'}")]
            if pg_url is not None:
                say("seeding the demo athlete (PostgreSQL)")
                databases.append(seed("PostgreSQL", pg_url))
            else:
                message = f"PostgreSQL at {pg_server}: {why}; its rows are skipped"
                console.print(f"[{NAME}] {message}", highlight=False)
                results.append(
                    Result(f"{NAME} PostgreSQL · skipped", None, "", notes=message, group=NAME)
                )
            runs, firsts, meta = _measure(
                directory,
                databases,
                duration_s,
                warmup_s,
                repeat,
                after_write,
                client_procs,
                workers,
                say,
            )
    results += report(runs, firsts, databases, meta, console)
    return results


def _measure(
    directory: Path,
    databases: list[Seeded],
    duration_s: float,
    warmup_s: float,
    repeat: int,
    after_write: int,
    client_procs: int,
    workers: int,
    say: Callable[[str], None],
) -> tuple[dict[tuple[str, str], list[Run]], dict[str, dict[str, FirstRead]], dict[str, Any]]:
    env = {
        **os.environ,
        "FITCOACH_DATA_DIR": str(directory / "data"),
        "FITCOACH_LOG_LEVEL": "WARNING",
        "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]),
    }
    env.pop("FITCOACH_TELEGRAM_WEBHOOK_URL", None)
    say("starting the servers")
    servers: dict[str, Server] = {}
    runs: dict[tuple[str, str], list[Run]] = {}
    firsts: dict[str, dict[str, FirstRead]] = {}
    loads: list[tuple[float, float, float]] = []
    now = datetime.now(UTC)
    try:
        servers["bare"] = start_bare("bare-cold", env, directory, workers)
        for db in databases:
            servers[db.label] = start_fitcoach(
                f"{db.label}-cold", {**env, "FITCOACH_DATABASE_URL": db.url}, directory, workers
            )
        for label, server in servers.items():
            wait_ready(server, "/ping" if label == "bare" else "/health")
        today = now.date()  # the demo athlete's zone is UTC
        reads = {db.label: read_endpoints(db.athlete_id, today) for db in databases}
        say("priming the servers (every endpoint, then idle)")
        for db in databases:
            primes = [
                (write_endpoint(db.athlete_id, repeat, now), db.token),
                (write_today_endpoint(db.today_athlete_id, repeat, now), db.today_token),
                *((e, db.token) for e in reads[db.label]),
            ]
            for endpoint, token in primes:
                drive(
                    servers[db.label],
                    endpoint.requests(token),
                    clients=8,
                    warmup_s=0.0,
                    duration_s=0.3,
                    client_procs=client_procs,
                )
        drive(servers["bare"], BARE.requests(None), clients=8, warmup_s=0, duration_s=0.3,
              client_procs=client_procs)  # fmt: skip
        answered = {db.label: 0 for db in databases}
        for round_ in range(repeat):
            cases: list[tuple[str, Endpoint, str | None]] = [("bare", BARE, None)]
            for db in databases:
                cases.append((db.label, write_endpoint(db.athlete_id, round_, now), db.token))
                cases.append(
                    (
                        db.label,
                        write_today_endpoint(db.today_athlete_id, round_, now),
                        db.today_token,
                    )
                )
                cases += [(db.label, e, db.token) for e in reads[db.label]]
            for label, endpoint, token in cases:
                say(f"round {round_ + 1}/{repeat}: {label} {endpoint.label}, {CLIENTS} clients")
                run = drive(
                    servers[label],
                    endpoint.requests(token),
                    clients=CLIENTS,
                    warmup_s=warmup_s,
                    duration_s=duration_s,
                    client_procs=client_procs,
                )
                if run.errors or not run.requests:
                    raise BenchmarkError(
                        f"{label} {endpoint.label}: {run.requests} answers, "
                        f"errors {dict(run.errors)}"
                    )
                runs.setdefault((label, endpoint.label), []).append(run)
                if endpoint.kind == "write":
                    answered[label] += run.requests
            loads.append(os.getloadavg())
            for db in databases:  # every counted answer stored a workout of its own
                stored = stored_workouts(db.url)
                if stored < answered[db.label]:
                    raise BenchmarkError(
                        f"{db.label}: {answered[db.label]} writes answered in the windows but "
                        f"only {stored} workouts stored"
                    )
        for db in databases:
            say(f"first reads after a logged workout ({db.label}, {after_write} times)")
            firsts[db.label] = first_reads(servers[db.label], db, after_write)
    finally:
        for server in servers.values():
            stop(server)
    meta = {
        "client_procs": client_procs,
        "cpu_count": os.cpu_count(),
        "load_averages": loads,
        "workers": workers,
    }
    return runs, firsts, meta


# --------------------------------------------------------------------------- reporting


def _median_run(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda r: r.rps)[len(runs) // 2]


def _fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None or value != value else f"{value:,.{digits}f}"


def report(
    runs: dict[tuple[str, str], list[Run]],
    firsts: dict[str, dict[str, FirstRead]],
    databases: list[Seeded],
    meta: dict[str, Any],
    console: Console,
) -> list[Result]:
    bare = _median_run(runs[("bare", BARE.label)])
    loads = meta["load_averages"]
    # Several server processes (``--workers``): said in every name, so the one-process figures
    # are never read for them.
    procs = f" · {meta['workers']} server processes" if meta.get("workers", 1) > 1 else ""
    table = Table(
        title=f"Cold paths and writes at {CLIENTS} clients{procs}: medians of "
        f"{len(bare_runs(runs))} "
        f"rounds (load averages {', '.join(f'{a:.1f}' for a, _, _ in loads)}; "
        f"{meta['cpu_count']} CPUs, shared)"
    )
    for name in (
        "server",
        "endpoint",
        "req/s",
        "p50 ms",
        "p95 ms (÷ bare p95)",
        "server CPU ms/req",
        "ratio",
    ):
        table.add_column(name, justify="left" if name in ("server", "endpoint") else "right")
    table.add_row(
        "bare", BARE.label, _fmt(bare.rps, 0), _fmt(bare.ms(50)), _fmt(bare.ms(95)),
        _fmt(bare.server_ms_per_request, 2), "—",
    )  # fmt: skip
    results: list[Result] = []
    goals: list[tuple[str, str, str, bool]] = []
    read_goal = f"p95 < {READ_P95_GOAL_MS:g} ms and ≤ {READ_P95_GOAL_RATIO:g}× bare p95"
    for (label, endpoint), measured in runs.items():
        if label == "bare":
            continue
        run = _median_run(measured)
        ratio = run.rps / bare.rps
        table.add_row(
            label, endpoint, _fmt(run.rps, 0), _fmt(run.ms(50)),
            f"{_fmt(run.ms(95))} ({run.ms(95) / bare.ms(95):.1f}×)",
            _fmt(run.server_ms_per_request, 2), f"{ratio:.3f}",
        )  # fmt: skip
        write = endpoint.startswith("POST")
        if write:
            ok = ratio >= WRITE_GOAL_RATIO
            goals.append(
                (f"{label} {endpoint}: req/s ÷ bare", f"{ratio:.3f}", f"≥ {WRITE_GOAL_RATIO}", ok)
            )
        else:
            p95_ratio = run.ms(95) / bare.ms(95)
            ok = run.ms(95) < READ_P95_GOAL_MS and p95_ratio <= READ_P95_GOAL_RATIO
            goals.append(
                (f"{label} {endpoint}: p95", f"{run.ms(95):.1f} ms", "< 100 ms", run.ms(95) < 100)
            )
            goals.append(
                (
                    f"{label} {endpoint}: p95 ÷ bare p95",
                    f"{p95_ratio:.1f}×",
                    f"≤ {READ_P95_GOAL_RATIO:g}×",
                    p95_ratio <= READ_P95_GOAL_RATIO,
                )
            )
        results.append(
            Result(
                name=f"{NAME} {label} {endpoint} · {CLIENTS} clients{procs}",
                figure=run.rps,
                unit="req/s",
                baseline=bare.rps,
                ratio=ratio,
                notes=f"p50 {run.ms(50):.1f} ms, p95 {run.ms(95):.1f} ms (bare p95 "
                f"{bare.ms(95):.1f}); server CPU {_fmt(run.server_ms_per_request, 2)} ms/req "
                f"(bare {_fmt(bare.server_ms_per_request, 2)}); goal "
                f"{f'≥ {WRITE_GOAL_RATIO} of bare' if write else read_goal}: "
                f"{'met' if ok else 'NOT met'}",
                baseline_name="bare FastAPI GET /ping",
                group=NAME,
                samples=[r.rps for r in measured],
                baseline_samples=[r.rps for r in bare_runs(runs)],
                extra={
                    "p50_ms": run.ms(50),
                    "p95_ms": run.ms(95),
                    "p95_ms_per_round": [r.ms(95) for r in measured],
                    "bare_p95_ms": bare.ms(95),
                    "p95_ratio_to_bare": run.ms(95) / bare.ms(95),
                    "server_cpu_ms_per_request": run.server_ms_per_request,
                    "server_cpu_ms_per_round": [r.server_ms_per_request for r in measured],
                    "bare_server_cpu_ms_per_request": bare.server_ms_per_request,
                    "requests": run.requests,
                    "load_averages": loads,
                },
            )
        )
    console.print(table)

    after = Table(title="The first read after a logged workout (server CPU: mean; wall: median)")
    for name in ("server", "read", "first: CPU ms", "first: wall ms", "again: CPU ms", "again: wall ms"):  # fmt: skip
        after.add_column(name, justify="left" if name in ("server", "read") else "right")
    for label, reads in firsts.items():
        for name, first in reads.items():
            cold_cpu = statistics.fmean(first.cold_cpu_ms)
            warm_cpu = statistics.fmean(first.warm_cpu_ms)
            cold_wall = statistics.median(first.cold_wall_ms)
            after.add_row(
                label, name, _fmt(cold_cpu), _fmt(cold_wall), _fmt(warm_cpu),
                _fmt(statistics.median(first.warm_wall_ms)),
            )  # fmt: skip
            ok = cold_cpu < DASHBOARD_GOAL_MS
            if name == "dashboard page":
                goals.append((f"{label} first {name} after a write: server CPU",
                              f"{cold_cpu:.0f} ms", "< 150 ms", ok))  # fmt: skip
            results.append(
                Result(
                    name=f"{NAME} {label} first {name} after a logged workout{procs}",
                    figure=cold_cpu,
                    unit="ms CPU",
                    baseline=warm_cpu,
                    ratio=cold_cpu / warm_cpu if warm_cpu else None,
                    notes=f"server CPU (mean of {len(first.cold_cpu_ms)}; /proc ticks of 10 ms); "
                    f"wall median {cold_wall:.1f} ms; the same read again: {warm_cpu:.1f} ms CPU",
                    baseline_name="the same read again at once",
                    group=NAME,
                    samples=[c / 1000 for c in first.cold_cpu_ms],
                    baseline_samples=[c / 1000 for c in first.warm_cpu_ms],
                    extra={"wall_ms": first.cold_wall_ms, "again_wall_ms": first.warm_wall_ms},
                )
            )
    console.print(after)
    goal_table = Table(title=f"Goals (at {CLIENTS} clients{procs})")
    for name in ("check", "measured", "goal", "verdict"):
        goal_table.add_column(name)
    for check, value, goal, ok in goals:
        goal_table.add_row(check, value, goal, "met" if ok else "NOT met")
    console.print(goal_table)
    return results


def bare_runs(runs: dict[tuple[str, str], list[Run]]) -> list[Run]:
    return runs[("bare", BARE.label)]


# --------------------------------------------------------------------------- entry points


def main(args: BenchArgs) -> list[Result]:
    """3 rounds of 3 s windows after 1 s of warm-up at 10 clients, 15 first reads after a
    write per database (``--quick``: 1 round of 1 s after 0.5 s, 3 first reads); ``--repeat``
    sets the rounds; ``--rows`` is not used."""
    return bench(
        duration_s=QUICK_DURATION_S if args.quick else DURATION_S,
        warmup_s=QUICK_WARMUP_S if args.quick else WARMUP_S,
        repeat=args.repeat or (QUICK_REPEAT if args.quick else DEFAULT_REPEAT),
        after_write=QUICK_AFTER_WRITE if args.quick else AFTER_WRITE,
        progress=args.progress,
    )


if __name__ == "__main__":  # python -m benchmarks.bench_cold --repeat 3 --workers 2
    parser = argparse.ArgumentParser(
        prog="benchmarks/bench_cold.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true", help="1 s windows, 1 round")
    parser.add_argument("--seconds", type=float, help=f"window per measurement ({DURATION_S:g})")
    parser.add_argument("--repeat", type=int, help=f"rounds ({DEFAULT_REPEAT})")
    parser.add_argument("--after-write", type=int, help=f"first reads ({AFTER_WRITE})")
    parser.add_argument("--client-procs", type=int, help="load client processes (CPUs ÷ 4, ≥ 2)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes (fitcoach serve --workers; 1)"
    )
    opts = parser.parse_args()
    bench(
        duration_s=opts.seconds or (QUICK_DURATION_S if opts.quick else DURATION_S),
        warmup_s=QUICK_WARMUP_S if opts.quick else WARMUP_S,
        repeat=opts.repeat or (QUICK_REPEAT if opts.quick else DEFAULT_REPEAT),
        after_write=opts.after_write or (QUICK_AFTER_WRITE if opts.quick else AFTER_WRITE),
        postgres=not opts.no_postgres,
        client_procs=opts.client_procs,
        workers=opts.workers,
        progress=lambda m: print(f"[{NAME}] {m}", file=sys.stderr),
    )
