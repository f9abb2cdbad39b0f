"""Meals in a message: what was eaten, in the words of the food table (drinks included), and
whether a message names only foods ("2 coffees", "toast and a coffee": a meal, though no
eating verb says so)."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.base import Ctx, Result, Slots, has
from fitcoach.assistant.nlu.dates import date_slots
from fitcoach.assistant.nlu.food_names import food_words
from fitcoach.assistant.nlu.quantities import NUM


def _only_food(text: str) -> bool:
    """Whether ``text`` names foods and nothing else ("2 coffees", "a banana", "toast and a
    coffee"): that is a meal; "felt the pasta from last night" mentions one and is not."""
    if not food_words().search(text):
        return False
    rest = re.findall(r"[a-z]+|\d+", food_words().sub(" ", text))
    return all(w in _FOOD_GLUE or (w.isdigit() and int(w) <= 12) for w in rest)


_FOOD_GLUE = frozenset({"a", "an", "some", "the", "with", "of", "and", "my", "two", "few", "cup", "cups", "glass", "glasses", "slice", "slices", "bowl", "bowls", "handful", "piece", "pieces", "plain", "black", "small", "large", "big"})  # fmt: skip


# A meal's name used as a time of day, and what says food was eaten when it is not.
_MEAL_TIME = re.compile(
    r"\b(?:at|during|over|on|before|after|by|until|till|since)\s+(?:my\s+|the\s+)?"
    r"(?:breakfast|brekkie|lunch|dinner|supper)(?:\s*(?:time|break|hour))?\b"
)
_EATING = re.compile(
    r"\b(ate|eaten|eat|eating|had|having|breakfast|brekkie|lunch|dinner|supper|snack|meal|"
    r"kcal|calories|cals|protein|carbs|macros|shake|smoothie|food)\b"
)


def log_meal(ctx: Ctx) -> Result:
    t = ctx.text
    if not has(
        r"\b(ate|eaten|eat|had|having|breakfast|brekkie|lunch|dinner|supper|snack|meal|kcal|"
        r"calories|cals|protein|carbs|macros|shake|smoothie|food)\b|\d\s*(?:kcal|cals?|calories)\b",
        t,
    ) and not _only_food(t):
        return None
    if _MEAL_TIME.search(t) and not _EATING.search(_MEAL_TIME.sub(" ", t)) and not food_words().search(t):  # fmt: skip
        return None  # "went for a walk at lunch", "lifted before dinner": a time of day
    slots: Slots = {}
    if m := re.search(r"\b(breakfast|brekkie|lunch|dinner|supper|snack)\b", t):
        slots["meal"] = {"brekkie": "breakfast", "supper": "dinner"}.get(m.group(1), m.group(1))
    if m := re.search(rf"({NUM})\s*(?:kcal|calories|cals?|kcals)\b(?!\s+burn)", t):  # not burned
        slots["calories"] = round(float(m.group(1)))
    if m := re.search(
        rf"({NUM})\s*g(?:rams?)?\s*(?:of\s*)?pro(?:tein|t)?\b|protein\s*:?\s*({NUM})\s*g?", t
    ):
        slots["protein_g"] = float(m.group(1) or m.group(2))
    if m := re.search(rf"({NUM})\s*g(?:rams?)?\s*(?:of\s*)?carbs?|carbs?\s*:?\s*({NUM})\s*g?", t):
        slots["carbs_g"] = float(m.group(1) or m.group(2))
    if m := re.search(rf"({NUM})\s*g(?:rams?)?\s*(?:of\s*)?fat|\bfat\s*:?\s*({NUM})\s*g?", t):
        slots["fat_g"] = float(m.group(1) or m.group(2))
    if not slots and not has(r"\b(ate|eaten|had|having|breakfast|lunch|dinner|snack)\b", t) and not food_words().search(t):  # fmt: skip
        return None
    description = re.sub(
        # Macro words go with their amounts ("30g protein", "protein: 30g"); alone they name
        # the food ("a protein shake"). Letters of any language stay ("almorcé", "Frühstück").
        rf"{NUM}\s*g(?:rams?)?\s*(?:of\s*)?(?:protein|prot|pro|carbs?|fat)\b|\b(?:protein|carbs?|fat)\s*:?\s*{NUM}\s*g?\b|"
        r"\d+(\.\d+)?\s*(kcal|calories|cals?|g\b|grams?)|\b(i|just|ate|had|for|my|breakfast|lunch|dinner|snack|about|around)\b|[^\w ]|[\d_]",
        " ",
        t,
    )
    description = re.sub(r"\s+", " ", description).strip()
    if description:
        slots["description"] = description
    slots.update(date_slots(t, ctx.today) or {"date": ctx.today})
    return "log_meal", slots, []
