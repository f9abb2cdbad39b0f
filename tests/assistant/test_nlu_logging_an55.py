"""Classes of logging messages the fifteenth set's jargon writer (AN: powerlifters,
weightlifters, strongmen, contest prep, CrossFit, fighters making weight) got stored wrong or
asked about (issue 57, an55), each in new wording, beside the close wording that must keep its
old reading."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.log_support import TODAY, only_entry, read_entries

from fitcoach.assistant.nlu import understand
from fitcoach.assistant.nlu.cardio import timed_rounds

_read = read_entries
_only = only_entry


def _groups(text: str) -> list[tuple[int, int, float | None, float | None]]:
    """(sets, reps, kg, rpe) of each group of the one strength entry ``text`` is read as."""
    return [
        (g.get("sets", 1), g["reps"], g.get("weight_kg"), g.get("rpe"))
        for g in _only(text, "log_sets")["groups"]
    ]


# --- wrong stores first: a share of a max is no load, a session's RPE is no set's ------------


@pytest.mark.parametrize(
    "text",
    ["deadlift 4x3 @ 85%", "front squat 5x2 at 70 percent", "bench 3x5 at 75% of my 1rm"],
)
def test_a_share_of_a_max_is_no_load(text: str) -> None:
    """ "@ 85%" had been stored as 85 kg: the load is asked for, nothing is stored."""
    entries, problems = _read(text)
    assert problems
    assert all(g.get("weight_kg") is None for _, s in entries for g in s.get("groups", []))


def test_the_load_said_after_its_share_is_stored() -> None:
    assert _groups("front squat 3x2 at 80% of 150 so 120") == [(3, 2, 120.0, None)]


def test_a_load_with_its_unit_beside_a_share_still_counts() -> None:
    assert _groups("squat 4x4 @ 82% of max, 150kg") == [(4, 4, 150.0, None)]


def test_the_session_rpe_after_its_time_is_the_sessions_beside_other_logs() -> None:
    entries, problems = _read("trained 75 mins session rpe 8: squat 4x5 @ 150. slept 7h")
    assert not problems, problems
    sets = next(s for i, s in entries if i == "log_sets")
    assert (sets["session_rpe"], sets["duration_s"]) == (8.0, 75 * 60)
    assert sets["groups"][0].get("rpe") is None
    assert [i for i, _ in entries] == ["log_sets", "log_sleep"]


# --- lifters' sets ------------------------------------------------------------------------------


def test_an_effort_each_set_with_halves() -> None:
    assert _groups("bench 3x4 @ 110, rpe 7.5, 8, 8.5") == [
        (1, 4, 110.0, 7.5),
        (1, 4, 110.0, 8.0),
        (1, 4, 110.0, 8.5),
    ]


def test_a_remark_on_the_last_set_then_its_effort() -> None:
    groups = _groups("barbell rows 4x8 at 80, final one was ugly, about rpe 9")
    assert groups == [(3, 8, 80.0, None), (1, 8, 80.0, 9.0)]


def test_a_remark_without_the_last_set_keeps_the_effort_for_all() -> None:
    assert _groups("barbell rows 4x8 at 80, felt ugly, rpe 9") == [(4, 8, 80.0, 9.0)]


def test_a_top_single_at_a_load_without_its_unit() -> None:
    assert _groups("deadlift heavy single @ 240 rpe 9, then 3x3 @ 200 back-offs") == [
        (1, 1, 240.0, 9.0),
        (3, 3, 200.0, None),
    ]


def test_a_single_at_an_effort_is_no_load() -> None:
    """ "a single @ 9" is the single's RPE: never 9 kg."""
    entries, _ = _read("bench single @ 9")
    assert all(g.get("weight_kg") != 9 for _, s in entries for g in s.get("groups", []))


def test_a_rep_max_at_a_load_is_one_set() -> None:
    assert _groups("front squat 5RM today, 130") == [(1, 5, 130.0, None)]


def test_a_max_told_is_no_set() -> None:
    entries, _ = _read("my 1rm is 140 on bench")
    assert not any(i == "log_sets" for i, _ in entries)


