"""Beginners' machines and exercises (stop 95, blind-final-31's writer CS), in words written
for this file: a machine described by what the athlete did on it with no "the machine where
you" ("sat down and pulled the bar down to my chest", "laid face down and curled my legs up"),
the handles pushed out in front, a description made one hyphened word ("the
squeeze-the-pads-together machine"), and a plan for tomorrow said after the log ("legs tmr"),
which dates nothing; "N each" after sets (the reps), the kit said before the exercise ("used
the 20kg kettlebell for swings"), push-ups on the knees, and the day words "kanina", "kahapon",
"earlier"; and the look-alikes that stay as they were."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.nlu import read_log
from fitcoach.assistant.nlu.quantities import bare_units

TODAY = date(2026, 11, 18)


def _read(text: str, units: str = "metric") -> tuple[list[tuple[Any, ...]], list[str]]:
    with bare_units(units):  # type: ignore[arg-type]
        found = read_log(text, today=TODAY)
    groups = [
        (g["exercise"], g["sets"], g.get("reps"), g.get("weight_kg"), e.slots.get("date"))
        for e in found.entries
        if e.intent == "log_sets"
        for g in e.slots["groups"]
    ]
    return groups, found.problems


@pytest.mark.parametrize(
    ("text", "slug", "sets", "reps", "kg"),
    [
        ("i sat down and pulled the bar down to my chin, 4x8 at 30kg", "lat-pulldown", 4, 8, 30.0),
        (
            "first sat and pulled the handles down to my chest 3x12 25kg",
            "lat-pulldown",
            3,
            12,
            25.0,
        ),
        (
            "lay face down and curled my heels up to my butt on the machine, 3 sets of 15 at 20kg",
            "lying-leg-curl",
            3,
            15,
            20.0,
        ),
        (
            "the one where u push the handles forward in front of you, 3x10 45kg",
            "machine-chest-press",
            3,
            10,
            45.0,
        ),
        ("the press-the-arms-together machine 3x15 at 30kg", "pec-deck", 3, 15, 30.0),
        ("the bring-the-handles-together thing, 3 sets of 12, 25 kg", "pec-deck", 3, 12, 25.0),
    ],
)
def test_a_machine_described_by_what_was_done_on_it_is_named(
    text: str, slug: str, sets: int, reps: int, kg: float
) -> None:
    groups, problems = _read(text)
    assert groups == [(slug, sets, reps, kg, TODAY)], problems


@pytest.mark.parametrize(
    "text",
    [
        # a pull-up's bar, no seat: which of several (kept as it was: no machine named)
        "pulled the bar down to my chest 3x10 at 35kg",
        # lying, legs raised, no curl: a leg raise, not the machine
        "laid face down and lifted my legs up 3x12",
    ],
)
def test_a_movement_without_its_posture_names_no_machine(text: str) -> None:
    groups, _ = _read(text)
    assert all(g[0] not in ("lat-pulldown", "lying-leg-curl") for g in groups)


def test_a_pull_up_is_not_a_chain_of_words() -> None:
    groups, _ = _read("the pull-up machine 3x8 at 20kg")
    assert all(g[0] != "pec-deck" for g in groups)


@pytest.mark.parametrize(
    "tail",
    ["legs tmr", "back at it tomorrow", "will do legs tomorrow!", "rest day tmrw"],
)
def test_a_plan_for_tomorrow_said_last_dates_nothing(tail: str) -> None:
    groups, problems = _read(f"done. bench 3x8 60kg then rows 3x10 50kg. {tail}")
    assert [g[4] for g in groups] == [TODAY, TODAY], problems


def test_tomorrow_said_with_the_log_itself_is_still_asked(me: Athlete) -> None:
    # the log's own clause says tomorrow: never moved to today
    reply = me.say("squats 3x5 100kg tomorrow")
    assert me.stored() == {}
    assert "future" in reply.text or "?" in reply.text


def test_machines_described_and_a_plan_ahead_log_through_the_chat(me: Athlete) -> None:
    me.say("sat down and pulled the bar down to my chest, 3x10 at 40kg. chest tmr")
    assert me.sets() == [("lat-pulldown", 10, 40.0, None)] * 3


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # "N each" after a count of sets of an exercise: each set's reps
        ("did 3 sets of situps, 25 each", [("sit-up", 3, 25, None, TODAY)]),
        # push-ups on the knees: the knee push-up
        (
            "3 rounds of 12 lunges, 10 pushups (on knees)",
            [("forward-lunge", 3, 12, None, TODAY), ("knee-push-up", 3, 10, None, TODAY)],
        ),
    ],
)
def test_a_beginners_bodyweight_sets_are_read(text: str, want: list[tuple[Any, ...]]) -> None:
    groups, problems = _read(text)
    assert groups == want, problems


@pytest.mark.parametrize(
    "text",
    [
        # "each" with a hand or a unit: a load, never the reps
        "3 sets of curls 12 each hand",
        # squats with dumbbells: the load is asked
        "3 sets of 10 squats with dumbbells",
    ],
)
def test_each_with_a_hand_and_unweighed_kit_stay_asked(text: str) -> None:
    groups, problems = _read(text)
    assert problems
    assert all(g[0] != "bodyweight-squat" for g in groups)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the kit said first, the exercise after "for"
        (
            "used the 16kg kettlebell for swings, 4 sets of 15",
            [("kettlebell-swing", 4, 15, 16.0, TODAY)],
        ),
        (
            "used the 24kg kettlebell for goblet squats, 3 sets of 10",
            [("goblet-squat", 3, 10, 24.0, TODAY)],
        ),
        # the Filipino words of the day, and "earlier", are no words of the exercise
        (
            "kanina I did 4 sets of 10 curls with 12kg dumbbells",
            [("dumbbell-curl", 4, 10, 12.0, TODAY)],
        ),
        ("kahapon: deadlift 3x5 100kg", [("barbell-deadlift", 3, 5, 100.0, date(2026, 11, 17))]),
        (
            "earlier I did 3 sets of 12 curls with 8kg dumbbells",
            [("dumbbell-curl", 3, 12, 8.0, TODAY)],
        ),
    ],
)
def test_kit_first_and_day_words_leave_the_name_alone(
    text: str, want: list[tuple[Any, ...]]
) -> None:
    groups, problems = _read(text)
    assert groups == want, problems
