"""Logging classes asked about across many writer groups (logall22), in words written for this
file: a second activity's time without its unit after a first one's in minutes, the count of
sets before the name and the reps after it, the reps before the name and "x" sets after it,
and one set of a body-weight movement with its reps after the name; with the look-alikes next
to them that are still asked."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import only_entry, read_entries


def _sets(text: str, units: str = "metric") -> list[tuple[str | None, int, int | None]]:
    groups = only_entry(text, "log_sets", units)["groups"]  # type: ignore[arg-type]
    return [(g.get("exercise"), g["sets"], g.get("reps")) for g in groups]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("rowed 25 minutes, then pilates 40", [1500.0, 2400.0]),
        ("spin class 45 min and stretching 10", [2700.0, 600.0]),
        ("elliptical 20 mins + stair climber 12", [1200.0, 720.0]),
    ],
)
def test_a_second_activity_takes_the_first_ones_minutes(text: str, want: list[float]) -> None:
    entries, problems = read_entries(text)
    assert not problems, problems
    assert [s["duration_s"] for _, s in entries] == want


@pytest.mark.parametrize(
    "text",
    [
        "ran 30 min, then bike 12",  # a ride's bare number may be its distance
        "1 hr spin, stretching 15",  # the time before was in hours
        "pilates 40 min, then yoga 2",  # too short to be minutes
    ],
)
def test_a_bare_number_that_may_be_no_minutes_is_still_asked(text: str) -> None:
    _, problems = read_entries(text)
    assert problems


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("4 sets of side lying leg raises 12 each side", [("side-lying-leg-raise", 4, 12)]),
        ("2 sets of dead bugs 8", [("dead-bug", 2, 8)]),
        ("12 push ups x 4", [("push-up", 4, 12)]),
        ("8 chin ups x 3 afterwards", [("chin-up", 3, 8)]),
        ("crunches 30", [("crunch", 1, 30)]),
        ("glute bridges 20, bird dogs 8 each side", [("glute-bridge", 1, 20), ("bird-dog", 1, 8)]),
    ],
)
def test_set_and_rep_schemes_in_other_orders(text: str, want: list[tuple[str, int, int]]) -> None:
    assert _sets(text) == want


def test_burpees_after_a_timed_activity_are_reps() -> None:
    entries, problems = read_entries("yoga 30 min then burpees 20")
    assert not problems, problems
    assert [i for i, _ in entries] == ["log_cardio", "log_sets"]
    assert [(g["sets"], g["reps"]) for g in entries[1][1]["groups"]] == [(1, 20)]


def test_the_sets_before_a_loaded_lift_keep_its_load_asked() -> None:
    entries, problems = read_entries("did 3 sets of hammer curls 10 reps")
    assert [(g["sets"], g["reps"]) for g in entries[0][1]["groups"]] == [(3, 10)]
    assert problems == ["what load (kg or lb)?"]


@pytest.mark.parametrize(
    "text",
    [
        "squats 40",  # a loaded lift: the number may be its load
        "lunges 16",  # often done holding weights: 16 kg or 16 reps?
        "side plank 45",  # held: a time
        "3 sets of deadlift 140",  # the number after a loaded lift is its load
        "wall sit 90",
    ],
)
def test_a_bare_number_that_may_be_a_load_or_a_time_is_still_asked(text: str) -> None:
    _, problems = read_entries(text)
    assert problems
