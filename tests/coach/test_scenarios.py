"""Whole coaching scenarios through the services, on SQLite and PostgreSQL: generate a plan,
train (or not), review the week, ask for today's session, edit."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from tests.factories import log_weeks, make_athlete

from fitcoach.coach.plan import CardioItem, Plan, StrengthItem
from fitcoach.coach.safety import default_library, validate_plan
from fitcoach.coach.today import project
from fitcoach.core.clock import FixedClock
from fitcoach.services import health, plans, training_log
from fitcoach.services.context import ServiceContext

START = date(2026, 11, 16)  # Monday; the clock stands at Friday 2026-11-20 12:00 UTC
LIBRARY = default_library()


def at(day: date, hour: int = 18) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def move_clock(ctx: ServiceContext, day: date, hour: int = 20) -> None:
    assert isinstance(ctx.clock, FixedClock)
    ctx.clock.set(at(day, hour))


def strength(plan: Plan) -> list[tuple[str, StrengthItem]]:
    return [(s.key, i) for s in plan.sessions() for i in s.items if isinstance(i, StrengthItem)]


def week_keys(plan: Plan, index: int) -> list[str]:
    return [s.key for s in plan.weeks[index - 1].sessions]


def originals(plan: Plan) -> dict[str, date]:
    return {p.key: p.original for p in project(plan, plan.start)}


def log_as_planned(
    ctx: ServiceContext,
    athlete_id: int,
    plan: Plan,
    keys: list[str],
    *,
    kg: float = 20.0,
    rir_offset: float = 0.0,
) -> None:
    """Log each session on its original day: every set at the top of the range, at the
    target RIR plus ``rir_offset``; cardio for its planned duration."""
    dates = originals(plan)
    for key in keys:
        session = plan.session(key)
        sets = [
            {
                "exercise": i.exercise,
                "reps": i.rep_max,
                "weight_kg": None if i.load.kind == "bodyweight" else kg,
                "rir": min(10.0, i.target_rir + rir_offset),
            }
            for i in session.items
            if isinstance(i, StrengthItem)
            for _ in range(i.sets)
        ]
        if sets:
            training_log.log_workout(
                ctx, athlete_id, {"started_at": at(dates[key]).isoformat(), "sets": sets}
            )
        for n, item in enumerate(i for i in session.items if isinstance(i, CardioItem)):
            training_log.log_cardio(
                ctx,
                athlete_id,
                {
                    "activity_type": "running",
                    "started_at": at(dates[key], 7 + n).isoformat(),
                    "duration_s": item.duration_s or 1800,
                },
            )


def assert_safe(ctx: ServiceContext, athlete_id: int) -> Plan:
    """The plan in force passes the safety validator unchanged; returns it."""
    view = plans.current(ctx, athlete_id)
    assert view.plan is not None
    verdict = validate_plan(view.plan, health.safety_profile(ctx, athlete_id), LIBRARY)
    assert verdict.status == "ok", [v.reason.text for v in verdict.violations]
    return view.plan


def test_novice_with_knee_pain_and_only_dumbbells(ctx: ServiceContext) -> None:
    a = make_athlete(
        ctx,
        goals=["general_fitness"],
        experience_level="beginner",
        days_per_week=3,
        equipment=["dumbbell"],
        injuries=[{"region": "knee", "severity": "moderate", "note": "hurts on deep squats"}],
    ).id
    view = plans.generate(ctx, a, start=START)
    assert view.status == "active"
    plan = assert_safe(ctx, a)
    assert all(len(w.sessions) <= 3 for w in plan.weeks)
    for _, item in strength(plan):
        record = LIBRARY[item.exercise]
        assert set(record.equipment) <= {"dumbbell"}, item.exercise
        assert "knee" not in record.contraindicated_regions, item.exercise
        assert item.target_rir >= 2  # beginners keep reps in reserve
        assert not item.max_test

    # An edit asking for a knee-unfriendly exercise never reaches the plan in force.
    key, item = strength(plan)[0]
    asked = plans.propose_edit(
        ctx,
        a,
        {"op": "replace_exercise", "session": key, "exercise": item.exercise, "to": "jump squat"},
        auto_apply=True,
    )
    in_force = assert_safe(ctx, a)
    assert all(
        "knee" not in LIBRARY[i.exercise].contraindicated_regions for _, i in strength(in_force)
    )
    if asked.accepted:
        assert any(v.rule in ("contraindicated", "equipment") for v in asked.verdict.violations)

    # A good first week: next week goes up, never beyond one step.
    log_as_planned(ctx, a, in_force, week_keys(in_force, 1), kg=10)
    move_clock(ctx, date(2026, 11, 22))
    review = plans.review_week(ctx, a, date(2026, 11, 22))
    assert review.status == "active"
    assert len(review.matches) == len(week_keys(in_force, 1))
    after = assert_safe(ctx, a)
    ups = [d for d in review.decisions if d.action in ("load_up", "reps_up", "range_up")]
    assert ups, [d.action for d in review.decisions]
    for _, i in strength(after):
        if i.load.kind == "kg":
            assert (i.load.value or 0) <= 12.5  # 10 kg + max(2.5 kg, 5 %)


def test_marathon_runner_five_days(ctx: ServiceContext) -> None:
    a = make_athlete(
        ctx,
        goals=["endurance"],
        sports=["running"],
        experience_level="intermediate",
        days_per_week=5,
        session_minutes=75,
        equipment=["dumbbell"],
    ).id
    plans.generate(ctx, a, start=START)
    plan = assert_safe(ctx, a)
    assert plan.days_per_week == 5
    minutes = [
        sum(i.duration_s or 0 for s in w.sessions for i in s.items if isinstance(i, CardioItem))
        for w in plan.weeks
    ]
    assert minutes[0] > 0
    for before, after in itertools.pairwise(minutes):
        assert after <= before * 1.10 + 60  # at most +10 % a week (rounded to the minute)

    # Week 1 run as planned but only half the cardio: next week does not grow.
    dates = originals(plan)
    done = 0.0
    for key in week_keys(plan, 1):
        for item in plan.session(key).items:
            if isinstance(item, CardioItem):
                half = (item.duration_s or 1800) / 2
                done += half
                training_log.log_cardio(
                    ctx,
                    a,
                    {
                        "activity_type": "running",
                        "started_at": at(dates[key], 7).isoformat(),
                        "duration_s": half,
                    },
                )
    move_clock(ctx, date(2026, 11, 22))
    review = plans.review_week(ctx, a, date(2026, 11, 22))
    after = assert_safe(ctx, a)
    next_week = [
        p.key
        for p in project(after, date(2026, 11, 23))
        if p.status == "planned" and p.on is not None and p.on <= date(2026, 11, 29)
    ]
    planned_next = sum(
        i.duration_s or 0
        for k in next_week
        for i in after.session(k).items
        if isinstance(i, CardioItem)
    )
    assert planned_next <= minutes[0] + 60  # held at this week's plan, not increased
    cardio = [d for d in review.decisions if d.action in ("hold", "ramp") and "min" in d.after]
    assert cardio
    assert all(d.action == "hold" for d in cardio)
    assert any("of the planned cardio was done" in r.text for d in cardio for r in d.reasons)


def test_62_year_old_with_hypertension(ctx: ServiceContext) -> None:
    a = make_athlete(
        ctx,
        birth_date="1964-06-01",
        goals=["general_fitness"],
        experience_level="intermediate",
        days_per_week=4,
        conditions=["hypertension"],
        equipment=["dumbbell", "bench", "resistance_band"],
    ).id
    plans.generate(ctx, a, start=START)
    plan = assert_safe(ctx, a)
    for _, item in strength(plan):
        assert item.target_rir >= 2, item  # no straining close to failure (AHA 2007)
        assert "hypertension" not in LIBRARY[item.exercise].contraindicated_conditions
        assert not item.max_test
    # Asking for reps to failure is repaired back to the minimum reserve.
    key, item = strength(plan)[0]
    edit = plans.propose_edit(
        ctx,
        a,
        {"op": "change_rir", "session": key, "exercise": item.exercise, "target_rir": 0},
        auto_apply=True,
    )
    if edit.accepted:
        assert edit.verdict.status == "repaired"
        assert any(v.rule == "min_rir_condition" for v in edit.verdict.violations)
    kept = next(i for i in assert_safe(ctx, a).session(key).items if i.exercise == item.exercise)
    assert isinstance(kept, StrengthItem)
    assert kept.target_rir >= 2


def test_advanced_lifter_six_days(ctx: ServiceContext) -> None:
    a = make_athlete(
        ctx,
        goals=["strength"],
        experience_level="advanced",
        days_per_week=6,
        equipment=["barbell", "squat_rack", "bench", "dumbbell", "pull_up_bar", "cable"],
    ).id
    log_weeks(ctx, a, at(START - timedelta(weeks=6)), 5)  # squats 80 -> 90 kg
    plans.generate(ctx, a, start=START)
    plan = assert_safe(ctx, a)
    assert plan.days_per_week == 6
    assert len(plan.weeks[0].sessions) == 6
    squats = [i for _, i in strength(plan) if i.exercise == "barbell-back-squat"]
    assert squats
    assert squats[0].load.kind == "kg"

    # Week 1 logged much easier than planned: a bigger step, still within the cap.
    first_week = week_keys(plan, 1)
    log_as_planned(ctx, a, plan, first_week[:5], kg=100, rir_offset=2)
    move_clock(ctx, date(2026, 11, 22))
    review = plans.review_week(ctx, a, date(2026, 11, 22))
    assert review.status == "active"
    assert any(r.code == "rir_autoregulation_up" for d in review.decisions for r in d.reasons), [
        d.action for d in review.decisions
    ]
    after = assert_safe(ctx, a)
    for _, i in strength(after):
        if i.load.kind == "kg" and i.load.value and i.load.value > 100:
            assert i.load.value <= 105  # max(2.5 kg, 5 %) over the 100 kg done


def test_someone_who_missed_a_week(ctx: ServiceContext) -> None:
    a = make_athlete(ctx, days_per_week=3).id
    plans.generate(ctx, a, start=START)
    plan = assert_safe(ctx, a)
    log_as_planned(ctx, a, plan, week_keys(plan, 1), kg=40)
    move_clock(ctx, date(2026, 11, 22))
    plans.review_week(ctx, a, date(2026, 11, 22))
    before = assert_safe(ctx, a)
    loads = {
        (s.key, i.exercise): i.load
        for s in before.sessions()
        for i in s.items
        if isinstance(i, StrengthItem)
    }

    # Week 2: nothing logged.
    move_clock(ctx, date(2026, 11, 29))
    review = plans.review_week(ctx, a, date(2026, 11, 29))
    assert review.matches == []
    assert {d.action for d in review.decisions} <= {"hold"}
    assert all(
        "no sets logged" in r.text for d in review.decisions for r in d.reasons if r.code == "hold"
    )
    after = assert_safe(ctx, a)
    # Nothing vanished, nothing was skipped, no load went up.
    assert [s.key for s in after.sessions()] == [s.key for s in plan.sessions()]
    assert [s.status for s in after.sessions()] == [s.status for s in before.sessions()]
    for s in after.sessions():
        for i in s.items:
            if isinstance(i, StrengthItem) and i.load.kind == "kg":
                was = loads[(s.key, i.exercise)]
                assert was.kind != "kg" or (i.load.value or 0) <= (was.value or 0)
    # Monday of week 3: the first week-2 session is due, moved forward from its day.
    monday = date(2026, 11, 30)
    move_clock(ctx, monday, 7)
    today = plans.today(ctx, a, monday)
    assert today.status == "train"
    assert today.session is not None
    assert today.session.key == "w2s1"
    assert today.moved_from == originals(plan)["w2s1"]
    assert today.reasons[0].code == "session_moved"


def test_a_red_flag_day(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    plans.generate(ctx, a, start=START)
    flag = health.raise_flag(ctx, a, "chest pain", note="tight chest on the stairs")
    today = plans.today(ctx, a, date(2026, 11, 20))
    assert today.status == "blocked"
    assert today.session is None
    assert today.planned is None
    assert today.escalation is not None
    assert "emergency" in today.escalation
    assert "not a medical device" in today.escalation
    assert today.reasons[0].text.startswith("Chest pain: no training today")
    review = plans.review_week(ctx, a, date(2026, 11, 20))
    assert review.status == "blocked"
    assert review.version is None
    edit = plans.propose_edit(ctx, a, {"op": "skip_session", "session": "w1s1"}, auto_apply=True)
    assert edit.status == "rejected"
    assert edit.verdict.status == "blocked"
    assert edit.escalation is not None
    assert plans.current(ctx, a).version == 1  # nothing new in force
    health.clear_flag(ctx, a, flag, "seen by a doctor, cleared to train")
    assert plans.today(ctx, a, date(2026, 11, 20)).status == "train"
