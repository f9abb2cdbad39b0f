"""Cardio the rules asked about or stored wrong (stop 94), each class read with new wording: a
pool's length said apart from the lengths swum, a metre distance's bare minutes, a bare time
said "for", an energy figure after a session, a bike's output, an effort "like a 6" and a
ruck's load."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fitcoach.assistant.nlu import read_log
from fitcoach.assistant.nlu.quantities import bare_units

TODAY = date(2026, 11, 18)  # a Wednesday


def _read(text: str, units: str = "metric") -> tuple[list[tuple[str, dict[str, Any]]], list[str]]:
    with bare_units("imperial" if units == "imperial" else "metric"):
        found = read_log(text, today=TODAY)
    return [(e.intent, e.slots) for e in found.entries], found.problems


@pytest.mark.parametrize(
    ("text", "metres", "minutes"),
    [
        ("swam 60 lengths before work, 25m pool, roughly 45 min", 1500.0, 45),
        ("swim 32 lengths in 40 min, 50 m pool", 1600.0, 40),
        ("did 24 laps this evening in the 25 metre pool, took 30 mins", 600.0, 30),
    ],
)
def test_a_pools_length_said_apart_times_the_lengths_is_the_way(
    text: str, metres: float, minutes: int
) -> None:
    # the pool's 25 m was stored as the swim's way
    entries, problems = _read(text)
    assert problems == []
    assert [(s["distance_m"], s["duration_s"]) for _, s in entries] == [(metres, minutes * 60.0)]


def test_a_pool_beside_a_way_said_is_only_where() -> None:
    entries, problems = _read("swam 2k at lunch, 50 min, 25m pool")
    assert problems == []
    assert entries[0][1]["distance_m"] == 2000.0


@pytest.mark.parametrize(
    ("text", "metres", "minutes"),
    [("swam 1200m in 30", 1200.0, 30), ("rowed 5000m in 22", 5000.0, 22)],
)
def test_a_bare_number_after_a_way_in_metres_is_its_minutes(
    text: str, metres: float, minutes: int
) -> None:
    entries, problems = _read(text)
    assert problems == []
    assert (entries[0][1]["distance_m"], entries[0][1]["duration_s"]) == (metres, minutes * 60.0)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("cross trainer 20 mins and then incline walk on the treadmill for 15", [20, 15]),
        ("rower 10 min, then walked on the treadmill for thirty", [10, 30]),
        ("incline walk 10% @ 3.5 for 25", [25]),
    ],
)
def test_a_bare_number_said_for_is_minutes(text: str, minutes: list[int]) -> None:
    # "for 15" says how long, never how far: the walk's bare number was asked about
    entries, problems = _read(text, "imperial")
    assert problems == []
    assert [s["duration_s"] for _, s in entries] == [m * 60.0 for m in minutes]


@pytest.mark.parametrize(
    "text",
    [
        "air bike 12 min, 160 cals, legs gone",
        "rowed 25 min, 300 cals",
        "ran 6k 34 min, 410 kcal",
        "spin 40 min, 380 kcal on the garmin",
    ],
)
def test_an_energy_figure_after_a_session_is_its_burn_no_meal(text: str) -> None:
    # "160 cals" was stored as a meal named by the words after it
    entries, problems = _read(text)
    assert problems == []
    assert [intent for intent, _ in entries] == ["log_cardio"]


def test_an_energy_figure_beside_a_food_is_still_a_meal() -> None:
    entries, problems = _read("rowed 20 min, then lunch, 650 cals")
    assert problems == []
    assert [intent for intent, _ in entries] == ["log_cardio", "log_meal"]
    assert entries[1][1]["calories"] == 650


@pytest.mark.parametrize(
    "text", ["spin bike 45 min, 380 output", "peloton ride 20 min, 190 kj output, hr 150"]
)
def test_a_bikes_output_is_no_figure_to_ask_about(text: str) -> None:
    _entries, problems = _read(text)
    assert problems == []


def test_an_effort_like_a_grade_is_the_sessions_rpe() -> None:
    entries, problems = _read("cross trainer 40 min, hard effort like a 8")
    assert problems == []
    assert entries[0][1]["session_rpe"] == 8.0


@pytest.mark.parametrize(
    ("text", "units"),
    [("rucked 4 miles w 35 lb, 1h15", "imperial"), ("ruck 10k in 1h30 with 15kg", "metric")],
)
def test_a_rucks_load_said_with_it_is_carried_no_figure(text: str, units: str) -> None:
    entries, problems = _read(text, units)
    assert problems == []
    assert [s["exercise"] for _, s in entries] == ["rucking"]


def test_a_load_after_another_exercise_is_still_asked() -> None:
    _entries, problems = _read("ruck 5k in 50 min then lunges with 20 kg")
    assert problems


@pytest.mark.parametrize(
    "text", ["10k 47:40 on sunday, sub 50 at last", "parkrun 26:05 today, finally sub-28"]
)
def test_a_mark_beaten_is_no_figure_to_ask_about(text: str) -> None:
    entries, problems = _read(text)
    assert problems == []
    assert [intent for intent, _ in entries] == ["log_cardio"]


def test_an_activitys_clause_before_its_figures_is_one_session() -> None:
    # a feeling after it made the figures a clause of their own: the jog was asked about
    entries, problems = _read("did my jogging after work, 40 minutes, roughly 6km. sore but happy")
    assert problems == []
    cardio = [s for intent, s in entries if intent == "log_cardio"]
    assert [(s["exercise"], s["duration_s"], s["distance_m"]) for s in cardio] == [
        ("easy-jog", 2400.0, 6000.0)
    ]


def test_a_bare_hour_is_one_hour() -> None:
    entries, problems = _read("pilates class this evening, hour")
    assert problems == []
    assert entries[0][1]["duration_s"] == 3600.0


def test_lunch_time_before_a_run_is_when() -> None:
    entries, problems = _read("lunch time jog 25 min, 4.5k")
    assert problems == []
    assert entries[0][1]["exercise"] == "easy-jog"


@pytest.mark.parametrize(
    "text",
    [
        "strolled in, 15 minutes late. squat 3x5 100kg",
        "my swim got cancelled, 40 min. rows 3x10 50kg",
    ],
)
def test_a_time_with_other_words_is_no_sessions_time(text: str) -> None:
    # only a clause of a time alone joins the activity's clause before it, never one of a
    # session not done
    entries, _problems = _read(text)
    assert [intent for intent, _ in entries if intent == "log_cardio"] == []
