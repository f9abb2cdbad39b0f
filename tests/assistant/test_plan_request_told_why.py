"""Plan requests by class, said with why or with few words, through the readers and the real
chat (``conversations.chat``, rules alone) on SQLite and PostgreSQL: a removal whose reason
names a day or a class, a new plan whose goal is said with a verb of taking away ("drop some
weight"), weeks of a story that are no plan length ("28 weeks pregnant"), an exercise taken
out with "swap out" and nothing put in, a load lowered with "knock" or "dial back", a signed
change after the lift ("squat +5"), dumbbell pairs without the word dumbbell, the days a week
told as too many, a swap whose exercise is in the sentence before, a swap to another kit's
version of the same lift, a new exercise left to the coach with the reason beside it, and
cardio kit named by the app people ride with. Every change is a proposal the validator
accepted, waiting for approval; nothing is stored on the chat's word."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant import templates
from fitcoach.assistant.nlu import understand
from fitcoach.coach.library import library_records
from fitcoach.services import athletes, plans

TODAY = date(2026, 11, 20)  # the clock fixture's day (a Friday)
NAMES = {r.slug: r.name for r in library_records()}


def _planned(me: Athlete, version: int) -> set[str]:
    assert plans.get_version(me.ctx, me.id, version).status == "proposed"  # waits for approval
    return me.planned(version)


def _injuries(me: Athlete) -> set[str]:
    profile = athletes.get_athlete(me.ctx, me.id).profile
    return {str(i.get("region")) for i in (profile.injuries if profile else [])}


# --- removals ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words",
    [
        "get rid of the {name}, I stand all day at my job anyway",
        "take out the {name} please, my spin class covers it",
        "swap out the {name}",
    ],
)
def test_a_removal_with_a_day_or_a_class_in_its_reason_is_proposed(me: Athlete, words: str) -> None:
    slug = sorted(me.planned())[0]
    reply = me.say(words.format(name=NAMES[slug].lower()))
    assert reply.proposed_version is not None, reply.text
    assert slug not in _planned(me, reply.proposed_version)
    assert not me.stored()


@pytest.mark.parametrize("text", ["drop thursday's workout", "skip the session on monday"])
def test_a_whole_session_in_the_request_itself_is_still_a_skip(text: str) -> None:
    assert understand(text, today=TODAY).intent == "skip_session"


def test_an_injury_with_an_exercise_swapped_out_notes_the_region_and_removes_it(
    me: Athlete,
) -> None:
    slug = next(s for s in sorted(me.planned()) if "squat" in s or "lunge" in s)
    name = NAMES[slug].lower()
    reply = me.say(f"rolled my knee a little at football, nothing major, but switch out the {name}")
    assert "knee" in _injuries(me), reply.text
    assert reply.proposed_version is not None, reply.text
    assert slug not in _planned(me, reply.proposed_version)


# --- new plans -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "goal"),
    [
        (
            "new routine please, I want to drop some weight before summer, 4 days, 45 min",
            "fat_loss",
        ),
        ("I'd like a fresh programme to burn fat for my wedding, 3 days, 30 minutes", "fat_loss"),
    ],
)
def test_a_goal_said_with_a_verb_of_taking_away_is_a_new_plan(text: str, goal: str) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "generate_plan", u
    assert u.slots["goal"] == goal


def test_a_new_plan_to_lose_weight_with_cardio_kit_is_proposed_and_logs_nothing(
    me: Athlete,
) -> None:
    reply = me.say(
        "I want a new routine to cut fat before the holidays. 3 days, 30 minutes, I've got a "
        "rower and dumbbells at home"
    )
    assert reply.proposed_version is not None, reply.text
    assert not me.stored()  # the 30 minutes on the rower are no cardio done


@pytest.mark.parametrize(
    "text",
    [
        "new plan please, 4 days a week, I'm 28 weeks pregnant and my OB is happy",
        "could you build me a plan, 3 days, 30 min? six months postpartum, cleared at 6 weeks",
        "strength plan for 3 days please, 10 weeks post-op on my wrist",
    ],
)
def test_weeks_of_a_story_are_no_plan_length(text: str) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "generate_plan", u
    assert "weeks" not in u.slots


def test_weeks_said_of_the_plan_are_its_length() -> None:
    assert understand("a 6-week block for strength, 3 days", today=TODAY).slots["weeks"] == 6


def test_a_plan_asked_with_a_pregnancy_in_weeks_is_proposed(me: Athlete) -> None:
    reply = me.say("can you make me a gentle plan, 3 days, 30 min? I'm 24 weeks pregnant")
    assert reply.proposed_version is not None, reply.text


# --- loads ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "exercise", "delta"),
    [
        ("dial my deadlift back 10 kg, my form broke down", "barbell-deadlift", -10.0),
        ("knock 5 kg off the overhead press please", "barbell-overhead-press", -5.0),
        ("squat +5", "barbell-back-squat", 5.0),
        ("overhead press -2.5 kg from now on", "barbell-overhead-press", -2.5),
    ],
)
def test_a_load_lowered_with_a_phrasal_verb_or_a_sign_is_a_change(
    text: str, exercise: str, delta: float
) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "change_load", u
    assert (u.slots["exercise"], u.slots["delta_kg"]) == (exercise, delta)


@pytest.mark.parametrize("text", ["squat - 100kg", "knocked out 3x5 squats at 100"])
def test_a_dash_or_a_past_knock_is_no_load_change(text: str) -> None:
    assert understand(text, today=TODAY).intent != "change_load"


def test_dumbbell_pairs_are_loads_without_the_word_dumbbell() -> None:
    u = understand("bring the lateral raises down from the 12s to the 10s", today=TODAY)
    assert u.intent == "change_load", u
    assert (u.slots["exercise"], u.slots["weight_kg"]) == ("dumbbell-lateral-raise", 10.0)
    # a hold's seconds are no load
    assert understand("take the plank from 60s to 45s", today=TODAY).intent != "change_load"


# --- days a week ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("4 sessions is too many with night shifts, maybe 3", 3),
        ("2 days is not enough for me, 4 would be great", 4),
    ],
)
def test_the_days_told_as_too_many_are_left_for_the_count_after(text: str, days: int) -> None:
    u = understand(text, today=TODAY)
    assert (u.intent, u.slots) == ("generate_plan", {"days_per_week": days})


def test_too_much_said_of_something_else_leaves_the_count_as_the_new_one() -> None:
    u = understand("just 2 days a week from now on, work is too much", today=TODAY)
    assert (u.intent, u.slots) == ("generate_plan", {"days_per_week": 2})


def test_the_days_told_as_too_many_with_no_new_count_ask_how_many(me: Athlete) -> None:
    reply = me.say("5 training days a week is too much at the moment")
    assert reply.proposed_version is None
    assert reply.text == templates.GUESSED["days_per_week"]


# --- swaps ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words",
    [
        "can't stand {name}. switch for anything",
        "{name} bore me to tears! Swap with whatever you like",
    ],
)
def test_a_swap_whose_exercise_is_in_the_sentence_before_leaves_the_choice_to_the_coach(
    words: str,
) -> None:
    u = understand(words.format(name="burpees"), today=TODAY)
    assert u.intent == "swap_exercise", u
    assert u.slots["exercise"] == "burpee"
    assert u.slots.get("any") is True


@pytest.mark.parametrize(
    "text", ["best sub for lunges at home", "substitute for deadlifts? my back is fine, no bar"]
)
def test_a_sub_for_an_exercise_asked_as_a_noun_is_no_swap_from_nothing(text: str) -> None:
    u = understand(text, today=TODAY)
    assert not (u.intent == "swap_exercise" and u.slots.get("exercise") is None), u


def test_a_swap_to_another_kit_takes_the_same_lift_in_that_kit() -> None:
    u = understand("change the flat bench to dumbbell press, my shoulders prefer it", today=TODAY)
    assert u.intent == "swap_exercise", u
    assert u.slots["to"] == "dumbbell-bench-press"
    # none of the dumbbell presses is the overhead press's movement: the question stays
    asked = understand("swap the ohp for dumbbell press", today=TODAY)
    assert asked.slots.get("to") is None
    assert any("which exercise" in p for p in asked.problems)


def test_a_new_exercise_left_to_the_coach_with_the_reason_beside_it_is_chosen(
    me: Athlete,
) -> None:
    slug = sorted(me.planned())[0]
    name = NAMES[slug].lower()
    u = understand(f"replace the {name} with something, the machine is always taken", today=TODAY)
    assert (u.intent, u.slots.get("any")) == ("swap_exercise", True), u
    # a bare "something", or one that asks back, still offers the options
    for text in (f"swap the {name} for something", f"swap the {name} for something, which?"):
        assert not understand(text, today=TODAY).slots.get("any")
    reply = me.say(f"replace the {name} with something, the machine is always taken")
    assert reply.proposed_version is not None, reply.text
    assert slug not in _planned(me, reply.proposed_version)


# --- equipment -----------------------------------------------------------------------------------


def test_cardio_kit_named_by_its_app_changes_only_the_cardio_kit(me: Athlete) -> None:
    view = plans.current(me.ctx, me.id)
    assert view.plan is not None
    before = set(view.plan.equipment)
    reply = me.say("the wahoo is for cardio from now on, no elliptical anymore")
    assert reply.proposed_version is not None, reply.text
    proposed = plans.get_version(me.ctx, me.id, reply.proposed_version).plan
    assert proposed is not None
    assert set(proposed.equipment) == (before - {"elliptical"}) | {"stationary_bike"}
    assert not me.stored()
