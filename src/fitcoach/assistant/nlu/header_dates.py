"""A log's day written as a heading with figures (issue 57, corpus-57l: "gym 18/11", "Food log
18/11", "Tues 11/17 — squat ...", "18.11.26", "18-Nov | 91.0 kg"): the day the entries are
of, whose numbers the chat could not place and asked about. ``header_day`` writes such a day as
the calendar day the readers already know ("on nov 18", ``dates.CALENDAR_DAY``), which dates
the entries and whose numbers the accounting leaves aside.

Only a heading is read so: the line's start, or after a few words with no figure ("gym",
"food log", a weekday), and nothing after it that makes it a figure (a unit, an "x", more
digits). Day and month must be told apart: one of the two numbers above 12 ("18/11": the
18th of November; "11/17": November 17th, as written in the US), or the month by its name
after the day ("18-Nov"); a
year, where written, this one. (A month named first, "Nov 17, 2026 | 58 min", is an app's
date line, which its own readers know.) And the day must be one a log is of: not ahead of today, nor
more than two months back. "5/3" (either way round), "4/5 energy" and "8/10" stay as written,
and so does a heading of meals ("food log 18/11"), which the meal's reader would take into the
meal's description."""

from __future__ import annotations

import re
from datetime import date, timedelta

from fitcoach.assistant.nlu.dates import MONTH, date_slots
from fitcoach.assistant.nlu.sleep_summaries import SLEEP_APP

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# a few words before the day, none of them a figure ("gym", "food log", "tues"), and a
# session's name before its dash ("upper a - tues 17/11", "pull day – thursday 12 nov")
_LEAD = r"^(?P<lead>(?:[a-z][a-z']*\s+){0,3}(?:[—–|·-]\s*(?:[a-z][a-z']*\s+){0,2})?)"
# after the day: the line's end, a dash, a bar, a colon, a comma or a stop, or words; never a
# unit, an "x" or more figures
_END = r"(?=\s*(?:$|[—–|:,;•·-]|\.(?:\s|$)|[a-z]))(?!\s*(?:x|kgs?|kilos?|lbs?|pounds?|k|km|mi|miles?|m|min|mins|minutes?|h|hrs?|hours?|reps?|sets?|am|pm)\b)"
_NUMERIC = re.compile(
    rf"{_LEAD}(?P<a>\d{{1,2}})(?:/(?P<b>\d{{1,2}})(?:/(?P<y1>(?:20)?\d\d))?|\.(?P<c>\d{{1,2}})\.(?P<y2>(?:20)?\d\d)){_END}"
)
_NAMED = re.compile(
    rf"{_LEAD}(?P<d>\d{{1,2}})(?:\s+|-)(?P<m>{MONTH})"
    rf"(?:,?\s+(?P<y>20\d\d))?{_END}"
)

# "food log 18/11", "meals 17/11": a heading of meals, left as written
_MEAL_HEADING = re.compile(
    r"^(?:[a-z']+\s+){0,2}(?:food|foods|meals?|eats|eating|diet|nutrition|breakfast|lunch|dinner|"
    r"snacks?|macros|calories|kcal)\b"
)


def _day(today: date, month: int, day: int, year: str | None) -> date | None:
    full = int(year) + (2000 if int(year) < 100 else 0) if year else today.year
    try:
        found = date(full, month, day)
    except ValueError:
        return None
    if not year and found > today:
        found = found.replace(year=full - 1)  # "28/12" read in January: last December's
    return found if found <= today and (today - found).days <= 62 else None


def header_day(line: str, today: date) -> str:
    """``line`` (normalised) with a heading's day written "on <month> <day>" (see the module);
    anything else as it was."""
    if _MEAL_HEADING.match(line):
        return line  # (a meal's reader would keep the heading in the meal's description)
    if m := _NUMERIC.match(line):
        a, b = int(m["a"]), int(m["b"] or m["c"])
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            day, month = b, a
        else:
            return line  # "5/3": the 5th of March or May the 3rd, as the athlete writes days
        year = m["y1"] or m["y2"]
    elif m := _NAMED.match(line):
        day, month, year = int(m["d"]), _MONTHS.index(m["m"][:3]) + 1, m["y"]
    else:
        return line
    found = _day(today, month, day, year)
    if found is None:
        return line
    said = f"on {_MONTHS[found.month - 1]} {found.day}" + (f" {found.year}" if year else "")
    return f"{line[: m.start('lead') + len(m['lead'])]}{said}{line[m.end() :]}"


# "monday recap (late sorry): 7h sleep, bench 3x8 165, ...", "yesterdays full log cause i
# forgot: slept 6.5h, squats 5x5 ...": a heading of words, no figure, before the message's
# first colon, that names the day of everything after it (a night's words there, "last
# night: 7h", date the night only, as in any clause)
_WORDS_HEADING = re.compile(r"^(?P<head>[^\d:,.;!?\n]{3,60}?)\s*:\s*\S")


# (sleep94) A device's heading naming the night it read ("Oura (sun night):", "whoop - saturday
# night:"): what it read beside the night (HRV, resting heart rate) is the morning's after it
_DEVICE_NIGHT = re.compile(
    rf"^\s*{SLEEP_APP}\b.*?\b(?P<day>(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?) night\b"
)


def heading_day(text: str, today: date) -> dict[str, date]:
    """The day a words-only heading of ``text`` (normalised) names, as a ``date`` slot (no
    such heading, a night's, or a day ahead of today: empty)."""
    m = _WORDS_HEADING.match(text)
    if m is not None and (night := _DEVICE_NIGHT.search(m["head"])) is not None:
        found = date_slots(night["day"], today).get("date")
        if isinstance(found, date) and found < today:
            return {"date": found + timedelta(days=1)}
    if m is None or re.search(r"\bnight\b|\btonight\b", m["head"]):
        return {}
    found = date_slots(m["head"], today).get("date")
    return {"date": found} if isinstance(found, date) and found <= today else {}
