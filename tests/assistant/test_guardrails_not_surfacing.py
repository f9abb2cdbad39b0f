"""A wish not to come back up after a jump or a dive is self-harm (issue 57, the lead at stop 88):
alarmsdev's cliff-diving look-alike must not hide it, and the same words about a lift, a match or
a swim drill stay quiet."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen


@pytest.mark.parametrize(
    "text",
    [
        "leapt off the harbour wall into the water on our weekend away, part of me hoped i wouldn't come up",
        "we went cliff diving at the quarry on the trip and i don't want to come back up",
        "i hope i don't surface next time. done with everything",
        "honestly i hope i never come up",
    ],
)
def test_a_wish_not_to_surface_is_self_harm(text: str) -> None:
    assert "self_harm" in screen(text).red_flags


@pytest.mark.parametrize(
    "text",
    [
        "cliff diving at the lake on holiday, 12 metres, best day of the trip",
        "hope i don't come up short on my last deadlift single",
        "don't want to come up with excuses, 5k run today in 27 min",
        "apnea training: hope i don't surface too early on the 50m underwater",
        "i hope i don't come up against him again in the semis",
        "benched at half time, i don't want to come back up for the second half lol",
    ],
)
def test_the_same_words_about_sport_stay_quiet(text: str) -> None:
    assert screen(text).red_flags == []
