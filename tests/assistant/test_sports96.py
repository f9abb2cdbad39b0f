"""Team sports, races and run or erg workouts as people tell them (stop 96, sports96), through
the chat (rules alone): a game told by its periods is their sum, a game's time plus its warm-up
is the session's, drills inside a sport's session are no session of their own, "sunday league"
and a soccer position say which football, "sRPE" is the session RPE, a record's margin is no
session time, a race by a way is a run, track repeats with the session's total are a run's
intervals, a machine's bare number said before it and a cool-down walk are minutes, and a run
said with no figures is asked about."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.llm import Assistant
from fitcoach.assistant.nlu import ExerciseMatcher, normalise
from fitcoach.assistant.slot_compose import Failed, compose
from fitcoach.assistant.slot_tagger import Span
from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext

TODAY = date(2026, 11, 18)


@pytest.fixture
def me(ctx: ServiceContext) -> Athlete:
    return Athlete(ctx, Assistant())


def _cardio(me: Athlete) -> list[dict[str, Any]]:
    """The cardio log as the tests read it: activity, minutes, km (None where none is kept)."""
    return [
        {
            **e,
            "activity": e["activity_type"],
            "minutes": e["duration_s"] / 60 if e.get("duration_s") is not None else None,
            "distance_km": e["distance_m"] / 1000 if e.get("distance_m") is not None else None,
        }
        for e in training_log.history(me.ctx, me.id, "cardio")
    ]


def _one(me: Athlete, text: str) -> dict[str, Any]:
    reply = me.say(text)
    cardio = _cardio(me)
    assert len(cardio) == 1, reply.text
    return cardio[0]


@pytest.mark.parametrize(
    ("text", "slug", "minutes"),
    [
        ("netball match, 4 x 15 min quarters, played the whole thing at WD", "netball", 60.0),
        ("basketball, four 12 min quarters", "basketball", 48.0),
        ("rugby, 2 halves of 40 min", "rugby", 80.0),
        ("basketball game, 4x10min quarters, rpe 7", "basketball", 40.0),
    ],
)
def test_a_game_told_by_its_periods_is_their_sum(
    me: Athlete, text: str, slug: str, minutes: float
) -> None:
    entry = _one(me, text)
    assert (entry["activity"], entry["minutes"]) == (slug, minutes)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("sunday league game, 90 mins plus 10 min warmup. avg hr 149", 100.0),
        ("soccer 60 min + 15 min cool down", 75.0),
        ("basketball 45 mins and 10 min warm up", 55.0),
    ],
)
def test_a_time_plus_its_warm_up_is_the_session(me: Athlete, text: str, minutes: float) -> None:
    assert _one(me, text)["minutes"] == minutes


@pytest.mark.parametrize(
    "text",
    [
        "hockey training yesterday, 1h45 including the sprint drills",
        "hockey 90 min incl. some sprint drills",
    ],
)
def test_drills_inside_a_sport_are_no_session_of_their_own(me: Athlete, text: str) -> None:
    reply = me.say(text)
    assert _cardio(me) == [], reply.text  # never stored as Sprints
    assert "which hockey" in reply.text.lower()


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("hockey training yesterday, 1h45 including the sprint drills", "1 h 45 min"),
        ("hockey 90 min incl. some sprint drills", "90 min"),
    ],
)
def test_the_taggers_reading_of_drills_is_no_sprints(text: str, duration: str) -> None:
    # the slot tagger's composition names the activity as the rules do, drills left out: the
    # hockey is asked which, never stored as Sprints
    normal = normalise(text)
    start = normal.index(duration)
    spans = [Span(start, start + len(duration), "DUR")]
    with pytest.raises(Failed, match="no cardio activity"):
        compose(normal, spans, TODAY, ExerciseMatcher.from_library())


def test_drills_inside_a_named_sport_keep_its_session(me: Athlete) -> None:
    entry = _one(me, "soccer training 75 min with passing drills")
    assert (entry["activity"], entry["minutes"]) == ("soccer", 75.0)


@pytest.mark.parametrize(
    "text",
    [
        "football 90 mins, played centre back, sRPE 7",
        "footy 80 mins, played striker",
        "sunday league football 90 min",
        "sunday league game 90 mins",
    ],
)
def test_a_soccer_position_or_league_says_which_football(me: Athlete, text: str) -> None:
    assert _one(me, text)["activity"] == "soccer"


@pytest.mark.parametrize(
    "text",
    [
        "football 80 min",  # nothing says which
        "footy training 75 min, played midfield",  # Gaelic and Aussie rules have midfielders
    ],
)
def test_football_alone_is_still_asked_which(me: Athlete, text: str) -> None:
    reply = me.say(text)
    assert _cardio(me) == [], reply.text
    assert "which football" in reply.text.lower()


def test_gaelic_football_with_a_position_stays_gaelic(me: Athlete) -> None:
    assert _one(me, "gaelic football 70 min, played centre back")["activity"] == "gaelic-football"


@pytest.mark.parametrize(
    ("text", "rpe"),
    [
        ("soccer 90 min, sRPE 7", 7.0),
        ("2k erg 7:22 rpe 10", 10.0),
        ("rowed 2k in 8:22 rpe 9", 9.0),
    ],
)
def test_the_session_rpe_is_read(me: Athlete, text: str, rpe: float) -> None:
    reply = me.say(text)
    assert len(_cardio(me)) == 1, reply.text
    assert "not sure" not in reply.text.lower()
    session_rpes = [e.get("session_rpe") for e in _cardio(me)]
    assert session_rpes in ([rpe], [None])  # stored with the session where the log keeps it


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("parkrun on saturday 26:12 new PB by 20 seconds", 26.2),
        ("parkrun 24:30, knocked 15 secs off my pb", 24.5),
        ("ran 5k in 22:30 today, 45 seconds faster than last time", 22.5),
    ],
)
def test_a_records_margin_is_no_session_time(me: Athlete, text: str, minutes: float) -> None:
    entry = _one(me, text)
    assert entry["minutes"] == pytest.approx(minutes, abs=0.01)
    assert entry["distance_km"] == pytest.approx(5.0)


@pytest.mark.parametrize(
    ("text", "slug", "km", "minutes"),
    [
        ("10 mile race sunday 1:18:05", "steady-run", 16.093, 78.08),
        ("10k race 48:12", "steady-run", 10.0, 48.2),
        ("15k trail race 1:32:10", "trail-running", 15.0, 92.17),
    ],
)
def test_a_race_by_a_way_is_a_run(
    me: Athlete, text: str, slug: str, km: float, minutes: float
) -> None:
    entry = _one(me, text)
    assert entry["activity"] == slug
    assert entry["distance_km"] == pytest.approx(km, abs=0.01)
    assert entry["minutes"] == pytest.approx(minutes, abs=0.01)


@pytest.mark.parametrize(
    "text",
    [
        "10 mile race 25:30",  # a rider's pace: asked, never a run
        "5 mile bike race 14:00",
    ],
)
def test_a_race_at_no_runners_pace_is_no_run(me: Athlete, text: str) -> None:
    me.say(text)
    assert all(e["activity"] != "steady-run" for e in _cardio(me))


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("intervals 8x400 w 90s rest, whole thing 42 min incl warm up", 42.0),
        ("track session last night: 6 x 800 @ 3:10, total about 55 mins with warm up", 55.0),
        ("track workout 5x1000m w 2 min jog, 50 min total", 50.0),
    ],
)
def test_track_repeats_with_a_total_are_a_runs_intervals(
    me: Athlete, text: str, minutes: float
) -> None:
    entry = _one(me, text)
    assert (entry["activity"], entry["minutes"]) == ("running-intervals", minutes)
    assert entry.get("distance_km") is None  # a repeat's way is no session's way


def test_an_ergs_repeats_are_no_plan_change(me: Athlete) -> None:
    reply = me.say("skierg 10x250m, 25 min session")
    assert "proposed plan" not in reply.text.lower()


@pytest.mark.parametrize(
    ("text", "second", "minutes"),
    [
        ("elliptical 30 min then 10 on the stairmaster", "stair-climber-machine", 10.0),
        ("stairmaster 20 min, then 15 on the elliptical", "elliptical-trainer", 15.0),
        ("treadmill run 20 min at 10 km/h then walked 5 to cool down", "easy-walk", 5.0),
        ("ran 25 min then walked 10 min as a cooldown", "easy-walk", 10.0),
    ],
)
def test_a_second_machines_or_cool_down_walks_number_is_minutes(
    me: Athlete, text: str, second: str, minutes: float
) -> None:
    reply = me.say(text)
    cardio = _cardio(me)
    assert len(cardio) == 2, reply.text
    assert (cardio[1]["activity"], cardio[1]["minutes"]) == (second, minutes)


def test_a_rides_bare_number_before_the_bike_stays_asked(me: Athlete) -> None:
    reply = me.say("rowed 20 min then 10 on the bike")
    assert _cardio(me) == [], reply.text


@pytest.mark.parametrize(
    "text",
    [
        "got a run in before the rain 🌧️",
        "got my swim in this morning",
        "squeezed a quick ride in at lunch",
    ],
)
def test_a_session_with_no_figures_is_asked_how_long(me: Athlete, text: str) -> None:
    reply = me.say(text)
    assert _cardio(me) == [], reply.text
    assert "how long" in reply.text.lower()
