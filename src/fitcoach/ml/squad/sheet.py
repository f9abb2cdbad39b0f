"""Reading a squad's daily monitoring sheet (DAILY.csv): columns, units, scales, bad rows.

The columns, their scales and the rules below are documented in docs/data-format.md ("Squad
daily sheet"). Every column but ``athlete`` and ``date`` may be left out, and any cell may be
missing: blank, ``NA``, ``N/A``, ``#N/A``, ``NaN``, ``null`` or ``None`` (any case) read as no
value. A row that cannot be used (no athlete, a date that is not YYYY-MM-DD, a value that is not
a number, a value in another unit than the column's, a value out of its range, a session RPE
without minutes) is rejected whole and reported with its line number; nothing is dropped
without a word, so the coach can fix the row and score the sheet again.

Wellness items (``fatigue``, ``mood``, ``soreness``, ``stress``, ``sleep_quality``) are read on
1-5 where **higher is better for every item** (fatigue 5 = very fresh, soreness 5 = not sore at
all, stress 5 = very relaxed: McLean et al. 2010, the scale PMData uses). Another scale is
declared (``--scale 1-7``, ``--scale fatigue=0-10`` or a column suffix ``fatigue_7``) and then
mapped to the same place on 1-5. An item nobody declared is read as 1-5 only when every value
lies in 1-5; otherwise the sheet is refused with the values found and how to declare the scale:
a 1-7 sheet read as 1-5 would keep most of its rows with every answer misread.

The cells are parsed a column at a time, each distinct cell of a column once (a column holds
few: ratings 1-5, minutes, sleep to a tenth of an hour), so a squad's season reads in a
fraction of a second.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

from fitcoach.core.errors import InvalidInput
from fitcoach.ml.squad.columns import (
    COLUMNS,
    DEFAULT_SCALE,
    ITEMS,
    MISSING_CELLS,
    READINGS,
    TEXT_COLUMNS,
    Column,
    Scale,
    canonical,
    parse_scales,
    suggest_scale,
)

if TYPE_CHECKING:
    import pandas as pd

Action = Literal["rejected", "merged", "value ignored"]
FloatArray = npt.NDArray[np.float64]
_NUMBER = re.compile(r"^\s*([-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+))\s*([A-Za-z]*)\s*$")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
EPOCH = date(1970, 1, 1)


@dataclass(frozen=True)
class Problem:
    """A row rejected, merged into an identical one, or with a value ignored, and why."""

    row: int  # line number in the file (the header is line 1)
    athlete: str
    date: str
    messages: tuple[str, ...]
    action: Action = "rejected"

    @property
    def rejected(self) -> bool:
        return self.action == "rejected"


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
    """The accepted rows (one frame), the problems, and what a report needs to say.

    ``rows`` has the columns ``line``, ``athlete``, ``day`` (days since 1970-01-01), ``session``
    (text, "" when the sheet has none), ``load``, ``srpe``, ``minutes`` and the readings
    (NaN: not given; items already on 1-5). ``rejected_days`` lists the athlete-days of the
    rejected rows that name a readable athlete and date: their load is unknown."""

    rows: pd.DataFrame
    problems: list[Problem]
    rows_read: int
    columns: tuple[str, ...]  # the sheet's columns as understood (after aliases)
    item_scales: dict[str, Scale] = field(default_factory=dict)
    rejected_days: list[tuple[str, int, int]] = field(default_factory=list)  # athlete, day, line
    ignored_columns: tuple[str, ...] = ()

    @property
    def rows_rejected(self) -> int:
        return sum(1 for p in self.problems if p.rejected)

    @property
    def entries(self) -> list[Entry]:
        """The accepted rows one by one (for small sheets and tests; scoring reads ``rows``)."""
        out = []
        readings = [c for c in READINGS if c in self.rows]
        for record in self.rows.to_dict("records"):
            values = {c: float(record[c]) for c in readings if record[c] == record[c]}
            load = record["load"]
            out.append(
                Entry(
                    int(record["line"]),
                    str(record["athlete"]),
                    day_of(int(record["day"])),
                    None if load != load else float(load),
                    values,
                )
            )
        return out


def day_of(number: int) -> date:
    """A day number (days since 1970-01-01) as a date."""
    return date.fromordinal(EPOCH.toordinal() + number)


# --- the header ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    names: list[str | None]  # per cell: the column it is, or None (ignored)
    suffix_scales: dict[str, Scale]
    ignored: list[str]


def _header(raw: list[str]) -> Header:
    names: list[str | None] = []
    scales: dict[str, Scale] = {}
    ignored: list[str] = []
    seen: set[str] = set()
    for cell in raw:
        key, scale = canonical(cell)
        if scale is not None:
            scales[key] = scale
        if key in TEXT_COLUMNS or key in COLUMNS:
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
    return Header(names, scales, ignored)


def _records(text: str) -> tuple[list[str], list[int], list[list[str]]]:
    """The header row, and each non-blank row with the line it starts on."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except StopIteration:
        raise InvalidInput(
            "the sheet is empty; it needs a header row and a row per athlete-day"
        ) from None
    lines: list[int] = []
    rows: list[list[str]] = []
    try:
        before = reader.line_num
        for cells in reader:
            if any(c.strip() for c in cells):  # a blank line is not a row
                lines.append(before + 1)
                rows.append(cells)
            before = reader.line_num
    except csv.Error:
        raise InvalidInput(
            f"the sheet is not readable as CSV near line {reader.line_num}: check that line's "
            "quotes and separators"
        ) from None
    return header, lines, rows


