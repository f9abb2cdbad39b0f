"""Logging classes of people who use every unit and notation (logbu, corpus-57l's BU), in words
written for this file: a load given as a share of a max the message states, a compact tempo
code, a meal's kilojoules, a machine's own energy count and the race called "the half"; with
the look-alikes next to them that must still be asked or read as before."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import only_entry, read_entries

from fitcoach.core.units import kj_to_kcal


def _loads(text: str, units: str = "metric") -> list[tuple[int, int, float]]:
    groups = only_entry(text, "log_sets", units)["groups"]  # type: ignore[arg-type]
    return [(g["sets"], g["reps"], g["weight_kg"]) for g in groups]


@pytest.mark.parametrize(
    ("text", "units", "want"),
    [
        ("overhead press 4x5 at 75% of 60", "metric", [(4, 5, 45.0)]),
        ("pause squat 3 x 4 @ 65% (max is 180)", "metric", [(3, 4, 117.0)]),
        ("hang clean 6 x 2 @ 80% of my 90 max", "metric", [(6, 2, 72.0)]),
        ("rdl 4x8 @ 60% of my 400 deadlift max", "imperial", [(4, 8, 108.86)]),
    ],
)
def test_a_share_of_a_stated_max_is_the_load(
    text: str, units: str, want: list[tuple[int, int, float]]
) -> None:
    assert _loads(text, units) == want


@pytest.mark.parametrize(
    "text", ["pause squat 3x4 @ 65%", "hang clean 6x2 at 80% of my 1rm", "bench 5x5 @ 70% of max"]
)
def test_a_share_of_a_max_nobody_stated_is_asked(text: str) -> None:
    entries, problems = read_entries(text)
    assert problems  # no max: the load is asked, never the share stored as kg
    assert all(g.get("weight_kg") is None for _, s in entries for g in s.get("groups") or [])


@pytest.mark.parametrize(
    "text", ["incline bench 4x8 @ 70, tempo 30x1", "incline bench 4x8 @ 70 tempo 4010, rir 2"]
)
def test_a_compact_tempo_code_is_no_exercise(text: str) -> None:
    groups = only_entry(text, "log_sets")["groups"]
    assert [(g["sets"], g["reps"], g["weight_kg"]) for g in groups] == [(4, 8, 70.0)]


def test_kilojoules_convert_to_kcal_in_one_place() -> None:
    assert round(kj_to_kcal(1300)) == 311
    assert round(kj_to_kcal(2100)) == 502


@pytest.mark.parametrize(
    ("text", "kcal"),
    [("dinner: lamb chops and mash, around 2500 kJ", 598), ("snack was a muesli bar, 840 kj", 201)],
)
def test_a_meals_kilojoules_are_its_kcal(text: str, kcal: int) -> None:
    assert only_entry(text, "log_meal")["calories"] == kcal


@pytest.mark.parametrize(
    "text",
    [
        "elliptical 30 min, machine says 310 cal",
        "rower 25 min, 260 kj on the display",
        "spin bike 45 mins, watch reckons 520 calories",
    ],
)
def test_a_machines_energy_count_is_no_meal(text: str) -> None:
    slots = only_entry(text, "log_cardio")
    assert slots["duration_s"] > 0


def test_a_meal_said_beside_a_session_keeps_its_kcal() -> None:
    entries, _ = read_entries("ran 5 km in 28 min, then lunch: a burrito, 900 kcal")
    assert any(i == "log_meal" and s.get("calories") == 900 for i, s in entries)


@pytest.mark.parametrize(
    "text", ["ran the half on saturday in 2:04:10", "finished my first half in 1:49:30"]
)
def test_the_half_run_as_a_race_is_a_half_marathon(text: str) -> None:
    slots = only_entry(text, "log_cardio")
    assert slots["distance_m"] == pytest.approx(21100)


def test_half_of_something_is_no_race() -> None:
    entries, _ = read_entries("ran the half hour loop, 5 km")
    assert all(s.get("distance_m") != pytest.approx(21100) for _, s in entries)


@pytest.mark.parametrize(
    ("text", "units", "want"),
    [
        ("bench 5x5 with 2 plates a side", "imperial", [(5, 5, 102.06)]),  # 225 lb
        ("front squat 3x3, 1 plate each side", "imperial", [(3, 3, 61.23)]),  # 135 lb
        ("bar plus a 15 each side, ohp 4x6", "metric", [(4, 6, 50.0)]),
        ("deadlift 3x5 with the bar and 2x20kg plates a side", "metric", [(3, 5, 100.0)]),
        # (stop 95: a metric gym's plate said alone is a 20, as the tuned sets' writers count)
        ("squat 5x5 with 2 plates a side", "metric", [(5, 5, 100.0)]),
    ],
)
def test_a_barbells_plates_are_its_whole_load_with_the_bar(
    text: str, units: str, want: list[tuple[int, int, float]]
) -> None:
    assert _loads(text, units) == want


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("bench 3x5, 2 plates and a 5 a side", "metric"),  # a metric count beside a smaller one
        ("leg press 3x12, 4 plates a side", "imperial"),  # a machine: the sled's weight unsaid
    ],
)
def test_plates_whose_load_is_not_known_are_asked(text: str, units: str) -> None:
    _, problems = read_entries(text, units)  # type: ignore[arg-type]
    assert problems


def test_a_session_from_the_weekend_asks_its_day() -> None:
    _, problems = read_entries("log my swim from the weekend: 1500 m, 32 mins")
    assert any(p.startswith("which day was it") for p in problems)
