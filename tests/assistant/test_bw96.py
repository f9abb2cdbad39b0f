"""Bodyweight sets and added loads (bw96), through the real chat (rules alone, an athlete with a
plan): an always-loaded lift said with no load in a workout said to need no kit is its
bodyweight entry; "no weight" after a comma is the sets' load; "weighted" alone is more of the
exercise just said; rounds over a list whose counts follow an "x"; a rep count after its "x"
with an added load is a log, never a plan change. Sentences are written for the tests."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.nlu.intents import understand
from fitcoach.assistant.reply import Reply

TODAY = date(2026, 11, 18)

BW = None  # no load stored: the body is the load


def _logged(me: Athlete, text: str) -> Reply:
    reply = me.say(text)
    assert reply.text.startswith("Logged"), reply.text
    assert reply.proposed_version is None
    return reply


@pytest.mark.parametrize(
    "text",
    [
        "3 sets of 10 squats, no weight",
        "did 20 min of skipping plus 3 sets of 10 squats, no weight. sweating buckets",
        "quick one in the living room: 3x15 squats and 3x10 push ups",
        "squats 3x20 at home, no equipment",
        "home workout before work: 3x12 squats, 3x8 pushups, 3x15 glute bridges",
        "3 rounds of 15 squats, 10 press ups, 20 sit ups while the kids slept",
    ],
)
def test_squats_with_no_load_and_no_kit_are_bodyweight_squats(me: Athlete, text: str) -> None:
    _logged(me, text)
    squats = [s for s in me.sets() if "squat" in s[0]]
    assert squats
    assert {s[0] for s in squats} == {"bodyweight-squat"}
    assert all(s[2] is BW for s in squats)


@pytest.mark.parametrize(
    "text",
    [
        "3x10 squats",  # nothing says which: the barbell's load is asked
        "squats 3x5 at home",  # a home barbell is as likely
        "home gym: squats 3x5, bench 3x5",
        "3 rounds: 10 squats, 10 deadlifts",  # another loaded lift beside it
    ],
)
def test_squats_with_no_load_where_a_barbell_is_likely_are_asked(me: Athlete, text: str) -> None:
    reply = me.say(text)
    assert not reply.text.startswith("Logged"), reply.text
    assert "load" in reply.text
    assert me.sets() == []


@pytest.mark.parametrize(
    ("text", "loads"),
    [
        ("dips 4x12 bw then weighted 2x6 with +20kg on the belt", [BW] * 4 + [20.0] * 2),
        ("pull ups 3x6 bodyweight, then weighted 2x3 +15kg", [BW] * 3 + [15.0] * 2),
        ("chin ups 3x5 and weighted 2x3 @ +20kg", [BW] * 3 + [20.0] * 2),
    ],
)
def test_weighted_alone_is_more_of_the_exercise_just_said(me: Athlete, text: str, loads: list[float | None]) -> None:  # fmt: skip
    _logged(me, text)
    sets = me.sets()
    assert len({s[0] for s in sets}) == 1
    assert sorted((s[2] or 0.0) for s in sets) == sorted((x or 0.0) for x in loads)


@pytest.mark.parametrize(
    "text",
    [
        "weighted dips + pullups superset, 4 rounds: dips x8 with +15kg, pullups x6 with +10kg",
        "4 rounds: dips x8 with +15kg, pullups x6 with +10kg",
    ],
)
def test_rounds_whose_counts_follow_an_x_are_each_exercises_sets(me: Athlete, text: str) -> None:
    _logged(me, text)
    sets = me.sets()
    assert sorted(s for s in sets if s[0] == "parallel-bar-dip") == [("parallel-bar-dip", 8, 15.0, None)] * 4  # fmt: skip
    assert sorted(s for s in sets if s[0] == "pull-up") == [("pull-up", 6, 10.0, None)] * 4


def test_a_rep_count_after_its_x_with_an_added_load_is_no_plan_change(me: Athlete) -> None:
    reply = me.say("dips x8 with +15kg")
    assert reply.proposed_version is None
    assert "plan" not in reply.text.lower()
    assert understand("dips x8 with +15kg", today=TODAY).intent != "change_load"
    # a load change said as one still is
    assert understand("add 2.5kg to my dips", today=TODAY).intent == "change_load"
    assert understand("dips +5kg from now on", today=TODAY).intent == "change_load"
