"""The day a clause of a log says: its own word for today, a label's day ("yesterday:",
"Tuesday:"), and whether a piece says a day other than the clause before it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from fitcoach.assistant.nlu.base import Intent
from fitcoach.assistant.nlu.dates import DAY, date_slots

# A clause's own word for the day it is written on
TODAY = re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening|am))\b")
# A day a label before a colon names ("yesterday:", "on monday:", "gym today:")
LABEL_DAY = re.compile(
    rf"\b(?:today|tonight|this (?:morning|afternoon|evening|am)|(?:the )?day before yesterday|"
    rf"yesterday|yday|yest|last night|"
    rf"(?:on |last )?{DAY[1:-1]})\b|"
    # ("mondays gym sesh:": the possessive without its apostrophe, as ``owned_weekdays`` reads)
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day(?='?s\b)"
)


def said_day(text: str, today: date) -> date | None:
    """The one day ``text`` says (today for "today", "this morning"), None where it says none."""
    if TODAY.search(text):
        return today
    found = date_slots(text, today).get("date")
    return found if isinstance(found, date) else None


def another_day(today: date, before: list[str], piece: str) -> bool:
    """Whether ``piece`` says a day other than the one its clause so far (``before``) says
    ("Mon: squat 3x8 185, Tue: bench 4x6 155", "fri bench 4x6 80, sat deadlift 3x3 170"): two
    days' logs, never one day's."""
    own = said_day(piece, today)
    earlier = said_day(", ".join(before), today)
    return own is not None and earlier is not None and own != earlier


# "Morning: 72.1kg, hrv 55. Forgot to say I did 20 min on the bike yesterday too", "weight 80.2.
# oh and squats 5x5 yesterday": a log added as an afterthought after others says its own day,
# never the day of the readings before it
_AFTERTHOUGHT = (
    r"(?:(?:oh|ps|p\.s\.?|btw|by the way|actually)[,:]?\s*)*"
    r"(?:(?:i\s+)?forgot to (?:say|mention|add|log|tell you|put in|include)|(?:i\s+)?forgot|"
    r"btw|by the way|ps|p\.s\.?|oh)\b"
)


def _afterthought(clauses: Sequence[tuple[Intent | None, list[str]]], k: int) -> bool:
    """Whether the ``k``th clause, a log after the first clause, opens on an afterthought (or
    follows one said alone: "oh", "and", "also" split the message there)."""
    intent, pieces = clauses[k]
    before = clauses[k - 1] if k else None
    return bool(
        k
        and intent
        and (
            re.match(_AFTERTHOUGHT, pieces[0])
            or (before and before[0] is None and re.fullmatch(_AFTERTHOUGHT, before[1][-1].strip()))
        )
    )


# (machines31) "chest press 3x10 35kg then the pull down one 3x12 40kg. legs tmr", "... back at
# it tomorrow": a last clause, no log of its own and no number, that names tomorrow after a log
# is the plan ahead, never the day of the log before it (a log is never dated ahead)
_AHEAD = re.compile(r"[^\d]*\btomorrow\b[^\d]*")


def _ahead(clauses: Sequence[tuple[Intent | None, list[str]]], k: int) -> bool:
    intent, pieces = clauses[k]
    return (
        k == len(clauses) - 1
        and intent is None
        and any(i is not None for i, _ in clauses[:k])
        and bool(_AHEAD.fullmatch(", ".join(pieces)))
    )


def whole_day_words(clauses: Sequence[tuple[Intent | None, list[str]]]) -> str:
    """The words of a message's clauses whose day dates the others: a night's words date the
    night only, an afterthought's its own log only, a plan ahead said last none."""
    return ", ".join(
        ", ".join(pieces)
        for k, (intent, pieces) in enumerate(clauses)
        if intent != "log_sleep" and not _afterthought(clauses, k) and not _ahead(clauses, k)
    )
