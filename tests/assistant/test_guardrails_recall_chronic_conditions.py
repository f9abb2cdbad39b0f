"""Red-flag classes other than self-harm that the rules alone missed on the twelfth blind set (AG:
chronic conditions and medication; AH: Gen Z texting; tuned since, issue 57), in words written
for this file: a glucose read off a CGM, a meter or "readings" with a unit (or with diabetes
said), a meter showing HI, insulin left out to lose weight, breathlessness still there twenty
minutes after stopping or too much to stand up, an oximeter's percentage said a long way from
it, numbness of the seat and the inner thighs, a head knock with the same questions asked again,
and a snap followed by a lump. Beside them what must stay quiet: other measures called
readings, distances in metres, breath that settled, saddle soreness from a ride, a knock with
nothing after it, a lump with no injury."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

RAISED = [
    ("my dexcom dropped to 49 mg/dl halfway through the spin class", "glycaemic_emergency"),
    ("type 1, the libre read 23.8 mmol after the tournament", "glycaemic_emergency"),
    ("t1d and my numbers have been in the 20s since lunch", "glycaemic_emergency"),
    ("bg flashed hi on the meter after the match, feel rough", "glycaemic_emergency"),
    ("been skipping some insulin doses so i can drop a few kg for the shoot", "extreme_diet"),
    (
        "only swam 2 lengths before i was wheezing, still breathing heavy half an hour later",
        "severe_breathlessness",
    ),
    ("too out of breath to get off the couch this morning", "severe_breathlessness"),
    ("pulse oximeter clipped on after my nap showed 83 percent", "low_resting_spo2"),
    (
        "sore back from rows and my backside plus the inside of my thighs are numb",
        "cauda_equina_signs",
    ),
    (
        "took an elbow to the head at futsal, my gf says i keep asking the same thing",
        "head_injury_signs",
    ),
    ("heard a snap in my forearm curling and now there's a bulge above my elbow", "acute_injury"),
]

QUIET = [
    "t1d, resting hr readings in the 40s overnight",
    "diabetic, did 6 x 400 meter repeats at 85 seconds",
    "t1d, libre 6.1 before and 7.4 after the long run",
    "my power meter says 20 watts low, type 1 btw",
    "rowed hard, panting, fine again after 5 minutes",
    "numb bum after a 4 hour ride on the new saddle",
    "bumped my head on the squat rack, totally fine",
    "there's a small lump on my shin, had it for years",
    "insulin doses lowered by my nurse since i'm running more",
    "t1d here, my little sister says hi to the coach",
]


@pytest.mark.parametrize(("text", "kind"), RAISED)
def test_the_class_is_raised(text: str, kind: str) -> None:
    assert kind in screen(text).red_flags


@pytest.mark.parametrize("text", QUIET)
def test_the_look_alike_stays_quiet(text: str) -> None:
    assert screen(text).red_flags == []
