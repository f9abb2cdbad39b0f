"""A "no" that insists rather than denies ("no seriously ...", "no joke", "no cap") does not
negate the sign after it: the red flag is raised as without it. A real denial nearby stays a
denial ("no real chest pain", "no joke, no chest pain today"). Noticed while tuning look-alikes
on the twelfth set (issue 57); in words written for this file."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

RAISED = [
    ("no seriously my chest is tight and my left arm is numb", "chest_pain"),
    ("no joke my chest is tight and my left arm is numb", "chest_pain"),
    ("no cap i blacked out on the bus and hit my head", "fainting"),
    ("no for real i passed out in the shower this morning", "fainting"),
]

QUIET = [
    "no real chest pain, just tired legs",
    "no chest pain, just tired legs",
    "no really no chest pain",
    "no joke no chest pain today, finally",
]


@pytest.mark.parametrize(("text", "kind"), RAISED)
def test_an_insisting_no_does_not_negate_the_sign(text: str, kind: str) -> None:
    assert kind in screen(text).red_flags


@pytest.mark.parametrize("text", QUIET)
def test_a_denial_stays_a_denial(text: str) -> None:
    assert screen(text).red_flags == []
