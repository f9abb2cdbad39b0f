"""Questions that count the athlete's own sessions over a period, through the real chat
(``conversations.chat``, rules alone) on the test database (misc57i): "how many sessions have I
done this month", "how many workouts this week", "how many runs since the 1st". The answer is
read from what the chat logged, by kind, and only within the period."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.llm import Assistant
from fitcoach.assistant.nlu import understand
from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext

TODAY = date(2026, 11, 20)  # the clock fixture's day (a Friday)
# Said in the chat this week (Monday to today) ...
SAID = (
    "rode 25 km in an hour on monday",
    "squats 3x5 at 100 kg on tuesday",
    "jogged 4 km in 25 min yesterday",
    "bench press 3x8 at 60 kg today",
)
# ... and two runs stored earlier (the chat logs the days of this week): one this month, one in
# the month before, never counted in this one.
EARLIER = ((date(2026, 11, 3), "easy-jog"), (date(2026, 10, 28), "steady-run"))


def athlete_with(
    ctx: ServiceContext, said: Sequence[str], earlier: Sequence[tuple[date, str, float | None]]
) -> Athlete:
    """An athlete who told the chat ``said`` (each logged) and had cardio stored on earlier days
    (day, activity, metres or None), as the questions below read them back."""
    athlete = Athlete(ctx, Assistant())
    for text in said:
        reply = athlete.say(text)
        assert reply.text.startswith("Logged"), (text, reply.text)
    for day, activity, metres in earlier:
        started = datetime.combine(day, time(7), tzinfo=UTC).isoformat()
        doc: dict[str, object] = {"activity_type": activity, "started_at": started, "duration_s": 1800.0}  # fmt: skip
        if metres is not None:
            doc["distance_m"] = metres
        training_log.log_cardio(ctx, athlete.id, doc)
    ctx.session.flush()
    return athlete


@pytest.fixture
def me(ctx: ServiceContext) -> Athlete:
    return athlete_with(ctx, SAID, [(day, activity, None) for day, activity in EARLIER])


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("how many sessions have I done this month?", "You logged 5 sessions"),
        ("how many workouts this week", "You logged 4 sessions"),
        ("how many runs since the 1st", "You logged 2 runs"),
        ("How many times did I run last month?", "You logged 1 run "),
        ("how many gym sessions this week?", "You logged 2 strength workouts"),
        ("how many rides have I done this month", "You logged 1 ride "),
        ("how many swims this month", "You logged 0 swims"),
    ],
)
def test_a_count_is_answered_from_the_athletes_own_log(
    me: Athlete, question: str, answer: str
) -> None:
    reply = me.say(question)
    assert answer in reply.text, reply.text
    assert not reply.escalated


@pytest.mark.parametrize(
    "question",
    [
        "how many sessions should I do a week?",
        "how many workouts are left this week",
        "how many sets did I do this week",
    ],
)
def test_a_question_about_the_plan_or_the_volume_is_no_count(question: str) -> None:
    understood = understand(question, today=TODAY)
    assert "count" not in understood.slots, understood


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("how many times did I train since monday?", "sessions"),
        ("how many times have I been to the gym this month", "strength"),
        ("how many times did I swim last week", "swims"),
        ("how many cycling sessions since the 1st", "rides"),
        ("how many hikes this month", "hikes"),
    ],
)
def test_the_kind_counted_is_read_from_the_verb_or_the_noun(question: str, kind: str) -> None:
    understood = understand(question, today=TODAY)
    assert understood.intent == "training_summary"
    assert understood.slots["count"] == kind