# --- the cells, a column at a time ---------------------------------------------------------


class _Messages:
    """Each row's problems, in the order they were found."""

    def __init__(self, n: int) -> None:
        self.by_row: dict[int, list[str]] = {}
        self.n = n

    def add(self, rows: Iterable[int], texts: Iterable[str]) -> None:
        for i, text in zip(rows, texts, strict=True):
            self.by_row.setdefault(int(i), []).append(text)

    def bad(self) -> npt.NDArray[np.bool_]:
        out = np.zeros(self.n, dtype=bool)
        out[list(self.by_row)] = True
        return out


def _text(cells: Sequence[str]) -> tuple[list[str], npt.NDArray[np.bool_]]:
    """Cells stripped, and where they mean "no value" (each distinct cell looked at once)."""
    stripped = {cell: cell.strip() for cell in dict.fromkeys(cells)}
    missing = {cell: text.lower() in MISSING_CELLS for cell, text in stripped.items()}
    flags = np.fromiter((missing[c] for c in cells), dtype=bool, count=len(cells))
    return [stripped[c] for c in cells], flags


def _number(column: Column, text: str) -> tuple[float, str | None]:
    """One stripped cell as a number in the column's unit (NaN: no value), or its problem: a
    plain decimal, with a decimal comma or the column's unit read too."""
    if text.lower() in MISSING_CELLS:
        return math.nan, None
    match = _NUMBER.match(text)
    if match is None:
        return math.nan, f"{column.name} {text!r} is not a number"
    value = float(match.group(1).replace(",", "."))
    unit = match.group(2).lower()
    if unit and unit not in column.units:
        expected = column.unit.split(" ")[0]
        return math.nan, f"{column.name} {text!r}: wrong unit {unit!r}, the column is in {expected}"
    return value, None


def _numbers(column: Column, cells: Sequence[str], messages: _Messages) -> FloatArray:
    """The column's values (NaN: no value, or a problem recorded in ``messages``).

    A sheet's column holds few distinct cells (ratings 1-5, minutes, sleep to a tenth of an
    hour), so each distinct cell is parsed once and the column filled from that: the cost grows
    with the distinct cells more than with the rows."""
    parsed = {cell: _number(column, cell.strip()) for cell in dict.fromkeys(cells)}
    values = np.fromiter((parsed[c][0] for c in cells), dtype=float, count=len(cells))
    if any(problem for _, problem in parsed.values()):
        bad = [(i, str(parsed[c][1])) for i, c in enumerate(cells) if parsed[c][1]]
        messages.add((i for i, _ in bad), (p for _, p in bad))
    return values


def _check_range(
    column: Column, values: FloatArray, messages: _Messages, scale: Scale | None = None
) -> FloatArray:
    """Values outside the column's range (or the item's scale) recorded and set missing."""
    low, high, unit = column.low, column.high, column.unit
    if scale is not None:
        low, high = float(scale.low), float(scale.high)
        unit = f"(the {scale} scale given for it; higher is better)"
        if not scale.declared:
            unit = "(higher is better; another scale needs --scale, e.g. --scale 1-7)"
    with np.errstate(invalid="ignore"):
        out = np.flatnonzero((values < low) | (values > high))
    for i in out.tolist():
        value = float(values[i])
        hint = column.hint_high if value > high else column.hint_low
        if scale is not None:
            hint = ""
        messages.add(
            [i],
            [
                f"{column.name} {value:g} is outside {low:g}-{high:g} {unit}"
                + (f": {hint}" if hint else "")
            ],
        )
        values[i] = np.nan
    return values


