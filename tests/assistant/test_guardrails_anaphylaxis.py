"""Anaphylaxis as a red-flag kind of the rules (issue 57), by class, in words written for this
file: the airway (throat, tongue, lips, swallowing, the voice) after a likely allergen or a food
eaten, food then exercise, breathing or faintness after a sting or a new medicine, widespread
hives with a breathing or circulation sign, an auto-injector used. Beside them, what must stay
quiet: hay fever, itchy eyes, a sting that swelled where it landed, a throat sore from a cold or
from shouting, hives from the cold that went, routine allergy tablets, nuts in a logged meal, an
auto-injector carried or expired, a sign denied."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen
from fitcoach.assistant.guardrails.explain import explain
from fitcoach.cli import health
from fitcoach.coach.rules.safety import safety_limits
from research.evaluate.corpus_eval import gold_kinds

RAISED = [
    # the airway after a likely allergen
    "a hornet got me on the ankle at the track and now my throat feels really narrow",
    "cashew stir fry for lunch, my tongue has gone fat and my voice is hoarse",
    "had some tahini dip at the party, lips blowing up and I'm struggling to swallow",
    "took the new antibiotic an hour before spin and my throat is swelling",
    "tried a different pre-workout, now there's a swelling in my throat",
    # food then exercise (food-dependent exercise-induced anaphylaxis)
    "ate a big bowl of noodles, went for a jog, now my lips are swelling",
    # breathing or circulation after a likely allergen
    "bee got me on the neck during the hike and I'm wheezing a lot now",
    "new painkillers since this morning and I feel like I'm going to pass out",
    # skin with breathing or circulation, no trigger named
    "welts all over my chest and back and it's getting hard to breathe",
    "covered in hives and really woozy, had to sit down on the gym floor",
    # widespread hives after a likely allergen
    "big red welts spreading everywhere after the mussels at dinner",
    # an adrenaline auto-injector used
    "my partner just gave me my adrenaline pen, we're waiting for the paramedics",
    "had to use the auto-injector at the climbing wall",
]

QUIET = [
    "hay fever is killing me, sneezing the whole run",
    "itchy eyes and a runny nose from the pollen, easy 5k today?",
    "wasp got my forearm on the ride, it's puffy and red around the sting, nothing else",
    "throat is scratchy after screaming at the match",
    "croaky and a bit sore from this cold, skip intervals?",
    "little hives on my legs after the icy swim, went away once I warmed up",
    "took my usual loratadine this morning like every spring, log 40 min bike",
    "snack: apple with 2 tbsp almond butter",
    "prawn stir fry 450 g for dinner",
    "always carry my epi-pen in my running belt, log 8 km",
    "my auto-injector expires next month, need a new one",
    "ate peanuts at the bar, throat isn't tight at all, just checking it's fine to train",
    "bit my lip on the landing and it's swollen a little",
    "throat feels tight when I'm anxious before a race",
    "wheezy after the hill reps, two puffs and fine, had almonds before",
]


@pytest.mark.parametrize("text", RAISED)
def test_the_class_is_raised(text: str) -> None:
    assert "anaphylaxis" in screen(text).red_flags


@pytest.mark.parametrize("text", QUIET)
def test_the_look_alike_stays_quiet(text: str) -> None:
    assert screen(text).red_flags == []


def test_the_rule_file_tells_the_person_to_use_the_injector_and_call_for_help() -> None:
    rule = safety_limits().red_flags["anaphylaxis"]
    assert rule.urgency == "emergency"
    assert "auto-injector" in rule.message
    assert "emergency number" in rule.message
    assert rule.message.index("auto-injector") < rule.message.index("emergency number")
    assert "Resuscitation Council" in rule.source
    assert "anaphylaxis" in health.RED_FLAGS


def test_the_concept_layer_is_named_for_it() -> None:
    why = explain("stung by a bee and my throat is tightening up")
    assert why.red_flags == ["anaphylaxis"]
    assert why.layers["anaphylaxis"] == ["concepts"]
    assert "concepts_allergy:ana_airway" in why.matches


def test_the_corpus_gold_names_the_kind_other_medical() -> None:
    assert gold_kinds(["anaphylaxis", "fainting"]) == {"other_medical", "fainting"}
    assert gold_kinds(["stroke_signs"]) == {"other_medical"}
