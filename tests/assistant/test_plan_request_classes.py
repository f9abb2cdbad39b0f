"""Plan requests by class through the real chat (``conversations.chat``, rules alone) on SQLite
and PostgreSQL: removing an exercise, a swap that leaves the choice to the coach, equipment said
as a list, days a week or session minutes said alone, and a change named without what it needs
(one precise question, nothing proposed). Every change is a proposal the validator accepted,
waiting for approval; the plan in force is unchanged until then."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.test_issue57_examples import PROFILE, Athlete

from fitcoach.assistant.nlu import understand
from fitcoach.coach.library import library_records
from fitcoach.services import plans

TODAY = date(2026, 11, 20)
NAMES = {r.slug: r.name for r in library_records()}


def _strength_in_plan(me: Athlete) -> str:
    """A strength exercise of the plan in force (by library name, lower case)."""
    view = plans.current(me.ctx, me.id)
    assert view.plan is not None
    slugs = sorted(
        i.exercise
        for s in view.plan.sessions()
        if s.status == "planned"
        for i in s.items
        if getattr(i, "kind", "") == "strength"
    )
    return slugs[0]


def _proposed(me: Athlete, version: int | None) -> plans.PlanView:
    assert version is not None
    view = plans.get_version(me.ctx, me.id, version)
    assert view.status == "proposed"  # waits for approval: nothing applied on the chat's word
    return view


def test_removing_a_named_exercise_proposes_the_plan_without_it(me: Athlete) -> None:
    slug = _strength_in_plan(me)
    reply = me.say(f"please get rid of the {NAMES[slug].lower()} for a while, not enjoying them")
    _proposed(me, reply.proposed_version)
    assert slug not in me.planned(reply.proposed_version), reply.text
    assert slug in me.planned()  # the plan in force keeps it until the athlete approves
    assert NAMES[slug] in reply.text  # the reply names what it takes out


def test_a_past_removal_or_a_whole_session_is_not_an_exercise_removal() -> None:
    for text in ("cut tomorrow's run, knee is tired", "cut my runs to 20 min", "I dropped the curls yesterday"):  # fmt: skip
        assert understand(text, today=TODAY).intent != "remove_exercise", text


def test_a_swap_left_to_the_coach_proposes_the_best_fit_with_its_reason(me: Athlete) -> None:
    slug = _strength_in_plan(me)
    reply = me.say(f"not a fan of {NAMES[slug].lower()}, pick something else for me")
    _proposed(me, reply.proposed_version)
    assert slug not in me.planned(reply.proposed_version), reply.text
    assert "I chose" in reply.text
    assert "(" in reply.text
    assert "approve" in reply.text


def test_a_swap_to_an_unknown_exercise_asks_and_proposes_nothing(me: Athlete) -> None:
    slug = _strength_in_plan(me)
    reply = me.say(f"swap {NAMES[slug].lower()} for zorblax presses")
    assert reply.proposed_version is None
    assert "?" in reply.text


def test_equipment_said_as_a_list_plans_around_only_that(me: Athlete) -> None:
    reply = me.say("garage setup: kettlebells, a bench and some bands")
    view = _proposed(me, reply.proposed_version)
    assert view.plan is not None
    # The plan is made around only that kit from now on (the services' equipment change).
    assert set(view.plan.equipment) == {"kettlebell", "bench", "resistance_band"}


def test_exercises_named_with_equipment_words_are_not_an_equipment_change() -> None:
    for text in ("bench press and dumbbell rows", "dumbbell presses and cable flyes"):
        assert understand(text, today=TODAY).intent != "set_equipment", text


def test_days_a_week_said_alone_proposes_that_many_days(me: Athlete) -> None:
    reply = me.say("5 days a week works better for me now")
    view = _proposed(me, reply.proposed_version)
    assert view.plan is not None
    assert view.plan.days_per_week == 5


def test_session_minutes_said_with_the_sessions_proposes_that_length(me: Athlete) -> None:
    reply = me.say("45 minute workouts going forward")
    view = _proposed(me, reply.proposed_version)
    assert view.plan is not None
    assert view.plan.session_minutes == 45


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("can you reschedule my training?", "Which session should I move"),
        ("I'd like my workouts a bit longer", "How long should your sessions be"),
        ("tweak the weights on my deadlift", "Which exercise's load should change"),
        ("cancel a session for me this week", "Which session should I skip"),
    ],
)
def test_a_change_named_without_what_it_needs_asks_one_question(
    me: Athlete, text: str, words: str
) -> None:
    reply = me.say(text)
    assert reply.proposed_version is None
    assert words in reply.text, reply.text
    assert reply.text.count("?") == 1
    assert not me.stored()


def test_a_new_load_may_be_followed_by_when() -> None:
    u = understand("set my deadlift to 150 kg for next week", today=TODAY)
    assert (u.intent, u.slots.get("weight_kg")) == ("change_load", 150.0)
    u = understand("put the squat at 120 kg from monday", today=TODAY)
    assert (u.intent, u.slots.get("weight_kg")) == ("change_load", 120.0)
    assert PROFILE["days_per_week"] == 4  # the athlete these chat tests start from