@dataclass(frozen=True)
class _OffScale:
    """An item no scale was declared for whose values do not all lie in 1-5."""

    item: str
    low: float
    high: float
    outside: int
    given: int
    lines: tuple[int, ...]
    guess: Scale | None

    def __str__(self) -> str:
        where = ", ".join(str(n) for n in self.lines[:3]) + (" …" if len(self.lines) > 3 else "")
        told = (
            f"{self.item} runs {self.low:g}-{self.high:g} ({self.outside} of {self.given} "
            f"values outside 1-5: line{'s' if len(self.lines) > 1 else ''} {where})"
        )
        if self.guess is None:
            return told + ", which no scale fitcoach reads holds: are some values mistyped?"
        return told + f", perhaps a {self.guess} scale"


def _undeclared(item: str, values: FloatArray, lines: Sequence[int]) -> _OffScale | None:
    """Why an item no scale was declared for cannot be read as 1-5 (None: it can)."""
    finite = np.isfinite(values)
    if not finite.any():
        return None
    low, high = float(values[finite].min()), float(values[finite].max())
    if low >= 1 and high <= 5:
        return None
    with np.errstate(invalid="ignore"):
        outside = np.flatnonzero(finite & ((values < 1) | (values > 5)))
    return _OffScale(
        item,
        low,
        high,
        len(outside),
        int(finite.sum()),
        tuple(lines[i] for i in outside.tolist()),
        suggest_scale(low, high),
    )


def _declared_scales(
    items: list[str], suffixes: dict[str, Scale], scale: int | str | Iterable[str] | None
) -> dict[str, Scale | None]:
    every, single = parse_scales(scale)
    out: dict[str, Scale | None] = {}
    for item in items:
        out[item] = suffixes.get(item) or single.get(item) or every
    unknown = sorted(set(single) - set(items))
    if unknown:
        raise InvalidInput(
            f"a scale was given for {', '.join(unknown)}, which the sheet has no column for"
        )
    return out


def _refuse_scales(found: list[_OffScale]) -> None:
    first = found[0]
    guess = str(next((f.guess for f in found if f.guess is not None), "1-7"))
    raise InvalidInput(
        "the wellness items are read on 1-5 unless the sheet says which scale they use, and "
        f"{'these are' if len(found) > 1 else 'this one is'} not on 1-5: "
        + "; ".join(str(f) for f in found)
        + ". Nothing was rescaled. Say which scale the sheet uses and score it again: "
        f"--scale {guess} for every item, --scale {first.item}={guess} for one, or the scale "
        f"in the column's name ({first.item}_7 is 1-7, {first.item}_10 is 0-10). If the sheet is "
        "on 1-5 and those values are mistyped, --scale 1-5 rejects their rows and lists them."
    )


# --- the sheet ----------------------------------------------------------------------------------


