"""Start-up time: ``fitcoach --help`` and ``fitcoach serve`` to its first answer on ``/health``,
each beside a floor measured the same way in the same run.

- **CLI**: wall time of a fresh ``python`` process running the console script's code
  (``from fitcoach.cli import app; app()``) with ``--help``, beside ``python -c "import typer"``
  (the ratio's baseline), ``python -c pass`` (the interpreter alone) and a one-command Typer
  app's ``--help`` (import, build and render; what any Typer CLI pays).
- **Server**: from starting ``fitcoach serve --port P`` (a migrated, empty SQLite file under a
  temporary data directory; ``FITCOACH_LOG_LEVEL=WARNING``) to the first ``200`` from
  ``GET /health``, beside a bare FastAPI app with one ``GET /health`` started by the same
  ``uvicorn.run`` call in a fresh process and probed the same way (a new connection every
  5 ms until one answers).

Each path runs once untimed first (so that every module has its cached bytecode, as an
installed package has: ``PYTHONDONTWRITEBYTECODE`` is dropped for the run), then ``repeat``
times, the paths alternating within a repeat so that a change in the machine's load falls on
both; figures are medians of wall time. Beside each wall time the benchmark keeps the process's
CPU time (user + system; for a server, read from ``/proc`` at its first answer), which a busy
machine inflates far less than the wall time: on a shared machine compare those. Every
subprocess inherits this process's environment otherwise (so ``PYTHONPATH=src`` measures a
worktree's code).
"""

from __future__ import annotations

import http.client
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import BenchArgs, BenchmarkError, Result, Timing

NAME = "startup"
DEFAULT_CLI_REPEAT = 10
DEFAULT_SERVER_REPEAT = 5
QUICK_CLI_REPEAT = 3
QUICK_SERVER_REPEAT = 2
START_TIMEOUT_S = 60.0
PROBE_INTERVAL_S = 0.005
CLI_GOAL_S = 0.3
SERVER_GOAL_S = 1.5

# What the installed ``fitcoach`` console script runs in process (pyproject: fitcoach =
# "fitcoach.launcher:main", which runs this when no warm process answers, after a look for one:
# the launcher's import and two stats, about 0.5 ms of CPU, not counted here).
CLI_ENTRY = "import sys; from fitcoach.cli import app; sys.argv[0] = 'fitcoach'; sys.exit(app())"

BARE_TYPER = """
import typer
app = typer.Typer(help="A bare Typer app.")

@app.command()
def hello(name: str = typer.Option("world", help="Who to greet.")) -> None:
    \"\"\"Say hello.\"\"\"

@app.command()
def bye() -> None:
    \"\"\"Say goodbye.\"\"\"

app()
"""

# ``fitcoach serve`` calls ``uvicorn.run(app, host=..., port=..., log_level=...,
# timeout_graceful_shutdown=5, proxy_headers=False)``; the bare app is served the same way.
BARE_SERVER = """
import sys, uvicorn
from fastapi import FastAPI
app = FastAPI()

@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}

uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning",
            timeout_graceful_shutdown=5, proxy_headers=False)
"""


@dataclass(frozen=True)
class Run:
    """One start: wall seconds, and the process's CPU seconds (None where unknown)."""

    wall_s: float
    cpu_s: float | None


