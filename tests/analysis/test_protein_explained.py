"""The protein target explained: exact Shapley shares of the rule's inputs, in words."""

from __future__ import annotations

import pytest

from fitcoach.analysis import energy


def _targets(goal: str, weight: float, height: float | None) -> energy.NutritionTargets:
    return energy.nutrition_targets(
        goal=goal, tdee_kcal=2600, bmr_kcal=1700, weight_kg=weight, sex="male", height_cm=height
    )


@pytest.mark.parametrize(
    ("goal", "weight", "height"),
    [("fat_loss", 110.0, 175.0), ("muscle_gain", 62.0, 180.0), ("maintenance", 70.0, None)],
)
def test_reference_plus_shares_is_the_target(
    goal: str, weight: float, height: float | None
) -> None:
    t = _targets(goal, weight, height)
    assert t.protein_reference_g == pytest.approx(112.0)
    total = t.protein_reference_g + sum(c.amount for c in t.protein_why)
    assert total == pytest.approx(t.protein_g, abs=0.2)


def test_shares_name_what_raised_and_lowered_the_target() -> None:
    t = _targets("fat_loss", 110.0, 175.0)  # BMI 35.9: the cap applies
    by = {c.factor: c for c in t.protein_why}
    assert by["goal"].amount > 0  # 2.0 g/kg against 1.6
    assert by["height"].amount < 0  # the cap takes weight away
    assert "caps the weight used at a BMI of 30" in by["height"].text
    assert by["weight"].amount > 0
    assert [c.factor for c in t.protein_why] == sorted(by, key=lambda f: -abs(by[f].amount))
    # the reference athlete themself: nothing to explain
    same = _targets("maintenance", 70.0, None)
    assert all(c.amount == 0 for c in same.protein_why)
    assert "does not cap" in {c.factor: c for c in same.protein_why}["height"].text
