"""The chat in the athlete's units, end to end through the offline assistant (SQLite and
PostgreSQL): for an athlete who chose lb and miles a number typed without a unit is lb, the
replies say lb and miles, a dumbbell load is said per hand; what is stored stays kg and m."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from tests.factories import as_subject, log_weeks, make_athlete, subject_of

from fitcoach.assistant.offline import offline_reply
from fitcoach.assistant.registry import ToolContext
from fitcoach.assistant.reply import Turn
from fitcoach.services import athletes, plans, training_log
from fitcoach.services.context import ServiceContext

TODAY = date(2026, 11, 20)  # the test clock's Friday


def _athlete(ctx: ServiceContext, units: str) -> ToolContext:
    athlete = make_athlete(ctx, units=units)
    return ToolContext(as_subject(ctx, subject_of(ctx, athlete)), athlete.id)


@pytest.fixture
def lb(ctx: ServiceContext) -> ToolContext:
    return _athlete(ctx, "imperial")


@pytest.fixture
def kg(ctx: ServiceContext) -> ToolContext:
    return _athlete(ctx, "metric")


def _sets(ctx: ServiceContext, athlete_id: int) -> list[tuple[Any, ...]]:
    rows = training_log.history(ctx, athlete_id, "workouts", TODAY, TODAY)
    return [(s["exercise"], s["reps"], s["weight_kg"]) for w in rows for s in w["sets"]]


def test_a_bare_load_is_lb_for_an_imperial_athlete_and_the_reply_says_so(
    ctx: ServiceContext, lb: ToolContext, kg: ToolContext
) -> None:
    reply = offline_reply(lb, "squat 3x5 225")
    assert _sets(ctx, lb.athlete_id) == [("barbell-back-squat", 5, 102.06)] * 3
    assert "3 x 5 Barbell Back Squat at 225 lb" in reply.text
    assert " kg" not in reply.text
    metric = offline_reply(kg, "squat 3x5 100")
    assert _sets(ctx, kg.athlete_id) == [("barbell-back-squat", 5, 100.0)] * 3
    assert "at 100 kg" in metric.text


def test_a_unit_typed_always_wins(ctx: ServiceContext, lb: ToolContext) -> None:
    reply = offline_reply(lb, "bench press 3x5 at 100 kg")
    assert _sets(ctx, lb.athlete_id) == [("barbell-bench-press", 5, 100.0)] * 3
    assert "at 220.5 lb" in reply.text  # said in the athlete's unit


def test_a_body_weight_without_a_unit_is_lb_and_needs_no_question(
    ctx: ServiceContext, lb: ToolContext, kg: ToolContext
) -> None:
    reply = offline_reply(lb, "weight 176")
    row = training_log.history(ctx, lb.athlete_id, "daily", TODAY, TODAY)[0]
    assert row["weight_kg"] == 79.8
    assert "weight 176 lb" in reply.text
    # For a metric athlete 176 is more than most people weigh in kg: asked, nothing stored.
    asked = offline_reply(kg, "weight 176")
    assert "in kg or lb?" in asked.text
    assert training_log.history(ctx, kg.athlete_id, "daily", TODAY, TODAY) == []


def test_a_dumbbell_load_is_said_per_hand(ctx: ServiceContext, lb: ToolContext) -> None:
    reply = offline_reply(lb, "dumbbell bench press 3x10 at 50")
    assert _sets(ctx, lb.athlete_id) == [("dumbbell-bench-press", 10, 22.68)] * 3
    assert "at 50 lb per hand" in reply.text
    goblet = offline_reply(lb, "goblet squat 3x10 at 50")
    assert "at 50 lb" in goblet.text
    assert "per hand" not in goblet.text


def test_a_run_in_miles_and_the_weight_metric_in_lb(ctx: ServiceContext, lb: ToolContext) -> None:
    run = offline_reply(lb, "ran 3.1 miles in 27 minutes")
    stored = training_log.history(ctx, lb.athlete_id, "cardio", TODAY, TODAY)[0]
    assert stored["distance_m"] == 4989.0
    assert "3.1 mi" in run.text
    assert "8:43 min/mi" in run.text  # 27 min / 3.1 mi
    offline_reply(lb, "weight 180")
    asked = offline_reply(lb, "what was my weight this week?")
    assert "180 lb" in asked.text
    assert " kg" not in asked.text


def test_a_correction_without_a_unit_is_lb(ctx: ServiceContext, lb: ToolContext) -> None:
    first = offline_reply(lb, "squat 3x5 225")
    history = [
        Turn("user", "squat 3x5 225"),
        Turn("assistant", first.text, tuple(c.as_dict() for c in first.tool_calls)),
    ]
    offline_reply(lb, "it was 235 not 225", history=history)
    assert _sets(ctx, lb.athlete_id) == [("barbell-back-squat", 5, 106.59)] * 3


def test_plan_replies_say_loads_in_lb(ctx: ServiceContext, lb: ToolContext) -> None:
    log_weeks(ctx, lb.athlete_id, datetime(2026, 11, 1, 18, tzinfo=UTC), weeks=2)  # 80-82.5 kg
    plans.generate(ctx, lb.athlete_id, start=TODAY)
    reply = offline_reply(lb, "show me my plan")
    assert reply.tool_calls
    assert reply.tool_calls[0].tool == "get_plan"
    assert "Barbell Back Squat 3x3-6 @RIR2.5, 176.4 lb" in reply.text  # 80 kg
    assert " kg" not in reply.text
    why = offline_reply(lb, "why is my squat that heavy?")
    assert "Starting load from your logged e1RM of 224.4 lb" in why.text
    assert " kg" not in why.text
    athletes.update_profile(ctx, lb.athlete_id, {"units": "metric"})
    metric = offline_reply(lb, "show me my plan").text
    assert "Barbell Back Squat 3x3-6 @RIR2.5, 80 kg" in metric
    assert " lb" not in metric


def test_a_correction_finds_the_entry_holding_the_old_value_and_reads_it_in_lb(
    ctx: ServiceContext, lb: ToolContext
) -> None:
    """ "it was 235 not 225" after a body weight was logged corrects the squat that held 225
    (not the body weight, to 235 kg); "it was 178 not 176" the body weight, in lb."""
    history: list[Turn] = []
    said = {}
    for text in ("squat 3x5 225", "weight 176", "it was 235 not 225", "it was 178 not 176"):
        reply = offline_reply(lb, text, history=history)
        said[text] = reply.text
        history += [Turn("user", text), Turn("assistant", reply.text, tuple(c.as_dict() for c in reply.tool_calls))]  # fmt: skip
    assert _sets(ctx, lb.athlete_id) == [("barbell-back-squat", 5, 106.59)] * 3
    assert "weight 225 lb → 235 lb" in said["it was 235 not 225"]
    day = training_log.history(ctx, lb.athlete_id, "daily", TODAY, TODAY)[0]
    assert day["weight_kg"] == 80.7  # 178 lb
    assert "weight 176 lb → 178 lb" in said["it was 178 not 176"]
    assert not any(" kg" in text for text in said.values()), said
