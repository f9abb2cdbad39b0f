"""A gap in a list of sets that the reader would otherwise fill in silence: an exercise named
after the logged ones with no figures of its own ("..., then some curls"). (Two bare counts after
a load stay the lifters' load x reps x sets: tests/assistant/test_logging_classes.py.)"""

from __future__ import annotations

from fitcoach.assistant.nlu.base import Ctx


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
