"""The meal-plan optimiser: ``plan_meals`` and the plan it returns.

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
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from fitcoach.analysis.energy import NutritionTargets
from fitcoach.coach.meal_times import meal_of_hour as meal_of_hour
from fitcoach.coach.nutrition.foods import MEAL_TYPES, Food, filter_foods, food_table, norm
from fitcoach.core.errors import InvalidInput

MEAL_SHARES: dict[str, float] = {"breakfast": 0.25, "lunch": 0.35, "dinner": 0.30, "snack": 0.10}
MAX_FOODS: dict[str, int] = {"breakfast": 4, "lunch": 4, "dinner": 4, "snack": 2}
MIN_FOODS: dict[str, int] = {"breakfast": 2, "lunch": 3, "dinner": 3, "snack": 1}
STEPS_PER_PORTION = 2  # half portions
# Two portions of a food in one meal at most: 360 g of cooked rice, 400 g of potatoes, 340 g
# of beans, 260 g of chicken. Three (540 g of rice, 600 g of potatoes) is not a meal a person
# eats, and lets the optimiser fill a day with one cheap food.
MAX_PORTIONS = 2
MAX_PORTIONS_BY_CATEGORY: dict[str, int] = {"drink": 1}
# A snack holds at most one of these roles (bread or pretzels or jerky, not two of them);
# fruit, dairy, drinks, vegetables, legumes (hummus) and nuts go with it.
SNACK_SOLIDS = ("starch", "snack", "animal", "other")
# Breakfast cereals are eaten with milk, yogurt or a plant drink (not dry beside eggs).
CEREALS = frozenset({"oats-rolled", "corn-flakes", "granola"})
CEREAL_PARTNERS = frozenset({
    "milk-whole", "milk-2pct", "milk-1pct", "milk-skim", "kefir", "greek-yogurt-nonfat",
    "greek-yogurt-whole", "yogurt-plain-whole", "yogurt-plain-lowfat", "soy-milk",
    "almond-milk-unsweetened",
})  # fmt: skip
KCAL_TOLERANCE = 0.05
RELAXED_KCAL_TOLERANCE = 0.10
STARCHY_KCAL = 60.0  # vegetables above this per 100 g (potatoes, peas) count as starch
# Objective weights on relative deviations, and the per-food cost range.
WEIGHTS = {"kcal": 2.0, "protein": 1.5, "carbs": 1.0, "fat": 1.0, "meal": 0.3}
FOOD_COST = 0.001  # per half portion: small next to a 1 % deviation (0.01-0.02)
FOOD_COST_NOISE = 0.003
REPEAT_COST = 0.002
MAX_PROTEIN_FOODS = 2  # protein-rich foods per meal
MIP_REL_GAP = 0.01
MIP_ABS_GAP = 0.04  # objective units: 2 % of the day's energy at weight 2
# Branch-and-bound nodes per program: a deterministic stop (a time limit is not), so the
# same seed gives the same plan; the time limit only guards against a slow machine.
MIP_NODE_LIMIT = 10
DEFAULT_TIME_LIMIT_S = 3.0


def protein_rich(food: Food) -> bool:
    """A main protein source: at least a quarter of its energy from protein, ≥ 5 g/100 g."""
    return food.protein_g >= 5 and 4 * food.protein_g >= 0.25 * max(food.kcal, 1)


def meal_role(food: Food) -> str:
    """The food's place in a meal: its category, except that meat, fish and egg are one
    "animal" role and starchy vegetables join grains as "starch". A meal holds at most one
    food of each role (two of "vegetable")."""
    if food.category in ("meat", "fish", "egg"):
        return "animal"
    if food.category == "grain" or (food.category == "vegetable" and food.kcal > STARCHY_KCAL):
        return "starch"
    return food.category


def max_steps(food: Food) -> int:
    """The most half-portion steps of ``food`` in one meal."""
    portions = MAX_PORTIONS_BY_CATEGORY.get(food.category, MAX_PORTIONS)
    return round(portions * STEPS_PER_PORTION)


@dataclass(frozen=True)
class MacroTargets:
    """What a day of the plan aims at (kcal and grams)."""

    kcal: float
    protein_g: float
    carbs_g: float
    fat_g: float
    protein_min_g: float

    @classmethod
    def from_targets(cls, targets: NutritionTargets) -> MacroTargets:
        """The plan's targets from the athlete's nutrition targets."""
        return cls(
            kcal=targets.kcal,
            protein_g=targets.protein_g,
            carbs_g=targets.carbs_g,
            fat_g=targets.fat_g,
            protein_min_g=targets.protein_min_g,
        )

    def check(self) -> None:
        """Refuse targets no plan can be built for, with what to change."""
        if not 800 <= self.kcal <= 6000:
            raise InvalidInput(f"daily energy target {self.kcal:.0f} kcal is outside 800–6000")
        if min(self.protein_g, self.carbs_g, self.fat_g) <= 0:
            raise InvalidInput("protein, carbohydrate and fat targets must all be positive")
        if self.protein_min_g > self.protein_g:
            raise InvalidInput("the protein minimum cannot exceed the protein target")


@dataclass(frozen=True)
class PlannedFood:
    """A food in a meal: amount and what it brings."""

    slug: str
    name: str
    grams: float
    portions: float
    kcal: float
    protein_g: float
    carbs_g: float
    fat_g: float


@dataclass(frozen=True)
class Totals:
    """Energy (kcal) and macros (g)."""

    kcal: float
    protein_g: float
    carbs_g: float
    fat_g: float
    fibre_g: float = 0.0


@dataclass(frozen=True)
class PlannedMeal:
    """One meal of a day."""

    meal: str
    foods: tuple[PlannedFood, ...]
    totals: Totals
    target_kcal: float


@dataclass(frozen=True)
class DayPlan:
    """One day: its meals, totals, and the deviation from each target in percent."""

    day: int
    meals: tuple[PlannedMeal, ...]
    totals: Totals
    deviation_pct: dict[str, float]
    relaxed: tuple[str, ...] = ()


def protein_sources(day: DayPlan, target_g: float, *, top: int = 3) -> tuple[str, ...]:
    """Why a planned day reaches its protein: the foods that bring most of it, each with its
    grams and its share of the target, in words. Every food's share is its own protein, so the
    shares of all the day's foods add up to the day's total (an exact split, not an estimate)."""
    if target_g <= 0:
        raise InvalidInput("the protein target must be positive")
    found = sorted(
        ((f, m.meal) for m in day.meals for f in m.foods),
        key=lambda pair: (-pair[0].protein_g, pair[0].slug),
    )
    lines = []
    for food, meal in found[:top]:
        if food.protein_g <= 0:
            break
        lines.append(
            f"{food.name} at {meal} brings {food.protein_g:.0f} g of protein, "
            f"{food.protein_g / target_g:.0%} of the {target_g:.0f} g target."
        )
    total = day.totals.protein_g
    lines.append(
        f"All the day's foods together: {total:.0f} g, {total / target_g:.0%} of the target."
    )
    return tuple(lines)


@dataclass(frozen=True)
class MealPlan:
    """A plan of several days, with the targets and the reasons behind it."""

    targets: MacroTargets
    days: tuple[DayPlan, ...]
    seed: int
    restrictions: tuple[str, ...]
    dislikes: tuple[str, ...]
    foods_considered: int
    reasons: tuple[str, ...] = ()
    nutrition: NutritionTargets | None = field(default=None, compare=False)

    def foods_by_day(self) -> list[set[str]]:
        """The food slugs of each day."""
        return [{f.slug for m in d.meals for f in m.foods} for d in self.days]


@dataclass(frozen=True)
class _Relax:
    """Which constraints are in force for one attempt."""

    name: str
    variety: bool = True
    structure: bool = True
    kcal_tolerance: float = KCAL_TOLERANCE
    protein_floor: bool = True


RELAXATIONS = (
    _Relax("none"),
    _Relax("repeats allowed: foods from yesterday's same meal may come back", variety=False),
    _Relax(
        "meal structure relaxed: a meal may lack a protein food or a vegetable",
        variety=False,
        structure=False,
    ),
    _Relax(
        f"energy tolerance widened to ±{RELAXED_KCAL_TOLERANCE:.0%}",
        variety=False,
        structure=False,
        kcal_tolerance=RELAXED_KCAL_TOLERANCE,
    ),
    _Relax(
        "protein minimum not reachable with these foods: protein is as close as possible",
        variety=False,
        structure=False,
        kcal_tolerance=RELAXED_KCAL_TOLERANCE,
        protein_floor=False,
    ),
)


# Each attempt: the constraints in force, the candidate sample (None: every food), and
# whether the day is solved in steps (breakfast, lunch, then dinner and snack with the day's
# constraints: small, fast programs) or as one program (slower, finds more). Each level of
# relaxation is tried in steps with a larger sample, then as one program, before the next.
_ATTEMPTS: tuple[tuple[_Relax, int | None, bool], ...] = (
    (RELAXATIONS[0], 1, True),
    *(attempt for relax in RELAXATIONS for attempt in ((relax, 2, True), (relax, None, False))),
)
_STEPS: tuple[tuple[str, ...], ...] = (("breakfast",), ("lunch",), ("dinner", "snack"))

# Candidates per meal and role for one day's first attempt (doubled on the second): a
# random sample keeps each program small (fast) and gives the seed its say in the plan.
ROLE_SAMPLE: dict[str, int] = {
    "animal": 3, "legume": 2, "dairy": 2, "starch": 3, "vegetable": 4, "fruit": 2,
    "nut_seed": 2, "oil_fat": 1, "drink": 1, "other": 1, "snack": 1,
}  # fmt: skip
PROTEIN_SAMPLE = 4  # protein-rich candidates per meal, whatever their role


def food_families(foods: Sequence[Food]) -> list[int]:
    """A family id per food: foods that share an alias are one family ("eggs": boiled,
    fried and scrambled egg; "cheese": every cheese; "fish": every fish), so a day holds one
    of each family (oils excepted)."""
    parent = list(range(len(foods)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, food in enumerate(foods):
        for alias in food.aliases:
            j = first.setdefault(norm(alias), i)
            parent[root(i)] = root(j)
    return [root(i) for i in range(len(foods))]


def _shuffled_by_meal_and_role(
    foods: Sequence[Food], rng: np.random.Generator
) -> dict[str, tuple[list[int], dict[str, list[int]]]]:
    """Per meal: a random order of its protein-rich foods, and of its foods per role."""
    out: dict[str, tuple[list[int], dict[str, list[int]]]] = {}
    for meal in MEAL_TYPES:
        suited = [i for i, f in enumerate(foods) if meal in f.meals]
        perm = [suited[j] for j in rng.permutation(len(suited))]
        protein = [i for i in perm if protein_rich(foods[i])]
        roles: dict[str, list[int]] = {}
        for i in perm:
            roles.setdefault(meal_role(foods[i]), []).append(i)
        out[meal] = (protein, roles)
    return out


def _candidates(
    meals: Sequence[str],
    order: dict[str, tuple[list[int], dict[str, list[int]]]],
    scale: int | None,
    exclude: set[tuple[str, int]],
    taken: set[int],
    family: Sequence[int],
) -> list[tuple[str, int]]:
    """(meal, food) pairs to offer: ``scale`` × the role sample, or every food (None).

    ``exclude`` holds yesterday's (meal, food) pairs; ``taken`` the families already planned
    today (offered again only for oils).
    """
    pairs: list[tuple[str, int]] = []
    for meal in meals:
        protein, roles = order[meal]

        def free(ids: list[int], meal: str = meal) -> list[int]:
            return [i for i in ids if (meal, i) not in exclude and family[i] not in taken]

        picked = free(protein)
        if scale is not None:
            picked = picked[: PROTEIN_SAMPLE * scale]
        for role, members in roles.items():
            more = free(members)
            if role == "oil_fat":  # oils may come back at another meal of the day
                more = [i for i in members if (meal, i) not in exclude]
            if scale is not None:
                more = more[: ROLE_SAMPLE.get(role, 1) * scale]
            picked.extend(i for i in more if i not in picked)
        pairs.extend((meal, i) for i in sorted(picked))
    return pairs


def _solve(
    foods: Sequence[Food],
    targets: MacroTargets,
    pairs: Sequence[tuple[str, int]],
    costs: np.ndarray,
    relax: _Relax,
    *,
    family: Sequence[int],
    already: np.ndarray,
    final: bool,
    time_limit_s: float,
) -> dict[tuple[str, int], int] | None:
    """One mixed-integer program over (meal, food) pairs; steps per pair, or None.

    Deviations are fractions of the day's targets. The meals in ``pairs`` aim at their
    shares of the day (``final``: at whatever the day still needs after ``already``, the
    kcal/protein/carbs/fat planned earlier, with the day's energy band and protein floor
    as hard constraints).
    """
    # SciPy on use: the servers import this module (the food table) at start-up
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    meals = list(dict.fromkeys(m for m, _ in pairs))
    k = len(pairs)
    if k == 0:
        return None
    goal = np.array([targets.kcal, targets.protein_g, targets.carbs_g, targets.fat_g])
    grams = np.array([foods[i].portion_g / 100.0 / STEPS_PER_PORTION for _, i in pairs])
    nutrients = np.array(
        [[foods[i].kcal, foods[i].protein_g, foods[i].carbs_g, foods[i].fat_g] for _, i in pairs]
    )
    rel = nutrients * grams[:, None] / goal  # per step, as a fraction of the day's target
    aim = (
        1.0 - already / goal
        if final
        else np.full(4, sum(MEAL_SHARES[m] for m in meals))
    )  # fmt: skip
    steps_max = np.array([max_steps(foods[i]) for _, i in pairs], dtype=float)

    n_dev = 2 * 4 + 2 * len(meals)
    n_var = 2 * k + n_dev + 1
    nx, ny, nd = 0, k, 2 * k  # offsets: steps, used flags, deviations
    c = np.zeros(n_var)
    # A constant term (the last variable is fixed at 1) turns HiGHS's relative gap into an
    # absolute one: the search stops once within MIP_ABS_GAP of the best bound.
    c[-1] = MIP_ABS_GAP / MIP_REL_GAP
    c[nx : nx + k] = costs
    for j, name in enumerate(("kcal", "protein", "carbs", "fat")):
        c[nd + 2 * j : nd + 2 * j + 2] = WEIGHTS[name]
    c[nd + 8 : nd + n_dev] = WEIGHTS["meal"]
    lb = np.zeros(n_var)
    ub = np.full(n_var, np.inf)
    ub[nx : nx + k] = steps_max
    ub[ny : ny + k] = 1
    lb[-1] = ub[-1] = 1.0
    integrality = np.zeros(n_var, dtype=np.int64)
    integrality[: 2 * k] = 1

    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lo: list[float] = []
    hi: list[float] = []

    def row(entries: Iterable[tuple[int, float]], low: float, high: float) -> None:
        r = len(lo)
        for col, val in entries:
            rows.append(r)
            cols.append(col)
            vals.append(val)
        lo.append(low)
        hi.append(high)

    for p in range(k):  # link steps and used flags: y ≤ n ≤ max·y
        row([(nx + p, 1.0), (ny + p, -steps_max[p])], -np.inf, 0.0)
        row([(nx + p, 1.0), (ny + p, -1.0)], 0.0, np.inf)
    by_meal: dict[str, list[int]] = {m: [] for m in meals}
    for p, (meal, _) in enumerate(pairs):
        by_meal[meal].append(p)
    for meal, ps in by_meal.items():
        row([(ny + p, 1.0) for p in ps], MIN_FOODS[meal], MAX_FOODS[meal])
        roles: dict[str, list[int]] = {}
        for p in ps:
            roles.setdefault(meal_role(foods[pairs[p][1]]), []).append(p)
        for role, same in roles.items():
            limit = 2.0 if role == "vegetable" else 1.0
            if len(same) > limit:
                row([(ny + p, 1.0) for p in same], 0.0, limit)
        protein = [p for p in ps if protein_rich(foods[pairs[p][1]])]
        if len(protein) > MAX_PROTEIN_FOODS:
            row([(ny + p, 1.0) for p in protein], 0.0, MAX_PROTEIN_FOODS)
        if meal == "snack":  # one thing to eat, perhaps with fruit, yogurt or a drink
            solid = [p for role in SNACK_SOLIDS for p in roles.get(role, [])]
            if len(solid) > 1:
                row([(ny + p, 1.0) for p in solid], 0.0, 1.0)
        if relax.structure and meal != "snack":
            row([(ny + p, 1.0) for p in protein], 1.0, np.inf)
            # One main protein (meat, fish, egg or a legume): not bacon with tofu, or scallops
            # with falafel. Lunch and dinner are a plate: that main, a starch, vegetables.
            mains = [(ny + p, 1.0) for p in roles.get("animal", []) + roles.get("legume", [])]
            if meal in ("lunch", "dinner"):
                row(mains, 1.0, 1.0)
                row([(ny + p, 1.0) for p in roles.get("vegetable", [])], 1.0, np.inf)
                row([(ny + p, 1.0) for p in roles.get("starch", [])], 1.0, np.inf)
            elif len(mains) > 1:
                row(mains, 0.0, 1.0)
            partners = [p for p in ps if foods[pairs[p][1]].slug in CEREAL_PARTNERS]
            for p in ps:  # a cereal only with something to pour on it
                if foods[pairs[p][1]].slug in CEREALS:
                    row([(ny + p, 1.0), *((ny + q, -1.0) for q in partners)], -np.inf, 0.0)
    by_family: dict[int, list[int]] = {}
    for p, (_, i) in enumerate(pairs):
        if foods[i].category != "oil_fat":
            by_family.setdefault(family[i], []).append(p)
    for ps in by_family.values():  # one food of a family a day (oils excepted)
        if len(ps) > 1:
            row([(ny + p, 1.0) for p in ps], 0.0, 1.0)

    for j in range(4):  # Σ rel·n − d⁺ + d⁻ = aim
        entries = [(nx + p, float(rel[p, j])) for p in range(k) if rel[p, j] > 0]
        row([*entries, (nd + 2 * j, -1.0), (nd + 2 * j + 1, 1.0)], aim[j], aim[j])
    if final:
        tol = relax.kcal_tolerance
        kcal = [(nx + p, float(rel[p, 0])) for p in range(k)]
        row(kcal, 1 - tol - already[0] / goal[0], 1 + tol - already[0] / goal[0])
        if relax.protein_floor:
            floor = (targets.protein_min_g - already[1]) / goal[1]
            row([(nx + p, float(rel[p, 1])) for p in range(k)], floor, np.inf)
    for j, meal in enumerate(meals):  # each meal near its share of the day's energy
        col = nd + 8 + 2 * j
        entries = [(nx + p, float(rel[p, 0])) for p in by_meal[meal]]
        share = MEAL_SHARES[meal]
        row([*entries, (col, -1.0), (col + 1, 1.0)], share, share)

    matrix = coo_array((vals, (rows, cols)), shape=(len(lo), n_var)).tocsr()
    result = milp(
        c,
        integrality=integrality,
        bounds=Bounds(lb, ub),
        constraints=LinearConstraint(matrix, np.array(lo), np.array(hi)),
        options={
            "time_limit": time_limit_s,
            "node_limit": MIP_NODE_LIMIT,
            "mip_rel_gap": MIP_REL_GAP,
            "presolve": True,
        },
    )
    # Stopped by the node or time limit, HiGHS still returns its best feasible solution.
    if result.x is None or result.status in (2, 3):
        return None
    x = np.round(result.x[nx : nx + k]).astype(int)
    return {pairs[p]: int(x[p]) for p in range(k) if x[p] > 0}


def _plan_day(
    foods: Sequence[Food],
    targets: MacroTargets,
    order: dict[str, tuple[list[int], dict[str, list[int]]]],
    cost_of: np.ndarray,
    yesterday: set[tuple[str, int]],
    family: Sequence[int],
    relax: _Relax,
    scale: int | None,
    stepwise: bool,
    time_limit_s: float,
) -> dict[tuple[str, int], int] | None:
    """One day's (meal, food) → steps, or None when this attempt finds no plan."""
    exclude = yesterday if relax.variety else set()
    steps = _STEPS if stepwise else (MEAL_TYPES,)
    chosen: dict[tuple[str, int], int] = {}
    already = np.zeros(4)
    for index, meals in enumerate(steps):
        taken = {family[i] for _, i in chosen if foods[i].category != "oil_fat"}
        pairs = _candidates(meals, order, scale, exclude, taken, family)
        costs = np.array([cost_of[i] for _, i in pairs])
        found = _solve(
            foods,
            targets,
            pairs,
            costs,
            relax,
            family=family,
            already=already,
            final=index == len(steps) - 1,
            time_limit_s=time_limit_s,
        )
        if found is None:
            return None
        chosen.update(found)
        for (_, i), n in found.items():
            f = foods[i]
            already += np.array([f.kcal, f.protein_g, f.carbs_g, f.fat_g]) * (
                n * f.portion_g / 100.0 / STEPS_PER_PORTION
            )
    return chosen


