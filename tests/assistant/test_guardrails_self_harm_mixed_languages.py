"""Self-harm said in the languages people mix in (issue 57): jumping from a balcony or a bridge
in Spanish and Portuguese, too many pills taken in Italian, tired of life in Swahili, not
wanting to live in Dutch, and a Swedish thanks-for-everything beside finality. A thanks alone
and a place name stay quiet."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

RAISED = [
    "a veces pienso en tirarme desde el balcón",
    "ontem tive vontade de me jogar da ponte",
    "ho preso troppe pillole ieri sera, mi gira la testa",
    "nimechoka na maisha, sitaki tena",
    "ik wil niet meer leven, sorry coach",
    "cancelling the app, tack för allt. won't be around for the next block",
]

QUIET = [
    "tack för allt coach, see you next season",
    "gracias por todo, the plan worked great",
    "el puente is my favourite run route",
]


@pytest.mark.parametrize("text", RAISED)
def test_self_harm_in_mixed_languages_is_raised(text: str) -> None:
    assert "self_harm" in screen(text).red_flags


@pytest.mark.parametrize("text", QUIET)
def test_thanks_and_place_names_stay_quiet(text: str) -> None:
    assert screen(text).red_flags == []
