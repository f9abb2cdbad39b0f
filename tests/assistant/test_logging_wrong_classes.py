"""Logging that stored wrong data (issue 57, writers A-I of the teacher corpus): one test per
class of cause, each with a wording composed here (none is the corpus's). A class is either
read right now or asked about; never stored as the guess it was."""

from __future__ import annotations

from datetime import date
from typing import Any

from fitcoach.assistant.nlu import read_log
from fitcoach.assistant.nlu.normalise import normalise

TODAY = date(2026, 11, 20)


def _read(text: str) -> tuple[list[tuple[str, dict[str, Any]]], list[str]]:
    found = read_log(text, today=TODAY)
    entries = [(e.intent, {k: v for k, v in e.slots.items() if k != "date"}) for e in found.entries]
    return entries, found.problems


def test_a_mood_only_felt_is_no_score() -> None:
    # "feeling good about it" after sets, "feeling awesome" beside figures: no mood was given
    entries, problems = _read("rdl 3x8 at 90kg, feeling good about it")
    assert [i for i, _ in entries] == ["log_sets"]
    assert not problems
    entries, problems = _read("hrv 70 rhr 50, feeling awesome")
    assert [(i, slots["values"]) for i, slots in entries] == [("log_daily", {"hrv": 70.0, "resting_hr": 50.0})]  # fmt: skip
    assert not problems
    # a mood named, felt with a number, or felt in a message of words alone is still scored
    assert _read("mood good today")[0][0][1]["values"] == {"mood": 7.0}
    assert _read("feeling rough, energy low")[0][0][1]["values"] == {"mood": 3.0, "energy": 3.0}
    assert _read("rhr 55, feeling about 3/5")[0][0][1]["values"]["mood"] == 6.0


def test_a_spoken_load_in_two_parts_is_never_their_sum() -> None:
    # "at one seventeen" is 117, not 18; "one forty five and then" ends the figure, not 46
    assert "at 117" in normalise("deadlift four sets of five at one seventeen")
    said = normalise("hack squat three sets of ten at one forty five and then calf raises")
    assert "at 145 and then" in said
    # "five twelve-rep sets" are sets, and at bedtime it is a clock time
    assert "512" not in normalise("five twelve rep sets of curls")
    assert "1:15" in normalise("went to bed at one fifteen")


def test_a_time_per_set_is_never_reps() -> None:
    for text in ("hollow hold 4 x 25 sec", "farmer carry 3x1 min, then curls 3x12 12kg"):
        found = read_log(text, today=TODAY)
        assert not found.ok
        assert any("time per set, not reps" in p for p in found.problems), found.problems
    # a rest between sets is no time per set
    rest = read_log("goblet squat 3x12 20kg, rest 90 sec", today=TODAY).problems
    assert not any("time per set" in p for p in rest)


def test_a_pace_is_no_duration() -> None:
    # "4 miles at 11 min pace" took 44 minutes: per the unit the distance is said in
    entries, problems = _read("easy run 4 miles at 11 min pace")
    assert not problems
    assert entries[0][1]["duration_s"] == 2640
    # a heart rate said by its decade is not exact
    assert any("not an exact figure" in p for p in _read("spin bike 45 min, hr in the 150s")[1])


def test_no_weight_is_how_sets_were_done_not_a_weigh_in() -> None:
    entries, problems = _read("did like 80 walking lunges, no weight used")
    assert all(i != "log_weight" for i, _ in entries)
    assert problems
    assert _read("weight 81.4 this morning")[0] == [("log_weight", {"weight_kg": 81.4})]


def test_calories_on_a_machine_are_no_meal() -> None:
    _, problems = _read("goblet squats 3x12 20kg, then 40 cal on the bike erg")
    assert any("burned, not a meal" in p for p in problems), problems
    assert not _read("snack 250 cal granola bar")[1]


def test_an_effort_of_one_set_is_that_sets_or_asked() -> None:
    entries, problems = _read("incline bench 3x10 60kg last set was a real struggle rpe 9.5")
    assert not problems
    groups = entries[0][1]["groups"]
    assert [(g["sets"], g.get("rpe")) for g in groups] == [(2, None), (1, 9.5)]
    _, problems = _read("front squat 4x4 90kg, only the final set was tough, rir 1")
    assert "which sets was the effort for?" in problems


def test_an_added_load_is_never_a_count_of_sets() -> None:
    _, problems = _read("weighted chins +12 x 6, +16 x 4")
    assert any(p.startswith("what load is +12") for p in problems), problems


def test_an_effort_of_the_whole_session_is_the_sessions() -> None:
    entries, problems = _read("hip thrust 4x10 100kg, split squats 3x12 16kg. whole workout felt like an rpe 7")  # fmt: skip
    assert not problems, problems
    assert entries[0][1]["session_rpe"] == 7.0
    assert all(g.get("rpe") is None for g in entries[0][1]["groups"])
