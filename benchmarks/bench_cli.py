"""The common commands a person types, start to finish, beside ``python -c pass``.

Setup (not timed): a temporary SQLite file, migrated, with the exercise library, the demo
athlete (``seed_demo``, 6 weeks of training, readings and meals), a password and a plan, as
``make run`` leaves them. Each command is the installed console script's code in a fresh
``python`` process (``from fitcoach.cli import app; app()``) with the arguments below and
``FITCOACH_LOG_LEVEL=WARNING``; it must exit 0. Each runs once untimed (bytecode caches, the
parsed-YAML cache: an installed package has them), then ``repeat`` times, every command and the
baseline in turn within a round (the first one rotating), so that a change in the machine's
load falls on all of them.

Figures are medians of wall time; ratio = command / ``python -c pass`` (the interpreter alone).
Beside each: the median CPU time (user + system) of the process, which a machine shared with
other work inflates far less than the wall time, and how many modules the command has imported
when it exits (one more, untimed run), which no other work moves. Goal: every one
under 1 s on a quiet machine.

A second row per command puts its median CPU time beside the median CPU time of a plain
Python loop of 10 million additions (``LOOP``, its own fresh process, run in the same rounds):
a yardstick of the machine's speed that moves with it, so the ratio can be compared between
machines. Goal: the commands people type daily (``DAILY``) at ≤ 0.5 of the loop.

Rows ``imports: ...`` put beside the same loop the CPU time of importing, with the collector
off as a command runs, what every daily command imports before it does any work, one layer
more each (``IMPORT_LAYERS``): the command line alone (Typer, rich), the settings
(pydantic-settings), SQLAlchemy Core, the ORM with the mapped models, the service context
(access scope, audit). A command cannot cost less than the layers it imports, so these rows say
which layers a command may import and still meet the goal. Each daily command's
``· CPU ÷ loop`` row says how much of its time the last layer is (the imports every command that
opens the database makes, ``FLOOR_LAYER``) and how much is left for its own imports and work.

Rows ``· warm`` run each daily command through the warm process (``fitcoach warm``, started
once before the rounds in a private temporary runtime directory): the console script's launcher
(``fitcoach.launcher``, a fresh process) hands the command to the warm process, which forks a
child that runs it. Their CPU time counts all three processes: the launcher's (as every row's,
from this process's children), the forked child's (``os.wait4`` in the warm process, which the
launcher writes to ``FITCOACH_WARM_STATS``) and the warm process's own share (its CPU time over
the rounds, from ``/proc``, ÷ the commands it ran: the handshake, the fork, the reaping). Beside
the loop's CPU from the same rounds, with the cold (in-process) figure of the same command.

Row ``warm process: its start`` is the warm process's CPU time from its start to its first
answer (the interpreter, ``PRELOAD``'s imports, ``gc.freeze``): what a daily command that finds
none starts in the background (``launcher.start_warm``), once per idle period, beside the loop.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.bench_startup import CLI_ENTRY, Run, Runs, _cpu_of, alternate, run_command
from benchmarks.common import BenchArgs, Result

NAME = "cli"
DEFAULT_REPEAT = 7
QUICK_REPEAT = 2
GOAL_S = 1.0
LOOP_GOAL = 0.5  # a daily command's CPU time ÷ the loop's
LOOP = "s = 0\nfor i in range(10_000_000):\n    s += i"
LOOP_NAME = "10-million-addition loop"
PASSWORD = "benchmark password"
EMAIL = "demo@fitcoach.local"

# What a person types day to day (the check-in is ``log daily``; it writes the day's row, the
# same row again on every repeat).
COMMANDS: dict[str, list[str]] = {
    "fitcoach --help": ["--help"],
    "fitcoach import --help": ["import", "--help"],
    "fitcoach plan today": ["plan", "today", "-a", EMAIL],
    "fitcoach plan show": ["plan", "show", "-a", EMAIL],
    "fitcoach athlete show": ["athlete", "show", "-a", EMAIL],
    "fitcoach log daily (check-in)": [
        "log",
        "daily",
        "-a",
        EMAIL,
        "--sleep",
        "7.5h",
        "--mood",
        "4",
    ],
    "fitcoach readiness": ["readiness", "-a", EMAIL],
    "fitcoach records": ["records", "-a", EMAIL],
    "fitcoach log workout": ["log", "workout", "-a", EMAIL, "-s", "squat 3x5@100kg rir2"],
    "fitcoach load": ["load", "-a", EMAIL],
    "fitcoach nutrition targets": ["nutrition", "targets", "-a", EMAIL],
}
# What a daily command imports before its own work, one layer more each row (``python -c``, the
# collector off as ``cli.common.pause_collector`` has it for a command).
_CLI_LAYER = "import fitcoach.cli, fitcoach.cli.common, rich.table, rich.tree"
IMPORT_LAYERS: dict[str, str] = {
    "imports: the command line (Typer, rich)": _CLI_LAYER,
    "imports: + settings (pydantic-settings)": f"{_CLI_LAYER}, fitcoach.core.settings",
    "imports: + SQLAlchemy Core": f"{_CLI_LAYER}, fitcoach.core.settings, sqlalchemy",
    "imports: + the ORM and the mapped models": f"{_CLI_LAYER}, fitcoach.storage.models",
    "imports: + the service context (scope, audit)": f"{_CLI_LAYER}, fitcoach.services.context",
}
# The layer every daily command that opens the database imports before its own work: a floor
# its CPU time cannot go under (``· CPU ÷ loop`` rows split a command's time at it).
FLOOR_LAYER = "imports: + the service context (scope, audit)"
COLLECTOR_OFF = "import gc; gc.disable(); "
# The console script as installed (``[project.scripts]``): the launcher.
WARM_ENTRY = (
    "import sys; from fitcoach.launcher import main; sys.argv[0] = 'fitcoach'; sys.exit(main())"
)
WARM_SUFFIX = " · warm"
WARM_START = "warm process: its start"

# What people type day to day: held to ``LOOP_GOAL`` of the loop's CPU time.
DAILY = (
    "fitcoach --help",
    "fitcoach plan today",
    "fitcoach readiness",
    "fitcoach records",
    "fitcoach log workout",
    "fitcoach log daily (check-in)",
)


def seed(directory: Path) -> tuple[str, int]:
    """A migrated SQLite file under ``directory`` with the demo athlete, their password and a
    plan: its URL and the athlete's id."""
    from fitcoach.core.clock import SystemClock
    from fitcoach.pipelines.demo import seed_demo
    from fitcoach.services import accounts, plans
    from fitcoach.services.context import ServiceContext
    from fitcoach.services.exercises import load_library
    from fitcoach.storage import migrate
    from fitcoach.storage.access import Subject
    from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work

    url = f"sqlite:///{directory / 'fitcoach.sqlite3'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with unit_of_work(make_session_factory(engine)) as session:
        ctx = ServiceContext(session=session, subject=Subject.system(), clock=SystemClock())
        load_library(ctx)
        demo = seed_demo(ctx, weeks=6)
        accounts.set_password(ctx, accounts.account_for(ctx, demo.email).id, PASSWORD)
        plans.generate(ctx, demo.athlete_id)
    engine.dispose()
    return url, demo.athlete_id


