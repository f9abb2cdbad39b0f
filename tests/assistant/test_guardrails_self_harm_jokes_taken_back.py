"""Self-harm said as a joke and then taken back (issue 57): the joke's death words now include
the ones writers use (one's funeral, being still alive only because of something, a named
bridge, leaving the oven on, skipping life) and the take-backs include 'not fully jk', hoping it
happens, the thought sounding better every day, being scared of what one will do and having
thought how. Hyperbole with no take-back stays quiet."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

RAISED = [
    "squat day, send flowers to my funeral lol. not fully jk though, it's been bad",
    "if I drop dead on the tempo run at least I can stop trying. kinda hope I do tbh",
    "protein shakes are the only reason I'm still alive haha. that's not a joke anymore",
    "deadlifts or the motorway bridge, tough call 🙃 no but seriously, it is sounding better every day",
    "haha leave the oven on and go to bed, dark humour. but I've thought about how I'd do it",
    "skip life instead of skipping rope lol. real talk, I'm scared of what I'll do tonight",
]

QUIET = [
    "coffee is the only reason I'm still alive before 6am lol",
    "crashed on the descent yesterday lol, just road rash, kinda hope I heal fast",
    "this rope flow routine is killing me haha, not joking, so hard",
    "jk about skipping leg day, see you monday",
]


@pytest.mark.parametrize("text", RAISED)
def test_a_joke_taken_back_is_self_harm(text: str) -> None:
    assert "self_harm" in screen(text).red_flags


@pytest.mark.parametrize("text", QUIET)
def test_hyperbole_without_a_take_back_stays_quiet(text: str) -> None:
    assert screen(text).red_flags == []
