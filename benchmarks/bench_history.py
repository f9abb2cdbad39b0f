"""History length: what an athlete's requests cost with 5 years of history beside 8 weeks.

The goal: the cost of everything a request touches stays flat in the length of the
athlete's history (aggregates kept on write, windows in SQL); plan generation with 5 years of
history within 10 % of 8 weeks.

Setup (not timed), per database kind (a SQLite file; PostgreSQL when reachable): one database
per history length, each with the exercise library and one athlete (an intermediate lifter
with a gym who also runs): **8 weeks** (the baseline), **1 year** (every window a request
reads is full) and **5 years** (260 weeks, the figure); ``--quick``: 8 weeks and 1 year;
``--rows N``: 8 and N weeks. The history is seeded per day counted back from today, so a
longer history holds a shorter one as its last days: the databases differ only in the older
records. Every week has four strength sessions (five lifts of four sets, the first a warm-up;
loads follow 4-week blocks and a slow 18-month wave, so records are set at every age), two
runs with heart rate, a daily row (HRV, resting HR, weight, soreness, mood, energy) and a night
of sleep with stages; today has its morning's readings. Rows go in with
``bulk.insert_ignore``, then the athlete's personal records are rebuilt from the stored sets
(as an import does); PostgreSQL gets ``ANALYZE`` (as autovacuum would have run on a real
installation). A first plan is put in force.

Measured, each request in its own unit of work (commit included), as the athlete themself:

- plan generation: ``plans.generate(..., replace=True)``, a new version in force every time;
- weekly review: ``plans.review_week`` of the week ending today;
- today's session: ``plans.today``;
- readiness: ``monitoring.readiness`` for today;
- training load: ``monitoring.training_load`` over the last 4 weeks (the API's default);
- personal records: ``training_log.records``.

One untimed round first (imports, caches), then ``--repeat`` rounds (default 15, ``--quick``
3); in each round every request runs once on each database, which database goes first
rotating. Figure: the median wall milliseconds with the longest history; baseline: the same
with 8 weeks; **ratio = long / short** (goal: at most 1.10). The notes give the median CPU
time per request (this process, plus the PostgreSQL backend's, read from
``/proc/<pid>/schedstat``: one pooled connection serves each database) and its ratio, which a
busy machine disturbs far less than wall time, the long history against the middle one, and
whether the goal was met by wall and by CPU time.

Checks (the run fails otherwise): each database holds exactly the rows generated, reaching
back its full length; the records served equal personal records folded from every stored set;
each generated plan is in force and loads lifts from logged e1RMs; today and the review end in
a known state, readiness is scored, and the load report has its 28 days and sessions.
"""

from __future__ import annotations

import math
import os
import statistics
import tempfile
import time as clock
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
from benchmarks.bench_bulk_import import postgres_server_url, postgres_unreachable
from benchmarks.common import BenchArgs, BenchmarkError, Result, timed
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from fitcoach.analysis.strength import PersonalRecords, SetRecord, personal_records
from fitcoach.coach.plan import StrengthItem
from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import Role
from fitcoach.services import monitoring, plans, training_log
from fitcoach.services.athletes import create_athlete
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import load_library
from fitcoach.storage import migrate
from fitcoach.storage.access import Subject, scope_for
from fitcoach.storage.db import Engine, make_engine, make_session_factory, unit_of_work
from fitcoach.storage.models import (
    Athlete,
    CardioSession,
    DailyMetric,
    Exercise,
    SetLog,
    SleepSession,
    WorkoutSession,
)
from fitcoach.storage.repositories import personal_records as records_repo
from fitcoach.storage.repositories import training_log as log_repo
from fitcoach.storage.repositories.bulk import insert_ignore

