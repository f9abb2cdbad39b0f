"""How fast Strong's CSV export is read, beside Python's own CSV reader on the same bytes.

Setup (not timed): a seeded Strong export in the classic layout, 3,000 sets by default (150
workouts of 5 exercises × 4 sets, the first a warm-up; loads in 2.5 kg steps, some RPEs, some
notes with commas and quotes, an assisted exercise, a plank held for seconds).

Timed, alternating order between repeats:

- fitcoach: ``read_strong(data, weight_unit="kg")``: decoding, the header, every row checked
  and converted into typed sets grouped into workouts with UTC start times;
- baseline: ``list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))``: only splitting the
  same bytes into rows of strings, the floor any CSV importer pays.

Figures are sets/s (medians); ratio = fitcoach / baseline (goal ≥ 0.5: reading a set costs at
most twice splitting it). Each run is checked to have read every set. The same runs' CPU time
(``time.thread_time``: what this thread ran, without its waits for a core on a shared machine)
gives a second ratio, in the notes and ``extra["cpu_ratio"]``.
"""

from __future__ import annotations

import csv
import io
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta

from benchmarks.common import (
    BenchArgs,
    BenchmarkError,
    Result,
    Timing,
    human_rate,
    rate_result,
    timed,
)

from fitcoach.ingest.files.strong import read_strong

NAME = "strong"
DEFAULT_SETS = 3_000
DEFAULT_REPEAT = 21
QUICK_REPEAT = 5
SEED = 37
SETS_PER_EXERCISE = 4
EXERCISES_PER_WORKOUT = 5
HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE"
)
# (name, top working load in kg; 0: body weight; None: held for seconds)
EXERCISES: list[tuple[str, float | None]] = [
    ("Bench Press (Barbell)", 80.0),
    ("Squat (Barbell)", 110.0),
    ("Deadlift (Barbell)", 140.0),
    ("Overhead Press (Barbell)", 50.0),
    ("Bent Over Row (Barbell)", 70.0),
    ("Lat Pulldown (Cable)", 60.0),
    ("Pull Up (Assisted)", 25.0),
    ("Push Up", 0.0),
    ("Bicep Curl (Dumbbell)", 14.0),
    ("Plank", None),
]
TITLES = ("Push Day", "Pull Day", "Legs", "Full Body", "Evening Workout")
NOTES = ("", "", "", "", "felt heavy, slow last rep", 'belt on, "tight"')


def _q(text: str) -> str:
    """A field quoted as Strong quotes its text fields."""
    return '"' + text.replace('"', '""') + '"'


def strong_export(sets: int, seed: int = SEED) -> bytes:
    """A Strong export (classic layout, kg) with exactly ``sets`` set rows."""
    rng = random.Random(seed)
    start = datetime(2023, 1, 2, 18, 0, tzinfo=UTC)  # written as local text, zone dropped
    lines = [HEADER]
    workout = 0
    while len(lines) - 1 < sets:
        began = start + timedelta(days=2 * workout, minutes=rng.randrange(0, 90))
        title = _q(rng.choice(TITLES))
        duration = f"{rng.randrange(0, 2)}h {rng.randrange(0, 60)}m".removeprefix("0h ")
        workout_notes = _q("Good session" if workout % 7 == 0 else "")
        date_text = began.strftime("%Y-%m-%d %H:%M:%S")
        for name, top in rng.sample(EXERCISES, EXERCISES_PER_WORKOUT):
            for order in range(SETS_PER_EXERCISE):
                if len(lines) - 1 == sets:
                    break
                mark = "W" if order == 0 else str(order)
                seconds = 0
                if top is None:
                    weight, reps, seconds = 0.0, 0, rng.randrange(30, 121)
                elif top == 0:
                    weight, reps = 0.0, rng.randrange(8, 25)
                else:
                    share = 0.5 if order == 0 else rng.uniform(0.8, 1.0)
                    weight = round(top * share / 2.5) * 2.5
                    reps = rng.randrange(3, 13)
                rpe = "" if order == 0 or rng.random() < 0.6 else str(rng.choice(range(14, 21)) / 2)
                lines.append(
                    f"{date_text},{title},{duration},{_q(name)},{mark},{weight:.1f},{reps},0,"
                    f"{seconds},{_q(rng.choice(NOTES))},{workout_notes},{rpe}"
                )
        workout += 1
    return ("\n".join(lines) + "\n").encode()


def csv_rows(data: bytes) -> int:
    """The baseline: Python's CSV reader splitting every row; data rows read."""
    return len(list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))) - 1


def fitcoach_sets(data: bytes) -> int:
    """fitcoach's reader; sets read."""
    parsed = read_strong(data, weight_unit="kg")
    return sum(len(w.sets) for w in parsed.workouts)


def main(args: BenchArgs) -> list[Result]:
    sets = args.rows or DEFAULT_SETS
    repeat = args.repeat or (QUICK_REPEAT if args.quick else DEFAULT_REPEAT)
    args.progress(f"strong: generating an export of {sets:,} sets")
    data = strong_export(sets)
    paths = {"fitcoach": fitcoach_sets, "csv": csv_rows}
    samples: dict[str, list[float]] = {"fitcoach": [], "csv": []}
    cpu: dict[str, list[float]] = {"fitcoach": [], "csv": []}
    for r in range(repeat):
        args.progress(f"strong: {sets:,} sets, run {r + 1}/{repeat}")
        for path in ("fitcoach", "csv") if r % 2 == 0 else ("csv", "fitcoach"):
            started = time.thread_time()
            seconds, read = timed(lambda path=path: paths[path](data))
            cpu[path].append(time.thread_time() - started)
            if read != sets:
                raise BenchmarkError(f"strong {path}: expected {sets} sets, read {read}")
            samples[path].append(seconds)
    measured, baseline = Timing(tuple(samples["fitcoach"])), Timing(tuple(samples["csv"]))
    cpu_measured, cpu_baseline = statistics.median(cpu["fitcoach"]), statistics.median(cpu["csv"])
    cpu_ratio = cpu_baseline / cpu_measured if cpu_measured > 0 else None
    result = rate_result(
        f"read_strong ({sets:,} sets, {len(data) / 1024:,.0f} KiB)",
        sets,
        measured,
        baseline,
        baseline_name="csv.reader (decode + split every row)",
        group=NAME,
        extra={
            "bytes": len(data),
            "goal_ratio": 0.5,
            "cpu_median_s": cpu_measured,
            "baseline_cpu_median_s": cpu_baseline,
            "cpu_ratio": cpu_ratio,
        },
    )
    result.unit = "sets/s"
    cpu_note = "" if cpu_ratio is None else f"; CPU-time ratio {cpu_ratio:.2f}"
    result.notes = (
        f"median of {repeat}: read_strong {measured.median * 1000:.1f} ms, "
        f"csv.reader {baseline.median * 1000:.1f} ms{cpu_note}; goal ratio ≥ 0.5"
    )
    args.progress(
        f"strong: {human_rate(result.figure or 0)} sets/s "
        f"(csv.reader {human_rate(result.baseline or 0)})"
    )
    return [result]


if __name__ == "__main__":
    from benchmarks.common import BenchArgs as _Args

    for row in main(_Args(progress=lambda m: print(m, file=sys.stderr))):
        print(
            f"{row.name}: {human_rate(row.figure or 0)} sets/s beside "
            f"{human_rate(row.baseline or 0)} sets/s ({row.baseline_name}); "
            f"ratio {row.ratio:.2f}; {row.notes}"
        )
