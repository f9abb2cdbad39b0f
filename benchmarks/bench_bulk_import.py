"""Bulk import rate: set logs and daily metrics, fitcoach's bulk path beside the raw driver path.

For each database (a SQLite file, and a fresh PostgreSQL database) and each table, the same
pre-generated rows are inserted into a freshly emptied table, repeatedly, by:

(a) fitcoach: ``storage.repositories.bulk.insert_ignore`` inside a unit of work (commit timed);
(b) raw: the same database's fastest plain path from the driver, commit timed —
    SQLite: ``sqlite3`` ``executemany`` of a plain INSERT on the engine's raw connection;
    PostgreSQL: psycopg ``COPY ... FROM STDIN`` with ``write_row`` straight into the table;
(c) ``services.portability.import_document``: the end-to-end import of one
    athlete's document (validation included) at a smaller size, beside the raw path for the
    same rows.

Figures are medians of the repeats (rows/s); the ratio is fitcoach / raw. After every run the
table must hold exactly the expected number of rows, or the benchmark fails.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
from benchmarks.common import (
    BenchArgs,
    BenchmarkError,
    Result,
    Timing,
    human_rate,
    rate_result,
    timed,
)
from sqlalchemy import Engine, Table, make_url, select, text
from sqlalchemy.orm import Session, sessionmaker

from fitcoach.core.clock import FixedClock
from fitcoach.ingest.files.limits import ReadLimits
from fitcoach.services import portability
from fitcoach.services.athletes import create_athlete
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import load_library
from fitcoach.storage import migrate
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work
from fitcoach.storage.models import DailyMetric, Exercise, SetLog, WorkoutSession
from fitcoach.storage.repositories.bulk import insert_ignore

NAME = "bulk_import"
DEFAULT_ROWS = 1_000_000
QUICK_ROWS = 50_000
DEFAULT_REPEAT = 3
IMPORT_SETS = 100_000  # (c): sets in the one-athlete document (quick: a tenth)
IMPORT_DAYS = 10_000  # (c): ~27 years of daily rows, one per day for one athlete
SEED = 20_261_120
SETS_PER_SESSION = 20  # 5 exercises x 4 sets (the first of each a warm-up)
EXERCISES_PER_SESSION = 5
SET_ATHLETES = 200
DAYS_PER_ATHLETE = 1_000
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SET_START = datetime(2023, 1, 2, 17, 0, tzinfo=UTC)
DAILY_START = date(2023, 1, 1)
POSTGRES_SERVER_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/"
LOADED_EQUIPMENT = {
    "barbell",
    "dumbbell",
    "kettlebell",
    "cable",
    "machine",
    "ez_bar",
    "trap_bar",
    "smith_machine",
    "landmine",
    "sled",
    "medicine_ball",
}

Progress = Callable[[str], None]


def _quiet(_message: str) -> None:
    return None


# --------------------------------------------------------------------------- sizes and data


@dataclass(frozen=True)
class Sizes:
    """How much to insert and how often."""

    set_rows: int
    daily_rows: int
    repeat: int = DEFAULT_REPEAT
    import_sets: int = 0  # 0: skip the end-to-end import
    import_days: int = 0


def sizes_for(args: BenchArgs) -> Sizes:
    rows = args.rows or (QUICK_ROWS if args.quick else DEFAULT_ROWS)
    scale = 10 if args.quick or (args.rows is not None and args.rows < DEFAULT_ROWS) else 1
    return Sizes(
        set_rows=rows,
        daily_rows=rows,
        repeat=args.repeat or DEFAULT_REPEAT,
        import_sets=min(IMPORT_SETS // scale, rows),
        import_days=min(IMPORT_DAYS // scale, rows),
    )


@dataclass
class Rows:
    """One table's rows, generated once: dicts for fitcoach, tuples (same order) for raw."""

    table: Table
    columns: list[str]
    dicts: list[dict[str, Any]]
    tuples: list[tuple[Any, ...]]
    conflict_columns: list[str]

    def __len__(self) -> int:
        return len(self.tuples)


def _rows(table: Table, columns: dict[str, list[Any]], conflict_columns: list[str]) -> Rows:
    names = list(columns)
    tuples = list(zip(*columns.values(), strict=True))
    dicts = [dict(zip(names, t, strict=True)) for t in tuples]
    return Rows(table, names, dicts, tuples, conflict_columns)


