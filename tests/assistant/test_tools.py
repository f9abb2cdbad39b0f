"""The assistant's tools over a real database (SQLite and PostgreSQL): each tool's happy path
quotes the stored numbers, bad arguments fail readably and change nothing, and no tool can
reach another athlete."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from tests.factories import as_subject, make_athlete, subject_of, workout
from tests.services.test_sensors_service import store_recording

from fitcoach.assistant.registry import FORBIDDEN_ARGUMENTS, Tool, ToolContext, ToolRegistry
from fitcoach.assistant.tools import build_tools, default_registry
from fitcoach.coach import wording
from fitcoach.coach.safety import default_library
from fitcoach.coach.schemas import AthleteOut
from fitcoach.core.errors import InvalidInput
from fitcoach.services import health, plans, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage.models import (
    CardioSession,
    DailyMetric,
    Meal,
    PlanVersion,
    SleepSession,
    WorkoutSession,
)

TODAY = date(2026, 11, 20)  # the test clock's day (Friday); athletes live in UTC

EXPECTED = {
    "get_metrics", "get_readiness", "get_today_session", "get_plan", "propose_plan_edit",
    "generate_plan", "approve_plan_change", "reject_plan_change", "log_sets", "log_cardio",
    "log_daily_metrics", "log_sleep", "log_meal", "search_exercises", "exercise_substitutes",
    "explain_decision", "get_strength", "get_training_summary", "record_injury",
    "report_symptoms", "undo_log_entry", "correct_log_entry", "log_measurements",
    "get_measurements", "last_log_entry", "undo_last_entry", "get_food_facts",
}  # fmt: skip


def _tctx(ctx: ServiceContext, athlete: AthleteOut) -> ToolContext:
    """The athlete signed in: their own subject, as an interface would build it."""
    return ToolContext(as_subject(ctx, subject_of(ctx, athlete)), athlete.id)


def _count(ctx: ServiceContext, model: Any) -> int:
    return int(ctx.session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def me(ctx: ServiceContext) -> tuple[ToolContext, AthleteOut]:
    athlete = make_athlete(ctx)
    return _tctx(ctx, athlete), athlete


def call(tctx: ToolContext, name: str, **arguments: Any) -> Any:
    return default_registry().call(tctx, name, arguments)


# --- the registry's shape -----------------------------------------------------------------------


def _keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = set(node.get("properties", {}))
        for value in node.values():
            found |= _keys(value)
        return found
    if isinstance(node, list):
        return set().union(*(_keys(v) for v in node)) if node else set()
    return set()


def test_registry_has_exactly_the_contracted_tools_without_athlete_ids() -> None:
    registry = default_registry()
    assert set(registry.names) == EXPECTED
    assert default_registry() is registry
    model_tools = {t.name for t in registry.tools(for_models=True)}
    assert model_tools == EXPECTED - {"approve_plan_change", "reject_plan_change"}
    for spec in registry.specs():
        assert len(spec["description"]) > 40, spec["name"]
        assert not FORBIDDEN_ARGUMENTS & _keys(spec["parameters"]), spec["name"]
        assert "$ref" not in str(spec["parameters"])
        assert "oneOf" not in str(spec["parameters"])
    writes = {t.name for t in registry.tools() if t.writes}
    assert writes == {
        "propose_plan_edit", "generate_plan", "approve_plan_change", "reject_plan_change",
        "log_sets", "log_cardio", "log_daily_metrics", "log_sleep", "log_meal", "record_injury",
        "report_symptoms", "undo_log_entry", "correct_log_entry", "log_measurements",
        "undo_last_entry",
    }  # fmt: skip


def test_athlete_id_in_arguments_is_refused(ctx: ServiceContext, me: Any) -> None:
    tctx, _athlete = me
    other = make_athlete(ctx)
    before = _count(ctx, DailyMetric)
    result = call(tctx, "log_daily_metrics", weight_kg=70, athlete_id=other.id)
    assert not result.ok
    assert "athlete_id" in (result.error or "")
    assert "signed-in athlete" in (result.error or "")
    assert _count(ctx, DailyMetric) == before


BAD_ARGUMENTS: dict[str, tuple[dict[str, Any], str]] = {
    "get_metrics": ({"metric": "hrv", "colour": "red"}, "colour"),
    "get_readiness": ({"date": "2027-01-01"}, "future"),
    "get_today_session": ({"date": "next tuesday-ish"}, "date"),
    "get_plan": ({"version": 0}, "version"),
    "propose_plan_edit": ({"operation": {"op": "teleport"}}, "operation"),
    "generate_plan": ({"days_per_week": 9}, "days_per_week"),
    "approve_plan_change": ({"version": "latest"}, "version"),
    "reject_plan_change": ({"version": 99}, "no plan version 99"),
    "log_sets": ({"groups": []}, "groups"),
    "log_cardio": ({"activity": "run", "duration_s": -5}, "duration_s"),
    "log_daily_metrics": ({"mood": 9}, "mood"),
    "log_measurements": ({"waist_cm": 840}, "waist 840 cm is outside what a tape reads there"),
    "get_measurements": ({"site": "waist"}, "site"),
    "log_sleep": ({"duration_s": 90_000}, "duration_s"),
    "log_meal": ({"meal": "brunch", "calories_kcal": 300}, "meal"),
    "search_exercises": ({"query": "row", "limit": 0}, "limit"),
    "exercise_substitutes": ({"exercise": ""}, "exercise"),
    "explain_decision": ({"about": "astrology"}, "about"),
    "get_food_facts": ({"food": "banana", "grams": 0}, "grams"),
    "get_strength": ({"exercise": "zorblax lifts"}, "unknown exercise"),
    "get_training_summary": ({"end": "2027-01-01"}, "after today"),
    "record_injury": ({"region": "tail"}, "body region"),
    "report_symptoms": ({"text": ""}, "text"),
    "undo_log_entry": ({"kind": "workouts", "entry_id": 999}, "no workouts entry 999"),
    "last_log_entry": ({"kind": "workouts"}, "kind"),
    "undo_last_entry": ({"kind": "workouts"}, "give both kind and entry_id"),
    "correct_log_entry": ({"kind": "sleep", "entry_id": 1, "changes": {"reps": 5}}, "kind"),
}


def test_bad_arguments_cover_every_tool() -> None:
    assert set(BAD_ARGUMENTS) == EXPECTED


@pytest.mark.parametrize("name", sorted(BAD_ARGUMENTS))
def test_every_tool_refuses_bad_arguments_and_changes_nothing(
    ctx: ServiceContext, me: Any, name: str
) -> None:
    tctx, _ = me
    tables = (WorkoutSession, CardioSession, DailyMetric, SleepSession, Meal, PlanVersion)
    before = [_count(ctx, t) for t in tables]
    arguments, expected = BAD_ARGUMENTS[name]
    result = default_registry().call(tctx, name, arguments)
    assert not result.ok
    assert expected in (result.error or ""), result.error
    assert [_count(ctx, t) for t in tables] == before


# --- metrics ------------------------------------------------------------------------------------


def test_get_metrics_quotes_daily_values_over_the_default_week(
    ctx: ServiceContext, me: Any
) -> None:
    tctx, athlete = me
    for offset, (rhr, kg) in enumerate([(50, 72.4), (54, 72.0), (52, 71.6)]):
        day = TODAY - timedelta(days=offset)
        training_log.log_daily(
            ctx, athlete.id, {"day": day.isoformat(), "resting_hr": rhr, "weight_kg": kg}
        )
    training_log.log_daily(  # 8 days ago: outside the default 7-day window
        ctx, athlete.id, {"day": (TODAY - timedelta(days=7)).isoformat(), "resting_hr": 90}
    )
    result = call(tctx, "get_metrics", metric="resting_hr")
    assert result.ok, result.error
    assert result.data["start"] == "2026-11-14"
    assert result.data["end"] == "2026-11-20"
    assert result.data["count"] == 3
    assert result.data["mean"] == 52.0
    assert "52 bpm" in result.summary
    assert "50-54 bpm" in result.summary
    assert "90" not in result.summary
    weight = call(tctx, "get_metrics", metric="weight", start="2026-11-18", end="2026-11-20")
    assert weight.data["latest"] == {"day": "2026-11-20", "value": 72.4}
    assert "72.4 kg" in weight.summary
    assert "+0.8 kg" in weight.summary


def test_get_metrics_sleep_intake_volume_and_load(ctx: ServiceContext, me: Any) -> None:
    tctx, _ = me
    assert call(tctx, "log_sleep", duration_s=6.5 * 3600, quality="poor").ok
    assert call(tctx, "log_meal", meal="lunch", calories_kcal=650, protein_g=45).ok
    assert call(tctx, "log_meal", meal="dinner", calories_kcal=800, protein_g=50).ok
    logged = call(
        tctx,
        "log_sets",
        groups=[{"exercise": "squat", "sets": 3, "reps": 8, "weight_kg": 100, "rir": 2}],
        duration_s=3600,
        session_rpe=7,
    )
    assert logged.ok, logged.error
    sleep = call(tctx, "get_metrics", metric="sleep", start=TODAY.isoformat())
    assert sleep.data["latest"]["value"] == 6.5
    assert "6.5 h" in sleep.summary
    calories = call(tctx, "get_metrics", metric="calories", start=TODAY.isoformat())
    assert calories.data["latest"]["value"] == 1450
    assert "1450 kcal" in calories.summary
    protein = call(tctx, "get_metrics", metric="protein", end=TODAY.isoformat())
    assert "95 g" in protein.summary
    volume = call(tctx, "get_metrics", metric="volume")
    assert volume.data["total_sets"] == 3
    assert volume.data["tonnage_kg"] == 2400
    assert "3 working sets" in volume.summary
    assert "2,400 kg" in volume.summary
    load = call(tctx, "get_metrics", metric="load")
    assert load.data["total_au"] == 420.0  # RPE 7 x 60 min
    assert "420 AU" in load.summary


def test_get_metrics_vitals_from_sensor_recordings(ctx: ServiceContext, me: Any) -> None:
    tctx, athlete = me
    store_recording(ctx, athlete.id, started_at=datetime(2026, 11, 19, 7, 30, tzinfo=UTC))
    result = call(tctx, "get_metrics", metric="spo2")
    assert result.ok, result.error
    (rec,) = result.data["recordings"]
    assert f"{rec['median']:g} %" in result.summary
    assert result.data["open_alerts"]
    assert "low_spo2" in result.summary
    breathing = call(tctx, "get_metrics", metric="breathing_rate")
    assert "breaths/min" in breathing.summary


def test_get_metrics_bad_period_is_readable(me: Any) -> None:
    tctx, _ = me
    future = call(tctx, "get_metrics", metric="hrv", end="2026-12-01")
    assert not future.ok
    assert "after today" in (future.error or "")
    swapped = call(tctx, "get_metrics", metric="hrv", start="2026-11-19", end="2026-11-10")
    assert not swapped.ok
    assert "swap" in (swapped.error or "")
    unknown = call(tctx, "get_metrics", metric="vo2max")
    assert not unknown.ok
    assert "metric" in (unknown.error or "")


def test_get_readiness_asks_without_a_check_in_and_leads_with_it(
    ctx: ServiceContext, me: Any
) -> None:
    tctx, athlete = me
    training_log.log_daily(
        ctx, athlete.id, {"day": TODAY.isoformat(), "hrv_rmssd_ms": 60, "sleep_s": 5 * 3600}
    )
    result = call(tctx, "get_readiness")
    assert result.ok, result.error
    assert result.data["day"] == "2026-11-20"
    assert (result.data["status"], result.data["score"]) == ("no_checkin", None)
    assert "No check-in yet — how do you feel?" in result.summary
    assert "/100" not in result.summary
    training_log.log_daily(
        ctx, athlete.id, {"day": TODAY.isoformat(), "energy": 4, "soreness": 2, "mood": 4}
    )
    result = call(tctx, "get_readiness")
    assert result.data["said"] == 75
    assert result.data["score"] < 75  # 5 h of sleep lowers what was said
    assert "You said 75/100 in your check-in (sleep took off" in result.summary


# --- the plan -----------------------------------------------------------------------------------


@pytest.fixture
def planned(ctx: ServiceContext, me: Any) -> tuple[ToolContext, AthleteOut, int]:
    tctx, athlete = me
    view = plans.generate(ctx, athlete.id, start=TODAY - timedelta(days=4))
    assert view.version is not None
    return tctx, athlete, view.version


def test_today_plan_and_explanations(ctx: ServiceContext, planned: Any) -> None:
    tctx, athlete, version = planned
    today = call(tctx, "get_today_session")
    assert today.ok, today.error
    view = plans.today(ctx, athlete.id, TODAY)
    assert today.data["status"] == view.status
    if view.session is not None:
        assert view.session.name in today.summary
    plan = call(tctx, "get_plan")
    assert plan.ok
    assert plan.data["version"] == version
    current = plans.current(ctx, athlete.id).plan
    assert current is not None
    assert f"{current.days_per_week} days a week" in plan.summary
    assert plan.data["sessions"], "upcoming sessions in the next 14 days"
    first = plan.data["sessions"][0]
    assert wording.day_text(date.fromisoformat(first["on"])) in plan.summary
    assert first["name"] in plan.summary
    explained = call(tctx, "explain_decision", about="plan")
    assert explained.ok
    assert wording.reason_text(current.reasons[0]) in explained.summary
    slug = current.sessions()[-1].items[0].exercise
    item = call(tctx, "explain_decision", about="exercise", exercise=slug)
    assert item.ok, item.error
    assert item.data["reasons"]
    assert item.data["reasons"][0] in item.summary
    missing = call(tctx, "explain_decision", about="exercise")
    assert not missing.ok
    assert "needs the exercise" in (missing.error or "")


def test_an_injury_told_in_chat_changes_what_is_served_and_proposes_a_safe_plan(
    ctx: ServiceContext, planned: Any
) -> None:
    tctx, athlete, version = planned
    library = default_library()

    def knee_unsafe(slugs: list[str]) -> list[str]:
        return [s for s in slugs if library[s].contraindications(["knee"])]

    before = call(tctx, "get_plan", end=(TODAY + timedelta(days=13)).isoformat())
    assert any("barbell-back-squat" in s["exercises"] for s in before.data["sessions"])
    noted = call(tctx, "record_injury", region="knee")
    assert noted.ok, noted.error
    assert noted.data["proposed_version"] == version + 1
    assert f"plan version {version + 1} swaps them" in noted.summary
    assert plans.current(ctx, athlete.id).version == version  # waits for the athlete
    shown = call(tctx, "get_plan", end=(TODAY + timedelta(days=13)).isoformat())
    assert [s["key"] for s in shown.data["sessions"]] == [s["key"] for s in before.data["sessions"]]
    for session in shown.data["sessions"]:
        assert not knee_unsafe(session["exercises"]), session
    changed = [s for s in shown.data["sessions"] if s.get("changed_for_your_profile")]
    assert changed
    why = " ".join(changed[0]["changed_for_your_profile"])
    assert "deep knee flexion under load: not with a knee injury" in why
    assert "Changed for your profile" in shown.summary
    today = call(tctx, "get_today_session")
    for key in ("session", "planned"):
        if today.data[key] is not None:
            assert not knee_unsafe(today.data[key]["exercises"])
    gone = call(tctx, "explain_decision", about="exercise", exercise="barbell-back-squat")
    assert not gone.ok
    assert "not in your upcoming sessions" in (gone.error or "")


def _said_as_sentences(changes: list[str], name: str) -> None:
    """A plan change as a person reads it: the exercise's name on a day, never the diff's
    engine paths (``w1s1.items[1].exercise``) or slugs."""
    assert changes, "no changes described"
    for line in changes:
        assert not re.search(r"\bw\d+s\d+\b|items\[|-squat", line), line
    assert any(name in line for line in changes), changes


def test_swap_is_proposed_then_approved(ctx: ServiceContext, planned: Any) -> None:
    tctx, athlete, version = planned
    current = plans.current(ctx, athlete.id).plan
    assert current is not None
    slug = next(i.exercise for s in current.sessions() for i in s.items if "squat" in i.exercise)
    result = call(
        tctx,
        "propose_plan_edit",
        operation={"op": "swap_exercise", "exercise": slug, "to": "goblet squat"},
    )
    assert result.ok, result.error
    _said_as_sentences(result.data["changes"], "Goblet Squat")
    assert result.proposed_version == version + 1
    assert "waiting for your approval" in result.summary
    assert "Goblet Squat" in result.summary
    assert plans.current(ctx, athlete.id).version == version  # nothing in force changed
    shown = call(tctx, "get_plan")
    assert shown.data["proposed_versions"] == [version + 1]
    approved = call(tctx, "approve_plan_change", version=version + 1)
    assert approved.ok, approved.error
    _said_as_sentences(approved.data["changes"], "Goblet Squat")
    _said_as_sentences(
        call(tctx, "explain_decision", about="last_change").data["changes"], "Goblet Squat"
    )
    assert plans.current(ctx, athlete.id).version == version + 1
    again = call(tctx, "approve_plan_change", version=version + 1)
    assert not again.ok
    assert "only proposed versions" in (again.error or "")


def _free_day(plan: Any, after: date) -> date:
    """The first day after ``after`` with no planned session."""
    from fitcoach.coach.today import upcoming

    taken = {p.on for p in upcoming(plan, TODAY)}
    day = after + timedelta(days=1)
    while day in taken:
        day += timedelta(days=1)
    return day


def test_a_chat_move_past_a_plan_week_moves_that_session_only(
    ctx: ServiceContext, planned: Any
) -> None:
    """ "Move Thursday's session to Saturday", past the next plan week's first session: the
    proposal moves that session and says so; no set is cut elsewhere, and approved, the plan
    in force has that session on its new day and every other where it was."""
    tctx, athlete, _ = planned
    plan = plans.current(ctx, athlete.id).plan
    assert plan is not None
    from fitcoach.coach.today import upcoming

    days = {p.key: p.on for p in upcoming(plan, TODAY)}
    last, after = plan.weeks[0].sessions[-1].key, plan.weeks[1].sessions[0].key
    source, target = days[last], _free_day(plan, days[after] or TODAY)
    assert source is not None
    moved = call(
        tctx,
        "propose_plan_edit",
        operation={
            "op": "move_session",
            "from_date": source.isoformat(),
            "to_date": target.isoformat(),
        },
    )
    assert moved.ok, moved.error
    assert "capped" not in moved.summary, moved.summary
    assert "sets" not in moved.summary, moved.summary
    assert "Not moved yet" not in moved.summary
    assert f"to {wording.day_text(target)}" in moved.summary
    assert call(tctx, "approve_plan_change", version=moved.proposed_version).ok
    now = plans.current(ctx, athlete.id).plan
    assert now is not None
    after_move = {p.key: p.on for p in upcoming(now, TODAY)}
    assert after_move == {**days, last: target}


def test_move_minutes_equipment_and_reject(ctx: ServiceContext, planned: Any) -> None:
    tctx, athlete, version = planned
    plan = plans.current(ctx, athlete.id).plan
    assert plan is not None
    from fitcoach.coach.today import upcoming

    first, second = upcoming(plan, TODAY)[:2]
    assert first.on is not None
    assert second.on is not None
    stacked = call(
        tctx,
        "propose_plan_edit",
        operation={
            "op": "move_session",
            "from_date": first.on.isoformat(),
            "to_date": second.on.isoformat(),
        },
    )
    # Onto a day that holds a session already: that session makes room on the next free day,
    # and the move, which changes another session, waits for approval, saying so.
    assert stacked.ok, stacked.error
    assert stacked.data["status"] == "proposed"
    pushed = wording.day_text(_free_day(plan, second.on))
    assert f"{wording.day_text(second.on)} → {pushed}" in stacked.summary
    assert "waiting for your approval" in stacked.summary
    assert call(tctx, "reject_plan_change", version=stacked.proposed_version).ok
    moved = call(
        tctx,
        "propose_plan_edit",
        operation={
            "op": "move_session",
            "from_date": first.on.isoformat(),
            "to_date": _free_day(plan, first.on).isoformat(),
        },
    )
    assert moved.ok, moved.error
    nothing = call(
        tctx,
        "propose_plan_edit",
        operation={"op": "move_session", "from_date": "2026-11-20", "to_date": "2026-11-19"},
    )
    assert not nothing.ok
    assert "has passed" in (nothing.error or "")
    minutes = call(
        tctx, "propose_plan_edit", operation={"op": "set_session_minutes", "minutes": 30}
    )
    assert minutes.ok, minutes.error
    assert "30-minute sessions" in minutes.summary
    kit = call(
        tctx, "propose_plan_edit", operation={"op": "set_equipment", "equipment": ["dumbbell"]}
    )
    assert kit.ok, kit.error
    assert kit.proposed_version is not None
    rejected = call(tctx, "reject_plan_change", version=kit.proposed_version)
    assert rejected.ok
    assert rejected.data["status"] == "rejected"
    bad = call(
        tctx, "propose_plan_edit", operation={"op": "set_equipment", "equipment": ["jetpack"]}
    )
    assert not bad.ok
    assert "unknown equipment" in (bad.error or "")
    assert plans.current(ctx, athlete.id).version == version


def test_validator_refusal_comes_back_failed(ctx: ServiceContext, planned: Any) -> None:
    tctx, athlete, version = planned
    health.raise_flag(ctx, athlete.id, "chest_pain")
    result = call(tctx, "propose_plan_edit", operation={"op": "set_days_per_week", "days": 3})
    assert not result.ok
    assert "refused" in (result.error or "")
    assert result.proposed_version is None
    assert plans.current(ctx, athlete.id).version == version


def test_generate_plan_proposes(ctx: ServiceContext, me: Any) -> None:
    tctx, athlete = me
    first = call(tctx, "generate_plan", goal="hypertrophy", days_per_week=3)
    assert first.ok, first.error
    assert "You had no plan" in first.summary
    active = plans.current(ctx, athlete.id)
    assert first.proposed_version == (active.version or 0) + 1
    assert active.plan is not None
    assert active.plan.goal == "strength"
    proposal = plans.get_version(ctx, athlete.id, first.proposed_version)
    assert proposal.status == "proposed"
    assert proposal.plan is not None
    assert proposal.plan.days_per_week == 3
    again = call(tctx, "generate_plan", days_per_week=2)
    assert again.ok
    assert again.proposed_version == first.proposed_version + 1
    assert plans.current(ctx, athlete.id).version == active.version


# --- logging ------------------------------------------------------------------------------------


def test_log_sets_stores_what_was_said(ctx: ServiceContext, me: Any) -> None:
    tctx, athlete = me
    result = call(
        tctx,
        "log_sets",
        groups=[
            {"exercise": "squat", "sets": 3, "reps": 8, "weight_kg": 100, "rir": 2},
            {"exercise": "push-ups", "sets": 2, "reps": 15, "rpe": 8},
        ],
        date="2026-11-19",
    )
    assert result.ok, result.error
    assert "3 x 8 Barbell Back Squat at 100 kg, RIR 2" in result.summary
    assert "Logged on Thu 19 Nov" in result.summary
    (stored,) = training_log.history(
        ctx, athlete.id, "workouts", date(2026, 11, 19), date(2026, 11, 19)
    )
    squats = [s for s in stored["sets"] if s["exercise"] == "barbell-back-squat"]
    assert [(s["reps"], s["weight_kg"], s["rir"]) for s in squats] == [(8, 100.0, 2.0)] * 3
    push = [s for s in stored["sets"] if s["exercise"] != "barbell-back-squat"]
    assert len(push) == 2
    assert push[0]["rir"] == 2.0
    assert push[0]["weight_kg"] is None


def test_bad_log_arguments_fail_readably_and_store_nothing(ctx: ServiceContext, me: Any) -> None:
    tctx, _ = me
    before = (_count(ctx, WorkoutSession), _count(ctx, DailyMetric))
    negative = call(tctx, "log_sets", groups=[{"exercise": "squat", "sets": 3, "reps": -1}])
    assert not negative.ok
    assert "groups.0.reps" in (negative.error or "")
    unknown = call(
        tctx,
        "log_sets",
        groups=[
            {"exercise": "squat", "sets": 3, "reps": 5, "weight_kg": 100},
            {"exercise": "zorblax lift", "reps": 5},
        ],
    )
    assert not unknown.ok
    assert "zorblax" in (unknown.error or "")
    future = call(tctx, "log_daily_metrics", date="2026-12-25", weight_kg=70)
    assert not future.ok
    assert "future" in (future.error or "")
    empty = call(tctx, "log_daily_metrics")
    assert not empty.ok
    assert "at least one reading" in (empty.error or "")
    text = default_registry().call(tctx, "log_meal", "{not json")
    assert not text.ok
    assert "not valid JSON" in (text.error or "")
    assert (_count(ctx, WorkoutSession), _count(ctx, DailyMetric)) == before


def test_log_cardio_daily_sleep_and_meal(ctx: ServiceContext, me: Any) -> None:
    tctx, athlete = me
    run = call(tctx, "log_cardio", activity="steady run", duration_s=1500, distance_m=5000)
    assert run.ok, run.error
    assert "25 min" in run.summary
    assert "5 km" in run.summary
    assert "5:00 min/km" in run.summary
    (cardio,) = training_log.history(ctx, athlete.id, "cardio", TODAY, TODAY)
    assert cardio["distance_m"] == 5000
    assert cardio["duration_s"] == 1500
    daily = call(tctx, "log_daily_metrics", weight_kg=72.4, resting_hr_bpm=52, mood=4)
    assert daily.ok
    assert "weight 72.4 kg" in daily.summary
    assert "resting HR 52 bpm" in daily.summary
    (row,) = training_log.history(ctx, athlete.id, "daily", TODAY, TODAY)
    assert row["weight_kg"] == 72.4
    assert row["resting_hr"] == 52
    assert row["mood"] == 4
    sleep = call(tctx, "log_sleep", duration_s=7 * 3600, date="2026-11-19")
    assert sleep.ok
    assert "7 h" in sleep.summary
    (night,) = training_log.history(
        ctx, athlete.id, "sleep", date(2026, 11, 18), date(2026, 11, 19)
    )
    assert (night["ended_at"] - night["started_at"]) == timedelta(hours=7)
    meal = call(tctx, "log_meal", meal="lunch", description="chicken and rice", calories_kcal=650)
    assert meal.ok
    assert "650 kcal" in meal.summary
    assert "chicken and rice" in meal.summary


# --- exercises ----------------------------------------------------------------------------------


def test_search_and_substitutes_respect_regions(ctx: ServiceContext, me: Any) -> None:
    tctx, _ = me
    found = call(tctx, "search_exercises", query="bench pres")
    assert found.ok
    assert found.data["hits"][0]["slug"] == "barbell-bench-press"
    assert "Barbell Bench Press" in found.summary
    nothing = call(tctx, "search_exercises")
    assert not nothing.ok
    assert "query" in (nothing.error or "")
    plain = call(tctx, "exercise_substitutes", exercise="back squat")
    spared = call(tctx, "exercise_substitutes", exercise="back squat", avoid_regions=["knee"])
    assert plain.ok
    assert spared.ok
    from fitcoach.services.exercises import library_records

    regions = {r.slug: r.contraindicated_regions for r in library_records()}
    assert all("knee" not in regions[h["slug"]] for h in spared.data["hits"])
    assert "sparing your knee" in spared.summary
    for hit in spared.data["hits"]:
        assert hit["name"] in spared.summary
    bad = call(tctx, "exercise_substitutes", exercise="back squat", avoid_regions=["tail"])
    assert not bad.ok
    assert "body region" in (bad.error or "")


# --- isolation ----------------------------------------------------------------------------------


def test_tools_never_reach_another_athlete(ctx: ServiceContext, me: Any) -> None:
    tctx, _athlete = me
    other = make_athlete(ctx)
    training_log.log_daily(ctx, other.id, {"day": TODAY.isoformat(), "resting_hr": 77})
    training_log.log_workout(
        ctx,
        other.id,
        workout(datetime(2026, 11, 20, 9, tzinfo=UTC), ("barbell-back-squat", 5, 180.0, 1)),
    )
    mine = call(tctx, "get_metrics", metric="resting_hr")
    assert mine.ok
    assert mine.data["count"] == 0
    assert "77" not in mine.summary
    volume = call(tctx, "get_metrics", metric="volume")
    assert volume.data["total_sets"] == 0
    # A context pointing at the other athlete with my subject: every tool says not found.
    forged = ToolContext(tctx.service, other.id)
    for name, args in [
        ("get_metrics", {"metric": "resting_hr"}),
        ("log_daily_metrics", {"weight_kg": 60}),
        ("get_plan", {}),
        ("exercise_substitutes", {"exercise": "squat"}),
    ]:
        result = default_registry().call(forged, name, args)
        assert not result.ok, name
        assert "not found" in (result.error or ""), name
    (row,) = training_log.history(ctx, other.id, "daily", TODAY, TODAY)
    assert row["weight_kg"] is None


def test_a_failed_tool_leaves_nothing_behind(ctx: ServiceContext, me: Any) -> None:
    """The registry's savepoint: a tool that writes and then fails is undone (every tool here
    reaches the database through the same services, so this holds for all of them)."""
    tctx, _ = me
    log_sets = default_registry().get("log_sets")

    def writes_then_fails(t: ToolContext, args: Any) -> Any:
        log_sets.handler(t, args)
        raise InvalidInput("the second step failed")

    registry = ToolRegistry(
        [Tool("flaky", "logs then fails", log_sets.args, writes_then_fails, writes=True)]
    )
    before = _count(ctx, WorkoutSession)
    result = registry.call(tctx, "flaky", {"groups": [{"exercise": "squat", "reps": 5}]})
    assert not result.ok
    assert result.error == "the second step failed"
    assert _count(ctx, WorkoutSession) == before
    assert call(tctx, "log_sets", groups=[{"exercise": "squat", "reps": 5}]).ok
    assert _count(ctx, WorkoutSession) == before + 1
    assert _count(ctx, PlanVersion) == 0
    assert len(build_tools()) == len(EXPECTED)


def test_tool_writes_belong_to_the_callers_unit_of_work(database: Any, clock: Any) -> None:
    """A tool called first thing in a unit of work (as a bot handler or an API request does)
    writes inside the caller's transaction: rolled back with it, committed with it. The
    savepoint around the tool must not commit on its own (SQLite's driver starts a transaction
    at a SAVEPOINT and would commit it at the RELEASE unless the engine begins one first)."""
    from fitcoach.storage.access import Subject

    with database.factory() as setup:
        ctx = ServiceContext(session=setup, subject=Subject.system(), clock=clock)
        athlete = make_athlete(ctx)
        subject = subject_of(ctx, athlete)
        setup.commit()

    def daily_rows() -> int:
        with database.factory() as fresh:
            return int(fresh.scalar(select(func.count()).select_from(DailyMetric)) or 0)

    with database.factory() as session:
        tctx = ToolContext(
            ServiceContext(session=session, subject=subject, clock=clock), athlete.id
        )
        assert call(tctx, "log_daily_metrics", weight_kg=70.5).ok
        session.rollback()
    assert daily_rows() == 0
    with database.factory() as session:
        tctx = ToolContext(
            ServiceContext(session=session, subject=subject, clock=clock), athlete.id
        )
        assert call(tctx, "log_daily_metrics", weight_kg=70.5).ok
        session.commit()
    assert daily_rows() == 1


def test_a_load_change_takes_either_a_new_load_or_a_change(ctx: ServiceContext, me: Any) -> None:
    tctx, _ = me
    operation = {"op": "change_load", "exercise": "squat", "load_kg": 100, "delta_kg": 5}
    result = call(tctx, "propose_plan_edit", operation=operation)
    assert not result.ok
    assert "either load_kg" in (result.error or "")


ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def test_summaries_write_days_as_the_pages_do(ctx: ServiceContext, planned: Any) -> None:
    """Every day a tool's summary names reads "Thu 19 Nov" (``coach.wording.day_text``, with the
    year when it is not this year's), never ISO; ``data`` keeps ISO for machines."""
    tctx, athlete, _ = planned
    plan = plans.current(ctx, athlete.id).plan
    assert plan is not None
    from fitcoach.coach.today import upcoming

    first, second = upcoming(plan, TODAY)[:2]
    assert first.on is not None
    assert second.on is not None
    training_log.log_daily(ctx, athlete.id, {"day": "2026-11-18", "weight_kg": 72.4})
    training_log.log_daily(ctx, athlete.id, {"day": "2026-11-19", "weight_kg": 72.0})
    calls: list[tuple[str, dict[str, Any], str]] = [
        ("log_sleep", {"duration_s": 7 * 3600, "date": "2026-11-19"}, "night ending Thu 19 Nov"),
        ("log_meal", {"meal": "lunch", "calories_kcal": 650, "date": "2026-11-18"}, "Wed 18 Nov"),
        ("log_cardio", {"activity": "steady run", "duration_s": 1500}, "Fri 20 Nov"),
        ("log_daily_metrics", {"mood": 4, "date": "2026-11-17"}, "Logged for Tue 17 Nov"),
        ("log_sets", {"groups": [{"exercise": "goblet-squat", "sets": 2, "reps": 8, "weight_kg": 20}]}, "Logged on Fri 20 Nov"),
        ("get_metrics", {"metric": "weight", "start": "2026-11-16"}, "since Wed 18 Nov"),
        ("get_metrics", {"metric": "load"}, "Sat 14 Nov to Fri 20 Nov"),
        ("get_metrics", {"metric": "volume"}, "Sat 14 Nov to Fri 20 Nov"),
        ("get_readiness", {"date": "2026-11-19"}, "Readiness on Thu 19 Nov"),
        ("get_training_summary", {"start": "2025-12-29", "end": "2026-01-04"},
         "From Mon 29 Dec 2025 to Sun 4 Jan."),  # the year only when not this one
        ("get_today_session", {}, "Fri 20 Nov"),
        ("get_plan", {}, wording.day_text(plan.start)),
        ("propose_plan_edit",
         {"operation": {"op": "move_session", "from_date": first.on.isoformat(),
                        "to_date": _free_day(plan, first.on).isoformat()}},
         f"moves from {wording.day_text(first.on)} to "
         f"{wording.day_text(_free_day(plan, first.on))}"),
    ]  # fmt: skip
    for name, arguments, expected in calls:
        result = default_registry().call(tctx, name, arguments)
        assert result.ok, (name, result.error)
        assert ISO_DATE.search(result.summary) is None, (name, result.summary)
        assert expected in result.summary, (name, result.summary)
    # Errors a person may read say days the same way.
    late = default_registry().call(tctx, "log_sleep", {"duration_s": 3600, "date": "2026-11-23"})
    assert not late.ok
    assert "Mon 23 Nov is in the future (today is Fri 20 Nov)" in (late.error or "")