NAME = "history"
SHORT_WEEKS = 8
MIDDLE_WEEKS = 52  # every window of a request is full
LONG_WEEKS = 260  # 5 years
QUICK_LONG_WEEKS = 52
DEFAULT_REPEAT = 15
QUICK_REPEAT = 3
GOAL_RATIO = 1.10
SEED = 20_261_214
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # a Friday, noon UTC
TODAY = NOW.date()
TIMEZONE = "Europe/Berlin"
PROFILE: dict[str, Any] = {
    "birth_date": "1990-03-03",
    "sex": "female",
    "height_cm": 170,
    "weight_kg": 68,
    "goals": ["strength"],
    "sports": ["running"],
    "experience_level": "intermediate",
    "days_per_week": 4,
    "session_minutes": 75,
    "equipment": ["barbell", "squat_rack", "bench", "dumbbell", "pull_up_bar", "dip_bars"],
}
# Weekday → the strength session's lifts: (slug, working load in kg at the wave's middle;
# None: bodyweight).
SESSIONS: dict[int, tuple[str, tuple[tuple[str, float | None], ...]]] = {
    0: (
        "Lower A",
        (
            ("barbell-back-squat", 90.0),
            ("romanian-deadlift", 75.0),
            ("leg-press", 140.0),
            ("dumbbell-walking-lunge", 16.0),
            ("pull-up", None),
        ),
    ),
    1: (
        "Upper A",
        (
            ("barbell-bench-press", 62.5),
            ("barbell-row", 57.5),
            ("barbell-overhead-press", 40.0),
            ("one-arm-dumbbell-row", 24.0),
            ("parallel-bar-dip", None),
        ),
    ),
    3: (
        "Lower B",
        (
            ("barbell-deadlift", 110.0),
            ("barbell-front-squat", 70.0),
            ("leg-press", 150.0),
            ("romanian-deadlift", 80.0),
            ("chin-up", None),
        ),
    ),
    4: (
        "Upper B",
        (
            ("barbell-overhead-press", 42.5),
            ("incline-dumbbell-press", 22.0),
            ("barbell-row", 60.0),
            ("barbell-bench-press", 65.0),
            ("parallel-bar-dip", None),
        ),
    ),
}
RUN_DAYS = (2, 5)  # Wednesday, Saturday
SETS_PER_LIFT = 4  # the first a warm-up


@dataclass(frozen=True)
class Sizes:
    """History lengths in weeks, shortest (the baseline) to longest (the figure), rounds, and
    whether an untimed round comes first (off: a smoke run, every request still checked)."""

    histories: tuple[int, ...] = (SHORT_WEEKS, MIDDLE_WEEKS, LONG_WEEKS)
    repeat: int = DEFAULT_REPEAT
    warmup: bool = True


def sizes_for(args: BenchArgs) -> Sizes:
    repeat = args.repeat or (QUICK_REPEAT if args.quick else DEFAULT_REPEAT)
    if args.rows is not None:
        if args.rows <= SHORT_WEEKS:
            raise BenchmarkError(f"the long history must be longer than {SHORT_WEEKS} weeks")
        return Sizes((SHORT_WEEKS, args.rows), repeat, args.warmup)
    if args.quick:
        return Sizes((SHORT_WEEKS, QUICK_LONG_WEEKS), repeat, args.warmup)
    return Sizes(repeat=repeat, warmup=args.warmup)


# --------------------------------------------------------------------------- the history


@dataclass
class History:
    """Rows of one athlete's history, ready for ``insert_ignore`` (sets wait for workout ids)."""

    workouts: list[dict[str, Any]] = field(default_factory=list)
    sets: list[dict[str, Any]] = field(default_factory=list)  # "workout": the source id
    cardio: list[dict[str, Any]] = field(default_factory=list)
    daily: list[dict[str, Any]] = field(default_factory=list)
    sleep: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "workout_sessions": len(self.workouts),
            "set_logs": len(self.sets),
            "cardio_sessions": len(self.cardio),
            "daily_metrics": len(self.daily),
            "sleep_sessions": len(self.sleep),
        }


def _at(day: date, hour: float) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC) + timedelta(minutes=round(hour * 60))


