"""sleep93: a night told in everyday words is logged, not asked about. Its clocks said as people
say them ("conked out at 10:15pm, alarm rang at 5:40 for the early train", "lights off 10ish,
up with the toddler at 6"), its hours hedged in a piece of their own after the night ("slept
badly, probably 6 and a half"), its hours alone with how it felt ("6.5 hrs, felt fine"), the
sleep inside the time in bed ("in bed 10 till 6, maybe 6 hours of real sleep"); and a night of
the week told with "log it" is a night logged, never a plan's day (wordings other than the
corpus's)."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.log_support import TODAY, only_entry, read_entries

from fitcoach.assistant.nlu import understand


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("crashed out at 10:15pm, alarm rang at 5:45 for the early train", 7.5),
        ("conked out at 10:15pm, alarm went off at 5:45", 7.5),
        ("lights off 10ish, up with the toddler at 6", 8.0),
        ("hit the sack 23:00, alarm sounded at 06:30 for spin class", 7.5),
        ("in bed by 10:30, alarm went off at 6", 7.5),
    ],
)
def test_a_night_by_its_everyday_clocks(text: str, hours: float) -> None:
    slots = only_entry(text, "log_sleep")
    assert slots["duration_s"] == pytest.approx(hours * 3600)
    assert slots["date"] == TODAY


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("slept badly, probably 6 and a half", 6.5),
        ("slept rubbish. about 4", 4.0),
        ("slept ok, roughly 7 hours tops", 7.0),
    ],
)
def test_hedged_hours_after_the_night(text: str, hours: float) -> None:
    assert only_entry(text, "log_sleep")["duration_s"] == pytest.approx(hours * 3600)


def test_hedged_hours_after_a_night_beside_a_weigh_in() -> None:
    entries, problems = read_entries("81.4 today. slept poorly, maybe 5")
    assert not problems, problems
    assert sorted(i for i, _ in entries) == ["log_sleep", "log_weight"]


def test_a_bare_number_after_a_night_out_is_no_sleep() -> None:
    entries, _ = read_entries("last night was great fun, about 6")
    assert "log_sleep" not in [i for i, _ in entries]


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("6.5 hrs, felt fine", 6.5),
        ("got around 7h, it was decent", 7.0),
        ("9 hrs 💤 great one", 9.0),
        ("only 5 hrs because of my flatmate's cat 😩", 5.0),
    ],
)
def test_hours_alone_with_how_the_night_felt(text: str, hours: float) -> None:
    assert only_entry(text, "log_sleep")["duration_s"] == pytest.approx(hours * 3600)


def test_the_sleep_inside_the_time_in_bed() -> None:
    text = "tossing and turning from 10 till 6, maybe 6 hours of real sleep"
    slots = only_entry(text, "log_sleep")
    assert slots["duration_s"] == pytest.approx(6 * 3600)
    assert slots["quality"] == "poor"


def test_slept_from_two_bare_hours_after_a_shift() -> None:
    text = "after the night shift slept from 2 till 9, not bad"
    assert only_entry(text, "log_sleep")["duration_s"] == pytest.approx(7 * 3600)


def test_a_night_after_a_named_days_event_told_first() -> None:
    text = "after the late gig on tuesday i only slept from 1:30 till 7"
    slots = only_entry(text, "log_sleep")
    assert slots["duration_s"] == pytest.approx(5.5 * 3600)
    assert slots["date"] == date(2026, 11, 18)  # the morning after Tuesday


@pytest.mark.parametrize(
    ("text", "morning"),
    [
        ("friday night I only got 5h, awful. pls log it", date(2026, 11, 14)),
        ("sunday night i only got like 3 hours, rubbish", date(2026, 11, 16)),
    ],
)
def test_a_night_of_the_week_with_log_it_is_a_night(text: str, morning: date) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "log_sleep"
    assert u.slots["date"] == morning


@pytest.mark.parametrize(
    "text",
    [
        "saturday I've only got 40 min",
        "friday night I can only do an hour, make it short",
        "thursday night I only got 50 minutes to train",
    ],
)
def test_a_days_time_is_still_a_plan_request(text: str) -> None:
    assert understand(text, today=TODAY).intent == "set_session_minutes"


def test_a_log_asked_for_reads_the_log_before_the_plan() -> None:
    u = understand("monday ran 8k in 44 min, can you log that", today=TODAY)
    assert u.intent == "log_cardio"


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("Fitbit\nSleep 7h 12m · Sleep score 83 · Deep 1h10 REM 1h40", 432),
        ("Oura ring\nTotal Sleep 6:38\nEfficiency 88%\nReadiness 74", 398),
        ("Polar sleep\n11:20 pm - 6:50 am\nLight 3h 55m\nDeep 1h 30m\nREM 1h 15m\nAwake 35m", 400),
        ("Asleep 5 hr 58 min\nTime in Bed 6 hr 40 min\n(from my iphone's health app)", 358),
    ],
)
def test_a_watch_sleep_summary_is_its_time_asleep(text: str, minutes: int) -> None:
    assert only_entry(text, "log_sleep")["duration_s"] == pytest.approx(minutes * 60)


def test_a_sleep_summary_keeps_its_other_readings() -> None:
    entries, problems = read_entries("Garmin: Total sleep 7h 30m | Resting HR 49 | HRV 61")
    assert not problems, problems
    assert sorted(i for i, _ in entries) == ["log_daily", "log_sleep"]


def test_a_workout_summary_is_no_night() -> None:
    entries, _ = read_entries("Workout summary\nTotal 1h 05m\nScore 80")
    assert "log_sleep" not in [i for i, _ in entries]


def test_a_session_done_instead_of_another_is_logged_not_swapped() -> None:
    entries, problems = read_entries("slept awful, 4 hrs, so i did 25 min on the bike instead of lifting")  # fmt: skip
    assert not problems, problems
    assert sorted(i for i, _ in entries) == ["log_cardio", "log_sleep"]
    assert understand("rowed 30 min instead of running", today=TODAY).intent == "log_cardio"


def test_a_session_wanted_instead_of_another_is_still_a_swap() -> None:
    u = understand("can i do 20 min on the bike instead of running tomorrow", today=TODAY)
    assert u.intent == "swap_exercise"
