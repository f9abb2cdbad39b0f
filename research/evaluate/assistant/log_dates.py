"""The day a log entry is stored on, against the day the gold says (``chat_eval`` scoring).

"Tuesday: lat pulldown 3x10 50kg" stored on today's date stores wrong data, however right its
sets: a message is right only when each entry is stored on the gold call's ``date``. The read
back (``logging_runs._read_back(..., dated=True)``) gives each entry its athlete-local day: a
strength set its workout's day, a cardio session its start's day, a meal the day it was eaten,
each daily reading its row's day (``daily_on``), and a night of sleep the day it ended (the
services' ``night_of``: the morning the athlete woke).

Sleep: the SPEC files a night under "the morning the night ended", the day the log keeps it
under, so that is the match. Writers also file a night under the evening it began ("last night"
dated yesterday); a careful person reads it either way, so a gold date one day before the
stored morning is accepted as that reading too (counted by ``sleep_evening``, never wrong).
A gold call without a date, or one that is not an ISO day, is not compared.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from fitcoach.assistant.evaluate.common import exercise_candidates
from research.evaluate.assistant.logging_scores import _SCALES

DATED_KINDS = ("strength", "cardio", "meal")


def undated(got: dict[str, Any]) -> dict[str, Any]:
    """A dated read-back as ``compare_logged`` reads it: the days left out."""
    out = {k: v for k, v in got.items() if k != "daily_on"}
    if "strength" in out:
        out["strength"] = [tuple(s[:4]) for s in out["strength"]]
    for kind in ("cardio", "meal"):
        if kind in out:
            out[kind] = [{k: v for k, v in e.items() if k != "date"} for e in out[kind]]
    return out


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def sleep_evening(said: str, stored: str) -> bool:
    """Whether a night said on ``said`` and stored on the morning ``stored`` is the evening
    reading of that night: the gold filed it under the day before the morning it ended."""
    said_day, stored_day = _day(said), _day(stored)
    return said_day is not None and stored_day is not None and said_day == stored_day - timedelta(days=1)  # fmt: skip


def _wrong(what: str, said: str, stored: Sequence[str], *, night: bool = False) -> list[str]:
    """The date problem of one entry said on ``said`` and stored on ``stored`` (its days)."""
    if _day(said) is None:
        return []
    off = sorted({d for d in stored if d != said and not (night and sleep_evening(said, d))})
    return [f"date wrong ({what}: {said} said, {', '.join(off)} stored)"] if off else []


def date_problems(want: list[dict[str, Any]], got: dict[str, Any], records: Sequence[Any]) -> list[str]:  # fmt: skip
    """Each gold entry's ``date`` against the days its stored entry is on (see the module).
    Entries are paired as ``compare_logged`` pairs them (a lift by its library entries, an
    activity by its cardio entries, meals in order, a daily reading by its key); an entry with
    nothing stored to pair is ``compare_logged``'s problem, not a date's."""
    problems: list[str] = []
    sets = list(got.get("strength") or [])
    cardio = list(got.get("cardio") or [])
    meals = list(got.get("meal") or [])
    daily_on: dict[str, list[str]] = got.get("daily_on") or {}
    for entry in want:
        said = entry.get("date")
        if said is None:
            continue
        said = str(said)
        what = entry["what"]
        if what == "strength":
            names = set(exercise_candidates(entry["exercise"], records) or exercise_candidates(entry["exercise"], records, kind="cardio"))  # fmt: skip
            days = [s[4] for s in sets if len(s) > 4 and s[0] in names]
            problems += _wrong(entry["exercise"], said, days)
        elif what == "cardio":
            names = set(exercise_candidates(entry["activity"], records, kind="cardio"))
            found = next((c for c in cardio if c["activity"] in names), None)
            found = found or (cardio[0] if cardio else None)
            if found is not None:
                cardio.remove(found)
                problems += _wrong(entry["activity"], said, [found["date"]] if "date" in found else [])  # fmt: skip
        elif what == "meal":
            if meals:
                found = meals.pop(0)
                problems += _wrong(f"meal {entry.get('description')!r}", said, [found["date"]] if "date" in found else [])  # fmt: skip
            elif entry.get("description") == "day total":
                days = [d for k in ("day_kcal", "day_protein_g") for d in daily_on.get(k, [])]
                problems += _wrong("day total", said, days)
        elif what == "daily":
            for key in entry:
                if key in ("what", "date"):
                    continue
                stored = daily_on.get(_SCALES.get(key, key), [])
                problems += _wrong(key, said, stored, night=key == "sleep_h")
    return sorted(set(problems), key=problems.index)
