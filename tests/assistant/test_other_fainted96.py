"""Someone else's faint told with that person well again (the lead, stop 96, from the
thirty-second blind set's look-alike alarms): no red flag of the athlete's own; the same words
with the person still unwell, or the athlete's own signs beside them, still raise. Sentences are
written for the tests, not taken from the set."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import quietened, screen

QUIET = [
    "my friend Maureen fainted at aqua aerobics on monday, she's fine now, just low blood sugar",
    "watched a lifter pass out on the platform after his cut, medics sorted him in a minute",
    "my training partner collapsed at the end of the marathon, paramedics looked after him and he's home",
    "our dog keeled over on the long walk, straight onto his back for belly rubs",
    "a guy at the gym passed out on the rower yesterday, staff checked him and he was ok",
]

RAISED = [
    "my friend fainted at the class and she's still not making sense",  # not well again
    "my mate collapsed at parkrun, he's fine now, but I nearly passed out myself and my chest hurts",
    "i collapsed on the rower, my buddy is fine now",  # the athlete's own faint
    "saw a guy pass out at the meet, medics sorted him. then i fainted in the warm-up room",
    "passed out at the finish, woke up on the floor",
]


@pytest.mark.parametrize("text", QUIET)
def test_someone_elses_faint_with_that_person_well_again_raises_nothing(text: str) -> None:
    assert screen(text).red_flags == []
    assert "fainting" in quietened(text)  # read as a benign sense, so the student's gate sees it


@pytest.mark.parametrize("text", RAISED)
def test_a_faint_of_ones_own_or_someone_still_unwell_still_raises(text: str) -> None:
    assert "fainting" in screen(text).red_flags
