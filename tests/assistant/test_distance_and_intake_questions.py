"""Questions about the athlete's own log that earlier read as nothing or as a new log, through
the real chat (``conversations.chat``, rules alone) on the test database: "how many km did I run
in October" (the distance of a cardio kind over a period), "how much protein did I eat
yesterday" (the protein, not the calories) and "how many calories have I eaten this week"
(a question: never a meal stored with the question as its description)."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.test_count_questions_57i import athlete_with
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.llm import Assistant
from fitcoach.assistant.nlu import understand
from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext

TODAY = date(2026, 11, 20)  # the clock fixture's day (a Friday)
SAID = (
    "rode 25 km in an hour on monday",
    "jogged 4 km in 25 min yesterday",
    "walked for 40 minutes on tuesday",  # a walk without a distance
)
# Stored earlier: one run this month, one the month before (never counted in this one), and a
# run without a distance.
EARLIER = (
    (date(2026, 11, 3), "easy-jog", 6500.0),
    (date(2026, 10, 28), "steady-run", 10000.0),
    (date(2026, 11, 4), "steady-run", None),
)


@pytest.fixture
def me(ctx: ServiceContext) -> Athlete:
    return athlete_with(ctx, SAID, EARLIER)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("how many km did I run this month?", "You ran 10.5 km from "),
        ("how many km did I run in october", "You ran 10 km from Thu 1 Oct to Sat 31 Oct (1 run)"),
        ("how far did I cycle this week", "You rode 25 km from "),
        ("what's my total mileage this month", "You covered 35.5 km from "),
        ("how many miles have I walked since monday", "none with a distance"),
        ("how far have I swum this month", "You logged no swims"),
    ],
)
def test_a_distance_is_answered_from_the_athletes_own_log(
    me: Athlete, question: str, answer: str
) -> None:
    reply = me.say(question)
    assert answer in reply.text, reply.text
    assert not reply.escalated
    assert len(training_log.history(me.ctx, me.id, "cardio")) == 6  # nothing new stored


def test_a_session_without_a_distance_is_named_not_counted(me: Athlete) -> None:
    reply = me.say("how many km did I run this month")
    assert "(3 runs; 1 without a distance, not counted)" in reply.text, reply.text


@pytest.mark.parametrize(
    "question",
    [
        "how many km should I run per week?",
        "how far is a half marathon",
        "how many miles is a 10k",
    ],
)
def test_advice_or_a_fact_is_no_distance_of_the_log(question: str) -> None:
    understood = understand(question, today=TODAY)
    assert "distance" not in understood.slots, understood


def test_an_intake_question_stores_no_meal(ctx: ServiceContext) -> None:
    athlete = Athlete(ctx, Assistant())
    for question in (
        "how many calories have I eaten this week",
        "how much protein did I get yesterday?",
        "have I eaten enough carbs today",
    ):
        reply = athlete.say(question)
        assert not reply.text.startswith("Logged"), (question, reply.text)
    assert training_log.history(athlete.ctx, athlete.id, "meals") == []


def test_protein_is_asked_for_when_protein_is_named() -> None:
    understood = understand("how much protein did I eat yesterday", today=TODAY)
    assert understood.intent == "query_metric"
    assert understood.slots["metric"] == "protein"
    assert understood.slots["start"] == date(2026, 11, 19)


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("how many miles have I run this year", date(2026, 1, 1), TODAY),
        ("how far did I ride last year?", date(2025, 1, 1), date(2025, 12, 31)),
    ],
)
def test_a_year_is_a_period(question: str, start: date, end: date) -> None:
    understood = understand(question, today=TODAY)
    assert understood.intent == "training_summary"
    assert (understood.slots["start"], understood.slots["end"]) == (start, end)


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("had 2 eggs and toast, how many calories is that", "2 eggs and toast"),
        ("breakfast oats with berries, what's that in macros", "oats with berries"),
        ("dinner was pasta. is that enough carbs for tomorrow's long run", "pasta"),
    ],
)
def test_a_question_after_a_meal_is_not_its_description(text: str, description: str) -> None:
    understood = understand(text, today=TODAY)
    assert understood.intent == "log_meal"
    assert understood.slots["description"] == description
