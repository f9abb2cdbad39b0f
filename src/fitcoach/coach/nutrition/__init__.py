"""Foods and meal plans: the shipped food table, dietary restrictions, and a meal-plan optimiser.

The food table (``fitcoach/data/foods.yaml``, USDA FoodData Central SR Legacy values) is
validated on load: vocabularies, diet-tag consistency (vegan ⇒ vegetarian ⇒ pescatarian, milk
⇒ not lactose-free, wheat ⇒ not gluten-free, meat and fish are not vegetarian) and energy
against Atwater's 4/4/9 kcal/g within 10 % (5 kcal for foods under 50 kcal/100 g), with
fibre at 2 kcal/g accepted as well (FAO 2003 food energy report).

Restrictions (``vocabulary.DIETARY_RESTRICTIONS``) exclude foods by tag, allergen or content;
see ``RESTRICTION_RULES``. Halal and kosher are handled only as far as the table can say:
pork and shellfish are excluded; slaughter and certification, alcohol in cooking, kosher
fish without fins and scales, and the kosher separation of meat and dairy are not checked.

The plan comes from mixed-integer programs (``scipy.optimize.milp``, HiGHS): amounts in
half-portion steps, 0–2 portions per food in a meal (1 for drinks), breakfast/lunch/dinner/
snack at about 25/35/30/10 % of the day's energy, each meal drawing from the foods suited to
it, with at most 4 foods (2 for a snack), one per role (one animal protein, one starch, one
dairy ... two vegetables), a protein-rich food in each main meal. Meals are ones a person
eats: lunch and dinner are a plate (one main protein, meat, fish, egg or a legume, with a
starch and a vegetable), breakfast has at most one main protein and no cereal without milk,
yogurt or a plant drink, and a snack is one thing to eat (bread, pretzels or jerky) perhaps
with fruit, dairy, a drink, vegetables, hummus or nuts. The objective is the weighted relative deviation from the
energy and macro targets (absolute values linearised with pairs of non-negative deviation
variables) plus tiny per-food costs; the constraints hold each day's energy within ±5 % and
protein at or above the target's lower bound.

Each day is solved in three small programs (breakfast; lunch; dinner and snack, which must
bring the day within the constraints) over a seeded random sample of candidate foods per
meal and role, so a plan takes well under two seconds and different seeds give different
plans; the same seed gives the same plan, because the search stops at a node limit (a time
limit, which is not reproducible, only guards against a very slow machine). A food eaten in
a meal is not offered in that meal the next day, and a day holds one food of a family
(foods sharing an alias: one egg dish, one cheese, one fish; oils excepted). When a
day cannot be planned this way, larger samples, then one program over every food, then
relaxed constraints are tried in turn, and the plan says what was relaxed.

The package: ``foods`` (the food table: loading, validation, search, amounts, restrictions)
and ``meals`` (the optimiser: ``plan_meals`` and the plan it returns).
"""

from __future__ import annotations

from fitcoach.coach.nutrition.foods import (
    ALLERGENS,
    ATWATER_TOLERANCE,
    ATWATER_TOLERANCE_LOW_KCAL,
    CONTAINS,
    DIET_TAGS,
    FOOD_CATEGORIES,
    MAX_LOGGED_GRAMS,
    MEAL_TYPES,
    RESTRICTION_RULES,
    SEARCH_LIMIT,
    Amount,
    Food,
    RestrictionRule,
    allowed,
    amount_of,
    atwater_error,
    atwater_kcal,
    atwater_tolerance,
    dislike_matches,
    filter_foods,
    food_by_slug,
    food_table,
    food_table_version,
    load_foods,
    search_foods,
)
from fitcoach.coach.nutrition.meals import (
    CEREAL_PARTNERS,
    CEREALS,
    DEFAULT_TIME_LIMIT_S,
    FOOD_COST,
    FOOD_COST_NOISE,
    KCAL_TOLERANCE,
    MAX_FOODS,
    MAX_PORTIONS,
    MAX_PORTIONS_BY_CATEGORY,
    MAX_PROTEIN_FOODS,
    MEAL_SHARES,
    MIN_FOODS,
    MIP_ABS_GAP,
    MIP_NODE_LIMIT,
    MIP_REL_GAP,
    PROTEIN_SAMPLE,
    RELAXATIONS,
    RELAXED_KCAL_TOLERANCE,
    REPEAT_COST,
    ROLE_SAMPLE,
    SNACK_SOLIDS,
    STARCHY_KCAL,
    STEPS_PER_PORTION,
    WEIGHTS,
    DayPlan,
    MacroTargets,
    MealPlan,
    PlannedFood,
    PlannedMeal,
    Totals,
    food_families,
    max_steps,
    meal_role,
    plan_meals,
    protein_rich,
    protein_sources,
)

__all__ = [
    "ALLERGENS",
    "ATWATER_TOLERANCE",
    "ATWATER_TOLERANCE_LOW_KCAL",
    "CEREALS",
    "CEREAL_PARTNERS",
    "CONTAINS",
    "DEFAULT_TIME_LIMIT_S",
    "DIET_TAGS",
    "FOOD_CATEGORIES",
    "FOOD_COST",
    "FOOD_COST_NOISE",
    "KCAL_TOLERANCE",
    "MAX_FOODS",
    "MAX_LOGGED_GRAMS",
    "MAX_PORTIONS",
    "MAX_PORTIONS_BY_CATEGORY",
    "MAX_PROTEIN_FOODS",
    "MEAL_SHARES",
    "MEAL_TYPES",
    "MIN_FOODS",
    "MIP_ABS_GAP",
    "MIP_NODE_LIMIT",
    "MIP_REL_GAP",
    "PROTEIN_SAMPLE",
    "RELAXATIONS",
    "RELAXED_KCAL_TOLERANCE",
    "REPEAT_COST",
    "RESTRICTION_RULES",
    "ROLE_SAMPLE",
    "SEARCH_LIMIT",
    "SNACK_SOLIDS",
    "STARCHY_KCAL",
    "STEPS_PER_PORTION",
    "WEIGHTS",
    "Amount",
    "DayPlan",
    "Food",
    "MacroTargets",
    "MealPlan",
    "PlannedFood",
    "PlannedMeal",
    "RestrictionRule",
    "Totals",
    "allowed",
    "amount_of",
    "atwater_error",
    "atwater_kcal",
    "atwater_tolerance",
    "dislike_matches",
    "filter_foods",
    "food_by_slug",
    "food_families",
    "food_table",
    "food_table_version",
    "load_foods",
    "max_steps",
    "meal_role",
    "plan_meals",
    "protein_rich",
    "protein_sources",
    "search_foods",
]
