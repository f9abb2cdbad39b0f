"""One session said for two days at once (stop 96, days96): "tues and today both 30 min jogs",
"sat and sun, 10k run each day", "mon & wed both: bench 3x8 at 60". The days listed, then
"both" or "each day", say the same session was done on each: one entry per day (read as one,
the entry had been asked about, "was that one session, or one on each day?"). A day list with
no such word stays asked (``bouts.one_bout_of_two_days``)."""

from __future__ import annotations

import re
from dataclasses import replace

from fitcoach.assistant.nlu.base import Ctx, Understanding
from fitcoach.assistant.nlu.clause_days import said_day

_DAY = r"(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(?:day)?|yesterday|today|yday"
_BOTH = re.compile(
    rf"^(?:(?:i\s+)?(?:did|done|went)\s+)?(?P<one>{_DAY})\s*(?:&|\+|\band\b)\s*(?P<two>{_DAY})\b"
    rf"(?:\s*[,:]?\s*(?:both|each)\b|[^.;?!\d]{{0,10}}\d[^.;?!]{{0,40}}\beach (?:day|time)\s*$)"
)


def on_each_day(ctx: Ctx, entries: list[Understanding]) -> list[Understanding]:
    """The one session entry of a message that says it was done on both of two days, once
    per day; ``entries`` as they are otherwise."""
    m = _BOTH.search(ctx.text.strip(" .!"))
    if m is None or len(entries) != 1 or entries[0].intent not in ("log_cardio", "log_sets"):
        return entries
    days = [said_day(m.group(k), ctx.today) for k in ("one", "two")]
    if None in days or days[0] == days[1] or any(d > ctx.today for d in days if d):
        return entries
    entry = entries[0]
    return [replace(entry, slots={**entry.slots, "date": d}) for d in days]
