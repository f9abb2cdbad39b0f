"""Reading a squad's daily monitoring sheet (DAILY.csv): columns, units, scales, bad rows.

The columns and their scales are documented in docs/data-format.md ("Squad daily sheet").
Every column but ``athlete`` and ``date`` may be left out or left blank. A row that cannot be
used (no athlete, a date that is not YYYY-MM-DD, a value that is not a number, a value in
another unit than the column's, a value out of its range, a session RPE without minutes) is
rejected whole and reported with its line number; nothing is dropped without a word, so the
coach can fix the row and score the sheet again.

Wellness items (``fatigue``, ``mood``, ``soreness``, ``stress``, ``sleep_quality``) are read on
a 1-5 scale where **higher is better for every item** (fatigue 5 = very fresh, soreness 5 =
not sore at all, stress 5 = very relaxed: McLean et al. 2010, the scale PMData uses). A sheet
on 0-10 (same direction) says so with ``--scale 10`` or per column with the suffix ``_10``
(``fatigue_10``); 0-10 values are mapped to 1-5 as 1 + 0.4 × value.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from fitcoach.core.errors import InvalidInput

ITEMS = ("fatigue", "mood", "soreness", "stress", "sleep_quality")
Scale = Literal[5, 10]


@dataclass(frozen=True)
class Column:
    """One numeric column: its range (in the column's unit), unit and the units it accepts."""

    name: str
    low: float
    high: float
    unit: str  # as a person reads it
    units: tuple[str, ...]  # unit suffixes accepted in a cell ("" always is)
    hint_low: str = ""  # what a value below the range usually means
    hint_high: str = ""


COLUMNS: dict[str, Column] = {
    c.name: c
    for c in (
        Column("load", 0, 5000, "AU", ("au",), hint_high="a week's total instead of a day's?"),
        Column("srpe", 0, 10, "CR-10", (), hint_high="a 6-20 Borg rating? use CR-10 (0-10)"),
        Column("minutes", 0, 600, "min", ("min", "mins"), hint_low=""),
        Column("sleep_h", 0, 16, "h", ("h", "hr", "hrs", "hours"), hint_high="minutes?"),
        Column("resting_hr", 25, 120, "bpm", ("bpm",)),
        Column("hrv", 3, 300, "ms (rMSSD)", ("ms",), hint_low="seconds? rMSSD is in ms"),
        *(Column(item, 1, 5, "(higher is better)", ()) for item in ITEMS),
    )
}
ALIASES = {
    "day": "date",
    "rpe": "srpe",
    "session_rpe": "srpe",
    "duration": "minutes",
    "duration_min": "minutes",
    "sleep": "sleep_h",
    "sleep_hours": "sleep_h",
    "rhr": "resting_hr",
    "resting_hr_bpm": "resting_hr",
    "rmssd": "hrv",
    "hrv_rmssd_ms": "hrv",
}
_NUMBER = re.compile(r"^\s*([-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+))\s*([A-Za-z]*)\s*$")
_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


@dataclass(frozen=True)
class Problem:
    """Why a row was rejected, or a value in it ignored (``rejected`` False)."""

    row: int  # line number in the file (the header is line 1)
    athlete: str
    date: str
    messages: tuple[str, ...]
    rejected: bool = True


@dataclass(frozen=True)
class Entry:
    """One accepted row: its line, athlete, day, load (None: not given) and readings."""

    row: int
    athlete: str
    day: date
    load: float | None
    values: dict[str, float]  # sleep_h, resting_hr, hrv and the items on 1-5


@dataclass
class Sheet:
    """The accepted rows and the problems, with the counts a report needs."""

    entries: list[Entry]
    problems: list[Problem]
    rows_read: int
    columns: tuple[str, ...]  # the sheet's columns as understood (after aliases)
    item_scales: dict[str, int] = field(default_factory=dict)

    @property
    def rows_rejected(self) -> int:
        return sum(1 for p in self.problems if p.rejected)


def _header(raw: list[str], scale: Scale) -> tuple[list[str | None], dict[str, int], list[str]]:
    """Canonical names of the header cells (None: ignored), item scales, and ignored names."""
    names: list[str | None] = []
    scales: dict[str, int] = {}
    ignored: list[str] = []
    seen: set[str] = set()
    for cell in raw:
        key = cell.strip().lower().replace(" ", "_").replace("-", "_")
        key = ALIASES.get(key, key)
        item_scale: int = scale
        for suffix, value in (("_10", 10), ("_5", 5)):
            if key.endswith(suffix) and key[: -len(suffix)] in ITEMS:
                key, item_scale = key[: -len(suffix)], value
        if key in ITEMS:
            scales[key] = item_scale
        if key in ("athlete", "date") or key in COLUMNS:
            if key in seen:
                raise InvalidInput(f"the sheet has the column {key!r} twice")
            seen.add(key)
            names.append(key)
        else:
            names.append(None)
            if key:
                ignored.append(cell.strip())
    missing = [c for c in ("athlete", "date") if c not in seen]
    if missing:
        raise InvalidInput(
            f"the sheet needs the columns athlete and date (it lacks {', '.join(missing)}); "
            "see docs/data-format.md, 'Squad daily sheet'"
        )
    return names, scales, ignored


def _number(column: Column, text: str, item_scale: int) -> tuple[float | None, str | None]:
    """The cell as a number in the column's unit (None: blank), or the problem with it."""
    if not text.strip():
        return None, None
    match = _NUMBER.match(text)
    if match is None:
        return None, f"{column.name} {text.strip()!r} is not a number"
    value = float(match.group(1).replace(",", "."))
    unit = match.group(2).lower()
    if unit and unit not in column.units:
        expected = column.unit.split(" ")[0]
        return (
            None,
            f"{column.name} {text.strip()!r}: wrong unit {unit!r}, the column is in {expected}",
        )
    if not math.isfinite(value):
        return None, f"{column.name} {text.strip()!r} is not a number"
    low, high = column.low, column.high
    if column.name in ITEMS and item_scale == 10:
        low, high = 0.0, 10.0
    if not low <= value <= high:
        hint = column.hint_high if value > high else column.hint_low
        unit = column.unit
        if column.name in ITEMS and item_scale == 5:
            unit = "(higher is better; a 0-10 sheet needs --scale 10 or the suffix _10)"
        return None, (
            f"{column.name} {value:g} is outside {low:g}-{high:g} {unit}"
            + (f": {hint}" if hint else "")
        )
    if column.name in ITEMS and item_scale == 10:
        value = 1.0 + 0.4 * value
    return value, None


def _day(text: str) -> date | None:
    match = _DATE.match(text)
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def read_sheet(text: str, *, scale: Scale = 5) -> Sheet:
    """Parse a daily sheet (CSV text with a header row; see the module's description)."""
    if scale not in (5, 10):
        raise InvalidInput("the wellness scale is 5 (1-5) or 10 (0-10)")
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        raw_header = next(reader)
    except StopIteration:
        raise InvalidInput(
            "the sheet is empty; it needs a header row and a row per athlete-day"
        ) from None
    names, scales, _ignored = _header(raw_header, scale)
    entries: list[Entry] = []
    problems: list[Problem] = []
    rows_read = 0
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue  # a blank line is not a row
        rows_read += 1
        record = {n: (cells[i] if i < len(cells) else "") for i, n in enumerate(names) if n}
        athlete = record.get("athlete", "").strip()
        day_text = record.get("date", "").strip()
        messages: list[str] = []
        if len(cells) > len(names):
            messages.append(f"{len(cells)} cells for {len(names)} columns")
        if not athlete:
            messages.append("no athlete")
        day = _day(day_text)
        if day is None:
            messages.append(f"date {day_text!r} is not a date as YYYY-MM-DD")
        values: dict[str, float] = {}
        for name, cell in record.items():
            if name in ("athlete", "date"):
                continue
            value, problem = _number(COLUMNS[name], cell, scales.get(name, scale))
            if problem:
                messages.append(problem)
            elif value is not None:
                values[name] = value
        load = values.pop("load", None)
        srpe, minutes = values.pop("srpe", None), values.pop("minutes", None)
        if (srpe is None) != (minutes is None):
            messages.append("a session RPE needs its minutes, and minutes their RPE")
        elif srpe is not None and minutes is not None:
            product = srpe * minutes
            if load is None:
                load = product
            elif abs(load - product) > max(1.0, 0.01 * product):
                messages.append(f"load {load:g} disagrees with RPE × minutes = {product:g}")
        if messages or day is None:
            problems.append(Problem(line, athlete, day_text, tuple(messages)))
            continue
        entries.append(Entry(line, athlete, day, load, values))
    columns = tuple(n for n in names if n)
    return Sheet(entries, problems, rows_read, columns, {k: int(v) for k, v in scales.items()})


def merge_days(
    entries: Iterable[Entry],
) -> tuple[dict[str, dict[date, tuple[float | None, dict[str, float]]]], list[Problem]]:
    """Per athlete and day: the summed load (None: no row gave one) and the readings. Rows of
    the same day add their loads (a row per session); a reading given twice with different
    values keeps the first and reports the later one (its load still counts)."""
    out: dict[str, dict[date, tuple[float | None, dict[str, float]]]] = {}
    where: dict[tuple[str, date, str], int] = {}
    problems: list[Problem] = []
    for e in entries:
        days = out.setdefault(e.athlete, {})
        load, values = days.get(e.day, (None, {}))
        if e.load is not None:
            load = (load or 0.0) + e.load
        clashes = []
        for name, value in e.values.items():
            if name in values and abs(values[name] - value) > 1e-9:
                clashes.append(
                    f"{name} {value:g} differs from {values[name]:g} on line "
                    f"{where[(e.athlete, e.day, name)]} for the same day (ignored)"
                )
                continue
            if name not in values:
                values = {**values, name: value}
                where[(e.athlete, e.day, name)] = e.row
        if clashes:
            problems.append(
                Problem(e.row, e.athlete, e.day.isoformat(), tuple(clashes), rejected=False)
            )
        days[e.day] = (load, values)
    return out, problems


def describe_columns() -> Mapping[str, Column]:
    """The numeric columns (for help texts and docs)."""
    return COLUMNS
