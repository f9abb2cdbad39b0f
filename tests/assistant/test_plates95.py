"""Loads said the lifter's way (stop 95, blind-final-30's CQ and CR writers), in words written
for this file: plates counted with no side said ("4 plates for a double", "plate and a
quarter"), a metric gym's plates (20 kg) or the size said ("25kg plates"), a machine's pin
with the load its stack says ("pin 6, the stack says 45kg"), a Smith machine's "plates only"
and a time of day before a dash ("at lunch - incline db press"); and the look-alikes that stay
asked (a machine's plates, a pin alone, a count of plates of unsaid size beside a smaller one)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.assistant.test_issue34_examples import GYM, Athlete
from tests.coach.test_planner import make_inputs, plan_for

from fitcoach.assistant.nlu import read_log
from fitcoach.assistant.nlu.plan_kit import equipment_list
from fitcoach.assistant.nlu.quantities import bare_units
from fitcoach.coach import vocabulary as vocab
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import library_records

TODAY = date(2026, 11, 18)
LB = 0.45359237


def _read(text: str, units: str) -> tuple[list[tuple[Any, ...]], list[str]]:
    with bare_units(units):  # type: ignore[arg-type]
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
        # a count with no side: on a barbell, that many on each side (45s in lb, 20s in kg)
        ("deadlifted 3 plates for a single!!", "imperial", "barbell-deadlift", 1, 1, 315 * LB),
        ("front squat two plates for 3", "imperial", "barbell-front-squat", 1, 3, 225 * LB),
        ("barbell row 4x6 with 1 plate", "metric", "barbell-row", 4, 6, 60.0),
        ("close grip bench 3 plates, 4 sets of 3", "metric", "close-grip-bench-press", 4, 3, 140.0),
        # a quarter: a 25 lb plate beside the 45s
        ("ohp 5x3 at a plate and a quarter", "imperial", "barbell-overhead-press", 5, 3, 185 * LB),
        ("deadlift 3x5, 3 plates and a quarter", "imperial", "barbell-deadlift", 3, 5, 365 * LB),
        # the plates' size said: theirs, whatever the athlete's unit
        (
            "squat 3x3 with 3 plates a side, 25kg plates",
            "metric",
            "barbell-back-squat",
            3,
            3,
            170.0,
        ),
        ("bench 5x5, 1 plate a side", "metric", "barbell-bench-press", 5, 5, 60.0),
        # a pin and the load its stack says: the load
        ("lat pulldown, pin 6 - the stack says 45kg - 4x10", "metric", "lat-pulldown", 4, 10, 45.0),
        ("leg curl 3x12, pin on 8 which says 70 lbs", "imperial", "lying-leg-curl", 3, 12, 70 * LB),
        # a Smith machine's load said as "plates only": as said
        (
            "smith machine incline 3x8 at 60 (plates only, bar not counted)",
            "metric",
            "incline-smith-machine-press",
            3,
            8,
            60.0,
        ),
        # a time of day before a dash is no part of the name
        (
            "yesterday lunchtime - hammer curls 3x12 with the 25s",
            "imperial",
            "hammer-curl",
            3,
            12,
            25 * LB,
        ),
    ],
)
def test_a_load_said_the_lifters_way_is_the_load(
    text: str, units: str, slug: str, sets: int, reps: int, load: float
) -> None:
    groups, problems = _read(text, units)
    assert problems == [], (text, problems)
    assert groups == [(slug, sets, reps, pytest.approx(load, abs=0.01))]


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("leg press 4x10, 3 plates", "imperial"),  # a machine: the sled's weight unsaid
        ("hack squat 3x10 with 6 plates (45s), sled not counted", "imperial"),  # per side?
        ("lat pulldown 3x12, pin on 9", "metric"),  # a pin alone: which load is not said
        ("bench 3x5, a plate and a 5 a side", "metric"),  # a metric plate beside a smaller one
        ("squat 2 plates 3x5, then 3 plates 1x3", "imperial"),  # several counts: whose is which
        ("squat 3x5 at a plate and a quarter", "metric"),  # a quarter is a pound gym's
    ],
)
def test_plates_and_pins_whose_load_is_not_known_stay_asked(text: str, units: str) -> None:
    groups, problems = _read(text, units)
    assert problems, (text, groups)  # asked: nothing is stored


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("chest press 3x10 pin on 7", "machine-chest-press"),  # had been the Pin Press at 7 kg
        ("pec deck 3x12 on pin 6", "pec-deck"),
        ("lat pd 3x10 pin on 9", "lat-pulldown"),
    ],
)
def test_a_pin_alone_is_no_load_and_no_part_of_the_name(text: str, slug: str) -> None:
    """(the lead, stop 95) the machine is named and the stack's question asked (nothing is
    stored while a question stands); a pin is no Pin Press."""
    groups, problems = _read(text, "metric")
    assert [g[0] for g in groups] == [slug]
    assert any("on the stack in kg, lb or the plate number?" in p for p in problems), problems


def test_the_pin_press_stays_its_own() -> None:
    groups, problems = _read("pin press 3x5 at 100", "metric")
    assert (groups, problems) == ([("pin-press", 3, 5, 100.0)], [])


def test_a_meals_plates_are_no_load() -> None:
    groups, _ = _read("lunch: 2 plates of rice and chicken", "metric")
    assert groups == []


def test_plates_through_the_chat_store_the_whole_load(ctx: ServiceContext) -> None:
    lifter = Athlete(ctx, units="imperial", equipment=GYM)
    lifter.say("DEADLIFTED 3 PLATES FOR A TRIPLE today")
    [(slug, reps, kg, rir)] = lifter.sets()
    assert (slug, reps, rir) == ("barbell-deadlift", 3, None)
    assert kg == pytest.approx(315 * LB, abs=0.01)


def test_a_stacks_load_through_the_chat_is_stored(ctx: ServiceContext) -> None:
    lifter = Athlete(ctx, units="metric", equipment=GYM)
    lifter.say("seated cable row, pin 10 - the stack says 70kg - 3x10")
    stored = lifter.sets()
    assert [s[:3] for s in stored] == [("seated-cable-row", 10, 70.0)] * 3


# The kit a rope climb and a hangboard need (stop 95): named in the vocabulary, needed by the
# library's entries (they were kit-free, kept out of plans by their level alone), read from
# the chat's words, and kept out of the gym presets (a plan programs them only where had).


def test_a_rope_climb_and_a_hangboard_need_their_kit() -> None:
    by_slug = {r.slug: r for r in library_records()}
    assert by_slug["rope-climb"].equipment == ["climbing_rope"]
    assert by_slug["hangboard-hang"].equipment == ["hangboard"]
    assert by_slug["hangboard-repeaters"].equipment == ["hangboard"]
    assert {"climbing_rope", "hangboard"} <= set(vocab.SPECIALIST_EQUIPMENT) & set(vocab.EQUIPMENT)
    assert not {"climbing_rope", "hangboard"} & set(vocab.EQUIPMENT_PRESETS["full_gym"])


@pytest.mark.parametrize(
    ("text", "have"),
    [
        (
            "i've got a climbing rope and a hangboard in the garage now",
            ["climbing_rope", "hangboard"],
        ),
        ("the box has a fingerboard", ["hangboard"]),
        (
            "at home: a pull up bar and skipping ropes",
            ["jump_rope", "pull_up_bar"],
        ),  # a skipping rope
    ],
)
def test_the_chats_kit_words_name_the_rope_and_the_hangboard(text: str, have: list[str]) -> None:
    assert equipment_list(text)[0] == have


def test_an_athlete_with_a_rope_and_a_hangboard_gets_a_plan() -> None:
    kit = frozenset({"climbing_rope", "hangboard", "pull_up_bar"})
    plan = plan_for(make_inputs(level="advanced", equipment=kit))
    assert plan.weeks
