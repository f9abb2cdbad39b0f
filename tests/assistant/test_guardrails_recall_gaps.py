"""Two recall gaps the look-alike work of issue 57 left (alarms57c's report): a near-faint that
came back was quietened as a figure of speech, and saddle numbness named "butt" or "arse", or
with the seat said first ("my bum has gone numb"), was not read. Each red flag here sits beside
the look-alike worded close to it that must stay quiet. Worded for this file."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

RAISED = [
    ("nearly fainted after the run and again at dinner", "fainting"),
    ("almost passed out after my intervals, it keeps happening", "fainting"),
    ("my bum has gone numb and my lower back is killing me", "cauda_equina_signs"),
    ("my butt cheeks have gone numb since the deadlift session", "cauda_equina_signs"),
    ("numb arse and back pain since friday", "cauda_equina_signs"),
    ("numb bum from the saddle and my back is killing me", "cauda_equina_signs"),
]

QUIET = [
    "nearly fainted after the run, had skipped lunch, fine after a sandwich",
    "nearly fainted when I saw the price of the new rower",
    "butt went numb on the bike seat after 3 hours, came back as soon as i got off",
    "numb butt after 3 hours on the bike saddle, gone now",
]


@pytest.mark.parametrize(("text", "kind"), RAISED)
def test_the_red_flag_is_raised(text: str, kind: str) -> None:
    assert kind in screen(text).red_flags


@pytest.mark.parametrize("text", QUIET)
def test_the_look_alike_stays_quiet(text: str) -> None:
    assert screen(text).red_flags == []
