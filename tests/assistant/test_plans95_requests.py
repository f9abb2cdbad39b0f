"""Plan requests of blind-final-30's classes (issue 57, plans95), in other words than the set's,
through the readers and the real chat (``conversations.chat``, rules alone): the kit one now has
told as a list ("moved it all to the garage: ..., that's it", a count of pieces, a membership
that "ran out"), a swap with its particle after the old one ("switch X out for Y"), a swap asked
with "sub" beside a pain (the injury kept, the substitute sparing it), the one session moved
when the days before are the why, and a session's name ("bench day") that is no kit."""

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
    ("text", "kit"),
    [
        (
            "took everything over to the shed: a barbell, a bench and a pair of dumbbells, that's all",
            ["barbell", "bench", "dumbbell"],
        ),
        (
            "a rack, a barbell and two kettlebells, that's it",
            ["barbell", "kettlebell", "squat_rack"],
        ),
        (
            "my gym pass ran out. the basement has a rack, a barbell and a bench",
            ["barbell", "bench", "squat_rack"],
        ),
        (
            "membership ran out, home has bands and a pull-up bar",
            ["pull_up_bar", "resistance_band"],
        ),
    ],
)
def test_the_kit_told_as_a_list_is_the_equipment(text: str, kit: list[str]) -> None:
    intent, slots = _read(text)
    assert intent == "set_equipment"
    assert slots["equipment"] == kit


@pytest.mark.parametrize(
    "text",
    [
        "bench day, top set at 100 and I got 5. log that one",
        "leg day today, i got through it, barbell felt heavy",
        "kb day, i got 5 rounds",
    ],
)
def test_a_session_named_for_its_kit_is_no_equipment(text: str) -> None:
    intent, _ = _read(text)
    assert intent != "set_equipment"


@pytest.mark.parametrize(
    ("text", "old", "new"),
    [
        ("swap the bench out for dips", "barbell-bench-press", "parallel-bar-dip"),
        ("sub rdls out with good mornings pls", "romanian-deadlift", "barbell-good-morning"),
    ],
)
def test_a_swap_with_its_particle_after_the_old_one(text: str, old: str, new: str) -> None:
    intent, slots = _read(text)
    assert (intent, slots["exercise"], slots["to"]) == ("swap_exercise", old, new)


def test_days_told_as_the_why_leave_the_one_session_moved() -> None:
    intent, slots = _read("away sat and sun so move saturday's workout to tuesday")
    assert intent == "move_session"
    assert slots["from_day"] == "saturday"
    assert "from_dates" not in slots


def test_days_referred_to_after_the_why_all_move() -> None:
    intent, slots = _read("mon and tue are out, so move them to thursday")
    assert intent == "move_session"
    assert len(slots["from_dates"]) == 2


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("overhead press kills my shoulder, sub it for something", "shoulder"),
        ("lunges wreck my knees, sub them out pls", "knee"),
    ],
)
def test_sub_beside_what_a_part_will_not_take_is_pain(text: str, region: str) -> None:
    found = injury_guard._injury(text)
    assert found is not None
    assert found.region == region


@pytest.mark.parametrize(
    "text", ["had a sub for lunch, my knee is tight", "a sub 20 5k, calves tight after"]
)
def test_a_sandwich_or_a_time_is_no_swap(text: str) -> None:
    assert injury_guard._injury(text) is None


# --- through the chat ----------------------------------------------------------------------------


def _proposal(me: Athlete, version: int | None) -> Any:
    assert version is not None
    view = plans.get_version(me.ctx, me.id, version)
    assert view.plan is not None
    return view.plan


def test_the_kit_listed_is_proposed(me: Athlete) -> None:
    reply = me.say(
        "moved all my stuff to the garage: barbell, a bench and 2 kettlebells, that's it"
    )
    plan = _proposal(me, reply.proposed_version)
    assert sorted(plan.equipment) == ["barbell", "bench", "kettlebell"], reply.text


def test_a_membership_that_ran_out_is_no_run(me: Athlete) -> None:
    reply = me.say("gym membership ran out. garage has a barbell, a rack and a pull-up bar")
    assert me.stored() == {}
    plan = _proposal(me, reply.proposed_version)
    assert sorted(plan.equipment) == ["barbell", "pull_up_bar", "squat_rack"], reply.text


def test_a_lift_subbed_for_a_pain_records_it_and_spares_it(me: Athlete) -> None:
    reply = me.say("back squats wreck my wrists in the low bar position, sub them for something")
    profile = athletes.get_athlete(me.ctx, me.id).profile
    assert "wrist" in {str(i.get("region")) for i in (profile.injuries if profile else [])}
    plan = _proposal(me, reply.proposed_version)
    planned = {i.exercise for s in plan.sessions() if s.status == "planned" for i in s.items}
    assert "barbell-back-squat" not in planned, reply.text


def test_one_session_moved_when_the_days_before_are_the_why(me: Athlete) -> None:
    reply = me.say("on nights mon and tue so push monday's session to wednesday pls")
    moves = [
        c.arguments
        for c in reply.tool_calls
        if c.tool == "propose_plan_edit" and c.arguments["operation"]["op"] == "move_session"
    ]
    assert moves, reply.text
    assert reply.proposed_version is not None, reply.text
    assert "from_dates" not in moves[0]["operation"], moves
