"""Which sets need their weight, and the plates per side of a barbell load."""

from __future__ import annotations

import math

import pytest

from fitcoach.coach.library import library_by_slug
from fitcoach.coach.loading import (
    BAR_KG,
    STANDARD_PLATES_KG,
    needs_load,
    plates_per_side,
    uses_plates,
)


@pytest.mark.parametrize(
    ("slug", "loaded", "plates"),
    [
        ("barbell-back-squat", True, True),
        ("barbell-bench-press", True, True),
        ("dumbbell-curl", True, False),
        ("leg-press", True, False),
        ("lat-pulldown", True, False),
        ("kettlebell-swing", True, False),
        ("landmine-press", True, False),  # one end of the bar: no per-side maths
        ("trap-bar-deadlift", True, False),
        ("push-up", False, False),
        ("pull-up", False, False),
        ("inverted-row", False, False),  # the racked bar holds the body
        ("back-extension", False, False),
    ],
)
def test_which_exercises_need_a_weight_and_plates(slug: str, loaded: bool, plates: bool) -> None:
    record = library_by_slug()[slug]
    assert needs_load(record) is loaded
    assert uses_plates(record) is plates


@pytest.mark.parametrize(
    ("target", "per_side"),
    [
        (20, ()),
        (22.5, (1.25,)),
        (60, (20.0,)),
        (62.5, (20.0, 1.25)),
        (100, (25.0, 15.0)),
        (102.5, (25.0, 15.0, 1.25)),
        (140, (25.0, 25.0, 10.0)),
        (142.5, (25.0, 25.0, 10.0, 1.25)),
        (227.5, (25.0, 25.0, 25.0, 25.0, 2.5, 1.25)),
    ],
)
def test_exact_loads(target: float, per_side: tuple[float, ...]) -> None:
    load = plates_per_side(target)
    assert load.per_side == per_side
    assert load.exact
    assert load.total_kg == target
    assert load.note == ""
    assert load.above_kg is None
    assert BAR_KG + 2 * sum(load.per_side) == pytest.approx(target)


def test_the_text_says_what_to_put_on() -> None:
    assert plates_per_side(102.5).text == "25 + 15 + 1.25 kg per side"
    assert plates_per_side(20).text == "empty bar (20 kg)"


@pytest.mark.parametrize(
    ("target", "below", "above"),
    [
        (61, 60.0, 62.5),
        (62.4, 60.0, 62.5),
        (21, 20.0, 22.5),
        (101.25, 100.0, 102.5),  # 40.625 kg a side: no plate that small
        (63.7, 62.5, 65.0),
    ],
)
def test_a_load_the_plates_cannot_make_gets_the_nearest_lower_with_a_note(
    target: float, below: float, above: float
) -> None:
    load = plates_per_side(target)
    assert not load.exact
    assert load.total_kg == below
    assert load.above_kg == above
    assert BAR_KG + 2 * sum(load.per_side) == pytest.approx(below)
    assert load.note == (
        f"{target:g} kg cannot be loaded exactly with these plates: {below:g} kg is the "
        f"nearest below, {above:g} kg the nearest above"
    )


def test_under_the_empty_bar() -> None:
    load = plates_per_side(15)
    assert (load.per_side, load.total_kg, load.exact, load.above_kg) == ((), 20.0, False, 20.0)
    assert load.note == "15 kg is less than the empty bar (20 kg)"


def test_fewest_plates_where_heaviest_first_would_not_reach() -> None:
    # 20 kg a side from 15s and 10s: two 10s, although a 15 goes on first by weight alone.
    load = plates_per_side(60, plates_kg=(15, 10))
    assert load.per_side == (10.0, 10.0)
    assert load.exact
    # 5 kg a side cannot be made from them: the empty bar is the nearest below.
    short = plates_per_side(30, plates_kg=(15, 10))
    assert (short.per_side, short.total_kg, short.above_kg) == ((), 20.0, 40.0)


def test_bar_and_plates_are_parameters() -> None:
    women = plates_per_side(45, bar_kg=15)
    assert women.per_side == (15.0,)
    assert women.text == "15 kg per side"
    home = plates_per_side(32, bar_kg=10, plates_kg=(5, 2.5, 1))
    assert home.per_side == (5.0, 5.0, 1.0)
    assert home.exact


def test_every_multiple_of_2_5_kg_to_300_kg_is_exact_and_minimal() -> None:
    for step in range(8, 121):
        target = step * 2.5
        load = plates_per_side(target)
        assert load.exact, target
        assert list(load.per_side) == sorted(load.per_side, reverse=True)
        assert set(load.per_side) <= set(STANDARD_PLATES_KG)
        # Never more plates than heaviest-first takes (which is minimal for these sizes).
        left, greedy = (target - BAR_KG) / 2, 0
        for plate in STANDARD_PLATES_KG:
            n = math.floor(left / plate + 1e-9)
            greedy, left = greedy + n, left - n * plate
        assert len(load.per_side) <= greedy, target


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf])
def test_a_target_that_is_no_load_is_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="target load"):
        plates_per_side(bad)
    with pytest.raises(ValueError, match="plate"):
        plates_per_side(60, plates_kg=())
