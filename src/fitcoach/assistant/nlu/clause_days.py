"""The day a clause of a log says: its own word for today, a label's day ("yesterday:",
"Tuesday:"), and whether a piece says a day other than the clause before it."""

from __future__ import annotations

import re
from datetime import date

from fitcoach.assistant.nlu.dates import DAY, date_slots

# A clause's own word for the day it is written on
TODAY = re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening|am))\b")
# A day a label before a colon names ("yesterday:", "on monday:", "gym today:")
LABEL_DAY = re.compile(
    rf"\b(?:today|tonight|this (?:morning|afternoon|evening|am)|(?:the )?day before yesterday|"
    rf"yesterday|yday|yest|last night|"
    rf"(?:on |last )?{DAY[1:-1]})\b"
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
