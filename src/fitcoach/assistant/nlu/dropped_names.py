"""Trailing words a strength clause could not read, set aside as context ("bench 3x8 80kg,
then some dips"): when they name an exercise with no figures, the exercise was done and its
sets are asked for, never dropped in silence."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.base import Ctx
from fitcoach.assistant.nlu.set_gaps import figureless_exercise_question
from fitcoach.assistant.nlu.set_words import sets_text
from fitcoach.assistant.nlu.sets import parse_group

# The exercise said as done in some amount with no figure ("then some dips", "a few curls")
_SOME = re.compile(
    r"^\W*(?:(?:and|then|also|plus|did|finished with|with)\s+)*"
    r"(?:some|a few|a couple(?: of)?|a bit of|few)\s+[a-z]"
)


def dropped_exercise_questions(ctx: Ctx, pieces: list[str]) -> list[str]:
    """One question per piece that names an exercise and says no figure of it."""
    questions: list[str] = []
    for piece in pieces:
        found, words = parse_group(sets_text(piece))
        if not found and words and _SOME.match(piece.strip().lower()):
            questions += figureless_exercise_question(ctx, words)
    return questions
