"""The words that name a food or a drink with energy: shared by the meals' reading and the
accounting of a message's numbers ("250g beef": an amount of a food), which sit side by side
in the understanding's layers and so cannot import each other."""

from __future__ import annotations

import re
from functools import cache

from fitcoach.assistant.nlu.matcher import default_matcher
from fitcoach.assistant.nlu.quantities import NUM

_DRINKS = r"coffees?|teas?|lattes?|cappuccinos?|flat whites?|espressos?|mochas?|beers?|wines?|colas?|sodas?"  # fmt: skip
# Dishes and an athlete's fuel that the table (of ingredients) does not name: "4 slices of pizza
# after the game", "2 gels on the ride", "burrito bowl", "chocolate milk" is a meal all the same
_DISHES = (
    r"pizzas?|burgers?|cheeseburgers?|sandwich(?:es)?|burritos?|burrito bowls?|tacos?|sushi|curry|"
    r"curries|lasagnes?|lasagnas?|fries|kebabs?|porridge|salads?|soups?|smoothies?|muffins?|"
    r"croissants?|donuts?|doughnuts?|cookies?|biscuits?|crisps|cakes?|stews?|ramen|nachos|"
    r"quesadillas?|empanadas?|chorizo|meat|energy gels?|gels?|energy bars?|protein bars?|"
    r"flapjacks?|sports drinks?|chocolate milk|hot dogs?|"
    # the dishes of India, Jamaica and Scotland, and what goes in a shift's coffee
    r"idl(?:i|is|ies)|dosas?|sambar|rotis?|parathas?|daal|dhal|poha|upma|biryanis?|chai|"
    r"ackee|saltfish|callaloo|plantains?|dumplings?|grits|irn[- ]?bru|creamer"
)
_NOT_FOOD = frozenset({"dates", "rocket", "turkey", "orange", "squash", "oil", "honey", "jam", "jelly", "mash", "seeds", "nuts", "fish"})  # fmt: skip


@cache
def food_words() -> re.Pattern[str]:
    """Foods of the food table (names and aliases, plural too) and drinks with energy: a clause
    naming one is about what was eaten. Words that also name an exercise or a sport ("squash")
    or something else first ("dates", "rocket", "turkey", "orange") are left out."""
    from fitcoach.coach.nutrition.foods import food_table

    matcher = default_matcher()
    phrases: set[str] = set()
    for food in food_table():
        phrases.add(re.sub(r"\(.*?\)", "", food.name.split(",")[0]).strip().lower())
        phrases |= {a.lower() for a in food.aliases}
    kept = sorted(
        (p for p in phrases if p and p not in _NOT_FOOD and matcher.match(p) is None),
        key=len,
        reverse=True,
    )
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in kept) + rf")(?:s|es)?\b|\b(?:{_DRINKS}|{_DISHES})\b")  # fmt: skip


# The letters of a macro triple as the apps write them ("52p 70c 22f", "P 55 C 40 F 1"): here,
# below meals and accounting, which both read them.
MACRO_TRIPLES = (
    re.compile(rf"(?<![\w.])({NUM})\s*p\W{{0,3}}({NUM})\s*c\W{{0,3}}({NUM})\s*f\b"),
    re.compile(rf"\bp\s*:?\s*({NUM})\W{{1,3}}c\s*:?\s*({NUM})\W{{1,3}}f\s*:?\s*({NUM})(?!\d|\.\d)"),
    # each letter's grams written out, as the apps' summary lines do ("P 58 g C 62 g F 11 g")
    re.compile(
        rf"\bp\s*:?\s*({NUM})\s*g\W{{1,3}}c\s*:?\s*({NUM})\s*g\W{{1,3}}f\s*:?\s*({NUM})\s*g\b"
    ),
)


def in_macro_triple(text: str, start: int) -> bool:
    """Whether the number at ``start`` is one of a macro triple's grams ("P 58 g C 62 g F 11 g"):
    a figure of the meal, never a food's amount."""
    return any(m.start() <= start < m.end() for t in MACRO_TRIPLES for m in t.finditer(text))
