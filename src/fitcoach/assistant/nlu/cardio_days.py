"""Cardio sessions of two days in one message (stop 93): "sat 30k trail in 3h40, sun 20k in
2h25", "saturday ran 30k in 3 hours, sunday ran 20k in 2 hours". Each clause that says its own
day is a session of that day: two entries, never one with the second's figures left over. A
clause that names no activity ("sun 20k in 2h25") is of the activity the day before it names,
where it has a way and a time of its own at a pace like that day's."""

from __future__ import annotations

from fitcoach.assistant.nlu.base import Ctx, Intent
from fitcoach.assistant.nlu.cardio import log_cardio
from fitcoach.assistant.nlu.clause_days import another_day, said_day


def _read(ctx: Ctx, text: str) -> dict[str, object] | None:
    found = log_cardio(Ctx(text, text, ctx.today, ctx.exercises))
    return None if found is None else found[1]


def next_days_session(ctx: Ctx, before: list[str], piece: str) -> str | None:
    """``piece`` as a session of its own where it says another day than the cardio clause
    ``before`` (with that clause's activity named where it names none); None where it is
    part of that clause."""
    if not another_day(ctx.today, before, piece):
        return None
    earlier, own = _read(ctx, ", ".join(before)), _read(ctx, piece)
    if earlier is None or own is None or not earlier.get("exercise"):
        return None
    if own.get("exercise"):
        return piece
    if own.get("distance_m") is None or own.get("duration_s") is None:
        return None  # ("sun 20k": a second day's figure with no time: asked as before)
    if not _like_paced(earlier, own):
        return None  # ("sat rode 60 km in 2h30, sun 12 km in 1h": a walk? a jog? asked)
    return f"{piece} {str(earlier['exercise']).replace('-', ' ')}"


# How far apart the two days' paces may be for the second to be the same activity
_PACE_RATIO = 1.4


def _like_paced(one: dict[str, object], other: dict[str, object]) -> bool:
    paces = []
    for read in (one, other):
        way, time = read.get("distance_m"), read.get("duration_s")
        if not isinstance(way, float | int) or not isinstance(time, float | int) or way <= 0:
            return False
        paces.append(time / way)
    return max(paces) / min(paces) <= _PACE_RATIO


def sessions_by_day(ctx: Ctx, clauses: list[tuple[Intent | None, list[str]]]) -> bool:
    """Whether two or more cardio clauses each say their own day, the days differ, and each
    reads alone with its activity: sessions of their days, read one by one."""
    days = set()
    cardio = [pieces for intent, pieces in clauses if intent == "log_cardio"]
    for pieces in cardio:
        joined = ", ".join(pieces)
        found = _read(ctx, joined)
        day = said_day(joined, ctx.today)
        if found is None or not found.get("exercise") or day is None:
            return False
        days.add(day)
    return len(cardio) >= 2 and len(days) == len(cardio)