# The console script's code, saying at exit how many modules the command imported.
COUNT_ENTRY = (
    "import atexit, sys; "
    "atexit.register(lambda: print(f'modules imported: {len(sys.modules)}', file=sys.stderr)); "
    + CLI_ENTRY
)


def modules_imported(argv: list[str], env: dict[str, str]) -> int:
    """How many modules ``fitcoach argv`` has imported when it exits (``sys.modules``)."""
    done = subprocess.run(
        [sys.executable, "-c", COUNT_ENTRY, *argv],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if done.returncode != 0:
        raise RuntimeError(f"fitcoach {' '.join(argv)} exited {done.returncode}: {done.stderr}")
    prefix = "modules imported: "
    counts = [line for line in done.stderr.splitlines() if line.startswith(prefix)]
    return int(counts[-1].removeprefix(prefix))


def environment(url: str, directory: Path) -> dict[str, str]:
    """This process's environment with fitcoach pointed at ``url`` (bytecode written)."""
    env = {
        **os.environ,
        "FITCOACH_DATABASE_URL": url,
        "FITCOACH_DATA_DIR": str(directory),
        "FITCOACH_LOG_LEVEL": "WARNING",
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode
    return env


def _command(argv: list[str], env: dict[str, str]) -> Callable[[], Run]:
    return lambda: run_command(["-c", CLI_ENTRY, *argv], env)


def _imports(code: str, env: dict[str, str]) -> Callable[[], Run]:
    return lambda: run_command(["-c", COLLECTOR_OFF + code], env)


def _cpu(runs: Runs) -> float | None:
    return None if runs.cpu is None else runs.cpu.median


class WarmProcess:
    """The warm process, started for the rounds in its own runtime directory; each command
    through it is timed as the launcher's process plus the child it ran in (``children_cpu``)."""

    def __init__(self, env: dict[str, str], root: Path) -> None:
        # A short directory: a Unix socket's path holds at most 107 bytes.
        self.runtime = Path(tempfile.mkdtemp(prefix="fcw-"))
        self.stats = root / "warm-stats"
        self.env = {
            **env,
            "XDG_RUNTIME_DIR": str(self.runtime),
            "FITCOACH_WARM_STATS": str(self.stats),
            # This one, started below; none started on demand by a command.
            "FITCOACH_WARM": "manual",
        }
        self.children_cpu: dict[str, list[float]] = {}
        self.commands = 0
        self.pid = 0
        self.start_cpu: float | None = None

    def start(self) -> None:
        from fitcoach import warm

        done = subprocess.run(
            [sys.executable, "-c", WARM_ENTRY, "warm", "--idle-minutes", "60"],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        answer = warm.request(b"ping", str(self.runtime / "fitcoach"))
        if done.returncode != 0 or answer is None:
            raise RuntimeError(f"fitcoach warm did not start: {done.stdout}{done.stderr}")
        self.pid = int(answer.split()[-1])
        self.start_cpu = _cpu_of(self.pid)

    def stop(self) -> float | None:
        """Stop it: its CPU seconds per command it ran (None where unknown)."""
        end = _cpu_of(self.pid)
        subprocess.run(
            [sys.executable, "-c", WARM_ENTRY, "warm", "--stop"],
            env=self.env,
            capture_output=True,
            check=False,
            timeout=60,
        )
        shutil.rmtree(self.runtime, ignore_errors=True)
        if end is None or self.start_cpu is None or not self.commands:
            return None
        return (end - self.start_cpu) / self.commands

    def path(self, name: str, argv: list[str]) -> Callable[[], Run]:
        def run() -> Run:
            before = self._lines()
            launched = run_command(["-c", WARM_ENTRY, *argv], self.env)
            lines = self._lines()
            if len(lines) != len(before) + 1:
                raise RuntimeError(f"{name} did not run in the warm process")
            child = float(lines[-1].split()[0])
            self.children_cpu.setdefault(name, []).append(child)
            self.commands += 1
            cpu = None if launched.cpu_s is None else launched.cpu_s + child
            return Run(launched.wall_s, cpu)

        return run

    def _lines(self) -> list[str]:
        return self.stats.read_text().splitlines() if self.stats.exists() else []


def main(args: BenchArgs) -> list[Result]:
    times = args.repeat or (QUICK_REPEAT if args.quick else DEFAULT_REPEAT)
    with tempfile.TemporaryDirectory(prefix="fitcoach-bench-cli-") as tmp:
        root = Path(tmp)
        args.progress("seeding the demo athlete")
        env = environment(seed(root)[0], root)
        paths: dict[str, Callable[[], Run]] = {
            "python -c pass": lambda: run_command(["-c", "pass"], env),
            LOOP_NAME: lambda: run_command(["-c", LOOP], env),
        }
        for name, argv in COMMANDS.items():
            paths[name] = _command(argv, env)
        for name, code in IMPORT_LAYERS.items():
            paths[name] = _imports(code, env)
        warm = WarmProcess(env, root)
        for name in DAILY:
            paths[name + WARM_SUFFIX] = warm.path(name, COMMANDS[name])
        args.progress(
            f"{len(COMMANDS)} commands, {len(DAILY)} through the warm process, "
            f"{len(IMPORT_LAYERS)} import layers and python -c pass, {times} times each"
        )
        warm.start()
        try:
            timings = alternate(paths, times, warmup=args.warmup)
        finally:
            warm_share = warm.stop()
        modules = {name: modules_imported(argv, env) for name, argv in COMMANDS.items()}
    base = timings["python -c pass"]
    loop_cpu = _cpu(timings[LOOP_NAME])
    results = []
    for name in COMMANDS:
        got = timings[name]
        wall, cpu = got.wall.median, _cpu(got)
        measured = "" if cpu is None else f"; CPU {cpu:.3f} s"
        measured += f"; {modules[name]} modules"
        results.append(
            Result(
                name=name,
                figure=wall,
                unit="s",
                baseline=base.wall.median,
                ratio=wall / base.wall.median,
                notes=f"goal < {GOAL_S:g} s: {'met' if wall < GOAL_S else 'NOT met'}{measured}",
                baseline_name="python -c pass",
                group=NAME,
                samples=list(got.wall.samples),
                baseline_samples=list(base.wall.samples),
                extra={
                    "repeats": times,
                    "argv": COMMANDS[name],
                    "p95_s": got.wall.p95,
                    "cpu_s": cpu,
                    "baseline_cpu_s": _cpu(base),
                    "modules": modules[name],
                    "load_average": os.getloadavg(),
                },
            )
        )
        if name in DAILY and cpu is not None and loop_cpu:
            ratio = cpu / loop_cpu
            floor = _floor(name, timings)
            results.append(
                Result(
                    name=f"{name} · CPU ÷ loop",
                    figure=cpu,
                    unit="s CPU",
                    baseline=loop_cpu,
                    ratio=ratio,
                    notes=f"goal ≤ {LOOP_GOAL:g} of the loop: "
                    f"{'met' if ratio <= LOOP_GOAL else 'NOT met'}{_floor_note(cpu, floor, loop_cpu)}"
                    # Which runs take this figure: the `· warm` row is everyone else's.
                    "; in process, as where no warm process answers (no server running, no "
                    "`fitcoach warm enable`, the first command of an idle period)",
                    baseline_name=f"{LOOP_NAME} (CPU)",
                    group=NAME,
                    samples=list(got.cpu.samples) if got.cpu else [],
                    baseline_samples=list(timings[LOOP_NAME].cpu.samples)
                    if timings[LOOP_NAME].cpu
                    else [],
                    extra={"load_average": os.getloadavg(), "import_floor_cpu_s": floor},
                )
            )
    results.extend(_layers(timings, loop_cpu))
    results.extend(_warm_rows(timings, loop_cpu, warm, warm_share))
    if warm.start_cpu is not None and loop_cpu:
        results.append(
            Result(
                name=WARM_START,
                figure=warm.start_cpu,
                unit="s CPU (warm start)",
                baseline=loop_cpu,
                ratio=warm.start_cpu / loop_cpu,
                notes="the warm process from its start to its first answer: in the background, "
                "once per idle period (a daily command that finds none starts it and runs in "
                "process itself)",
                baseline_name=f"{LOOP_NAME} (CPU)",
                group=NAME,
                extra={"load_average": os.getloadavg()},
            )
        )
    return results


def _warm_rows(
    timings: dict[str, Runs], loop_cpu: float | None, warm: WarmProcess, share: float | None
) -> list[Result]:
    """Each daily command through the warm process beside the loop: the launcher's CPU plus
    the child's (the median of their sums) plus the warm process's share per command."""
    rows = []
    loop = timings[LOOP_NAME]
    for name in DAILY:
        got = timings[name + WARM_SUFFIX]
        if got.cpu is None or loop.cpu is None or not loop_cpu:
            continue
        children = warm.children_cpu[name][-len(got.cpu.samples) :]
        child = statistics.median(children)
        both = got.cpu.median
        cpu = both + (share or 0.0)
        ratio = cpu / loop_cpu
        cold = _cpu(timings[name])
        cold_note = "" if cold is None else f"; in process {cold:.3f} s ({cold / loop_cpu:.2f})"
        share_note = "unknown" if share is None else f"{share:.4f} s"
        rows.append(
            Result(
                name=name + WARM_SUFFIX,
                figure=cpu,
                unit="s CPU (warm)",
                baseline=loop_cpu,
                ratio=ratio,
                notes=f"goal ≤ {LOOP_GOAL:g} of the loop: {'met' if ratio <= LOOP_GOAL else 'NOT met'}"
                f"; launcher + child {both:.3f} s (child {child:.3f} s) + the warm process's "
                f"share {share_note}{cold_note}; wall {got.wall.median:.3f} s",
                baseline_name=f"{LOOP_NAME} (CPU)",
                group=NAME,
                samples=list(got.cpu.samples),
                baseline_samples=list(loop.cpu.samples),
                extra={
                    "argv": COMMANDS[name],
                    "launcher_and_child_cpu_s": both,
                    "child_cpu_s": child,
                    "child_cpu_samples": children,
                    "warm_process_share_cpu_s": share,
                    "cold_cpu_s": cold,
                    "wall_s": got.wall.median,
                    "load_average": os.getloadavg(),
                },
            )
        )
    return rows


def _floor(name: str, timings: dict[str, Runs]) -> float | None:
    """The median CPU time of the imports every command that opens the database makes
    (``FLOOR_LAYER``, measured in the same rounds); None for ``--help``, which makes none of
    them, or where CPU time is not known."""
    layer = timings[FLOOR_LAYER].cpu
    return None if name == "fitcoach --help" or layer is None else layer.median


def _floor_note(cpu: float, floor: float | None, loop_cpu: float) -> str:
    """A command's CPU time split at ``floor``: those imports, then its own imports and work."""
    if floor is None:
        return ""
    return (
        f"; of which the imports every database command makes {floor:.3f} s "
        f"({floor / loop_cpu:.2f} of the loop), the command's own imports and work "
        f"{cpu - floor:+.3f} s"
    )


def _layers(timings: dict[str, Runs], loop_cpu: float | None) -> list[Result]:
    """The import layers' CPU times beside the loop's (none where CPU time is not known)."""
    rows = []
    loop = timings[LOOP_NAME]
    for name in IMPORT_LAYERS:
        cpu_runs = timings[name].cpu
        if cpu_runs is None or loop.cpu is None or not loop_cpu:
            continue
        cpu = cpu_runs.median
        ratio = cpu / loop_cpu
        rows.append(
            Result(
                name=name,
                figure=cpu,
                unit="s CPU (imports)",
                baseline=loop_cpu,
                ratio=ratio,
                notes=f"a daily command importing this much: "
                f"{'can' if ratio <= LOOP_GOAL else 'cannot'} meet ≤ {LOOP_GOAL:g} of the loop",
                baseline_name=f"{LOOP_NAME} (CPU)",
                group=NAME,
                samples=list(cpu_runs.samples),
                baseline_samples=list(loop.cpu.samples),
                extra={"code": COLLECTOR_OFF + IMPORT_LAYERS[name]},
            )
        )
    return rows


if __name__ == "__main__":
    for result in main(BenchArgs(progress=lambda m: print(m, file=sys.stderr))):
        # Each figure beside its baseline from the same run (the loop's CPU seconds for the
        # "CPU ÷ loop" and import rows), then the ratio.
        print(
            f"{result.name}: {result.figure:.3f} {result.unit}; {result.baseline_name} "
            f"{result.baseline:.3f} s; ratio {result.ratio:.2f} ({result.notes})"
        )
