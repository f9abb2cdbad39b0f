"""A week written day by day, each day by its weekday and its date (issue 57, stop 96, exports96):
"Sun 15/11 swim 30min", "Mon 16/11 run 6km 35min", "Tue 17/11 rest", "Thu 12 Nov: legs".

One such line was read (its calendar day dates it), but two or more days in one message were
not: the calendar day's figures are left aside only where every entry is of that one day, so
"15", "16" and "17" were asked about and nothing was stored. ``week_dates`` writes a weekday
whose date agrees with it, within the last week, as the weekday alone ("Sunday swim 30min";
today's as "today"),
which dates its line as before and leaves no figure to ask about. A date that is not the
weekday's (a slip: "Mon 17/11" on a Tuesday), or one more than six days back (its weekday
would date it in this week), is left as written, and asked about as before; so is an app's date
line with its year or clock ("Monday, Nov 16, 2026 at 18:30"), which ``dates`` reads.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from fitcoach.assistant.nlu.dates import DAY, MONTH

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# A weekday and its date at a line's start or after a comma or semicolon: "Sun 15/11",
# "mon. 16.11", "Tue, 17 Nov", "Thursday Nov 12th", "Sat 14/11/26"
_DAY_DATE = re.compile(
    rf"(?P<lead>^|[,;]\s*)(?P<day>{DAY})\b\.?,?\s+"
    rf"(?:(?P<a>\d{{1,2}})[/.](?P<b>\d{{1,2}})(?:[/.](?:20)?\d\d)?|"
    rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{MONTH})\.?|"
    rf"(?P<m2>{MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)"
    r"(?![\d/.]\d)(?!\s*(?:x|kgs?|lbs?|km|mi|min|mins|k)\b)"
    # an app's date line with its year or its clock ("Monday, Nov 16, 2026 at 18:30"): its own
    r"(?!,?\s*(?:20\d\d\b|at\b|\d{1,2}:\d\d))",
    re.IGNORECASE,
)


def _weekday(word: str) -> int:
    return next(i for i, name in enumerate(_WEEKDAYS) if name.startswith(word.lower()[:3]))


def _month(word: str) -> int:
    return _MONTHS.index(word.lower()[:3]) + 1


def _days(m: re.Match[str]) -> list[tuple[int, int]]:
    """The (month, day) readings of the date: both ways round for "15/11" or "11/15"."""
    if m.group("a") is not None:
        a, b = int(m.group("a")), int(m.group("b"))
        return [(b, a), (a, b)]
    if m.group("d") is not None:
        return [(_month(m.group("m")), int(m.group("d")))]
    return [(_month(m.group("m2")), int(m.group("d2")))]


def _said(m: re.Match[str], today: date) -> str | None:
    """The weekday alone ("today" for today's) where its date is its own in the last week."""
    weekday = _weekday(m.group("day"))
    for back in range(7):
        day = today - timedelta(days=back)
        if day.weekday() == weekday and (day.month, day.day) in _days(m):
            return m.group("lead") + ("today" if back == 0 else _WEEKDAYS[weekday])
    return None


def week_dates(text: str, today: date) -> str:
    """``text`` with each weekday said with its own date (in the last week) as the weekday alone."""
    lines = text.splitlines()
    out: list[str] = []
    for line in lines:
        found = list(_DAY_DATE.finditer(line.strip()))
        if not found or not all(_said(m, today) for m in found):
            out.append(line)
            continue
        out.append(_DAY_DATE.sub(lambda m: _said(m, today) or m.group(0), line.strip()))
    return "\n".join(out) if out != lines else text
