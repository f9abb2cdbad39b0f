"""Two gaps in a list of sets that the reader would otherwise fill in silence: a load with two
bare counts after it whose order is not said ("110kg x 2 x 5": 2 sets of 5, or 5 of 2?), and an
exercise named after the logged ones with no figures of its own ("..., then some curls")."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.base import Ctx
from fitcoach.assistant.nlu.quantities import NUM

# A load with its unit, then two counts with no word for either ("120kg x 3 x 4"); a count
# above 10 is the reps (nobody does 12 sets of 3), equal counts read the same either way.
_LOAD_TWO_COUNTS = re.compile(
    rf"(?<![\d.])(?:{NUM})\s*(?:kgs?|kilos?|lbs?|pounds?)\s*[x*]\s*(\d{{1,2}})\s*[x*]\s*(\d{{1,2}})\b"
    r"(?!\s*(?:sets?|reps?|rounds?|kg|lb|kilo|pound|mins?|minutes?|secs?|s|m|km)\b)"
)


def count_order_question(text: str) -> list[str]:
    """The question to ask when a load is followed by two counts that could be either sets or
    reps; empty when the order is plain."""
    questions = []
    for m in _LOAD_TWO_COUNTS.finditer(text):
        first, second = int(m.group(1)), int(m.group(2))
        if first != second and max(first, second) <= 10:
            questions.append(
                f"was that {first} sets of {second} reps, or {second} sets of {first} reps?"
            )
    return questions


def figureless_exercise_question(ctx: Ctx, words: str) -> list[str]:
    """The question for a strength exercise named after the logged sets with no figure of its
    own, by a name several lifts share ("..., then some flyes", whose "some" the set reader
    has already dropped): never dropped in silence. A name of one lift is asked about by the
    accounting already ("I could not tell the sets and reps of ..."); a name that fits no
    lift, or only loosely ("felt strong"), is none."""
    name = words.strip(" .!")
    found = ctx.exercises.resolve(name)
    if found.slug is not None or len(found.candidates) < 2:
        return []
    kinds = {r.slug: r.category for r in ctx.exercises.records}
    if not all(kinds.get(slug) == "strength" for slug in found.candidates):
        return []
    return [f"how many sets and reps of {name} did you do, and at what load?"]
