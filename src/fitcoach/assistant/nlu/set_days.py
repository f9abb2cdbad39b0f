"""Sets of two days in one line (issue 57): "squatted 5x5 at 185 on monday and 5x5 at 190 today",
"yesterday: deadlift 5x3 at 160; today: bench 4x6 at 80". The pieces of one strength clause
that name different days are two sessions: each keeps its own day (read as one clause, the
whole took the last day said and stored Monday's sets as today's)."""

from __future__ import annotations

import re
from datetime import date

from fitcoach.assistant.nlu.base import Ctx, Intent
from fitcoach.assistant.nlu.dates import date_slots
from fitcoach.assistant.nlu.quantities import CHANGE_SINCE
from fitcoach.assistant.nlu.set_words import sets_text
from fitcoach.assistant.nlu.sets import parse_group

# A piece's own word for the day it is written on
_TODAY = re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening|am))\b")

Clauses = list[tuple[Intent | None, list[str]]]


def piece_day(piece: str, today: date) -> date | None:
    """The day a piece names, if one (a change "since monday" names none)."""
    if _TODAY.search(piece):
        return today
    found = date_slots(CHANGE_SINCE.sub(" ", piece), today).get("date")
    return found if isinstance(found, date) else None


def sets_by_day(ctx: Ctx, clauses: Clauses) -> Clauses:
    """Each strength clause whose pieces name two days split into one clause per day: a piece
    with no day goes with the one before it ("rir 2" after "deadlift 5x3 yesterday"); a run
    that starts without a name takes the last name of the run before ("5x5 at 190 today")."""
    out: Clauses = []
    # (the last name and day of the strength clause before: a clause split off for its own day
    # before this step, "front squat 4x4 at 90 on monday and 4x4 at 95 today", takes that name)
    name, last_day = "", None
    for intent, pieces in clauses:
        runs: list[tuple[date | None, list[str]]] = []
        for piece in pieces if intent == "log_sets" else ():
            day = piece_day(piece, ctx.today)
            if runs and (day is None or runs[-1][0] in (None, day)):
                runs[-1] = (runs[-1][0] or day, [*runs[-1][1], piece])
            else:
                runs.append((day, [piece]))
        if not runs:
            out.append((intent, pieces))
            continue
        if len(runs) < 2 and not (name and runs[0][0] not in (None, last_day)):
            out.append((intent, pieces))
            name = next((n for p in reversed(pieces) if (n := parse_group(sets_text(p))[1])), name)
            last_day = runs[0][0] or last_day
            continue
        for day, run in runs:
            names = [n for p in run if (n := parse_group(sets_text(p))[1])]
            if name and not parse_group(sets_text(run[0]))[1]:
                run = [f"{name} {run[0]}", *run[1:]]
            name = names[-1] if names else name
            last_day = day or last_day
            out.append(("log_sets", run))
    return out
