"""Weekly review rate: ``coach.services.plans.review_week`` for many athletes, beside the I/O floor.

Setup (not timed): a SQLite file with the library; N athletes of four kinds (a strength lifter
with a gym, a beginner with dumbbells, a runner, an advanced hypertrophy lifter), each with a
plan generated and validated by the plan service (one generation per kind, its document copied
to the athletes of that kind) and 8 weeks of seeded logs: workouts that follow the plan's first
week (loads rising week by week, RIR around the target, some sets missed, some sessions
skipped), cardio for the cardio items, and daily readings (HRV, resting HR, sleep, soreness)
with bad days, bulk-inserted with ``storage.repositories.bulk.insert_ignore``.

Measured, per athlete, each in its own unit of work (commit timed):

(a) fitcoach: ``review_week(ctx, athlete, week_end)`` for the last of the 8 weeks: match the
    logged days to planned sessions, progression decisions, readiness for 5 days, ACWR, cardio
    ramp, safety validation and the new plan version;
(b) baseline, the I/O floor: reading the same week's workouts (with sets) and cardio through
    ``training_log.history``, which any review has to do.

Figures: athletes/s (N / total time; the median total over repeats, each repeat on a fresh copy
of the database), and p50/p95 seconds per athlete; ratio = fitcoach / baseline (below 1: the
review costs that many times the reading). The run fails unless every review put a new
version in force or found nothing to change, and the reviews matched logged sessions.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from benchmarks.common import BenchArgs, BenchmarkError, Result, Timing, percentile, timed
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from fitcoach.coach.plan import CardioItem, Plan, StrengthItem
from fitcoach.coach.today import project
from fitcoach.core.clock import FixedClock
from fitcoach.services import plans, training_log
from fitcoach.services.athletes import create_athlete
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import load_library
from fitcoach.storage import migrate
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work
from fitcoach.storage.models import (
    CardioSession,
    DailyMetric,
    Exercise,
    PlanVersion,
    SetLog,
    WorkoutSession,
)
from fitcoach.storage.repositories.bulk import insert_ignore

NAME = "review"
DEFAULT_ATHLETES = 1_000
QUICK_ATHLETES = 50
DEFAULT_REPEAT = 1
WEEKS = 8
SEED = 20_261_122
WEEK_END = date(2026, 11, 22)  # a Sunday: the last of the 8 weeks
PLAN_START = WEEK_END - timedelta(days=6)
LOG_START = PLAN_START - timedelta(weeks=WEEKS - 1)
NOW = datetime(2026, 11, 22, 21, 0, tzinfo=UTC)

KINDS: dict[str, dict[str, Any]] = {
    "lifter": {
        "goals": ["strength"],
        "experience_level": "intermediate",
        "days_per_week": 4,
        "equipment": ["barbell", "squat_rack", "bench", "dumbbell", "pull_up_bar", "cable"],
    },
    "beginner": {
        "goals": ["general_fitness"],
        "experience_level": "beginner",
        "days_per_week": 3,
        "equipment": ["dumbbell"],
    },
    "runner": {
        "goals": ["endurance"],
        "sports": ["running"],
        "experience_level": "intermediate",
        "days_per_week": 5,
        "equipment": ["dumbbell"],
    },
    "bodybuilder": {
        "goals": ["hypertrophy"],
        "experience_level": "advanced",
        "days_per_week": 5,
        "equipment": ["barbell", "squat_rack", "bench", "dumbbell", "cable", "machine"],
    },
}


@dataclass(frozen=True)
class Sizes:
    athletes: int
    repeat: int = DEFAULT_REPEAT


def sizes_for(args: BenchArgs) -> Sizes:
    athletes = args.rows or (QUICK_ATHLETES if args.quick else DEFAULT_ATHLETES)
    return Sizes(athletes=athletes, repeat=args.repeat or DEFAULT_REPEAT)


def _ctx(session: Session) -> ServiceContext:
    return ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))


@dataclass
class Prepared:
    """A database file ready to review, and who is in it."""

    path: Path
    athletes: list[int]
    workouts: int
    sets: int
    cardio: int
    daily: int


def _logs_for(
    athlete_id: int,
    plan: Plan,
    rng: np.random.Generator,
    exercise_ids: dict[str, int],
    next_workout: int,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """8 weeks of workouts (with sets), cardio and daily rows for one athlete."""
    workouts: list[dict[str, Any]] = []
    sets: list[dict[str, Any]] = []
    cardio: list[dict[str, Any]] = []
    daily: list[dict[str, Any]] = []
    first = plan.weeks[0].sessions
    offsets = [(p.original - PLAN_START).days for p in project(plan, PLAN_START)][: len(first)]
    strength = rng.uniform(0.6, 1.3)
    skip = rng.uniform(0.0, 0.25)  # how often this athlete skips a session
    for week in range(WEEKS):
        monday = LOG_START + timedelta(weeks=week)
        for session, offset in zip(first, offsets, strict=True):
            if rng.random() < skip:
                continue
            day = monday + timedelta(days=offset)
            started = datetime(day.year, day.month, day.day, 17, tzinfo=UTC) + timedelta(
                minutes=int(rng.integers(-120, 120))
            )
            lifts = [i for i in session.items if isinstance(i, StrengthItem)]
            if lifts:
                workout_id = next_workout + len(workouts)
                workouts.append(
                    {
                        "id": workout_id,
                        "athlete_id": athlete_id,
                        "started_at": started,
                        "duration_s": float(session.estimated_minutes * 60),
                        "title": session.name,
                        "notes": "",
                        "session_rpe": float(rng.integers(5, 9)),
                        "source": "bench",
                        "source_id": f"w{athlete_id}-{week}-{session.key}",
                    }
                )
                position = 0
                for item in lifts:
                    base = 20.0 + 40.0 * strength * (1 + (item.rep_max < 8))
                    load = None
                    if item.load.kind != "bodyweight":
                        load = round((base * (1 + 0.02 * week)) / 2.5) * 2.5
                    for _ in range(item.sets):
                        reps = int(rng.integers(item.rep_min - 2, item.rep_max + 2))
                        sets.append(
                            {
                                "session_id": workout_id,
                                "athlete_id": athlete_id,
                                "exercise_id": exercise_ids[item.exercise],
                                "position": position,
                                "reps": max(0, reps),
                                "weight_kg": load,
                                "rir": float(np.clip(item.target_rir + rng.normal(0, 1), 0, 6)),
                                "completed": bool(rng.random() > 0.03),
                                "is_warmup": False,
                                "notes": "",
                            }
                        )
                        position += 1
            for n, item in enumerate(i for i in session.items if isinstance(i, CardioItem)):
                minutes = (item.duration_s or 1800) / 60 * rng.uniform(0.7, 1.1)
                cardio.append(
                    {
                        "athlete_id": athlete_id,
                        "activity_type": "running",
                        "started_at": started.replace(hour=7) + timedelta(minutes=n * 60),
                        "duration_s": round(minutes) * 60.0,
                        "distance_m": None,
                        "avg_hr": float(rng.integers(125, 160)),
                        "max_hr": float(rng.integers(165, 185)),
                        "calories_kcal": None,
                        "steps": None,
                        "session_rpe": float(rng.integers(3, 8)),
                        "notes": "",
                        "source": "bench",
                        "source_id": f"c{athlete_id}-{week}-{session.key}-{n}",
                    }
                )
    hrv = rng.uniform(35, 90)
    rhr = rng.uniform(48, 66)
    for d in range(WEEKS * 7):
        day = LOG_START + timedelta(days=d)
        bad = rng.random() < 0.12
        daily.append(
            {
                "athlete_id": athlete_id,
                "day": day,
                "sleep_s": float((4.5 if bad else rng.uniform(6.5, 8.5)) * 3600),
                "sleep_quality": None,
                "weight_kg": None,
                "resting_hr": float(round(rhr + (7 if bad else rng.normal(0, 1.5)))),
                "hrv_rmssd_ms": float(round(hrv * (0.7 if bad else rng.lognormal(0, 0.08)), 1)),
                "calories_in_kcal": None,
                "protein_g": None,
                "mood": None,
                "energy": None,
                "soreness": 5 if bad else int(rng.integers(1, 4)),
                "stress": None,
                "source": "bench",
                "source_id": f"d{athlete_id}-{d}",
            }
        )
    return workouts, sets, cardio, daily


def prepare(directory: Path, athletes: int, progress: Any = None) -> Prepared:
    """Build the database for ``athletes`` athletes (see the module docstring)."""
    say = progress or (lambda _m: None)
    path = directory / "review.sqlite3"
    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    rng = np.random.default_rng(SEED)
    ids: list[int] = []
    kinds = list(KINDS)
    say(f"creating {athletes:,} athletes")
    with unit_of_work(factory) as session:
        ctx = _ctx(session)
        load_library(ctx)
        for n in range(athletes):
            kind = kinds[n % len(kinds)]
            out = create_athlete(
                ctx,
                {
                    "name": f"Bench {n}",
                    "email": f"bench{n}@example.org",
                    "profile": {"birth_date": "1990-03-03", "sex": "female", **KINDS[kind]},
                },
            )
            ids.append(out.id)
        rows = session.execute(select(Exercise.slug, Exercise.id)).all()
        exercise_ids: dict[str, int] = {row[0]: row[1] for row in rows}
    say("generating one plan per kind")
    documents: dict[str, dict[str, Any]] = {}
    with unit_of_work(factory) as session:
        ctx = _ctx(session)
        for n, kind in enumerate(kinds[: min(len(kinds), athletes)]):
            view = plans.generate(ctx, ids[n], seed=SEED % 1000, weeks=4, start=PLAN_START)
            if view.status != "active":
                raise BenchmarkError(f"the {kind} plan was not put in force: {view.verdict}")
            row = session.execute(
                select(PlanVersion).where(PlanVersion.athlete_id == ids[n])
            ).scalar_one()
            documents[kind] = {
                "status": "active",
                "proposed_by": "athlete",
                "document": row.document,
                "operations": row.operations,
                "diff": [],
                "reasons": row.reasons,
                "verdict": row.verdict,
                "created_at": NOW,
            }
    say("generating 8 weeks of logs")
    workouts: list[dict[str, Any]] = []
    sets: list[dict[str, Any]] = []
    cardio: list[dict[str, Any]] = []
    daily: list[dict[str, Any]] = []
    versions: list[dict[str, Any]] = []
    for n, athlete_id in enumerate(ids):
        kind = kinds[n % len(kinds)]
        doc = documents[kind]
        plan = Plan.model_validate({**doc["document"], "athlete_id": athlete_id})
        if n >= len(kinds):
            versions.append(
                {
                    **doc,
                    "athlete_id": athlete_id,
                    "version": 1,
                    "parent_version": None,
                    "document": plan.model_dump(mode="json"),
                    "decided_at": NOW,
                    "actor_account_id": None,
                }
            )
        w, s, c, d = _logs_for(athlete_id, plan, rng, exercise_ids, 1 + len(workouts))
        workouts += w
        sets += s
        cardio += c
        daily += d
    say(f"inserting {len(sets):,} sets, {len(daily):,} daily rows")
    with unit_of_work(factory) as session:
        insert_ignore(
            session,
            PlanVersion.__table__,  # type: ignore[arg-type]
            versions,
            conflict_columns=["athlete_id", "version"],
        )
        insert_ignore(
            session,
            WorkoutSession.__table__,  # type: ignore[arg-type]
            workouts,
            conflict_columns=["athlete_id", "source", "source_id"],
        )
        insert_ignore(
            session,
            SetLog.__table__,  # type: ignore[arg-type]
            sets,
            conflict_columns=["session_id", "position"],
        )
        insert_ignore(
            session,
            CardioSession.__table__,  # type: ignore[arg-type]
            cardio,
            conflict_columns=["athlete_id", "source", "source_id"],
        )
        insert_ignore(
            session,
            DailyMetric.__table__,  # type: ignore[arg-type]
            daily,
            conflict_columns=["athlete_id", "day"],
        )
    engine.dispose()
    return Prepared(path, ids, len(workouts), len(sets), len(cardio), len(daily))


def _review_all(
    factory: sessionmaker[Session], athletes: list[int]
) -> tuple[list[float], dict[str, int]]:
    samples: list[float] = []
    outcome = {"active": 0, "unchanged": 0, "matches": 0, "decisions": 0}
    for athlete_id in athletes:

        def one(athlete_id: int = athlete_id) -> plans.ReviewResult:
            with unit_of_work(factory) as session:
                return plans.review_week(_ctx(session), athlete_id, WEEK_END)

        seconds, result = timed(one)
        if result.status not in ("active", "unchanged"):
            raise BenchmarkError(f"review of athlete {athlete_id} ended {result.status}")
        outcome[result.status] += 1
        outcome["matches"] += len(result.matches)
        outcome["decisions"] += len(result.decisions)
        samples.append(seconds)
    return samples, outcome


def _read_all(factory: sessionmaker[Session], athletes: list[int]) -> tuple[list[float], int]:
    samples: list[float] = []
    rows = 0
    start = WEEK_END - timedelta(days=6)
    for athlete_id in athletes:

        def one(athlete_id: int = athlete_id) -> int:
            with unit_of_work(factory) as session:
                ctx = _ctx(session)
                got = training_log.history(ctx, athlete_id, "workouts", start, WEEK_END)
                got += training_log.history(ctx, athlete_id, "cardio", start, WEEK_END)
                return len(got)

        seconds, count = timed(one)
        rows += count
        samples.append(seconds)
    return samples, rows


def bench(prepared: Prepared, sizes: Sizes, progress: Any = None) -> list[Result]:
    """Time the reviews and the baseline on fresh copies of the prepared database."""
    say = progress or (lambda _m: None)
    n = len(prepared.athletes)
    totals: list[float] = []
    base_totals: list[float] = []
    per_athlete: list[float] = []
    base_per_athlete: list[float] = []
    outcome: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="fitcoach-bench-review-run-") as tmp:
        for r in range(sizes.repeat):
            copy = Path(tmp) / f"run{r}.sqlite3"
            shutil.copyfile(prepared.path, copy)
            engine = make_engine(f"sqlite:///{copy}")
            factory = make_session_factory(engine)
            try:
                order = ["baseline", "review"] if r % 2 == 0 else ["review", "baseline"]
                for name in order:
                    say(f"{name}: {n:,} athletes, run {r + 1}/{sizes.repeat}")
                    if name == "baseline":
                        samples, rows = _read_all(factory, prepared.athletes)
                        if rows == 0:
                            raise BenchmarkError("the baseline read no logs")
                        base_totals.append(sum(samples))
                        base_per_athlete += samples
                    else:
                        samples, outcome = _review_all(factory, prepared.athletes)
                        totals.append(sum(samples))
                        per_athlete += samples
                with unit_of_work(factory) as session:
                    stored = session.execute(
                        select(func.count())
                        .select_from(PlanVersion)
                        .where(PlanVersion.proposed_by == "review", PlanVersion.status == "active")
                    ).scalar_one()
                if stored != outcome["active"] or outcome["matches"] == 0:
                    raise BenchmarkError(
                        f"{outcome['active']} reviews reported a new version, {stored} are stored "
                        f"active; {outcome['matches']} sessions matched"
                    )
            finally:
                engine.dispose()
    measured, baseline = Timing(tuple(totals)), Timing(tuple(base_totals))
    figure = n / measured.median
    base = n / baseline.median
    extra = {
        "athletes": n,
        "weeks_of_logs": WEEKS,
        "workouts": prepared.workouts,
        "sets": prepared.sets,
        "cardio": prepared.cardio,
        "daily": prepared.daily,
        "p50_s": percentile(per_athlete, 50),
        "p95_s": percentile(per_athlete, 95),
        "baseline_p50_s": percentile(base_per_athlete, 50),
        "baseline_p95_s": percentile(base_per_athlete, 95),
        "repeats": sizes.repeat,
        **{f"reviews_{k}": v for k, v in outcome.items()},
    }
    return [
        Result(
            name="review_week · SQLite",
            figure=figure,
            unit="athletes/s",
            baseline=base,
            ratio=figure / base,
            notes=(
                f"p50 {1000 * extra['p50_s']:.1f} ms, p95 {1000 * extra['p95_s']:.1f} ms per "
                f"athlete (reading the week: p50 {1000 * extra['baseline_p50_s']:.1f} ms); "
                f"{n:,} athletes x {WEEKS} weeks of logs"
            ),
            baseline_name="training_log.history (the week's logs)",
            group=NAME,
            samples=list(measured.samples),
            baseline_samples=list(baseline.samples),
            extra=extra,
        )
    ]


def main(args: BenchArgs) -> list[Result]:
    sizes = sizes_for(args)
    with tempfile.TemporaryDirectory(prefix="fitcoach-bench-review-") as tmp:
        prepared = prepare(Path(tmp), sizes.athletes, args.progress)
        results = bench(prepared, sizes, args.progress)
    for r in results:
        print(f"[{NAME}] {r.name}: {r.figure:,.1f} athletes/s; {r.notes}")
    return results
