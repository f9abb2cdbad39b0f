"""What the food-photo classes are made of, in foods of the shipped table.

The table (``foods.yaml``) lists ingredients, not dishes, so each class the photo model knows
is written as a typical plate of table foods with default grams: a starting point the person
confirms or corrects (``portion`` scales the whole plate; 1.0 is one typical serving). These are
rough recipes, not measurements: a photo cannot weigh a plate or see the butter in the pastry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from fitcoach.coach.nutrition.foods import Amount, amount_of, food_by_slug
from fitcoach.core.errors import InvalidInput

MIN_PORTION: Final = 0.25
MAX_PORTION: Final = 4.0


@dataclass(frozen=True)
class Dish:
    """A photo class: its display name and a typical serving in table foods (slug, grams)."""

    label: str
    name: str
    parts: tuple[tuple[str, float], ...]


DISHES: Final[dict[str, Dish]] = {
    d.label: d
    for d in (
        Dish("apple_pie", "Apple pie (a slice)",
             (("apple", 70), ("white-bread", 35), ("butter", 12), ("honey", 12))),
        Dish("baby_back_ribs", "Baby back ribs",
             (("pork-tenderloin-roasted", 180), ("olive-oil", 10), ("tomato-sauce", 40),
              ("maple-syrup", 10))),
        Dish("baklava", "Baklava (two pieces)",
             (("walnuts", 20), ("pistachios", 10), ("white-bread", 25), ("butter", 10),
              ("honey", 20))),
        Dish("beef_carpaccio", "Beef carpaccio",
             (("top-round-steak", 80), ("olive-oil", 10), ("parmesan", 10), ("arugula", 20))),
        Dish("beef_tartare", "Beef tartare",
             (("ground-beef-90", 130), ("egg-boiled", 20), ("onion-raw", 15),
              ("white-bread", 30))),
        Dish("beet_salad", "Beet salad",
             (("beetroot", 150), ("goat-cheese-soft", 30), ("walnuts", 15), ("arugula", 30),
              ("olive-oil", 10))),
        Dish("beignets", "Beignets (three)",
             (("white-bread", 70), ("canola-oil", 12), ("honey", 15))),
        Dish("bibimbap", "Bibimbap",
             (("white-rice-cooked", 200), ("ground-beef-90", 60), ("egg-fried", 50),
              ("spinach-raw", 30), ("carrots-raw", 30), ("mushrooms-white", 30))),
        Dish("bread_pudding", "Bread pudding",
             (("white-bread", 60), ("milk-whole", 80), ("egg-boiled", 30), ("raisins", 15),
              ("butter", 10), ("maple-syrup", 15))),
        Dish("breakfast_burrito", "Breakfast burrito",
             (("corn-tortilla", 50), ("egg-scrambled", 100), ("cheddar", 25),
              ("black-beans-cooked", 60), ("tomatoes-raw", 30))),
    )
}  # fmt: skip


def dish(label: str) -> Dish:
    """The dish of a class label; ``InvalidInput`` naming the known ones otherwise."""
    try:
        return DISHES[label]
    except KeyError:
        raise InvalidInput(
            f"dish: {label!r} is not one the photo model knows; choose one of "
            f"{', '.join(sorted(DISHES))}",
            field="dish",
            details={"field": "dish"},
        ) from None


def serving(label: str, portion: float = 1.0) -> list[Amount]:
    """The table foods of ``portion`` typical servings of a dish (0.25 to 4)."""
    if not (MIN_PORTION <= portion <= MAX_PORTION):
        raise InvalidInput(
            f"portion: write how many typical servings you ate, from {MIN_PORTION:g} to "
            f"{MAX_PORTION:g} (got {portion:g})",
            field="portion",
            details={"field": "portion"},
        )
    return [
        amount_of(food_by_slug(slug), round(grams * portion, 1))
        for slug, grams in dish(label).parts
    ]
