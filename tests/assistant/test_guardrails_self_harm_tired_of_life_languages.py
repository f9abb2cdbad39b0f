"""Self-harm said as being tired of life or wanting to die in the languages people mix in (issue
57): Spanish, French, German, Italian, Tagalog, Hindi/Urdu in Latin script, Polish, Turkish,
Indonesian and Russian in Latin script. Tiredness from training in those languages stays
quiet."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

RAISED = [
    "la verdad, ya no tiene sentido vivir",
    "estoy cansada de vivir, coach",
    "je suis fatiguée de vivre",
    "ich bin so lebensmüde",
    "sono stanca di vivere",
    "pagod na ako sa buhay ko",
    "yaar zindagi se thak gaya hoon",
    "szczerze, chcę umrzeć",
    "bazen ölmek istiyorum",
    "aku pengen mati aja",
    "ne hochu zhit bolshe",
]

QUIET = [
    "estoy cansada después del entrenamiento",
    "je suis fatiguée après la course",
    "ich bin müde nach dem lauf",
    "pagod na ako sa training",
]


@pytest.mark.parametrize("text", RAISED)
def test_tired_of_life_in_another_language_is_self_harm(text: str) -> None:
    assert "self_harm" in screen(text).red_flags


@pytest.mark.parametrize("text", QUIET)
def test_tired_from_training_stays_quiet(text: str) -> None:
    assert screen(text).red_flags == []