def _missing(values: np.ndarray, mask: np.ndarray) -> list[Any]:
    """Python values with None where ``mask`` (a missing value is missing, not 0)."""
    out: list[Any] = values.tolist()
    for i in np.flatnonzero(mask).tolist():
        out[i] = None
    return out


@dataclass(frozen=True)
class ExerciseChoice:
    ids: list[int]
    slugs: list[str]
    base_kg: list[float | None]  # None: bodyweight


def pick_exercises(factory: sessionmaker[Session], seed: int = SEED) -> ExerciseChoice:
    """Strength and core exercises of the loaded library, with a plausible working load."""
    with unit_of_work(factory) as session:
        found = session.execute(
            select(Exercise.id, Exercise.slug, Exercise.category, Exercise.equipment).order_by(
                Exercise.id
            )
        ).all()
    lifts = [r for r in found if r.category in ("strength", "core")]
    if len(lifts) < EXERCISES_PER_SESSION:
        lifts = list(found)
    if len(lifts) < EXERCISES_PER_SESSION:
        raise BenchmarkError(
            f"the exercise library has {len(found)} exercises; load_library loaded too few"
        )
    rng = np.random.default_rng(seed)
    base = rng.uniform(12.5, 140.0, size=len(lifts)).tolist()
    return ExerciseChoice(
        ids=[r.id for r in lifts],
        slugs=[r.slug for r in lifts],
        base_kg=[
            b if LOADED_EQUIPMENT.intersection(r.equipment or []) else None
            for r, b in zip(lifts, base, strict=True)
        ],
    )


def session_plan(rows: int, athletes: int) -> tuple[int, int]:
    """(sessions, athletes used) for ``rows`` set rows at SETS_PER_SESSION sets each."""
    sessions = math.ceil(rows / SETS_PER_SESSION)
    return sessions, max(1, min(athletes, sessions))


