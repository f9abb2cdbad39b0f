"""Pasted app lines, weeks in one go and shift workers' days (pasted95, issue 57): a day
sleeper's clock with its minutes after a dot ("from 9am to 3.30pm") keeps its half hour; a
work shift's length ("back from a 12hr shift") is no session's time; Apple's apps ("Apple Health,
Mon:") are a tracker, never an apple eaten.
Sentences here are written for the tests, not taken from any data set."""

from __future__ import annotations

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.services import training_log


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("slept after the night shift from 9am to 3.30pm, finally dark enough", 6.5),
        ("day sleep from 8am till 2.45pm after nights", 6.75),
        ("slept from 10am to 4.15, earplugs helped", 6.25),
    ],
)
def test_a_day_sleepers_clock_with_a_dot_keeps_its_minutes(
    me: Athlete, text: str, hours: float
) -> None:
    reply = me.say(text)
    assert me.sleep_h() == [hours], reply.text


@pytest.mark.parametrize(
    "text",
    [
        "back from a 10hr shift. did 25 min on the bike before it, avg hr 131",
        "after my 12 hour night shift I did 25 minutes on the bike",
    ],
)
def test_a_shifts_length_is_no_sessions_time(me: Athlete, text: str) -> None:
    reply = me.say(text)
    cardio = training_log.history(me.ctx, me.id, "cardio")
    assert [round(c["duration_s"] / 60) for c in cardio] == [25], reply.text


def test_apples_app_is_no_apple_eaten(me: Athlete) -> None:
    reply = me.say("Apple Health, today:\nOutdoor Walk 35 min, 2.8 km\nResting Heart Rate 61 bpm")
    assert training_log.history(me.ctx, me.id, "meals") == [], reply.text
    cardio = training_log.history(me.ctx, me.id, "cardio")
    assert [round(c["duration_s"] / 60) for c in cardio] == [35], reply.text
