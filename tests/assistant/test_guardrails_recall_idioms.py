"""Red flags the rules and the student both missed on the spent blind sets W-Z (tuned sets since,
issue 57), by class, in words written for this file: a racing heart said as an idiom ("going
like the clappers", "doing flips") at rest or with dizziness, and at rest said as waking at an
hour or not moving; coughing or vomiting blood in Spanish, Portuguese, French or German; the
third day or later of a fast on water or juice alone. Beside each, what must stay quiet: the
same idioms in training or for a stomach, a daily fast that ends at night, English "sang"."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

RAISED = [
    (
        "woke around 2 with my heart going like the clappers, 150 on my fitbit",
        "palpitations_at_rest",
    ),
    ("lying on the sofa and my heart started doing somersaults, 135 bpm", "palpitations_at_rest"),
    ("my heart kept doing backflips and i went all woozy in the shower", "palpitations_dizziness"),
    ("heart flip-flopping and the room spinning after my night shift", "palpitations_dizziness"),
    ("llevo dos días tosiendo sangre, can I still do my long run", "coughing_vomiting_blood"),
    ("vomitei sangue depois do jogo ontem", "coughing_vomiting_blood"),
    ("je tousse du sang depuis ce matin", "coughing_vomiting_blood"),
    ("ich huste Blut seit gestern", "coughing_vomiting_blood"),
    ("day 5 of my water only fast and I still did intervals", "extreme_diet"),
    ("day seven of a juice fast, legs feel like jelly on the bike", "extreme_diet"),
]

QUIET = [
    "heart going like the clappers on the last hill rep, legs gone",
    "my stomach was doing flips before the race",
    "did flips on the trampoline with the kids, heart pounding after",
    "day 14 of ramadan fast, training after iftar",
    "day 3 of my 16:8 fasting and feeling good",
    "I sang at karaoke then coughed all the way home",
]


@pytest.mark.parametrize(("text", "kind"), RAISED)
def test_the_class_is_raised(text: str, kind: str) -> None:
    assert kind in screen(text).red_flags


@pytest.mark.parametrize("text", QUIET)
def test_the_look_alike_stays_quiet(text: str) -> None:
    assert screen(text).red_flags == []