def workout_rows(sessions: int, athlete_ids: Sequence[int], seed: int = SEED) -> Rows:
    """Workout sessions: session s belongs to athlete s % A, its k = s // A-th, ~every 2.8 days."""
    rng = np.random.default_rng(seed + 1)
    a = len(athlete_ids)
    idx = np.arange(sessions)
    minutes = (idx // a) * 4032 + rng.integers(-90, 90, size=sessions)  # 2.8 days
    starts = [SET_START + timedelta(minutes=m) for m in minutes.tolist()]
    return _rows(
        WorkoutSession.__table__,  # type: ignore[arg-type]
        {
            "athlete_id": [athlete_ids[i] for i in (idx % a).tolist()],
            "started_at": starts,
            "duration_s": np.round(rng.normal(3900, 600, size=sessions)).clip(1200).tolist(),
            "title": ["Strength"] * sessions,
            "notes": [""] * sessions,
            "session_rpe": _missing(rng.integers(5, 10, size=sessions), rng.random(sessions) < 0.2),
            "source": ["bench"] * sessions,
            "source_id": [f"w{i}" for i in range(sessions)],
        },
        ["athlete_id", "source", "source_id"],
    )


def set_log_rows(
    rows: int,
    session_ids: Sequence[int],
    session_athletes: Sequence[int],
    athlete_count: int,
    exercises: ExerciseChoice,
    seed: int = SEED,
) -> Rows:
    """``rows`` sets: per session 5 exercises x 4 sets, the first of each a lighter warm-up;
    reps 3-12, RIR 0-4 (sometimes not given), loads rounded to 2.5 kg that rise over time."""
    rng = np.random.default_rng(seed + 2)
    i = np.arange(rows)
    session = i // SETS_PER_SESSION
    position = i % SETS_PER_SESSION
    sessions = int(session[-1]) + 1
    if sessions > len(session_ids):
        raise BenchmarkError(f"{rows} sets need {sessions} sessions, {len(session_ids)} exist")
    n_ex = len(exercises.ids)
    choice = np.argpartition(rng.random((sessions, n_ex)), EXERCISES_PER_SESSION - 1, axis=1)
    slot = position // (SETS_PER_SESSION // EXERCISES_PER_SESSION)
    ex_index = choice[session, slot]
    warmup = position % (SETS_PER_SESSION // EXERCISES_PER_SESSION) == 0
    reps = np.where(warmup, rng.integers(8, 13, size=rows), rng.integers(3, 13, size=rows))
    rir = np.where(warmup, 5, rng.integers(0, 5, size=rows))
    strength = rng.uniform(0.6, 1.4, size=athlete_count)
    athlete = session % athlete_count
    progress = (session // athlete_count) / max(1, sessions // athlete_count)
    base = np.array([b if b is not None else np.nan for b in exercises.base_kg])[ex_index]
    load = base * strength[athlete] * (1 + 0.15 * progress) * (1.1 - 0.025 * reps)
    load = np.where(warmup, load * 0.5, load)
    load = np.clip(np.round(load / 2.5) * 2.5, 0, 1000)
    ex_ids = np.array(exercises.ids)[ex_index]
    return _rows(
        SetLog.__table__,  # type: ignore[arg-type]
        {
            "session_id": [session_ids[s] for s in session.tolist()],
            "athlete_id": [session_athletes[s] for s in session.tolist()],
            "exercise_id": ex_ids.tolist(),
            "position": position.tolist(),
            "reps": reps.tolist(),
            "weight_kg": _missing(np.nan_to_num(load), np.isnan(load)),
            "rir": _missing(rir.astype(float), warmup | (rng.random(rows) < 0.05)),
            "completed": (rng.random(rows) > 0.03).tolist(),
            "is_warmup": warmup.tolist(),
            "notes": [""] * rows,
        },
        ["session_id", "position"],
    )


def daily_columns(rows: int, days_per_athlete: int, seed: int = SEED) -> dict[str, Any]:
    """Plausible daily readings as numpy columns, with an athlete index and a day index."""
    rng = np.random.default_rng(seed + 3)
    i = np.arange(rows)
    athlete = i // days_per_athlete
    day = i % days_per_athlete
    athletes = int(athlete[-1]) + 1
    body = rng.uniform(52, 105, size=athletes)
    rhr = rng.uniform(44, 72, size=athletes)
    hrv = rng.uniform(25, 110, size=athletes)

    def gaps(p: float) -> np.ndarray:
        return rng.random(rows) < p

    return {
        "athlete": athlete,
        "day": day,
        "sleep_s": (
            np.round(np.clip(rng.normal(26_300, 3_000, size=rows), 10_800, 39_600) / 60) * 60,
            gaps(0.08),
        ),
        "sleep_quality": (rng.integers(1, 6, size=rows), gaps(0.3)),
        "weight_kg": (
            np.round(
                body[athlete]
                + 1.2 * np.sin(2 * np.pi * day / 365.25)
                + rng.normal(0, 0.4, size=rows),
                1,
            ),
            gaps(0.35),
        ),
        "resting_hr": (np.round(rhr[athlete] + rng.normal(0, 3, size=rows)), gaps(0.1)),
        "hrv_rmssd_ms": (
            np.round(np.clip(hrv[athlete] * rng.lognormal(0, 0.15, size=rows), 5, 400), 1),
            gaps(0.15),
        ),
        "calories_in_kcal": (np.round(rng.normal(2_450, 380, size=rows).clip(800)), gaps(0.5)),
        "protein_g": (np.round(rng.normal(135, 30, size=rows).clip(20)), gaps(0.5)),
        "mood": (rng.integers(1, 6, size=rows), gaps(0.4)),
        "energy": (rng.integers(1, 6, size=rows), gaps(0.4)),
        "soreness": (rng.integers(1, 6, size=rows), gaps(0.4)),
        "stress": (rng.integers(1, 6, size=rows), gaps(0.4)),
    }


def daily_rows(
    rows: int,
    athlete_ids: Sequence[int],
    days_per_athlete: int = DAYS_PER_ATHLETE,
    start: date = DAILY_START,
    seed: int = SEED,
) -> Rows:
    """``rows`` daily-metric rows: ``days_per_athlete`` consecutive days per athlete."""
    cols = daily_columns(rows, days_per_athlete, seed)
    days = [start + timedelta(days=d) for d in range(days_per_athlete)]
    athlete = cols.pop("athlete").tolist()
    day = cols.pop("day").tolist()
    if athlete[-1] >= len(athlete_ids):
        raise BenchmarkError(f"{rows} daily rows need {athlete[-1] + 1} athletes")
    values = {k: _missing(v, m) for k, (v, m) in cols.items()}
    return _rows(
        DailyMetric.__table__,  # type: ignore[arg-type]
        {
            "athlete_id": [athlete_ids[a] for a in athlete],
            "day": [days[d] for d in day],
            **values,
            "source": ["bench"] * rows,
            "source_id": [f"d{a}-{d}" for a, d in zip(athlete, day, strict=True)],
        },
        ["athlete_id", "day"],
    )


# --------------------------------------------------------------------------- database plumbing


class Database:
    """One benchmark database: engine, sessions, and the raw paths of its driver."""

    def __init__(self, label: str, url: str, *, checkpoint: bool = True) -> None:
        self.label = label
        self.checkpoint = checkpoint
        self.url = url
        self.engine: Engine = make_engine(url)
        self.factory = make_session_factory(self.engine)
        self.kind = self.engine.dialect.name
        if self.kind not in ("sqlite", "postgresql"):
            raise BenchmarkError(f"unsupported database {self.kind}")

    def close(self) -> None:
        self.engine.dispose()

    def count(self, table: str) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())

    def empty(self, *tables: str) -> None:
        """Remove every row of ``tables`` and leave the database quiet (untimed)."""
        names = ", ".join(f'"{t}"' for t in tables)
        raw = self.engine.raw_connection()
        try:
            cur = raw.cursor()
            if self.kind == "postgresql":
                # CASCADE: rows of other tables that reference these (form check jobs of
                # sets) go too, as the SQLite DELETE's ON DELETE CASCADE takes them.
                cur.execute(f"TRUNCATE {names} CASCADE")
                raw.commit()
                if self.checkpoint:  # don't let a pending checkpoint land in a timed run
                    cur.execute("CHECKPOINT")
                    raw.commit()
            else:
                for t in tables:
                    cur.execute(f'DELETE FROM "{t}"')
                raw.commit()
                cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cur.close()
        finally:
            raw.close()

    def raw_insert(self, *tables: Rows) -> int:
        """The driver's own path: executemany (SQLite) or COPY (PostgreSQL) of each table's
        rows in turn, then one commit."""
        raw = self.engine.raw_connection()
        try:
            if self.kind == "sqlite":
                cur = raw.cursor()
                for rows in tables:
                    col_list = ", ".join(f'"{c}"' for c in rows.columns)
                    marks = ", ".join("?" * len(rows.columns))
                    cur.executemany(
                        f'INSERT INTO "{rows.table.name}" ({col_list}) VALUES ({marks})',
                        rows.tuples,
                    )
                raw.commit()
                cur.close()
            else:
                conn: psycopg.Connection[Any] = raw.driver_connection  # type: ignore[assignment]
                with conn.cursor() as pg_cursor:
                    for rows in tables:
                        col_list = ", ".join(f'"{c}"' for c in rows.columns)
                        sql = f'COPY "{rows.table.name}" ({col_list}) FROM STDIN'
                        with pg_cursor.copy(sql) as copy:
                            for row in rows.tuples:
                                copy.write_row(row)
                conn.commit()
        finally:
            raw.close()
        return sum(len(rows) for rows in tables)

    def fitcoach_insert(self, rows: Rows) -> int:
        """fitcoach's bulk path inside a unit of work (the commit is part of it)."""
        with unit_of_work(self.factory) as session:
            return insert_ignore(
                session, rows.table, rows.dicts, conflict_columns=rows.conflict_columns
            )


# SQLite keeps dates as ISO text (SQLAlchemy's Date does the same); this is the adapter the
# Python docs recommend since the built-in one is deprecated (3.12). It is keyed by exact
# type, so datetimes are unaffected, and SQLAlchemy never hands sqlite3 a date object.
sqlite3.register_adapter(date, date.isoformat)


def prepare(db: Database, athletes: int, progress: Progress) -> list[int]:
    """Migrate, load the exercise library and create ``athletes`` athletes (ids returned)."""
    progress(f"{db.label}: migrating")
    migrate.upgrade(db.url)
    with unit_of_work(db.factory) as session:
        ctx = ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))
        load_library(ctx)
    ids: list[int] = []
    progress(f"{db.label}: creating {athletes} athletes")
    with unit_of_work(db.factory) as session:
        ctx = ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))
        for n in range(athletes):
            out = create_athlete(
                ctx,
                {
                    "name": f"Bench Athlete {n}",
                    "email": f"bench-athlete-{n}@example.org",
                    "profile": {"experience_level": "intermediate", "days_per_week": 3},
                },
            )
            ids.append(out.id)
    return ids


