"""A squad's season through ``fitcoach ml score``, beside pandas merely reading the same CSV.

The sheet (generated once, seeded): **50 players × 730 days** (two seasons), one row per
player-day, 36,500 rows: session RPE and minutes (rest days 0 and 0), sleep hours, the five
wellness items on 1-5, resting HR for 3 players in 5 and HRV for 1 in 5, about 3 % of the
wellness cells ``NA`` (what R writes) and 2 % blank: a clean team sheet as a coach exports it.
``--quick`` and ``--rows`` use fewer players (730 days each).

Figures (medians of ``repeat`` runs, the paths alternating; ratio = fitcoach / baseline):

- **rows/s, scoring**: ``fitcoach.ml.squad.score_file(path)`` in this process (read, merge,
  every athlete-day scored: readiness, ACWR, monotony, strain, the load rule; the experimental
  risk model is not asked for, as the command's default) beside ``pandas.read_csv(path)``. The
  time ``analysis.readiness.readiness_days`` takes inside it, and the CPU time (which a machine
  shared with other work inflates far less than the wall time), are reported beside.
- **rows/s, the command**: ``fitcoach ml score SHEET --json`` in a fresh process, start-up and
  the JSON written to /dev/null included, beside a fresh ``python -c "import pandas;
  pandas.read_csv(SHEET)"``.
- **peak memory**: the peak resident set (``VmHWM``, read by the process itself at exit) of
  those two processes, MB.
- **start-up**: ``fitcoach ml score`` on a 3-row sheet in a fresh process (imports, the risk
  model's gate, scoring three rows, the table) beside ``python -c "import pandas"``.

Beside every wall time the CPU time (user + system) is kept: a machine shared with other work
inflates it far less than the wall time. Goals: ≥ 5,000 rows/s, ≤ 500 MB, start-up ≤ 2 s.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from benchmarks.bench_startup import CLI_ENTRY
from benchmarks.common import BenchArgs, BenchmarkError, Result, Timing, rate_result, timed

if TYPE_CHECKING:
    from fitcoach.ml.squad import SheetResult

Progress = Callable[[str], None]

NAME = "squad"
DAYS = 730
DEFAULT_PLAYERS = 50
QUICK_PLAYERS = 5
DEFAULT_REPEAT = 3
SEED = 20_261_128
FIRST_DAY = date(2024, 7, 1)
GOAL_RATE = 5_000.0
GOAL_MB = 500.0
GOAL_START_S = 2.0
TINY = "athlete,date,srpe,minutes,sleep_h,fatigue,mood\nana,2026-03-02,6,60,7.5,4,4\n" + (
    "ana,2026-03-03,0,0,8.0,4,5\nben,2026-03-02,5,45,7.0,3,3\n"
)


def write_sheet(path: Path, players: int, *, seed: int = SEED) -> int:
    """The season's sheet (see the module's description); the rows written."""
    rng = np.random.default_rng(seed)
    lines = [
        "athlete,date,srpe,minutes,sleep_h,resting_hr,hrv,fatigue,mood,soreness,stress,"
        "sleep_quality"
    ]
    days = [(FIRST_DAY + timedelta(days=d)).isoformat() for d in range(DAYS)]
    for p in range(players):
        has_rhr, has_hrv = rng.random() < 0.6, rng.random() < 0.2
        base_rhr, base_hrv = rng.integers(44, 60), rng.normal(70, 15)
        rest = rng.random(DAYS) < 0.25
        rpe = rng.integers(3, 10, DAYS)
        minutes = rng.integers(30, 120, DAYS)
        sleep = rng.normal(7.4, 0.7, DAYS)
        items = rng.integers(1, 6, (DAYS, 5)).astype(str).astype(object)
        cells = rng.random((DAYS, 5))
        items[cells < 0.03] = "NA"
        items[(cells >= 0.03) & (cells < 0.05)] = ""
        rhr = base_rhr + rng.integers(-3, 4, DAYS)
        hrv = base_hrv * np.exp(rng.normal(0, 0.12, DAYS))
        for d in range(DAYS):
            load = "0,0" if rest[d] else f"{rpe[d]},{minutes[d]}"
            lines.append(
                f"player{p:02d},{days[d]},{load},{sleep[d]:.1f},"
                f"{rhr[d] if has_rhr else ''},{f'{hrv[d]:.0f}' if has_hrv else ''},"
                + ",".join(items[d])
            )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return players * DAYS


@dataclass(frozen=True)
class Process:
    """A fresh process run to its end: wall seconds, CPU seconds (user + system) and its peak
    resident set (MB)."""

    wall_s: float
    cpu_s: float
    peak_mb: float


# Run first in every measured process: at exit it writes the process's peak resident set
# (VmHWM, KiB) to the file named by FITCOACH_BENCH_PEAK. The rusage a parent gets counts the
# pages a child shares with it until its exec: the parent's own size, not the command's.
PEAK = (
    "import atexit, os\n"
    "def _peak():\n"
    "    with open('/proc/self/status') as status:\n"
    "        kib = next(line for line in status if line.startswith('VmHWM')).split()[1]\n"
    "    with open(os.environ['FITCOACH_BENCH_PEAK'], 'w') as out:\n"
    "        out.write(kib)\n"
    "atexit.register(_peak)\n"
)


def run_process(args: list[str], env: dict[str, str], peak_file: Path) -> Process:
    """``python -c CODE ...`` in a fresh process, its output discarded; exit 0 required."""
    if args[0] != "-c":
        raise ValueError("run_process runs python -c CODE ...")
    peak_file.unlink(missing_ok=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK + args[1], *args[2:]],
        env={**env, "FITCOACH_BENCH_PEAK": str(peak_file)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
        timeout=600,
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise BenchmarkError(
            f"{args[:3]} exited with {done.returncode}: {done.stderr.decode()[-2000:]}"
        )
    return Process(seconds, cpu, int(peak_file.read_text()) / 1024)


def _check(result: SheetResult, rows: int) -> None:
    summary = result.summary()
    if (summary["rows_read"], summary["rows_used"], summary["rows_rejected"]) != (rows, rows, 0):
        raise BenchmarkError(f"the sheet did not score whole: {summary}")
    if summary["athlete_days"] != rows or summary["gap_days"] != 0:
        raise BenchmarkError(f"expected {rows} athlete-days without gaps: {summary}")


def bench_in_process(path: Path, rows: int, repeats: int, progress: Progress) -> Result:
    import pandas as pd

    from fitcoach.analysis import readiness
    from fitcoach.ml.squad import score, score_file

    spent: list[float] = []
    original = readiness.readiness_days

    def counted(*a: Any, **k: Any) -> Any:  # what readiness takes of the scoring
        start = time.perf_counter()
        out = original(*a, **k)
        spent[-1] += time.perf_counter() - start
        return out

    def fitcoach() -> None:
        spent.append(0.0)
        score.readiness_analysis.readiness_days = counted  # type: ignore[assignment]
        try:
            _check(score_file(path), rows)
        finally:
            score.readiness_analysis.readiness_days = original

    def baseline() -> None:
        if len(pd.read_csv(path)) != rows:
            raise BenchmarkError("pandas read another number of rows")

    samples: dict[str, list[float]] = {"fitcoach": [], "pandas": []}
    cpu: dict[str, list[float]] = {"fitcoach": [], "pandas": []}
    paths = {"fitcoach": fitcoach, "pandas": baseline}
    for r in range(repeats):
        for name in paths if r % 2 == 0 else reversed(list(paths)):
            progress(f"{rows:,} rows, {name} in process, run {r + 1}/{repeats}")
            before = time.process_time()
            samples[name].append(timed(paths[name])[0])
            cpu[name].append(time.process_time() - before)
    scored, read = Timing(tuple(samples["fitcoach"])), Timing(tuple(samples["pandas"]))
    share = float(np.median(spent)) / scored.median
    cpu_s = {name: float(np.median(v)) for name, v in cpu.items()}
    result = rate_result(
        f"score_file: a {rows // DAYS}-player, two-season sheet",
        rows,
        scored,
        read,
        baseline_name="pandas.read_csv",
        group=NAME,
        extra={
            "readiness_s": round(float(np.median(spent)), 3),
            "readiness_share": share,
            "cpu_s": cpu_s["fitcoach"],
            "baseline_cpu_s": cpu_s["pandas"],
        },
    )
    result.notes = (
        f"goal ≥ {GOAL_RATE:,.0f} rows/s; median {scored.median:.2f} s, of which readiness_days "
        f"{np.median(spent):.2f} s ({share:.0%}); CPU {cpu_s['fitcoach']:.2f} s "
        f"({rows / cpu_s['fitcoach']:,.0f} rows per CPU second); pandas.read_csv "
        f"{read.median:.3f} s"
    )
    return result


def bench_command(
    path: Path,
    tiny: Path,
    rows: int,
    repeats: int,
    env: dict[str, str],
    progress: Progress,
    *,
    warmup: bool = True,
) -> list[Result]:
    peak_file = path.with_name("peak.txt")
    command = ["-c", CLI_ENTRY, "ml", "score", str(path), "--json"]
    reading = ["-c", f"import pandas; pandas.read_csv({str(path)!r})"]
    start_up = ["-c", CLI_ENTRY, "ml", "score", str(tiny)]
    importing = ["-c", "import pandas"]
    runs: dict[str, list[Process]] = {"command": [], "read": [], "start": [], "import": []}
    paths = {"command": command, "read": reading, "start": start_up, "import": importing}
    for name, args in paths.items() if warmup else ():  # untimed: bytecode caches, as an
        progress(f"warming up: {name}")  # installed package has them
        run_process(args, env, peak_file)
    for r in range(repeats):
        order = list(paths) if r % 2 == 0 else list(reversed(paths))
        for name in order:
            progress(f"{name} in a fresh process, run {r + 1}/{repeats}")
            runs[name].append(run_process(paths[name], env, peak_file))

    def timing(name: str) -> Timing:
        return Timing(tuple(p.wall_s for p in runs[name]))

    def peak(name: str) -> float:
        return float(np.median([p.peak_mb for p in runs[name]]))

    def cpu(name: str) -> float:
        return float(np.median([p.cpu_s for p in runs[name]]))

    whole = rate_result(
        "fitcoach ml score --json (fresh process)",
        rows,
        timing("command"),
        timing("read"),
        baseline_name="python: import pandas; read_csv",
        group=NAME,
        notes=(
            f"start-up and the JSON included; median {timing('command').median:.2f} s, CPU "
            f"{cpu('command'):.2f} s ({rows / cpu('command'):,.0f} rows per CPU second; the "
            f"baseline {cpu('read'):.2f} s)"
        ),
        extra={"cpu_s": cpu("command"), "baseline_cpu_s": cpu("read")},
    )
    memory = Result(
        name="peak memory, fitcoach ml score --json",
        figure=peak("command"),
        unit="MB",
        baseline=peak("read"),
        ratio=peak("command") / peak("read"),
        baseline_name="python: import pandas; read_csv",
        group=NAME,
        notes=f"goal ≤ {GOAL_MB:,.0f} MB; maximum resident set, median of {repeats}",
        extra={"samples_mb": [p.peak_mb for p in runs["command"]], "repeats": repeats},
    )
    start = Result(
        name="start-up: fitcoach ml score, a 3-row sheet",
        figure=timing("start").median,
        unit="s",
        baseline=timing("import").median,
        ratio=timing("start").median / timing("import").median,
        baseline_name='python -c "import pandas"',
        group=NAME,
        notes=(
            f"goal ≤ {GOAL_START_S:g} s; CPU {cpu('start'):.2f} s (import pandas "
            f"{cpu('import'):.2f} s); peak memory {peak('start'):.0f} MB"
        ),
        samples=list(timing("start").samples),
        baseline_samples=list(timing("import").samples),
        extra={"repeats": repeats, "cpu_s": cpu("start"), "baseline_cpu_s": cpu("import")},
    )
    return [whole, memory, start]


def main(args: BenchArgs) -> list[Result]:
    players = DEFAULT_PLAYERS if not args.quick else QUICK_PLAYERS
    if args.rows:
        players = max(1, args.rows // DAYS)
    repeats = args.repeat or (1 if args.quick else DEFAULT_REPEAT)
    with tempfile.TemporaryDirectory(prefix="fitcoach-bench-squad-") as tmp:
        root = Path(tmp)
        path, tiny = root / "season.csv", root / "tiny.csv"
        args.progress(f"writing a sheet of {players} players × {DAYS} days")
        rows = write_sheet(path, players)
        tiny.write_text(TINY, encoding="utf-8")
        env = {**os.environ, "FITCOACH_DATA_DIR": str(root), "FITCOACH_LOG_LEVEL": "WARNING"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        results = [bench_in_process(path, rows, repeats, args.progress)]
        results += bench_command(path, tiny, rows, repeats, env, args.progress, warmup=args.warmup)
    return results


if __name__ == "__main__":
    for result in main(BenchArgs(progress=lambda m: print(m, file=sys.stderr))):
        print(
            f"{result.name}: {result.figure:,.2f} {result.unit} beside {result.baseline:,.2f} "
            f"({result.baseline_name}); ratio {result.ratio:.3f}; {result.notes}"
        )
