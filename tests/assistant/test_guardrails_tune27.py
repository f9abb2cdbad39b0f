"""The twenty-seventh set's missed red flag (tune27, issue 57), in words of our own: cauda
equina said across two messages, the back or numbness in the athlete's last message and the
bladder or bowel sign in this one."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

ACROSS = [
    (
        "my lower back has been rough since the deadlift day",
        "also I can't tell if I need to pee anymore",
    ),
    (
        "back pain again after the long run",
        "and I've lost bladder control a couple of times this week",
    ),
    ("numb down my left leg since the tackle", "plus I can't really tell when I need a wee"),
]

NOT_ACROSS = [
    # The bladder said fine after back pain.
    ("lower back pain after the scrum", "no bladder problems though, peeing is normal"),
    # A bladder sign after nothing of the back or numbness.
    ("knee is sore after the match", "can't tell when I need to pee, probably all the coffee"),
    # An ordinary follow-up after back pain.
    ("lower back pain after the scrum", "yes please ease it off this week"),
]


@pytest.mark.parametrize(("before", "text"), ACROSS)
def test_bladder_sign_after_back_pain_in_the_last_message_is_cauda_equina(
    before: str, text: str
) -> None:
    assert "cauda_equina_signs" not in screen(text).red_flags
    assert "cauda_equina_signs" in screen(text, earlier=[before]).red_flags


@pytest.mark.parametrize(("before", "text"), NOT_ACROSS)
def test_no_cauda_equina_without_both_signs(before: str, text: str) -> None:
    assert "cauda_equina_signs" not in screen(text, earlier=[before]).red_flags


def test_earlier_message_that_raised_it_alone_is_not_raised_again() -> None:
    before = "back pain and I've wet myself twice"
    assert "cauda_equina_signs" in screen(before).red_flags
    assert (
        "cauda_equina_signs"
        not in screen("still can't tell when I need to go", earlier=[before]).red_flags
    )


SEAT_PRESSURE = [
    "bum went numb after 5 hours on the coach to the tournament, fine after a walk, back's fine",
    "numb backside from 6 hours on the ferry, my back is totally fine and it wore off",
]

SEAT_STILL_FLAGGED = [
    "numb backside from 6 hours on the ferry, back's fine but now I can't feel when I need to pee",
    "numb between my legs since yesterday, back's fine",
]


@pytest.mark.parametrize("text", SEAT_PRESSURE)
def test_hours_on_a_coach_or_ferry_with_the_back_fine_is_pressure(text: str) -> None:
    assert "cauda_equina_signs" not in screen(text).red_flags


@pytest.mark.parametrize("text", SEAT_STILL_FLAGGED)
def test_back_said_fine_keeps_a_bladder_sign_or_lasting_numbness(text: str) -> None:
    assert "cauda_equina_signs" in screen(text).red_flags
