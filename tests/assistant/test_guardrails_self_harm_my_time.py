"""'It's my time' as a farewell is self-harm; 'my time' as a runner's time or as time a job eats
is not (a plan request "new job is eating all my time" got the crisis reply until stop 85)."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

RAISED = [
    "i think its my time",
    "honestly i feel like it is my time.",
    "maybe it's my time to go",
    "it's my time. thanks for everything coach",
]

QUIET = [
    "parkrun done, 26:40, really happy with my time.",
    "10k this morning and i beat my time",
    "cut my sessions to 40 min, the kids take all my time",
    "work is eating up my time so 3 days a week please",
    "swim 1500m, gonna work on my time",
]


@pytest.mark.parametrize("text", RAISED)
def test_my_time_as_a_farewell_is_self_harm(text: str) -> None:
    assert "self_harm" in screen(text).red_flags


@pytest.mark.parametrize("text", QUIET)
def test_my_time_as_a_time_is_quiet(text: str) -> None:
    assert screen(text).red_flags == []
