"""A food diary pasted line by line, each meal at its clock time (issue 57, corpus-57o's writer
CM: "food diary 18/11" then "08:00 overnight oats 350", "12:30 chicken salad wrap 480", ...).

Each line's clock time and its bare figure (the meal's kcal, as diary apps print it) stood
with no word of what they were, and the chat asked what every number was. ``meal_time_lines``
writes each such line as the meal its time is most likely of, with its kcal ("breakfast:
overnight oats 350 kcal"), under a heading of today (a diary of another day is still asked
about: its day said once would not date each meal); a clock time right
after a meal's name ("Breakfast 07:10 – 2 weetabix ...") is when it was eaten, no part of
the food. A diary is read so only whole: two or more such lines, or one under a heading
that says it is food ("food diary", "food log", "meals", "what i ate"), and every other
line of the message such a heading; else the message is left exactly as it was."""

from __future__ import annotations

import re
from datetime import date

# "08:00 overnight oats 350", "19:00 - salmon, rice, greens 650 kcal"
_LINE = re.compile(
    r"^\s*(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)\s*(?:[-–—:|]\s*)?"
    r"(?P<food>[A-Za-z][^\d\n]*?)[\s,–—-]*(?P<kcal>\d{2,4})\s*(?:kcal|cals?|calories)?\s*$"
)
# the diary's heading: what it is, and perhaps its day ("food diary 18/11", "meals today")
_HEADING = re.compile(
    r"^\s*(?:my\s+)?(?:food\s+(?:diary|log|journal)|meals?|what i ate|food)"
    r"(?:\s+(?:today|(?P<day>\d{1,2})[/.](?P<month>\d{1,2})(?:[/.](?:20)?\d\d)?))?\s*:?\s*$",
    re.IGNORECASE,
)
# a meal's name with the clock time it was eaten at ("Breakfast 07:10 – ...")
_MEAL_AT = re.compile(
    r"^(?P<meal>\s*(?:breakfast|brunch|lunch|dinner|supper|snack)\b)\s*(?:at\s+)?"
    r"(?:[01]?\d|2[0-3])[:.][0-5]\d\s*(?:am|pm)?\s*[-–—:]?\s*",
    re.IGNORECASE,
)


def _meal_of(hour: int) -> str:
    """The meal a diary line at this hour is (a mid-afternoon line is a snack)."""
    if 4 <= hour < 11:
        return "breakfast"
    if 11 <= hour < 15:
        return "lunch"
    if 15 <= hour < 17:
        return "snack"
    if 17 <= hour < 22:
        return "dinner"
    return "snack"


def _of_today(m: re.Match[str], today: date) -> bool:
    """Whether a diary's heading is of today (no day, "today", or today's date): a diary of
    another day is left to be asked about (its day said once would not date each meal)."""
    if m.group("day") is None:
        return True
    return (int(m.group("day")), int(m.group("month"))) == (today.day, today.month)


def meal_time_lines(text: str, today: date) -> str:
    """``text`` with a pasted food diary written as one meal a line; else as it was."""
    lines = [x for x in text.splitlines() if x.strip()]
    out = [_MEAL_AT.sub(lambda m: f"{m.group('meal')}: ", x, count=1) for x in lines]
    rows = [m for x in out if (m := _LINE.match(x))]
    headings = [m for x in out if (m := _HEADING.match(x))]
    if not rows or len(rows) + len(headings) != len(out) or len(headings) > 1:
        return "\n".join(out) if out != lines else text
    if len(rows) < 2 and not headings:
        return text
    if headings and not _of_today(headings[0], today):
        return text
    meals = [f"{_meal_of(int(m['hour']))}: {m['food'].strip(' ,-–—')} {m['kcal']} kcal" for m in rows]  # fmt: skip
    return "\n".join(meals)
