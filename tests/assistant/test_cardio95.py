"""Cardio sessions as watches and team sports say them (stop 95), through the chat (rules
alone): a bare "avg 142" after a session's figures is its average heart rate, HIIT on a bike is
a ride on it (no HIIT class), a way and time at a pace only a runner goes at is a run, a
course's climbing said in words is no rock climbing, and "football" or "hockey" alone with a
time is asked which game (never "didn't get that")."""

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


def _cardio(me: Athlete) -> list[dict[str, Any]]:
    return list(training_log.history(me.ctx, me.id, "cardio"))


@pytest.mark.parametrize(
    ("text", "bpm"),
    [
        ("Tuesday: 10k easy run, 55:00, avg 142", 142.0),
        ("Polar says 38 min run, 6.4km, avg 162", 162.0),
        ("biked 20 km on saturday, 48 min, avg 139", 139.0),
        ("rowed 6k, 27 min, average 151", 151.0),
    ],
)
def test_a_bare_average_after_the_figures_is_the_heart_rate(
    me: Athlete, text: str, bpm: float
) -> None:
    reply = me.say(text)
    cardio = _cardio(me)
    assert len(cardio) == 1, reply.text
    assert cardio[0]["avg_hr"] == bpm


@pytest.mark.parametrize(
    "text",
    [
        "zwift 1h10 endurance ride, avg 155w",  # power
        "ran 8 km in 44 min, avg cadence 171",  # a cadence said so
        "45 min spin class, avg 95 rpm",  # a cadence by its unit
    ],
)
def test_an_average_of_another_figure_is_no_heart_rate(me: Athlete, text: str) -> None:
    reply = me.say(text)
    assert all(c.get("avg_hr") is None for c in _cardio(me)), reply.text


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("20 min HIIT on the gym bike, rpe 9", "moderate-stationary-cycling"),
        ("25 min hiit session on the rower", "moderate-rowing"),
        ("elliptical hiit 15 min", "elliptical-trainer"),
    ],
)
def test_hiit_on_a_machine_is_that_machines_session(me: Athlete, text: str, slug: str) -> None:
    reply = me.say(text)
    assert [c["activity_type"] for c in _cardio(me)] == [slug], reply.text


def test_a_hiit_class_stays_a_class(me: Athlete) -> None:
    reply = me.say("HIIT class 45 min, rpe 8")
    assert [c["activity_type"] for c in _cardio(me)] == ["hiit-class"], reply.text


@pytest.mark.parametrize(
    ("text", "metres", "seconds"),
    [
        ("Garmin: 10.02 km, 51:30, avg HR 156", 10020.0, 3090.0),
        ("tuesday - 11km in 58:20", 11000.0, 3500.0),
        ("yesterday: 8 km, 45 min, felt good", 8000.0, 2700.0),
    ],
)
def test_a_way_and_time_at_a_runners_pace_only_is_a_run(
    me: Athlete, text: str, metres: float, seconds: float
) -> None:
    reply = me.say(text)
    cardio = _cardio(me)
    assert [(c["activity_type"], c["distance_m"], c["duration_s"]) for c in cardio] == [
        ("steady-run", metres, seconds)
    ], reply.text


@pytest.mark.parametrize(
    "text",
    [
        "10 km, 25 min",  # a ride's pace, or a fast one's
        "6 km in 25 min",  # a fast run, or an erg's row
        "6 km in 75 min",  # a walk's pace
        "2000m in 11 min",  # a way in metres: a pool's or a track's
    ],
)
def test_a_pace_others_go_at_too_is_still_asked(me: Athlete, text: str) -> None:
    reply = me.say(text)
    assert _cardio(me) == []
    assert "which activity" in reply.text.lower()


@pytest.mark.parametrize(
    ("text", "slug", "minutes"),
    [
        ("trail run sunday 14k, took me 1h52 with all the climbing", "trail-running", 112),
        ("ride 3h, 80 km, so much climbing", "moderate-cycling", 180),
        ("hiked 12 km in 4 hours, a fair bit of climbing", "hiking", 240),
    ],
)
def test_a_courses_climbing_in_words_is_no_rock_climbing(
    me: Athlete, text: str, slug: str, minutes: int
) -> None:
    reply = me.say(text)
    cardio = _cardio(me)
    assert [(c["activity_type"], c["duration_s"]) for c in cardio] == [(slug, minutes * 60.0)], (
        reply.text
    )


def test_climbing_at_a_wall_beside_a_run_is_still_a_climb(me: Athlete) -> None:
    reply = me.say("lots of climbing at the wall 2h then ran 5k in 25 min")
    assert sorted(c["activity_type"] for c in _cardio(me)) == ["rock-climbing", "steady-run"], (
        reply.text
    )


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("football training 75 min, session rpe 7", "which football"),
        ("footy 90 mins sunday", "which football"),
        ("hockey practice 60 min", "which hockey"),
    ],
)
def test_a_game_that_differs_by_country_is_asked_which(me: Athlete, text: str, asked: str) -> None:
    reply = me.say(text)
    assert _cardio(me) == []
    assert asked in reply.text.lower()
    assert "didn't get that" not in reply.text


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("gaelic football training 75 mins", "gaelic-football"),
        ("walking football, hour and a half", "walking-football"),
        ("ice hockey 60 min", "ice-hockey"),
    ],
)
def test_the_game_named_is_stored(me: Athlete, text: str, slug: str) -> None:
    reply = me.say(text)
    assert [c["activity_type"] for c in _cardio(me)] == [slug], reply.text


def test_a_game_watched_is_not_asked_about(me: Athlete) -> None:
    reply = me.say("watched the football for 90 min")
    assert "which football" not in reply.text.lower()
    assert _cardio(me) == []


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("treadmill run 20 min then stationary bike 15", [20, 15]),
        ("elliptical 30 min, then exercise bike 20", [30, 20]),
    ],
)
def test_a_bike_that_goes_nowhere_after_minutes_carries_them(
    me: Athlete, text: str, minutes: list[int]
) -> None:
    reply = me.say(text)
    assert sorted(c["duration_s"] for c in _cardio(me)) == sorted(m * 60.0 for m in minutes), (
        reply.text
    )


def test_a_rides_bare_number_after_minutes_is_still_asked(me: Athlete) -> None:
    reply = me.say("ran 20 min then bike 10")  # 10 km or 10 min: asked
    assert _cardio(me) == [], reply.text


def test_the_rest_between_sets_is_no_session_length(me: Athlete) -> None:
    reply = me.say("hangboard max hangs 20mm half crimp, 6 x 10s, +15kg, 3 min rest")
    assert "couldn't do that" not in reply.text
    assert "Proposed plan" not in reply.text


def test_a_clause_with_no_activity_beside_one_named_is_not_made_a_run(me: Athlete) -> None:
    # the second day's way is the first's kind (trail), never a road run by its pace alone
    reply = me.say("back to back weekend for the ultra: sat 30k trail in 3h40, sun 20k in 2h25")
    assert "steady-run" not in [c["activity_type"] for c in _cardio(me)], reply.text
