"""Pieces of a log message beside the entry read from it (issue 57): whether a piece is more of
that entry (its quantities, a part of the session) or another entry, and the cardio activities
a message's clauses name. Split from ``reading`` by job."""

from __future__ import annotations

import re
from datetime import date

from fitcoach.assistant.nlu.accounting import account
from fitcoach.assistant.nlu.base import Ctx, Intent, Understanding
from fitcoach.assistant.nlu.cardio import log_cardio, names_activity
from fitcoach.assistant.nlu.food_names import food_words
from fitcoach.assistant.nlu.names import named_exercises
from fitcoach.assistant.nlu.quantities import DUR, NUMBER_TOKEN, durations_s
from fitcoach.assistant.nlu.session_totals import session_total

PART_OF_SESSION = re.compile(
    r"\b(?:at the (?:start|end|beginning)|to (?:warm|cool) (?:up|down)|as (?:a |my )?(?:warm|cool) ?-?(?:up|down)|"
    r"warm ?-?up|cool ?-?down|included|of it|of that|within)\b"
)


def activities(ctx: Ctx, clauses: list[tuple[Intent | None, list[str]]]) -> set[str]:
    """The cardio activities the message's cardio clauses name, each read on its own."""
    found: set[str] = set()
    for intent, pieces in clauses:
        joined = ", ".join(pieces)
        if PART_OF_SESSION.search(joined):
            continue  # "boxing class 1h, skipping 10 min at the start": the class's warm-up
        if intent == "log_cardio" and (read := log_cardio(Ctx(joined, joined, ctx.today, ctx.exercises))):  # fmt: skip
            found |= {str(read[1]["exercise"])} if read[1].get("exercise") else set()
    return found


def explained(piece: str, entry: Understanding, today: date) -> bool:
    """Whether ``piece`` is quantities only ("8 hours", "about 7h") and ``entry`` explains every
    number of it; a piece with other words ("30 min stretching") may be another entry."""
    if not NUMBER_TOKEN.search(piece) or QUANTITIES_ONLY.fullmatch(piece.strip(" ,.;:!~")) is None:
        return False
    return not any(p.startswith("I am not sure what") for p in account(piece, [entry], today))


def part_of(ctx: Ctx, piece: str, entry: Understanding) -> bool:
    """Whether ``piece`` is more of the entry read from the whole message ("in bed at 11" of
    "in bed at 11, up at 6:30, slept badly"; "2 chapati" before "and a bowl of dal for
    dinner"): it has numbers, the entry explains them all (amounts of food for a meal), and
    it names no exercise and, but for a meal, no food (that is asked about)."""
    if not NUMBER_TOKEN.search(piece) or named_exercises(ctx, piece) or names_activity(ctx, piece):
        return False  # "... then aqua zumba 30": another activity, whatever its numbers
    # "then did 30 min easy spin" beside a night of 6 h 30: another log; "last night 8h15" of
    # "last night 8h15, deep sleep" is the night's own length, the whole night read from it
    night = entry.intent == "log_sleep" and durations_s(piece) == entry.slots.get("duration_s")
    # ("2 x 20 min pieces on the erg, 50 min total with the warm up": the session's whole time)
    night = night or (entry.intent == "log_cardio" and (told := session_total(piece, piece)) is not None and told.duration_s == entry.slots.get("duration_s"))  # fmt: skip
    if entry.intent != "log_meal" and (food_words().search(piece) or (DUR.search(piece) and not night)):  # fmt: skip
        return False
    return not any(p.startswith("I am not sure what") for p in account(piece, [entry], ctx.today))


QUANTITIES_ONLY = re.compile(
    r"(?:\s*(?:\d+(?:\.\d+)?|h|hrs?|hours?|mins?|minutes?|and|a|half|about|around|roughly|like|"
    r"maybe|only|just|each way|per way|each|both ways|~)\b\s*)+"
)


def timed_apart(intent: Intent | None, piece: str) -> bool:
    """A piece with a time of its own and words besides it after a night ("then did 30 min
    of easy pedalling" after "slept 6h30"): something else done, never more of the night
    (whose numbers may seem to explain its own: the 30 of 6 h 30)."""
    if intent != "log_sleep" or not DUR.search(piece):
        return False  # ("about 5 and a half hours": the night's own length, more of it)
    return QUANTITIES_ONLY.fullmatch(piece.strip(" ,.;:!~")) is None
