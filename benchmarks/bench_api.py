"""The HTTP API under load: requests/s and p50/p95 latency with 50 concurrent clients, beside a
bare FastAPI endpoint served the same way in the same run.

Setup (not timed): a temporary SQLite file, migrated, with the exercise library, the demo
athlete (``pipelines.demo.seed_demo``: 8 weeks of workouts, cardio, daily metrics, sleep,
meals, feedback up to yesterday), a plan generated for them, and a write token of theirs.

Two servers, each ``uvicorn`` with one worker in its own process on 127.0.0.1 (a free port,
``log_level="warning"``, no access log, the same ``uvicorn.run`` call):

(a) fitcoach: ``create_app()`` over that database (``FITCOACH_DATABASE_URL`` and
    ``FITCOACH_DATA_DIR`` in the environment);
(b) baseline: a bare FastAPI app with one ``GET /ping`` that returns ``{"status": "ok"}``.

This process drives each endpoint in turn with 50 concurrent clients (``httpx.AsyncClient``,
50 keep-alive connections) for a warm-up (not counted) and then a fixed duration; every
request carries the bearer token. Figures: requests/s over the measured window, p50/p95
latency in ms, and errors (any non-2xx answer or transport failure; each kind is printed).
ratio = endpoint's requests/s / the bare endpoint's requests/s. ``POST .../plan`` generates
and stores a new plan version on every request (a write each time).

The load generator shares the machine's cores with the server under test, so on a small
machine the client's own cost caps the figures, the bare endpoint's most of all: read the
ratios as "how much of the HTTP floor is left", not as the server's ceiling.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from benchmarks.common import BenchArgs, BenchmarkError, Result, percentile
from rich.console import Console
from rich.table import Table

from fitcoach.core.clock import SystemClock
from fitcoach.pipelines.demo import seed_demo
from fitcoach.services import accounts, plans
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import load_library
from fitcoach.storage import migrate
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work
from fitcoach.storage.models.tokens import TokenScope
from fitcoach.storage.repositories import athletes as athlete_repo

NAME = "api"
CLIENTS = 50
DURATION_S = 5.0
WARMUP_S = 1.0
QUICK_DURATION_S = 1.0
QUICK_WARMUP_S = 0.5
DEFAULT_REPEAT = 1
START_TIMEOUT_S = 60.0
BASELINE = "bare FastAPI GET /ping"

# The same ``uvicorn.run`` settings for both servers; only the app differs.
_SERVE = """
import sys, uvicorn
kind, port = sys.argv[1], int(sys.argv[2])
if kind == "bare":
    from fastapi import FastAPI
    app = FastAPI()

    @app.get("/ping")
    def ping() -> dict[str, str]:
        return {"status": "ok"}
else:
    from fitcoach.interfaces.api.app import create_app
    app = create_app()