def _day_plan(
    index: int,
    chosen: dict[tuple[str, int], int],
    foods: Sequence[Food],
    targets: MacroTargets,
    relaxed: tuple[str, ...],
) -> DayPlan:
    meals = []
    day_totals = np.zeros(5)
    for meal in MEAL_TYPES:
        items = []
        meal_totals = np.zeros(5)
        for (m, i), steps in sorted(chosen.items(), key=lambda kv: foods[kv[0][1]].name):
            if m != meal:
                continue
            f = foods[i]
            grams = steps * f.portion_g / STEPS_PER_PORTION
            amounts = np.array([f.kcal, f.protein_g, f.carbs_g, f.fat_g, f.fibre_g]) * grams / 100
            meal_totals += amounts
            items.append(
                PlannedFood(
                    slug=f.slug,
                    name=f.name,
                    grams=round(grams, 1),
                    portions=steps / STEPS_PER_PORTION,
                    kcal=round(float(amounts[0]), 1),
                    protein_g=round(float(amounts[1]), 1),
                    carbs_g=round(float(amounts[2]), 1),
                    fat_g=round(float(amounts[3]), 1),
                )
            )
        day_totals += meal_totals
        meals.append(
            PlannedMeal(
                meal=meal,
                foods=tuple(items),
                totals=Totals(*(round(float(v), 1) for v in meal_totals)),
                target_kcal=round(targets.kcal * MEAL_SHARES[meal], 1),
            )
        )
    goal = (targets.kcal, targets.protein_g, targets.carbs_g, targets.fat_g)
    deviation = {
        name: round(100.0 * (float(day_totals[j]) - goal[j]) / goal[j], 1)
        for j, name in enumerate(("kcal", "protein", "carbs", "fat"))
    }
    return DayPlan(
        day=index,
        meals=tuple(meals),
        totals=Totals(*(round(float(v), 1) for v in day_totals)),
        deviation_pct=deviation,
        relaxed=relaxed,
    )


