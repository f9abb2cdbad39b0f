"""Plan requests by class from the twenty-first final blind set's misses (issue 57, plans21), in
other words than the set's, through the readers and the real chat (``conversations.chat``,
rules alone): a swap left to the coach with a stressing word ("honestly anything else") or what
the new one must spare ("something wrist-safe"), one that must not land hard (a pelvic floor,
a sleeping baby: only low-impact substitutes), a removal asked as a question with its why after
the mark, a load moved "up" or "down" by a bare number (with the load it is at told first), and
the time an athlete can give now as a session's length ("i can spare 50 minutes")."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.assistant.test_issue57_examples import Athlete, with_plan
from tests.factories import as_subject, make_athlete, subject_of

from fitcoach.assistant.llm import Assistant
from fitcoach.assistant.nlu import understand, understand_plan_in_english
from fitcoach.assistant.registry import ToolContext
from fitcoach.assistant.tools import default_registry
from fitcoach.services import plans
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import library_records

TODAY = date(2026, 11, 20)  # the clock fixture's day (a Friday)


@pytest.fixture
def me(ctx: ServiceContext) -> Athlete:
    return with_plan(ctx, Assistant())


def _read(text: str) -> tuple[str, dict[str, object]]:
    u = understand(text, today=TODAY)
    return u.intent, dict(u.slots)


# --- the readers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "exercise"),
    [
        ("switch the deadlifts to honestly anything else, they bore me", "barbell-deadlift"),
        ("replace push ups with something shoulder-safe please", "push-up"),
        ("swap the dips for just something else", "parallel-bar-dip"),
    ],
)
def test_a_stressed_or_described_choice_is_left_to_the_coach(text: str, exercise: str) -> None:
    intent, slots = _read(text)
    assert (intent, slots["exercise"], slots["to"], slots["any"]) == (
        "swap_exercise",
        exercise,
        None,
        True,
    )
    assert "low_impact" not in slots


@pytest.mark.parametrize(
    "text",
    [
        "replace the box jumps with something bladder friendly, 6 months postnatal",
        "swap jumping jacks for something quiet, baby is asleep upstairs",
        "change the tuck jumps to anything without jumping pls",
    ],
)
def test_a_choice_that_must_not_land_hard_is_low_impact(text: str) -> None:
    intent, slots = _read(text)
    assert intent == "swap_exercise"
    assert slots["to"] is None
    assert slots["any"]
    assert slots["low_impact"]


@pytest.mark.parametrize(
    ("text", "exercise"),
    [
        ("could you drop the burpees? three under five and a bad back", "burpee"),
        ("can we bin the box jumps? my knees say no", "box-jump"),
    ],
)
def test_a_removal_asked_then_a_why_is_a_removal(text: str, exercise: str) -> None:
    assert _read(text) == ("remove_exercise", {"exercise": exercise})


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("could we move up 5 on the deadlift", {"exercise": "barbell-deadlift", "delta_kg": 5.0}),
        ("squat felt heavy, go down 10", {"exercise": "barbell-back-squat", "delta_kg": -10.0}),
        # the load it is at told first: the new one
        (
            "leg press at 160 feels too heavy, go down 10",
            {"exercise": "leg-press", "weight_kg": 150.0},
        ),
    ],
)
def test_up_or_down_by_a_bare_number_is_a_load_change(text: str, slots: dict[str, Any]) -> None:
    assert _read(text) == ("change_load", slots)


@pytest.mark.parametrize("text", ["i went up 2 kg this week", "go up 2 flights of stairs"])
def test_up_without_a_lift_is_no_load_change(text: str) -> None:
    assert _read(text)[0] != "change_load"


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("i can spare 50 minutes now the twins nap", 50),
        ("we could give it a whole hour from now on", 60),
        ("I'll commit 40 mins each time", 40),
    ],
)
def test_the_time_offered_is_a_session_length(text: str, minutes: int) -> None:
    assert _read(text) == ("set_session_minutes", {"minutes": minutes})


@pytest.mark.parametrize("text", ["i can do an hour of pilates", "i can do 20 min on the rower"])
def test_an_activity_offered_is_no_session_length(text: str) -> None:
    assert _read(text)[0] != "set_session_minutes"


@pytest.mark.parametrize(
    ("text", "exercise"),
    [
        ("yeh deadlift hatao kuch aur daal do bhai, kamar dukhti hai", "barbell-deadlift"),
        ("leg press hata ke kuch dusra rakh do", "leg-press"),
    ],
)
def test_hinglish_out_with_one_and_something_else_in_is_a_swap(text: str, exercise: str) -> None:
    u = understand_plan_in_english(text, today=TODAY)
    assert u is not None
    assert (u.intent, dict(u.slots)) == (
        "swap_exercise",
        {"exercise": exercise, "to": None, "any": True},
    )


# --- the substitutes tool ------------------------------------------------------------------------


def test_low_impact_substitutes_never_land_hard(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    tctx = ToolContext(as_subject(ctx, subject_of(ctx, athlete)), athlete.id)
    gentle = default_registry().call(
        tctx, "exercise_substitutes", {"exercise": "jumping jacks", "low_impact": True}
    )
    assert gentle.ok
    assert gentle.data["hits"], gentle.summary
    records = {r.slug: r.biomechanics for r in library_records()}
    for hit in gentle.data["hits"]:
        assert records[hit["slug"]].impact in ("none", "low"), hit
        assert not records[hit["slug"]].fall_risk, hit
    assert "with low impact" in gentle.summary


# --- through the chat ----------------------------------------------------------------------------


def _proposed(me: Athlete, version: int | None) -> tuple[int, set[str]]:
    assert version is not None
    view = plans.get_version(me.ctx, me.id, version)
    assert view.plan is not None
    exercises = {i.exercise for s in view.plan.sessions() if s.status == "planned" for i in s.items}
    return view.plan.session_minutes, exercises


def test_the_time_offered_is_proposed(me: Athlete) -> None:
    reply = me.say("i can spare 45 minutes a session now my dad has the baby")
    assert _proposed(me, reply.proposed_version)[0] == 45, reply.text


def test_a_planned_lift_swapped_for_anything_is_proposed(me: Athlete) -> None:
    reply = me.say("swap the back squats for honestly anything else")
    assert "barbell-back-squat" not in _proposed(me, reply.proposed_version)[1], reply.text


def test_a_low_impact_swap_proposes_no_landing(me: Athlete) -> None:
    before = plans.current(me.ctx, me.id)
    assert before.plan is not None
    had = {i.exercise for s in before.plan.sessions() if s.status == "planned" for i in s.items}
    reply = me.say(
        "replace the back squats with something low impact, still leaking since the birth"
    )
    exercises = _proposed(me, reply.proposed_version)[1]
    assert "barbell-back-squat" not in exercises, reply.text
    records = {r.slug: r.biomechanics for r in library_records()}
    new = exercises - had
    assert new, reply.text
    assert all(records[e].impact in ("none", "low") for e in new), (new, reply.text)
