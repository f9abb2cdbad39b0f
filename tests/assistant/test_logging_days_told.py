"""Numbers the chat asked about though they were plainly a log's (issue 57, stop 91, helper
asks91), in words written for this file: a reading or a night told for several days with its
name or unit said once ("hrv wed 60, thu 64"), a log's day written as a heading ("legs 16/11"),
and a strength session graded or timed in passing ("whole session felt like a 6", "in and out
in 40 mins"). Beside each class, what must still be asked or left as it was."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Literal

import pytest
from tests.assistant.log_support import TODAY, only_entry, read_entries

from fitcoach.assistant.llm import Assistant
from fitcoach.assistant.nlu.day_series import days_in_series
from fitcoach.assistant.nlu.header_dates import header_day
from research.evaluate.chat_eval import read_items, run_corpus

# TODAY is Wednesday 18 Nov 2026
_MON, _TUE, _THU, _FRI, _SAT, _SUN = (date(2026, 11, d) for d in (16, 17, 12, 13, 14, 15))


def _by_day(
    text: str, intent: str, units: Literal["metric", "imperial"] = "metric"
) -> dict[date, dict[str, object]]:
    entries, problems = read_entries(text, units)
    assert not problems, problems
    assert {i for i, _ in entries} == {intent}, entries
    return {s["date"]: s for _, s in entries}


def test_a_heart_rate_told_for_several_days_is_one_entry_a_day() -> None:
    days = _by_day("resting hr thu 49, fri 51, sat 55 - the wedding caught up with me", "log_daily")
    assert {d: s["values"] for d, s in days.items()} == {
        _THU: {"resting_hr": 49.0},
        _FRI: {"resting_hr": 51.0},
        _SAT: {"resting_hr": 55.0},
    }


def test_an_hrv_named_after_its_first_day_carries_to_the_next_days() -> None:
    days = _by_day("monday my hrv was 80, yesterday 74, today 77", "log_daily")
    assert {d: s["values"] for d, s in days.items()} == {
        _MON: {"hrv": 80.0},
        _TUE: {"hrv": 74.0},
        TODAY: {"hrv": 77.0},
    }


def test_weigh_ins_under_a_label_are_one_entry_a_day() -> None:
    days = _by_day("scale readings this week: sat 92.4, sun 92.0, today 91.7", "log_weight")
    assert {d: s["weight_kg"] for d, s in days.items()} == {_SAT: 92.4, _SUN: 92.0, TODAY: 91.7}


def test_nights_after_the_first_keep_its_hours() -> None:
    days = _by_day("thursday night 8 hrs, friday night only 5, saturday night 7", "log_sleep")
    assert {d: s["duration_s"] for d, s in days.items()} == {
        _FRI: 8 * 3600.0,
        _SAT: 5 * 3600.0,
        _SUN: 7 * 3600.0,
    }


def test_nights_told_under_their_own_labels_with_a_remark_between() -> None:
    text = "Thursday night: 6 hours. the neighbours had a party. Friday night: back to 8"
    days = _by_day(text, "log_sleep")
    assert {d: s["duration_s"] for d, s in days.items()} == {_FRI: 6 * 3600.0, _SAT: 8 * 3600.0}


@pytest.mark.parametrize(
    "text",
    [
        "rhr thu 49, fri 95",  # a heart rate that doubled overnight: asked, never stored
        "weight sat 92.4, sun 61.0",  # two bodies' weights, not one
        "hrv 60, rhr sat 52, sun 50",  # two readings named: whose is each figure?
        "thursday night 8, friday night 6",  # no night in hours said: what are the figures?
        "monday night 2 hours of tennis, tuesday night 3",  # no night at all
        "squat mon 100, tue 105",  # loads, no reading
    ],
)
def test_what_is_no_series_of_one_reading_is_left_as_written(text: str) -> None:
    from fitcoach.assistant.nlu import normalise

    line = normalise(text)
    assert days_in_series(line) == line


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("legs 16/11\nsquat 4x6 90kg\nleg press 3x12 140kg", _MON),
        ("Fri 11/13 - deadlift 3x5 150kg", _FRI),  # as written in the US
        ("14.11.26\nbench 5x5 70kg", _SAT),
        ("15-Nov\nbarbell rows 4x10 60kg", _SUN),
    ],
)
def test_a_heading_day_dates_the_sets(text: str, day: date) -> None:
    slots = only_entry(text, "log_sets")
    assert slots["date"] == day


@pytest.mark.parametrize(
    "text",
    [
        "bench 4/5",  # the 4th of May or April the 5th: never guessed
        "energy 4/5",
        "gym 25/11",  # ahead of today
        "gym 18/08",  # three months back
        "squat 16/11 reps",  # a figure, not a heading
        "meals 16/11",  # a meal's heading: its reader would keep it in the description
        "4 decline push ups",  # no month
    ],
)
def test_what_is_no_heading_day_is_left_as_written(text: str) -> None:
    assert header_day(text, TODAY) == text


def test_a_session_graded_as_a_whole_in_words_is_its_rpe() -> None:
    slots = only_entry("rdl 4x8 at 90kg then hip thrusts 3x10 at 120kg. whole workout felt like a 6", "log_sets")  # fmt: skip
    assert slots["session_rpe"] == 6.0


def test_a_sessions_time_in_and_out_is_its_duration() -> None:
    slots = only_entry("leg press 4x10 at 160kg, calf raises 3x15 at 80kg, in and out in 40 mins", "log_sets")  # fmt: skip
    assert slots["duration_s"] == 40 * 60.0


def test_a_session_felt_like_more_sets_is_no_grade() -> None:
    entries, _ = read_entries("bench 3x8 70kg. the session felt like 8 sets too many")
    assert not any(s.get("session_rpe") for _, s in entries)


def test_days_told_through_the_chat_are_stored(tmp_path: Path) -> None:
    """The way a person meets it: resting heart rates of three days, told with the name once,
    are logged one a day."""
    call = [
        {"tool": "log_daily_metrics", "args": {"date": f"2026-11-{d}", "resting_hr_bpm": v}}
        for d, v in ((12, 49), (13, 51), (14, 55))
    ]
    record: dict[str, object] = {
        "id": "T-0001", "writer": "T", "units": "metric", "history": [],
        "text": "resting hr thu 49, fri 51, sat 55 - the wedding caught up with me",
        "category": "log", "red_flags": [], "crisis_style": None,
        "expect": {"action": "call", "calls": call},
    }  # fmt: skip
    path = tmp_path / "part-01.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    items, _ = read_items(path)
    report = run_corpus(items, Assistant(), label="rules alone")
    right = report.shares["log_right"]
    assert (right.hits, right.total) == (1, 1), report.wrong_logs


def test_a_decade_of_the_story_is_no_question() -> None:
    slots = only_entry(
        "45 min spin class, the instructor only played 1990s rock ballads", "log_cardio"
    )
    assert slots["duration_s"] == 45 * 60.0


def test_seconds_written_after_a_figure_are_still_a_time() -> None:
    _, problems = read_entries("plank 3 sets, held 2001s")  # no decade: a figure, asked about
    assert problems
