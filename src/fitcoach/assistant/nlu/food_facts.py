"""A question about a food, not about the athlete's own eating: "how many calories in a banana",
"how much protein is in 100g of chicken breast", "what are the macros of greek yogurt?". Read
before the metric questions and the meal log, which would otherwise take it for the athlete's
calories or store it as a meal. The table's answer is the tool's (``tools.foods``)."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.base import Ctx, Result, has

_NUTRIENT = (
    r"(?:calories|cals?|kcals?|energy|protein|carbs?|carbohydrates?|fats?|fib(?:re|er)|macros|"
    r"nutrition(?:al)? (?:facts|values?|info))"
)
_NUTRIENT_SLOT = (
    ("calories", r"^(?:calories|cals?|kcals?|energy)$"),
    ("protein", r"^protein$"),
    ("carbs", r"^carb"),
    ("fat", r"^fats?$"),
    ("fibre", r"^fib"),
)
_ASKED = (
    # "how many calories (are there) in a banana", "how much protein is in 100 g of tofu"
    re.compile(
        rf"^(?:so |and |ok |hey |coach,? )?how (?:many|much) (?:g(?:rams?)? (?:of )?)?"
        rf"(?P<n>{_NUTRIENT})(?: (?:are|is|does|do))?(?: there)? in (?P<food>.+?)\s*\??$"
    ),
    # "how many calories does a bagel have", "how much protein do eggs have"
    re.compile(
        rf"^(?:so |and |ok |hey |coach,? )?how (?:many|much) (?:g(?:rams?)? (?:of )?)?"
        rf"(?P<n>{_NUTRIENT}) (?:does|do|has|have) (?P<food>.+?) (?:have|got|contain)\s*\??$"
    ),
    # "what are the macros of greek yogurt", "what's the protein in cottage cheese"
    re.compile(
        rf"^(?:so |and |ok |hey |coach,? )?what(?:'s| is| are|s)? (?:the )?(?P<n>{_NUTRIENT}) "
        rf"(?:in|of|for) (?P<food>.+?)\s*\??$"
    ),
    # "calories in a bagel?" (only as a question: a bare phrase may be a note)
    re.compile(rf"^(?P<n>{_NUTRIENT}) (?:in|of|for) (?P<food>.+?)\s*\?$"),
)
# The athlete's own eating or training, a period, or energy spent: never a food's figures
_OWN = (
    r"\b(?:i|i'?ve|i'?m|my|me|we|our|today|yesterday|tonight|this|last|week|month|did|ate|"
    r"eaten|had|burn|burns|burned|burnt|run|ride|walk|swim|session|workout|class|training|"
    r"day|days|meal|meals|lunch|dinner|breakfast)\b"
)
_GRAMS = re.compile(r"\b(\d+(?:\.\d+)?)\s*(g|grams?|gr|kg|oz|ounces?)\b(?:\s+of\b)?")
_FILLER = re.compile(
    r"\b(?:a|an|one|the|some|of|serving|portion|medium|average|typical|plain|single)\b"
)
_TO_GRAMS = {"kg": 1000.0, "oz": 28.349523125, "ounce": 28.349523125, "ounces": 28.349523125}


def food_facts(ctx: Ctx) -> Result:
    t = ctx.text.strip()
    for pattern in _ASKED:
        found = pattern.match(t)
        if found:
            break
    else:
        return None
    food = found["food"]
    if has(_OWN, food) or ctx.exercises.resolve(food).exact:
        return None  # "calories in a burpee": an exercise named exactly is no food
    slots: dict[str, object] = {}
    amount = _GRAMS.search(food)
    if amount:
        unit = amount[2]
        slots["grams"] = round(float(amount[1]) * _TO_GRAMS.get(unit, 1.0), 1)
        food = food[: amount.start()] + food[amount.end() :]
    food = re.sub(r"\s+", " ", _FILLER.sub(" ", food)).strip(" ,.?!")
    if not food or has(r"\d", food):
        return None  # "calories in 2 of those": no food named, or a count the table can't weigh
    slots["food"] = food
    nutrient = found["n"]
    for name, pattern_ in _NUTRIENT_SLOT:
        if re.search(pattern_, nutrient):
            slots["nutrient"] = name
            break
    return "food_facts", slots, []
