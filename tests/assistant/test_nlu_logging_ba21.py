"""Logging classes of the twenty-first set's writer BA, in words written for this file: a night
told by a bedtime and the reason one rose ("up for work at 6:40"), a whole session graded
"a 7 overall" (the session's effort, never each set's), an effort said of "everything", and
the look-alikes next to them that must read as before."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import only_entry, read_entries


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("bed 23:10, up for work at 6:40", 7.5),
        ("lights out 22:30, up for prayer at 4:30", 6.0),
        ("bed 21:50, alarm 5:20", 7.5),
    ],
)
def test_a_bedtime_and_the_reason_one_rose_is_a_night(text: str, hours: float) -> None:
    slots = only_entry(text, "log_sleep")
    assert slots["duration_s"] == pytest.approx(hours * 3600)


def test_a_clock_time_never_becomes_minutes_of_sleep() -> None:
    entries, problems = read_entries("bed 22:50, then the neighbours' dog 5:10")
    assert not any(
        intent == "log_sleep" and (slots.get("duration_s") or 0) < 1800 for intent, slots in entries
    )
    assert entries == [] or problems


def test_a_grade_overall_is_the_sessions_effort_not_the_sets() -> None:
    slots = only_entry(
        "four sets of six on the deadlift with 140 kilos, the workout took about an hour, "
        "felt like an 8 overall",
        "log_sets",
    )
    assert slots["session_rpe"] == 8.0
    assert slots["duration_s"] == 3600.0
    assert all(g.get("rir") is None and g.get("rpe") is None for g in slots["groups"])


def test_an_effort_of_everything_is_each_exercises() -> None:
    slots = only_entry("snatch 5x2 at 60, front squat 3x3 at 100, everything at rpe 7", "log_sets")
    assert [g.get("rpe") for g in slots["groups"]] == [7.0, 7.0]


def test_an_effort_after_the_last_exercise_stays_its_own() -> None:
    slots = only_entry("snatch 5x2 at 60, front squat 3x3 at 100 rpe 7", "log_sets")
    assert [g.get("rpe") for g in slots["groups"]] == [None, 7.0]
