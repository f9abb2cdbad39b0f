"""The weekly report's data: figures equal a direct computation over the log, deltas against
the previous week, planned against done, readiness, red flags, scoping, and no writes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from tests.factories import as_subject, make_athlete, subject_of

from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.pipelines.demo import seed_demo
from fitcoach.services import health, plans, reports, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage.db import Base
from fitcoach.storage.models import AuditEntry

WEEK = "2026-W46"  # Mon 9 to Sun 15 Nov 2026; the fixed clock is Fri 20 Nov
MONDAY = date(2026, 11, 9)


def _counts(ctx: ServiceContext) -> dict[str, int]:
    return {
        t.name: ctx.session.execute(select(func.count()).select_from(t)).scalar_one()
        for t in Base.metadata.sorted_tables
    }


def _direct(ctx: ServiceContext, athlete_id: int, lo: date, hi: date) -> dict[str, Any]:
    workouts = [
        w
        for w in training_log.history(ctx, athlete_id, "workouts", lo, hi)
        if lo <= w["started_at"].date() <= hi
    ]
    cardio = [
        c
        for c in training_log.history(ctx, athlete_id, "cardio", lo, hi)
        if lo <= c["started_at"].date() <= hi
    ]
    working = [s for w in workouts for s in w["sets"] if not s["is_warmup"]]
    daily = training_log.history(ctx, athlete_id, "daily", lo, hi)
    weights = [d["weight_kg"] for d in daily if d["weight_kg"] is not None]
    return {
        "sessions": len(workouts) + len(cardio),
        "sets": len(working),
        "tonnage_kg": round(
            sum(s["reps"] * s["weight_kg"] for s in working if s["completed"] and s["weight_kg"]),
            1,
        ),
        "cardio_min": round(sum(c["duration_s"] for c in cardio) / 60, 1),
        "weight_kg": round(sum(weights) / len(weights), 2) if weights else None,
    }


@pytest.fixture
def demo(ctx: ServiceContext) -> int:
    seeded = seed_demo(ctx, weeks=8)
    plans.generate(ctx, seeded.athlete_id, start=date(2026, 11, 2))
    ctx.session.commit()
    return seeded.athlete_id


def test_week_figures_equal_the_log_and_deltas_the_previous_week(
    ctx: ServiceContext, demo: int
) -> None:
    s = reports.weekly_summary(ctx, demo, WEEK)
    assert (s.week, s.week_start, s.week_end, s.complete) == (
        WEEK,
        MONDAY,
        MONDAY + timedelta(days=6),
        True,
    )
    assert s.athlete_name == "Alex Demo"
    this = _direct(ctx, demo, MONDAY, MONDAY + timedelta(days=6))
    last = _direct(ctx, demo, MONDAY - timedelta(days=7), MONDAY - timedelta(days=1))
    for key, value in this.items():
        assert getattr(s.this_week, key) == value, key
    for key, value in last.items():
        assert getattr(s.last_week, key) == value, key
    assert s.this_week.sessions > 0
    assert s.this_week.sets > 0
    rows = {c.key: c for c in s.comparison}
    for key in ("sessions", "sets", "tonnage_kg", "cardio_min"):
        assert rows[key].delta == pytest.approx(this[key] - last[key], abs=0.011), key
    # Load: the sum of the load report's days in the week.
    week_days = [d for d in s.load_days if MONDAY <= d.day <= s.week_end]
    assert len(week_days) == 7
    assert s.this_week.load_au == pytest.approx(sum(d.load_au for d in week_days), abs=0.1)
    assert len(s.load_days) == 42  # six weeks for the fitness chart
    assert [r.day for r in s.readiness] == [MONDAY + timedelta(days=i) for i in range(7)]
    assert all(r.reasons for r in s.readiness)
    assert s.muscles
    assert all(m.sets >= 0 for m in s.muscles)
    assert s.recommendations
    assert not s.paused


def test_planned_against_done(ctx: ServiceContext, demo: int) -> None:
    s = reports.weekly_summary(ctx, demo, WEEK)
    assert s.plan.has_plan
    assert s.plan.version == 1
    assert s.plan.planned >= 1
    assert s.plan.done == sum(
        1 for p in s.plan.sessions if p.status == "done" and p.done_on and p.done_on >= MONDAY
    )
    assert all(p.status in ("done", "missed", "upcoming", "skipped") for p in s.plan.sessions)


def test_without_a_plan_the_report_says_so(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    s = reports.weekly_summary(ctx, athlete.id, WEEK)
    assert not s.plan.has_plan
    assert "No training plan" in s.plan.note
    assert s.this_week.sessions == 0
    assert s.this_week.sleep_h is None


def test_nothing_is_written(ctx: ServiceContext, demo: int) -> None:
    before = _counts(ctx)
    reports.weekly_summary(ctx, demo, WEEK)
    ctx.session.flush()
    assert _counts(ctx) == before
    assert not ctx.session.new
    assert not ctx.session.dirty


def test_a_red_flag_pauses_the_advice(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    health.raise_flag(ctx, athlete.id, "chest_pain")
    s = reports.weekly_summary(ctx, athlete.id, WEEK)
    assert s.paused
    assert [r.code for r in s.recommendations] == ["red_flag"]
    stop = s.recommendations[0]
    assert stop.severity == "stop"
    assert "paused" in stop.text
    assert "professional" in stop.text
    assert any("paused all training advice" in why for why in stop.reasons)
    assert s.vitals.open_flags


@pytest.mark.parametrize("week", ["2026-46", "W46", "2026-W54", "2026-W00", "", "next week"])
def test_a_bad_week_is_invalid_input_naming_the_form(ctx: ServiceContext, week: str) -> None:
    athlete = make_athlete(ctx)
    with pytest.raises(InvalidInput, match=r"2026-W46|YYYY-Www"):
        reports.weekly_summary(ctx, athlete.id, week)


def test_a_week_not_started_yet_is_invalid(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    with pytest.raises(InvalidInput, match="not started"):
        reports.weekly_summary(ctx, athlete.id, "2026-W49")
    partial = reports.weekly_summary(ctx, athlete.id, "2026-W47")  # under way on Fri 20 Nov
    assert not partial.complete
    assert [r.day for r in partial.readiness][-1] == date(2026, 11, 20)


def test_another_athletes_report_is_not_found(ctx: ServiceContext) -> None:
    mine, theirs = make_athlete(ctx), make_athlete(ctx)
    ctx.session.commit()
    me = as_subject(ctx, subject_of(ctx, mine))
    assert reports.weekly_summary(me, mine.id, WEEK).athlete_id == mine.id
    with pytest.raises(NotFound):
        reports.weekly_summary(me, theirs.id, WEEK)


def test_week_helpers() -> None:
    assert reports.parse_week("2026-w46") == (MONDAY, MONDAY + timedelta(days=6))
    assert reports.week_label(date(2027, 1, 1)) == "2026-W53"
    assert reports.last_complete_week(date(2026, 11, 20)) == "2026-W46"
    assert reports.last_complete_week(datetime(2026, 11, 16, tzinfo=UTC).date()) == "2026-W46"


def test_audit_is_not_touched(ctx: ServiceContext, demo: int) -> None:
    before = ctx.session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
    reports.weekly_summary(ctx, demo, WEEK)
    after = ctx.session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
    assert before == after
