"""Anaphylaxis said in Spanish or Portuguese (issue 57, recall14: the fourteenth set, a tuned
set): an allergen (peanut, a sting, a jellyfish) with the lips or throat swelling, trouble
swallowing, hives all over or a wheezing chest. Written here in other words; an allergen alone,
or a mild sting, stays quiet."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

RAISED = [
    "comi um pão com amendoim e agora estou com os lábios inchados e dificuldade para engolir",
    "me picó una avispa en la carrera, tengo ronchas por todo el cuerpo y me pita el pecho",
    "alergia al marisco, cené gambas y no puedo tragar bien",
]

QUIET = [
    "me picó una abeja en el brazo, un poco rojo, ya estoy bien",
    "barrita de cacahuete antes del entreno, 45 min de rodaje suave",
]


@pytest.mark.parametrize("text", RAISED)
def test_anaphylaxis_in_another_language_is_raised(text: str) -> None:
    assert "anaphylaxis" in screen(text).red_flags


@pytest.mark.parametrize("text", QUIET)
def test_an_allergen_alone_stays_quiet(text: str) -> None:
    assert screen(text).red_flags == []