def create_sessions(db: Database, sessions: int, athlete_ids: Sequence[int]) -> list[int]:
    """Workout sessions through fitcoach's bulk path; their ids in plan order."""
    plan = workout_rows(sessions, athlete_ids)
    with unit_of_work(db.factory) as session:
        insert_ignore(session, plan.table, plan.dicts, conflict_columns=plan.conflict_columns)
        found = session.execute(
            select(WorkoutSession.source_id, WorkoutSession.id).where(
                WorkoutSession.source == "bench"
            )
        ).all()
    by_source: dict[str, int] = dict(found)
    ids = [by_source[f"w{i}"] for i in range(sessions)]
    return ids


# --------------------------------------------------------------------------- measuring


@dataclass
class Measured:
    fitcoach: Timing
    raw: Timing


def measure_table(db: Database, rows: Rows, repeat: int, progress: Progress) -> Measured:
    """Time both paths on the same rows, each run on a freshly emptied table; the order
    alternates between repeats so that drift does not favour one path."""
    table = rows.table.name
    n = len(rows)
    samples: dict[str, list[float]] = {"fitcoach": [], "raw": []}
    paths: dict[str, Callable[[], int]] = {
        "fitcoach": lambda: db.fitcoach_insert(rows),
        "raw": lambda: db.raw_insert(rows),
    }
    for r in range(repeat):
        order = ["fitcoach", "raw"] if r % 2 == 0 else ["raw", "fitcoach"]
        for path in order:
            progress(f"{db.label}: {table} {n:,} rows, {path}, run {r + 1}/{repeat}")
            db.empty(table)
            seconds, reported = timed(paths[path])
            stored = db.count(table)
            if reported != n or stored != n:
                raise BenchmarkError(
                    f"{db.label} {table} {path}: expected {n} rows, the call reported "
                    f"{reported} and the table holds {stored}"
                )
            samples[path].append(seconds)
    return Measured(Timing(tuple(samples["fitcoach"])), Timing(tuple(samples["raw"])))


