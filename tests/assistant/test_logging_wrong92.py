"""Classes of logs stored with wrong data (issue 57, wrong92): "had" said of kit, a place, a
sleep or a grumble read as a meal; a meal named by when or where it was eaten (or skipped, or
the app it was tracked in) stored with no food; beer by its kind dropped from a meal; "the sun"
and "due friday" read as weekdays; an effort "on the triple" spread over every set; an app's
warm-up lines stored where the message leaves them out."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import TODAY, read_entries


def _intents(text: str) -> list[str]:
    entries, _ = read_entries(text)
    return [intent for intent, _ in entries]


@pytest.mark.parametrize(
    "text",
    [
        "travel day, the hotel gym only had dumbbells. db press 3x12 with 20s",
        "gym had no rack so did goblet squats 4x10 with a 24kg bell",
        "8 hours, best sleep i've had all month",
        "just having a moan, work is mad. stress 4/5, mood 2/5",
        "squats 5x5 at 90kg, the kids had made a mess of the garage gym",
    ],
)
def test_had_of_kit_a_place_a_sleep_or_a_grumble_is_no_meal(text: str) -> None:
    assert "log_meal" not in _intents(text)


@pytest.mark.parametrize(
    "text",
    [
        "had my shift meal, can you log it",
        "skipped breakfast but had a huge lunch",
        "MyFitnessPal Dinner",
        "had the family dinner tonight",
    ],
)
def test_a_meal_named_only_by_when_where_or_the_app_is_asked(text: str) -> None:
    entries, problems = read_entries(text)
    assert problems, entries
    assert any("what did you eat" in p for p in problems)


@pytest.mark.parametrize(
    ("text", "drink"),
    [
        ("3 pints of lager and a kebab after the match", "lager"),
        ("2 ciders and a burger at the pub", "ciders"),
    ],
)
def test_beer_by_its_kind_stays_in_the_meal(text: str, drink: str) -> None:
    entries, problems = read_entries(text)
    assert not problems
    (meal,) = [slots for intent, slots in entries if intent == "log_meal"]
    assert drink in meal["description"]


@pytest.mark.parametrize(
    "text",
    [
        "lat pulldown 3x10 at 50kg, mood 4/5 today because the sun came out",
        "squats 5x5 at 100kg, sun was out so walked home after",
        "essays are due friday so stress 4/5, did 30 minutes of yoga",
    ],
)
def test_the_sun_and_a_deadline_are_no_weekday(text: str) -> None:
    entries, problems = read_entries(text)
    assert not problems, problems
    assert {slots["date"] for _, slots in entries} == {TODAY}


def test_sun_the_weekday_stays_a_day() -> None:
    entries, _ = read_entries("sun: 10k run 55 min")
    assert {slots["date"] for _, slots in entries} == {TODAY.replace(day=15)}


def test_an_effort_on_the_triple_is_asked_not_spread() -> None:
    entries, problems = read_entries("deadlift 1x3 at 180kg then 3x5 at 160kg. rpe 9 on the triple")
    assert "which sets was the effort for?" in problems
    assert not any(g.get("rpe") for _, s in entries for g in s.get("groups", []))


def test_warm_up_lines_left_out() -> None:
    text = "Squat (Barbell)\nSet W: 60kg x 8\nSet 1: 120kg x 5\nSet 2: 120kg x 5\n\nworking sets only pls"
    entries, problems = read_entries(text)
    assert not problems
    (sets,) = [slots for intent, slots in entries if intent == "log_sets"]
    assert [g["weight_kg"] for g in sets["groups"]] == [120.0, 120.0]
    # unsaid too: a set the app marks as a warm-up is no working set (nlu/set_marks, log57na)
    entries, _ = read_entries(text.replace("working sets only pls", ""))
    (sets,) = [slots for intent, slots in entries if intent == "log_sets"]
    assert [g["weight_kg"] for g in sets["groups"]] == [120.0, 120.0]


def test_sat_opening_a_clause_of_where_one_sat_is_no_saturday() -> None:
    text = "rdl 3x8 at 100kg, then a protein shake 30g protein, sat in the car drinking it"
    entries, problems = read_entries(text)
    assert not problems, problems
    assert {slots["date"] for _, slots in entries} == {TODAY}
    entries, _ = read_entries("sat: squats 5x5 100kg")  # (the day, at a log's start)
    assert {slots["date"] for _, slots in entries} == {TODAY.replace(day=14)}


def test_a_meals_praise_is_no_meal_of_its_own() -> None:
    entries, problems = read_entries(
        "brekkie: 2 crumpets with butter and an orange juice. breakfast of champions mate"
    )
    assert not problems
    assert [intent for intent, _ in entries] == ["log_meal"]