def read_sheet(text: str, *, scale: int | str | Iterable[str] | None = None) -> Sheet:
    """Parse a daily sheet (CSV text with a header row; see the module's description).

    ``scale``: the items' scale as ``--scale`` gives it (``"1-7"``, ``["fatigue=0-10"]``; the
    ints 5 and 10 are 1-5 and 0-10); None declares none."""
    import pandas as pd

    raw_header, lines, raw_rows = _records(text)
    header = _header(raw_header)
    names = header.names
    width = len(names)
    n = len(raw_rows)
    messages = _Messages(n)
    too_long = [i for i, cells in enumerate(raw_rows) if len(cells) > width]
    messages.add(too_long, (f"{len(raw_rows[i])} cells for {width} columns" for i in too_long))
    padded = [
        cells + [""] * (width - len(cells)) if len(cells) < width else cells for cells in raw_rows
    ]
    by_column: dict[str, Sequence[str]] = {name: [] for name in names if name}
    if n:
        cells_of = list(zip(*padded, strict=False))
        by_column = {name: cells_of[i] for i, name in enumerate(names) if name}

    athlete, no_athlete = _text(by_column["athlete"])
    messages.add(np.flatnonzero(no_athlete), ["no athlete"] * int(no_athlete.sum()))
    athletes = np.asarray(athlete, dtype=object)
    athletes[no_athlete] = ""
    date_text, _ = _text(by_column["date"])
    days, dated = _days(date_text)
    bad_day = np.flatnonzero(~dated)
    messages.add(bad_day, (f"date {date_text[i]!r} is not a date as YYYY-MM-DD" for i in bad_day))
    sessions = np.full(n, "", dtype=object)
    if "session" in by_column:
        named, unnamed = _text(by_column["session"])
        sessions = np.asarray(named, dtype=object)
        sessions[unnamed] = ""

    items = [c for c in ITEMS if c in by_column]
    declared = _declared_scales(items, header.suffix_scales, scale)
    values: dict[str, FloatArray] = {}
    refusals: list[_OffScale] = []
    for name in names:
        if name is None or name in TEXT_COLUMNS:
            continue
        column = COLUMNS[name]
        parsed = _numbers(column, by_column[name], messages)
        if name in ITEMS:
            item_scale = declared[name]
            if item_scale is None:
                off = _undeclared(name, parsed, lines)
                if off is not None:
                    refusals.append(off)
                    continue
                item_scale = DEFAULT_SCALE
                declared[name] = item_scale
            parsed = _check_range(column, parsed, messages, item_scale)
            if not item_scale.is_default:
                parsed = 1.0 + (4.0 / (item_scale.high - item_scale.low)) * (
                    parsed - item_scale.low
                )
        else:
            parsed = _check_range(column, parsed, messages)
        values[name] = parsed
    if refusals:
        _refuse_scales(refusals)

    nan = np.full(n, np.nan)
    load, srpe, minutes = (values.get(c, nan).copy() for c in ("load", "srpe", "minutes"))
    _session_load(load, srpe, minutes, messages)

    bad = messages.bad()
    problems = [
        Problem(lines[i], str(athletes[i]), date_text[i], tuple(texts))
        for i, texts in sorted(messages.by_row.items())
    ]
    rejected_days = [
        (str(athletes[i]), int(days[i]), lines[i])
        for i in np.flatnonzero(bad & ~no_athlete & dated)
    ]
    keep = ~bad
    frame = pd.DataFrame(
        {
            "line": np.asarray(lines, dtype=np.int64)[keep],
            "athlete": athletes[keep],
            "day": days[keep],
            "session": sessions[keep],
            "load": load[keep],
            "srpe": srpe[keep],
            "minutes": minutes[keep],
            **{c: values[c][keep] for c in READINGS if c in values},
        }
    )
    return Sheet(
        rows=frame,
        problems=problems,
        rows_read=n,
        columns=tuple(nm for nm in names if nm),
        item_scales={k: v for k, v in declared.items() if v is not None},
        rejected_days=rejected_days,
        ignored_columns=tuple(header.ignored),
    )


def _days(texts: Sequence[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Each YYYY-MM-DD cell as days since 1970-01-01, and where it is a real date."""
    ordinal = EPOCH.toordinal()
    known: dict[str, int | None] = {}
    for text in dict.fromkeys(texts):
        known[text] = None
        if _DATE.fullmatch(text):
            try:
                day = date(int(text[:4]), int(text[5:7]), int(text[8:]))
            except ValueError:
                continue
            known[text] = day.toordinal() - ordinal
    days = np.fromiter((known[t] or 0 for t in texts), dtype=np.int64, count=len(texts))
    ok = np.fromiter((known[t] is not None for t in texts), dtype=bool, count=len(texts))
    return days, ok


def _session_load(
    load: FloatArray, srpe: FloatArray, minutes: FloatArray, messages: _Messages
) -> None:
    """Load from RPE × minutes where the row gives no load; the problems of the pair."""
    has_rpe, has_minutes = np.isfinite(srpe), np.isfinite(minutes)
    alone = np.flatnonzero(has_rpe != has_minutes)
    messages.add(alone, ["a session RPE needs its minutes, and minutes their RPE"] * len(alone))
    both = has_rpe & has_minutes
    product = srpe * minutes
    fill = both & ~np.isfinite(load)
    load[fill] = product[fill]
    with np.errstate(invalid="ignore"):
        clash = np.flatnonzero(
            both & np.isfinite(load) & (np.abs(load - product) > np.maximum(1.0, 0.01 * product))
        )
    messages.add(
        clash, (f"load {load[i]:g} disagrees with RPE × minutes = {product[i]:g}" for i in clash)
    )