def _result(db: Database, what: str, n: int, measured: Measured, notes: str = "") -> Result:
    raw_name = "sqlite3 executemany" if db.kind == "sqlite" else "psycopg COPY"
    result = rate_result(
        f"{db.label} · {what}",
        n,
        measured.fitcoach,
        measured.raw,
        baseline_name=raw_name,
        group=NAME,
        notes=notes,
        extra={"database": db.label, "table": what},
    )
    result.notes = (
        f"median of {len(measured.fitcoach.samples)}: fitcoach {measured.fitcoach.median:.2f} s, "
        f"{raw_name} {measured.raw.median:.2f} s" + (f"; {notes}" if notes else "")
    )
    return result


@dataclass
class DatabaseRun:
    """What one database's run leaves behind (the smoke test reads it)."""

    results: list[Result] = field(default_factory=list)
    expected: dict[str, int] = field(default_factory=dict)


def bench_database(label: str, url: str, sizes: Sizes, progress: Progress = _quiet) -> DatabaseRun:
    """The whole benchmark on one database at ``url`` (created and emptied by the caller).

    The tables keep the rows of the last run: ``expected`` says how many each must hold.
    """
    # Checkpoints between runs keep big runs comparable; tiny runs (tests) skip them.
    db = Database(label, url, checkpoint=max(sizes.set_rows, sizes.daily_rows) >= 100_000)
    run = DatabaseRun()
    try:
        sessions, set_athletes = session_plan(sizes.set_rows, SET_ATHLETES)
        days = min(DAYS_PER_ATHLETE, sizes.daily_rows)
        daily_athletes = math.ceil(sizes.daily_rows / days)
        athlete_ids = prepare(db, max(set_athletes, daily_athletes), progress)
        exercises = pick_exercises(db.factory)

        progress(f"{label}: {sessions:,} workout sessions")
        session_ids = create_sessions(db, sessions, athlete_ids[:set_athletes])
        session_athletes = [athlete_ids[s % set_athletes] for s in range(sessions)]

        progress(f"{label}: generating {sizes.set_rows:,} set logs")
        sets = set_log_rows(sizes.set_rows, session_ids, session_athletes, set_athletes, exercises)
        measured = measure_table(db, sets, sizes.repeat, progress)
        run.results.append(_result(db, "set_logs", len(sets), measured))
        run.expected["set_logs"] = len(sets)
        del sets

        progress(f"{label}: generating {sizes.daily_rows:,} daily metrics")
        daily = daily_rows(sizes.daily_rows, athlete_ids, days)
        measured = measure_table(db, daily, sizes.repeat, progress)
        run.results.append(_result(db, "daily_metrics", len(daily), measured))
        run.expected["daily_metrics"] = len(daily)
        del daily

        if sizes.import_sets and sizes.import_days:
            bench_import(db, sizes, exercises, run, progress)
    finally:
        db.close()
    return run


