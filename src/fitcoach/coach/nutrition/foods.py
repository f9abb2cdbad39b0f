"""The food table and dietary restrictions: loading and validating the shipped table
(``food_table``, ``food_table_version``), search, amounts and filtering by restriction.

The food table (``fitcoach/data/foods.yaml``, USDA FoodData Central SR Legacy values) is
validated on load: vocabularies, diet-tag consistency (vegan ⇒ vegetarian ⇒ pescatarian, milk
⇒ not lactose-free, wheat ⇒ not gluten-free, meat and fish are not vegetarian) and energy
against Atwater's 4/4/9 kcal/g within 10 % (5 kcal for foods under 50 kcal/100 g), with
fibre at 2 kcal/g accepted as well (FAO 2003 food energy report).

Restrictions (``vocabulary.DIETARY_RESTRICTIONS``) exclude foods by tag, allergen or content;
see ``RESTRICTION_RULES``. Halal and kosher are handled only as far as the table can say:
pork and shellfish are excluded; slaughter and certification, alcohol in cooking, kosher
fish without fins and scales, and the kosher separation of meat and dairy are not checked.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from rapidfuzz import fuzz

from fitcoach.coach import vocabulary as vocab
from fitcoach.core.errors import InvalidInput, NotFound, invalid_from
from fitcoach.core.yamlfiles import load_cached_yaml

FOOD_CATEGORIES = (
    "grain", "legume", "vegetable", "fruit", "dairy", "meat", "fish", "egg", "nut_seed",
    "oil_fat", "snack", "drink", "other",
)  # fmt: skip
MEAL_TYPES = ("breakfast", "lunch", "dinner", "snack")
DIET_TAGS = ("vegan", "vegetarian", "pescatarian", "lactose_free", "gluten_free")
ALLERGENS = (
    "milk", "egg", "fish", "shellfish", "tree_nuts", "peanuts", "wheat", "soy", "sesame",
)  # fmt: skip
CONTAINS = ("pork",)

ATWATER_TOLERANCE = 0.10
ATWATER_TOLERANCE_LOW_KCAL = 5.0  # kcal, for foods under 50 kcal/100 g


@dataclass(frozen=True)
class RestrictionRule:
    """What a restriction demands: tags every food must carry, and what it must not contain."""

    require_tags: frozenset[str] = frozenset()
    exclude_allergens: frozenset[str] = frozenset()
    exclude_contains: frozenset[str] = frozenset()


def _rule(
    tags: Iterable[str] = (), allergens: Iterable[str] = (), contains: Iterable[str] = ()
) -> RestrictionRule:
    return RestrictionRule(frozenset(tags), frozenset(allergens), frozenset(contains))


RESTRICTION_RULES: dict[str, RestrictionRule] = {
    "vegetarian": _rule(tags=["vegetarian"]),
    "vegan": _rule(tags=["vegan"]),
    "pescatarian": _rule(tags=["pescatarian"]),
    "lactose_free": _rule(tags=["lactose_free"]),
    "gluten_free": _rule(tags=["gluten_free"]),
    "nut_free": _rule(allergens=["tree_nuts", "peanuts"]),
    "peanut_free": _rule(allergens=["peanuts"]),
    "egg_free": _rule(allergens=["egg"]),
    "soy_free": _rule(allergens=["soy"]),
    "shellfish_free": _rule(allergens=["shellfish"]),
    "fish_free": _rule(allergens=["fish"]),
    # Only what the table can tell: no pork, no shellfish (several schools of halal and
    # every kosher rule exclude shellfish). Certification is not checked.
    "halal": _rule(allergens=["shellfish"], contains=["pork"]),
    "kosher": _rule(allergens=["shellfish"], contains=["pork"]),
}


def _one_of(values: list[str], allowed: tuple[str, ...], what: str) -> list[str]:
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ValueError(f"unknown {what} {unknown}; use {', '.join(allowed)}")
    return values


def atwater_kcal(protein_g: float, carbs_g: float, fat_g: float, fibre_g: float = 0.0) -> float:
    """Energy by the general factors 4/4/9 kcal/g, fibre counted at 2 kcal/g instead of 4."""
    return 4.0 * protein_g + 4.0 * (carbs_g - fibre_g) + 2.0 * fibre_g + 9.0 * fat_g


def atwater_error(food: Food) -> float:
    """The smaller |kcal − Atwater| of the two fibre conventions, in kcal per 100 g."""
    plain = 4.0 * food.protein_g + 4.0 * food.carbs_g + 9.0 * food.fat_g
    with_fibre = atwater_kcal(food.protein_g, food.carbs_g, food.fat_g, food.fibre_g)
    return min(abs(food.kcal - plain), abs(food.kcal - with_fibre))


def atwater_tolerance(kcal: float) -> float:
    """How far the stated energy may be from Atwater's (kcal per 100 g)."""
    tolerance = ATWATER_TOLERANCE * kcal
    return max(tolerance, ATWATER_TOLERANCE_LOW_KCAL) if kcal < 50 else tolerance


