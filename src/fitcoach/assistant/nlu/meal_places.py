"""Whether a meal's description names a food at all, once the place it was eaten at is set
aside: "had lunch at the canteen, log it" says where, never what, so the chat asks what was
eaten instead of storing the place as the food."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.food_names import food_words
from fitcoach.assistant.nlu.meals import MEAL_FILLER

# "at the canteen", "at mama's", "from the chippy": a place up to the next clause; it stops
# before a food joined on ("at work with rice and beans") and never takes a clock time ("at 7")
# or an amount ("at least", "at about"); a phrase naming a food is kept, as the description may
# have lost the colon between place and food ("at the canteen chicken rice")
_PLACE = re.compile(
    r"\b(?:at|from)\s+(?!\d|(?:least|most|about|around|roughly|approx\w*)\b)"
    r"[a-z' ]+?(?=\s+(?:with|and|plus|then)\b|[,.;:!?()\-—]|$)"
)


# "on my break", "between meetings", "on the train", "during my shift", "late at the office":
# when or where it was eaten, up to the next clause (wrong93: "had a snack on my break"); as
# with a place, a phrase naming a food is kept ("eggs on toast")
_WHEN = re.compile(
    r"\b(?:on|during|between|before|after|while|in)\s+(?!\d)"
    r"[a-z' ]+?(?=\s+(?:with|and|plus|then)\b|[,.;:!?()\-—]|$)"
)
# the verbs of getting it and a late hour, no food ("grabbed a snack", "ate late")
_FETCHED = frozenset({"grabbed", "got", "grab", "get", "late", "quick", "quickly"})


def names_no_food(description: str) -> bool:
    """True when nothing but framing words, places and times is left of ``description`` (a
    meal without a figure of that kind is asked, not stored)."""
    text = description.lower()
    for phrase in (_PLACE, _WHEN):
        text = phrase.sub(lambda m: m.group(0) if food_words().search(m.group(0)) else " ", text)
    words = re.findall(r"[a-z]+", text)
    return all(w in MEAL_FILLER or w in _FETCHED for w in words)


# A description that opens on where it was eaten ("at the food court", "from the canteen")
_PLACE_FIRST = re.compile(r"^(?:(?:out|eaten|grabbed|got)\s+)?(?:at|in|from|near|outside)\b")


def only_place(description: str) -> bool:
    """Whether a meal's ``description`` names only a place, no food or drink."""
    text = description.lower().strip()
    return bool(_PLACE_FIRST.match(text)) and not food_words().search(text)
