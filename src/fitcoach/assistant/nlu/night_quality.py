"""A night's judgement said as a clause of its own right after its length (days95): "Bodyweight
176.2 this morning, slept 8 hrs, good sleep" is one night of 8 hours, judged good; read as two
sleep clauses, the second a night with no length, the chat asked how long it was."""

from __future__ import annotations

import re
from collections.abc import Sequence

from fitcoach.assistant.nlu.base import Intent
from fitcoach.assistant.nlu.split_sleep import nights_apart

Clauses = list[tuple[Intent | None, list[str]]]

# a night's length: a number said (the judgement has none)
_NUMBER = re.compile(r"\d")
# a day or a night of its own ("good sleep on tuesday", "last night was good"): another night
_OWN_DAY = re.compile(
    r"\b(?:night|yesterday|today|tonight|nap|napped|(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)\b"
)


def judged_with_night(clauses: Sequence[tuple[Intent | None, list[str]]]) -> Clauses:
    """``clauses`` with each sleep clause that only judges the night (no number, no day of its
    own) joined to the sleep clause that gives the night's length right before it."""
    out: Clauses = []
    for intent, pieces in clauses:
        before = out[-1] if out else None
        if (
            intent == "log_sleep"
            and before is not None
            and before[0] == "log_sleep"
            and _NUMBER.search(", ".join(before[1]))
            and not any(_NUMBER.search(p) or _OWN_DAY.search(p) for p in pieces)
            and not nights_apart([before, (intent, pieces)])
        ):
            out[-1] = (before[0], [*before[1], *pieces])
            continue
        out.append((intent, list(pieces)))
    return out
