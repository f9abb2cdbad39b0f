"""Plan requests of blind-final-31's classes (plans31), in other words than the set's, through
the readers and the real chat (``conversations.chat``, rules alone): a length asked for with the
sessions named first and no verb, a signed load change with its why after a comma, the day a
session goes to said first as the why, and what an exercise "bugs" or "bothers" beside a swap
(a pain, kept in the profile)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.guardrails import injury as injury_guard
from fitcoach.assistant.nlu import understand
from fitcoach.services import athletes, plans

TODAY = date(2026, 11, 20)  # the clock fixture's day (a Friday)


def _read(text: str) -> tuple[str, dict[str, Any]]:
    u = understand(text, today=TODAY)
    return u.intent, dict(u.slots)


# --- the readers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("workouts 40 min please, new shift pattern", 40),
        ("my sessions 30 minutes pls, busy term", 30),
    ],
)
def test_the_sessions_then_a_length_is_the_length_asked(text: str, minutes: int) -> None:
    assert _read(text) == ("set_session_minutes", {"minutes": minutes})


@pytest.mark.parametrize(
    "text", ["2 sessions 45 min each this week", "session 45 min, bench 3x5 at 80"]
)
def test_sessions_told_are_no_length_asked(text: str) -> None:
    assert _read(text)[0] != "set_session_minutes"


@pytest.mark.parametrize(
    ("text", "delta"),
    [("squat -10kg, it's been grinding", -10.0), ("deadlift +5kg, way too easy", 5.0)],
)
def test_a_signed_change_then_its_why(text: str, delta: float) -> None:
    intent, slots = _read(text)
    assert intent == "change_load"
    assert slots["delta_kg"] == delta


def test_a_signed_load_then_sets_is_a_log() -> None:
    assert _read("dips +10kg, 3x8")[0] != "change_load"


def test_the_day_gone_to_said_first_as_the_why() -> None:
    intent, slots = _read(
        "working friday this week, could we do thursday's workout on friday instead"
    )
    assert intent == "move_session"
    assert slots["from_day"] == "thursday"
    assert slots["to_day"] == "friday"
    assert "from_dates" not in slots


def test_a_session_moved_a_week_on_still_moves() -> None:
    intent, slots = _read("move sunday's session to next sunday")
    assert intent == "move_session"
    assert (slots["to_date"] - slots["from_date"]).days == 7


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("lunges bother my knee, swap them for something", "knee"),
        ("skull crushers bug my elbows, replace them", "elbow"),
    ],
)
def test_what_an_exercise_bugs_beside_a_request_is_pain(text: str, region: str) -> None:
    found = injury_guard._injury(text)
    assert found is not None
    assert found.region == region


def test_bugs_without_a_part_is_no_pain() -> None:
    assert injury_guard._injury("the bugs in the gym app annoy me, swap the app") is None


# --- through the chat ----------------------------------------------------------------------------


def _proposal(me: Athlete, version: int | None) -> Any:
    assert version is not None
    view = plans.get_version(me.ctx, me.id, version)
    assert view.plan is not None
    return view.plan


def test_the_sessions_then_a_length_is_proposed(me: Athlete) -> None:
    reply = me.say("sessions 35 minutes please, doing them before work")
    assert me.stored() == {}
    assert _proposal(me, reply.proposed_version).session_minutes == 35, reply.text


def test_a_press_that_bugs_a_shoulder_records_it_and_spares_it(me: Athlete) -> None:
    reply = me.say("overhead press bothers my shoulder, swap it for something else")
    profile = athletes.get_athlete(me.ctx, me.id).profile
    assert "shoulder" in {str(i.get("region")) for i in (profile.injuries if profile else [])}
    plan = _proposal(me, reply.proposed_version)
    planned = {i.exercise for s in plan.sessions() if s.status == "planned" for i in s.items}
    assert "barbell-overhead-press" not in planned, reply.text
    assert "pike-push-up" not in planned, reply.text


def test_a_session_moved_onto_the_day_said_first(me: Athlete) -> None:
    reply = me.say("working sunday, could we do saturday's workout on sunday instead")
    moves = [
        c.arguments["operation"]
        for c in reply.tool_calls
        if c.tool == "propose_plan_edit" and c.arguments["operation"]["op"] == "move_session"
    ]
    assert moves, reply.text
    assert "from_dates" not in moves[0], moves


@pytest.mark.parametrize(
    ("text", "old"),
    [
        ("swap the pull-the-bar-down machine for pull ups", "lat-pulldown"),
        ("replace the push-the-handles-out thing with push ups", "machine-chest-press"),
    ],
)
def test_a_machine_described_in_hyphens_is_named(text: str, old: str) -> None:
    intent, slots = _read(text)
    assert (intent, slots["exercise"]) == ("swap_exercise", old)


def test_the_kipping_pull_up_is_its_own_exercise() -> None:
    assert _read("take the kipping pull ups out") == (
        "remove_exercise",
        {"exercise": "kipping-pull-up"},
    )


def test_kipping_pull_ups_taken_out_beside_elbow_pain(me: Athlete) -> None:
    reply = me.say("elbows are sore from kipping, drop the kipping pull-ups")
    profile = athletes.get_athlete(me.ctx, me.id).profile
    assert "elbow" in {str(i.get("region")) for i in (profile.injuries if profile else [])}
    assert "Kipping Pull-Up" in reply.text, reply.text
