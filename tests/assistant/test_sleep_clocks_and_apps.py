"""sleep94: a night and the daily readings told the way people jot them down are stored, not
asked about. Two clocks with no word of sleep but how the night went ("11:05pm-6:20am, woke a
couple of times, meh"), or after "zzz"; the morning's clock then the hours ("woke at 6 after 7
hours"); a clock hedged ("in bed at maybe midnight"); an app's time asleep beside its clocks in
bed, its summary retyped between commas, and a device heading naming the night; hedged hours
with the neighbour who woke the night; a night only judged beside a mood and an energy; a
weight past a round mark; a blood sugar taken before and after a session (wordings other than
the corpus's)."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.log_support import TODAY, only_entry, read_entries


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("11:05pm-6:20am, woke a couple of times, meh", 435),
        ("23:10-06:40, up a few times to pee", 450),
        ("zzz 22:40-06:10", 450),
        ("zzz 12:15-6", 345),
    ],
)
def test_a_clock_range_with_only_how_the_night_went_is_a_night(text: str, minutes: int) -> None:
    slots = only_entry(text, "log_sleep")
    assert slots["duration_s"] == pytest.approx(minutes * 60)
    assert slots["date"] == TODAY


def test_a_clock_range_beside_a_shift_is_no_night() -> None:
    entries, _ = read_entries("10pm-6am, worked the whole shift")
    assert "log_sleep" not in [i for i, _ in entries]


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("woke at 6 after 7 hours", 7.0),
        ("up at 4:45 after maybe 6h", 6.0),
    ],
)
def test_the_mornings_clock_after_the_nights_hours(text: str, hours: float) -> None:
    assert only_entry(text, "log_sleep")["duration_s"] == pytest.approx(hours * 3600)


def test_the_mornings_clock_after_hours_of_something_else_is_no_night() -> None:
    entries, _ = read_entries("up at 5 after 6h of driving")
    assert "log_sleep" not in [i for i, _ in entries]


def test_a_hedged_bedtime_is_still_the_clock() -> None:
    slots = only_entry("went to bed at maybe midnight and woke up at 6:45", "log_sleep")
    assert slots["duration_s"] == pytest.approx(6.75 * 3600)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        # the time asleep, never the clocks in bed
        ("garmin: in bed 10:40pm-6:50am, asleep 7 hr 5 min", 425),
        ("in bed 10:30pm-6:30am, 6h 45m asleep", 405),
        # an app's summary retyped on one line
        ("Fitbit: 6 hr 50 min asleep, 35 min awake, sleep score 81 (Good)", 410),
        ("oura 11:15pm–7:00am, 7h 2m asleep, restless", 422),
    ],
)
def test_a_watchs_time_asleep_is_the_night(text: str, minutes: int) -> None:
    assert only_entry(text, "log_sleep")["duration_s"] == pytest.approx(minutes * 60)


def test_an_apps_night_with_its_day() -> None:
    slots = only_entry("autosleep (tue): 7h 10m", "log_sleep")
    assert slots["duration_s"] == pytest.approx(430 * 60)
    assert slots["date"] == date(2026, 11, 17)


def test_an_app_counting_workouts_too_names_its_sleep() -> None:
    entries, _ = read_entries("garmin: 1h 05m")
    assert "log_sleep" not in [i for i, _ in entries]


def test_a_device_heading_naming_the_night_dates_its_readings_on_the_morning() -> None:
    entries, problems = read_entries("Whoop (fri night): sleep 7h 40m, hrv 61")
    assert not problems, problems
    days = {intent: slots["date"] for intent, slots in entries}
    assert days == {"log_sleep": date(2026, 11, 14), "log_daily": date(2026, 11, 14)}


def test_hedged_hours_beside_who_woke_the_night() -> None:
    slots = only_entry("maybe 5 hrs, next door's dog barking", "log_sleep")
    assert slots["duration_s"] == pytest.approx(5 * 3600)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("full of energy today, mood good, slept great", {"energy": 9.0, "mood": 7.0}),
        ("mood meh, energy low, slept badly", {"mood": 5.0, "energy": 3.0}),
    ],
)
def test_a_night_only_judged_beside_a_check_in_is_not_asked(text: str, values: dict[str, float]) -> None:  # fmt: skip
    entries, problems = read_entries(text)
    assert not problems, problems
    stored: dict[str, float] = {}
    for intent, slots in entries:
        assert intent == "log_daily"
        stored |= slots["values"]
    assert stored == values


def test_a_night_only_judged_alone_still_asks_its_hours() -> None:
    _, problems = read_entries("slept great")
    assert problems == ["how many hours did you sleep?"]


@pytest.mark.parametrize(
    ("text", "units", "kg"),
    [
        ("84.8!! below 85 at last", "metric", 84.8),
        ("229.4 - under 230 finally", "imperial", 104.05),
    ],
)
def test_a_weight_past_a_round_mark(text: str, units: str, kg: float) -> None:
    slots = only_entry(text, "log_weight", units)  # type: ignore[arg-type]
    assert slots["weight_kg"] == pytest.approx(kg, abs=0.01)


def test_a_figure_past_a_mark_far_from_it_is_no_weight() -> None:
    entries, _ = read_entries("92.5, under 90 soon")
    assert entries == []


def test_blood_sugar_before_and_after_a_session_is_no_figure_of_it() -> None:
    slots = only_entry("leg curl 4x10 at 50 kg. blood sugar before was 6.8 and after 5.6, fine", "log_sets")  # fmt: skip
    assert slots["groups"][0]["weight_kg"] == 50.0
    _, problems = read_entries("bench 3x8 70kg, bg 7.4 pre, 6.2 post")
    assert not problems, problems
