"""A log whose day was said only roughly ("at the weekend", "the other day", "saturday or
sunday") is asked about, never stored as today's; the day the athlete then tells completes it
(issue 57, logging57)."""

from __future__ import annotations

from datetime import date

from tests.factories import as_subject, make_athlete, subject_of

from fitcoach.assistant.offline import offline_reply
from fitcoach.assistant.registry import ToolContext
from fitcoach.assistant.reply import Turn
from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext

TODAY = date(2026, 11, 20)  # the test clock's Friday
SATURDAY = date(2026, 11, 14)


def _me(ctx: ServiceContext) -> ToolContext:
    athlete = make_athlete(ctx)
    return ToolContext(as_subject(ctx, subject_of(ctx, athlete)), athlete.id)


def test_a_weekend_session_is_asked_then_stored_on_the_day_told(ctx: ServiceContext) -> None:
    me = _me(ctx)
    first = "swam 40 min at the weekend"
    asked = offline_reply(me, first)
    assert asked.text.startswith("Which day was it")
    assert training_log.history(ctx, me.athlete_id, "cardio") == []
    history = [Turn("user", first), Turn("assistant", asked.text)]
    told = offline_reply(me, "it was saturday", history=history)
    assert training_log.history(ctx, me.athlete_id, "cardio", TODAY, TODAY) == []
    (stored,) = training_log.history(ctx, me.athlete_id, "cardio", SATURDAY, SATURDAY)
    assert stored["duration_s"] == 40 * 60
    assert told.intent == "log_cardio"


def test_a_day_alone_without_the_question_is_no_answer(ctx: ServiceContext) -> None:
    me = _me(ctx)
    history = [Turn("user", "swam 40 min"), Turn("assistant", "Logged: swimming 40 min.")]
    offline_reply(me, "saturday", history=history)
    assert training_log.history(ctx, me.athlete_id, "cardio") == []
