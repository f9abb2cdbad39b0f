"""Plain logs the coach asked about instead of storing (asks92, issue 57): the hex bar said
alone, small-sided football by its side's size, a night's quality rated out of five, a time
said with "total", rep lists told with their load, and "to failure" between a name and its
sets; and the look-alikes that must stay as they were (plates a side, dates, other scales)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fitcoach.assistant.nlu import ExerciseMatcher, read_log
from fitcoach.assistant.nlu.normalise import normalise
from fitcoach.assistant.nlu.quantities import bare_units

TODAY = date(2026, 11, 18)


def _read(text: str, units: str = "metric") -> tuple[list[tuple[str, dict[str, Any]]], list[str]]:
    with bare_units("imperial" if units == "imperial" else "metric"):
        found = read_log(text, today=TODAY)
    return [(e.intent, e.slots) for e in found.entries], found.problems


def _sets(text: str, units: str = "metric") -> list[tuple[Any, ...]]:
    entries, problems = _read(text, units)
    assert problems == [], (text, problems)
    return [
        (g["exercise"], g["sets"], g["reps"], g.get("weight_kg"))
        for intent, slots in entries
        if intent == "log_sets"
        for g in slots["groups"]
    ]


def test_the_hex_bar_alone_is_the_trap_bar_deadlift() -> None:
    found = ExerciseMatcher.from_library().match("hex bar")
    assert found is not None
    assert (found.slug, found.score) == ("trap-bar-deadlift", 100.0)
    assert _sets("hex bar 4x6 @ 275 rir 2", "imperial") == [
        ("trap-bar-deadlift", 4, 6, pytest.approx(124.74, abs=0.01))
    ]


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("tuesday night five a side, 1 hour, 7.8k on the watch", 60),
        ("played 45 mins of 5-a-side at lunch", 45),
        ("7-a-side football 60 min", 60),
    ],
)
def test_small_sided_football_is_soccer(text: str, minutes: int) -> None:
    entries, problems = _read(text)
    assert problems == []
    assert [(i, s["exercise"], s["duration_s"] / 60) for i, s in entries] == [
        ("log_cardio", "soccer", minutes)
    ]


def test_a_game_named_before_the_gym_is_no_number_to_ask_about() -> None:
    assert _sets("gym before 5 a side tonight: squats 4x6 @ 100, rdl 3x8 at 80") == [
        ("barbell-back-squat", 4, 6, 100.0),
        ("romanian-deadlift", 3, 8, 80.0),
    ]


@pytest.mark.parametrize(
    "text",
    ["cable flyes 3x15 at 12.5 a side", "leg press 3x10 at 5 a side", "bench with 10 a side"],
)
def test_plates_a_side_stay_plates(text: str) -> None:
    assert "soccer" not in normalise(text)


@pytest.mark.parametrize(
    ("text", "quality"),
    [
        ("8 hrs last night, quality 4/5", "good"),
        ("Slept half 11 to 7. Quality 3/5", "fair"),
        ("slept 6h, sleep quality 1 out of 5", "very_poor"),
        ("slept 7 hours, quality 5/5", "excellent"),
    ],
)
def test_a_night_rated_out_of_five(text: str, quality: str) -> None:
    entries, problems = _read(text)
    assert problems == []
    assert [(i, s.get("quality")) for i, s in entries] == [("log_sleep", quality)]


def test_a_time_said_with_total_is_the_whole_ride() -> None:
    entries, problems = _read("cycled to uni and back, 40 min total, like 12 km")
    assert problems == []
    assert [(s["duration_s"], s["distance_m"]) for _, s in entries] == [(2400.0, 12000.0)]
    assert normalise("40 min total this week") == "40 min total this week"
    # a session's time before its sets stays the session reader's
    assert normalise("15 min total before the school run: 3x20 air squats").startswith(
        "15 min total"
    )


@pytest.mark.parametrize(
    ("text", "units", "want"),
    [
        (
            "hammer curls 12 12 10 with the 16kg dbs",
            "metric",
            [
                ("hammer-curl", 1, 12, 16.0),
                ("hammer-curl", 1, 12, 16.0),
                ("hammer-curl", 1, 10, 16.0),
            ],
        ),
        (
            "bicep curls 12, 10, 8 with the 20s",
            "imperial",
            [("dumbbell-curl", 1, r, pytest.approx(9.07, abs=0.01)) for r in (12, 10, 8)],
        ),
        (
            "bench 185 5/5/5",
            "imperial",
            [("barbell-bench-press", 1, 5, pytest.approx(83.91, abs=0.01))] * 3,
        ),
        ("squat 100 5, 5, 5", "metric", [("barbell-back-squat", 1, 5, 100.0)] * 3),
        (
            "dips to failure, 3 sets: 14, 11, 9",
            "metric",
            [("parallel-bar-dip", 1, r, None) for r in (14, 11, 9)],
        ),
        ("dips to failure 3x10", "metric", [("parallel-bar-dip", 3, 10, None)]),
    ],
)
def test_rep_lists_with_their_load(text: str, units: str, want: list[tuple[Any, ...]]) -> None:
    assert _sets(text, units) == want


def test_a_date_after_a_weight_is_no_list_of_reps() -> None:
    assert normalise("weighed 185 on 11/18/26") == "weighed 185 on 11/18/26"
    assert normalise("bench 185 11/18/26") == "bench 185 11/18/26"
