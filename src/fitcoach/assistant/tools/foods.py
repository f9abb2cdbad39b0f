"""``get_food_facts``: energy and macros of a food from the shipped food table (USDA FoodData
Central, SR Legacy; ``coach.nutrition.foods``), per 100 g, per typical portion and for an
amount in grams when one is given. A question about a food is never the athlete's own intake
("how many calories in a banana" reads the table, not the log), and nothing is stored.

The table has 178 common foods. A food it lacks is said to be missing (with where to look),
never estimated; a name that fits several foods equally well asks which one is meant.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from fitcoach.assistant.registry import ToolContext, ToolResult
from fitcoach.assistant.tools.common import ToolArgs
from fitcoach.coach.nutrition import Amount, Food, amount_of, food_table, search_foods
from fitcoach.coach.nutrition.foods import norm

Nutrient = Literal["calories", "protein", "carbs", "fat", "fibre"]
# Offered when a name fits several foods and none is named exactly ("chicken": breast or thigh?)
MAX_CHOICES = 4
SOURCE = "USDA FoodData Central (SR Legacy); a packet's label wins over this table"
# The amounts the tool works out (a meal's worth up to a big batch); outside them it answers
# per 100 g and says so (``offline.dispatch``), never a bare validation error.
MIN_GRAMS, MAX_GRAMS = 1, 5000


class FoodFactsArgs(ToolArgs):
    food: str = Field(min_length=1, max_length=80, description="The food, as the athlete named it.")
    grams: float | None = Field(
        default=None,
        ge=MIN_GRAMS,
        le=MAX_GRAMS,
        description="An amount in grams, when the athlete gave one (1 g to 5 kg).",
    )
    nutrient: Nutrient | None = Field(
        default=None, description="The figure asked about first, when the athlete asked one."
    )


def _exact(food: Food, query: str) -> bool:
    q = norm(query)
    return q in {norm(food.name), norm(food.slug), *map(norm, food.aliases)}


def _figures(amount: Amount | Food, first: Nutrient | None) -> str:
    parts = {
        "calories": f"{amount.kcal:.0f} kcal",
        "protein": f"{amount.protein_g:g} g protein",
        "carbs": f"{amount.carbs_g:g} g carbs",
        "fat": f"{amount.fat_g:g} g fat",
    }
    if isinstance(amount, Food):
        parts["fibre"] = f"{amount.fibre_g:g} g fibre"
    order = ([first] if first in parts else []) + [k for k in parts if k != first]
    return ", ".join(parts[k] for k in order)


def _facts(food: Food, args: FoodFactsArgs) -> tuple[dict[str, object], str]:
    portion = amount_of(food, food.portion_g)
    data: dict[str, object] = {
        "slug": food.slug,
        "name": food.name,
        "per_100g": {
            "kcal": food.kcal,
            "protein_g": food.protein_g,
            "carbs_g": food.carbs_g,
            "fat_g": food.fat_g,
            "fibre_g": food.fibre_g,
        },
        "portion_g": food.portion_g,
        "source": SOURCE,
    }
    lines = [f"{food.name}: {_figures(food, args.nutrient)} per 100 g."]
    if args.grams is not None:
        given = amount_of(food, args.grams)
        data["amount"] = {
            "grams": given.grams,
            "kcal": given.kcal,
            "protein_g": given.protein_g,
            "carbs_g": given.carbs_g,
            "fat_g": given.fat_g,
        }
        lines.append(f"{given.grams:.0f} g: {_figures(given, args.nutrient)}.")
    else:
        lines.append(
            f"A typical portion ({food.portion_g:g} g): {_figures(portion, args.nutrient)}."
        )
    lines.append(f"From {SOURCE}. Nothing was logged.")
    return data, " ".join(lines)


def get_food_facts(tctx: ToolContext, args: FoodFactsArgs) -> ToolResult:
    found = search_foods(args.food)
    exact = [f for f in found if _exact(f, args.food)]
    if exact or len(found) == 1:
        data, summary = _facts((exact or found)[0], args)
        return ToolResult("get_food_facts", ok=True, data=data, summary=summary)
    if found:
        names = [f.name for f in found[:MAX_CHOICES]]
        choices = ", ".join(names[:-1]) + f" or {names[-1]}"
        return ToolResult(
            "get_food_facts",
            ok=True,
            data={"choices": [f.slug for f in found[:MAX_CHOICES]]},
            summary=f'Which one do you mean by "{args.food}": {choices}?',
        )
    return ToolResult(
        "get_food_facts",
        ok=True,
        data={"choices": []},
        summary=(
            f'"{args.food}" is not in fitcoach\'s food table ({len(food_table())} common foods '
            "from USDA FoodData Central), so I won't guess its figures: its label or the "
            "maker's nutrition page gives them."
        ),
    )
