"""Numbers in a training log that are no set, rep or load (stop 96, numbers96), through the
chat (rules alone): a session's RPE said "sRPE" is stored as the session's, "7:22 rpe 10" is
an erg's time and its RPE, a lunch-break session's length before its lifts is the session's,
and how the sets were done (a pause, the lowering's count, the rests, a wait for a rack, "all
clean") or a cardio machine's level is left out, never asked about and never a set, a rep or
a load."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.llm import Assistant
from fitcoach.assistant.nlu import read_log
from fitcoach.assistant.nlu.normalise import normalise
from fitcoach.assistant.nlu.set_asides import without_asides
from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext

TODAY = date(2026, 11, 18)


@pytest.fixture
def me(ctx: ServiceContext) -> Athlete:
    return Athlete(ctx, Assistant())


def _workouts(me: Athlete) -> list[dict[str, Any]]:
    return list(training_log.history(me.ctx, me.id, "workouts"))


def _cardio(me: Athlete) -> list[dict[str, Any]]:
    return list(training_log.history(me.ctx, me.id, "cardio"))


def _sets(workout: dict[str, Any]) -> list[tuple[str, int, float | None]]:
    return [(s["exercise"], s["reps"], s["weight_kg"]) for s in workout["sets"]]


# --- the session's RPE said "sRPE" -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rpe", "minutes"),
    [
        ("Front squats 5 sets of 3 at 100kg. Session took 70 min, sRPE 8.", 8.0, 70),
        ("bench 4x6 at 80kg, 50 min, srpe 7", 7.0, 50),
        ("deadlift 3x5 at 140kg. s-rpe 9", 9.0, None),
    ],
)
def test_srpe_is_the_sessions_rpe_stored_with_the_sets(
    me: Athlete, text: str, rpe: float, minutes: int | None
) -> None:
    reply = me.say(text)
    assert "not sure" not in reply.text, reply.text
    (workout,) = _workouts(me)
    assert workout["session_rpe"] == rpe
    assert workout.get("duration_s") == (minutes * 60 if minutes else None)


@pytest.mark.parametrize(
    ("text", "rpe"),
    [
        ("fartlek 50 min, ~9.5k, avg hr 158, sRPE 7", 7.0),
        ("2k erg 7:22 rpe 10", 10.0),
        ("erg 2000m in 7:30 rpe 8", 8.0),
        ("5k run 24:10 rpe 6", 6.0),
    ],
)
def test_a_cardio_sessions_rpe_after_a_clock_time_or_said_srpe_is_stored(
    me: Athlete, text: str, rpe: float
) -> None:
    reply = me.say(text)
    assert "not sure" not in reply.text, reply.text
    (session,) = _cardio(me)
    assert session["session_rpe"] == rpe


def test_srpe_is_rewritten_only_before_its_figure() -> None:
    assert normalise("front squat 5x3, sRPE 8") == "front squat 5x3, session rpe 8"
    assert normalise("what is srpe?") == "what is srpe?"


# --- a lunch-break session's length before its lifts --------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "lunch break session 30 min: ohp 3x8 40kg, pull ups 3x6",
        "lunch session 30 min: ohp 3x8 40kg, pull ups 3x6",
        "lunch hour workout 30 min: ohp 3x8 40kg, pull ups 3x6",
    ],
)
def test_a_lunch_break_sessions_length_is_the_sessions(me: Athlete, text: str) -> None:
    reply = me.say(text)
    assert "not sure" not in reply.text, reply.text
    (workout,) = _workouts(me)
    assert workout["duration_s"] == 1800.0
    assert _sets(workout) == [
        *[("barbell-overhead-press", 8, 40.0)] * 3,
        *[("pull-up", 6, None)] * 3,
    ]


# --- how the sets were done: left out --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sets"),
    [
        (
            "paused bench 3x3 at 85, 2 sec on the chest, rpe 7",
            [("paused-bench-press", 3, 85.0)] * 3,
        ),
        ("bench 3x5 at 80kg, 3s hold at the bottom", [("barbell-bench-press", 5, 80.0)] * 3),
        (
            "deadlift 5x3 @ 150, 3 sec eccentric. grip going by the end",
            [("barbell-deadlift", 3, 150.0)] * 5,
        ),
        ("squat 4x6 at 80kg with 3 second negatives", [("barbell-back-squat", 6, 80.0)] * 4),
        ("box squats 6x2 at 130, speed work, 60 sec rests", [("barbell-box-squat", 2, 130.0)] * 6),
        ("bench 5x5 at 70kg, rest 90s between sets", [("barbell-bench-press", 5, 70.0)] * 5),
        ("ohp 4x8 at 40kg, 2-3 min rest", [("barbell-overhead-press", 8, 40.0)] * 4),
        ("squats 5x5 at 100kg, 2 min between sets", [("barbell-back-squat", 5, 100.0)] * 5),
        (
            "there was a 15 min wait for the bench, then bench 3x8 at 85kg",
            [("barbell-bench-press", 8, 85.0)] * 3,
        ),
        ("squat 5x3 at 120kg, every rep clean", [("barbell-back-squat", 3, 120.0)] * 5),
    ],
)
def test_a_set_aside_is_left_out(
    me: Athlete, text: str, sets: list[tuple[str, int, float]]
) -> None:
    reply = me.say(text)
    assert "not sure" not in reply.text, reply.text
    (workout,) = _workouts(me)
    assert _sets(workout) == sets


def test_a_wait_for_a_rack_is_no_figure_of_the_sets() -> None:
    found = read_log(
        "gym was packed, waited like 20 min for a rack, finally got squat 4x6 @ 245",
        today=TODAY,
    )
    assert found.problems == []
    (entry,) = found.entries
    assert entry.intent == "log_sets"
    assert "duration_s" not in entry.slots
    assert [(g["sets"], g["reps"]) for g in entry.slots["groups"]] == [(4, 6)]


def test_all_clean_after_the_sets_names_no_power_clean(me: Athlete) -> None:
    reply = me.say("5x5 squats at 140kg, all clean. session rpe 8, about an hour")
    assert "Power Clean" not in reply.text, reply.text
    (workout,) = _workouts(me)
    assert _sets(workout) == [("barbell-back-squat", 5, 140.0)] * 5
    assert workout["session_rpe"] == 8.0


def test_a_lift_named_clean_keeps_its_name() -> None:
    assert without_asides("power clean 5x3 at 70") == "power clean 5x3 at 70"
    assert without_asides("clean and jerk 5x1 at 80") == "clean and jerk 5x1 at 80"
    assert "clean" in without_asides("all clean and jerks 5x1 at 80")


def test_a_pause_before_the_name_keeps_the_paused_lift(me: Athlete) -> None:
    me.say("2 sec pause bench 3x3 at 85kg")
    (workout,) = _workouts(me)
    assert _sets(workout) == [("paused-bench-press", 3, 85.0)] * 3


# --- a cardio machine's level: left out ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes", "hr"),
    [
        ("elliptical 30 min level 12 hr 140", 30.0, 140.0),
        ("bike 40 min at resistance 14", 40.0, None),
        ("cross trainer 25 min, lvl 9, avg hr 131", 25.0, 131.0),
    ],
)
def test_a_machines_level_is_left_out(
    me: Athlete, text: str, minutes: float, hr: float | None
) -> None:
    reply = me.say(text)
    assert "not sure" not in reply.text, reply.text
    (session,) = _cardio(me)
    assert (session["duration_s"], session["avg_hr"]) == (minutes * 60, hr)


def test_a_persons_level_is_still_a_reading(me: Athlete) -> None:
    reply = me.say("energy level 7 today")
    assert "energy" in reply.text.lower(), reply.text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("plank 3x60s hold", "3x60s hold"),
        ("side plank 3 x 30 sec hold", "3 x 30 sec hold"),
        ("plank held for 60 seconds", "held for 60 seconds"),
        ("farmers carry 4x40m rest 90s", "4x40m"),
    ],
)
def test_a_sets_own_time_or_way_is_no_aside(text: str, kept: str) -> None:
    assert kept in without_asides(text)
