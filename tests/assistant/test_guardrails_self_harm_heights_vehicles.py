"""Self-harm said as stopping or looking at a height with the thought of it (a flyover, an
overpass, cliffs one went to meaning to jump) or as a vehicle hitting oneself wished for (issue
57). Photos from a bridge, hill reps on a flyover, a near miss on the bike and a cliff walk stay
quiet."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

RAISED = [
    "most nights I stop on the flyover and look down at the cars for ages",
    "I look at the overpass on my commute and think how easy it would be",
    "took the train to the cliffs meaning to jump, came home instead",
    "sometimes I think if a bus hit me on the ride in that would be fine",
    "I'll just step in front of a tram one of these days",
]

QUIET = [
    "stopped on the bridge on my long run to take photos of the sunrise",
    "ran over the flyover twice for hill reps, legs cooked",
    "the tram nearly hit me on my bike commute, scary but fine",
    "hiked to the cliffs with my sister, the view was stunning",
]


@pytest.mark.parametrize("text", RAISED)
def test_a_height_or_a_vehicle_with_the_thought_of_it_is_self_harm(text: str) -> None:
    assert "self_harm" in screen(text).red_flags


@pytest.mark.parametrize("text", QUIET)
def test_runs_rides_and_views_stay_quiet(text: str) -> None:
    assert screen(text).red_flags == []