def _load_factor(back: int) -> float:
    """How heavy the lifts are ``back`` days before today: a slow 18-month wave (records are
    set at every age of a long history) and 4-week blocks that rise and drop."""
    wave = 1.0 + 0.12 * math.sin(2 * math.pi * back / 545)
    block = 1.0 + 0.025 * (3 - (back // 7) % 4)
    return wave * block


def history(athlete_id: int, weeks: int, exercise_ids: dict[str, int]) -> History:
    """``weeks`` weeks of history up to this morning (sessions up to yesterday; today's morning
    readings and last night's sleep), seeded per day counted back from today: a longer history
    holds a shorter one as its last days."""
    out = History()
    for back in range(7 * weeks, -1, -1):
        day = TODAY - timedelta(days=back)
        rng = np.random.default_rng([SEED, back])
        bad = rng.random() < 0.12
        hrv = 62.0 * (0.72 if bad else float(rng.lognormal(0.0, 0.08)))
        out.daily.append(
            {
                "athlete_id": athlete_id,
                "day": day,
                "sleep_s": None,
                "sleep_quality": int(rng.integers(2, 6)),
                "weight_kg": round(68.0 + float(rng.normal(0, 0.4)), 1),
                "resting_hr": float(round(54 + (7 if bad else rng.normal(0, 1.5)))),
                "hrv_rmssd_ms": round(hrv, 1),
                "calories_in_kcal": None,
                "protein_g": None,
                "mood": int(rng.integers(2, 6)),
                "energy": 2 if bad else int(rng.integers(3, 6)),
                "soreness": 4 if bad else int(rng.integers(1, 4)),
                "stress": int(rng.integers(1, 4)),
                "source": "bench",
                "source_id": f"d{back}",
            }
        )
        asleep = (5.0 if bad else float(rng.uniform(6.8, 8.4))) * 3600
        went = _at(day, -1.5 + float(rng.uniform(-0.5, 0.5)) - 2)  # about 22:00 local
        awake = 900.0 + float(rng.uniform(0, 900))
        out.sleep.append(
            {
                "athlete_id": athlete_id,
                "started_at": went,
                "ended_at": went + timedelta(seconds=asleep + awake),
                "stages_s": {
                    "light": round(asleep * 0.55),
                    "deep": round(asleep * 0.2),
                    "rem": round(asleep * 0.25),
                    "awake": round(awake),
                },
                "awakenings": int(rng.integers(0, 4)),
                "quality": int(rng.integers(2, 6)),
                "source": "bench",
                "source_id": f"s{back}",
            }
        )
        weekday = day.weekday()
        if back == 0:  # today: the morning's readings only
            continue
        if weekday in SESSIONS and rng.random() > 0.08:  # a session skipped now and then
            title, lifts = SESSIONS[weekday]
            source_id = f"w{back}"
            out.workouts.append(
                {
                    "athlete_id": athlete_id,
                    "started_at": _at(day, 16.5 + float(rng.uniform(0, 2))),
                    "duration_s": float(rng.integers(55, 80) * 60),
                    "title": title,
                    "notes": "",
                    "session_rpe": float(rng.integers(6, 9)),
                    "source": "bench",
                    "source_id": source_id,
                }
            )
            factor = _load_factor(back)
            position = 0
            for slug, base in lifts:
                working = None if base is None else round(base * factor / 2.5) * 2.5
                for n in range(SETS_PER_LIFT):
                    warmup = n == 0
                    weight = working if working is None or not warmup else working * 0.6
                    out.sets.append(
                        {
                            "workout": source_id,
                            "athlete_id": athlete_id,
                            "exercise_id": exercise_ids[slug],
                            "position": position,
                            "reps": 8 if warmup else int(rng.integers(4, 9)),
                            "weight_kg": weight,
                            "rir": None if warmup else float(rng.integers(1, 4)),
                            "completed": bool(rng.random() > 0.03),
                            "is_warmup": warmup,
                            "notes": "",
                        }
                    )
                    position += 1
        if weekday in RUN_DAYS:
            minutes = float(rng.uniform(30, 55))
            out.cardio.append(
                {
                    "athlete_id": athlete_id,
                    "activity_type": "running",
                    "started_at": _at(day, 7.0 + float(rng.uniform(0, 1))),
                    "duration_s": round(minutes) * 60.0,
                    "distance_m": round(minutes * 60 * 2.9),
                    "avg_hr": float(rng.integers(138, 156)),
                    "max_hr": float(rng.integers(168, 186)),
                    "calories_kcal": None,
                    "steps": None,
                    "session_rpe": float(rng.integers(3, 7)),
                    "notes": "",
                    "source": "bench",
                    "source_id": f"c{back}",
                }
            )
    return out


# --------------------------------------------------------------------------- one database


def _schedstat_ns(pid: int | str) -> int | None:
    """Nanoseconds a process (a PostgreSQL backend) has run on a CPU, or None when its
    /proc entry cannot be read (a server on another machine)."""
    try:
        with open(f"/proc/{pid}/schedstat", encoding="ascii") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


@dataclass
class Prepared:
    """A database with one athlete and their history."""

    label: str  # "8 weeks", "1 year", "5 years"
    weeks: int
    engine: Engine
    factory: sessionmaker[Session]
    athlete_id: int
    subject: Subject
    counts: dict[str, int]
    backend_pid: int | None = None  # PostgreSQL: the one backend that serves every request

    def ctx(self, session: Session) -> ServiceContext:
        return ServiceContext(session=session, subject=self.subject, clock=FixedClock(NOW))

    def server_cpu_ns(self) -> int:
        """CPU the database server spent for this database so far (0 for SQLite, whose work
        is this process's own)."""
        if self.backend_pid is None:
            return 0
        return _schedstat_ns(self.backend_pid) or 0

    def close(self) -> None:
        self.engine.dispose()


def weeks_label(weeks: int) -> str:
    if weeks % 52 == 0:
        years = weeks // 52
        return f"{years} year" + ("s" if years > 1 else "")
    return f"{weeks} weeks"


def prepare(url: str, weeks: int) -> Prepared:
    """Migrate ``url``, load the library, create the athlete, store ``weeks`` weeks of history,
    rebuild the records, put a first plan in force."""
    migrate.upgrade(url)
    # One connection, so that one PostgreSQL backend serves every request and its CPU counts.
    engine = make_engine(url, pool_size=1, max_overflow=0)
    factory = make_session_factory(engine)
    with unit_of_work(factory) as session:
        ctx = ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))
        load_library(ctx)
        athlete_id = create_athlete(
            ctx,
            {
                "name": "History Bench",
                "email": "history@example.org",
                "timezone": TIMEZONE,
                "profile": PROFILE,
            },
        ).id
        account_id = session.execute(
            select(Athlete.account_id).where(Athlete.id == athlete_id)
        ).scalar_one()
        exercise_ids = dict(session.execute(select(Exercise.slug, Exercise.id)).all())
    rows = history(athlete_id, weeks, exercise_ids)
    with unit_of_work(factory) as session:
        sourced = ("athlete_id", "source", "source_id")
        for model, kind_rows, key in (
            (WorkoutSession, rows.workouts, sourced),
            (CardioSession, rows.cardio, sourced),
            (DailyMetric, rows.daily, ("athlete_id", "day")),
            (SleepSession, rows.sleep, sourced),
        ):
            insert_ignore(session, model.__table__, kind_rows, conflict_columns=key)  # type: ignore[arg-type]
        ids = dict(
            session.execute(
                select(WorkoutSession.source_id, WorkoutSession.id).where(
                    WorkoutSession.athlete_id == athlete_id
                )
            ).all()
        )
        insert_ignore(
            session,
            SetLog.__table__,  # type: ignore[arg-type]
            (
                {**{k: v for k, v in s.items() if k != "workout"}, "session_id": ids[s["workout"]]}
                for s in rows.sets
            ),
            conflict_columns=("session_id", "position"),
        )
        # Sets bulk-inserted behind the services' back: rebuild the records, as an import does.
        records_repo.rebuild(session, scope_for(session, Subject.system(), athlete_id))
    backend_pid = None
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("ANALYZE"))
            conn.commit()
            pid = int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())
        backend_pid = pid if _schedstat_ns(pid) is not None else None
    subject = Subject(account_id=account_id, role=Role.athlete)
    db = Prepared(
        weeks_label(weeks),
        weeks,
        engine,
        factory,
        athlete_id,
        subject,
        rows.counts(),
        backend_pid,
    )
    _check_stored(db)
    with unit_of_work(factory) as session:
        view = plans.generate(db.ctx(session), athlete_id, seed=1, replace=True)
    if view.status != "active":
        raise BenchmarkError(f"{db.label}: the first plan ended {view.status}")
    return db


