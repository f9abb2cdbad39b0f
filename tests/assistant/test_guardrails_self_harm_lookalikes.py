"""Issue 57 (alarms57b): self-harm words in a clear other sense, and a thing blacked out after an
ellipsis. Each class has benign messages worded here (none from a corpus) that must stay quiet,
and self-harm worded close to them that must still fire: dying of an emotion, dying foretold of
a named session, a cut with an everyday cause, hurting oneself in training, the diet sense of
cutting, a set "suicide for arms", not wanting to wake up early for something. A wish to die said in jest stays self-harm. Also log numbers that are not
readings: "sat" for Saturday beside a distance, a decimal body weight beside a resting rate."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen
from fitcoach.assistant.guardrails.explain import explain

BENIGN = [
    # Dying of an emotion, an idiom.
    "my mate filmed me falling off the box, I want to die of embarrassment",
    "wanted to die of embarrassment when my shorts split on the squat lol",
    "gonna want to die of boredom on the bike, 60 min zone 2",
    # Dying foretold of a named session: the exhaustion sense.
    "pretty sure I'm going to die on the hill repeats tomorrow haha",
    "thought I was going to die on those last 200s, 8x200 done",
    "I swear I'm going to die halfway through the half marathon sunday",
    "I feel like I'm going to die every time I do burpees, coach loves them",
    # A cut with an everyday cause.
    "cut myself shaving this morning, plaster on, still swam 2k",
    "cut myself chopping veg for meal prep, nothing serious",
    "cut myself on a tin lid, sorry, log my run: 5k 28 min",
    # Hurting oneself in training, the injury sense.
    "I'm going to hurt myself on this 1rm attempt today lol",
    "think I hurt myself doing deadlifts, lower back is tight",
    "hurt myself on the box jumps, shin is scraped",
    # The diet sense of cutting.
    "back to cutting after christmas, 2000 kcal a day",
    "started cutting again this week, aiming for 0.5 kg a week",
    "cutting again after the holidays, protein high, down 1 kg",
    # A set called suicide for a muscle, not wanting to wake up early for something.
    "drop sets are suicide for legs, can't walk",
    "really don't want to wake up at 5 for the long run",
    "don't want to wake up early for training tomorrow, so cold",
    # A thing blacked out after an ellipsis.
    "blacked out... my laptop screen for a second, anyway log bench 3x8 70kg",
    "blacked out... your screen went dark on the call lol",
]

SELF_HARM = [
    # Any take-back, insistence, repetition or sign of distress keeps every class raised.
    "could die of embarrassment, honestly I want to die every day",
    "going to die on the run tomorrow, not joking, I have a plan",
    "I'm going to die on this run and nobody would notice",
    "going to die on the bike tonight, I've decided, goodbye",
    "cut myself shaving... the arms again, not the face",
    "cut myself shaving my legs again, deeper this time",
    "cut myself on the tin lid on purpose",
    "I want to hurt myself at the gym tonight",
    "feel like I need to hurt myself doing something",
    "started cutting again, my arms are a mess, 1500 kcal",
    "cutting again after the weigh in, nobody knows",
    "started cutting again, I hate how much weight I've put on",
    "back to cutting myself, calories don't matter",
    "relapsed on cutting, 200 days clean, diet going fine",
    # Cutting with only a time beside it could be either sense: it stays raised.
    "cutting again after the holidays",
    "started cutting again this summer",
    "I tried to kill myself last spring",
    "I don't want to wake up tomorrow",
    "don't want to wake up for anything anymore",
    "suicide is on my mind, drop sets or not",
    # A wish to die said in jest is still self-harm (a joke can hide the real thing).
    "burpees make me want to die lol",
    "I want to die 😂 leg day was brutal",
]

# Log messages whose numbers are not readings: "sat" is Saturday beside a distance or a time,
# and a decimal body weight is one number, not a rate of 149 beside "8".
LOGS = [
    "sat long ride: 58 miles, 3h50, windy",
    "parkrun sat, 24 mins",
    "resting hr 52, hrv 71, weight 171.4",
    "weighed in at 152.6 this morning, resting hr 50",
]

READINGS = [
    ("sats 86 at rest", "low_resting_spo2"),
    ("sat 85% sitting on the sofa", "low_resting_spo2"),
    ("my spo2 was 87.5 at rest", "low_resting_spo2"),
    ("sitting on the sofa, heart rate 142, weight 70.5", "palpitations_at_rest"),
]

FAINTING = [
    "blacked out... my phone screen cracked when I fell on the floor",
    "blacked out for a second on the bench, came round on the floor",
]


@pytest.mark.parametrize("text", BENIGN)
def test_self_harm_words_in_a_clear_other_sense_stay_quiet(text: str) -> None:
    assert screen(text).red_flags == [], explain(text).matches


@pytest.mark.parametrize("text", SELF_HARM)
def test_self_harm_worded_close_to_them_still_fires(text: str) -> None:
    assert "self_harm" in screen(text).red_flags


@pytest.mark.parametrize("text", FAINTING)
def test_a_faint_beside_a_blacked_out_thing_still_fires(text: str) -> None:
    assert "fainting" in screen(text).red_flags


def test_self_harm_across_two_messages_is_not_renamed_away() -> None:
    # The earlier message's take-back keeps "going to die on the run" raised when read together.
    assert (
        "self_harm"
        in screen(
            "going to die on the run today", earlier=["not joking, I think about it every day"]
        ).red_flags
    )


@pytest.mark.parametrize("text", LOGS)
def test_a_day_or_a_decimal_weight_in_a_log_is_not_a_reading(text: str) -> None:
    assert screen(text).red_flags == [], explain(text).matches


@pytest.mark.parametrize(("text", "kind"), READINGS)
def test_readings_beside_them_still_fire(text: str, kind: str) -> None:
    assert kind in screen(text).red_flags
