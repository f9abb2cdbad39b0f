"""How the rules read plan requests (``nlu.understand``): the slots each kind of request
gets, from examples written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from fitcoach.assistant.nlu import understand

TODAY = date(2026, 11, 18)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        # The length to leave is not the new one.
        ("could my workouts be 50 minutes instead of 70 min", 50),
        ("keep the sessions to 40 min rather than an hour", 40),
        ("cut my sessions from 80 min to 55 min", 55),
        # Said again, corrected: the last length said.
        ("2 hours on sundays would be nice... no, just make all sessions 50 min", 50),
        # Parts of one length, with or without the minutes' unit.
        ("can every session be 1 hour 20", 80),
        ("make the workouts 1 h 10 min", 70),
        # A cap is a length, not "shorter by".
        ("shorter sessions please, 25 minutes tops", 25),
    ],
)
def test_a_session_length_is_the_new_one_said(text: str, minutes: int) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "set_session_minutes", (text, u)
    assert u.slots.get("minutes") == minutes, (text, u.slots)


def test_shorter_by_stays_a_change() -> None:
    u = understand("make my sessions 15 min shorter", today=TODAY)
    assert u.slots == {"shorter_by": 15}


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("thursday off please, the car is in the garage", date(2026, 11, 19)),
        ("next sunday's session off, we're at my sister's", date(2026, 11, 22)),
        ("not lifting on friday, work party", date(2026, 11, 20)),
        ("taking tonight off, I'm wiped", TODAY),
        ("can't make it tonight, skip it", TODAY),
    ],
)
def test_a_day_said_off_skips_that_day(text: str, day: date) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "skip_session", (text, u)
    assert u.slots["date"] == day


def test_a_day_off_in_the_past_or_asked_about_is_not_a_skip() -> None:
    for text in ("had monday off, felt great", "should I take friday off?"):
        assert understand(text, today=TODAY).intent != "skip_session", text


@pytest.mark.parametrize(
    "text",
    [
        "take out the lateral raises, never liked them",
        "please leave out the face pulls this week",
        "I'd like to avoid the bulgarian split squats",
    ],
)
def test_take_out_leave_out_and_avoid_remove_an_exercise(text: str) -> None:
    assert understand(text, today=TODAY).intent == "remove_exercise", text


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        # A goal with days a week describes a new plan, without the word "plan".
        ("want to get fitter for netball, 3 days a week, 40 mins", {"goal": "sport_performance", "days_per_week": 3, "minutes": 40}),
        ("i need to lose fat before summer, four days... 4 days a week", {"goal": "fat_loss", "days_per_week": 4}),
        # Sessions a week are days a week.
        ("hockey pre-season program please, 2 gym sessions a week", {"goal": "sport_performance", "days_per_week": 2}),
        # Starting over is a new plan: a fresh block.
        ("let's start over, clean slate", {"fresh": True}),
    ],
)  # fmt: skip
def test_a_new_plan_said_without_the_usual_words(text: str, slots: dict[str, object]) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "generate_plan", (text, u)
    assert u.slots == slots


def test_training_done_with_a_goal_and_days_is_not_a_new_plan() -> None:
    u = understand("did 4 days a week of fat loss circuits last month", today=TODAY)
    assert u.intent != "generate_plan"


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        # The count said first is the one to leave.
        ("could we go from 5 days to 3 in january", {"days_per_week": 3}),
        ("six days a week is too much now, let's try 4", {"days_per_week": 4}),
        # A length with it: one change of both.
        ("can we train 3 days a week and keep each one to 50 min", {"days_per_week": 3, "minutes": 50}),
        # A length after "to" is not a count of days.
        ("4 days a week please, up to 45 min", {"days_per_week": 4, "minutes": 45}),
    ],
)  # fmt: skip
def test_days_a_week_is_the_new_count_with_any_length_said(text: str, slots: dict[str, object]) -> None:  # fmt: skip
    u = understand(text, today=TODAY)
    assert u.intent == "generate_plan", (text, u)
    assert u.slots == slots


@pytest.mark.parametrize(
    "text",
    [
        # (tune28a) a night told by its hours and what kept it short
        "only got about 4 hours, nervous about the race",
        "only got 6 hours, the baby was teething",
        # a session told by its sets, its length beside them
        "just got in, 50 min session. bench 4x8 at 70, incline db 3x10 at 24",
    ],
)
def test_a_night_or_a_session_told_is_no_session_length_asked(text: str) -> None:
    u = understand(text, today=TODAY)
    assert u.intent != "set_session_minutes", (text, u)


def test_only_got_a_length_for_sessions_is_still_one() -> None:
    u = understand("i've only got 45 minutes per session now", today=TODAY)
    assert (u.intent, u.slots.get("minutes")) == ("set_session_minutes", 45)
