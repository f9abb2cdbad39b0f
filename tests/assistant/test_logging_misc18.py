"""The misc18 logging forms, in words written for this file: rounds over a list are the sets of
each exercise of the list; a rep scheme ("10-8-6") is a set of each count for each exercise it
is said of, never a date; step-ups said unloaded are done with the body's weight (never
"unloaded the van"); the rest between repeats of a distance is never the session's time; a night told in the present tense is stored as one told in the past;
a body measurement whose site is named before "measured" is that site's."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.log_support import only_entry, read_entries

from fitcoach.assistant.measurements import read_measurements
from fitcoach.assistant.nlu.metrics import _PRESENT_NIGHT
from fitcoach.assistant.nlu.rounds import rep_schemes, rounds_over_list


def _groups(text: str) -> list[tuple[str, int, int]]:
    slots = only_entry(text, "log_sets")
    return [(g["exercise"], g["sets"], g["reps"]) for g in slots["groups"]]


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        (
            "4 rounds of 8 burpees, 12 box jumps, 16 lunges",
            [("burpee", 4, 8), ("box-jump", 4, 12), ("forward-lunge", 4, 16)],
        ),
        ("did 3 rounds: 6 pull ups, 9 dips", [("pull-up", 3, 6), ("parallel-bar-dip", 3, 9)]),
        ("2 rounds of 25 sit-ups and 30 burpees", [("sit-up", 2, 25), ("burpee", 2, 30)]),
    ],
)
def test_rounds_over_a_list_are_the_sets_of_each(text: str, groups: list[tuple[str, int, int]]) -> None:  # fmt: skip
    assert _groups(text) == groups


@pytest.mark.parametrize(
    "text",
    [
        "3 rounds of 4 min bag work and 10 min skipping",  # rounds of minutes: the cardio's
        "6 rounds of 12 dead bugs, plus 2x20 side planks",  # one exercise's rounds, then sets
    ],
)
def test_rounds_not_over_a_list_of_counts_and_names_are_left(text: str) -> None:
    assert rounds_over_list(text) == text


def test_a_rep_scheme_is_a_set_of_each_count_for_each_exercise() -> None:
    groups = _groups("10-8-6 front squats @ 70kg and dips")
    assert groups == [
        ("barbell-front-squat", 1, 10),
        ("barbell-front-squat", 1, 8),
        ("barbell-front-squat", 1, 6),
        ("parallel-bar-dip", 1, 10),
        ("parallel-bar-dip", 1, 8),
        ("parallel-bar-dip", 1, 6),
    ]
    assert _groups("goblet squats 15-12-10 at 20kg") == [
        ("goblet-squat", 1, 15),
        ("goblet-squat", 1, 12),
        ("goblet-squat", 1, 10),
    ]


@pytest.mark.parametrize("text", ["weighed in 17-11-25 at 80kg", "week 3 of 5-3-1 squats"])
def test_a_date_or_the_531_programme_is_no_rep_scheme(text: str) -> None:
    assert rep_schemes(text) == text


@pytest.mark.parametrize(
    ("text", "hours"), [("i sleep 11 til 6", 7.0), ("i sleep around 11pm wake up 6:30", 7.5)]
)
def test_a_night_told_in_the_present_is_stored(text: str, hours: float) -> None:
    slots = only_entry(text, "log_sleep")
    assert slots["duration_s"] == pytest.approx(hours * 3600)


@pytest.mark.parametrize(
    "text", ["should i sleep 9 hours before a race", "when i sleep 5 hours i feel awful"]
)
def test_a_question_or_a_condition_is_not_told_as_a_night(text: str) -> None:
    assert _PRESENT_NIGHT.search(text) is None


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("hips this morning: measured 97", "hips_cm", "97"),
        ("checked my waist, measured 81 cm", "waist_cm", "81 cm"),
    ],
)
def test_a_site_named_before_measured_is_its_measurement(text: str, field: str, value: str) -> None:
    reading = read_measurements(text, date(2026, 11, 18))
    assert reading is not None
    assert not reading.problems
    assert reading.arguments[field] == value


def test_measured_without_a_site_is_not_a_measurement() -> None:
    assert read_measurements("measured 34", date(2026, 11, 18)) is None


@pytest.mark.parametrize("text", ["step-ups 3x15 unloaded", "unweighted step ups 4 x 8 each leg"])
def test_unloaded_sets_are_the_bodys_weight(text: str) -> None:
    (group,) = only_entry(text, "log_sets")["groups"]
    assert group["bodyweight"] is True


def test_unloading_a_van_is_no_load_of_the_sets() -> None:
    _entries, problems = read_entries("unloaded the van then step ups 3x10")
    assert problems == ["what load (kg or lb)?"]


@pytest.mark.parametrize(
    "text", ["rowed 5 x 1000m on the erg, 3 min rest", "8 x 200m repeats rest 60s"]
)
def test_the_rest_between_distance_repeats_is_no_session_time(text: str) -> None:
    entries, problems = read_entries(text)
    assert all("duration_s" not in slots for _, slots in entries)
    assert problems  # asked, never stored with the rest as its time


def test_a_session_time_beside_the_rest_is_kept() -> None:
    entries, _ = read_entries("swam 10 x 100m, 20s rest, 35 min total")
    assert [slots.get("duration_s") for _, slots in entries] == [2100.0]
