"""Logging classes the chat asked about (misc20), in words written for this file: reps at
different loads in one line, an exercise done "the same" as the one before it but at another
load, a kettlebell or dumbbell complex with its load said once, burpees and jumping jacks
counted in reps (a rep scheme, a list, a count), and the machine-assisted chin-up; with the
look-alikes next to them that must read as before."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import only_entry, read_entries


def _sets(
    text: str, units: str = "metric"
) -> list[tuple[str | None, int, int | None, float | None]]:
    groups = only_entry(text, "log_sets", units)["groups"]  # type: ignore[arg-type]
    return [(g.get("exercise"), g["sets"], g.get("reps"), g.get("weight_kg")) for g in groups]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "hack squat 4 sets: 15 at 60, 12 at 80, then 10 and 10 at 100",
            [(15, 60.0), (12, 80.0), (10, 100.0), (10, 100.0)],
        ),
        (
            "hack squat 10 reps at 70kg, 8 at 90kg and 6 at 110kg",
            [(10, 70.0), (8, 90.0), (6, 110.0)],
        ),
        ("hack squat 12 @ 40, 10 @ 42.5, 8 @ 45", [(12, 40.0), (10, 42.5), (8, 45.0)]),
    ],
)
def test_reps_at_different_loads_are_a_set_each(text: str, want: list[tuple[int, float]]) -> None:
    assert _sets(text) == [("hack-squat", 1, reps, load) for reps, load in want]


def test_reps_at_loads_keep_their_unit() -> None:
    ((_, _, reps, load), *_) = _sets("hack squat 12 at 135 lbs, 10 at 155 lbs")
    assert (reps, load) == (12, pytest.approx(135 * 0.45359237, abs=0.01))


def test_one_set_at_a_load_and_clock_times_read_as_before() -> None:
    assert _sets("hack squat 3x10 at 80kg") == [("hack-squat", 3, 10, 80.0)]
    # times of day are no loads: no sets are made of them
    for text in ("walked the dog at 7, 3 at 8 and 4 at 9", "meetings: 2 at 10, 3 at 14"):
        entries, _ = read_entries(text)
        assert all(intent != "log_sets" for intent, _ in entries), text


@pytest.mark.parametrize(
    ("text", "second"),
    [
        (
            "leg extension 3x12 on 40, then leg curl, same 3x12 but on 30",
            ("lying-leg-curl", 3, 12, 30.0),
        ),
        (
            "cable row 4x10 at 50kg, lat pulldown, same sets but at 45kg",
            ("lat-pulldown", 4, 10, 45.0),
        ),
    ],
)
def test_the_same_sets_but_another_load_are_the_named_exercises(
    text: str, second: tuple[str, int, int, float]
) -> None:
    groups = _sets(text)
    assert len(groups) == 2
    assert groups[1] == second


def test_the_same_with_nothing_to_copy_is_no_exercise_named_same() -> None:
    entries, _ = read_entries("felt the same but on 35 mg caffeine")
    assert all(intent != "log_sets" for intent, _ in entries)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "kettlebell complex with the 24: 6 swings, 6 cleans, 6 presses x 5 rounds",
            [
                ("kettlebell-swing", 5, 6, 24.0),
                ("kettlebell-clean", 5, 6, 24.0),
                ("kettlebell-overhead-press", 5, 6, 24.0),
            ],
        ),
        (
            "kb complex, 4 rounds: 5 cleans, 5 presses, 5 front squats with double 12s",
            [
                ("kettlebell-clean", 4, 5, 12.0),
                ("kettlebell-overhead-press", 4, 5, 12.0),
                ("kettlebell-front-squat", 4, 5, 12.0),
            ],
        ),
    ],
)
def test_a_complex_is_each_movements_sets_at_its_one_load(
    text: str, want: list[tuple[str, int, int, float]]
) -> None:
    assert _sets(text) == want


def test_a_complex_without_its_rounds_is_not_guessed() -> None:
    entries, problems = read_entries("kb complex with the 24: 6 swings, 6 cleans, 6 presses")
    assert problems or not any(intent == "log_sets" for intent, _ in entries)


@pytest.mark.parametrize(
    ("text", "slug", "reps"),
    [
        ("15-12-9 burpees", "burpee", [15, 12, 9]),
        ("jumping jacks 50, 40, 30", "jumping-jacks", [50, 40, 30]),
        ("did 40 burpees", "burpee", [40]),
    ],
)
def test_burpees_and_jumping_jacks_are_counted_in_reps(
    text: str, slug: str, reps: list[int]
) -> None:
    assert [(s, n) for s, _, n, _ in _sets(text)] == [(slug, r) for r in reps]


def test_cardio_moving_from_place_to_place_is_no_list_of_reps() -> None:
    entries, _ = read_entries("rowed 5, 5, 5")
    assert all(intent != "log_sets" for intent, _ in entries)
    entries, _ = read_entries("120 burpees in 12 min")
    assert [intent for intent, _ in entries] == ["log_cardio"]


@pytest.mark.parametrize(
    "text",
    ["assisted chin-ups on the machine 3x6", "gravitron chin ups 4 x 5", "assisted chins 3x8"],
)
def test_the_assisted_chin_up_is_its_own_entry(text: str) -> None:
    assert [s for s, *_ in _sets(text)] == ["machine-assisted-chin-up"]


def test_plain_chin_ups_and_the_assisted_pull_up_keep_theirs() -> None:
    assert [s for s, *_ in _sets("chin ups 3x8")] == ["chin-up"]
    assert [s for s, *_ in _sets("assisted pull-ups on the machine 3x8")] == [
        "machine-assisted-pull-up"
    ]
