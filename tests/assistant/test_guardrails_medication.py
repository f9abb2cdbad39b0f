"""Painkillers past their limits, a bleed in the gut without belly pain and a pregnant belly going
hard (issue 57, medflags16), by class, in words written for this file.

- ``medication_overuse``: painkillers over the daily maximum, a double dose, more than the box
  says, before every session, every day for weeks, two anti-inflammatories together, told with
  no wish to harm oneself. It used to read as self-harm (the crisis reply) whenever the count of
  tablets looked like an overdose's. An intentional overdose (on purpose, all at once, the whole
  box, a secret, a hospital after, a stockpile, a big count in one night) stays self-harm.
- ``gut_bleed``: black, tarry or maroon stools or a lot of blood passed, with no belly pain (with
  it, ``acute_abdomen``); not after iron, bismuth, black pudding or liquorice named as the cause.
  Vomit like coffee grounds in other words is ``coughing_vomiting_blood``.
- A pregnant belly going hard in waves with pain is ``pregnancy_warning_signs``, never
  ``acute_abdomen``; painless Braxton Hicks stay quiet.
"""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import escalation_message, quietened, screen
from fitcoach.cli import health
from fitcoach.coach.rules.safety import safety_limits
from research.evaluate.corpus_eval import gold_kinds

OVERUSE = [
    # over the daily maximum, as a count a day or in milligrams
    "for about a month now I've been getting through 9 or 10 nurofen a day because of my hip",
    "my achilles is bad so I'm on 4 aleve per day, been like that since the marathon",
    "running on roughly 2400mg of ibuprofen a day to keep my shin splints quiet",
    "had 14 paracetamol over the course of yesterday, spaced out, for a tooth that's killing me",
    # more than the label, in words
    "been doubling up on the naproxen since my back went, one dose isn't touching it",
    "I'm necking way more co-codamol than the packet allows for my sciatica",
    "honestly taking far too many anti-inflammatories for this tennis elbow",
    "I go over the max dose of tylenol most days, the knee is that sore",
    "I've been overusing painkillers for my dodgy shoulder, probably triple what it says",
    "taking loads of ibuprofen for my groin strain this week just to keep playing",
    # a habit around training
    "I always pop two advil before each parkrun or my knees scream",
    "can't get through a single session without diclofenac lately",
    "a couple of ibuprofen before all my long runs has become routine",
    # every day for weeks
    "I take naproxen every day for my plantar fasciitis and have done for six weeks",
    "daily ibuprofen since the start of october for a sore wrist, is that why my stomach's off",
    # two anti-inflammatories together
    "I take aspirin plus ibuprofen together for my shoulder, seems to work better",
    # more than the limit asked about
    "is it ok to take 12 paracetamol a day for a bad back?",
]

OVERDOSE = [
    "I swallowed every painkiller in the bathroom cupboard on friday night",
    "took 30 ibuprofen in one go last week because I wanted it to be over",
    "had a whole packet of nurofen after the argument with my girlfriend, nobody knows",
    "I'm stockpiling my co-codamol, just in case",
    "took about twenty paracetamol on saturday night, didn't wake up till noon",
    "overdosed on my pain meds last month and ended up in hospital, still feel low",
    "how many naproxen would it take to not wake up",
    "yesterday I swallowed a load of my dad's tablets, please don't tell anyone",
    "took my nan's pills, loads, nobody knows",
    "me tomé demasiadas pastillas el sábado, no se lo dije a nadie",
    "googled how much tylenol is too much last night",
]

QUIET = [
    "took a couple of paracetamol for a headache after the match, fine now",
    "one ibuprofen after the long run for my knee, within the dose on the box",
    "my GP prescribed naproxen twice a day for my arthritis, ok to keep cycling?",
    "how many ibuprofen can I safely take in a day?",
    "is it bad to take an advil before a race?",
    "period pain today, had the usual two ibuprofen and a hot water bottle",
    "I never take more painkillers than the leaflet says",
    "log 5k run 26 min, took a paracetamol afterwards for my sore calf",
    "doc has me on 600mg ibuprofen three times a day for two weeks after the op",
    "had lots of pills with dinner, my vitamins and fish oil",
    "had a whole packet of biscuits after the run, oops",
]

GUT_BLEED = [
    "my poo came out black and sticky like tar this morning, no tummy ache at all",
    "noticed tarry stools twice since yesterday and I'm a bit woozy",
    "stools have gone jet black, been on naproxen for my knee",
    "there was a lot of dark blood in the loo when I went, no pain",
    "having maroon coloured poos since the ultra",
]

