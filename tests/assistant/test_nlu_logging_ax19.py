"""Classes of logging messages the nineteenth set's home-and-outdoor writer (AX: garage gyms,
kettlebells, rucking, calisthenics, the English of many first languages) got stored wrong or
asked about (issue 57, logax19), each in new wording, beside the close wording that must keep
its old reading. Sentences here are written for the tests, not taken from any data set."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import only_entry, read_entries

_read = read_entries
_only = only_entry


# --- wrong stores first ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("woke 6:20 for work, fell asleep around 11:50", 6.5),
        ("up at 5:45 with the baby, asleep about 10:15 the night before", 7.5),
        ("woke at 7am, bed at 11pm", 8.0),
        ("alarm went off 4:30, lights out at 9:30", 7.0),
    ],
)
def test_a_night_told_wake_time_first_is_its_hours(text: str, hours: float) -> None:
    """ "woke 5:10, asleep 10:40" had been stored as five minutes of sleep (5:10 read as m:ss)."""
    slots = _only(text, "log_sleep")
    assert slots["duration_s"] == pytest.approx(hours * 3600)


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("bed 11:30, up 6:15", 6.75),  # bedtime first, as before
        ("slept 6:40", 6 + 40 / 60),
    ],
)
def test_a_night_told_bedtime_first_keeps_its_reading(text: str, hours: float) -> None:
    assert _only(text, "log_sleep")["duration_s"] == pytest.approx(hours * 3600)


@pytest.mark.parametrize(
    "text",
    [
        "kb cleans 4x5 with two 24s",
        "kettlebell deadlifts 3x15 holding the 2 24s",
        "kb overhead press 5x5 with double 24s",
        "kb front squats 4x6 with a pair of 24s",
    ],
)
def test_a_pair_of_bells_is_the_load_of_each(text: str) -> None:
    """ "with two 32s" had stored a load of 2 kg: the count of the bells, not their size."""
    [group] = _only(text, "log_sets")["groups"]
    assert group["weight_kg"] == 24.0


@pytest.mark.parametrize(("text", "minutes"), [("swam again 40 min", 40), ("rowed again for 25 min", 25)])  # fmt: skip
def test_a_time_after_again_is_no_height_gained(text: str, minutes: int) -> None:
    """The "gain" of "again" had made the figure a height climbed: asked, and beside a first
    bout ("walked 40 min, walked again 30 min") dropped unasked."""
    assert _only(text, "log_cardio")["duration_s"] == minutes * 60


@pytest.mark.parametrize(
    "text",
    [
        "hiked 6 miles on saturday and 6 on sunday, 3 hours each day",
        "cycled 40 km saturday and sunday, 2h each",
    ],
)
def test_one_bout_read_from_two_days_is_asked(text: str) -> None:
    """ "8 miles on saturday and 8 on sunday" had stored Saturday's hike only."""
    _, problems = _read(text)
    assert any("each day" in p for p in problems), problems


def test_a_day_and_a_feeling_keep_the_one_bout() -> None:
    entries, problems = _read("walked 5 km on sunday in 55 min and felt great")
    assert not problems, problems
    assert [i for i, _ in entries] == ["log_cardio"]


# --- loads and readings said the home trainer's way -----------------------------------------


@pytest.mark.parametrize(
    ("text", "kg"),
    [
        ("kb swings 5x20 with a 1.5 pood bell", 24.0),
        ("get ups 3x2 with the 1 pood", 16.0),
        ("goblet squats 3x12 with the 24 bell", 24.0),
        ("goblet squats 4x10, 20 kg bell", 20.0),
        ("deadlift 3x5 at 140k", 140.0),
        ("bench 4x6 @ 82.5k", 82.5),
    ],
)
def test_kit_loads(text: str, kg: float) -> None:
    [group] = _only(text, "log_sets")["groups"]
    assert group["weight_kg"] == pytest.approx(kg)