class Food(BaseModel):
    """One food of the table; nutrients per 100 g."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    slug: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    category: str
    kcal: float = Field(ge=0, le=900)
    protein_g: float = Field(ge=0, le=100)
    carbs_g: float = Field(ge=0, le=100)
    fat_g: float = Field(ge=0, le=100)
    fibre_g: float = Field(ge=0, le=100)
    portion_g: float = Field(gt=0, le=500)
    meals: list[str] = Field(min_length=1)
    tags: list[str]
    allergens: list[str]
    contains: list[str] = Field(default_factory=list)

    @field_validator("category")
    @classmethod
    def _category(cls, v: str) -> str:
        return _one_of([v], FOOD_CATEGORIES, "category")[0]

    @field_validator("meals")
    @classmethod
    def _meals(cls, v: list[str]) -> list[str]:
        return _one_of(v, MEAL_TYPES, "meal type")

    @field_validator("tags")
    @classmethod
    def _tags(cls, v: list[str]) -> list[str]:
        return _one_of(v, DIET_TAGS, "diet tag")

    @field_validator("allergens")
    @classmethod
    def _allergens(cls, v: list[str]) -> list[str]:
        return _one_of(v, ALLERGENS, "allergen")

    @field_validator("contains")
    @classmethod
    def _contains(cls, v: list[str]) -> list[str]:
        return _one_of(v, CONTAINS, "content")

    @model_validator(mode="after")
    def _consistent(self) -> Food:
        tags, allergens = set(self.tags), set(self.allergens)
        problems = []
        if self.fibre_g > self.carbs_g:
            problems.append("fibre_g exceeds carbs_g (carbs include fibre)")
        if self.protein_g + self.carbs_g + self.fat_g > 100.5:
            problems.append("protein, carbs and fat add up to more than 100 g per 100 g")
        if "vegan" in tags and "vegetarian" not in tags:
            problems.append("vegan foods are vegetarian too")
        if "vegetarian" in tags and "pescatarian" not in tags:
            problems.append("vegetarian foods fit a pescatarian diet too")
        if "vegan" in tags and allergens & {"milk", "egg", "fish", "shellfish"}:
            problems.append("a vegan food cannot contain milk, egg, fish or shellfish")
        if "vegetarian" in tags and (
            self.category in ("meat", "fish") or allergens & {"fish", "shellfish"}
        ):
            problems.append("meat and fish are not vegetarian")
        if self.category == "meat" and "pescatarian" in tags:
            problems.append("meat does not fit a pescatarian diet")
        if "milk" in allergens and "lactose_free" in tags:
            problems.append("a food with milk is not tagged lactose_free")
        if "wheat" in allergens and "gluten_free" in tags:
            problems.append("a food with wheat is not tagged gluten_free")
        if self.category == "dairy" and "milk" not in allergens:
            problems.append("dairy foods list the milk allergen")
        if self.category == "fish" and not allergens & {"fish", "shellfish"}:
            problems.append("fish foods list the fish or shellfish allergen")
        if self.category == "egg" and "egg" not in allergens:
            problems.append("egg foods list the egg allergen")
        error = atwater_error(self)
        if error > atwater_tolerance(self.kcal):
            problems.append(
                f"energy {self.kcal:g} kcal is {error:.0f} kcal from Atwater's 4/4/9 "
                f"(allowed {atwater_tolerance(self.kcal):.0f}); check the macros"
            )
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def names(self) -> set[str]:
        """Normalised slug, name, aliases and category: what a dislike can name."""
        return {norm(self.slug), norm(self.name), norm(self.category), *map(norm, self.aliases)}


def norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def load_foods(items: Sequence[dict[str, Any]], source: str = "food table") -> tuple[Food, ...]:
    """Validate food mappings; ``InvalidInput`` names the entry and the problem."""
    foods = []
    for index, item in enumerate(items):
        try:
            foods.append(Food.model_validate(item))
        except ValidationError as exc:
            slug = item.get("slug", "?") if isinstance(item, dict) else "?"
            raise invalid_from(exc, prefix=f"{source} entry {index} ({slug}): ") from None
    slugs = [f.slug for f in foods]
    duplicates = sorted({s for s in slugs if slugs.count(s) > 1})
    if duplicates:
        raise InvalidInput(f"{source} has duplicate slugs: {', '.join(duplicates)}")
    return tuple(foods)


def _table_text() -> str:
    return resources.files("fitcoach.data").joinpath("foods.yaml").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def food_table() -> tuple[Food, ...]:
    """The food table shipped with the package, validated (cached per process)."""
    return load_foods(load_cached_yaml(_table_text())["foods"], "foods.yaml")


@lru_cache(maxsize=1)
def food_table_version() -> str:
    """A digest of the shipped table: a stored meal plan made from another table is stale."""
    return hashlib.sha256(_table_text().encode()).hexdigest()[:16]


def food_by_slug(slug: str) -> Food:
    """A food of the shipped table by its slug (``NotFound`` otherwise)."""
    for food in food_table():
        if food.slug == slug:
            return food
    raise NotFound(f"no food {slug!r} in the food table; search for it by name")


SEARCH_LIMIT = 12


def search_foods(
    query: str, *, foods: Sequence[Food] | None = None, limit: int = SEARCH_LIMIT
) -> list[Food]:
    """Foods whose name, aliases or slug hold every word of ``query`` (as word starts,
    singular or plural), best first: an exact name or alias, then one that starts with the
    query, then the rest, each by name; when none does, the names spelled nearly as the query
    (a typo: ``_near``). An empty query finds nothing."""
    words = norm(query).split()
    if not words:
        return []
    phrases = _plural_forms(" ".join(words))
    ranked: list[tuple[int, str, Food]] = []
    for food in food_table() if foods is None else foods:
        names = [norm(food.name), norm(food.slug), *map(norm, food.aliases)]

        def found(word: str, names: Sequence[str]) -> bool:
            tokens = {t for name in names for t in name.split()}
            return any(t.startswith(form) for form in _plural_forms(word) for t in tokens)

        if not all(found(w, names) for w in words):
            continue
        if phrases & set(names):
            rank = 0  # "eggs", "rice", "oats"
        elif any(name.startswith(p) for name in names for p in phrases):
            rank = 1
        elif all(found(w, names[:1]) for w in words):
            rank = 2  # in the name
        else:
            rank = 3  # in an alias only
        ranked.append((rank, food.name.lower(), food))
    ranked.sort(key=lambda r: (r[0], r[1]))
    if not ranked:
        return _near(" ".join(words), food_table() if foods is None else foods, limit)
    return [food for _, _, food in ranked[:limit]]


# A name this close (rapidfuzz's ratio, 0-100) to what was typed is offered when nothing
# matches word for word: "chiken breast" finds chicken breast, "banan" a banana.
NEAR_SCORE = 80


def _near(query: str, foods: Sequence[Food], limit: int) -> list[Food]:
    """The foods whose name or an alias is spelled nearly as ``query``, closest first."""
    scored: list[tuple[float, str, Food]] = []
    for food in foods:
        names = [norm(food.name), *map(norm, food.aliases)]
        best = max(fuzz.ratio(query, name) for name in names)
        if best >= NEAR_SCORE:
            scored.append((-best, food.name.lower(), food))
    scored.sort(key=lambda r: (r[0], r[1]))
    return [food for _, _, food in scored[:limit]]


@dataclass(frozen=True)
class Amount:
    """What ``grams`` of a food bring."""

    food: Food
    grams: float
    kcal: float
    protein_g: float
    carbs_g: float
    fat_g: float


MAX_LOGGED_GRAMS = 5000.0


def amount_of(food: Food, grams: float) -> Amount:
    """Energy and macros of ``grams`` of ``food`` (``InvalidInput`` outside 1–5000 g)."""
    if not (1.0 <= grams <= MAX_LOGGED_GRAMS):
        raise InvalidInput(
            f"grams: write an amount from 1 to {MAX_LOGGED_GRAMS:.0f} g (got {grams:g})",
            field="grams",
            details={"field": "grams"},
        )
    share = grams / 100.0
    return Amount(
        food=food,
        grams=grams,
        kcal=round(food.kcal * share, 1),
        protein_g=round(food.protein_g * share, 1),
        carbs_g=round(food.carbs_g * share, 1),
        fat_g=round(food.fat_g * share, 1),
    )


def _plural_forms(word: str) -> set[str]:
    forms = {word}
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    elif word.endswith("es"):
        forms.update({word[:-2], word[:-1]})
    elif word.endswith("s"):
        forms.add(word[:-1])
    else:
        forms.update({word + "s", word + "es"})
    return forms


def dislike_matches(food: Food, dislike: str) -> bool:
    """Whether a disliked word or phrase names ``food``.

    It matches the slug, name, an alias or the category, as a whole word or phrase inside
    them, singular or plural ("mushroom" matches "Mushrooms, white, raw"; "fish" every fish).
    """
    phrase = norm(dislike)
    if not phrase:
        return False
    for form in _plural_forms(phrase):
        pattern = re.compile(rf"(^| ){re.escape(form)}( |$)")
        if any(pattern.search(name) for name in food.names()):
            return True
    return False


def allowed(food: Food, restrictions: Iterable[str]) -> bool:
    """Whether ``food`` fits every restriction."""
    for restriction in restrictions:
        rule = RESTRICTION_RULES[restriction]
        if not rule.require_tags <= set(food.tags):
            return False
        if rule.exclude_allergens & set(food.allergens):
            return False
        if rule.exclude_contains & set(food.contains):
            return False
    return True


def filter_foods(
    foods: Iterable[Food], restrictions: Iterable[str] = (), dislikes: Iterable[str] = ()
) -> list[Food]:
    """Foods that fit every restriction and match no dislike (unknown restrictions refused)."""
    wanted = list(dict.fromkeys(r.strip().lower().replace("-", "_") for r in restrictions))
    unknown = [r for r in wanted if r not in RESTRICTION_RULES]
    if unknown:
        raise InvalidInput(
            f"unknown dietary restriction {unknown}; choose from "
            f"{', '.join(vocab.DIETARY_RESTRICTIONS)}"
        )
    words = [d for d in dislikes if d.strip()]
    return [
        f for f in foods if allowed(f, wanted) and not any(dislike_matches(f, d) for d in words)
    ]
