"""The misc17 classes through the real chat (rules alone, on the test database), in words
written for this file: a night told by its clock times is stored; sleep said of the coach gets
a greeting, nothing stored; a food amount outside what the food tool works out is said plainly
and answered per 100 g, never with a raw validation message; routine medicine gets no crisis
reply while all one's pills taken still does; stopping on the stairs stops training advice."""

from __future__ import annotations

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.llm import Assistant
from fitcoach.services.context import ServiceContext


@pytest.fixture
def me(ctx: ServiceContext) -> Athlete:
    return Athlete(ctx, Assistant())


def test_a_night_told_by_its_clock_times_is_stored(me: Athlete) -> None:
    reply = me.say("lights out 22:40 last night, up at 6:25")
    assert reply.text.startswith("Logged"), reply.text
    assert me.sleep_h() == [pytest.approx(7.75)]


def test_sleep_said_of_the_coach_is_a_greeting(me: Athlete) -> None:
    reply = me.say("morning! hope you slept alright")
    assert reply.text.startswith("Hi"), reply.text
    assert me.sleep_h() == []
    assert not reply.escalated


@pytest.mark.parametrize(
    ("question", "factor"),
    [("how many calories in 12kg of oats", "120"), ("how much protein is in 8 kg of tofu?", "80")],
)
def test_an_amount_outside_the_tool_is_said_plainly(
    me: Athlete, question: str, factor: str
) -> None:
    reply = me.say(question)
    assert "Input should" not in reply.text, reply.text
    assert "couldn't do that" not in reply.text
    assert "1 g to 5 kg" in reply.text
    assert f"multiply them by {factor}" in reply.text
    assert "per 100 g" in reply.text


def test_routine_medicine_gets_no_crisis_reply(me: Athlete) -> None:
    reply = me.say("took all my tablets this morning as my GP prescribed")
    assert not reply.escalated, reply.text


def test_all_ones_pills_taken_still_gets_the_crisis_reply(me: Athlete) -> None:
    reply = me.say("I took all my tablets")
    assert reply.escalated
    assert "crisis" in reply.text.lower()


def test_stopping_on_the_stairs_stops_training_advice(me: Athlete) -> None:
    reply = me.say("lately I can't manage one flight of stairs without stopping, plan for today?")
    assert reply.escalated, reply.text