@pytest.mark.parametrize(
    "text", ["emom 8: 2 power cleans at 90", "8 min emom, 2 power cleans @ 90"]
)
def test_an_emom_is_a_set_each_minute(text: str) -> None:
    assert _groups(text) == [(8, 2, 90.0, None)]


def test_a_pause_count_is_how_the_reps_were_done() -> None:
    slots = _only("3ct pause bench 4x2 @ 100", "log_sets")
    assert slots["groups"][0]["exercise"] == "paused-bench-press"


def test_a_hold_at_the_top_is_no_figure() -> None:
    assert _groups("glute bridge 3x12 @ 100, 3 sec hold each rep") == [(3, 12, 100.0, None)]


def test_sets_done_are_no_load_change() -> None:
    """ "worked up to 110" had been read as a plan change to 110 kg."""
    said = "clean and jerk: worked up to 110 for a double, then 3x2 @ 100"
    assert understand(said, today=TODAY).intent != "change_load"
    assert _groups(said) == [(1, 2, 110.0, None), (3, 2, 100.0, None)]
    assert understand("bump my clean and jerk up to 110", today=TODAY).intent == "change_load"


# --- timed sports: rounds and intervals ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("heavy bag 6 rounds of 2 min", 12),
        ("sparred 5 x 3 min rounds tonight", 15),
        ("bag work 10 rounds (2 min each)", 20),
    ],
)
def test_rounds_of_minutes_are_their_total(text: str, minutes: int) -> None:
    slots = _only(text, "log_cardio")
    assert (slots["exercise"], slots["duration_s"]) == ("boxing-class", minutes * 60)


def test_rounds_named_before_their_minutes() -> None:
    assert timed_rounds("8 rounds mitts (3 min)") == "mitts 24 min"


def test_rounds_of_reps_stay_sets() -> None:
    assert timed_rounds("3 rounds of 10 push ups") == "3 rounds of 10 push ups"


def test_intervals_of_work_and_rest_are_their_total() -> None:
    slots = _only("air bike 8x20s on 40s off", "log_cardio")
    assert slots["duration_s"] == 8 * 60


def test_wrestling_is_an_activity() -> None:
    slots = _only("wrestling practice 100 min, a tough one", "log_cardio")
    assert (slots["exercise"], slots["duration_s"]) == ("wrestling", 6000)


# --- numbers that are no log's figure -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("z2 ride 60 min", "log_cardio"),
        ("rucked 6 km with 15 kg in the pack, 70 min", "log_cardio"),
        ("2k erg 7:12.6", "log_cardio"),
        ("rhr 52, normally in the 60s", "log_daily"),
    ],
)
def test_numbers_that_are_no_figure(text: str, intent: str) -> None:
    _only(text, intent)


def test_dumbbells_by_their_number_are_still_a_load() -> None:
    assert _groups("incline db press 3x10 with the 70s") == [(3, 10, 70.0, None)]


# --- meals and nights -----------------------------------------------------------------------------


def test_food_shorthand_spelled_out() -> None:
    slots = _only("dinner was bangers and spuds, glass of oj", "log_meal")
    assert "potatoes" in slots["description"]
    assert "orange juice" in slots["description"]


def test_meals_under_labels_without_colons() -> None:
    entries, problems = _read("breakfast eggs and toast, lunch a burrito")
    assert not problems, problems
    assert [(i, s.get("meal")) for i, s in entries] == [
        ("log_meal", "breakfast"),
        ("log_meal", "lunch"),
    ]


def test_one_label_keeps_one_meal() -> None:
    entries, _ = _read("lunch chicken and rice, then a coffee")
    assert [i for i, _ in entries] == ["log_meal"]


def test_hours_then_a_night_word_are_sleep() -> None:
    slots = _only("7 hours, bad night", "log_sleep")
    assert slots["duration_s"] == 7 * 3600
    assert understand("7 hours, bad night, the cut is rough", today=date(2026, 11, 18)).intent != (
        "set_session_minutes"
    )


def test_a_time_of_day_alone_leaves_other_logs_as_read_whole() -> None:
    """Only a session's time or effort moves the reading; "that's all i had" beside a clock
    time is no meal to store in silence."""
    entries, problems = _read("gym at 7am, squat 3x5 @ 100 and that's all i had")
    assert problems or not any(i == "log_meal" for i, _ in entries)
