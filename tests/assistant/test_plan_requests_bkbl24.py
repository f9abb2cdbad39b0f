"""Plan requests of the twenty-fourth set's classes (issue 57, plans24), in other words than the
set's: shorter sessions asked for with the new length said apart, a load change with what the
athlete can no longer do as its why, a plan asked with "can i get" and its days in a word and
one piece of kit said as all there is, easing off an exercise beside a pain, a count of days
judged within reach, and "switch my plan to N days" as days a week rather than a swap."""

from __future__ import annotations

from datetime import date

import pytest

from fitcoach.assistant.nlu import understand

TODAY = date(2026, 11, 18)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("shorter sessions please, 35 min while the rota is mad", 35),
        ("shorter workouts - maybe 20 minutes until the move is done", 20),
    ],
)
def test_shorter_sessions_then_the_length_is_the_new_length(text: str, minutes: int) -> None:
    u = understand(text, today=TODAY)
    assert (u.intent, u.slots) == ("set_session_minutes", {"minutes": minutes})


@pytest.mark.parametrize(
    "text", ["make the sessions 15 min shorter", "shorter sessions please, by 15 min"]
)
def test_minutes_taken_off_stay_minutes_taken_off(text: str) -> None:
    u = understand(text, today=TODAY)
    assert (u.intent, u.slots) == ("set_session_minutes", {"shorter_by": 15})


@pytest.mark.parametrize(
    "text",
    [
        "could you lower the bench by 5 kg, i can't finish 8 reps now",
        "drop my squat by 5 kg please, cannot complete the sets anymore",
    ],
)
def test_a_load_change_with_what_can_no_longer_be_done_as_its_why(text: str) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "change_load"
    assert u.slots.get("delta_kg") == -5.0


def test_a_plan_asked_with_can_i_get_and_days_in_a_word() -> None:
    u = understand("could i get a strength plan, once a week, 30 mins, just dumbbells", today=TODAY)
    assert u.intent == "generate_plan"
    assert u.slots["days_per_week"] == 1
    assert u.slots["minutes"] == 30
    assert u.slots["equipment"] == ["dumbbell"]


def test_just_said_of_something_else_gives_no_kit() -> None:
    u = understand("i just want a general plan, 3 days a week, i have a kettlebell", today=TODAY)
    assert u.intent == "generate_plan"
    assert "equipment" not in u.slots


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("lower back is achy after the night shift, can we ease off the deadlifts", "deadlift"),
        ("shoulder sore again - back off the upright rows please", "upright-row"),
    ],
)
def test_easing_off_an_exercise_beside_a_pain_takes_it_out(text: str, slug: str) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "remove_exercise"
    assert slug in str(u.slots["exercise"])


def test_easing_off_a_bit_is_no_removal() -> None:
    u = understand("knee is sore, ease off the squats a bit", today=TODAY)
    assert u.intent != "remove_exercise"


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("new job starts monday, so 3 days a week is more realistic", 3),
        ("with nights coming up 2 sessions would be doable", 2),
    ],
)
def test_a_count_judged_within_reach_is_the_count_wished(text: str, days: int) -> None:
    u = understand(text, today=TODAY)
    assert (u.intent, u.slots.get("days_per_week")) == ("generate_plan", days)


def test_a_count_judged_out_of_reach_is_no_count() -> None:
    u = understand("with nights on the rota 5 days a week is not realistic", today=TODAY)
    assert u.slots.get("days_per_week") != 5


def test_switching_the_plan_to_a_count_of_days_is_days_a_week() -> None:
    u = understand("change my programme to 4 days", today=TODAY)
    assert (u.intent, u.slots.get("days_per_week")) == ("generate_plan", 4)


def test_another_persons_plan_is_still_not_read_as_the_athletes_days() -> None:
    u = understand("switch my daughter's plan to 2 days a week", today=TODAY)
    assert u.intent != "generate_plan"