# --------------------------------------------------------------------------- (c) document import


@dataclass
class ImportCase:
    """One athlete's history twice: as an export document (JSON text) and as typed rows."""

    document: dict[str, Any]
    workouts: Rows  # with explicit ids, so the raw path needs no id round trip
    sets: Rows
    daily: Rows

    @property
    def total(self) -> int:
        return len(self.workouts) + len(self.sets) + len(self.daily)


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def import_case(
    athlete_id: int, sets: int, days: int, exercises: ExerciseChoice, first_id: int
) -> ImportCase:
    """A document with ``sets`` sets (20 per workout) and ``days`` daily rows for one athlete,
    ending before ``NOW`` (10,000 days reach back ~27 years)."""
    workouts, _ = session_plan(sets, 1)
    plan = workout_rows(workouts, [athlete_id], seed=SEED + 10)
    start = NOW - timedelta(days=days + 2)
    spacing = (NOW - start - timedelta(days=1)) / max(1, workouts)
    for k, row in enumerate(plan.dicts):  # spread the workouts over the daily span
        row["started_at"] = start + spacing * k
        row["source_id"] = f"iw{k}"
    ids = list(range(first_id, first_id + workouts))
    workout_tuples = [
        (i, *(row[c] for c in plan.columns)) for i, row in zip(ids, plan.dicts, strict=True)
    ]
    workout_rows_ = Rows(
        plan.table,
        ["id", *plan.columns],
        [{"id": i, **row} for i, row in zip(ids, plan.dicts, strict=True)],
        workout_tuples,
        plan.conflict_columns,
    )
    set_rows = set_log_rows(sets, ids, [athlete_id] * workouts, 1, exercises, seed=SEED + 11)
    daily = daily_rows(
        days, [athlete_id], days_per_athlete=days, start=start.date(), seed=SEED + 12
    )
    for row in daily.dicts:
        row["source_id"] = f"i{row['source_id']}"
    daily.tuples = [tuple(row[c] for c in daily.columns) for row in daily.dicts]

    slug = dict(zip(exercises.ids, exercises.slugs, strict=True))
    by_workout: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for row in set_rows.dicts:
        by_workout[row["session_id"]].append(
            {
                "exercise": slug[row["exercise_id"]],
                "reps": row["reps"],
                "weight_kg": row["weight_kg"],
                "rir": row["rir"],
                "completed": row["completed"],
                "is_warmup": row["is_warmup"],
                "notes": row["notes"],
            }
        )
    skip = ("id", "athlete_id")
    document = {
        "format": "fitcoach-export",
        "version": 1,
        "exported_at": NOW.isoformat(),
        "workouts": [
            {
                **{k: _iso(v) for k, v in row.items() if k not in skip},
                "sets": by_workout[row["id"]],
            }
            for row in workout_rows_.dicts
        ],
        "daily": [{k: _iso(v) for k, v in row.items() if k not in skip} for row in daily.dicts],
    }
    return ImportCase(document, workout_rows_, set_rows, daily)


