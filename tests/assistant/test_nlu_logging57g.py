"""Classes of logging messages the twelfth set's writers (chronic conditions, Gen Z texting)
got stored wrong or asked about (issue 57, logging57g), each in new wording, beside the close
wording that must still ask or keep its old reading."""

from __future__ import annotations

from typing import Any, Literal

import pytest
from tests.assistant.log_support import read_entries

from fitcoach.assistant.nlu import normalise
from fitcoach.assistant.nlu.normalise import without_slang

_read = read_entries


def _groups(text: str, units: Literal["metric", "imperial"] = "metric") -> list[dict[str, Any]]:
    entries, problems = _read(text, units)
    assert not problems, problems
    return [g for intent, slots in entries if intent == "log_sets" for g in slots["groups"]]


# --- a unit taken back later in the message, with words between -----------------------------


@pytest.mark.parametrize(
    ("text", "kg"),
    [
        ("did 200 lb on the hack squat 4x8, oh wait that gym is in kilos actually", 200.0),
        ("hip thrust 90 kg for 3 sets of 10. sorry it's in lbs, 90lbs", 40.82),
    ],
)
def test_a_unit_taken_back_later_is_the_loads_unit(text: str, kg: float) -> None:
    (group,) = _groups(text)
    assert group["weight_kg"] == pytest.approx(kg, abs=0.01)


def test_a_unit_named_again_the_same_changes_nothing() -> None:
    (group,) = _groups("cable row 3x12 at 50 kg, actually the stack is in kg")
    assert group["weight_kg"] == 50.0


def test_two_loads_before_the_unit_taken_back_keep_their_units() -> None:
    """Which of the two the unit was meant for is not said: neither is rewritten."""
    text = "curls 20 lbs 3x10 then rows 60 lbs 3x8, wait the rows machine is in kg"
    assert "20 lbs" in normalise(text)
    assert "60 lbs" in normalise(text)


# --- a number said over at once ("... i mean 155") ------------------------------------------


@pytest.mark.parametrize(
    ("text", "kg"),
    [
        ("rdl 4x6 at 100kg.. no wait i meant 110", 110.0),
        ("ohp 3x5 at 40 kg, sorry make that 42.5", 42.5),
    ],
)
def test_a_number_said_over_stores_the_second(text: str, kg: float) -> None:
    (group,) = _groups(text)
    assert group["weight_kg"] == kg


def test_a_correction_with_sets_between_is_not_guessed() -> None:
    """The load and the correction apart, with the sets between: which number? Asked."""
    _entries, problems = _read("bench 70kg 4x5, oops meant 72.5")
    assert problems


# --- hours and minutes joined by "and" --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("cycled 40 km saturday in 1 hour and 35", 95 * 60),
        ("rowed for 2 hrs and 5", 125 * 60),
    ],
)
def test_hours_and_a_bare_number_are_minutes(text: str, seconds: int) -> None:
    entries, problems = _read(text)
    assert not problems
    assert entries[0][1]["duration_s"] == seconds


def test_hours_and_a_number_with_its_own_unit_stay_apart() -> None:
    assert "1 h 5 min" not in normalise("walked for an hour and 5 km more after")
    assert "2 h 3 min" not in normalise("2 hours and 3 sets of planks")


# --- a reading's number before the night -------------------------------------------------------


def test_readings_before_the_night_are_all_kept() -> None:
    entries, problems = _read("stress 4 mood 3 sleep 6 hrs, exam week")
    assert not problems
    daily = next(slots for intent, slots in entries if intent == "log_daily")
    night = next(slots for intent, slots in entries if intent == "log_sleep")
    assert daily["values"] == {"stress": 8.0, "mood": 6.0}  # 1-5 said, stored on 0-10
    assert night["duration_s"] == 6 * 3600


# --- a drink named "zero" -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["a burger and a pepsi zero for dinner", "lunch: wrap, sprite zero"]
)
def test_a_zero_drink_keeps_its_name(text: str) -> None:
    entries, problems = _read(text)
    assert not problems
    assert "zero" in entries[0][1]["description"]


def test_zero_elsewhere_is_still_a_number() -> None:
    assert normalise("zero sets today") == "0 sets today"


# --- texting slang that only cheers a log on ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("hack squat 4x10 at 90kg ngl no cap", "hack-squat"),
        ("barbell row 3x8 80kg frfr", "barbell-row"),
        ("ohp 50 x 3, 52.5 x 2, 55 x 1 new pb sheesh", "barbell-overhead-press"),
    ],
)
def test_slang_after_sets_is_no_exercise_name(text: str, slug: str) -> None:
    groups = _groups(text)
    assert groups
    assert {g["exercise"] for g in groups} == {slug}


@pytest.mark.parametrize("text", ["rice cakes with pb", "2 pb and jam sandwiches", "4 pb cups"])
def test_pb_beside_food_is_still_peanut_butter(text: str) -> None:
    assert "pb" in without_slang(normalise(text))


def test_ate_before_food_is_still_eating() -> None:
    entries, _problems = _read("leg press 3x12 200kg then ate 3 eggs")
    assert [intent for intent, _ in entries] == ["log_sets", "log_meal"]


# --- a bare number after a distance's "in" ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("jogged 6 km in 41 this morning", 41 * 60),
        ("3 miles in 29 on the treadmill, felt ok", 29 * 60),
    ],
)
def test_a_bare_number_after_a_distance_is_its_minutes(text: str, seconds: int) -> None:
    entries, problems = _read(text)
    assert not problems
    assert entries[0][1]["duration_s"] == seconds


@pytest.mark.parametrize("text", ["ran 10 km in 700", "ran 2 km in 95 degrees"])
def test_a_number_no_pace_or_with_a_unit_is_no_time(text: str) -> None:
    entries, problems = _read(text)
    assert problems or "duration_s" not in entries[0][1]


# --- nights told without "slept" -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("last night: 7 hrs 40, alarm was brutal", 7 * 3600 + 40 * 60),
        ("barely got 5 hours last night", 5 * 3600),
        ("bed 12:30 woke 7", 6.5 * 3600),
    ],
)
def test_a_night_without_a_verb_of_sleep(text: str, seconds: float) -> None:
    entries, problems = _read(text)
    assert not problems
    assert [intent for intent, _ in entries] == ["log_sleep"]
    assert entries[0][1]["duration_s"] == seconds


@pytest.mark.parametrize(
    "text", ["last night 5 hours of ranked games", "last night 9 hrs on shift"]
)
def test_hours_of_something_else_last_night_are_no_night(text: str) -> None:
    entries, _problems = _read(text)
    assert "log_sleep" not in [intent for intent, _ in entries]


# --- activities by players' names ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("pick-up ball at the y for 2 hrs", "basketball"),
        ("climbed at the bouldering wall 75 min", "rock-climbing"),
    ],
)
def test_activities_by_players_names(text: str, slug: str) -> None:
    entries, problems = _read(text)
    assert not problems
    assert entries[0][1]["exercise"] == slug


def test_climbing_stairs_is_no_rock_climbing() -> None:
    entries, _problems = _read("climbed the stairs at work 15 min")
    assert all(slots.get("exercise") != "rock-climbing" for _, slots in entries)


def test_a_half_hour_is_30_minutes() -> None:
    entries, problems = _read("rowing machine for a half hour")
    assert not problems
    assert entries[0][1]["duration_s"] == 1800
