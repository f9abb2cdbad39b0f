"""The library's "per hand" rule: which loads are each dumbbell's (``library.load_per_hand``)."""

from __future__ import annotations

import pytest

from fitcoach.coach import wording
from fitcoach.coach.library import ExerciseRecord, library_by_slug, load_per_hand
from fitcoach.coach.plan import Load, StrengthItem


@pytest.mark.parametrize(
    "slug",
    [
        "dumbbell-bench-press",  # "press the dumbbells up"
        "dumbbell-squat",  # "a dumbbell in each hand"
        "dumbbell-walking-lunge",  # unilateral legs, a dumbbell in each hand
        "bulgarian-split-squat",
        "farmers-carry",
        "dumbbell-curl",
        "dumbbell-lateral-raise",
    ],
)
def test_a_dumbbell_in_each_hand_is_a_load_per_hand(slug: str) -> None:
    assert load_per_hand(library_by_slug()[slug])


@pytest.mark.parametrize(
    "slug",
    [
        "goblet-squat",  # one dumbbell in both hands
        "dumbbell-pullover",
        "overhead-dumbbell-triceps-extension",
        "one-arm-dumbbell-row",  # one dumbbell, one hand
        "suitcase-carry",
        "concentration-curl",
        "dumbbell-hip-thrust",  # one dumbbell on the hips
        "barbell-back-squat",  # not a dumbbell at all
        "barbell-bench-press",
    ],
)
def test_one_dumbbell_or_a_barbell_is_not(slug: str) -> None:
    assert not load_per_hand(library_by_slug()[slug])


def test_the_rule_reads_the_equipment_and_the_description_not_the_name() -> None:
    base = library_by_slug()["dumbbell-curl"].model_dump()
    two = ExerciseRecord(**{**base, "description": "Hold the dumbbells at your sides and curl."})
    one = ExerciseRecord(**{**base, "description": "Hold one dumbbell in both hands and curl."})
    cable = ExerciseRecord(**{**base, "equipment": ["cable"], "description": two.description})
    assert load_per_hand(two)
    assert not load_per_hand(one)
    assert not load_per_hand(cable)  # "dumbbells" in the words, but none in the equipment


def test_a_planned_dumbbell_load_says_per_hand_in_the_athletes_unit() -> None:
    item = StrengthItem(
        exercise="dumbbell-bench-press",
        sets=3,
        rep_min=8,
        rep_max=12,
        target_rir=2,
        rest_s=90,
        load=Load(kind="kg", value=24),
    )
    assert wording.item_summary(item, "metric") == "3 × 8–12 at 24 kg per hand, RIR 2"
    assert wording.item_summary(item, "imperial") == "3 × 8–12 at 52.9 lb per hand, RIR 2"
    assert wording.item_summary(item) == "3 × 8–12 at 24 kg, RIR 2"  # no units: as stored
    barbell = item.model_copy(update={"exercise": "barbell-bench-press"})
    assert wording.item_summary(barbell, "imperial") == "3 × 8–12 at 52.9 lb, RIR 2"