def bench_import(
    db: Database, sizes: Sizes, exercises: ExerciseChoice, run: DatabaseRun, progress: Progress
) -> None:
    """(c) the end-to-end import of one athlete's JSON export file (read, validated, resolved,
    written, committed) beside the raw path for the same rows."""
    tables = ("set_logs", "workout_sessions", "daily_metrics")
    with unit_of_work(db.factory) as session:
        ctx = ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))
        athlete_id = create_athlete(
            ctx, {"name": "Import Athlete", "email": "bench-import@example.org"}
        ).id
        first_id = 1 + int(
            session.execute(text("SELECT coalesce(max(id), 0) FROM workout_sessions")).scalar_one()
        )
    progress(f"{db.label}: building the import document")
    case = import_case(athlete_id, sizes.import_sets, sizes.import_days, exercises, first_id)
    counts = (len(case.workouts), len(case.sets), len(case.daily))
    expected = dict(zip(("workout_sessions", "set_logs", "daily_metrics"), counts, strict=True))

    with tempfile.TemporaryDirectory(prefix="fitcoach-bench-import-") as tmp:
        path = Path(tmp) / "export.json"
        path.write_text(json.dumps(case.document), encoding="utf-8")
        # Decades of one athlete (16 MiB, 115,000 records) pass one upload's defaults: read with
        # them raised, as FITCOACH_IMPORT_MAX_FILE_BYTES and _MAX_RECORDS do (docs/security.md).
        size, most = max(ReadLimits().max_file_bytes, path.stat().st_size), case.total
        limits = ReadLimits(max_file_bytes=size, max_records=max(ReadLimits().max_records, most))

        def fitcoach_import() -> dict[str, int]:
            doc = portability.read_export(path, limits)
            with unit_of_work(db.factory) as session:
                ctx = ServiceContext(
                    session=session, subject=Subject.system(), clock=FixedClock(NOW)
                )
                report = portability.import_document(ctx, doc, athlete_id=athlete_id)
            got = (report.counts[k].inserted for k in ("workouts", "sets", "daily"))
            return dict(zip(expected, got, strict=True))

        def raw_import() -> dict[str, int]:
            db.raw_insert(case.workouts, case.sets, case.daily)
            return expected

        samples: dict[str, list[float]] = {"fitcoach": [], "raw": []}
        paths = {"fitcoach": fitcoach_import, "raw": raw_import}
        for r in range(sizes.repeat):
            order = ["fitcoach", "raw"] if r % 2 == 0 else ["raw", "fitcoach"]
            for name in order:
                progress(
                    f"{db.label}: import of {case.total:,} records, {name}, "
                    f"run {r + 1}/{sizes.repeat}"
                )
                db.empty(*tables)
                seconds, reported = timed(paths[name])
                stored = {t: db.count(t) for t in expected}
                if reported != expected or stored != expected:
                    raise BenchmarkError(
                        f"{db.label} import {name}: expected {expected}, the call reported "
                        f"{reported} and the tables hold {stored}"
                    )
                samples[name].append(seconds)
    measured = Measured(Timing(tuple(samples["fitcoach"])), Timing(tuple(samples["raw"])))
    what = (
        f"import_document ({len(case.sets):,} sets in {len(case.workouts):,} workouts "
        f"+ {len(case.daily):,} days)"
    )
    run.results.append(
        _result(
            db,
            what,
            case.total,
            measured,
            notes="fitcoach: read JSON file, validate, resolve, write; raw: ready typed rows",
        )
    )
    run.results[-1].extra["table"] = "import_document"
    run.expected.update(expected)


# --------------------------------------------------------------------------- PostgreSQL lifecycle


def postgres_server_url() -> str:
    return os.environ.get("FITCOACH_BENCH_POSTGRES_URL", POSTGRES_SERVER_URL)


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _with_database(server_url: str, name: str) -> str:
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def _admin(server_url: str, sql: str) -> None:
    with psycopg.connect(_libpq(server_url), autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)


def postgres_unreachable(server_url: str) -> str | None:
    """Why PostgreSQL at ``server_url`` cannot be used, or None when it can."""
    try:
        _admin(server_url, "SELECT 1")
    except psycopg.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return first
    return None


# --------------------------------------------------------------------------- entry point


def main(args: BenchArgs) -> list[Result]:
    sizes = sizes_for(args)
    progress = args.progress
    results: list[Result] = []

    with tempfile.TemporaryDirectory(prefix="fitcoach-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        run = bench_database("SQLite", url, sizes, progress)
        results += run.results

    server = postgres_server_url()
    why = postgres_unreachable(server)
    if why is not None:
        message = f"PostgreSQL at {server} is unreachable ({why}): its rows are skipped"
        print(f"[bulk_import] {message}")
        results.append(
            Result(
                name="PostgreSQL · skipped",
                figure=None,
                unit="",
                notes=message,
                group=NAME,
            )
        )
    else:
        name = f"fitcoach_bench_{os.getpid()}"
        _admin(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        _admin(server, f"CREATE DATABASE {name}")
        try:
            run = bench_database("PostgreSQL", _with_database(server, name), sizes, progress)
            results += run.results
        finally:
            _admin(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    for r in results:
        if r.figure is not None and r.baseline is not None:
            progress(f"{r.name}: {human_rate(r.figure)} rows/s (raw {human_rate(r.baseline)})")
    return results