def plan_meals(
    targets: MacroTargets | NutritionTargets,
    *,
    foods: Sequence[Food] | None = None,
    restrictions: Iterable[str] = (),
    dislikes: Iterable[str] = (),
    days: int = 3,
    seed: int = 0,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
) -> MealPlan:
    """A ``days``-day meal plan meeting ``targets`` with the allowed foods (see the module notes).

    ``time_limit_s`` bounds each program (a guard; the node limit normally stops the search
    first). Raises ``InvalidInput`` when no plan exists even with every relaxation (too few
    foods left by the restrictions and dislikes).
    """
    if isinstance(targets, NutritionTargets):
        nutrition: NutritionTargets | None = targets
        macro = MacroTargets.from_targets(targets)
    else:
        nutrition, macro = None, targets
    macro.check()
    if not 1 <= days <= 14:
        raise InvalidInput(f"a plan covers 1 to 14 days, not {days}")
    restrictions = tuple(dict.fromkeys(r.strip().lower().replace("-", "_") for r in restrictions))
    dislikes = tuple(d for d in dislikes if d.strip())
    pool = filter_foods(food_table() if foods is None else foods, restrictions, dislikes)
    missing = [
        m for m in MEAL_TYPES if sum(1 for f in pool if m in f.meals) < MIN_FOODS[m]
    ]  # fmt: skip
    if missing:
        raise InvalidInput(
            f"the restrictions ({', '.join(restrictions) or 'none'}) and dislikes "
            f"({', '.join(dislikes) or 'none'}) leave too few foods for {', '.join(missing)}; "
            "remove a dislike or a restriction from the profile"
        )
    reasons = [
        f"{len(pool)} foods fit the restrictions ({', '.join(restrictions) or 'none'}) "
        f"and dislikes ({', '.join(dislikes) or 'none'})",
        f"each day: energy within ±{KCAL_TOLERANCE:.0%} of {macro.kcal:.0f} kcal and at "
        f"least {macro.protein_min_g:.0f} g protein; meals at about 25/35/30/10 % of the energy",
        "a food eaten in a meal is not offered in the same meal the next day; one egg dish, "
        "one cheese, one fish ... a day",
    ]
    family = food_families(pool)
    plans = []
    previous: set[tuple[str, int]] = set()
    used_before: set[int] = set()
    for d in range(days):
        rng = np.random.default_rng([seed, d])
        order = _shuffled_by_meal_and_role(pool, rng)
        noise = rng.uniform(0.0, FOOD_COST_NOISE, size=len(pool))
        cost_of = (
            FOOD_COST
            + noise
            + np.array([REPEAT_COST if i in used_before else 0.0 for i in range(len(pool))])
        )
        chosen = None
        relaxed: tuple[str, ...] = ()
        for relax, scale, stepwise in _ATTEMPTS:
            chosen = _plan_day(
                pool, macro, order, cost_of, previous, family, relax, scale, stepwise, time_limit_s
            )
            if chosen is not None:
                if relax.name != "none":
                    relaxed = (relax.name,)
                    reasons.append(f"day {d + 1}: {relax.name}")
                break
        if chosen is None:
            raise InvalidInput(
                f"no meal plan for day {d + 1} fits {macro.kcal:.0f} kcal with the allowed "
                f"foods ({len(pool)} after restrictions and dislikes); remove a dislike or a "
                "restriction, or check the nutrition targets"
            )
        plans.append(_day_plan(d + 1, chosen, pool, macro, relaxed))
        previous = set(chosen)
        used_before |= {i for _, i in chosen}
    return MealPlan(
        targets=macro,
        days=tuple(plans),
        seed=seed,
        restrictions=restrictions,
        dislikes=dislikes,
        foods_considered=len(pool),
        reasons=tuple(reasons),
        nutrition=nutrition,
    )
