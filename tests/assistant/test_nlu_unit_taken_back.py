"""A unit taken back at once for another of its kind ("90 lbs... no wait kg", "10 km sorry
miles"): the number is in the second unit (issue 57). The eleventh final blind set, scored
once, stored three such logs in the first unit, wrong data; the three were read after scoring.
Worded for this file: a load and a distance, each way round, and an apology that takes no unit
back."""

from __future__ import annotations

from datetime import date

import pytest

from fitcoach.assistant.nlu import ExerciseMatcher, normalise, understand
from fitcoach.services.exercises import library_records

TODAY = date(2026, 11, 18)


@pytest.fixture(scope="module")
def matcher() -> ExerciseMatcher:
    return ExerciseMatcher(library_records())


@pytest.mark.parametrize(
    ("text", "kg"),
    [
        ("squats 4x6 at 90 lbs... no wait kg", 90.0),
        ("ohp 3x10 at 40 kilos sorry lbs, gym is in pounds", 18.14),
    ],
)
def test_a_load_is_in_the_unit_said_last(text: str, kg: float, matcher: ExerciseMatcher) -> None:
    reading = understand(text, today=TODAY, exercises=matcher)
    assert reading.intent == "log_sets"
    assert reading.slots["groups"][0]["weight_kg"] == pytest.approx(kg, abs=0.01)


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("ran 10 km sorry miles, 10 miles in 1h25", 16093.4),
        ("cycled 20 miles i mean km in 45 min", 20000.0),
    ],
)
def test_a_distance_is_in_the_unit_said_last(
    text: str, metres: float, matcher: ExerciseMatcher
) -> None:
    reading = understand(text, today=TODAY, exercises=matcher)
    assert reading.intent == "log_cardio"
    assert reading.slots["distance_m"] == pytest.approx(metres, abs=1)


def test_an_apology_that_takes_no_unit_back_changes_nothing() -> None:
    assert (
        normalise("bench 80 kg sorry about the late log") == "bench 80 kg sorry about the late log"
    )
    assert normalise("rowed 5 km, sorry for the delay") == "rowed 5 km, sorry for the delay"
