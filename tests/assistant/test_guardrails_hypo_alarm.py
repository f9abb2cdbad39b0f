"""A sensor's hypo alarm said to be fine or false is no hypo told (issue 57, the lead at stop 88,
from corpus-57j's logging): the same alarm with a felt sign or a low reading stays a red flag."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen


@pytest.mark.parametrize(
    "text",
    [
        "libre's hypo alarm woke me at 4 but i was fine, back to sleep till 7",
        "low alert went off on the bike again, finger prick said 6.4, stupid sensor",
        "type 1, hypo warning mid swim turned out a false alarm, 2k done",
    ],
)
def test_an_alarm_said_fine_or_false_is_quiet(text: str) -> None:
    assert screen(text).red_flags == []


@pytest.mark.parametrize(
    "text",
    [
        "hypo alarm at 5am and i was fine at first, then went shaky and sweaty on the walk",
        "cgm low alert, finger prick said 2.7, false alarm my foot, took ages to come up",
        "type 1, my hypo alarm went off on the run and i got confused about where i was",
    ],
)
def test_a_felt_sign_or_a_low_reading_keeps_it_raised(text: str) -> None:
    assert "glycaemic_emergency" in screen(text).red_flags
