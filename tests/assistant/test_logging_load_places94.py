"""Loads said where gym shorthand puts them (loads94, issue 57): a load named by "the" or "a"
("w the 70 each arm", "with a 20 on the belt"), a load with its kit after it ("30 on the ez
bar"), a load of each arm after the sets, a load added to the body's after the sets ("+10"),
and one unit after loads said set by set. Read as the load in the athlete's unit, as "@ 70"
is; the look-alikes keep their reading (plates a side, a cable stack's pin, reps each side)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fitcoach.assistant.nlu import read_log
from fitcoach.assistant.nlu.load_places import placed_loads
from fitcoach.assistant.nlu.quantities import bare_units

TODAY = date(2026, 11, 18)
LB = 0.45359237


def _read(text: str, units: str) -> tuple[list[tuple[Any, ...]], list[str]]:
    with bare_units(units):
        found = read_log(text, today=TODAY)
    groups = [
        (g["exercise"], g["sets"], g["reps"], g.get("weight_kg"))
        for e in found.entries
        if e.intent == "log_sets"
        for g in e.slots["groups"]
    ]
    return groups, found.problems


@pytest.mark.parametrize(
    ("text", "units", "slug", "sets", "reps", "load"),
    [
        (
            "one arm db row 3x12 w the 70 each arm",
            "imperial",
            "one-arm-dumbbell-row",
            3,
            12,
            70 * LB,
        ),
        ("weighted pull ups 5x5 with a 20 on the belt", "metric", "pull-up", 5, 5, 20.0),
        ("landmine press 4x8 w a 10 on the end", "metric", "landmine-press", 4, 8, 10.0),
        ("skull crushers 4x10, 30 on the ez bar", "metric", "ez-bar-skull-crusher", 4, 10, 30.0),
        ("skull crushers 3x8 using the 25 ez bar", "metric", "ez-bar-skull-crusher", 3, 8, 25.0),
        ("cable crossover 4x12, 35 each side", "imperial", "cable-crossover", 4, 12, 35 * LB),
        ("kb press 4x6 12 each arm", "metric", "kettlebell-overhead-press", 4, 6, 12.0),
        ("chin ups 4x5 +20", "imperial", "chin-up", 4, 5, 20 * LB),
    ],
)
def test_a_load_said_in_shorthand_is_the_load(
    text: str, units: str, slug: str, sets: int, reps: int, load: float
) -> None:
    groups, problems = _read(text, units)
    assert problems == [], (text, problems)
    assert groups == [(slug, sets, reps, pytest.approx(load, abs=0.01))]


def test_one_unit_after_loads_set_by_set_is_each_loads() -> None:
    groups, problems = _read("deadlift 140x5, 150x3, 160x2 kilos", "imperial")
    assert problems == []
    assert [(g[2], g[3]) for g in groups] == [(5, 140.0), (3, 150.0), (2, 160.0)]


def test_an_added_load_after_bodyweight_sets_is_that_groups() -> None:
    groups, problems = _read("dips 3x10 bw then 2x6 +20", "metric")
    assert problems == []
    assert groups == [("parallel-bar-dip", 3, 10, None), ("parallel-bar-dip", 2, 6, 20.0)]


@pytest.mark.parametrize(
    "text",
    [
        # plates on each side of a barbell, no bar said: the reading asks the whole load
        "bench 3x5, 40 each side",
        # the reps again of each side, no load
        "split squats 3x10, 10 each side",
        "lunges 3x12 each leg",
        # a kettlebell's "the 20" is quantities.bell_sizes' (a size bells come in, kg and lb)
        "kb swings 3x15 with the 20",
        # no sets said: nothing to read
        "went for a walk with the 2 dogs",
        # "+10 x 8" before its reps may be sets: the accounting asks
        "weighted dips +10 x 8",
    ],
)
def test_look_alikes_keep_their_reading(text: str) -> None:
    assert placed_loads(text) == text
