"""Logging typed fast on a phone (issue 57, the sixteenth set's writer AQ: shift workers, new
parents, riders): one test per class, each in wording composed here (none is the set's), beside
the close wording that must keep its old reading."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.assistant.log_support import only_entry, read_entries

from fitcoach.assistant.measurements import read_measurements
from fitcoach.assistant.nlu.dates import find_dates
from fitcoach.assistant.nlu.normalise import normalise, without_slang

TODAY = date(2026, 11, 18)


def _only(text: str, intent: str, units: str = "metric") -> dict[str, Any]:
    return only_entry(text, intent, "imperial" if units == "imperial" else "metric")


# --- a figure after a site of the tape is never the body weight (a wrong store) --------------


@pytest.mark.parametrize(
    ("text", "arguments"),
    [
        ("body fat 19% per the scale, hips 101", {"body_fat_pct": 19.0, "hips_cm": "101"}),
        ("bf 25 on my smart scale", {"body_fat_pct": 25.0}),
        ("forearms 29 each", {"forearm_left_cm": "29", "forearm_right_cm": "29"}),
        (
            "biceps 36 both, chest 101",
            {"upper_arm_left_cm": "36", "upper_arm_right_cm": "36", "chest_cm": "101"},
        ),
        ("both calves 40cm", {"calf_left_cm": "40 cm", "calf_right_cm": "40 cm"}),
        ("quads l 61 r 60 cm", {"thigh_left_cm": "61 cm", "thigh_right_cm": "60 cm"}),
    ],
)
def test_a_tape_reading_beside_the_scale_or_for_both_sides(
    text: str, arguments: dict[str, object]
) -> None:
    reading = read_measurements(text, TODAY)
    assert reading is not None
    assert not reading.problems, reading
    assert reading.arguments == arguments


def test_a_limb_without_its_side_is_still_asked() -> None:
    reading = read_measurements("calf 39", TODAY)
    assert reading is not None
    assert reading.problems


@pytest.mark.parametrize(
    "text",
    [
        "stepped on the scale, hips 99 and waist 80 and legs 3x10",
        "scale this am, waist 88, squats 5x5 100kg",
    ],
)
def test_a_waist_figure_is_not_stored_as_the_weight(text: str) -> None:
    entries, _ = read_entries(text)
    weights = [s.get("weight_kg") for i, s in entries if i == "log_weight"]
    assert weights in ([], [None]), entries


def test_the_weight_beside_a_tape_site_is_still_read() -> None:
    assert _only("weighed 82.4 on the scale", "log_weight")["weight_kg"] == 82.4


# --- texting shorthand: "n" is "and", "b4" before, "nite" night -------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rows n curls", "rows and curls"),
        ("3 n a half hrs", "3.5 hrs"),
        ("walked 2 hrs n 10", "walked 2 h 10 min"),
        ("nap b4 my shift", "nap before my shift"),
        ("late nite", "late night"),
        ("out tonite", "out tonight"),
    ],
)
def test_phone_shorthand_is_spelt_out(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_a_ride_of_an_hour_n_some_minutes() -> None:
    slots = _only("rode 30 km in an hour n 12", "log_cardio")
    assert slots["duration_s"] == 72 * 60


def test_two_exercises_joined_by_n() -> None:
    entries, problems = read_entries("bicep curls 12kg 3x12 n tricep pushdowns 20kg 3x12")
    assert not problems, problems
    assert len(entries[0][1]["groups"]) == 2


# --- the lift's verb in the past, "k" for kilos, the particles of Singlish --------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [("deadlifted 150kg 3 sets of 3", "deadlift"), ("squatted 80kg for 4 sets of 8", "squat")],
)
def test_a_lift_said_as_its_verb(text: str, name: str) -> None:
    group = _only(text, "log_sets")["groups"][0]
    assert name in group["exercise"].replace("-", " ")
    assert group["weight_kg"] in (150, 80)


def test_curled_only_before_a_figure() -> None:
    assert normalise("curled 14 kg 3x10") == "curl 14 kg 3x10"
    assert normalise("curled up on the couch") == "curled up on the couch"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rdl 90k x 8 x 3", "rdl 90 kg x 8 x 3"),
        ("leg press 200k for 12", "leg press 200 kg for 12"),
    ],
)
def test_k_after_a_loads_figure_with_reps_is_kilos(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize("text", ["ran 10k", "ran 5k x 2", "3 x 1k repeats", "walked 12k steps"])
def test_k_of_a_run_stays_as_it_was(text: str) -> None:
    assert "kg" not in normalise(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("leg press lah 3x12 100kg", "leg press 3x12 100kg"),
        ("shoulder press done liao, 3x10 30kg", "shoulder press done, 3x10 30kg"),
        ("rows leh, 4x10 50kg", "rows, 4x10 50kg"),
        ("squat la", "squat"),
    ],
)
def test_singlish_particles_are_no_part_of_a_name(text: str, expected: str) -> None:
    assert without_slang(normalise(text)) == expected


def test_a_names_la_and_a_scores_meh_stay() -> None:
    assert "la" in without_slang(normalise("la sentadilla 3x10"))
    assert without_slang(normalise("energy ok, mood meh")) == "energy ok, mood meh"


# --- a day named last, after the sets, and the bench named by its angle -----------------------


@pytest.mark.parametrize("day", ["thurs", "friday", "weds"])
def test_a_day_after_the_sets_leaves_the_load(day: str) -> None:
    group = _only(f"overhead press 95 4x6 {day}", "log_sets", "imperial")["groups"][0]
    assert round(group["weight_kg"], 1) == round(95 * 0.45359237, 1)


def test_weds_is_a_wednesday() -> None:
    assert find_dates("swam weds", date(2026, 11, 20)) == {"date": date(2026, 11, 18)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("incline db 30kg 3x10", "incline-dumbbell-press"),
        ("flat bb 80kg 5x5", "barbell-bench-press"),
    ],
)
def test_the_bench_named_by_its_angle_and_bar(text: str, expected: str) -> None:
    group = _only(text, "log_sets")["groups"][0]
    assert group["exercise"] == expected


def test_an_angled_fly_keeps_its_name() -> None:
    assert "bench press" not in normalise("incline db fly 10kg 3x12")


# --- a treadmill's setting, and the night's sleep plus a nap ----------------------------------


def test_a_treadmill_incline_setting_is_no_figure_of_the_walk() -> None:
    slots = _only("25 min treadmill walk at incline 10", "log_cardio")
    assert slots["duration_s"] == 25 * 60


def test_a_time_after_the_incline_word_is_the_walks() -> None:
    assert _only("walked on the treadmill, incline 35 min", "log_cardio")["duration_s"] == 35 * 60


def test_an_incline_press_load_is_still_a_load() -> None:
    group = _only("incline bench press 60kg 3x8", "log_sets")["groups"][0]
    assert group["weight_kg"] == 60


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("crashed after my late shift 6am, up 1pm, plus a 90 min nap later", 8.5),
        ("crashed out 7am, woke 2pm", 7.0),
        ("slept 11pm-5am and a 30 min nap at lunch", 6.5),
    ],
)
def test_a_night_of_clock_times_and_a_nap_beside_it(text: str, hours: float) -> None:
    slots = _only(text, "log_sleep")
    assert slots["duration_s"] == hours * 3600


@pytest.mark.parametrize(
    ("text", "hours"),
    [("got 6h40 last night", 6 + 40 / 60), ("had 5 hrs 20 overnight", 5 + 20 / 60)],
)
def test_hours_and_minutes_with_only_the_night(text: str, hours: float) -> None:
    slots = _only(text, "log_sleep")
    assert abs(slots["duration_s"] - hours * 3600) < 1