uvicorn.run(app, host="127.0.0.1", port=port, workers=1, log_level="warning", access_log=False)
"""


@dataclass(frozen=True)
class Endpoint:
    label: str
    method: str
    path: str
    json: dict[str, Any] | None = None


def endpoints(athlete_id: int) -> list[Endpoint]:
    base = f"/api/v1/athletes/{athlete_id}"
    return [
        Endpoint("GET athlete", "GET", base),
        Endpoint("GET workouts?limit=50", "GET", f"{base}/workouts?limit=50"),
        Endpoint("GET load", "GET", f"{base}/load"),
        Endpoint("GET readiness", "GET", f"{base}/readiness"),
        Endpoint("GET plan/today", "GET", f"{base}/plan/today"),
        Endpoint("GET plan", "GET", f"{base}/plan"),
        Endpoint("POST plan (generate)", "POST", f"{base}/plan", {"seed": 1, "weeks": 4}),
    ]


@dataclass
class Run:
    """One endpoint's measured window."""

    requests: int
    seconds: float
    latencies: list[float]
    errors: Counter[str] = field(default_factory=Counter)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def ms(self, pct: float) -> float:
        return percentile(self.latencies, pct) * 1000 if self.latencies else float("nan")


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    log: Path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(kind: str, env: dict[str, str], logs: Path, probe: str) -> Server:
    port = free_port()
    log = logs / f"{kind}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", _SERVE, kind, str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchmarkError(f"the {kind} server exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(server.url + probe, timeout=1.0).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    stop_server(server)
    raise BenchmarkError(f"the {kind} server did not answer within {START_TIMEOUT_S:.0f} s")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


async def _drive(
    base_url: str,
    endpoint: Endpoint,
    headers: dict[str, str],
    clients: int,
    warmup_s: float,
    duration_s: float,
) -> Run:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    async with httpx.AsyncClient(
        base_url=base_url, headers=headers, limits=limits, timeout=60.0
    ) as client:
        loop = asyncio.get_running_loop()
        begin = loop.time() + warmup_s
        end = begin + duration_s

        async def worker() -> None:
            while loop.time() < end:
                started = time.perf_counter()
                try:
                    response = await client.request(
                        endpoint.method, endpoint.path, json=endpoint.json
                    )
                    ok = 200 <= response.status_code < 300
                    kind = f"{response.status_code} {response.text[:160]}"
                except httpx.HTTPError as exc:
                    ok, kind = False, f"{type(exc).__name__}: {exc}"
                elapsed = time.perf_counter() - started
                if begin <= loop.time() <= end:  # completed inside the measured window
                    latencies.append(elapsed)
                    if not ok:
                        errors[kind] += 1

        await asyncio.gather(*(worker() for _ in range(clients)))
    return Run(len(latencies), duration_s, latencies, errors)


def drive(
    base_url: str,
    endpoint: Endpoint,
    headers: dict[str, str],
    *,
    clients: int = CLIENTS,
    warmup_s: float = WARMUP_S,
    duration_s: float = DURATION_S,
) -> Run:
    """``clients`` concurrent loops on one endpoint: warm up, then measure ``duration_s``."""
    return asyncio.run(_drive(base_url, endpoint, headers, clients, warmup_s, duration_s))


@dataclass(frozen=True)
class Seeded:
    url: str
    data_dir: Path
    athlete_id: int
    token: str


def seed(directory: Path) -> Seeded:
    """A migrated SQLite file with the library, the demo athlete, a plan and a write token."""
    url = f"sqlite:///{directory / 'api.sqlite3'}"
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
    return Seeded(url, directory / "data", report.athlete_id, token.secret)


def _repeat_median(runs: list[Run]) -> Run:
    """The run with the median requests/s (the one reported)."""
    return sorted(runs, key=lambda r: r.rps)[len(runs) // 2]


def results_table(rows: list[tuple[str, Run]], base: Run, clients: int, seconds: float) -> Table:
    table = Table(
        title=f"API under load: {clients} concurrent clients, {seconds:g} s per endpoint "
        "(the client shares the machine's cores with the server)"
    )
    for name, justify in [
        ("endpoint", "left"),
        ("requests", "right"),
        ("RPS", "right"),
        ("p50 ms", "right"),
        ("p95 ms", "right"),
        ("errors", "right"),
        ("ratio to bare", "right"),
    ]:
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for label, run in rows:
        table.add_row(
            label,
            f"{run.requests:,}",
            f"{run.rps:,.0f}",
            f"{run.ms(50):.1f}",
            f"{run.ms(95):.1f}",
            str(sum(run.errors.values())),
            f"{run.rps / base.rps:.2f}",
        )
    return table


def bench(
    *,
    duration_s: float,
    warmup_s: float,
    repeat: int,
    clients: int = CLIENTS,
    progress: Any = None,
    console: Console | None = None,
) -> list[Result]:
    say = progress or (lambda _m: None)
    console = console or Console(width=160)
    with tempfile.TemporaryDirectory(prefix="fitcoach-bench-api-") as tmp:
        directory = Path(tmp)
        say("seeding the demo athlete")
        seeded = seed(directory)
        env = {
            **os.environ,
            "FITCOACH_DATABASE_URL": seeded.url,
            "FITCOACH_DATA_DIR": str(seeded.data_dir),
            "FITCOACH_LOG_LEVEL": "WARNING",
        }
        say("starting the servers")
        bare = start_server("bare", env, directory, "/ping")
        try:
            app = start_server("fitcoach", env, directory, "/health")
        except BaseException:
            stop_server(bare)
            raise
        headers = {"Authorization": f"Bearer {seeded.token}"}
        try:
            measured: dict[str, list[Run]] = {}
            targets = [(BASELINE, bare.url, Endpoint(BASELINE, "GET", "/ping"))] + [
                (e.label, app.url, e) for e in endpoints(seeded.athlete_id)
            ]
            for round_ in range(repeat):
                for label, url, endpoint in targets:
                    say(f"round {round_ + 1}/{repeat}: {label}")
                    measured.setdefault(label, []).append(
                        drive(
                            url,
                            endpoint,
                            headers,
                            clients=clients,
                            warmup_s=warmup_s,
                            duration_s=duration_s,
                        )
                    )
        finally:
            stop_server(app)
            stop_server(bare)

    picked = [(label, _repeat_median(runs)) for label, runs in measured.items()]
    base = picked[0][1]
    if base.requests == 0 or base.errors:
        raise BenchmarkError(f"the bare endpoint failed: {dict(base.errors)}")
    console.print(results_table(picked, base, clients, duration_s))
    for label, run in picked:
        for kind, count in run.errors.most_common():
            console.print(f"[red]{label}: {count} × {kind}[/red]", highlight=False)
    results = []
    for label, run in picked[1:]:
        errors = sum(run.errors.values())
        results.append(
            Result(
                name=f"api {label}",
                figure=run.rps,
                unit="req/s",
                baseline=base.rps,
                ratio=run.rps / base.rps,
                notes=(
                    f"{clients} clients; p50 {run.ms(50):.1f} ms, p95 {run.ms(95):.1f} ms "
                    f"(bare p50 {base.ms(50):.1f} ms); {errors} errors; client on the same cores"
                ),
                baseline_name=BASELINE,
                group=NAME,
                samples=[r.rps for r in measured[label]],
                baseline_samples=[r.rps for r in measured[BASELINE]],
                extra={
                    "requests": run.requests,
                    "seconds": duration_s,
                    "clients": clients,
                    "p50_ms": run.ms(50),
                    "p95_ms": run.ms(95),
                    "errors": errors,
                    "error_kinds": dict(run.errors),
                    "baseline_requests": base.requests,
                    "baseline_p50_ms": base.ms(50),
                    "baseline_p95_ms": base.ms(95),
                    "repeats": len(measured[label]),
                },
            )
        )
    return results


def main(args: BenchArgs) -> list[Result]:
    """Seconds per endpoint: 5 (``--quick``: 1); ``--repeat`` runs every endpoint N times and
    reports the run with the median requests/s; ``--rows`` is not used."""
    return bench(
        duration_s=QUICK_DURATION_S if args.quick else DURATION_S,
        warmup_s=QUICK_WARMUP_S if args.quick else WARMUP_S,
        repeat=args.repeat or DEFAULT_REPEAT,
        progress=args.progress,
    )


if __name__ == "__main__":  # .venv/bin/python -m benchmarks.bench_api --seconds 10
    parser = argparse.ArgumentParser(prog="benchmarks/bench_api.py", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1 s per endpoint")
    parser.add_argument("--seconds", type=float, help=f"seconds per endpoint ({DURATION_S:g})")
    parser.add_argument("--warmup", type=float, help=f"warm-up seconds ({WARMUP_S:g})")
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT)
    parser.add_argument("--clients", type=int, default=CLIENTS)
    opts = parser.parse_args()
    bench(
        duration_s=opts.seconds or (QUICK_DURATION_S if opts.quick else DURATION_S),
        warmup_s=opts.warmup or (QUICK_WARMUP_S if opts.quick else WARMUP_S),
        repeat=opts.repeat,
        clients=opts.clients,
        progress=lambda m: print(f"[{NAME}] {m}", file=sys.stderr),
    )