GUT_QUIET = [
    "started ferrous sulphate last week and now my poo is black, GP warned me",
    "had pepto bismol for an upset stomach and my poo went black, normal apparently",
    "ate a whole punnet of blueberries and my stool looks really dark lol",
    "tiny bit of bright red blood on the loo roll after the sportive, piles again",
    "my wee was pink after a beetroot shot before the run",
    "poo was normal colour, not black, just checking after the ibuprofen",
]

COFFEE_VOMIT = [
    "brought up some dark grainy sick after the race that looked like old coffee",
    "my vomit had black gritty bits in it this morning",
]

PREGNANT_HARD = [
    "31 weeks along and my bump keeps going rock solid with a cramping pain every few minutes",
    "pregnant with twins, tummy balls up hard and it hurts, on and off since lunch",
    "I'm 35 weeks, belly went tight as a drum and painful, coming in waves",
]

PREGNANT_QUIET = [
    "28 weeks and the bump goes tight now and again, painless, midwife said braxton hicks",
    "I'm 24 weeks pregnant and my belly feels hard after dinner, no pain, just full",
]


@pytest.mark.parametrize("text", OVERUSE)
def test_painkillers_past_their_limits_are_their_own_kind(text: str) -> None:
    flags = screen(text).red_flags
    assert "medication_overuse" in flags
    assert "self_harm" not in flags


@pytest.mark.parametrize("text", OVERDOSE)
def test_an_intentional_overdose_stays_self_harm(text: str) -> None:
    flags = screen(text).red_flags
    assert "self_harm" in flags
    assert "medication_overuse" not in flags


@pytest.mark.parametrize("text", QUIET)
def test_painkillers_within_their_limits_raise_nothing(text: str) -> None:
    assert screen(text).red_flags == []


@pytest.mark.parametrize("text", GUT_BLEED)
def test_a_bleed_in_the_gut_without_belly_pain(text: str) -> None:
    assert "gut_bleed" in screen(text).red_flags


@pytest.mark.parametrize("text", GUT_QUIET)
def test_a_named_harmless_cause_or_a_streak_raises_nothing(text: str) -> None:
    assert screen(text).red_flags == []


def test_black_stools_with_belly_pain_are_an_acute_abdomen() -> None:
    flags = screen("gut ache for two days and my poo has been black like tar").red_flags
    assert "acute_abdomen" in flags
    assert "gut_bleed" not in flags


@pytest.mark.parametrize("text", COFFEE_VOMIT)
def test_vomit_like_coffee_grounds_in_other_words(text: str) -> None:
    assert "coughing_vomiting_blood" in screen(text).red_flags


def test_coffee_drunk_and_brought_back_up_is_not_blood() -> None:
    assert screen("drank a black coffee then threw up after the sprints").red_flags == []


def test_a_gut_bleed_with_the_painkillers_named_raises_both_not_self_harm() -> None:
    flags = screen(
        "threw up what looked like coffee grounds, been taking lots of naproxen for my heel"
    ).red_flags
    assert "coughing_vomiting_blood" in flags
    assert "medication_overuse" in flags
    assert "self_harm" not in flags


@pytest.mark.parametrize("text", PREGNANT_HARD)
def test_a_pregnant_belly_going_hard_is_the_pregnancy_kind(text: str) -> None:
    flags = screen(text).red_flags
    assert "pregnancy_warning_signs" in flags
    assert "acute_abdomen" not in flags


@pytest.mark.parametrize("text", PREGNANT_QUIET)
def test_painless_tightenings_in_pregnancy_stay_quiet(text: str) -> None:
    assert screen(text).red_flags == []


def test_self_harm_read_literally_is_the_benign_sense_the_student_sees() -> None:
    text = "took 12 ibuprofen over the whole day yesterday for my ankle"
    assert screen(text).red_flags == ["medication_overuse"]
    assert quietened(text) == ["self_harm"]


def test_the_rule_file_sends_overuse_to_a_pharmacist_and_a_bleed_to_emergency_care() -> None:
    rules = safety_limits().red_flags
    assert rules["medication_overuse"].urgency == "doctor"
    assert "pharmacist" in rules["medication_overuse"].message
    assert "NHS" in rules["medication_overuse"].source
    assert rules["gut_bleed"].urgency == "emergency"
    assert "emergency care" in rules["gut_bleed"].message
    assert "NICE" in rules["gut_bleed"].source
    assert {"medication_overuse", "gut_bleed"} <= set(health.RED_FLAGS)


def test_the_reply_is_not_the_crisis_line() -> None:
    message = escalation_message(screen("I've been taking double the ibuprofen dose for my knee"))
    assert "pharmacist" in message
    assert "crisis" not in message


def test_the_corpus_gold_names_the_kinds_other_medical() -> None:
    assert gold_kinds(["medication_overuse", "gut_bleed"]) == {"other_medical"}
