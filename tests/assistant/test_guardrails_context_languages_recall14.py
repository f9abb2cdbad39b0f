"""Pregnancy warning signs, heat illness and asthma the reliever does not relieve, said in
Spanish, Portuguese or Italian words or in English the concepts lacked (issue 57, recall14: the
fourteenth set, a tuned set). Written here in other words; the look-alikes are the same
contexts with nothing alarming in them."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

RAISED = [
    ("embarazada de 30 semanas y esta tarde tengo sangrado rojo", "pregnancy_warning_signs"),
    ("grávida de 33 semanas, dor de cabeça fortíssima e vejo luzinhas", "pregnancy_warning_signs"),
    ("36 semanas, el bebé no se ha movido en toda la mañana", "pregnancy_warning_signs"),
    ("28 wks and the baby is quieter than usual since lunch", "pregnancy_warning_signs"),
    ("carrera con 38 grados, mi compañero está confundido y ya no suda", "heat_illness"),
    ("pedalei 3h com 39 graus, vomitei duas vezes e tô com calafrios", "heat_illness"),
    ("desert stage today, my partner is stumbling and talking nonsense", "heat_illness"),
    ("crisis de asma, usé el inhalador y nada, se me cierra el pecho", "asthma_unrelieved"),
    ("asma atacou na corrida, usei a bombinha três vezes e não ajudou", "asthma_unrelieved"),
    (
        "asthma playing up at football, two puffs of the inhaler and it's not easing",
        "asthma_unrelieved",
    ),
]

QUIET = [
    "embarazada de 30 semanas, caminé 40 minutos y me siento genial",
    "grávida de 25 semanas, posso fazer hidroginástica duas vezes por semana?",
    "plan de 24 semanas de entreno para el maratón, ¿me lo ajustas?",
    "carrera con 35 grados, bebí mucha agua y terminé bien",
    "tengo asma leve, uso el inhalador antes de correr y todo bien",
]


@pytest.mark.parametrize(("text", "kind"), RAISED)
def test_a_warning_sign_in_its_context_is_raised(text: str, kind: str) -> None:
    assert kind in screen(text).red_flags


@pytest.mark.parametrize("text", QUIET)
def test_the_context_alone_stays_quiet(text: str) -> None:
    assert screen(text).red_flags == []
