"""The twenty-eighth set's missed red flag (tune28b, issue 57), in words of our own: DVT signs said
across two messages, the calf or leg and its clot risk (a flight, a long drive) in the athlete's
last message, the swelling of one leg in the answer to the coach's question."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

ACROSS = [
    (
        "my calf aches, is that normal after 11 hours on a plane?",
        "just the left. it's hot and puffy",
    ),
    (
        "leg's been achy since the drive back from the coast, 9 hours in the car",
        "yeah the right one is swollen and red now",
    ),
    ("calf tight after flying home from the race", "the right. it's fatter than the other one"),
]

NOT_ACROSS = [
    # Both legs: swelling after sitting, left to the coach.
    ("calf is sore after a long flight", "both of them, a bit puffy"),
    # The swelling said not there.
    ("calf is sore after a long flight", "only the right one, no swelling"),
    # The swelling of another body part.
    ("calf is sore after a long flight", "my ankle is swollen from rolling it though"),
    # No clot risk told: a sore calf after training.
    ("calves are wrecked after leg day", "the right one is a bit swollen"),
    # An ordinary follow-up.
    ("calf is sore after a long flight", "feels fine now, cheers"),
]


@pytest.mark.parametrize(("before", "text"), ACROSS)
def test_one_leg_swollen_after_a_calf_and_a_flight_told_before_is_dvt(
    before: str, text: str
) -> None:
    assert "dvt_signs" not in screen(text).red_flags
    assert "dvt_signs" not in screen(before).red_flags
    assert "dvt_signs" in screen(text, earlier=[before]).red_flags


@pytest.mark.parametrize(("before", "text"), NOT_ACROSS)
def test_no_dvt_across_without_one_swollen_leg(before: str, text: str) -> None:
    assert "dvt_signs" not in screen(text, earlier=[before]).red_flags


def test_earlier_message_that_raised_it_alone_is_not_raised_again() -> None:
    before = "calf is hot and swollen since the flight home"
    assert "dvt_signs" in screen(before).red_flags
    assert "dvt_signs" not in screen("still a bit puffy", earlier=[before]).red_flags
