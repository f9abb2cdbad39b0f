"""Classes of needless questions the twenty-third set's writers BE and BF met when they logged
(issue 57, log23b), each in new wording, beside the close wording that must keep its old
reading. Sentences here are written for the tests, not taken from any data set."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.log_support import only_entry, read_entries

from fitcoach.assistant.nlu.quantities import PER_LAP, distance_m

# --- a distance "around" a place is the whole way, no lap's length ----------------------------


@pytest.mark.parametrize(
    ("text", "metres"),
    [("strolled 2.5 km around the lake", 2500.0), ("4 miles around the old town", 6437.4)],
)
def test_a_distance_around_a_place_is_the_whole_way(text: str, metres: float) -> None:
    assert PER_LAP.search(text) is None
    assert distance_m(text) == pytest.approx(metres, abs=0.1)


def test_a_walk_around_a_place_with_its_time_is_stored() -> None:
    slots = only_entry("walked 2.5 miles around the harbour, roughly 50 min", "log_cardio", "imperial")  # fmt: skip
    assert slots["distance_m"] == pytest.approx(4023.4, abs=0.5)
    assert slots["duration_s"] == 3000


def test_a_lap_length_still_multiplies_out() -> None:
    assert distance_m("1.5 km a lap, 4 laps of the park") == 6000.0


# --- strides after a run ----------------------------------------------------------------------


def test_strides_after_a_run_are_no_figures_of_it() -> None:
    slots = only_entry("jogged 6k in 33 min, finished with 6x80m strides", "log_cardio")
    assert slots["distance_m"] == 6000.0
    assert slots["duration_s"] == 33 * 60


def test_strides_without_a_distance_lend_none() -> None:
    slots = only_entry("easy run 35 minutes then 5 x 20s strides", "log_cardio")
    assert "distance_m" not in slots
    assert slots["duration_s"] == 35 * 60


def test_a_time_of_the_whole_session_keeps_the_easy_part_s_distance_out() -> None:
    slots = only_entry("ran 3 miles easy plus 4 strides, 32 min in all", "log_cardio", "imperial")  # fmt: skip
    assert "distance_m" not in slots
    assert slots["duration_s"] == 32 * 60


def test_repeats_without_a_run_word_are_still_asked_about() -> None:
    _, problems = read_entries("6x100m strides")
    assert problems


# --- two nights told together --------------------------------------------------------------


def test_two_nights_each_by_its_day_are_two_sleep_entries() -> None:
    entries, problems = read_entries("monday slept just 4h, last night 8h, much better")
    assert not problems
    assert sorted((s["date"], s["duration_s"]) for i, s in entries if i == "log_sleep") == [
        (date(2026, 11, 16), 4 * 3600),
        (date(2026, 11, 18), 8 * 3600),
    ]


def test_a_second_length_of_the_same_night_is_still_asked_about() -> None:
    _, problems = read_entries("slept 6h last night, 8h")
    assert problems


# --- a short lift's name in a barbell session -------------------------------------------------


def test_a_row_beside_barbell_lifts_is_the_barbell_row() -> None:
    entries, problems = read_entries("deadlift 150 3x3, bench 85 5x5, row 70 4x8, chins bw 3x8")
    assert not problems
    groups = [g for i, s in entries if i == "log_sets" for g in s["groups"]]
    assert {g["exercise"] for g in groups} >= {"barbell-row"}


def test_one_barbell_lift_beside_it_is_no_session_yet() -> None:
    """Stop 88: a row after a lone deadlift may be any row (test_logging_accounting's case)."""
    _, problems = read_entries("deadlift 150 3x3, row 70 4x8, chins bw 3x8")
    assert any(p.startswith("which exercise is 'row'") for p in problems)


@pytest.mark.parametrize(
    "text", ["rows 50 3x12", "db bench 26 3x10, rows 22 3x12", "lat pulldown 55 3x10, rows 50 3x12"]
)
def test_a_row_alone_or_beside_other_kit_is_still_asked_about(text: str) -> None:
    _, problems = read_entries(text)
    assert any(p.startswith("which exercise is 'rows'") for p in problems)


# --- a count of sets, then the reps -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["pull-ups, 4 sets, managed 11, 9, 8, 8", "push ups 4 sets to failure, got 30, 24, 20, 18"],
)
def test_reps_listed_after_the_count_of_sets_are_the_sets(text: str) -> None:
    entries, problems = read_entries(text)
    assert not problems
    assert [g["reps"] for g in entries[0][1]["groups"]] in ([11, 9, 8, 8], [30, 24, 20, 18])


def test_loads_listed_after_a_count_of_sets_are_no_reps() -> None:
    _, problems = read_entries("deadlift 3 sets, 120, 130, 140")
    assert problems  # loads without reps: asked, never stored as 120 reps


def test_sets_told_count_load_reps_are_read() -> None:
    slots = only_entry("hack squat 4 sets 140 kg 10 reps", "log_sets")
    assert [(g["sets"], g["reps"], g["weight_kg"]) for g in slots["groups"]] == [(4, 10, 140.0)]


def test_two_nights_of_one_length_each_are_two_entries() -> None:
    entries, problems = read_entries("friday night and saturday night i slept about 9h each")
    assert not problems
    assert [(i, s["duration_s"]) for i, s in entries] == [("log_sleep", 9 * 3600)] * 2
    assert len({s["date"] for _, s in entries}) == 2


def test_a_night_said_before_a_colon_is_logged_beside_the_lifts() -> None:
    entries, problems = read_entries("trained and slept 7 hrs: squat 5x5 @ 100kg")
    assert not problems
    assert sorted(i for i, _ in entries) == ["log_sets", "log_sleep"]


def test_two_nights_both_of_one_length_are_two_entries() -> None:
    entries, problems = read_entries("saturday night and last night both 6.5h of sleep")
    assert not problems
    assert [s["duration_s"] for _, s in entries] == [6.5 * 3600] * 2
