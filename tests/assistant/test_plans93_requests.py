"""Plan requests of corpus-57o's classes (issue 57, plans93), in other words than the corpus's:
a load change whose story tells weeks in shorthand ("3 wks"), the goal told by a lifting meet
or a fitness race, a session's length offered "on weekdays", and the length of something else
told as the why after the length asked for."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fitcoach.assistant.nlu import understand

TODAY = date(2026, 11, 18)  # a Wednesday


def _read(text: str) -> tuple[str, dict[str, Any]]:
    u = understand(text, today=TODAY)
    return u.intent, dict(u.slots)


@pytest.mark.parametrize(
    ("text", "exercise", "delta"),
    [
        ("take 5 kg off the bench, stalled 4 wks", "barbell-bench-press", -5.0),
        ("drop the squat by 10 kg, stalled 2 wk now", "barbell-back-squat", -10.0),
    ],
)
def test_a_story_in_weeks_is_no_load(text: str, exercise: str, delta: float) -> None:
    intent, slots = _read(text)
    assert intent == "change_load"
    assert slots.get("exercise") == exercise
    assert slots.get("delta_kg") == pytest.approx(delta)
    assert "weight_kg" not in slots


@pytest.mark.parametrize(
    ("text", "goal"),
    [
        ("got a powerlifting comp prep coming, 3 days a week", "strength"),
        ("want to peak for my first meet, 4 days, 90 min", "strength"),
        ("signed up for hyrox in the spring, make me a plan, 3 days", "sport_performance"),
        ("training for a spartan race, 4 days a week plan please", "sport_performance"),
    ],
)
def test_the_goal_told_by_a_meet_or_a_race(text: str, goal: str) -> None:
    intent, slots = _read(text)
    assert intent == "generate_plan"
    assert slots.get("goal") == goal


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("we can only manage 40 minutes on weeknights now", 40),
        ("i can do 45 min on work days from now", 45),
        ("keep the workouts to 25 min please, i only have a 40 min lunch break", 25),
        ("sessions max 50 minutes, there is a 2 hour commute on top", 50),
    ],
)
def test_a_length_offered_or_told_beside_another(text: str, minutes: int) -> None:
    intent, slots = _read(text)
    assert intent == "set_session_minutes"
    assert slots.get("minutes") == minutes


def test_a_length_on_the_bike_stays_no_session() -> None:
    intent, _ = _read("i can do 40 minutes on the bike")
    assert intent != "set_session_minutes"


@pytest.mark.parametrize(
    ("text", "exercise"),
    [
        ("deadlifts hurt my back, take them out", "barbell-deadlift"),
        ("my knee hates the lunges - take those out pls", "forward-lunge"),
    ],
)
def test_a_removal_by_pronoun_after_the_named_exercise(text: str, exercise: str) -> None:
    intent, slots = _read(text)
    assert intent == "remove_exercise"
    assert slots.get("exercise") == exercise


def test_a_pronoun_after_a_log_is_no_removal() -> None:
    intent, _ = _read("did squats today. take them out")
    assert intent != "remove_exercise"


def test_bw_only_is_no_equipment() -> None:
    intent, slots = _read("bw only this week, at my in-laws")
    assert intent == "set_equipment"
    assert slots.get("preset") == "none" or slots.get("equipment") == []
