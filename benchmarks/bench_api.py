"""The HTTP API under concurrency: requests/s and p50/p95 latency at 1, 10 and 50 concurrent
clients on SQLite and on PostgreSQL, beside a bare FastAPI endpoint served the same way and
driven by the same client in the same run; and the same at 50 clients with two server
processes (``fitcoach serve --workers 2``) beside one.

Setup (not timed): per database (a temporary SQLite file; a fresh PostgreSQL database, dropped
at the end) the migrations, the exercise library, the demo athlete (``seed_demo``: 8 weeks of
workouts, cardio, daily metrics, sleep, meals, feedback up to yesterday), a plan generated for
them and a write token of theirs.

Servers, each a process group of its own on 127.0.0.1 and a free port, all started before the
first measurement and kept for the whole run:

- fitcoach: ``fitcoach serve --port P [--workers 2]`` (the command itself), one per database
  and worker count, ``FITCOACH_LOG_LEVEL=WARNING``;
- baseline: ``benchmarks/bare_app.py`` (one synchronous ``GET /ping`` answering
  ``{"status": "ok"}``) by ``uvicorn.run`` with ``serve``'s own options
  (``fitcoach.cli.serve.uvicorn_options``), with 1 and 2 workers.

Each server answers a few requests on every endpoint and then idles before measuring (the
deferred imports of every worker process loaded). The load client is ``httpload.py``: several
processes of raw-socket HTTP/1.1 keep-alive connections, one per simulated client, each a
closed loop (the next request as soon as the answer is complete), about ten times cheaper per
request than an HTTP library. A measurement: the client processes connect, warm up, then count
the requests that complete within the window; their in-flight requests are awaited and the
server is idle again before the next. Any answer outside 2xx and any transport failure is an
error, printed with its status and body.

Rounds repeat the whole set (every client count on every server) so that a change in the
machine's load falls on all of them; the figures are the run with the median requests/s. The
server's CPU time (its process tree, from ``/proc``) and the client's are measured over the
window too: on a shared machine, CPU milliseconds per request are steadier than wall-clock
rates, and the client's share of the CPU shows whether the client held the baseline back.

Goals, checked in the notes: at 50 clients, reads at least 0.25 of the bare
endpoint's requests/s with p95 under 100 ms, plan generation p95 under 150 ms, requests/s
never falling as clients rise, more with two processes than with one.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
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
from benchmarks.common import BenchArgs, BenchmarkError, Result
from benchmarks.httpload import request_bytes
from rich.console import Console
from rich.table import Table
from sqlalchemy.engine import make_url

from fitcoach.core.clock import SystemClock
from fitcoach.core.domain import TokenScope
from fitcoach.pipelines.demo import seed_demo
from fitcoach.services import accounts, plans
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import load_library
from fitcoach.storage import migrate
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work
from fitcoach.storage.repositories import athletes as athlete_repo

NAME = "api"
CLIENTS = (1, 10, 50)
QUICK_CLIENTS = (1, 10)
DURATION_S = 3.0
WARMUP_S = 1.0
QUICK_DURATION_S = 1.0
QUICK_WARMUP_S = 0.5
DEFAULT_REPEAT = 3
QUICK_REPEAT = 1
WORKERS = 2
MAX_WARMUP_S = 8.0  # the longest a slow case's warm-up and window grow to (see _measure)
MAX_WINDOW_S = 15.0
BASELINE = "bare FastAPI GET /ping"
POSTGRES_SERVER_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/"

# The goals, at the largest client count.
READ_RATIO_GOAL = 0.25
READ_P95_GOAL_MS = 100.0
GENERATE_P95_GOAL_MS = 150.0
FALL_TOLERANCE = 0.10  # "never falls": a drop beyond this share of the lower count's rate


@dataclass(frozen=True)
class Endpoint:
    label: str
    method: str
    path: str
    bodies: tuple[str, ...] = ()  # JSON; several: sent in turn
    kind: str = "read"  # read | generate | baseline

    def requests(self, token: str | None) -> list[bytes]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if not self.bodies:
            return [request_bytes(self.method, self.path, host=HOST, headers=headers)]
        headers["Content-Type"] = "application/json"
        return [
            request_bytes(self.method, self.path, host=HOST, headers=headers, body=b.encode())
            for b in self.bodies
        ]


BARE = Endpoint(BASELINE, "GET", "/ping", kind="baseline")
# Generation asked again and again with nothing written between: after the first, answered
# with the version stored (200). And a new plan every time: a seed of its own for each request
# in turn (each stored version raises the athlete's data version, so a seed asked again later
# is generated again too).
GENERATE_AGAIN = (json.dumps({"seed": 1, "weeks": 4}),)
GENERATE_NEW = tuple(json.dumps({"seed": 100 + n, "weeks": 4}) for n in range(1000))


def endpoints(athlete_id: int) -> list[Endpoint]:
    base = f"/api/v1/athletes/{athlete_id}"
    return [
        Endpoint("GET athlete", "GET", base),
        Endpoint("GET readiness", "GET", f"{base}/readiness"),
        Endpoint("GET plan/today", "GET", f"{base}/plan/today"),
        Endpoint("POST plan (generate new)", "POST", f"{base}/plan", GENERATE_NEW, "generate"),
        Endpoint("POST plan (generate again)", "POST", f"{base}/plan", GENERATE_AGAIN, "generate"),
    ]


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Seeded:
    label: str  # SQLite | PostgreSQL
    url: str
    athlete_id: int
    token: str


def seed(label: str, url: str) -> Seeded:
    """Migrate ``url`` and store the library, the demo athlete, a plan and a write token."""
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        with unit_of_work(make_session_factory(engine)) as session:
            ctx = ServiceContext(session=session, subject=Subject.system(), clock=SystemClock())
            load_library(ctx)
            report = seed_demo(ctx)
            plans.generate(ctx, report.athlete_id)
            account = athlete_repo.account_by_email(session, report.email)
            if account is None:
                raise BenchmarkError("the demo athlete has no account")
            token = accounts.create_token(ctx, account.id, scope=TokenScope.write, name="bench")
    finally:
        engine.dispose()
    return Seeded(label, url, report.athlete_id, token.secret)


def postgres_server_url() -> str:
    return os.environ.get("FITCOACH_BENCH_POSTGRES_URL", POSTGRES_SERVER_URL)


def _admin(server_url: str, sql: str) -> None:
    dsn = server_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(dsn, autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql.encode())


def postgres_unreachable(server_url: str) -> str | None:
    """Why PostgreSQL at ``server_url`` cannot be used, or None when it can."""
    try:
        _admin(server_url, "SELECT 1")
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return None


@contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    name = f"fitcoach_bench_api_{os.getpid()}"
    _admin(server_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _admin(server_url, f"CREATE DATABASE {name}")
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        _admin(server_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# --------------------------------------------------------------------------- the run


@dataclass(frozen=True)
class Case:
    """One measured thing: an endpoint of a server at a client count."""

    server: str  # the server's label
    endpoint: Endpoint
    clients: int


@dataclass
class Measured:
    runs: dict[Case, list[Run]] = field(default_factory=dict)

    def median(self, case: Case) -> Run:
        """The run with the median requests/s."""
        runs = sorted(self.runs[case], key=lambda r: r.rps)
        return runs[len(runs) // 2]


def _bare_label(workers: int) -> str:
    return f"bare ({workers} worker{'s' if workers > 1 else ''})"


def _app_label(db: str, workers: int) -> str:
    return f"{db} ({workers} worker{'s' if workers > 1 else ''})"


def cases_for(databases: list[Seeded], counts: tuple[int, ...], workers: int) -> list[Case]:
    """Every client count on the bare endpoint and each database's endpoints (1 process), then
    the largest count with ``workers`` processes."""
    cases = []
    for clients in counts:
        cases.append(Case(_bare_label(1), BARE, clients))
        for db in databases:
            cases += [Case(_app_label(db.label, 1), e, clients) for e in endpoints(db.athlete_id)]
    if workers > 1:
        top = max(counts)
        cases.append(Case(_bare_label(workers), BARE, top))
        for db in databases:
            cases += [Case(_app_label(db.label, workers), e, top) for e in endpoints(db.athlete_id)]
    return cases


def bench(
    *,
    duration_s: float,
    warmup_s: float,
    repeat: int,
    counts: tuple[int, ...] = CLIENTS,
    workers: int = WORKERS,
    client_procs: int | None = None,
    postgres: bool = True,
    progress: Callable[[str], None] | None = None,
    console: Console | None = None,
) -> list[Result]:
    """Seed, start every server, measure ``repeat`` rounds of every case and report: one
    result per database, endpoint and client count (beside the bare endpoint), and per
    endpoint at the largest count with ``workers`` processes (beside one)."""
    say = progress or (lambda _m: None)
    console = console or Console(width=160)
    client_procs = client_procs or max(2, (os.cpu_count() or 2) // 4)
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="fitcoach-bench-api-") as tmp:
        directory = Path(tmp)
        pg_server = postgres_server_url()
        why = postgres_unreachable(pg_server) if postgres else "left out (--no-postgres)"
        with _maybe_postgres(pg_server if why is None else None) as pg_url:
            say("seeding the demo athlete (SQLite)")
            databases = [seed("SQLite", f"sqlite:///{directory / 'api.sqlite3'}")]
            if pg_url is not None:
                say("seeding the demo athlete (PostgreSQL)")
                databases.append(seed("PostgreSQL", pg_url))
            else:
                message = f"PostgreSQL at {pg_server}: {why}; its rows are skipped"
                console.print(f"[api] {message}", highlight=False)
                results.append(
                    Result(
                        name="api PostgreSQL · skipped",
                        figure=None,
                        unit="",
                        notes=message,
                        group=NAME,
                    )
                )
            measured, meta = _measure(
                directory,
                databases,
                counts,
                workers,
                duration_s,
                warmup_s,
                repeat,
                client_procs,
                say,
            )
    results += report(measured, databases, counts, workers, duration_s, meta, console)
    return results


@contextmanager
def _maybe_postgres(server_url: str | None) -> Iterator[str | None]:
    if server_url is None:
        yield None
        return
    with postgres_database(server_url) as url:
        yield url


def _measure(
    directory: Path,
    databases: list[Seeded],
    counts: tuple[int, ...],
    workers: int,
    duration_s: float,
    warmup_s: float,
    repeat: int,
    client_procs: int,
    say: Callable[[str], None],
) -> tuple[Measured, dict[str, Any]]:
    base_env = {
        **os.environ,
        "FITCOACH_DATA_DIR": str(directory / "data"),
        "FITCOACH_LOG_LEVEL": "WARNING",
        "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]),
    }
    base_env.pop("FITCOACH_TELEGRAM_WEBHOOK_URL", None)
    worker_counts = sorted({1, workers})
    say("starting the servers")
    servers: dict[str, Server] = {}
    try:
        for n in worker_counts:
            servers[_bare_label(n)] = start_bare(f"bare-{n}", base_env, directory, n)
            for db in databases:
                env = {**base_env, "FITCOACH_DATABASE_URL": db.url}
                servers[_app_label(db.label, n)] = start_fitcoach(
                    f"{db.label}-{n}", env, directory, n
                )
        tokens = {_app_label(db.label, n): db.token for db in databases for n in worker_counts}
        cases = cases_for(databases, counts, workers)
        for label, server in servers.items():
            wait_ready(server, "/ping" if label.startswith("bare") else "/health")
        say("priming the servers (every endpoint, then idle)")
        for label, server in servers.items():
            for endpoint in {c.endpoint for c in cases if c.server == label}:
                drive(
                    server,
                    endpoint.requests(tokens.get(label)),
                    clients=min(8, max(counts)),
                    warmup_s=0.0,
                    duration_s=0.3,
                    client_procs=client_procs,
                )
            server.wait_idle()
        single = {label: label.split(" (")[0] + " (1 worker)" for label in servers}
        measured = Measured()
        for round_ in range(repeat):
            for case in cases:
                # At one client, this round's latency tells how long one cycle of every client
                # takes (the handlers take turns on the interpreter lock): the warm-up lasts
                # one cycle at least, the window two, so that slow endpoints and a busy machine
                # still give figures.
                alone = measured.runs.get(Case(single[case.server], case.endpoint, 1), [])
                cycle = 0.0
                if len(alone) > round_ and alone[round_].latencies:
                    workers_of = servers[case.server].workers
                    cycle = case.clients * statistics.median(alone[round_].latencies) / workers_of
                warm = min(max(warmup_s, cycle), max(warmup_s, MAX_WARMUP_S))
                window = min(max(duration_s, 2 * cycle), max(duration_s, MAX_WINDOW_S))
                say(
                    f"round {round_ + 1}/{repeat}: {case.server} {case.endpoint.label}, "
                    f"{case.clients} clients, {warm:.1f} + {window:.1f} s"
                )
                run = drive(
                    servers[case.server],
                    case.endpoint.requests(tokens.get(case.server)),
                    clients=case.clients,
                    warmup_s=warm,
                    duration_s=window,
                    client_procs=client_procs,
                )
                measured.runs.setdefault(case, []).append(run)
    finally:
        for server in servers.values():
            stop(server)
    meta = {
        "client_procs": client_procs,
        "cpu_count": os.cpu_count(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "repeat": repeat,
        "warmup_s": warmup_s,
    }
    return measured, meta


# --------------------------------------------------------------------------- reporting


def _fmt_rate(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def _fmt_ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _fmt_ms(value: float | None) -> str:
    return "—" if value is None or value != value else f"{value:.1f}"


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def report(
    measured: Measured,
    databases: list[Seeded],
    counts: tuple[int, ...],
    workers: int,
    duration_s: float,
    meta: dict[str, Any],
    console: Console,
) -> list[Result]:
    top = max(counts)
    bare = {c: measured.median(Case(_bare_label(1), BARE, c)) for c in counts}
    for clients, run in bare.items():
        if run.requests == 0 or run.errors:
            raise BenchmarkError(
                f"the bare endpoint failed at {clients} clients: {dict(run.errors)}"
            )
    table = Table(
        title=f"API under concurrency: windows of {duration_s:g} s or more (two cycles of all the "
        f"clients), medians of {meta['repeat']} (load client: {meta['client_procs']} "
        f"processes; {meta['cpu_count']} CPUs, shared)"
    )
    for name in (
        "server",
        "endpoint",
        "clients",
        "window s",
        "req/s",
        "p50 ms",
        "p95 ms",
        "errors",
        "server CPU ms/req",
        "client CPU share",
        "ratio to bare",
    ):
        table.add_column(name, justify="left" if name in ("server", "endpoint") else "right")
    results: list[Result] = []
    goals: list[tuple[str, str, str, bool]] = []
    for case in measured.runs:
        run = measured.median(case)
        ratio = run.rps / bare[case.clients].rps if case.endpoint.kind != "baseline" else None
        share = run.client_share
        table.add_row(
            case.server,
            case.endpoint.label,
            str(case.clients),
            f"{run.seconds:.1f}",
            _fmt_rate(run.rps),
            _fmt_ms(run.ms(50)),
            _fmt_ms(run.ms(95)),
            str(sum(run.errors.values())),
            _fmt_ms(run.server_ms_per_request),
            "—" if share is None else f"{share:.0%}",
            "—" if ratio is None else f"{ratio:.2f}",
        )
    console.print(table)
    for case in measured.runs:
        for kind, count in measured.median(case).errors.most_common():
            console.print(
                f"[red]{case.server} {case.endpoint.label} ×{case.clients}: {count} × {kind}[/red]",
                highlight=False,
            )

    for db in databases:
        label = _app_label(db.label, 1)
        for endpoint in endpoints(db.athlete_id):
            rates = {c: measured.median(Case(label, endpoint, c)) for c in counts}
            for clients, run in rates.items():
                results.append(
                    _result(
                        db.label,
                        endpoint,
                        clients,
                        run,
                        bare[clients],
                        measured,
                        Case(label, endpoint, clients),
                        Case(_bare_label(1), BARE, clients),
                    )
                )
            goals += _goals(db.label, endpoint, rates, bare[top], top)
        if workers > 1:
            many = _app_label(db.label, workers)
            for endpoint in endpoints(db.athlete_id):
                one_case, many_case = Case(label, endpoint, top), Case(many, endpoint, top)
                one, more = measured.median(one_case), measured.median(many_case)
                results.append(
                    Result(
                        name=f"api {db.label} {endpoint.label} · {top} clients · {workers} workers",
                        figure=more.rps,
                        unit="req/s",
                        baseline=one.rps,
                        ratio=more.rps / one.rps if one.rps else None,
                        notes=f"{workers} processes vs 1, {top} clients; p50 {more.ms(50):.1f} ms, "
                        f"p95 {more.ms(95):.1f} ms (1 process: {one.ms(95):.1f}); "
                        f"{sum(more.errors.values())} errors",
                        baseline_name="the same, 1 worker",
                        group=NAME,
                        samples=[r.rps for r in measured.runs[many_case]],
                        baseline_samples=[r.rps for r in measured.runs[one_case]],
                        extra=_extra(more, top, endpoint) | {"workers": workers},
                    )
                )
                goals.append(
                    (
                        f"{db.label} {endpoint.label}: {workers} processes vs 1 ({top} clients)",
                        f"×{more.rps / one.rps:.2f}" if one.rps else "—",
                        "> 1",
                        one.rps > 0 and more.rps > one.rps,
                    )
                )
    if workers > 1:
        one = measured.median(Case(_bare_label(1), BARE, top))
        more = measured.median(Case(_bare_label(workers), BARE, top))
        results.append(
            Result(
                name=f"api {BASELINE} · {top} clients · {workers} workers",
                figure=more.rps,
                unit="req/s",
                baseline=one.rps,
                ratio=more.rps / one.rps,
                notes=f"the baseline's own scaling; client CPU share {_pct(more.client_share)}",
                baseline_name="the same, 1 worker",
                group=NAME,
                samples=[r.rps for r in measured.runs[Case(_bare_label(workers), BARE, top)]],
                baseline_samples=[r.rps for r in measured.runs[Case(_bare_label(1), BARE, top)]],
                extra=_extra(more, top, BARE) | {"workers": workers},
            )
        )
    goal_table = Table(title=f"Goals of issue #14 (at {top} clients unless said)")
    for name in ("check", "measured", "goal", "verdict"):
        goal_table.add_column(name)
    for check, value, goal, ok in goals:
        goal_table.add_row(check, value, goal, _verdict(ok))
    console.print(goal_table)
    bare_top = bare[top]
    console.print(
        f"bare endpoint at {top} clients: {bare_top.rps:,.0f} req/s, server "
        f"{_fmt_ms(bare_top.server_ms_per_request)} ms CPU per request, the load client "
        f"{_pct(bare_top.client_share)} of the CPU the two used "
        f"(load average at the end {meta['load_average']})",
        highlight=False,
    )
    return results


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _extra(run: Run, clients: int, endpoint: Endpoint) -> dict[str, Any]:
    # Only a generation tells a stored version (201) from one answered again (200).
    again = {"answered_again": run.answered_again} if endpoint.kind == "generate" else {}
    return {
        "requests": run.requests,
        "seconds": run.seconds,
        "clients": clients,
        "p50_ms": run.ms(50),
        "p95_ms": run.ms(95),
        "errors": sum(run.errors.values()),
        "error_kinds": dict(run.errors),
        "statuses": {str(k): v for k, v in sorted(run.statuses.items())},
        "server_cpu_ms_per_request": run.server_ms_per_request,
        "client_cpu_share": run.client_share,
    } | again


def _result(
    db: str,
    endpoint: Endpoint,
    clients: int,
    run: Run,
    base: Run,
    measured: Measured,
    case: Case,
    base_case: Case,
) -> Result:
    ratio = run.rps / base.rps
    # What the ratio would be with the CPU to itself: the bare endpoint's CPU per request over
    # the endpoint's. Steadier than the wall-clock ratio on a shared machine.
    cpu_ratio = None
    if run.server_ms_per_request and base.server_ms_per_request:
        cpu_ratio = base.server_ms_per_request / run.server_ms_per_request
    goal = ""
    if clients == max(c.clients for c in measured.runs if c.endpoint == endpoint):
        if endpoint.kind == "read":
            ok = ratio >= READ_RATIO_GOAL and run.ms(95) < READ_P95_GOAL_MS
            goal = (
                f"; goal ratio ≥ {READ_RATIO_GOAL} and p95 < {READ_P95_GOAL_MS:.0f} ms: "
                f"{_verdict(ok)}"
            )
        elif endpoint.kind == "generate":
            ok = run.ms(95) < GENERATE_P95_GOAL_MS
            goal = f"; goal p95 < {GENERATE_P95_GOAL_MS:.0f} ms: {_verdict(ok)}"
    if endpoint.kind == "generate":
        goal += f"; answered again (200, not stored) {_pct(run.answered_again)}"
    return Result(
        name=f"api {db} {endpoint.label} · {clients} clients",
        figure=run.rps,
        unit="req/s",
        baseline=base.rps,
        ratio=ratio,
        notes=(
            f"p50 {run.ms(50):.1f} ms, p95 {run.ms(95):.1f} ms (bare p95 {base.ms(95):.1f} ms); "
            f"server CPU {_fmt_ms(run.server_ms_per_request)} ms/req (bare "
            f"{_fmt_ms(base.server_ms_per_request)}, CPU ratio {_fmt_ratio(cpu_ratio)}); "
            f"{sum(run.errors.values())} errors{goal}"
        ),
        baseline_name=BASELINE,
        group=NAME,
        samples=[r.rps for r in measured.runs[case]],
        baseline_samples=[r.rps for r in measured.runs[base_case]],
        extra=_extra(run, clients, endpoint)
        | {
            "baseline_p50_ms": base.ms(50),
            "baseline_p95_ms": base.ms(95),
            "baseline_server_cpu_ms_per_request": base.server_ms_per_request,
            "cpu_ratio": cpu_ratio,
            "baseline_client_cpu_share": base.client_share,
            "repeats": len(measured.runs[case]),
            "p95_ms_per_repeat": [r.ms(95) for r in measured.runs[case]],
        },
    )


def _goals(
    db: str, endpoint: Endpoint, rates: dict[int, Run], bare_top: Run, top: int
) -> list[tuple[str, str, str, bool]]:
    run = rates[top]
    found = []
    if endpoint.kind == "read":
        ratio = run.rps / bare_top.rps
        found.append(
            (
                f"{db} {endpoint.label}: req/s ÷ bare",
                f"{ratio:.3f}",
                f"≥ {READ_RATIO_GOAL}",
                ratio >= READ_RATIO_GOAL,
            )
        )
        found.append(
            (
                f"{db} {endpoint.label}: p95",
                f"{run.ms(95):.1f} ms",
                f"< {READ_P95_GOAL_MS:.0f} ms",
                run.ms(95) < READ_P95_GOAL_MS,
            )
        )
    elif endpoint.kind == "generate":
        found.append(
            (
                f"{db} {endpoint.label}: p95",
                f"{run.ms(95):.1f} ms",
                f"< {GENERATE_P95_GOAL_MS:.0f} ms",
                run.ms(95) < GENERATE_P95_GOAL_MS,
            )
        )
    ordered = sorted(rates)
    steps = " → ".join(_fmt_rate(rates[c].rps) for c in ordered)
    falls = any(
        rates[b].rps < rates[a].rps * (1 - FALL_TOLERANCE) for a, b in itertools.pairwise(ordered)
    )
    found.append(
        (
            f"{db} {endpoint.label}: req/s at {', '.join(map(str, ordered))} clients",
            steps,
            f"never falls (> {FALL_TOLERANCE:.0%})",
            not falls,
        )
    )
    return found


# --------------------------------------------------------------------------- entry points


def main(args: BenchArgs) -> list[Result]:
    """Windows of 3 s after 1 s of warm-up at 1, 10 and 50 clients, 3 rounds (``--quick``: 1 s
    after 0.5 s at 1 and 10 clients, 1 round: a smoke run; at 50 clients the slowest endpoints
    answer nothing within such a window); ``--repeat`` sets the rounds; ``--rows`` is not
    used."""
    return bench(
        duration_s=QUICK_DURATION_S if args.quick else DURATION_S,
        warmup_s=QUICK_WARMUP_S if args.quick else WARMUP_S,
        repeat=args.repeat or (QUICK_REPEAT if args.quick else DEFAULT_REPEAT),
        counts=QUICK_CLIENTS if args.quick else CLIENTS,
        progress=args.progress,
    )


def _counts(text: str) -> tuple[int, ...]:
    counts = tuple(sorted({int(part) for part in text.split(",") if part.strip()}))
    if not counts or counts[0] < 1:
        raise argparse.ArgumentTypeError("client counts are positive integers, e.g. 1,10,50")
    return counts


if __name__ == "__main__":  # python -m benchmarks.bench_api --seconds 5 --clients 1,10,50
    parser = argparse.ArgumentParser(
        prog="benchmarks/bench_api.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true", help="1 s windows at 1 and 10 clients")
    parser.add_argument("--seconds", type=float, help=f"window per measurement ({DURATION_S:g})")
    parser.add_argument("--warmup", type=float, help=f"warm-up seconds ({WARMUP_S:g})")
    parser.add_argument("--repeat", type=int, help=f"rounds ({DEFAULT_REPEAT})")
    parser.add_argument("--clients", type=_counts, help="client counts (1,10,50)")
    parser.add_argument(
        "--workers",
        type=int,
        default=WORKERS,
        help="server processes to compare with one (2; 1: no comparison)",
    )
    parser.add_argument("--client-procs", type=int, help="load client processes (CPUs ÷ 4, ≥ 2)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    opts = parser.parse_args()
    bench(
        duration_s=opts.seconds or (QUICK_DURATION_S if opts.quick else DURATION_S),
        warmup_s=opts.warmup
        if opts.warmup is not None
        else (QUICK_WARMUP_S if opts.quick else WARMUP_S),
        repeat=opts.repeat or (QUICK_REPEAT if opts.quick else DEFAULT_REPEAT),
        counts=opts.clients or (QUICK_CLIENTS if opts.quick else CLIENTS),
        workers=opts.workers,
        client_procs=opts.client_procs,
        postgres=not opts.no_postgres,
        progress=lambda m: print(f"[{NAME}] {m}", file=sys.stderr),
    )
