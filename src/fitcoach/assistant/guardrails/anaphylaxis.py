"""Anaphylaxis from concepts (``coach/rules/red_flag_concepts_allergy.yaml``), by the World
Allergy Organization's criteria (WAO Anaphylaxis Guidance 2020; Resuscitation Council UK 2021).

A sign alone is rarely the emergency: a tight throat is often a cold, hives often the cold or
the shower, a swollen sting on the arm a local reaction. The kind is raised for

- an adrenaline auto-injector used or given;
- the airway (throat, tongue or lips swelling, trouble swallowing, a hoarse voice) after a
  likely allergen or a food eaten (food-dependent exercise-induced anaphylaxis);
- widespread hives or mouth swelling together with a breathing or circulation problem (WAO
  criterion 1: skin or mucosa with respiratory compromise or low blood pressure);
- wheezing or hard breathing, faintness, or widespread hives after a likely allergen (a sting,
  nuts, shellfish, a new medicine or supplement), unless the sign went or is usual for the
  person.
"""

from __future__ import annotations

from fitcoach.assistant.guardrails.text import _has
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_concepts_allergy")  # coach/rules/red_flag_concepts_allergy.yaml

_AIRWAY = _V["ana_airway"]
_BREATHING = _V["ana_breathing"]
_CIRCULATION = _V["ana_circulation"]
_SKIN = _V["ana_skin"]
_ALLERGEN = _V["ana_allergen"]
_FOOD = _V["ana_food"]
_INJECTOR = _V["ana_injector"]
_SETTLED = _V["ana_settled"]


def anaphylaxis(text: str, clauses: list[str]) -> bool:
    """Whether ``text`` (lower-cased; ``clauses`` its clauses without exercise words) tells
    of anaphylaxis by the criteria in the module docstring."""
    if _has(_INJECTOR, clauses):
        return True
    airway = _has(_AIRWAY, clauses)
    breathing = _has(_BREATHING, clauses)
    circulation = _has(_CIRCULATION, clauses)
    skin = _has(_SKIN, clauses)
    allergen = _ALLERGEN().search(text) is not None
    food = _FOOD().search(text) is not None
    if airway and (allergen or food):
        return True
    if skin and (airway or breathing or circulation):
        return True
    # Without the airway, a sign that passed is no emergency ("wheezy, two puffs and fine").
    settled = _SETTLED().search(text) is not None
    return (breathing or circulation or skin) and allergen and not settled
