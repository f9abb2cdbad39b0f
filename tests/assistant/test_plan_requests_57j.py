"""Plan requests, classes found on corpus-57j's writers BG-BJ (rules alone, the readers): a bare
length after a cap or after "make all sessions", a length taken back later in the message, a
swap's new exercise followed by a span of the block, "N weeks out" from an event (not the
plan's length) and an exercise not wanted for a while (a removal)."""

from __future__ import annotations

from datetime import date

import pytest

from fitcoach.assistant.nlu import understand

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("workouts drag on too long, cap at 50", 50),
        ("cap sessions at 45 pls", 45),
        ("limit my workouts to 40, they drag", 40),
        ("maybe 80 min on saturdays?? no, actually make every session 55", 55),
        ("make all the workouts 35, 60 min is too long", 35),
    ],
)
def test_bare_length_after_a_cap_or_all_sessions(text: str, minutes: int) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "set_session_minutes"
    assert u.slots["minutes"] == minutes


@pytest.mark.parametrize("text", ["cap squats at 5", "keep the workouts to 3 exercises"])
def test_a_cap_of_something_else_is_no_length(text: str) -> None:
    assert understand(text, today=TODAY).intent != "set_session_minutes"


@pytest.mark.parametrize("span", ["this block", "this cycle", "for the rest of camp"])
def test_swap_target_followed_by_a_span(span: str) -> None:
    u = understand(f"could we switch deadlifts for trap bar deadlifts {span}", today=TODAY)
    assert u.intent == "swap_exercise"
    assert u.slots["exercise"] == "barbell-deadlift"
    assert u.slots["to"] == "trap-bar-deadlift"


def test_weeks_out_from_an_event_is_not_the_plan_length() -> None:
    u = understand("powerlifting meet is 10 weeks out, want a 4 day plan, 75 min", today=TODAY)
    assert u.intent == "generate_plan"
    assert "weeks" not in u.slots
    assert u.slots["days_per_week"] == 4
    # the plan's own length is still read
    assert understand("a 4 day strength plan for 10 weeks", today=TODAY).slots["weeks"] == 10


@pytest.mark.parametrize(
    "text",
    [
        "shoulder's cranky, don't want heavy dips for now",
        "do not need any lunges for a few weeks",
        "dont want the shrugs anymore",
    ],
)
def test_not_wanted_for_a_while_is_a_removal(text: str) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "remove_exercise"
    assert u.slots["exercise"]


@pytest.mark.parametrize(
    "text",
    [
        "i don't want heavy days this week",
        "don't want to rush it",
        "honestly i don't need a program anymore",
        "we do not need a routine for now",
    ],
)
def test_not_wanted_without_an_exercise_is_no_removal(text: str) -> None:
    assert understand(text, today=TODAY).intent != "remove_exercise"
