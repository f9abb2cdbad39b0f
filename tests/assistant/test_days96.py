"""Which day each reading and session of one message belongs to (stop 96, days96), through
``read_log`` on the corpus's fixed day (Wednesday 18 November 2026):

- a morning check-in's readings said before a day word that a later session's clause says
  ("Weight 63.5kg. Slept 8 hours. Yesterday I did 30 min on the bike") are today's; the day
  scopes the session only;
- a clause that says no session was done on a day ("didnt train yesterday", "rest day
  yesterday") dates no reading;
- a recap's heading naming its day and a forgotten session ("Monday's session I forgot to put
  in:") is that day's label, never an exercise's name;
- a night told as "that night" after a day is the night after it (dated by the morning it ended).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from tests.assistant.log_support import TODAY, read_entries

YESTERDAY = TODAY - timedelta(days=1)
MONDAY, SUNDAY = date(2026, 11, 16), date(2026, 11, 15)


def _days(text: str, units: str = "metric") -> dict[str, set[date]]:
    entries, problems = read_entries(text, units)  # type: ignore[arg-type]
    assert not problems, problems
    days: dict[str, set[date]] = {}
    for intent, slots in entries:
        days.setdefault(intent, set()).add(slots["date"])
    return days


@pytest.mark.parametrize(
    ("text", "session"),
    [
        ("Weight 63.5kg. Slept 8 hours. Yesterday I did 30 min on the bike.", "log_cardio"),
        ("hrv 38 (low for me), rhr 63, energy 2. yesterday ran 6k easy in 35 min", "log_cardio"),
        ("sleep 7:12 on the watch, rhr 50, hrv 74. yesterday 12k run 1:02:00", "log_cardio"),
        ("weight 80.2, hrv 55. yesterday bench 3x5 100kg", "log_sets"),
        ("rhr 52 and hrv 61, swam 40 min yesterday", "log_cardio"),
    ],
)
def test_readings_before_a_sessions_day_are_todays(text: str, session: str) -> None:
    days = _days(text)
    assert days.pop(session) == {YESTERDAY}
    assert days
    assert all(d == {TODAY} for d in days.values()), days


@pytest.mark.parametrize(
    ("text", "session", "day"),
    [
        ("slept 7h. mondays run was 5k in 28 min", "log_cardio", MONDAY),
        ("weighed 79.4kg. ran 10k on sunday in 55 min", "log_cardio", SUNDAY),
    ],
)
def test_a_weekday_said_for_a_later_session_is_that_sessions(
    text: str, session: str, day: date
) -> None:
    days = _days(text)
    assert days.pop(session) == {day}
    assert all(d == {TODAY} for d in days.values()), days


@pytest.mark.parametrize(
    "text",
    [
        "yesterday: ran 5k in 30 min and weighed 80kg",  # the day said first dates both
        "weight 80.2kg, hrv 50. all from yesterday",  # a day said in words alone after them
    ],
)
def test_a_day_said_before_or_for_the_readings_still_dates_them(text: str) -> None:
    days = _days(text)
    assert days
    assert all(d == {YESTERDAY} for d in days.values()), days


@pytest.mark.parametrize(
    "text",
    [
        "stress 4, mood 3, energy 2. didnt train yesterday",
        "mood 2, energy 2. i did not work out yesterday",
        "hrv 62, rhr 51. skipped the gym on monday",
        "weight 81.3kg. no run yesterday, legs were dead",
        "sleep 6h, rhr 60, rest day yesterday",
        "slept 8h, energy 4. sunday was a rest day",
    ],
)
def test_a_day_with_no_session_dates_no_reading(text: str) -> None:
    days = _days(text)
    assert days
    assert all(d == {TODAY} for d in days.values()), days


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Monday's session I forgot to put in: bench 4x6 at 82.5, squat 4x8 at 70", MONDAY),
        ("tuesday's workout i never logged: squat 5x5 at 100", YESTERDAY),
    ],
)
def test_a_forgotten_sessions_heading_is_its_days_label(text: str, day: date) -> None:
    assert _days(text) == {"log_sets": {day}}


@pytest.mark.parametrize(
    ("text", "night_ending"),
    [
        ("Sunday\nRun 8 mi 1:12:00\nDinner: salmon + quinoa\nSlept 8h20 that night", MONDAY),
        ("saturday: 10k run in 50 min. slept 9h that night", SUNDAY),
        ("sunday hike 3h, slept 10h that night", MONDAY),
        ("yesterday: squat 5x5 100kg, then slept 7h that night", TODAY),
    ],
)
def test_that_night_is_the_night_after_the_day_said(text: str, night_ending: date) -> None:
    assert _days(text, "imperial")["log_sleep"] == {night_ending}


@pytest.mark.parametrize(
    ("text", "intent", "days"),
    [
        ("tues and today both 30 min jogs", "log_cardio", [YESTERDAY, TODAY]),
        ("mon & wed both: bench 3x8 at 60kg", "log_sets", [MONDAY, TODAY]),
        ("sun and mon, 45 min swim each day", "log_cardio", [SUNDAY, MONDAY]),
    ],
)
def test_one_session_said_for_both_of_two_days_is_one_per_day(
    text: str, intent: str, days: list[date]
) -> None:
    entries, problems = read_entries(text)
    assert not problems, problems
    assert [i for i, _ in entries] == [intent, intent]
    assert [s["date"] for _, s in entries] == days


def test_two_days_with_no_both_are_still_asked() -> None:
    _, problems = read_entries("tues and today 30 min jogs")
    assert problems
