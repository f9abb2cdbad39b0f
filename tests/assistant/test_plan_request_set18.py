"""Plan requests by class from the eighteenth final blind set's misses (issue 57, plans18), in
other words than the set's, through the readers and the real chat (``conversations.chat``,
rules alone): a bare length after "make it" beside one said too long, sessions "put at" a
length, times "in the week" as days, a press named by its posture ("my seated press"), a
machine's intervals, Scots words of a request, the everyday words of a worn-out part beside a
request ("jacked up", "knackered", "they wreck my wrists"), a removal in a clause after the
story, and a swap by name beside an injury made even where the injury's own proposal kept the
exercise."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.guardrails import screen
from fitcoach.assistant.nlu import ExerciseMatcher, understand, understand_plan_in_english
from fitcoach.services import athletes, plans

TODAY = date(2026, 11, 20)  # the clock fixture's day (a Friday)


def _read(text: str) -> tuple[str, dict[str, object]]:
    u = understand(text, today=TODAY)
    return u.intent, dict(u.slots)


# --- the readers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        # a length said too long, then a bare number after "make it" or "cut it to": minutes
        ("50 minutes is too much after night shifts, cut it to 30", 30),
        ("the 60 min ones are way too long for me, make them 40", 40),
        # sessions "put at" a length, the old one after "not"
        ("can you put the workouts at 40 mins, not 55 please", 40),
    ],
)
def test_a_bare_length_after_make_it_and_sessions_put_at_a_length(text: str, minutes: int) -> None:
    assert _read(text) == ("set_session_minutes", {"minutes": minutes})


@pytest.mark.parametrize("text", ["make it 35", "the sessions at 6am are hard"])
def test_no_length_without_one_said(text: str) -> None:
    intent, slots = _read(text)
    assert intent != "set_session_minutes", slots


def test_a_bare_number_with_its_own_unit_keeps_it() -> None:
    intent, slots = _read("45 min is fine but make it 12 reps on the squats")
    assert slots.get("minutes") != 12, (intent, slots)


def test_times_in_the_week_are_days() -> None:
    assert _read("I'd like to lift just 3 times in the week from now on") == (
        "generate_plan",
        {"days_per_week": 3},
    )
    intent, _slots = _read("I trained 3 times in the week")
    assert intent != "generate_plan"


def test_a_press_named_by_its_posture_offers_the_presses_with_that_word() -> None:
    intent, slots = _read("take 5 kg off my seated press")
    assert intent == "change_load"
    assert slots["delta_kg"] == -5.0
    assert {"seated-dumbbell-shoulder-press", "machine-shoulder-press"} <= set(slots["choices"])  # type: ignore[arg-type]
    assert "kettlebell-overhead-press" not in slots["choices"]  # type: ignore[operator]
    # a press with its own name is still that lift
    assert _read("add 5 kg to my leg press") == ("change_load", {"exercise": "leg-press", "delta_kg": 5.0})  # fmt: skip


def test_a_machines_intervals_and_the_seated_presss_names() -> None:
    intent, slots = _read("replace the treadmill intervals with the rower")
    assert intent == "swap_exercise"
    assert slots["exercise"] == "running-intervals"
    matcher = ExerciseMatcher.from_library()
    found = matcher.match("seated dumbbell overhead press")
    assert found is not None
    assert found.slug == "seated-dumbbell-shoulder-press"


def test_scots_words_of_a_request() -> None:
    u = understand_plan_in_english("gie us a plan tae get stronger, nae gym at aw", today=TODAY)
    assert u is not None
    assert (u.intent, u.slots.get("goal")) == ("generate_plan", "strength")
    assert understand_plan_in_english("aw man, leg day was rough", today=TODAY) is None


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("swap the deadlifts, my back's jacked up", "lower_back"),
        ("no burpees please, they wreck my wrists", "wrist"),
        ("drop the step ups for now, my knee is knackered", "knee"),
    ],
)
def test_a_worn_out_part_beside_a_request_is_pain(text: str, region: str) -> None:
    injury = screen(text).injury
    assert injury is not None
    assert injury.region == region


@pytest.mark.parametrize(
    "text",
    [
        "I'm knackered after the night shift",
        "my shoulder's knackered after moving house, 3x10 rows done",
        "that hill sprint destroyed me",
    ],
)
def test_no_pain_in_those_words_without_a_request(text: str) -> None:
    assert screen(text).injury is None


# --- through the chat ----------------------------------------------------------------------------


def test_a_removal_in_a_clause_after_the_story(me: Athlete) -> None:
    reply = me.say("hip's still sore from slipping on the ice, it's healing but drop the step ups")
    assert "hip" in _regions(me)
    # the removal is answered (the test plan has no step-ups), not the substitutes' list
    assert "not in your plan" in reply.text, reply.text


def test_a_swap_by_name_beside_an_injury_is_made(me: Athlete) -> None:
    before = _exercises(me, None)
    assert "barbell-bench-press" in before
    reply = me.say("hurt my wrist at work, swap the bench press for something that won't hurt it")
    assert "wrist" in _regions(me)
    assert reply.proposed_version is not None, reply.text
    assert "barbell-bench-press" not in _exercises(me, reply.proposed_version)


def _regions(me: Athlete) -> list[str]:
    profile = athletes.get_athlete(me.ctx, me.id).profile
    return [str(i.get("region")) for i in (profile.injuries if profile else [])]


def _exercises(me: Athlete, version: int | None) -> set[str]:
    plan = (
        plans.current(me.ctx, me.id).plan
        if version is None
        else plans.get_version(me.ctx, me.id, version).plan
    )
    assert plan is not None
    return {
        i.exercise
        for s in plan.sessions()
        if s.status == "planned"
        for i in s.items
        if hasattr(i, "exercise")
    }
