"""Lines pasted or retyped from sleep trackers, fasting apps and training programmes (issue 57,
trackerlines): clock ranges with arrows or alone, sleep stages, time in bed before the sleep, a
fast broken with a meal, test days and programme notation, Turkish weekdays. Each class in new
wording beside the close wording that must keep its old reading. Sentences here are written for
the tests, not taken from any data set."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tests.assistant.log_support import TODAY, only_entry, read_entries

from fitcoach.assistant.llm import Assistant
from fitcoach.assistant.nlu import understand
from fitcoach.assistant.nlu.normalise import normalise
from research.evaluate.chat_eval import read_items, run_corpus


def _hours(text: str) -> float:
    return float(only_entry(text, "log_sleep")["duration_s"]) / 3600


# --- clock ranges: arrows, and a night's range alone ------------------------------------------


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("sleep 22:50 → 06:20", 7.5),
        ("10:50pm -> 6:35am", 7.75),
        ("11:05pm-6:50am", 7.75),
        ("23:10-06:40, decent", 7.5),
        ("00:30-07:45", 7.25),
    ],
)
def test_a_nights_clock_range_with_an_arrow_or_alone_is_the_sleep(text: str, hours: float) -> None:
    assert _hours(text) == pytest.approx(hours)


@pytest.mark.parametrize("text", ["9:00-17:30", "7-3", "14:00-16:00"])
def test_a_range_that_is_no_night_is_not_made_one(text: str) -> None:
    assert not normalise(text).startswith("slept")


def test_an_arrow_between_other_things_stays() -> None:
    assert "→" in normalise("bench 80 x 5, rpe 7 → easy")


# --- sleep stages and time awake --------------------------------------------------------------


def test_a_trackers_stages_alone_are_summed_into_the_sleep() -> None:
    assert _hours("deep 1h25 rem 1h50 light 4h05") == pytest.approx(7 + 20 / 60)
    assert _hours("core 3h40, deep 55m, rem 1h35") == pytest.approx(6 + 10 / 60)


def test_a_stage_beside_the_nights_clocks_is_no_figure_of_its_own() -> None:
    assert _hours("in bed 23:00 up 6:30. deep 1h20 per the watch") == pytest.approx(7.5)


def test_time_awake_beside_time_asleep_is_not_taken_off_it() -> None:
    """ "asleep 7:12, awake 0:38" had stored 5.4 h: the awake figure read as a wake time."""
    assert _hours("asleep 6:55, awake 0:41") == pytest.approx(6 + 55 / 60)


def test_a_sleep_score_said_before_its_name_is_no_figure_of_the_night() -> None:
    assert _hours("oura 79 sleep score, 6h 50m total") == pytest.approx(6 + 50 / 60)


def test_a_light_session_and_an_awake_clock_are_no_stages() -> None:
    assert normalise("light 30 min jog") == "light 30 min jog"
    assert "awake 5:50" in normalise("in bed 10 pm asleep by 10:30 awake 5:50")


# --- time in bed before the sleep --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("in bed 9:45pm, asleep by 10:30 probably, up at 6", 7.5),
        ("got into bed at 10 but fell asleep like 12, woke at 7", 7.0),
        ("in bed 10:30 but didn't drop off till 12, up at 6:15", 6.25),
        ("went to sleep at 11:30, woke at 7", 7.5),
    ],
)
def test_the_sleep_begins_when_one_fell_asleep_not_at_the_bedtime(text: str, hours: float) -> None:
    assert _hours(text) == pytest.approx(hours)


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("dozed off on the sofa at 10:15 and woke up in bed at 6", 7.75),
        ("went to bed at 11, up at 6:30 but lay awake till half 12", 6.0),
        ("slept from 8 this morning till 3 after the night shift", 7.0),
        ("slept 12mn to 6:30am", 6.5),
    ],
)
def test_where_one_slept_and_how_long_one_lay_awake_leave_the_clocks(
    text: str, hours: float
) -> None:
    assert _hours(text) == pytest.approx(hours)


def test_a_bedtime_and_a_wake_beside_other_figures_are_the_night() -> None:
    entries, problems = read_entries("In bed at 10:45, up at 6:15. Weight 70.2. Resting hr 51")
    assert problems == []
    assert next(e for e in entries if e[0] == "log_sleep")[1]["duration_s"] == 7.5 * 3600


def test_a_bedtime_and_a_wake_with_its_reason_keep_their_old_reading() -> None:
    assert _hours("I went to bed at 10:45 and got up at 6:15 to walk the dog") == pytest.approx(7.5)


def test_a_judged_night_before_its_range_is_the_range() -> None:
    assert _hours("slept like a log, 10pm to 6:30am") == pytest.approx(8.5)


# --- a night broken by a spell awake -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("bed 10:30pm, awake at 3 for an hour, up at 6:30", 7.0),
        ("slept 11 to 7 but up at 2 with the baby for like 30 min", 7.5),
        ("awake from 1 till 2:30 again. went to bed 10, up at 6", 6.5),
        ("asleep by 11:30, woke at 3 and couldn't get back off till 4, up at 7", 6.5),
        ("in bed at 10 and got up at 6 but was up with the dog from 1 to 2", 7.0),
    ],
)
def test_a_spell_awake_in_the_night_is_taken_off_it(text: str, hours: float) -> None:
    """The spell awake had been asked about ("I am not sure what 3 is here")."""
    assert _hours(text) == pytest.approx(hours)


def test_a_waking_without_its_length_leaves_the_night_whole() -> None:
    assert _hours("slept 10:45pm-6:15am, woke up once") == pytest.approx(7.5)


def test_other_figures_beside_a_broken_night_stay() -> None:
    entries, problems = read_entries("slept 11 to 7 but woke at 3 for an hour, rhr 55")
    assert problems == []
    assert sorted(i for i, _ in entries) == ["log_daily", "log_sleep"]


# --- a fast broken with a meal ---------------------------------------------------------------


def test_a_fast_broken_with_a_meal_is_the_meal() -> None:
    """ "broke my 18h fast with 3 eggs and avocado" had stored "avocado" alone."""
    slots = only_entry("broke my 20h fast with 2 eggs, toast and avocado", "log_meal")
    assert "2 eggs" in slots["description"]
    assert "avocado" in slots["description"]
    assert only_entry("broke my fast with a chicken salad", "log_meal")["description"]


# --- test days and programme notation ---------------------------------------------------------


def test_a_test_days_single_is_one_rep_at_the_load() -> None:
    """ "1RM test: SQUAT 170" had been answered as a question about the estimated 1RM."""
    group = only_entry("1RM test: DEADLIFT 200, felt like a 9", "log_sets")["groups"][0]
    assert (group["sets"], group["reps"], group["weight_kg"]) == (1, 1, 200.0)
    assert understand("what's my 1rm on deadlift?", today=TODAY).intent != "log_sets"


def test_a_programmes_heading_and_its_plus_set_are_the_sets_done() -> None:
    groups = only_entry("5/3/1 week 3: bench 70x5 80x3 90x1+ (got 4)", "log_sets")["groups"]
    assert [(g["reps"], g["weight_kg"]) for g in groups] == [(5, 70.0), (3, 80.0), (4, 90.0)]
    groups = only_entry("deadlift 5/3/1 week: 120x5, 135x5, 150x5+ got 8", "log_sets")["groups"]
    assert [g["reps"] for g in groups] == [5, 5, 8]


def test_an_endurance_test_day_is_its_sports_session() -> None:
    """ "2k test 6:48.3" had been asked which activity it was, "tt effort 10 mi" answered as a
    heart-rate question: the 2k is the rowing erg's test, the TT the cyclist's time trial."""
    row = only_entry("2k test 7:02.4, new pb", "log_cardio")
    assert (row["exercise"], row["distance_m"]) == ("moderate-rowing", 2000)
    ride = only_entry("TT effort 25 mi in 1:02:10", "log_cardio")
    assert ride["exercise"] == "moderate-cycling"
    assert only_entry("table tennis 1 hour", "log_cardio")["exercise"] == "table-tennis"


def test_a_time_trial_at_a_runners_speed_is_no_ride() -> None:
    """A first run had stored "1 mile time trial 6:52" as a ride: only a bike's speed makes one."""
    assert "ride" not in normalise("1 mile time trial 6:52!!")