def _check_stored(db: Prepared) -> None:
    """The database holds exactly the rows generated, and reaches back ``weeks`` weeks."""
    with db.engine.connect() as conn:
        for table, expected in db.counts.items():
            got = conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
            if got != expected:
                raise BenchmarkError(f"{db.label}: {table} holds {got} rows, expected {expected}")
        first = conn.execute(select(func.min(DailyMetric.day))).scalar_one()
    if first != TODAY - timedelta(weeks=db.weeks):
        raise BenchmarkError(f"{db.label}: the history starts on {first}, not {db.weeks} weeks ago")


def folded_records(db: Prepared) -> dict[str, PersonalRecords]:
    """Personal records folded from every stored set: what the served records must equal."""
    with db.factory() as session:
        scope = scope_for(session, db.subject, db.athlete_id)
        return personal_records(
            SetRecord(at, slug, reps, weight, rir, completed, warmup)
            for at, _eid, slug, reps, weight, rir, completed, warmup in log_repo.set_history(
                session, scope
            )
        )


# --------------------------------------------------------------------------- the requests


def _generate(ctx: ServiceContext, athlete_id: int) -> Any:
    return plans.generate(ctx, athlete_id, seed=1, replace=True)


def _review(ctx: ServiceContext, athlete_id: int) -> Any:
    return plans.review_week(ctx, athlete_id, TODAY)


