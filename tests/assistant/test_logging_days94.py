"""Whole days, long messages and dictation (issue 57, days94), in wordings composed here (none
is a corpus's): a session told as done is no change of the plan's equipment, the session's
length said beside its sets, sets "times" reps, dumbbells named in words, a load then the next
lift with no stop, a day's name after "did", the ride's heart rate said after the lifts; each
beside a close wording that keeps its old reading."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.log_support import only_entry, read_entries

from fitcoach.assistant.nlu import understand
from fitcoach.assistant.nlu.normalise import normalise

TODAY = date(2026, 11, 18)

# --- a session told as done is a log, never a change of the plan's kit ------------------------


@pytest.mark.parametrize(
    "text",
    [
        "did my usual dumbbell routine in the garage",
        "finished my kettlebell session at home before work",
        "today i have done the rowing machine for 20 minutes and the cable machine after",
    ],
)
def test_a_session_told_done_changes_no_equipment(text: str) -> None:
    assert understand(text, today=TODAY).intent != "set_equipment"


@pytest.mark.parametrize(
    "text",
    [
        "i have a kettlebell at home now",
        "did my last gym session today, from now on only dumbbells at home",
        "gave the barbell away, only have bands now",
    ],
)
def test_the_kit_told_as_had_is_still_the_plans(text: str) -> None:
    assert understand(text, today=TODAY).intent == "set_equipment"


# --- the session's length said beside its sets -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("goblet squats 24 kg 4x15 in 12 min, legs on fire", 12),
        ("front squat 5x3 @ 90, pull ups 4x6, all done in 55", 55),
        ("ohp 4x6 @ 50, chins 4x8. in and out in 35", 35),
        ("rdl 3x8 100 / barbell row 3x10 70 -- pull day, 50 min", 50),
    ],
)
def test_the_sessions_length_beside_its_sets(text: str, minutes: int) -> None:
    slots = only_entry(text, "log_sets")
    assert slots["duration_s"] == minutes * 60


def test_a_runs_time_stays_the_runs() -> None:
    entries, problems = read_entries("jogged 4 km in 22 min then ohp 3x8 @ 40")
    assert not problems, problems
    cardio = next(s for i, s in entries if i == "log_cardio")
    sets = next(s for i, s in entries if i == "log_sets")
    assert cardio["duration_s"] == 22 * 60
    assert "duration_s" not in sets


# --- sets "times" reps, the perfect of doing ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sets", "reps"),
    [
        ("chest press machine 4 times 10 with 40 kilo", 4, 10),
        ("calf raises four times twenty", 4, 20),
        ("today i have made lunges, 3 series with 12 repetitions on 16 kg", 3, 12),
        ("we have done pull ups, 5 sets of 5 reps", 5, 5),
    ],
)
def test_sets_times_reps_and_the_perfect(text: str, sets: int, reps: int) -> None:
    group = only_entry(text, "log_sets")["groups"][0]
    assert (group["sets"], group["reps"]) == (sets, reps)
    assert group["exercise"]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("rowed 3 times 500 m", "3 times 500"),
        ("2 times 20 min on the bike", "2 times 20"),
        ("curls 3 times 12 kg", "3 times 12"),
        ("leg press 70 kg 4 times 8 groups", "4 times 8"),
    ],
)
def test_a_count_of_a_measure_is_no_sets(text: str, kept: str) -> None:
    assert kept in normalise(text)


# --- dumbbells said in words, a load then the next lift, a day's name after "did" -------------


def test_dumbbells_named_by_their_weight_in_words() -> None:
    group = only_entry("hammer curls twenty fives three sets of twelve", "log_sets", "imperial")[
        "groups"
    ][0]
    assert (group["sets"], group["reps"], round(group["weight_kg"], 1)) == (3, 12, 11.3)


def test_flies_are_the_fly() -> None:
    group = only_entry("db flies 3x12 at 12 kg", "log_sets")["groups"][0]
    assert group["exercise"] == "dumbbell-fly"


def test_a_load_then_the_next_lift_with_no_stop_is_two_lifts() -> None:
    slots = only_entry("deadlift 3 by 5 at 140 lat pulldown 3 by 12 at 55", "log_sets")
    groups = [(g["exercise"], g["sets"], g["reps"], g["weight_kg"]) for g in slots["groups"]]
    assert groups == [("barbell-deadlift", 3, 5, 140.0), ("lat-pulldown", 3, 12, 55.0)]


def test_a_days_name_after_did_is_no_part_of_the_lift() -> None:
    slots = only_entry("then did pull day deadlift 3x5 at 150", "log_sets")
    assert slots["groups"][0]["exercise"] == "barbell-deadlift"


# --- a whole day: the ride's heart rate after the lifts, the sets said aloud beside a meal ---


def test_the_rides_heart_rate_said_after_the_lifts() -> None:
    entries, problems = read_entries(
        "spin bike 25 minutes then chest press 3x10 with 30 kg. my heart rate on the bike was "
        "average 131"
    )
    assert not problems, problems
    ride = next(s for i, s in entries if i == "log_cardio")
    assert ride["avg_hr"] == 131.0


def test_the_sets_words_said_aloud_beside_a_meal_are_the_sets() -> None:
    entries, problems = read_entries(
        "slept 7 hours then gym did hack squat 4 sets of 10 at 100 then went home and ate "
        "a big plate of curry"
    )
    assert not problems, problems
    sets = next(s for i, s in entries if i == "log_sets")
    assert (sets["groups"][0]["sets"], sets["groups"][0]["reps"]) == (4, 10)
