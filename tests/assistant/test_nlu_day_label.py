"""A day said as a message's label ("yesterday: deadlift 3x5 140kg", "Tuesday: lat pulldown
...") or in texting shorthand ("yday") is the day of everything the message logs (issue 57,
stop 89: found when the chat evaluation began scoring dates)."""

from __future__ import annotations

from datetime import date

import pytest

from fitcoach.assistant.nlu import read_log

TODAY = date(2026, 11, 18)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("yesterday: deadlift 3x5 140kg", date(2026, 11, 17)),
        ("Tuesday: lat pulldown 3x10 50kg", date(2026, 11, 17)),
        ("on monday: squat 5x5 100kg", date(2026, 11, 16)),
        ("leg day yday. squat 5x5 100kg", date(2026, 11, 17)),
        ("yesterday: bench 3x8 60kg, barbell rows 3x10 50kg", date(2026, 11, 17)),
        ("deadlift 3x5 140kg", TODAY),
    ],
)
def test_a_day_said_first_dates_the_sets(text: str, day: date) -> None:
    reading = read_log(text, today=TODAY)
    assert reading.problems == []
    assert [e.slots["date"] for e in reading.entries] == [day]


def test_a_night_beside_the_sets_keeps_its_own_day_and_the_sets_stay_today() -> None:
    reading = read_log("slept 7h last night, bench 3x5 100kg", today=TODAY)
    days = {e.intent: e.slots.get("date") for e in reading.entries}
    assert days["log_sets"] == TODAY