def _today(ctx: ServiceContext, athlete_id: int) -> Any:
    return plans.today(ctx, athlete_id, TODAY)


def _readiness(ctx: ServiceContext, athlete_id: int) -> Any:
    return monitoring.readiness(ctx, athlete_id, TODAY)


def _load(ctx: ServiceContext, athlete_id: int) -> Any:
    return monitoring.training_load(ctx, athlete_id, start=TODAY - timedelta(days=27), end=TODAY)


def _records(ctx: ServiceContext, athlete_id: int) -> Any:
    return training_log.records(ctx, athlete_id)


Folded = dict[str, PersonalRecords]


def _check_generated(db: Prepared, view: Any, folded: Folded) -> None:
    if view.status != "active" or view.plan is None:
        raise BenchmarkError(f"{db.label}: plan generation ended {view.status}")
    from_e1rm = [
        item
        for week in view.plan.weeks
        for session in week.sessions
        for item in session.items
        if isinstance(item, StrengthItem)
        and item.exercise in folded
        and item.load.kind == "kg"
        and any(r.code == "load_from_e1rm" for r in item.reasons)
    ]
    if not from_e1rm:
        raise BenchmarkError(f"{db.label}: the plan loads no lift from a logged e1RM")


def _check_review(db: Prepared, result: Any, _folded: Folded) -> None:
    if result.status not in ("active", "unchanged"):
        raise BenchmarkError(f"{db.label}: the review ended {result.status}")


