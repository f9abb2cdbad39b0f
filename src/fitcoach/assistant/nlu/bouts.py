"""Two bouts of one activity in a message ("walked the dogs 1h10 this morning and another 35 min
tonight", "ran 5 km before work, ran again 3 km after"): each is an entry of its own. Read as one
activity, the message kept the first bout's figures and asked about (or dropped) the second's.

``one_bout_of_two_days`` asks where one entry was read from bouts on two days, and
``repeated_bouts`` says when the cardio clauses are such bouts, so the reader takes them one by
one instead of the whole message as one entry (``second_bout.another_bout`` names a bare
"another 35 min" first, in ``normalise``, which may not import the cardio reader)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from fitcoach.assistant.nlu.base import Ctx, Intent, Understanding
from fitcoach.assistant.nlu.cardio import log_cardio

# A word of a second bout, or of another part of the day
_AGAIN = re.compile(
    r"\b(?:again|another|a second|one more|later|tonight|this evening|in the evening|afternoon|"
    r"after work|before work|lunchtime|at lunch)\b"
)


def repeated_bouts(ctx: Ctx, clauses: list[tuple[Intent | None, list[str]]]) -> bool:
    """Whether the message's cardio clauses are bouts of one activity, each with its own time or
    distance of the same kind ("walked 40 min this morning, walked 30 min tonight"), and a word
    says a second bout or another part of the day."""
    if not _AGAIN.search(ctx.text):
        return False
    read: list[dict[str, Any]] = []
    for intent, pieces in clauses:
        if intent != "log_cardio":
            continue
        joined = ", ".join(pieces)
        found = log_cardio(Ctx(joined, joined, ctx.today, ctx.exercises))
        if found is None or found[2] or not found[1].get("exercise"):
            return False
        read.append(found[1])
    measures = [frozenset(k for k in ("duration_s", "distance_m") if k in r) for r in read]
    return (
        len(read) >= 2
        and len({r["exercise"] for r in read}) == 1
        and all(m and m == measures[0] for m in measures)
    )


_DAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today)"
# "8 miles on saturday and 8 on sunday", "saturday and sunday, 4 hours each day"
_TWO_DAYS = re.compile(rf"\b({_DAY})\b[^.;?!]{{0,40}}?\band\b[^.;?!]{{0,25}}?\b({_DAY})\b")
TWO_DAYS_ASKED = "was that one session, or one on each day? Tell me each day's figures apart"


# Days listed side by side, short forms too ("Sat and Sun both: kb swings 5x20", "mon, tue
# and today", "sat + sun"): one entry of any kind read from them would be of one day only
_SHORT_DAY = r"(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(?:day)?|yesterday|today|yday"
_DAY_LIST = re.compile(
    # (never two days apart by a comma alone: "forgot to weigh myself yesterday, today 68.9")
    rf"\b(?:{_SHORT_DAY})\s*(?:,\s*(?:{_SHORT_DAY})\s*(?:,|&|\+|\band\b)|&|\+|\band\b)\s*"
    rf"(?:{_SHORT_DAY})\b",
    re.IGNORECASE,
)


def one_bout_of_two_days(text: str, intents: list[Intent]) -> list[str]:
    """The question for one cardio entry read from a message that tells two days joined by "and"
    (its second day's bout had been dropped unasked), or for one entry of any kind read from
    days listed side by side; none otherwise."""
    m = _TWO_DAYS.search(text)
    if intents == ["log_cardio"] and m is not None and m.group(1) != m.group(2):
        return [TWO_DAYS_ASKED]
    listed = _DAY_LIST.search(text)
    # (unless a day said apart is the log's: "mon and wed i do chest press 3x12. did it today")
    if (
        len(intents) == 1
        and listed
        and len({d.lower()[:3] for d in re.findall(_SHORT_DAY, listed.group(0), re.I)}) > 1
        and not re.search(rf"\b(?:{_SHORT_DAY})\b", _DAY_LIST.sub(" ", text), re.IGNORECASE)
    ):
        return [TWO_DAYS_ASKED]
    return []


def each_bout(entry: Understanding) -> list[Understanding]:
    """A cardio entry told once for a bout done twice ("walked the dog twice, 30 min each",
    ``bouts`` 2) as two entries with those figures (one had been stored: a bout lost). A trip
    there and back said per leg stays one session (``cardio._both_ways``: the writers' golds
    disagree on it). Any other entry as it is."""
    if entry.intent != "log_cardio" or not entry.slots.get("bouts"):
        return [entry]
    one = {k: v for k, v in entry.slots.items() if k != "bouts"}
    return [replace(entry, slots=dict(one)), replace(entry, slots=dict(one))]
