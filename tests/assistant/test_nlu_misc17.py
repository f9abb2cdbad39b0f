"""Logging classes the chat misread (misc17), in words written for this file: a night told by
the clock times one fell asleep or put the lights out and woke (the hours between them, across
midnight, dated by the morning it ended); a workout the library says is done for time, its
clock read as minutes and seconds; and sleep said of the coach ("hope you slept well"), which is
courtesy, never a night logged."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.log_support import read_entries

SUNDAY = date(2026, 11, 15)  # the morning after Saturday night, from the corpus's Wednesday


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("fell asleep 00:20, up 7:05", 6.75),
        ("lights off 22:50 and awake at 6:20", 7.5),
        ("asleep around 11:45pm, alarm 6:15", 6.5),
        ("hit the sack 23:10 then got up at 5:40 for work", 6.5),
        ("dozed off at 1am, woke at 8:30, groggy", 7.5),
        ("turned in at half ten, up at 6", 7.5),
    ],
)
def test_a_night_told_by_its_clock_times_is_the_hours_between(text: str, hours: float) -> None:
    entries, problems = read_entries(text)
    assert not problems, problems
    ((intent, slots),) = entries
    assert intent == "log_sleep"
    assert slots["duration_s"] == pytest.approx(hours * 3600)
    assert slots["date"] == date(2026, 11, 18)


def test_a_named_night_is_stored_for_the_morning_it_ended() -> None:
    entries, problems = read_entries("asleep by 23:15 on saturday night, up 7:45")
    assert not problems, problems
    ((_, slots),) = entries
    assert slots["duration_s"] == pytest.approx(8.5 * 3600)
    assert slots["date"] == SUNDAY


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        # an app's time asleep and a count of wake-ups are no bedtime and wake time
        ("asleep 6:50, woke 2 times", 6 + 50 / 60),
        ("7:05 asleep, 7:48 in bed", 7 + 5 / 60),
    ],
)
def test_a_time_asleep_is_not_read_as_a_bedtime(text: str, hours: float) -> None:
    entries, _ = read_entries(text)
    ((intent, slots),) = entries
    assert intent == "log_sleep"
    assert slots["duration_s"] == pytest.approx(hours * 3600)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("fran 4:31 today, scaled the pull-ups", 271),
        ("did Fran in 8:20", 500),
        ("murph 48:10 with the vest", 2890),
    ],
)
def test_a_workout_done_for_time_reads_its_clock_as_minutes(text: str, seconds: int | None) -> None:
    entries, problems = read_entries(text)
    assert not [p for p in problems if "hours and minutes" in p], problems
    intent, slots = entries[0]
    assert intent == "log_cardio"
    if seconds is not None:
        assert slots["duration_s"] == pytest.approx(seconds)


def test_an_hour_long_reading_of_a_benchmark_is_still_asked() -> None:
    # "1:10" may be an hour and ten minutes of a long benchmark, or a fast short one
    _, problems = read_entries("murph 1:10")
    assert any("hours and minutes, or minutes and seconds" in p for p in problems)


def test_a_run_told_as_a_short_clock_is_still_asked() -> None:
    _, problems = read_entries("easy jog 1:20")
    assert any("hours and minutes, or minutes and seconds" in p for p in problems)


@pytest.mark.parametrize(
    "text",
    [
        "morning coach! hope you slept ok",
        "hey, did u sleep well?",
        "night night, sleep tight",
        "evening! you had a good night?",
    ],
)
def test_sleep_said_of_the_coach_is_no_night(text: str) -> None:
    entries, problems = read_entries(text)
    assert [i for i, _ in entries if i == "log_sleep"] == []
    assert not any("sleep" in p for p in problems), problems


def test_the_athletes_own_night_beside_a_courtesy_is_logged() -> None:
    entries, _ = read_entries("hope you slept better than I did, only got 5 hours")
    ((intent, slots),) = entries
    assert intent == "log_sleep"
    assert slots["duration_s"] == pytest.approx(5 * 3600)