def _check_today(db: Prepared, view: Any, _folded: Folded) -> None:
    if view.status not in ("train", "lighter", "recovery", "rest"):
        raise BenchmarkError(f"{db.label}: today's session ended {view.status}")


def _check_readiness(db: Prepared, report: Any, _folded: Folded) -> None:
    if report.status != "ok" or report.score is None:
        raise BenchmarkError(f"{db.label}: readiness is {report.status}, not scored")


def _check_load(db: Prepared, report: Any, _folded: Folded) -> None:
    if len(report.days) != 28 or not report.sessions:
        raise BenchmarkError(
            f"{db.label}: the load report has {len(report.days)} days, "
            f"{len(report.sessions)} sessions"
        )


def _check_records(db: Prepared, served: Any, folded: Folded) -> None:
    got = {p.exercise: p for p in served}
    if got != folded:
        wrong = sorted(k for k in got.keys() | folded.keys() if got.get(k) != folded.get(k))
        raise BenchmarkError(f"{db.label}: records differ from the stored sets for {wrong}")


@dataclass(frozen=True)
class Request:
    name: str
    call: Callable[[ServiceContext, int], Any]
    check: Callable[[Prepared, Any, Folded], None]


REQUESTS: tuple[Request, ...] = (
    Request("plan generation", _generate, _check_generated),
    Request("weekly review", _review, _check_review),
    Request("today's session", _today, _check_today),
    Request("readiness", _readiness, _check_readiness),
    Request("training load, 4 weeks", _load, _check_load),
    Request("personal records", _records, _check_records),
)


