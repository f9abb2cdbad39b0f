"""Self-injury said through its aftermath rather than the act (issue 57): skin covered in cuts or
burns, fresh cuts on a limb, marks on the wrists or thighs hidden, scars kept reopened, burns or
marks said to be from oneself. Scrapes from a fall, cupping marks and a healing scar stay
quiet."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

RAISED = [
    "my forearms are covered in new scratches again, wearing a long sleeve top to spin",
    "there are fresh cuts across my thigh so I skipped the pool",
    "wore leggings to hide my scars on my legs at the beach workout",
    "I've started picking at the cuts again at night",
    "the marks on my wrist were by me, the watch strap story was a lie",
]

QUIET = [
    "covered in scrapes after the trail race, fell twice on the roots",
    "fresh cut of steak for the post-workout meal",
    "hide the cupping marks on my back before the swim meet?",
    "the scar on my knee from surgery is healing well",
]


@pytest.mark.parametrize("text", RAISED)
def test_self_injury_said_through_its_aftermath_is_self_harm(text: str) -> None:
    assert "self_harm" in screen(text).red_flags


@pytest.mark.parametrize("text", QUIET)
def test_injuries_and_marks_from_sport_stay_quiet(text: str) -> None:
    assert screen(text).red_flags == []
