"""A peak heart rate is never stored as the session's average (issue 57: "max hr 185" was kept
as an average of 185, wrong data). The peak is a number said and explained, so the log is kept
without a question; an average said beside it is kept as the average."""

from __future__ import annotations

from datetime import date

import pytest

from fitcoach.assistant.nlu import read_log

TODAY = date(2026, 11, 18)


@pytest.mark.parametrize(
    ("text", "average"),
    [
        ("ran 5k in 25 min, max hr 185", None),
        ("45 min spin class, peak heart rate 172", None),
        ("rowed 6k in 26 minutes, 181 bpm max", None),
        ("ran 5k in 25 min, avg hr 150, max hr 185", 150.0),
        ("easy 40 min ride, heart rate averaged 131, topped out at 160 bpm", 131.0),
        ("ran 5k in 25 min, hr 150", 150.0),
        # A word of peaks elsewhere in the message says nothing of the heart rate.
        ("hit the gym bike for 30 min, hr 140", 140.0),
        ("top of the hill loop, ran 30 min hr 150", 150.0),
    ],
)
def test_the_average_is_kept_and_a_peak_is_not(text: str, average: float | None) -> None:
    reading = read_log(text, today=TODAY)
    assert reading.ok, reading.problems
    [entry] = reading.entries
    assert entry.intent == "log_cardio"
    assert entry.slots.get("avg_hr") == average
