"""Two look-alike classes of the fourteenth set (issue 57, recall14, a tuned set): numbness
down there after hours on a seat other than a bike (a tractor, a motorbike, a horse) that wore
off is pressure, as a saddle's is; and a low oximeter figure with cold hands whose recheck is
told in the past ("then it said 97") is the device. Written here in other words; the same
numbness with a bladder change or lasting, and a low figure with no normal recheck, still count."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

QUIET = [
    "numb backside after 4 hours on the motorbike, went away once I got off for a coffee",
    "bum went numb on the horse trek, wore off after lunch",
    "pulse ox said 88 with my icy fingers, rubbed them warm and it said 97",
]

RAISED = [
    ("numb bum since yesterday after the tractor and I can't pee properly", "cauda_equina_signs"),
    ("pulse ox said 88 with my icy fingers and it still said 88 after", "low_resting_spo2"),
]


@pytest.mark.parametrize("text", QUIET)
def test_seat_pressure_and_a_past_tense_recheck_stay_quiet(text: str) -> None:
    assert screen(text).red_flags == []


@pytest.mark.parametrize(("text", "kind"), RAISED)
def test_the_same_with_a_warning_still_counts(text: str, kind: str) -> None:
    assert kind in screen(text).red_flags
