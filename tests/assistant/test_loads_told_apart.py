"""Loads the chat asked about though they were said (issue 57, stop 93, helper loads93), in
words written for this file: a load the sets were done "on" ("rope pushdowns 3x12 on 17.5"), a
load alone after the sets ("seated rows 4x10, 52.5"), a fraction on a weight stack (no pin is
numbered in halves), a lifter's bare "k" beside the sets ("rdl 90k 4x6"), a list of reps with
slashes then a load ("deads 3/3/3 140"), and a load "at N this morning" (a load, not a clock).
Beside each class, what must still be asked: a pin's small whole number, a number a bodyweight
exercise cannot carry, a load too heavy to be kg."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import only_entry, read_entries


def _groups(text: str, units: str = "metric") -> list[dict[str, object]]:
    return list(only_entry(text, "log_sets", units)["groups"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "slug", "sets", "reps", "kg"),
    [
        ("rope pushdowns 3x12 on 17.5", "triceps-pushdown", 3, 12, 17.5),
        ("lateral raises 4 sets of 12 on 7.5 each arm", "dumbbell-lateral-raise", 4, 12, 7.5),
        ("romanian deadlift 4x6 on 90", "romanian-deadlift", 4, 6, 90.0),
    ],
)
def test_a_load_the_sets_were_done_on(text: str, slug: str, sets: int, reps: int, kg: float) -> None:  # fmt: skip
    [group] = _groups(text)
    assert (group["exercise"], group["sets"], group["reps"], group["weight_kg"]) == (slug, sets, reps, kg)  # fmt: skip


def test_a_load_alone_after_the_sets() -> None:
    [group] = _groups("seated cable rows 4x10, 52.5")
    assert (group["sets"], group["reps"], group["weight_kg"]) == (4, 10, 52.5)
    [group] = _groups("incline bench 3x8, 60")
    assert (group["sets"], group["reps"], group["weight_kg"]) == (3, 8, 60.0)


def test_a_number_after_bodyweight_sets_or_too_small_stays_asked() -> None:
    _, problems = read_entries("push ups 3x20, 25")
    assert problems
    _, problems = read_entries("incline bench 3x8, 15")
    assert problems


def test_a_pins_whole_number_on_a_stack_is_still_asked() -> None:
    _, problems = read_entries("leg extensions 3x12 on 8")
    assert any("on the stack" in p for p in problems), problems


def test_a_lifters_bare_k_beside_the_sets() -> None:
    [group] = _groups("rdl 90k 4x6")
    assert (group["sets"], group["reps"], group["weight_kg"]) == (4, 6, 90.0)
    [group] = _groups("overhead press 5x5 45k")
    assert (group["sets"], group["reps"], group["weight_kg"]) == (5, 5, 45.0)


def test_a_run_in_k_beside_sets_stays_a_distance() -> None:
    entries, _ = read_entries("push ups 3x20 then ran 10k")
    assert not any(g.get("weight_kg") for _, s in entries for g in s.get("groups") or [])


def test_a_list_of_reps_then_a_bare_load() -> None:
    groups = _groups("deads 3/3/3 140")
    assert [(g["reps"], g["weight_kg"]) for g in groups] == [(3, 140.0)] * 3
    groups = _groups("bench 8/8/6 185", "imperial")
    assert [g["reps"] for g in groups] == [8, 8, 6]
    assert all(abs(float(g["weight_kg"]) - 83.91) < 0.01 for g in groups)  # type: ignore[arg-type]


def test_a_list_of_reps_then_a_number_a_bodyweight_lift_cannot_carry_stays_asked() -> None:
    _, problems = read_entries("dips 15/15/15 30")
    assert problems


def test_a_load_at_a_figure_no_clock_shows_this_morning() -> None:
    [group] = _groups("deadlifts 3x5 at 95 this morning")
    assert (group["sets"], group["reps"], group["weight_kg"]) == (3, 5, 95.0)


def test_the_pins_load_in_its_own_clause() -> None:
    [group] = _groups("seated row machine, 3 rounds of 12, pin on 55", "imperial")
    assert (group["sets"], group["reps"], round(float(group["weight_kg"]), 2)) == (3, 12, 24.95)  # type: ignore[arg-type]
    _, problems = read_entries("seated row machine, 3 rounds of 12, pin on 6", "imperial")
    assert any("on the stack" in p for p in problems), problems


def test_a_ball_or_one_plate_said_with_its_size() -> None:
    [group] = _groups("slam balls 4 sets of 10, 30 lb ball", "imperial")
    assert (group["sets"], group["reps"], round(float(group["weight_kg"]), 2)) == (4, 10, 13.61)  # type: ignore[arg-type]
    [group] = _groups("weighted dips 3 x 6 with a 25 plate", "imperial")
    assert (group["sets"], group["reps"], round(float(group["weight_kg"]), 2)) == (3, 6, 11.34)  # type: ignore[arg-type]
