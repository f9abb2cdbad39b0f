"""The day a log names in ways the readers missed (issue 57, stop 93, corpus-57o wrong stores):
a words-only heading before the first colon dates everything after it, even where the first
clause after it is a night ("tuesday catch-up (sorry, busy): 8h sleep, deadlift 3x3 ...");
"yesterdays" without its apostrophe is yesterday; "the night before last" is two days back;
and "sore 4, quads from saturday" is today's soreness, whose cause was on Saturday."""

from __future__ import annotations

from datetime import date

import pytest

from fitcoach.assistant.nlu import read_log

TODAY = date(2026, 11, 18)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (
            "tuesday catch up (sorry was busy): 8h sleep, deadlift 3x3 150kg, 30 min bike",
            date(2026, 11, 17),
        ),
        ("sunday summary: slept 7.5h, bench 4x6 80kg, weighed 80.2", date(2026, 11, 15)),
        ("yesterdays stuff: front squat 3x5 90kg, row 2k in 8 min", date(2026, 11, 17)),
    ],
)
def test_a_words_heading_dates_every_entry_after_it(text: str, day: date) -> None:
    reading = read_log(text, today=TODAY)
    dated = {e.intent: e.slots.get("date") for e in reading.entries if e.intent != "log_sleep"}
    assert dated, reading
    assert set(dated.values()) == {day}, reading


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("cycled the night before last, 25km in an hour", date(2026, 11, 16)),
        ("yesterdays run: 8km in 44 min", date(2026, 11, 17)),
    ],
)
def test_days_said_other_ways(text: str, day: date) -> None:
    reading = read_log(text, today=TODAY)
    assert [e.slots.get("date") for e in reading.entries] == [day], reading


@pytest.mark.parametrize(
    "text",
    [
        "sore 4, quads from saturday",
        "soreness 2 - hamstrings from tues",
        "hrv 51, soreness 3 from yesterdays run",
    ],
)
def test_soreness_from_a_day_is_read_today(text: str) -> None:
    reading = read_log(text, today=TODAY)
    assert [e.slots.get("date") for e in reading.entries] == [TODAY], reading
