"""Words said after an exercise's name that are no part of it (stop 93, names93): the rest of
the sentence, once the name is done.

- An aside of when, after the name ("push ups before the school run", "hang cleans on tuesday
  before run club", "goblet squats while the kettle boiled"): the words from "before", "after",
  "while", "during" or "until" on say when the sets were done, never which lift. The name is
  what comes before, where the aside names no lift of its own ("squats before bench" is two
  lifts: asked).
- Where a movement without kit was done, "to" or "off" a piece of furniture ("pistol squats to
  a box", "calf raises off a step"): the box or the step is where it was done. "To" is taken
  only before such a place ("squats to parallel" says how deep); "off" only a step or the
  stairs, where the heels hang for a calf raise ("dips off the couch" are other dips, and
  "push ups off a bench" another push-up: asked, as before).
- Where the bar starts, after a pull's name (oly94): "hang snatch below knee", "rack pulls from
  below the knee", "block snatch from above knee", "hang cleans from mid thigh" say the height
  of the hang, the blocks or the pins; the words before it ("hang", "block", "rack") still name
  the lift, and no library name holds a height.

These return the words that name the lift; ``names.exercise_slug`` resolves them, so the name
must still fit exactly one entry.
"""

from __future__ import annotations

import re

# The words that open an aside of when ("before the school run", "while dinner was cooking").
_ASIDE = re.compile(r"\b(?:before|after|while|whilst|during|until|till)\b")

# Furniture or a spot a movement done "to" it reaches: the place, never the movement
_TO_PLACES = frozenset(["box", "bench", "chair", "couch", "sofa", "step", "bed", "stool"])
# What the heels hang off for a calf raise ("off a step", "off the stairs")
_OFF_PLACES = frozenset(["step", "steps", "stair", "stairs", "kerb", "curb"])
_PLACE_SAID = re.compile(r"^(?P<move>.+?)\s+(?P<prep>to|off)\s+(?P<place>[a-z' ]+)$")


# The height a bar starts at, said after the lift's name (see above)
START_HEIGHT = re.compile(
    r"\b(?:from |at |off )?(?:just |right )?(?:above|below|under) (?:the )?knees?\b"
    r"|\b(?:from |at )?(?:the )?mid[ -]?(?:thigh|thighs|shin|shins)\b"
)


def aside_head(phrase: str) -> tuple[str, str] | None:
    """``phrase`` cut where an aside of when begins: the name before it and the aside (whose
    lifts the caller checks); None where there is no aside or no words before it."""
    m = _ASIDE.search(phrase)
    if m is None or not phrase[: m.start()].strip():
        return None
    return phrase[: m.start()].strip(), phrase[m.start() :]


def place_head(phrase: str) -> tuple[str, str, str] | None:
    """The movement's words, the preposition ("to" or "off") and the place where ``phrase``
    ends with a place that movement was done to or off ("pistol squats to box": "pistol
    squats", "to", "box"; one word before it may say which: "the bottom step", "a low box",
    which the caller checks names no movement); None where it ends with no such place."""
    m = _PLACE_SAID.match(phrase)
    if m is None:
        return None
    place = m["place"].split()
    allowed = _TO_PLACES if m["prep"] == "to" else _OFF_PLACES
    if not place or len(place) > 2 or place[-1] not in allowed:
        return None
    return m["move"], m["prep"], m["place"]
