"""The protein target explained: exact Shapley shares of the rule's inputs, in words."""

from __future__ import annotations

import pytest

from fitcoach.analysis import energy
from fitcoach.core.errors import InvalidInput


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


def test_a_planned_day_names_where_its_protein_comes_from() -> None:
    from fitcoach.coach.nutrition import (
        DayPlan,
        PlannedFood,
        PlannedMeal,
        Totals,
        protein_sources,
    )

    def food(slug: str, protein: float) -> PlannedFood:
        return PlannedFood(slug, slug.title(), 100.0, 1.0, 200.0, protein, 10.0, 5.0)

    lunch = PlannedMeal(
        "lunch", (food("chicken", 40.0), food("rice", 4.0)), Totals(0, 44, 0, 0), 600
    )
    dinner = PlannedMeal(
        "dinner", (food("salmon", 30.0), food("apple", 0.0)), Totals(0, 30, 0, 0), 600
    )
    day = DayPlan(1, (lunch, dinner), Totals(1600, 74.0, 150, 50), {})
    lines = protein_sources(day, 80.0, top=3)
    assert lines[0] == "Chicken at lunch brings 40 g of protein, 50% of the 80 g target."
    assert lines[1].startswith("Salmon at dinner brings 30 g")
    assert lines[2].startswith("Rice at lunch brings 4 g")
    assert lines[-1] == "All the day's foods together: 74 g, 92% of the target."
    with pytest.raises(InvalidInput, match="positive"):
        protein_sources(day, 0.0)
