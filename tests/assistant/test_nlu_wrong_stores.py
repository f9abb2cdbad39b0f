"""Wrong data the rules stored, by class (stop 89, logwrong): a load said as "same weight" (the
load said before it, else a question), a figure of how much was eaten ("ate like a horse") stored
as a meal, a sound of remembering ("ohh") in a meal's foods, "bfast" left unread with its foods,
and a heart rate taken after a session stored as the resting one. Each is read right where the
text says it, else asked, never guessed. Worded for this file."""

from __future__ import annotations

from datetime import date

import pytest

from fitcoach.assistant.nlu import ExerciseMatcher, read_log
from fitcoach.services.exercises import library_records

TODAY = date(2026, 11, 18)


@pytest.fixture(scope="module")
def matcher() -> ExerciseMatcher:
    return ExerciseMatcher(library_records())


def _groups(text: str, matcher: ExerciseMatcher) -> list[dict[str, object]]:
    reading = read_log(text, today=TODAY, exercises=matcher)
    assert reading.problems == [], reading.problems
    return [g for e in reading.entries if e.intent == "log_sets" for g in e.slots["groups"]]


@pytest.mark.parametrize(
    ("text", "load"),
    [
        ("hack squat 3x10 at 120 kg, then leg extensions 3x12 same weight", 120.0),
        ("chest press 4 x 8, 60 kilos. cable fly 3x15 with the same load", 60.0),
        ("rdl 3x8 @ 90, good mornings 3x10 at the same weight", 90.0),
    ],
)
def test_same_weight_is_the_load_said_before(text: str, load: float, matcher: ExerciseMatcher) -> None:  # fmt: skip
    groups = _groups(text, matcher)
    assert len(groups) == 2
    assert all(g.get("weight_kg") == load for g in groups), groups


@pytest.mark.parametrize(
    "text",
    ["calf raises 3x20 same weight", "lunges 3 x 12 with the same load"],
)
def test_same_weight_with_no_load_before_is_asked(text: str, matcher: ExerciseMatcher) -> None:
    reading = read_log(text, today=TODAY, exercises=matcher)
    assert any("load" in p for p in reading.problems), reading


@pytest.mark.parametrize(
    "text",
    [
        "bench 5x5 at 80. ate like a horse after",
        "6 mile run 50 min, been eating like a pig all day",
        "ate like a bird today, squats 3x5 @ 100",
    ],
)
def test_eating_like_an_animal_is_no_meal(text: str, matcher: ExerciseMatcher) -> None:
    reading = read_log(text, today=TODAY, exercises=matcher)
    assert not any(e.intent == "log_meal" for e in reading.entries), reading.entries


def test_a_sound_of_remembering_is_no_food(matcher: ExerciseMatcher) -> None:
    reading = read_log("lunch soup and bread, snack pear. ohh and rhr 58", today=TODAY, exercises=matcher)  # fmt: skip
    meals = [str(e.slots.get("description")) for e in reading.entries if e.intent == "log_meal"]
    assert meals
    assert not any("oh" in m.split() or "ohh" in m.split() for m in meals), meals


def test_bfast_is_breakfast_with_its_foods(matcher: ExerciseMatcher) -> None:
    reading = read_log("bfast 2 eggs + rye toast, 30 min bike", today=TODAY, exercises=matcher)
    meals = [e.slots for e in reading.entries if e.intent == "log_meal"]
    assert len(meals) == 1
    assert meals[0].get("meal") == "breakfast", meals
    assert "eggs" in str(meals[0].get("description")), meals


@pytest.mark.parametrize(
    "text",
    ["ran 5k 28 min, resting hr after 95", "rowed 20 min, resting heart rate post 88"],
)
def test_a_heart_rate_after_a_session_is_no_resting_hr(text: str, matcher: ExerciseMatcher) -> None:  # fmt: skip
    reading = read_log(text, today=TODAY, exercises=matcher)
    daily = [e.slots for e in reading.entries if e.intent == "log_daily"]
    assert not any("resting_hr" in d.get("values", {}) for d in daily), daily


def test_resting_hr_of_the_morning_still_read(matcher: ExerciseMatcher) -> None:
    reading = read_log("resting hr 52 this morning", today=TODAY, exercises=matcher)
    daily = [e.slots for e in reading.entries if e.intent == "log_daily"]
    assert daily
    assert daily[0]["values"].get("resting_hr") == 52, daily


def test_same_weight_of_a_weigh_in_is_no_load(matcher: ExerciseMatcher) -> None:
    reading = read_log("scale read 81.2kg, same weight again", today=TODAY, exercises=matcher)
    weights = [e for e in reading.entries if e.intent == "log_weight"]
    assert len(weights) == 1, reading.entries
