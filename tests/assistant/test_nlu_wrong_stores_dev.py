"""Classes of logging messages the dev writers (A-I of the teacher corpus) got stored with wrong
data (issue 57, logdev): a round of golf told by its holes, energy that "bottomed out" (the
lowest grade), a meal told only by how well it went, a night told only by when it began, a
Polish bike. Each class beside the close wording that keeps its old reading.
Sentences here are written for the tests, not taken from any data set."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import only_entry, read_entries

# --- golf told by its holes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("walked 18 holes this afternoon, 3 hours or so", 180),
        ("played nine holes walking, 1 hr 50", 110),
        ("18 holes of golf on saturday, about 4 hrs", 240),
    ],
)
def test_holes_walked_or_played_are_golf(text: str, minutes: int) -> None:
    slots = only_entry(text, "log_cardio", "imperial")
    assert slots["exercise"] == "golf"
    assert slots["duration_s"] == minutes * 60


def test_a_walk_without_holes_is_still_a_walk() -> None:
    assert only_entry("walked the dog 45 min", "log_cardio")["exercise"] == "easy-walk"


# --- the bottom of the 1-5 scale said in words ---------------------------------------------


@pytest.mark.parametrize("text", ["very sore today", "super sore this morning"])
def test_very_or_super_sore_stays_a_step_below_the_top(text: str) -> None:
    """The writers grade "very sore" 4 of 5 as often as 5: it keeps its old reading."""
    assert only_entry(text, "log_daily")["values"]["soreness"] == 8.0


def test_energy_that_bottomed_out_is_the_lowest_grade() -> None:
    assert only_entry("energy totally bottomed out", "log_daily")["values"]["energy"] == 2.0


# --- a meal told only by how well it went ------------------------------------------------------


@pytest.mark.parametrize("text", ["ate like garbage yesterday", "ate really badly today"])
def test_a_meal_told_only_by_how_it_went_is_asked_about(text: str) -> None:
    _, problems = read_entries(text)
    assert "what did you eat (and the kcal or protein, if you know them)?" in problems


def test_a_meal_with_a_food_beside_a_judgement_is_stored() -> None:
    assert (
        "salad" in only_entry("ate clean today, a big salad for lunch", "log_meal")["description"]
    )


# --- a night told only by when it began --------------------------------------------------------


def test_a_bedtime_before_till_is_no_length_of_sleep() -> None:
    entries, problems = read_entries("slept 10 till whenever")
    assert not any("duration_s" in slots for _, slots in entries)
    assert "how many hours did you sleep?" in problems


def test_a_clock_range_with_till_is_still_a_night() -> None:
    assert only_entry("slept 11 till 7", "log_sleep")["duration_s"] == 8 * 3600


# --- Polish "rower" is a bicycle ----------------------------------------------------------------


def test_a_polish_stationary_bike_is_no_rowing_machine() -> None:
    slots = only_entry("45 min rower stacjonarny", "log_cardio")
    assert slots["exercise"] == "moderate-stationary-cycling"


def test_the_english_rower_stays_a_row() -> None:
    assert only_entry("25 min on the rower", "log_cardio")["exercise"] == "moderate-rowing"
