"""Logging classes of the twenty-fifth set's writer BQ (racket and precision sports, masters),
in words written for this file: the day of a log (a session "on the 9th", a label's "today"
after a day said before it, a feeling "after" last night's game that does not date the readings
beside it), sports named by their verb or new to the library (bowled, darts), and a session
"had" that is no meal; with the look-alikes next to them that keep their old reading."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from tests.assistant.log_support import TODAY, only_entry, read_entries

from fitcoach.assistant.nlu.dates import find_dates


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("squash on the 9th, 50 min", date(2026, 11, 9)),
        ("table tennis on the 2nd for an hour", date(2026, 11, 2)),
        # a day of the month still ahead: last month's
        ("tennis on the 25th, 90 minutes", date(2026, 10, 25)),
    ],
)
def test_a_session_on_a_day_of_the_month_is_dated_that_day(text: str, day: date) -> None:
    assert only_entry(text, "log_cardio")["date"] == day


def test_on_the_nth_with_a_unit_is_no_day() -> None:
    assert find_dates("on the 10 min bike", TODAY) == {}


def test_a_label_saying_today_dates_what_follows_it() -> None:
    entries, problems = read_entries("tennis 1h yesterday, then gym today: bench 3x6 70kg")
    assert not problems
    dates = {intent: slots["date"] for intent, slots in entries}
    assert dates == {"log_cardio": TODAY - timedelta(days=1), "log_sets": TODAY}


@pytest.mark.parametrize(
    "text",
    [
        "rhr 58 hrv 41 - bit tired after squash last night",
        "weight 82.3, legs wrecked after the doubles match yesterday",
    ],
)
def test_a_feeling_after_last_nights_game_leaves_the_readings_today(text: str) -> None:
    entries, _ = read_entries(text)
    assert entries
    assert all(slots["date"] == TODAY for _, slots in entries)


def test_a_game_played_last_night_is_still_last_nights() -> None:
    assert only_entry("badminton last night, 75 min", "log_cardio")["date"] == TODAY - timedelta(
        days=1
    )


def test_bowled_a_count_of_games_is_bowling() -> None:
    slots = only_entry("bowled 4 games this evening, about 90 min", "log_cardio")
    assert (slots["exercise"], slots["date"]) == ("ten-pin-bowling", TODAY)


@pytest.mark.parametrize("text", ["darts night 2 hrs", "played darts for 90 min at the club"])
def test_darts_is_an_activity(text: str) -> None:
    assert only_entry(text, "log_cardio")["exercise"] == "darts"


def test_a_session_had_is_no_meal() -> None:
    entries, _ = read_entries("darts night 2 hrs, my shoulder has had a workout")
    assert [i for i, _ in entries] == ["log_cardio"]