@pytest.mark.parametrize("text", ["ran 5 x 1k at 10k pace", "10k in 48 min"])
def test_a_runners_k_stays_a_distance(text: str) -> None:
    entries, _ = _read(text)
    assert all(intent != "log_sets" or not any("weight_kg" in g for g in slots["groups"]) for intent, slots in entries)  # fmt: skip


@pytest.mark.parametrize("text", ["heart rate at rest 57", "pulse at rest: 57"])
def test_the_pulse_at_rest_is_the_resting_heart_rate(text: str) -> None:
    assert _only(text, "log_daily")["values"] == {"resting_hr": 57.0}


@pytest.mark.parametrize(
    "text",
    ["rucked 12 km, 20 kg pack, 2h05", "ruck 12 km with a 20 kg vest in 2h05"],
)
def test_a_rucks_carried_load_is_no_question(text: str) -> None:
    slots = _only(text, "log_cardio")
    assert slots["distance_m"] == 12000.0
    assert slots["duration_s"] == 7500.0


# --- lists of reps with a label before or a place after -------------------------------------


@pytest.mark.parametrize(
    ("text", "reps"),
    [
        ("dips 12, 10, 9 on the rings", [12, 10, 9]),
        ("pike push ups 8/7/6 against the wall", [8, 7, 6]),
        ("backyard session - chin ups 9, 7, 6", [9, 7, 6]),
        ("push-ups 25, 20, 18 in the garden", [25, 20, 18]),
    ],
)
def test_a_list_of_reps_keeps_its_last_set(text: str, reps: list[int]) -> None:
    groups = _only(text, "log_sets")["groups"]
    assert [g["reps"] for g in groups] == reps


def test_a_load_after_a_list_of_reps_is_still_the_load() -> None:
    groups = _only("bench 8, 8, 6 with 70 kg", "log_sets")["groups"]
    assert [g.get("weight_kg") for g in groups] == [70.0, 70.0, 70.0]


@pytest.mark.parametrize(
    ("text", "sets", "slug"),
    [
        ("8 sets of 5 chin ups throughout the day", 8, "chin-up"),
        ("5 sets of 20 push-ups spread across the day", 5, "push-up"),
    ],
)
def test_sets_spread_over_the_day_keep_their_name(text: str, sets: int, slug: str) -> None:
    [group] = _only(text, "log_sets")["groups"]
    assert (group["sets"], group["exercise"]) == (sets, slug)


# --- two bouts of one activity ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("walked the puppy 45 min before work and another 25 min after dinner", [45, 25]),
        ("cycled 50 min to the office, cycled again 55 min home in the evening", [50, 55]),
    ],
)
def test_two_bouts_of_one_activity_are_two_entries(text: str, minutes: list[int]) -> None:
    entries, problems = _read(text)
    assert not problems, problems
    assert [i for i, _ in entries] == ["log_cardio", "log_cardio"]
    assert [s["duration_s"] / 60 for _, s in entries] == minutes


@pytest.mark.parametrize("text", ["ran 8 km, did it in 42 min", "walked 40 min, about 3.5 km"])
def test_one_bout_told_in_two_pieces_stays_one_entry(text: str) -> None:
    entries, _ = _read(text)
    assert [i for i, _ in entries] == ["log_cardio"]


# --- what the library lacked ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("kb snatch 5x6 each arm with 20kg", "kettlebell-snatch"),
        ("double kettlebell floor press 4x8 with 16kg", "kettlebell-floor-press"),
        ("dumbbell walking lunges 3x20 with 14kg", "dumbbell-walking-lunge"),  # as before
        ("dumbbell floor press 3x10 with 22kg", "dumbbell-floor-press"),  # as before
    ],
)
def test_home_gym_lifts_are_entries(text: str, slug: str) -> None:
    [group] = _only(text, "log_sets")["groups"]
    assert group["exercise"] == slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("snowshoed 2h across the moor", "snowshoeing"),
        ("3 hours at the allotment, weeding mostly", "yard-work"),
    ],
)
def test_outdoor_activities_by_their_words(text: str, slug: str) -> None:
    assert _only(text, "log_cardio")["exercise"] == slug
