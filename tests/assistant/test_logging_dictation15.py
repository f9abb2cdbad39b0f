"""Logging by voice dictation and by people who type with difficulty (issue 57, the fifteenth
set's writer AM): one test per class, each in wording composed here (none is the set's), beside
the close wording that must keep its old reading."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.assistant.log_support import only_entry
from tests.factories import as_subject, make_athlete, subject_of

from fitcoach.assistant.nlu import read_log
from fitcoach.assistant.nlu.dictation import undictate
from fitcoach.assistant.nlu.normalise import normalise
from fitcoach.assistant.offline import offline_reply
from fitcoach.assistant.registry import ToolContext
from fitcoach.assistant.reply import Turn
from fitcoach.services.context import ServiceContext

TODAY = date(2026, 11, 18)


def _only(text: str, intent: str, units: str = "metric") -> dict[str, Any]:
    return only_entry(text, intent, "imperial" if units == "imperial" else "metric")


# --- spoken punctuation ----------------------------------------------------------------------


def test_spoken_punctuation_is_read_as_marks() -> None:
    assert undictate("rows three sets comma then curls full stop") == "rows three sets, then curls."
    assert undictate("felt fine exclamation mark") == "felt fine!"
    # "period" at the end or before the next sentence is the mark
    assert undictate("twenty minutes on the bike period felt easy period") == (
        "twenty minutes on the bike. felt easy."
    )


@pytest.mark.parametrize(
    "text",
    ["my period started so i rested", "rest period of 2 min", "period pain today", "heavy period"],
)
def test_a_period_that_is_one_stays_a_word(text: str) -> None:
    assert undictate(text) == text


def test_a_dictated_meal_keeps_only_its_food() -> None:
    slots = _only("for dinner i had pasta with pesto comma around six hundred calories full stop", "log_meal")  # fmt: skip
    assert slots["calories"] == 600
    assert "comma" not in slots["description"]
    assert "stop" not in slots["description"]


def test_dictated_daily_figures_split_at_the_spoken_commas() -> None:
    slots = _only("energy two comma mood three comma stress four full stop", "log_daily")
    # (stored on the 1-10 scale: twice the 1-5 score said)
    assert slots["values"] == {"energy": 4.0, "mood": 6.0, "stress": 8.0}


# --- a number's homophones before a count noun ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sets", "reps"),
    [
        ("goblet squats to sets of twelve with the eight kilo bell", 2, 12),
        ("chest press for sets of eight at forty kilos", 4, 8),
        ("hamstring curls at twenty kilos ate reps times three sets", 3, 8),
    ],
)
def test_a_count_heard_as_its_homophone(text: str, sets: int, reps: int) -> None:
    (group,) = _only(text, "log_sets")["groups"]
    assert (group["sets"], group["reps"]) == (sets, reps)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("went to 3 sets", "to 3 sets"),  # a number follows: the preposition
        ("i went for reps today", "for reps"),  # no count after "of": going for them
        ("ate 2 eggs", "ate 2 eggs"),  # something eaten
        ("time to set a new pr", "to set"),  # the verb
    ],
)
def test_the_preposition_stays_where_no_count_is_meant(text: str, kept: str) -> None:
    assert kept in undictate(text)


def test_too_before_a_distance_is_two() -> None:
    slots = _only("too kilometre walk round the park, thirty minutes", "log_cardio")
    assert slots["distance_m"] == 2000


# --- exercise names as speech-to-text writes them ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("bi sep curls 2x12 with the 5kg dumbbells", "dumbbell-curl"),
        ("lap pulldowns 3x10 at 30kg", "lat-pulldown"),
        ("seated rose 3x12 at 25kg", "seated-cable-row"),
    ],
)
def test_a_misheard_exercise_name(text: str, slug: str) -> None:
    (group,) = _only(text, "log_sets")["groups"]
    assert group["exercise"] == slug


def test_a_misheard_name_is_read_back_only_beside_training() -> None:
    assert undictate("lunch is at one") == "lunch is at one"
    assert "lunges" in undictate("lunch is 3 sets of 8 each leg")


def test_a_greeting_before_the_log_is_no_exercise() -> None:
    slots = _only("good evening coach, weight seventy point two", "log_weight")
    assert slots["weight_kg"] == pytest.approx(70.2)
    # without its comma the good morning is the lift
    (group,) = _only("good mornings 3x8 at 30kg", "log_sets")["groups"]
    assert group["exercise"] == "barbell-good-morning"


# --- numbers said aloud -------------------------------------------------------------------------


def test_a_hundred_and_a_spoken_decimal_before_a_full_stop() -> None:
    assert normalise("a hundred and twenty pounds") == "120 pounds"
    assert normalise("weight one forty one point six full stop") == "weight 141.6."


def test_a_spoken_figure_past_59_is_never_a_clock_time() -> None:
    # in a message about sleep "one sixty two" is still 162, not 1:62
    assert "weight 162" in normalise("slept badly, weight one sixty two")
    assert "10:30" in normalise("slept from ten thirty")


def test_lots_of_are_sets() -> None:
    (group,) = _only("calf raises 2 lots of 15 holding the kitchen counter", "log_sets")["groups"]
    assert (group["sets"], group["reps"], group["exercise"]) == (2, 15, "bodyweight-calf-raise")
    assert "lots of 10s" in normalise("lots of 10s on the rower")


# --- a night told with "awake at" ------------------------------------------------------------


def test_awake_at_ends_a_night() -> None:
    slots = _only("in bed by 10:15, awake at 5", "log_sleep")
    assert slots["duration_s"] == pytest.approx(6.75 * 3600)


# --- meals, days and classes ---------------------------------------------------------------------


def test_tea_the_meal_and_tea_the_drink() -> None:
    slots = _only("sausages and mash for our tea", "log_meal")
    assert slots["meal"] == "dinner"
    assert "tea" in normalise("a cup of tea with milk")


def test_a_request_to_log_a_meal_is_no_food() -> None:
    found = read_log("had my breakfast, could you add it", today=TODAY)
    assert not found.ok
    assert any(p.startswith("what did you eat") for p in found.problems)


def test_a_day_told_by_what_happened_on_it_is_asked() -> None:
    found = read_log("resting hr 64 from the morning i overslept", today=TODAY)
    assert not found.ok
    assert any(p.startswith("which day was it") for p in found.problems)


def test_a_parkrun_walked_is_a_walk() -> None:
    slots = _only("walked the parkrun with my daughter, 58 min", "log_cardio")
    assert slots["exercise"] == "easy-walk"
    assert _only("parkrun this morning in 31 minutes", "log_cardio")["exercise"] != "easy-walk"


def test_support_held_is_no_part_of_the_name() -> None:
    (group,) = _only("sit to stands from the kitchen chair 2 sets of 6, holding the frame", "log_sets")["groups"]  # fmt: skip
    assert group["exercise"] == "chair-squat"


# --- the answer to the chat's own question ---------------------------------------------------


@pytest.fixture
def me(ctx: ServiceContext) -> ToolContext:
    athlete = make_athlete(ctx)
    return ToolContext(as_subject(ctx, subject_of(ctx, athlete)), athlete.id)


def test_the_numbers_asked_for_are_read_with_the_message_they_were_asked_of(
    ctx: ServiceContext, me: ToolContext
) -> None:
    first = offline_reply(me, "did my calf raises this morning")
    assert first.tool_calls == []
    assert first.text.lower().startswith("how many sets and reps")
    history = [Turn("user", "did my calf raises this morning"), Turn("assistant", first.text)]
    answer = offline_reply(me, "two lots of fifteen", history=history)
    assert [c.tool for c in answer.tool_calls] == ["log_sets"]
    assert "2 x 15" in answer.text
    # without the question the answer alone still asks which exercise
    alone = offline_reply(me, "two lots of fifteen")
    assert alone.tool_calls == []


def test_aqua_alone_is_the_water_aerobics_class() -> None:
    assert (
        _only("aqua for forty minutes this morning", "log_cardio")["exercise"] == "water-aerobics"
    )
    # the pool's jogging keeps its own name
    assert _only("aqua jogging 25 min", "log_cardio")["exercise"] == "water-jogging"
    assert _only("aqua jog with the belt, 35 mins", "log_cardio")["exercise"] == "water-jogging"


def test_a_glass_of_red_is_wine() -> None:
    slots = _only("fish pie for tea, and a glass of white", "log_meal")
    assert "white wine" in slots["description"]
    assert slots["meal"] == "dinner"
