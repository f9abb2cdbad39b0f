"""A blow to the head with a neurological sign afterwards, said in Portuguese, Spanish or
Italian (issue 57, recall14: the fourteenth set, a tuned set); the same blow with the signs
denied ("nada de dor de cabeça", "sin náuseas") stays quiet. Written here in other words."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

RAISED = [
    "bati a cabeça no chão no jiu jitsu e agora tô vendo tudo dupla",
    "me pegué en la cabeza con la barra y llevo toda la tarde con náuseas",
    "ho battuto la testa sullo scoglio, adesso ho un mal di testa fortissimo",
    "levei uma pancada na cabeça jogando bola. não me lembro do segundo tempo",
]

QUIET = [
    "bati a cabeça na prateleira ontem, nada de dor de cabeça, tudo certo",
    "me pegué en la cabeza con la puerta del coche, sin náuseas ni nada, estoy bien",
]


@pytest.mark.parametrize("text", RAISED)
def test_a_head_blow_with_a_neurological_sign_is_raised(text: str) -> None:
    assert "head_injury_signs" in screen(text).red_flags


@pytest.mark.parametrize("text", QUIET)
def test_a_head_blow_with_the_signs_denied_stays_quiet(text: str) -> None:
    assert screen(text).red_flags == []
