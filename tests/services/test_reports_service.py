"""The weekly report's data: figures equal a direct computation over the log, deltas against
the previous week, planned against done, readiness, red flags, scoping, and no writes."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from tests.conftest import NOW
from tests.factories import as_subject, make_athlete, subject_of, workout
from tests.fixtures import readiness_reference

from fitcoach.analysis import readiness as readiness_analysis
from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.services import athletes, health, plans, reports, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.monitoring import readiness_report
from fitcoach.storage.db import Base
from fitcoach.storage.models import AuditEntry
from fitcoach.storage.repositories import training_log as training_log_repo

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


def test_days_without_a_check_in_ask_instead_of_scoring(ctx: ServiceContext) -> None:
    """Sleep and HRV logged every day of the week, no check-in: the report's readiness days
    carry no score and say so; the one day answered is led by what was said."""
    from fitcoach.interfaces.reports.weekly import render_weekly

    athlete = make_athlete(ctx)
    first = date.fromisocalendar(*(int(x) for x in WEEK.replace("W", "").split("-")), 1)
    for i in range(7):
        day = first + timedelta(days=i)
        training_log.log_daily(
            ctx, athlete.id, {"day": day, "sleep_s": 7 * 3600, "hrv_rmssd_ms": 60.0}
        )
    training_log.log_daily(ctx, athlete.id, {"day": first, "energy": 4, "soreness": 2, "mood": 4})
    s = reports.weekly_summary(ctx, athlete.id, WEEK)
    by_day = {r.day: r for r in s.readiness}
    assert by_day[first].score is not None
    rest = [r for d, r in by_day.items() if d != first]
    assert rest
    assert all((r.score, r.status) == (None, "no_checkin") for r in rest)
    assert all(any("No check-in yet" in why for why in r.reasons) for r in rest)
    html = render_weekly(s, with_charts=False)
    assert html.count("no check-in — how did you feel?") == len(rest)


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


# --- the optimised summary against a straightforward recomputation ------------------------------


def _irregular(ctx: ServiceContext, zone: str, seed: int) -> int:
    """An athlete far from UTC with an irregular log over 30 weeks: workouts and cardio at any
    hour (local days straddle UTC days), weeks off, mornings missing, nights slept, meals,
    feedback, and a plan in force."""
    rng = random.Random(seed)
    n = rng.randint(1000, 9999)
    athlete = athletes.create_athlete(
        ctx,
        {
            "name": f"Irregular {n}",
            "email": f"irregular{n}@example.org",
            "timezone": zone,
            "profile": {
                "birth_date": "1988-02-29",
                "sex": "male",
                "goals": ["strength"],
                "experience_level": "beginner",
                "days_per_week": 3,
                "equipment": ["barbell", "squat_rack", "bench", "dumbbell"],
            },
        },
    ).id
    end = date(2026, 11, 20)
    off = {rng.randint(0, 29) for _ in range(4)}  # weeks without any log
    for back in range(30 * 7, -1, -1):
        day = end - timedelta(days=back)
        if back // 7 in off:
            continue
        at = datetime(
            day.year, day.month, day.day, rng.randint(0, 23), rng.randint(0, 59), tzinfo=UTC
        )
        if rng.random() < 0.35 and at < NOW:
            sets = [("barbell-back-squat", rng.randint(3, 8), rng.choice([None, 60.0, 82.5]), 2)]
            sets += [("barbell-bench-press", 5, 50.0, rng.choice([None, 1, 3]))] * rng.randint(1, 3)
            extra = {"session_rpe": rng.choice([None, 6.0, 8.5])}
            if rng.random() < 0.5:
                extra["duration_s"] = rng.randint(1800, 5400)
            training_log.log_workout(ctx, athlete, workout(at, *sets, **extra))
        if rng.random() < 0.2 and at < NOW:
            training_log.log_cardio(
                ctx,
                athlete,
                {
                    "activity_type": "run",
                    "started_at": at.isoformat(),
                    "duration_s": rng.randint(900, 4000),
                    "distance_m": rng.choice([None, 5000.0]),
                    "avg_hr": rng.choice([None, 150]),
                    "max_hr": rng.choice([None, 178, 190]),
                    "session_rpe": rng.choice([None, 5.0, 7.0]),
                },
            )
        if rng.random() < 0.7 and day < end:
            morning = {
                "day": day,
                "hrv_rmssd_ms": rng.choice([None, rng.uniform(35, 90)]),
                "resting_hr": rng.choice([None, rng.randint(48, 64)]),
                "soreness": rng.choice([None, rng.randint(1, 5)]),
                "mood": rng.choice([None, rng.randint(1, 5)]),
                "energy": rng.choice([None, rng.randint(1, 5)]),
                "weight_kg": rng.choice([None, 80.5, 81.0]),
                "calories_in_kcal": rng.choice([None, 2400.0]),
                "protein_g": rng.choice([None, 140.0]),
                "sleep_s": rng.choice([None, None, 7 * 3600]),
            }
            training_log.log_daily(
                ctx, athlete, {k: v for k, v in morning.items() if v is not None}
            )
        if rng.random() < 0.5 and at + timedelta(hours=8) < NOW:
            training_log.log_sleep(
                ctx,
                athlete,
                {
                    "started_at": at.isoformat(),
                    "ended_at": (at + timedelta(hours=rng.randint(5, 9))).isoformat(),
                },
            )
        if rng.random() < 0.5 and at < NOW:
            training_log.log_meal(
                ctx,
                athlete,
                {
                    "eaten_at": at.isoformat(),
                    "calories_kcal": 700.0,
                    "protein_g": rng.choice([None, 40.0]),
                },
            )
        if rng.random() < 0.1 and at < NOW:
            training_log.log_feedback(ctx, athlete, {"recorded_at": at.isoformat(), "energy": 6})
    plans.generate(ctx, athlete, start=date(2026, 10, 26))
    return athlete


@contextmanager
def _each_read_from_the_database(*_args: Any, **_kwargs: Any) -> Iterator[None]:
    yield


def _day_by_day(
    sessions: list[Any], start: date, end: date
) -> dict[date, tuple[float | None, float | None]]:
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    return {d: readiness_reference.load_state(sessions, d) for d in days}


def _each_morning_on_its_frame(
    daily: Mapping[date, Mapping[str, float | None]], start: date, end: date, **kwargs: Any
) -> list[Any]:
    """What the services call, done as before: the readings as a pandas frame, each morning
    scored on its own window by the reference implementation (calls are counted)."""
    import pandas as pd

    _REFERENCE_CALLS.append((start, end))
    columns = list(readiness_reference.COLUMNS)
    frame = pd.DataFrame.from_dict(
        {pd.Timestamp(d): {c: row.get(c) for c in columns} for d, row in sorted(daily.items())},
        orient="index",
        columns=columns,
        dtype=float,
    )
    # The reference scores with the shipped weights only.
    assert kwargs.pop("weights", readiness_analysis.WEIGHTS) == readiness_analysis.WEIGHTS
    return readiness_reference.readiness_days(frame, start, end, **kwargs)


_REFERENCE_CALLS: list[tuple[date, date]] = []


@pytest.mark.parametrize(
    ("zone", "seed"), [("UTC", 1), ("America/Los_Angeles", 2), ("Pacific/Auckland", 3)]
)
def test_the_summary_equals_a_straightforward_recomputation(
    ctx: ServiceContext, demo: int, monkeypatch: pytest.MonkeyPatch, zone: str, seed: int
) -> None:
    """Reading each table once (the snapshot) and scoring readiness from one day grid give the
    summary that reading every part's window from the database and scoring each morning on its
    own frame, as before, gives: the demo athlete, an irregular log far from UTC, an empty
    log; full weeks, the week under way, a week with little history before it."""
    irregular = _irregular(ctx, zone, seed)
    empty = make_athlete(ctx).id
    asks = [(a, w) for a in (demo, irregular, empty) for w in (WEEK, "2026-W47", "2026-W40")]
    fast = [reports.weekly_summary(ctx, a, w) for a, w in asks]

    monkeypatch.setattr(training_log, "snapshot", _each_read_from_the_database)
    monkeypatch.setattr(readiness_analysis, "readiness_days_of_rows", _each_morning_on_its_frame)
    monkeypatch.setattr(readiness_report, "_load_states", _day_by_day)
    _REFERENCE_CALLS.clear()
    slow = [reports.weekly_summary(ctx, a, w) for a, w in asks]
    assert _REFERENCE_CALLS  # the readiness of the slow summaries came from the reference

    for (a, w), got, want in zip(asks, fast, slow, strict=True):
        assert got.model_dump() == want.model_dump(), (a, w)
    busy = fast[asks.index((irregular, WEEK))]
    assert busy.this_week.sessions
    assert busy.readiness
    assert busy.plan.has_plan
    assert any(r.status == "ok" for s in fast for r in s.readiness)


def test_the_summary_reads_each_table_once(
    ctx: ServiceContext, demo: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: Counter[str] = Counter()
    between = training_log_repo.rows_between

    def counted(session: Any, scope: Any, model: type[Any], *args: Any, **kwargs: Any) -> Any:
        reads[model.__tablename__] += 1
        return between(session, scope, model, *args, **kwargs)

    monkeypatch.setattr(training_log_repo, "rows_between", counted)
    reports.weekly_summary(ctx, demo, WEEK)
    assert set(reads.values()) == {1}, reads
    assert len(reads) == len(training_log.MODELS)
