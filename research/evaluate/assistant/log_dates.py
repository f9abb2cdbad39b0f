"""The day a log entry is stored on, against the day the gold says (``chat_eval`` scoring).

"Tuesday: lat pulldown 3x10 50kg" stored on today's date stores wrong data, however right its
sets: a message is right only when each entry is stored on the gold call's ``date``. The read
back (``logging_runs._read_back(..., dated=True)``) gives each entry its athlete-local day: a
strength set its workout's day, a cardio session its start's day, a meal the day it was eaten,
each daily reading its row's day (``daily_on``), and a night of sleep the day it ended (the
services' ``night_of``: the morning the athlete woke).

Sleep: every SPEC (teacher, 57j, 57k, blind-final-24) files a night under "the morning the
night ended", the day the log keeps it under, so that is the only match; the SPEC is not silent
here, so no second reading is accepted. Measured (scoredates, 5,000 logs): every gold night
follows it ("last night", "yesterday night": today's date; "monday night": Tuesday), and the one
gold night that the evening reading would have matched was a chat error ("slept 6 hrs the night
before" yesterday's workout, stored on this morning).
A gold call without a date, or one that is not an ISO day, is not compared.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from fitcoach.assistant.evaluate.common import exercise_candidates
from research.evaluate.assistant.logging_scores import _SCALES, activity_slugs, said_variants


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


def _wrong(what: str, said: Sequence[str], stored: Sequence[str]) -> list[str]:
    """The date problem of one thing said on the days ``said`` and stored on ``stored``:
    none where nothing was stored (``compare_logged``'s problem) or the days agree."""
    said_days = {d for d in said if _day(d) is not None}
    stored_days = set(stored)
    if not said_days or not stored_days or said_days == stored_days:
        return []
    return [f"date wrong ({what}: {', '.join(sorted(said_days))} said, {', '.join(sorted(stored_days))} stored)"]  # fmt: skip


def date_problems(want: list[dict[str, Any]], got: dict[str, Any], records: Sequence[Any], text: str = "") -> list[str]:  # fmt: skip
    """The gold entries' ``date`` against the days their stored entries are on (see the module). Entries are grouped as ``compare_logged`` pairs them, and each group's days said
    must be its days stored: a lift by its library entries, an activity by its cardio entries,
    the meals together, each daily reading by its key (the same lift said on two days is two
    days, not one wrong entry). A group with nothing stored is ``compare_logged``'s problem,
    not a date's."""
    said: dict[tuple[str, str], list[str]] = {}
    stored: dict[tuple[str, str], list[str]] = {}
    names: dict[tuple[str, str], str] = {}
    daily_on: dict[str, list[str]] = got.get("daily_on") or {}
    for entry in want:
        if entry.get("date") is None:
            continue
        what = entry["what"]
        if what == "strength":
            slugs = exercise_candidates(entry["exercise"], records) or exercise_candidates(entry["exercise"], records, kind="cardio")  # fmt: skip
            key = ("strength", " ".join(sorted(slugs)) or entry["exercise"])
            names.setdefault(key, entry["exercise"])
            taken = set(slugs) | set(said_variants(entry["exercise"], records, text))
            stored[key] = [s[4] for s in got.get("strength") or () if len(s) > 4 and s[0] in taken]  # fmt: skip
        elif what == "cardio":
            slugs = activity_slugs(entry["activity"], records)
            key = ("cardio", " ".join(sorted(slugs)) or entry["activity"])
            names.setdefault(key, entry["activity"])
            stored[key] = [c["date"] for c in got.get("cardio") or () if c["activity"] in slugs and "date" in c]  # fmt: skip
        elif what == "meal":
            key = ("meal", "")
            names[key] = "meals"
            stored[key] = [m["date"] for m in got.get("meal") or () if "date" in m]
            if not stored[key] and entry.get("description") == "day total":
                stored[key] = [d for k in ("day_kcal", "day_protein_g") for d in daily_on.get(k, [])]  # fmt: skip
        else:
            for field in entry:
                if field not in ("what", "date"):
                    key = ("daily", field)
                    names[key] = field
                    stored[key] = list(daily_on.get(_SCALES.get(field, field), []))
                    said.setdefault(key, []).append(str(entry["date"]))
            continue
        said.setdefault(key, []).append(str(entry["date"]))
    problems: list[str] = []
    for key, days in said.items():
        problems += _wrong(names[key], days, stored.get(key, []))
    return problems
