"""Ordinary logs the rules alone escalated (rulealarms, stop 90), by class, in words written for
this file: "sat" as Saturday in a list of days' readings is no saturation; a number another
reading owns (a weight, a blood pressure, a step count with its thousands comma) or a session's
average heart rate is no heart rate at rest; a chest lift that hurts the breastbone, asked to be
swapped, is the joint under load; one's past heart attack or stroke named as the time a log or a
thank-you counts from is history. Each has a red-flag counterpart kept raised."""

from __future__ import annotations

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.guardrails import screen
from fitcoach.assistant.llm import Assistant
from fitcoach.services.context import ServiceContext

QUIET = [
    # "sat" as a weekday among others
    "resting hr thu 57, fri 55, sat 54, sun 56",
    "bodyweight sat 81.4, sun 81.0, mon 80.8",
    "morning pulse: fri 49 and sat 51",
    # a number another reading owns beside a normal resting rate
    "weight 187, resting heart rate 58, slept 7h",
    "bp 118 over 76 this morning, resting hr 55",
    "Fitbit summary: steps 12,450 · resting hr 52 · sleep 6:58",
    "9,180 steps, resting pulse 60",
    # a session's average rate, rest said elsewhere
    "45 min turbo while watching the news. average heart rate 142",
    # a chest lift hurting the breastbone, asked to be swapped
    "can we replace the ring dips? they make my breastbone sore",
    "switch bench for something else please, my sternum aches after bench press",
    # a past event as the time counted from
    "resting pulse 61, best it's been since my heart attack",
    "walked 4 miles today, furthest after my stroke in 2023",
    "cheers for the plan, it's helped loads since my bypass",
]

RAISED = [
    ("sats 86 sitting down, sun 88 after a rest", "low_resting_spo2"),
    ("oxygen sat 85, sun 87", "low_resting_spo2"),
    ("spo2 sat at 86 all morning", "low_resting_spo2"),
    ("weight 190, sitting on the couch and my hr is 150 for no reason", "palpitations_at_rest"),
    ("bp 120 over 80 but lying in bed my pulse is 140", "palpitations_at_rest"),
    ("average hr 135 while sitting on the sofa all evening", "palpitations_at_rest"),
    ("resting hr 128 today, steps 2,100", "palpitations_at_rest"),
    ("swap the dips, they hurt my sternum and the pain spreads to my jaw", "chest_pain"),
    ("change my plan, my sternum hurts when i walk uphill", "chest_pain"),
    ("since my heart attack i get chest pain on the stairs", "chest_pain"),
    ("after my stroke last year, my face is drooping again this morning", "stroke_signs"),
]


@pytest.mark.parametrize("text", QUIET)
def test_ordinary_readings_raise_nothing(text: str) -> None:
    assert screen(text).red_flags == []


@pytest.mark.parametrize(("text", "flag"), RAISED)
def test_their_red_flag_counterparts_stay_raised(text: str, flag: str) -> None:
    assert flag in screen(text).red_flags


def test_a_weekday_reading_list_is_logged_not_escalated(ctx: ServiceContext) -> None:
    me = Athlete(ctx, Assistant())
    reply = me.say("resting hr sat 53, sun 51, mon 54")
    assert not reply.escalated
