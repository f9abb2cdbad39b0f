"""The day of a morning check-in's readings beside a day said for a session (stop 96, days96).

"Weight 63.5kg. Slept 8 hours. Yesterday I did 30 min on the exercise bike", "hrv 38, rhr 63,
energy 2. yesterday ran 6k easy in 35 min": the readings are today's. A day word said in a
later clause that holds a session of its own scopes that session, never the readings before
it (read whole, the message's one day dated the weigh-in and the night as yesterday's). A day
said before the readings ("yesterday: ran 5k and weighed 80", "Monday recap: 7h sleep, ...")
or in a clause of words alone after them ("weight 80.2, hrv 50. all from yesterday") still
dates them, as before.

"stress 4, mood 3, energy 2. didnt train yesterday": a last clause that says no session was
done on a day dates no session and no reading either.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta

from fitcoach.assistant.nlu.base import Ctx, Intent
from fitcoach.assistant.nlu.clause_days import said_day, whole_day_words
from fitcoach.assistant.nlu.dates import date_slots
from fitcoach.assistant.nlu.header_dates import heading_day
from fitcoach.assistant.nlu.quantities import CHANGE_SINCE

Clauses = Sequence[tuple[Intent | None, list[str]]]

READINGS = frozenset({"log_daily", "log_weight", "log_sleep"})
_SESSIONS = frozenset({"log_sets", "log_cardio"})


def readings_day(
    ctx: Ctx,
    clauses: Clauses,
    k: int,
    intent: str,
    said: Mapping[str, object],
    whole_date: Mapping[str, object],
) -> Mapping[str, object]:
    """The day of the ``k``th clause's entry (of ``intent``) that says no night of its own:
    ``said`` (the day its clause or one before it said) where there is one, today for a
    reading when the message's day is said only in a later session's clause, ``whole_date``
    otherwise; a night told as "that night" is the night after that day."""
    if said or intent not in READINGS or heading_day(ctx.text, ctx.today):
        return _that_night(ctx, clauses[k][1], intent, said or whole_date)
    before = whole_day_words(list(clauses[: k + 1]))
    if date_slots(CHANGE_SINCE.sub(" ", before), ctx.today):
        return _that_night(ctx, clauses[k][1], intent, whole_date)
    later = [(i, ", ".join(p)) for i, p in clauses[k + 1 :]]
    dated = [(i, w) for i, w in later if said_day(CHANGE_SINCE.sub(" ", w), ctx.today)]
    if dated and all(i in _SESSIONS or (i is None and _no_session(w)) for i, w in dated):
        return {"date": ctx.today}
    return whole_date


# "Sunday / Run 8 mi / Slept 8h20 that night": the night after the day said, whose sleep is
# dated by the morning it ended (the night of the day said would be the night before it)
_THAT_NIGHT = re.compile(r"\b(?:that night|the night after|that evening)\b")


def _that_night(
    ctx: Ctx, pieces: list[str], intent: str, found: Mapping[str, object]
) -> Mapping[str, object]:
    day = found.get("date")
    if intent != "log_sleep" or not isinstance(day, date) or day >= ctx.today:
        return found
    if not _THAT_NIGHT.search(", ".join(pieces)):
        return found
    return {"date": day + timedelta(days=1)}


# "didnt train yesterday", "no gym yesterday", "rest day monday", "skipped the run on tuesday"
_NO_SESSION = re.compile(
    r"\b(?:"
    r"(?:didn'?t|did not|couldn'?t|could not|never|no|not)\s+(?:\w+\s+){0,2}?"
    r"(?:train|training|trained|work ?out|workout|lift|lifting|run|ran|gym|exercise|session)"
    r"|(?:skipped|missed)\s+(?:\w+\s+){0,2}?"
    r"(?:training|workout|gym|session|run|lift|class)"
    r"|(?:(?:was )?an? )?(?:full |total |complete )?rest(?: day)?(?! of\b)"
    r")\b"
)


def _no_session(words: str) -> bool:
    return _NO_SESSION.search(words.strip(" .,!")) is not None


def without_rest_days(ctx: Ctx, clauses: Clauses) -> Ctx:
    """``ctx`` less each clause of words alone, after a reading, that says no session was
    done on a day it names ("stress 4, mood 3. didnt train yesterday", "weight 81.3. no run
    yesterday, legs were dead"): that day is no reading's."""
    text = ctx.text
    for k, (intent, pieces) in enumerate(clauses):
        if intent is not None or not any(i in READINGS for i, _ in clauses[:k]):
            continue
        words = ", ".join(pieces).strip(" .,!")
        if not _no_session(words) or said_day(words, ctx.today) in (None, ctx.today):
            continue
        at = text.rfind(words)
        if at > 0:
            text = text[:at].rstrip(" ,.;-") + " " + text[at + len(words) :]
    return ctx if text == ctx.text else replace(ctx, text=text)