def run_command(args: list[str], env: dict[str, str]) -> Run:
    """A fresh ``python`` process running ``args`` to its end (exit 0 required)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, check=False, timeout=120
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise BenchmarkError(
            f"{args[:2]} exited with {done.returncode}: {done.stderr.decode()[-2000:]}"
        )
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(seconds, cpu)


def _cpu_of(pid: int) -> float | None:
    """User + system CPU seconds of a running process, from ``/proc`` (None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime (fields 14 and 15)


def check_help(env: dict[str, str]) -> None:
    """``fitcoach --help`` lists its commands (the benchmark times real help, not an error)."""
    done = subprocess.run(
        [sys.executable, "-c", CLI_ENTRY, "--help"],
        env={**env, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if done.returncode != 0 or not all(c in done.stdout for c in (" serve ", " plan ", " db ")):
        raise BenchmarkError(f"fitcoach --help did not list the commands: {done.stderr[-2000:]}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _answers(port: int) -> bool:
    """Whether ``GET /health`` on ``port`` answers 200 now (False while nothing listens)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", "/health")
        return conn.getresponse().status == 200
    except OSError:  # refused, reset or closed while the server starts
        return False
    finally:
        conn.close()


def time_to_first_answer(args: list[str], env: dict[str, str], port: int, log: Path) -> Run:
    """From starting ``python args`` to its first ``200`` on ``/health``; then stops it."""
    with log.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, *args], env=env, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            while True:
                if _answers(port):
                    seconds = time.perf_counter() - start
                    cpu = _cpu_of(process.pid)
                    break
                if process.poll() is not None:
                    raise BenchmarkError(f"{args[:2]} exited: {log.read_text()[-2000:]}")
                if time.perf_counter() - start > START_TIMEOUT_S:
                    raise BenchmarkError(f"no answer on /health within {START_TIMEOUT_S:.0f} s")
                time.sleep(PROBE_INTERVAL_S)
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    return Run(seconds, cpu)


@dataclass(frozen=True)
class Runs:
    wall: Timing
    cpu: Timing | None  # None where the CPU time could not be read


def alternate(
    paths: dict[str, Callable[[], Run]], times: int, *, warmup: bool = True
) -> dict[str, Runs]:
    """Run each path once untimed (bytecode caches; unless ``warmup`` is off), then ``times``
    times, in turn within each round (the first path rotating)."""
    names = list(paths)
    for name in names if warmup else []:
        paths[name]()
    runs: dict[str, list[Run]] = {name: [] for name in names}
    for round_ in range(times):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            runs[name].append(paths[name]())
    out = {}
    for name, got in runs.items():
        cpu = [r.cpu_s for r in got if r.cpu_s is not None]
        out[name] = Runs(
            Timing(tuple(r.wall_s for r in got)),
            Timing(tuple(cpu)) if len(cpu) == len(got) else None,
        )
    return out


def _cpu(runs: Runs) -> float | None:
    return None if runs.cpu is None else runs.cpu.median


def _cpu_note(figure: Runs, base: Runs) -> str:
    f, b = _cpu(figure), _cpu(base)
    if f is None or b is None:
        return ""
    return f"; CPU {f:.3f} s beside {b:.3f} s (ratio {f / b:.2f})"


def _goal(figure: float, goal: float) -> str:
    return f"goal < {goal} s: {'met' if figure < goal else 'NOT met'}"


def bench_cli(env: dict[str, str], times: int, *, warmup: bool = True) -> Result:
    check_help(env)
    timings = alternate(
        {
            "fitcoach --help": lambda: run_command(["-c", CLI_ENTRY, "--help"], env),
            "import typer": lambda: run_command(["-c", "import typer"], env),
            "pass": lambda: run_command(["-c", "pass"], env),
            "bare Typer --help": lambda: run_command(["-c", BARE_TYPER, "--help"], env),
        },
        times,
        warmup=warmup,
    )
    figure, base = timings["fitcoach --help"], timings["import typer"]
    bare = timings["bare Typer --help"]
    return Result(
        name="fitcoach --help",
        figure=figure.wall.median,
        unit="s",
        baseline=base.wall.median,
        ratio=figure.wall.median / base.wall.median,
        notes=f"{_goal(figure.wall.median, CLI_GOAL_S)}; python -c pass "
        f"{timings['pass'].wall.median:.3f} s, a bare Typer app's --help "
        f"{bare.wall.median:.3f} s{_cpu_note(figure, bare)}",
        baseline_name='python -c "import typer"',
        group=NAME,
        samples=list(figure.wall.samples),
        baseline_samples=list(base.wall.samples),
        extra={
            "repeats": times,
            "p95_s": figure.wall.p95,
            "cpu_s": _cpu(figure),
            "baseline_cpu_s": _cpu(base),
            "python_pass_s": timings["pass"].wall.median,
            "python_pass_cpu_s": _cpu(timings["pass"]),
            "bare_typer_help_s": bare.wall.median,
            "bare_typer_help_cpu_s": _cpu(bare),
        },
    )


def bench_server(env: dict[str, str], logs: Path, times: int, *, warmup: bool = True) -> Result:
    def fitcoach_serve() -> float:
        port = free_port()
        args = ["-c", CLI_ENTRY, "serve", "--host", "127.0.0.1", "--port", str(port)]
        return time_to_first_answer(args, env, port, logs / "fitcoach.log")

    def bare() -> float:
        port = free_port()
        return time_to_first_answer(["-c", BARE_SERVER, str(port)], env, port, logs / "bare.log")

    timings = alternate({"fitcoach": fitcoach_serve, "bare": bare}, times, warmup=warmup)
    figure, base = timings["fitcoach"], timings["bare"]
    return Result(
        name="fitcoach serve → first /health",
        figure=figure.wall.median,
        unit="s",
        baseline=base.wall.median,
        ratio=figure.wall.median / base.wall.median,
        notes=_goal(figure.wall.median, SERVER_GOAL_S) + _cpu_note(figure, base),
        baseline_name="bare FastAPI /health, uvicorn.run",
        group=NAME,
        samples=list(figure.wall.samples),
        baseline_samples=list(base.wall.samples),
        extra={
            "repeats": times,
            "p95_s": figure.wall.p95,
            "cpu_s": _cpu(figure),
            "baseline_cpu_s": _cpu(base),
        },
    )


def main(args: BenchArgs) -> list[Result]:
    from fitcoach.storage import migrate  # alembic: only the set-up needs it

    cli_times = args.repeat or (QUICK_CLI_REPEAT if args.quick else DEFAULT_CLI_REPEAT)
    server_times = args.repeat or (QUICK_SERVER_REPEAT if args.quick else DEFAULT_SERVER_REPEAT)
    with tempfile.TemporaryDirectory(prefix="fitcoach-bench-startup-") as tmp:
        root = Path(tmp)
        url = f"sqlite:///{root / 'fitcoach.db'}"
        args.progress("migrating a temporary SQLite database")
        migrate.upgrade(url)
        env = {
            **os.environ,
            "FITCOACH_DATABASE_URL": url,
            "FITCOACH_DATA_DIR": str(root),
            "FITCOACH_LOG_LEVEL": "WARNING",
        }
        env.pop("FITCOACH_TELEGRAM_WEBHOOK_URL", None)  # serve alone, no bot
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode
        args.progress(f"fitcoach --help and its floors, {cli_times} times each")
        cli = bench_cli(env, cli_times, warmup=args.warmup)
        args.progress(f"fitcoach serve and a bare FastAPI app to /health, {server_times} times")
        server = bench_server(env, root, server_times, warmup=args.warmup)
    return [cli, server]


if __name__ == "__main__":
    from benchmarks.common import BenchArgs as _Args

    for result in main(_Args(progress=lambda m: print(m, file=sys.stderr))):
        print(
            f"{result.name}: {result.figure:.3f} s beside {result.baseline:.3f} s "
            f"({result.baseline_name}); ratio {result.ratio:.2f}; {result.notes}"
        )
