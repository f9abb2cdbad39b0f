"""A log whose kind only the student reads (issue 57): "10:45 to 6:15" names no sleep. A
confident student names the kind, that family reads the message without its keyword, and the
rules' checks decide: stored only when every number is explained, else the question the chat
asked before."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tests.factories import as_subject, make_athlete, subject_of

from fitcoach.assistant import conversations
from fitcoach.assistant import templates as t
from fitcoach.assistant.llm import Assistant
from fitcoach.assistant.nlu import read_log
from fitcoach.assistant.student_runtime import StudentRuntime
from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext

TODAY = date(2026, 11, 28)


class _Reader:
    """A student stand-in that reads every message as one intent with probability ``p``."""

    def __init__(self, intent: str, p: float) -> None:
        from fitcoach.assistant.tuned_student import RED_FLAG_KINDS, Reading

        self.reading = Reading(intent, p, 0.0, dict.fromkeys(RED_FLAG_KINDS, 0.0))

    def read(self, text: str) -> Any:
        return self.reading


def _runtime(intent: str, p: float) -> StudentRuntime:
    runtime = StudentRuntime(Path("unused"))
    runtime.read = _Reader(intent, p).read  # type: ignore[method-assign]
    return runtime


@pytest.mark.parametrize(
    ("text", "kind", "hours"),
    [
        # ("10:45pm-6:15am" is read by the rules alone since trackerlines, stop 90)
        ("10:45 to 6:15", "log_sleep", 7.5),
        # ("crashed at 9:30 woke up at 5" is read by the rules alone since logaq16)
        ("9:30 till 5, out cold", "log_sleep", 7.5),
        # ("lights out 11:30, alarm 6:30" is read by the rules alone since misc17)
        ("midnight till 7, like a log", "log_sleep", 7.0),
    ],
)
def test_the_kind_reads_the_message_without_its_keyword(text: str, kind: Any, hours: float) -> None:
    assert not read_log(text, today=TODAY).ok  # the rules alone read no log in it
    reading = read_log(text, today=TODAY, kind=kind)
    assert reading.ok, reading.problems
    (entry,) = reading.entries
    assert entry.intent == kind
    assert entry.slots["duration_s"] == hours * 3600


def test_the_kind_never_explains_a_number_the_message_leaves_open() -> None:
    reading = read_log("10:45pm-6:15am, 3", today=TODAY, kind="log_sleep")
    assert not reading.ok
    assert any("3" in p for p in reading.problems)
    # A meal's words are not read on the student's word: they would be stored unchecked.
    assert not read_log("bacon butty and a brew", today=TODAY, kind="log_meal").entries


@pytest.mark.parametrize(
    ("p", "stored"),
    [(0.97, True), (0.6, False)],
)
def test_the_chat_stores_a_night_only_a_confident_student_names(
    ctx: ServiceContext, p: float, stored: bool
) -> None:
    athlete = make_athlete(ctx)
    me = as_subject(ctx, subject_of(ctx, athlete))
    assistant = Assistant(intents=_runtime("log_sleep", p))
    reply = conversations.chat(me, athlete.id, "10:45 to 6:15", channel="web", assistant=assistant)  # fmt: skip
    nights = training_log.history(me, athlete.id, "sleep")
    if stored:
        (night,) = nights
        assert training_log.asleep_s(night) == 7.5 * 3600
        assert "7.5 h" in reply.text
    else:
        assert nights == []
        assert reply.text == t.GUESSED["log_sleep"]  # the question, as before


def test_a_number_left_open_is_asked_about_even_with_a_confident_student(
    ctx: ServiceContext,
) -> None:
    athlete = make_athlete(ctx)
    me = as_subject(ctx, subject_of(ctx, athlete))
    assistant = Assistant(intents=_runtime("log_sleep", 0.99))
    conversations.chat(me, athlete.id, "10:45pm-6:15am, 3", channel="web", assistant=assistant)  # fmt: skip
    assert training_log.history(me, athlete.id, "sleep") == []
    conversations.chat(me, athlete.id, "crashed at 9:30 woke up at 5", channel="web", assistant=assistant)  # fmt: skip
    (night,) = training_log.history(me, athlete.id, "sleep")
    assert training_log.asleep_s(night) == 7.5 * 3600
