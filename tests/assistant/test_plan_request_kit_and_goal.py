"""Plan requests by class (issue 57, the twelfth set's plan misses, tested in other words): the
equipment set with a bare verb ("switch everything over to X"), a cut named as the plan's goal
(not a removal), a swap whose new exercise is the old one's movement with other kit said before
a why, and a change asked beside everyday pain words ("tweaky"). Changes go through the real
chat on SQLite and PostgreSQL and are proposals the validator accepted, waiting for approval."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.guardrails import screen
from fitcoach.assistant.nlu import understand
from fitcoach.services import athletes, plans

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("text", "equipment", "without"),
    [
        ("ok so switch everything over to kettlebells", ["kettlebell"], None),
        ("can u just set me up for bands, no barbell anymore", ["resistance_band"], ["barbell"]),
        ("change it all to cables pls", ["cable"], None),
    ],
)
def test_the_kit_set_with_a_bare_verb_is_the_equipment(
    text: str, equipment: list[str], without: list[str] | None
) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "set_equipment", (text, u)
    assert u.slots["equipment"] == equipment  # "everything" is the verb's, not a full gym
    assert u.slots.get("without") == without


@pytest.mark.parametrize(
    "text",
    [
        "set it to kettlebell swings",  # an exercise, not the kit
        "lunges kill my knees, switch it to dumbbells",  # the lunge's kit: a swap
    ],
)
def test_a_bare_verb_with_an_exercise_is_not_the_equipment(text: str) -> None:
    assert understand(text, today=TODAY).intent != "set_equipment", text


def test_the_kit_set_with_a_bare_verb_is_proposed_for_approval(me: Athlete) -> None:
    reply = me.say("honestly just switch everything over to kettlebells")
    assert reply.proposed_version is not None, reply.text
    view = plans.get_version(me.ctx, me.id, reply.proposed_version)
    assert view.status == "proposed"
    assert view.plan is not None
    assert view.plan.equipment == ["kettlebell"]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("summer's coming, need a cutting programme 4 days a week", 4),
        ("a shred routine for me, 5 days", 5),
    ],
)
def test_a_cut_named_as_the_goal_is_a_new_plan(text: str, days: int) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "generate_plan", (text, u)
    assert u.slots == {"goal": "fat_loss", "days_per_week": days}


def test_cutting_an_exercise_is_still_a_removal() -> None:
    u = understand("cut the glute bridges please", today=TODAY)
    assert (u.intent, u.slots) == ("remove_exercise", {"exercise": "glute-bridge"})


@pytest.mark.parametrize(
    "text",
    [
        "trade my bench for db press, nobody around to spot me",
        "swap the bench to dumbbell press, spotter's never there",
    ],
)
def test_the_old_movement_with_other_kit_is_read_before_the_why(text: str) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "swap_exercise", (text, u)
    assert u.slots == {"exercise": "barbell-bench-press", "to": "dumbbell-bench-press"}
    assert not u.problems


def test_tweaky_is_pain_in_the_region_named() -> None:
    check = screen("drop a few kilos off my presses, elbow's a bit tweaky")
    assert check.injury is not None
    assert check.injury.region == "elbow"
    assert not check.red_flags  # pain to spare, not a red flag


def test_a_load_change_beside_a_tweaky_joint_keeps_the_joint(me: Athlete) -> None:
    reply = me.say("less weight on the deadlifts please, hip has been tweaky")
    profile = athletes.get_athlete(me.ctx, me.id).profile
    assert profile is not None
    assert "hip" in {i["region"] for i in profile.injuries}, reply.text
    assert not reply.escalated