# --- weekdays of other languages --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Salı: bench 3x8 70kg", date(2026, 11, 17)),
        ("martes: sentadilla 3x5 100kg", date(2026, 11, 17)),
        # (Spanish "salí", I went out, is no Tuesday)
        ("salí a correr: 8 km a 5:30/km", TODAY),
    ],
)
def test_a_weekday_of_another_language_dates_the_log(text: str, day: date) -> None:
    entries, problems = read_entries(text)
    assert problems == []
    assert [s["date"] for _, s in entries] == [day]


# --- through the chat -------------------------------------------------------------------------


def _line(id_: str, text: str, call: dict[str, Any]) -> str:
    return json.dumps({"id": id_, "writer": "T", "units": "metric", "history": [], "text": text,
                       "category": "log", "red_flags": [], "crisis_style": None,
                       "expect": {"action": "call", "calls": [call]}})  # fmt: skip


def test_tracker_lines_are_stored_through_the_chat(tmp_path: Path) -> None:
    """The whole way a person meets it: a bare night's range and a test day's single, both
    missed before (answered with the help text and a 1RM estimate), are stored."""
    sleep = {"tool": "log_sleep", "args": {"date": "2026-11-18", "duration_min": 465, "quality": None}}  # fmt: skip
    single = {"tool": "log_sets", "args": {"date": "2026-11-18", "groups": [
        {"exercise": "squat", "sets": 1, "reps": 1, "weight": {"value": 150, "unit": "kg"},
         "bodyweight": False, "rir": None, "rpe": None}], "session_rpe": None, "duration_min": None}}  # fmt: skip
    path = tmp_path / "part-01.jsonl"
    lines = [_line("T-1", "11:10pm → 6:55am", sleep), _line("T-2", "1RM test: squat 150", single)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items, _ = read_items(path)
    report = run_corpus(items, Assistant(), label="rules alone")
    assert (report.shares["log_right"].hits, report.shares["log_right"].total) == (2, 2), report.wrong_logs  # fmt: skip
