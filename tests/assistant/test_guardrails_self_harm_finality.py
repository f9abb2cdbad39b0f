"""Self-harm said as finality (issue 57): two of its kinds together, now with 'won't be needing
em', not knowing how much longer one will be around (its own negation no longer cancels it), a
negation behind a comma that belongs to another clause, 'this is goodbye', the last weigh-in,
affairs sorted, everything arranged, a pet given away, thanks for everything in Dutch or
Swedish. One kind alone, or a pet minded for a weekend, stays quiet."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

RAISED = [
    "gave my bike to my nephew, won't be needing em",
    "honestly, don't know how much longer I'll be around. putting things in order this week",
    "thank you for the months of coaching. this is goodbye",
    "doesn't matter, won't be around for the spring season anyway",
    "sold the squat rack and got my affairs sorted. last weigh in from me, 81 kg",
    "cancel everything please. everything is arranged now, bedankt voor alles",
    "went through my papers and made my will. nothing is getting better",
    "sold my road bike, gave the cat to my neighbour. just sorting things",
]

QUIET = [
    "won't need the plan after the race, I'm switching to my club's coach",
    "sold the squat rack, moving flat next month, so tidying things up",
    "thanks for everything coach, see you after my holiday!",
    "made my will last year when we bought the house, anyway log 5k in 24:10",
    "gave the dog to my sister for the weekend and sold my old bike",
    "this is goodbye to sugar until easter, thanks for everything coach",
    "my affairs are a mess this week with the move, keep the plan light",
]


@pytest.mark.parametrize("text", RAISED)
def test_two_kinds_of_finality_are_self_harm(text: str) -> None:
    assert "self_harm" in screen(text).red_flags


@pytest.mark.parametrize("text", QUIET)
def test_one_kind_of_finality_stays_quiet(text: str) -> None:
    assert screen(text).red_flags == []
