"""A glucose emergency said in Spanish, Portuguese or Italian (issue 57, recall14: the fourteenth
set, a tuned set): diabetes named ("diabético", "tipo 1"), a glucose reading ("glicemia",
"glucosa"), ketones ("cetonas") and hypo signs ("temblando", "suando frio"). Written here in
other words; an ordinary reading stays quiet."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

RAISED = [
    "sou diabético tipo 1, glicemia em 420 depois do pedal e com muita sede",
    "tipo 1 aquí, la glucosa marca 2.6 mmol y estoy temblando",
    "diabetica tipo 1, chetoni alte dopo la partita e ho nausea",
]

QUIET = [
    "sou diabético tipo 1, glicemia em 110 depois do pedal, tudo certo",
    "tipo 1, la glucosa en 6.1 mmol antes de nadar, perfecto",
]


@pytest.mark.parametrize("text", RAISED)
def test_a_glucose_emergency_in_another_language_is_raised(text: str) -> None:
    assert "glycaemic_emergency" in screen(text).red_flags


@pytest.mark.parametrize("text", QUIET)
def test_an_ordinary_reading_stays_quiet(text: str) -> None:
    assert screen(text).red_flags == []
