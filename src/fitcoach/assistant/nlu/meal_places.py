"""Where a meal was eaten, said instead of what: "had lunch at the food court near the office",
"dinner out at the canteen". A place is no food; with no figure either there is nothing of the
meal to store, so the meal's question is asked (``reading``) rather than a place kept as what
was eaten."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.food_names import food_words

# A description that opens on where it was eaten ("at the food court", "from the canteen")
_PLACE_FIRST = re.compile(r"^(?:(?:out|eaten|grabbed|got)\s+)?(?:at|in|from|near|outside)\b")


def only_place(description: str) -> bool:
    """Whether a meal's ``description`` names only a place, no food or drink."""
    text = description.lower().strip()
    return bool(_PLACE_FIRST.match(text)) and not food_words().search(text)
