"""Logging that never stores a guess, second round (issue 34): classes of messages a writer who
never saw the rules sends. Undo and corrections that name their entry, a whole session said
again, one set of several, another exercise; numbers that are not exact, units that are not
said, stack loads, names that fit several entries, meals without food; food said beside a
session; lengths of a pool; classes the library now has. Wording is new (not the blind sets').
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from tests.factories import as_subject, make_athlete, subject_of

from fitcoach.assistant import conversations
from fitcoach.assistant.llm import Assistant
from fitcoach.assistant.nlu import ExerciseMatcher, read_log, read_undo
from fitcoach.assistant.registry import ToolContext
from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage.models import DailyMetric

TODAY = date(2026, 11, 20)  # the test clock's Friday


@pytest.fixture
def me(ctx: ServiceContext) -> ToolContext:
    athlete = make_athlete(ctx)
    return ToolContext(as_subject(ctx, subject_of(ctx, athlete)), athlete.id)


def _chat(me: ToolContext, text: str) -> str:
    return conversations.chat(
        me.service, me.athlete_id, text, channel="web", assistant=Assistant()
    ).text


def _sets(ctx: ServiceContext, athlete_id: int) -> list[tuple[Any, ...]]:
    rows = training_log.history(ctx, athlete_id, "workouts", TODAY, TODAY)
    return [(s["exercise"], s["reps"], s["weight_kg"]) for w in rows for s in w["sets"]]


def _read(text: str) -> tuple[list[tuple[str, dict[str, Any]]], list[str]]:
    found = read_log(text, today=TODAY)
    entries = [(e.intent, {k: v for k, v in e.slots.items() if k != "date"}) for e in found.entries]
    return entries, found.problems


# --- what the words of an undo or a correction name --------------------------------------------


def test_read_undo_names_the_entry_all_entries_or_the_values_said_again() -> None:
    assert read_undo("get rid of the dinner entry") == {"op": "undo", "count": 1, "targets": ["dinner"], "maybe": []}  # fmt: skip
    assert read_undo("scratch the previous one") == {"op": "undo", "count": 1}
    assert read_undo("delete all of today's entries") == {"op": "undo", "count": 1, "all": True, "today": True}  # fmt: skip
    whole = read_undo("correction, it was 12 km in 61:00 not 10k")
    assert whole is not None
    assert (whole["field"], whole["value"]) == ("cardio", {"distance_m": 12000.0, "duration_s": 3660.0})  # fmt: skip
    bare = read_undo("oops, 68.9")
    assert bare is not None
    assert bare["value"] == 68.9
    assert read_undo("it was miles not km") == {"op": "correct", "field": "distance_unit", "value": "mi", "exercise": None}  # fmt: skip
    renamed = read_undo("those were front squats not back squats")
    assert renamed is not None
    assert (renamed["field"], renamed["value"], renamed["old"]) == ("exercise", "barbell-front-squat", "barbell-back-squat")  # fmt: skip
    one_set = read_undo("the final set was 3 not 4")
    assert one_set is not None
    assert (one_set["which"], one_set["value"], one_set["old"]) == ("last", 3.0, 4.0)


def test_undo_removes_the_entry_it_names_and_asks_when_nothing_fits(
    ctx: ServiceContext, me: ToolContext
) -> None:
    _chat(me, "breakfast 420 kcal 25g protein")
    _chat(me, "dinner 780 kcal 48g protein")
    _chat(me, "rowed 3 km in 13 min")
    assert "Removed the meal" in _chat(me, "get rid of the breakfast entry")
    meals = training_log.history(ctx, me.athlete_id, "meals")
    assert [m["calories_kcal"] for m in meals] == [780]
    assert len(training_log.history(ctx, me.athlete_id, "cardio")) == 1  # the newest stays
    asked = _chat(me, "remove the deadlifts")  # never logged in this chat: nothing goes
    assert "?" in asked
    assert len(training_log.history(ctx, me.athlete_id, "cardio")) == 1
    assert len(training_log.history(ctx, me.athlete_id, "meals")) == 1
    # The last thing said was a question, not a log: it names the rowing and asks first.
    assert _chat(me, "scratch the previous one").startswith("Take back the Moderate Rowing")
    assert len(training_log.history(ctx, me.athlete_id, "cardio")) == 1
    _chat(me, "yes")
    assert training_log.history(ctx, me.athlete_id, "cardio") == []


def test_undo_all_of_today_removes_every_entry_of_the_chat(
    ctx: ServiceContext, me: ToolContext
) -> None:
    _chat(me, "front squat 4x6 80kg")
    _chat(me, "overhead press 4x6 45kg")
    _chat(me, "delete all of today's entries, wrong day")
    assert _sets(ctx, me.athlete_id) == []


def test_corrections_change_only_what_they_name(ctx: ServiceContext, me: ToolContext) -> None:
    _chat(me, "jogged 10k in 58 min")
    _chat(me, "correction, it was 12 km in 61:00 not 10k")
    (run,) = training_log.history(ctx, me.athlete_id, "cardio")
    assert (run["distance_m"], run["duration_s"]) == (12000.0, 3660.0)
    _chat(me, "it was miles not km")
    (run,) = training_log.history(ctx, me.athlete_id, "cardio")
    assert run["distance_m"] == pytest.approx(12 * 1609.344, abs=1)
    _chat(me, "weight 69.8 kg")
    _chat(me, "oops, 68.9")
    row = ctx.session.scalars(select(DailyMetric).where(DailyMetric.athlete_id == me.athlete_id)).one()  # fmt: skip
    assert row.weight_kg == 68.9


def test_a_correction_of_one_set_or_one_exercise_leaves_the_others(
    ctx: ServiceContext, me: ToolContext
) -> None:
    _chat(me, "deadlift 140kg x 5, 5, 4")
    _chat(me, "the final set was 3 not 4")
    assert _sets(ctx, me.athlete_id) == [("barbell-deadlift", r, 140.0) for r in (5, 5, 3)]
    _chat(me, "Leg Press (Machine) 3x12 120kg, Leg Extension (Machine) 3x15 40kg")
    _chat(me, "my bad, the other one was 3x12 not 3x15")
    sets = _sets(ctx, me.athlete_id)
    assert sets.count(("leg-press", 12, 120.0)) == 3
    assert sets.count(("leg-extension", 12, 40.0)) == 3
    before = _sets(ctx, me.athlete_id)
    assert "?" in _chat(me, "sorry it was 4x8 not 4x10")  # no set holds 4x10: asked
    assert _sets(ctx, me.athlete_id) == before


def test_a_correction_can_name_the_exercise_that_was_done(
    ctx: ServiceContext, me: ToolContext
) -> None:
    _chat(me, "back squats 3x5 90kg")
    _chat(me, "oops those were front squats not back squats")
    assert _sets(ctx, me.athlete_id) == [("barbell-front-squat", 5, 90.0)] * 3
    _chat(me, "Triceps Pushdown (Cable) 3x12 30kg")
    _chat(me, "face pulls 3x15 15kg")
    _chat(me, "the pushdowns were 27.5 not 30")
    sets = _sets(ctx, me.athlete_id)
    assert sets.count(("triceps-pushdown", 12, 27.5)) == 3
    assert sets.count(("face-pull", 15, 15.0)) == 3


# --- reading a message: a question rather than a guess ---------------------------------------


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("ran 10-odd km in an hour", "exact"),  # the last digit was not said
        ("bodyweight 180 today", "kg or lb"),  # no unit, heavy for kg
        ("log my dinner, it was a huge one", "what did you eat"),
        ("seated cable row 4x10 @ 12", "plate number"),  # a stack: kg, lb or a pin
        ("db press 4x8 30kg", "which exercise"),  # flat, incline, floor or a thruster
        ("ran 5k in 24 min, felt the pasta from last night", "pasta"),  # food not logged
        ("legs, the usual", "do not copy"),  # nothing earlier is copied as a guess
        ("same as monday for back", "do not copy"),
    ],
)
def test_unclear_numbers_names_and_meals_are_asked_about(text: str, asks: str) -> None:
    entries, problems = _read(text)
    assert problems, (text, entries)
    assert any(asks in p.lower() for p in problems), problems


def test_food_said_before_or_after_a_session_is_a_meal_of_its_own() -> None:
    entries, problems = _read("toast and a coffee after my 8 km run in 45 min")
    assert problems == []
    kinds = dict(entries)
    assert set(kinds) == {"log_meal", "log_cardio"}
    assert {"toast", "coffee"} <= set(re.findall(r"\w+", kinds["log_meal"]["description"]))
    assert kinds["log_cardio"]["distance_m"] == 8000.0
    entries, problems = _read("ran 5k before breakfast in 26 min")  # a time of day, no food
    assert problems == []
    assert [i for i, _ in entries] == ["log_cardio"]


def test_lengths_of_a_pool_make_the_distance() -> None:
    entries, problems = _read("swam 60 lengths of a 25 m pool in 50 min")
    assert problems == []
    assert entries[0][1]["distance_m"] == 1500.0
    entries, problems = _read("jogged 8 laps of the 400m track in 16 min")
    assert problems == []
    assert entries[0][1]["distance_m"] == 3200.0


def test_classes_and_app_names_the_library_now_has() -> None:
    entries, problems = _read("45 mins of vinyasa yoga")
    assert problems == []
    assert entries[0][1]["exercise"] == "yoga-class"
    entries, problems = _read("bootcamp class 50 min, avg hr 150")
    assert problems == []
    assert entries[0][1]["exercise"] == "hiit-class"
    fly = ExerciseMatcher.from_library().match("Chest Fly (Machine)")
    assert fly is not None
    assert fly.slug == "pec-deck"
    entries, problems = _read("cycle to work, 14 km in 38 min")
    assert problems == []
    assert entries[0][1]["exercise"] == "moderate-cycling"


def test_sets_written_in_a_second_language_are_read() -> None:
    entries, problems = _read("yesterday we made 5 series of 5 repetitions deadlift with 120 kilo")
    assert problems == []
    (group,) = entries[0][1]["groups"]
    assert (group["exercise"], group["sets"], group["reps"], group["weight_kg"]) == ("barbell-deadlift", 5, 5, 120.0)  # fmt: skip
