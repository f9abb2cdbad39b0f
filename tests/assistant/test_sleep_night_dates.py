"""A night is dated by the morning it ended, however it is named: "last night" is today's night,
"friday night" Saturday's; a night's words never date the workout or reading beside it (through
the real chat, rules alone, on the test database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.llm import Assistant
from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext

TODAY = date(2026, 11, 20)  # the clock fixture's day (a Friday)


@pytest.fixture
def me(ctx: ServiceContext) -> Athlete:
    return Athlete(ctx, Assistant())


def _nights(me: Athlete) -> dict[date, float]:
    """Hours asleep by the morning each night ended (the athlete lives in UTC)."""
    nights = training_log.history(me.ctx, me.id, "sleep", TODAY - timedelta(days=14), TODAY)
    return {n["ended_at"].date(): training_log.asleep_s(n) / 3600 for n in nights}


@pytest.mark.parametrize(
    ("text", "morning", "hours"),
    [
        ("got about 6 and a half hours last night", TODAY, 6.5),
        ("last night asleep by 23:40, woke 6:10", TODAY, 6.5),
        ("wednesday night I only managed 5h of sleep", date(2026, 11, 19), 5.0),
        ("tuesday night slept 9 hours, first proper lie-in", date(2026, 11, 18), 9.0),
    ],
)
def test_a_named_night_is_the_morning_it_ended(
    me: Athlete, text: str, morning: date, hours: float
) -> None:
    reply = me.say(text)
    assert reply.text.startswith("Logged"), reply.text
    assert _nights(me) == {morning: pytest.approx(hours)}


def test_the_nights_words_do_not_date_the_lift_beside_it(me: Athlete) -> None:
    reply = me.say("deadlift 3x5 at 140kg, and 7 hours sleep last night")
    assert reply.text.count("Logged") == 2, reply.text
    assert _nights(me) == {TODAY: pytest.approx(7.0)}
    (workout,) = training_log.history(me.ctx, me.id, "workouts")
    assert str(workout["started_at"])[:10] == TODAY.isoformat()


@pytest.mark.parametrize(
    "text",
    [
        "should i aim for 8 hours sleep the night before a marathon?",
        "is six hours sleep too little when cutting?",
        "would nine hrs of sleep speed up recovery?",
    ],
)
def test_a_question_about_how_much_to_sleep_stores_no_night(me: Athlete, text: str) -> None:
    me.say(text)
    assert _nights(me) == {}


def test_a_night_told_beside_a_question_is_still_stored(me: Athlete) -> None:
    me.say("is it bad that i slept only 4 hours?")
    assert _nights(me) == {TODAY: 4.0}
