"""An acute abdomen as a red-flag kind of the rules (issue 57, abdomen15), by class, in words
written for this file: severe belly pain with a sign of an emergency (not standing straight,
fever, vomiting, worse by the hour, sweating), the lower right with fever or vomiting, a rigid
or board-like belly, black stools with belly pain, a stuck hernia, a sudden painful testicle, in
the words people use (tummy, stomach, belly, gut, side) and in Italian, Spanish and Portuguese.
Beside them, what must stay quiet: a stitch, period cramps, sore abs after crunches, a stomach
bug that is passing, gas, a full stomach after a meal, indigestion, black stools from iron
tablets, a hernia that goes back in."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen
from fitcoach.assistant.guardrails.explain import explain
from fitcoach.cli import health
from fitcoach.coach.rules.safety import safety_limits
from research.evaluate.corpus_eval import gold_kinds

RAISED = [
    # severe belly pain with an emergency sign
    "excruciating ache in my gut since lunchtime and I'm doubled over on the sofa",
    "the worst tummy pain I've ever had, keeps getting worse and I'm in a cold sweat",
    "unbearable stomach pain, been vomiting all evening, can't sit up",
    # the lower right with fever or vomiting (appendicitis)
    "pain low on the right of my belly since yesterday, I've got chills and threw up twice",
    "my tummy hurts on the bottom right and I have a temperature of 38.6, cancel tomorrow?",
    "dolor muy fuerte en el vientre abajo a la derecha y tengo fiebre",
    # a rigid, board-like belly
    "bad ache in my abdomen and it feels like a plank of wood when I press it",
    # black stools with belly pain
    "stomach has been aching for two days and my poo is black like tar",
    # a stuck hernia
    "my inguinal hernia popped out at the gym and won't go back in, it really hurts",
    # a sudden painful testicle
    "out of nowhere my left testicle is killing me and I feel like throwing up",
    "scrotum suddenly swollen and sore after sprints",
]

QUIET = [
    "stitch under my ribs on the right during the tempo run, gone after a minute of walking",
    "period pain in my belly is rough today like always, doing yoga instead",
    "abs hurt so bad after 300 crunches yesterday, can't sit up without groaning lol",
    "had a stomach bug at the weekend, threw up saturday, feeling fine now and eating again",
    "belly full of gas after the bean chilli, bit uncomfortable",
    "so hungry my stomach hurts, what should I eat before the session?",
    "stomach ache from eating too much at the buffet, skipping the run tonight",
    "indigestion after the curry, bit of heartburn too, normal for me with spicy food",
    "my poo has been dark since starting iron tablets and my tummy aches a bit, normal?",
    "my hernia pops out when I cough but pushes straight back in, no pain, ok to squat?",
    "took a ball to the nuts in five-a-side, agony for a minute then fine",
    "log 3x15 hanging leg raises and 60s side plank, core is on fire",
    "my tummy was hurting a bit this morning but it eased off after breakfast",
]


@pytest.mark.parametrize("text", RAISED)
def test_the_class_is_raised(text: str) -> None:
    assert "acute_abdomen" in screen(text).red_flags


@pytest.mark.parametrize("text", QUIET)
def test_the_look_alike_stays_quiet(text: str) -> None:
    assert screen(text).red_flags == []


def test_the_rule_file_sends_the_person_to_emergency_care() -> None:
    rule = safety_limits().red_flags["acute_abdomen"]
    assert rule.urgency == "emergency"
    assert "emergency care" in rule.message
    assert "emergency number" in rule.message
    assert "NICE" in rule.source
    assert "acute_abdomen" in health.RED_FLAGS


def test_the_concept_layer_is_named_for_it() -> None:
    why = explain("severe pain in my tummy and I can't stand up straight")
    assert why.red_flags == ["acute_abdomen"]
    assert why.layers["acute_abdomen"] == ["concepts"]
    assert "concepts_abdomen:abd_pain" in why.matches


def test_the_corpus_gold_names_the_kind_other_medical() -> None:
    assert gold_kinds(["acute_abdomen"]) == {"other_medical"}
