"""A 10-year Strong export imported end to end, beside the CSV parse alone of the same bytes.

Setup (not timed): the seeded Strong export of ``bench_strong`` (classic layout, kg), 36,000
sets by default: a workout every second day for ten years (1,800 workouts of 5 exercises × 4
sets), every name one Strong ships, so nothing waits for a review. A SQLite file database,
migrated, with the exercise library; a fresh athlete for each run (an import is per athlete).

Timed, alternating order between repeats:

- fitcoach: ``imports.import_files`` of the file, committed: detection, the reader, the names
  resolved, every workout checked row by row and logged through the training log (validation,
  personal records merged), the file recorded with what it created;
- baseline: ``csv.reader`` splitting the same bytes into rows (decode + split), the floor any
  CSV importer pays. ``read_strong`` alone is timed too and given in the notes.

Figures are sets stored per second (medians); ratio = fitcoach / baseline. Each run is checked
to have stored every set. ``python -m benchmarks.bench_strong_import`` prints the row alone.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.bench_strong import csv_rows, fitcoach_sets, strong_export
from benchmarks.common import BenchArgs, BenchmarkError, Result, Timing, human_rate, rate_result

from fitcoach.core.clock import FixedClock
from fitcoach.ingest.files.detect import ReadOptions
from fitcoach.services import imports
from fitcoach.services.athletes import create_athlete
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import load_library
from fitcoach.storage import migrate
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work

NAME = "strong_import"
DEFAULT_SETS = 36_000  # ten years of a workout every second day
QUICK_SETS = 3_600
DEFAULT_REPEAT = 3
NOW = datetime(2034, 1, 1, tzinfo=UTC)  # the seeded export runs 2023 to 2033


def main(args: BenchArgs) -> list[Result]:
    sets = args.rows or (QUICK_SETS if args.quick else DEFAULT_SETS)
    repeat = args.repeat or DEFAULT_REPEAT
    args.progress(f"strong_import: generating an export of {sets:,} sets")
    data = strong_export(sets)
    with tempfile.TemporaryDirectory(prefix="fitcoach-bench-strong-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        args.progress("strong_import: migrating a SQLite database")
        migrate.upgrade(url)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        with unit_of_work(factory) as session:
            load_library(ServiceContext(session=session, subject=Subject.system()))
        samples: dict[str, list[float]] = {"import": [], "csv": [], "read": []}
        for r in range(repeat):
            args.progress(f"strong_import: {sets:,} sets, run {r + 1}/{repeat}")
            with unit_of_work(factory) as session:
                ctx = ServiceContext(session=session, subject=Subject.system())
                athlete = create_athlete(
                    ctx, {"name": f"Lifter {r}", "email": f"lifter-{r}@example.org"}
                ).id

            def imported(athlete: int = athlete) -> int:
                with unit_of_work(factory) as session:
                    ctx = ServiceContext(
                        session=session, subject=Subject.system(), clock=FixedClock(NOW)
                    )
                    summary = imports.import_files(
                        ctx,
                        athlete,
                        [imports.IncomingFile("strong.csv", data)],
                        options=ReadOptions(weight_unit="kg", tz="UTC"),
                    )
                outcome = summary.files[0]
                if outcome.status != "imported":
                    raise BenchmarkError(f"strong_import: {outcome.status}: {outcome.message}")
                return outcome.counts.get("sets", 0)

            paths = {"import": imported, "csv": lambda: csv_rows(data), "read": lambda: fitcoach_sets(data)}  # fmt: skip
            order = ("import", "csv", "read") if r % 2 == 0 else ("read", "csv", "import")
            for path in order:
                started = time.perf_counter()
                done = paths[path]()
                samples[path].append(time.perf_counter() - started)
                if done != sets:
                    raise BenchmarkError(f"strong_import {path}: expected {sets} sets, got {done}")
        engine.dispose()
    measured, baseline = Timing(tuple(samples["import"])), Timing(tuple(samples["csv"]))
    read_median = statistics.median(samples["read"])
    result = rate_result(
        f"import a Strong export end to end ({sets:,} sets, {len(data) / 2**20:.1f} MiB, SQLite)",
        sets,
        measured,
        baseline,
        baseline_name="csv.reader (decode + split every row)",
        group=NAME,
        extra={"bytes": len(data), "read_strong_median_s": read_median},
    )
    result.unit = "sets/s"
    result.notes = (
        f"median of {repeat}: import {measured.median:.2f} s, csv.reader "
        f"{baseline.median * 1000:.0f} ms, read_strong alone {read_median * 1000:.0f} ms "
        f"({sets / read_median:,.0f} sets/s)"
    )
    args.progress(
        f"strong_import: {human_rate(result.figure or 0)} sets/s "
        f"(csv.reader {human_rate(result.baseline or 0)})"
    )
    return [result]


if __name__ == "__main__":
    from benchmarks.common import BenchArgs as _Args

    quick = "--quick" in sys.argv
    for row in main(_Args(progress=lambda m: print(m, file=sys.stderr), quick=quick)):
        print(
            f"{row.name}: {human_rate(row.figure or 0)} sets/s beside "
            f"{human_rate(row.baseline or 0)} sets/s ({row.baseline_name}); "
            f"ratio {row.ratio:.2f}; {row.notes}"
        )
