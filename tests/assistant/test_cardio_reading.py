"""Cardio as people log it (issue 57): the session's RPE stored with it, a machine's level left
aside, one word naming the activity where no verb or machine does, a verb and a sport that
disagree asked about, a trip "each way" counted both ways, and quantities said apart from their
sleep ("8 hours, slept great") read as that night's."""

from __future__ import annotations

from datetime import date

import pytest

from fitcoach.assistant.nlu import read_log

TODAY = date(2026, 11, 28)


def _one(text: str) -> dict[str, object]:
    reading = read_log(text, today=TODAY)
    assert reading.ok, reading.problems
    (entry,) = reading.entries
    return entry.slots


@pytest.mark.parametrize(
    ("text", "slug", "minutes", "rpe"),
    [
        ("spin class 45 min avg hr 142, rpe 7", "spin-class", 45, 7.0),
        ("swim 40 min laps, dunno how far, rpe 6", "easy-freestyle-swimming", 40, 6.0),
        ("stairmaster 20 min level 8 dripping", "stair-climber-machine", 20, None),
        ("zumba 1 hr", "aerobic-dance", 60, None),
        # A machine's name stands beside the word "bike" (no verb to question).
        ("assault bike 15 min", "moderate-stationary-cycling", 15, None),
        ("spin bike 45 min", "moderate-stationary-cycling", 45, None),
    ],
)
def test_a_session_is_stored_with_its_rpe_and_without_the_machines_level(
    text: str, slug: str, minutes: int, rpe: float | None
) -> None:
    slots = _one(text)
    assert (slots["exercise"], slots["duration_s"]) == (slug, minutes * 60)
    assert slots.get("session_rpe") == rpe


@pytest.mark.parametrize(
    "text",
    ["Peloton 30 min HIIT ride, rpe 8", "soccer practice 2 hrs, coach ran us into the ground"],
)
def test_a_verb_and_a_sport_that_disagree_are_asked_about(text: str) -> None:
    reading = read_log(text, today=TODAY)
    assert not reading.ok
    assert any(p.startswith("was it ") for p in reading.problems), reading.problems


def test_a_trip_each_way_is_both_legs() -> None:
    slots = _one("cycled to work 14 miles each way, 55 mins each")
    assert slots["duration_s"] == 110 * 60
    assert slots["distance_m"] == pytest.approx(28 * 1609.344, abs=1)


def test_hours_said_apart_from_the_night_are_its_hours() -> None:
    assert _one("8 hours, slept great")["duration_s"] == 8 * 3600
    # A piece with other words is not the night's: its number is asked about.
    # (stretching has its own entry since library16; the sauna is no activity of the library)
    reading = read_log("slept 7 hours, 30 min in the sauna after", today=TODAY)
    assert not reading.ok
