"""CrossFit, HYROX, climbing, martial arts and erg sessions as their people say them (stop 95,
wods31), through the chat (rules alone): a session of a sport logged by its time told without
its time, or a lift's top set told without its load, gets the one question for the missing
figure (never "didn't get that", never a guess stored); a HYROX sim and lead climbing are
sessions the library knows; "climbed 2h" is a climbing session."""

from __future__ import annotations

from typing import Any

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.llm import Assistant
from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext


@pytest.fixture
def me(ctx: ServiceContext) -> Athlete:
    return Athlete(ctx, Assistant())


def _cardio(me: Athlete) -> list[tuple[str, float]]:
    rows: list[dict[str, Any]] = list(training_log.history(me.ctx, me.id, "cardio"))
    return [(c["activity_type"], c["duration_s"] / 60) for c in rows]


@pytest.mark.parametrize(
    "text",
    [
        "rolled tonight 🥋",
        "erg session this am, felt strong",
        "went climbing!",
        "went bouldering yesterday",
        "hit a hyrox sim on the weekend",
        "muay thai class tonight",
    ],
)
def test_a_session_told_without_its_time_is_asked_how_long(me: Athlete, text: str) -> None:
    reply = me.say(text)
    assert "how long was the session" in reply.text.lower(), reply.text
    assert me.stored() == {}


@pytest.mark.parametrize(
    "text",
    [
        "deadlifts today, worked up to a heavy triple",
        "squats this morning, built up to a heavy single",
    ],
)
def test_a_top_set_told_without_its_load_is_asked_the_load(me: Athlete, text: str) -> None:
    reply = me.say(text)
    assert "what load did you work up to" in reply.text.lower(), reply.text
    assert me.stored() == {}


@pytest.mark.parametrize(
    "text", ["rolled my ankle tonight", "foam rolled tonight", "climbing tomorrow?"]
)
def test_no_session_question_for_an_injury_or_a_plan(me: Athlete, text: str) -> None:
    reply = me.say(text)
    assert "how long was the session" not in reply.text.lower(), reply.text


@pytest.mark.parametrize(
    ("text", "activity", "minutes"),
    [
        ("hyrox sim today, 1h32 all in", "hyrox-simulation", 92.0),
        ("hyrox race 1h18", "hyrox-simulation", 78.0),
        ("lead climbing sesh sunday, 1h45", "rock-climbing", 105.0),
        ("climbed 2h tonight", "rock-climbing", 120.0),
        ("climbed for 90 min at the gym", "rock-climbing", 90.0),
    ],
)
def test_hyrox_and_climbing_sessions_are_logged(
    me: Athlete, text: str, activity: str, minutes: float
) -> None:
    reply = me.say(text)
    assert _cardio(me) == [(activity, minutes)], reply.text


def test_climbing_then_pull_ups_are_two_entries(me: Athlete) -> None:
    reply = me.say("climbed 2h tonight then 3x8 pull ups to finish")
    assert _cardio(me) == [("rock-climbing", 120.0)], reply.text
    assert [s[:2] for s in me.sets()] == [("pull-up", 8)] * 3


def test_stairs_climbed_are_no_climbing_session(me: Athlete) -> None:
    me.say("climbed 20 min of stairs")
    assert [a for a, _ in _cardio(me)] != ["rock-climbing"]


@pytest.mark.parametrize(
    ("text", "sets", "minutes"),
    [
        (
            "fran 4:30 rx (95# thrusters), kipping pullups. lungs on fire but PR by 20 sec",
            [("barbell-thruster", r, 43.09) for r in (21, 15, 9)]
            + [("pull-up", r, None) for r in (21, 15, 9)],
            4.5,
        ),
        (
            "Fran (21-15-9) in 7:48. 95# thrusters, kipping pull ups",
            [("barbell-thruster", r, 43.09) for r in (21, 15, 9)]
            + [("pull-up", r, None) for r in (21, 15, 9)],
            7.8,
        ),
        (
            "Cindy 20 min AMRAP - 14 rounds even. scaled nothing",
            [("pull-up", 5, None)] * 14
            + [("push-up", 10, None)] * 14
            + [("bodyweight-squat", 15, None)] * 14,
            20.0,
        ),
    ],
)
def test_a_benchmark_done_as_prescribed_is_its_sets(
    me: Athlete, text: str, sets: list[tuple[str, int, float | None]], minutes: float
) -> None:
    reply = me.say(text)
    stored = [(name, reps, None if kg is None else round(kg, 2)) for name, reps, kg, _ in me.sets()]
    assert sorted(stored, key=str) == sorted(sets, key=str), reply.text
    workouts = training_log.history(me.ctx, me.id, "workouts")
    assert [w["duration_s"] for w in workouts] == [minutes * 60]


@pytest.mark.parametrize(
    "text",
    ["fran 5:10 with 65 lb, banded pull ups", "Cindy 20 min, 17 rounds + 5, scaled to ring rows"],
)
def test_a_scaled_benchmark_is_never_stored_as_prescribed(me: Athlete, text: str) -> None:
    me.say(text)
    assert me.sets() == []
