"""Logging classes of everyday people logging on the go and of people training with long-term
conditions (corpus 57j, writers BJ and BH), in words written for this file: a decimal night
beside sets, "1 hr 5" and "9 mins 40" before who or when, a session's time said after its sets
("done in", "whole thing"), a grade of the effort "felt like 7/10", a figure said over in the
same unit, an emoji after a figure ending its clause, a reading after a night's "8h20", a
device's "6:55 sleep" and "legs dead"; with the look-alikes that must read as before."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import only_entry, read_entries


def _kinds(text: str, units: str = "metric") -> dict[str, dict[str, object]]:
    entries, problems = read_entries(text, units)  # type: ignore[arg-type]
    assert not problems, problems
    return dict(entries)


@pytest.mark.parametrize("units", ["metric", "imperial"])
def test_a_decimal_night_after_sets_keeps_its_half_hour(units: str) -> None:
    found = _kinds("deadlift 3x3 at 140, felt slow. only slept 6.5 hrs", units)
    assert found["log_sleep"]["duration_s"] == 6.5 * 3600
    assert "duration_s" not in found["log_sets"]  # the night's hours are no session time


def test_a_session_time_after_its_sets_still_reads() -> None:
    assert only_entry("bench 3x5 at 80. 45 min", "log_sets")["duration_s"] == 45 * 60


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("walked 2 miles in 1 hr 5 with my neighbour", 65),
        ("hiked 8 km in 2 hrs 15 w/ the kids", 135),
        ("rode 20 km in 1 hour 10 this morning", 70),
    ],
)
def test_hours_then_minutes_before_with_whom_or_when(text: str, minutes: int) -> None:
    slots = only_entry(text, "log_cardio", "imperial")
    assert slots["duration_s"] == minutes * 60
    assert "avg_hr" not in slots  # the "hr" of "1 hr 5" is hours, never a heart rate


def test_minutes_then_seconds_before_a_day() -> None:
    slots = only_entry("rowed 1500m in 6 mins 40 on tuesday", "log_cardio")
    assert slots["duration_s"] == 6 * 60 + 40
    assert slots["date"].weekday() == 1


def test_minutes_then_a_unit_stay_apart() -> None:
    # "20 mins 10 km": the 10 is kilometres, never seconds
    slots = only_entry("cycled 20 mins 10 km", "log_cardio")
    assert (slots["duration_s"], slots["distance_m"]) == (20 * 60, 10_000)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("goblet squat 3x12 @ 20kg, rdl 3x10 @ 40kg, done in 40 mins", 40),
        ("leg press 4x8 at 120kg, leg curl 3x12 at 35kg. whole thing 55 min", 55),
    ],
)
def test_the_session_time_said_after_the_sets(text: str, minutes: int) -> None:
    slots = only_entry(text, "log_sets")
    assert slots["duration_s"] == minutes * 60
    assert len(slots["groups"]) == 2


@pytest.mark.parametrize(
    ("text", "rpe"),
    [
        ("cross trainer 30 min resistance 6, felt like 7/10", 7.0),
        ("swim 40 min, felt like a 4 out of 10", 4.0),
    ],
)
def test_a_felt_grade_out_of_ten_is_the_session_effort(text: str, rpe: float) -> None:
    assert only_entry(text, "log_cardio")["session_rpe"] == rpe


@pytest.mark.parametrize(
    ("text", "slot", "value"),
    [
        ("jogged 5k, sorry 4k, in 28 min", "distance_m", 4000.0),
        ("swim 45 min, no 40 min, the clock was off", "duration_s", 40 * 60.0),
        ("walk 50 min, 4.1 km... no it's 4.3", "distance_m", 4300.0),
    ],
)
def test_a_figure_said_over_in_the_same_breath(text: str, slot: str, value: float) -> None:
    assert only_entry(text, "log_cardio")[slot] == pytest.approx(value)


def test_a_weigh_in_typo_corrected() -> None:
    assert only_entry("weight 81.7 .. typo 80.7", "log_weight")["weight_kg"] == 80.7


def test_a_bare_second_load_after_sorry_is_still_asked() -> None:
    # "at 70, sorry 75": a second figure without a unit may be another set (57f): asked
    _, problems = read_entries("row 3x8 at 70, sorry 75")
    assert problems


def test_two_units_after_no_are_two_figures() -> None:
    # "5 km, no 15 min of it uphill": another unit, no figure said over
    entries, problems = read_entries("walked 6 km, no 15 min of it was flat")
    assert [slots["distance_m"] for _, slots in entries] == [6000]
    # ("15 min of it" is a part of the walk, never its whole time: the time is asked for)
    assert "duration_s" not in entries[0][1]
    assert "how long did it take?" in problems


def test_an_emoji_after_a_figure_ends_the_clause() -> None:
    found = _kinds("deadlift 100kg 3x5 🔥 back at it after surgery")
    assert found["log_sets"]["groups"][0]["exercise"] == "barbell-deadlift"
    found = _kinds("weighed 74.2 and rhr 61 🙂 slept 7h")
    assert found["log_sleep"]["duration_s"] == 7 * 3600
    assert found["log_daily"]["values"]["resting_hr"] == 61


def test_a_reading_after_a_nights_hours_and_minutes() -> None:
    entries, problems = read_entries("sleep 7h20 energy 3")
    assert not problems, problems
    assert [i for i, _ in entries] == ["log_sleep", "log_daily"]
    assert entries[0][1]["duration_s"] == 7 * 3600 + 20 * 60


def test_a_devices_sleep_time() -> None:
    found = _kinds("fitbit says 6:55 sleep, resting 57")
    assert found["log_sleep"]["duration_s"] == 6 * 3600 + 55 * 60


def test_a_bedtime_before_sleep_is_no_length() -> None:
    entries, _ = read_entries("10:45 sleep, up at 6:15")
    assert all(s.get("duration_s") != 10 * 3600 + 45 * 60 for _, s in entries)


def test_legs_dead_after_a_ride_names_no_lift() -> None:
    slots = only_entry("spin class 45 min 18 km, legs dead", "log_cardio")
    assert slots["duration_s"] == 45 * 60


@pytest.mark.parametrize(
    "text",
    ["grandad did cycling on the exercise bike 20 minutes", "cycling on my indoor bike 30 min"],
)
def test_cycling_on_a_bike_that_goes_nowhere_is_stationary(text: str) -> None:
    assert only_entry(text, "log_cardio")["exercise"] == "moderate-stationary-cycling"


def test_cycling_outside_stays_a_ride() -> None:
    assert only_entry("cycling 40 min outside", "log_cardio")["exercise"] == "moderate-cycling"
