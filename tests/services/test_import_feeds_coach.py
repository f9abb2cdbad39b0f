"""An imported history feeds the coach: its sets set e1RM, records and the plan's starting
loads; its strength sessions without a session RPE get an estimated load, marked as such."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.factories import make_athlete

from fitcoach.coach.plan import StrengthItem
from fitcoach.core.units import KG_PER_LB
from fitcoach.ingest.files.detect import ReadOptions
from fitcoach.services import imports, monitoring, plans, reports, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.plans import generation

HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n"
)
LIFTS = (
    ("Bench Press (Barbell)", 145),
    ("Squat (Barbell)", 185),
    ("Deadlift (Barbell)", 225),
    ("Overhead Press (Barbell)", 95),
    ("Bent Over Row (Barbell)", 115),
    ("Lat Pulldown (Machine)", 120),
)


def strong_history(ctx: ServiceContext, weeks: int = 4) -> bytes:
    """A Strong export (classic layout, lb, no RPE): three sessions a week of the main lifts."""
    rows = []
    now = ctx.clock.now()
    for week in range(weeks):
        for day in (1, 3, 5):
            when = (now - timedelta(days=7 * (weeks - week) - day)).strftime("%Y-%m-%d 18:00:00")
            for name, lb in LIFTS:
                for order in (1, 2, 3):
                    rows.append(f'{when},"Full body",1h 5m,"{name}",{order},{lb},8,0,0,"",,')
    return (HEADER + "\n".join(rows) + "\n").encode()


def _import(ctx: ServiceContext, athlete: int) -> None:
    outcome = imports.import_files(
        ctx,
        athlete,
        [imports.IncomingFile("strong.csv", strong_history(ctx))],
        options=ReadOptions(weight_unit="lb"),
    ).files[0]
    assert outcome.status == "imported", outcome.as_dict()


def test_imported_sets_set_e1rm_and_the_plans_starting_loads(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    _import(ctx, athlete)
    best = {r.exercise: r for r in training_log.records(ctx, athlete)}
    bench = best["barbell-bench-press"]
    assert bench.best_e1rm_kg == pytest.approx(145 * KG_PER_LB * (1 + 8 / 30), rel=1e-3)
    inputs = generation.planner_inputs(ctx, athlete, weeks=4, start=ctx.clock.now().date())
    assert inputs.e1rm_kg["barbell-bench-press"] == pytest.approx(bench.best_e1rm_kg)
    plan = plans.generate(ctx, athlete, seed=1, start=ctx.clock.now().date()).plan
    assert plan is not None
    items = [
        i
        for s in plan.sessions()
        for i in s.items
        if isinstance(i, StrengthItem) and i.exercise in inputs.e1rm_kg
    ]
    assert items, "the plan uses an imported lift"
    for item in items:
        assert item.load.kind == "kg", item
        assert all("No logged load yet" not in r.text for r in item.reasons)


def test_imported_sessions_without_rpe_get_an_estimated_load_marked_as_such(
    ctx: ServiceContext,
) -> None:
    athlete = make_athlete(ctx).id
    outcome = imports.import_files(
        ctx,
        athlete,
        [imports.IncomingFile("strong.csv", strong_history(ctx, weeks=6))],
        options=ReadOptions(weight_unit="lb"),
    ).files[0]
    assert outcome.counts["workouts"] == 18
    today = ctx.clock.now().date()
    report = monitoring.training_load(ctx, athlete, start=today - timedelta(days=50), end=today)
    strength = [s for s in report.sessions if s.kind == "strength"]
    assert len(strength) == 18
    for s in strength:
        assert s.rpe_estimated
        assert s.rpe == monitoring.IMPORTED_STRENGTH_RPE
        assert s.load_au == pytest.approx(5 * 65)
    assert any("estimated at RPE 5" in n for n in report.notes)
    assert not any("add no load" in n for n in report.notes)
    morning = monitoring.readiness(ctx, athlete, today)
    assert morning.acwr is not None
    assert morning.load_estimated


def test_a_session_logged_here_without_rpe_still_adds_no_load(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    when = ctx.clock.now() - timedelta(days=1)
    training_log.log_workout(
        ctx,
        athlete,
        {"started_at": when.isoformat(), "sets": [{"exercise": "barbell-bench-press", "reps": 5}]},
    )
    today = ctx.clock.now().date()
    report = monitoring.training_load(ctx, athlete, start=today - timedelta(days=7), end=today)
    (session,) = report.sessions
    assert (session.load_au, session.rpe_estimated) == (None, False)


def test_the_weekly_report_counts_and_marks_the_estimated_load(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    _import(ctx, athlete)
    today = ctx.clock.now().date()
    week = reports.last_complete_week(today)
    summary = reports.weekly_summary(ctx, athlete, week)  # read through the log's snapshot
    assert summary.this_week.load_au > 0
    assert any("estimated at RPE 5" in n for n in summary.notes)