@dataclass
class Samples:
    """One request on one database: wall and CPU seconds (this process and the database's
    server backend) per run."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.wall) * 1000

    @property
    def cpu_ms(self) -> float:
        return statistics.median(self.cpu) * 1000


def _run(db: Prepared, request: Request, folded: Folded) -> tuple[float, float]:
    """One request in its own unit of work: its wall seconds (commit included) and the CPU
    seconds it took here and in the database server. Checked afterwards, untimed."""

    def once() -> Any:
        with unit_of_work(db.factory) as session:
            return request.call(db.ctx(session), db.athlete_id)

    cpu, server = clock.process_time(), db.server_cpu_ns()
    seconds, value = timed(once)
    cpu = clock.process_time() - cpu + (db.server_cpu_ns() - server) / 1e9
    request.check(db, value, folded)
    return seconds, cpu


def bench_databases(
    kind: str,
    dbs: list[Prepared],
    repeat: int,
    progress: Callable[[str], None],
    *,
    warmup: bool = True,
) -> list[Result]:
    """Every request on every database, ``repeat`` rounds after an untimed one (unless
    ``warmup`` is off); the first database is the baseline, the last the figure."""
    folded = {db.label: folded_records(db) for db in dbs}
    samples = {(r.name, db.label): Samples() for r in REQUESTS for db in dbs}
    for round_ in range(0 if warmup else 1, repeat + 1):
        progress(f"{kind}: round {round_}/{repeat}" + (" (warm-up)" if round_ == 0 else ""))
        for request in REQUESTS:
            shift = round_ % len(dbs)  # which database goes first rotates
            for db in dbs[shift:] + dbs[:shift]:
                seconds, cpu = _run(db, request, folded[db.label])
                if round_:
                    got = samples[(request.name, db.label)]
                    got.wall.append(seconds)
                    got.cpu.append(cpu)
    short, long = dbs[0], dbs[-1]
    results = []
    for request in REQUESTS:
        base, figure = samples[(request.name, short.label)], samples[(request.name, long.label)]
        ratio = figure.median_ms / base.median_ms
        cpu_ratio = figure.cpu_ms / base.cpu_ms
        notes = [f"CPU {figure.cpu_ms:.1f} vs {base.cpu_ms:.1f} ms ({cpu_ratio:.2f})"]
        between = {}
        for db in dbs[1:-1]:
            mid = samples[(request.name, db.label)]
            between[db.label] = {"median_ms": mid.median_ms, "cpu_ms": mid.cpu_ms}
            notes.append(
                f"{long.label}/{db.label}: wall {figure.median_ms / mid.median_ms:.2f}, "
                f"CPU {figure.cpu_ms / mid.cpu_ms:.2f}"
            )
        met = {"wall": ratio <= GOAL_RATIO, "CPU": cpu_ratio <= GOAL_RATIO}
        notes.append(
            f"goal ≤ {GOAL_RATIO:.2f}: "
            + ", ".join(f"{k} {'met' if v else 'NOT met'}" for k, v in met.items())
        )
        results.append(
            Result(
                name=f"{kind} · {request.name}",
                figure=figure.median_ms,
                unit=f"ms, {long.label}",
                baseline=base.median_ms,
                ratio=ratio,
                baseline_name=f"ms, {short.label}",
                group=NAME,
                notes="; ".join(notes),
                samples=figure.wall,
                baseline_samples=base.wall,
                extra={
                    "database": kind,
                    "request": request.name,
                    "weeks": {db.label: db.weeks for db in dbs},
                    "rows": {db.label: db.counts for db in dbs},
                    "cpu_ms": figure.cpu_ms,
                    "baseline_cpu_ms": base.cpu_ms,
                    "cpu_ratio": cpu_ratio,
                    "between": between,
                    "server_cpu_counted": all(db.backend_pid is not None for db in dbs)
                    if kind != "SQLite"
                    else True,
                    "repeats": len(figure.wall),
                    "cpu_samples": figure.cpu,
                    "baseline_cpu_samples": base.cpu,
                    "goal_met": met,
                },
            )
        )
    return results


def _admin(server_url: str, sql: str) -> None:
    dsn = server_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(dsn, autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)


@contextmanager
def databases(kind: str, sizes: Sizes, tmp: Path) -> Iterator[list[Prepared]]:
    """The databases of one kind, one per history length; dropped afterwards."""
    server = postgres_server_url()
    names: list[str] = []
    made: list[Prepared] = []
    try:
        for weeks in sizes.histories:
            if kind == "SQLite":
                url = f"sqlite:///{tmp / f'history{weeks}.sqlite3'}"
            else:
                name = f"fitcoach_bench_{os.getpid()}_h{weeks}"
                _admin(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                _admin(server, f"CREATE DATABASE {name}")
                names.append(name)
                url = make_url(server).set(database=name).render_as_string(hide_password=False)
            made.append(prepare(url, weeks))
        yield made
    finally:
        for db in made:
            db.close()
        for name in names:
            _admin(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def bench_kind(kind: str, sizes: Sizes, progress: Callable[[str], None]) -> list[Result]:
    """Prepare the histories on one kind of database and time the requests on them."""
    with tempfile.TemporaryDirectory(prefix="fitcoach-bench-history-") as tmp:
        lengths = ", ".join(weeks_label(w) for w in sizes.histories)
        progress(f"{kind}: storing {lengths} of history")
        with databases(kind, sizes, Path(tmp)) as dbs:
            return bench_databases(kind, dbs, sizes.repeat, progress, warmup=sizes.warmup)


def main(args: BenchArgs) -> list[Result]:
    sizes = sizes_for(args)
    results = bench_kind("SQLite", sizes, args.progress)
    server = postgres_server_url()
    why = postgres_unreachable(server)
    if why is not None:
        message = f"PostgreSQL at {server} is unreachable ({why}): its rows are skipped"
        print(f"[{NAME}] {message}")
        results.append(
            Result(name="PostgreSQL · skipped", figure=None, unit="", notes=message, group=NAME)
        )
    else:
        results += bench_kind("PostgreSQL", sizes, args.progress)
    for r in results:
        if r.figure is not None and r.baseline is not None:
            args.progress(f"{r.name}: {r.figure:.1f} ms ({r.baseline:.1f} ms), {r.ratio:.2f}")
    return results
