"""The squad sheet's columns: names and aliases, units and ranges, missing cells, item scales.

docs/data-format.md ("Squad daily sheet") is the reference a coach reads; this module is the
same rules as data, read by :mod:`.sheet`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from fitcoach.core.errors import InvalidInput

ITEMS = ("fatigue", "mood", "soreness", "stress", "sleep_quality")
READINGS = ("sleep_h", "resting_hr", "hrv", *ITEMS)
# What a cell that means "no value" looks like (compared stripped and in lower case): blank,
# R's NA, Excel's #N/A, pandas' NaN, JSON's null and Python's None.
MISSING_CELLS = frozenset({"", "na", "n/a", "#n/a", "nan", "null", "none"})


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
        Column("minutes", 0, 600, "min", ("min", "mins")),
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
    "session_id": "session",
    "session_name": "session",
}
TEXT_COLUMNS = ("athlete", "date", "session")


@dataclass(frozen=True)
class Scale:
    """An item scale, ``low``-``high`` (higher is better), and whether the sheet declared it
    (an option or a column suffix) or fitcoach read it as 1-5 because every value lay there."""

    low: int
    high: int
    declared: bool = True

    def __str__(self) -> str:
        return f"{self.low}-{self.high}"

    @property
    def is_default(self) -> bool:
        return (self.low, self.high) == (1, 5)

    def to_five(self, value: float) -> float:
        """A value on this scale as the 1-5 value fitcoach reads (the same place on the range)."""
        if self.is_default:
            return value
        # 4 / span first: on 0-10 this is 1 + 0.4 × value to the bit, as the sheet always read it
        return 1.0 + (4.0 / (self.high - self.low)) * (value - self.low)

    def formula(self) -> str:
        """How a value is mapped to 1-5, in words."""
        if self.is_default:
            return "read as it is"
        shift = f"(value − {self.low})" if self.low else "value"
        return f"mapped to 1-5 as 1 + 4 × {shift} / {self.high - self.low}"


DEFAULT_SCALE = Scale(1, 5, declared=False)
# Column suffixes that declare a scale (``fatigue_10``); 10 is 0-10, the others start at 1.
SUFFIXES = {"_5": Scale(1, 5), "_7": Scale(1, 7), "_10": Scale(0, 10)}
_SCALE = re.compile(r"^\s*(\d{1,3})\s*[-–]\s*(\d{1,3})\s*$")
SCALE_HELP = (
    "a scale is 5 (1-5), 7 (1-7), 10 (0-10) or LOW-HIGH (e.g. 1-10, 0-100); "
    "ITEM=SCALE gives one item's (fatigue=1-7)"
)


def parse_scale(text: str) -> Scale:
    """``5``, ``7``, ``10`` or ``LOW-HIGH`` as a declared :class:`Scale`."""
    shorthand = {"5": Scale(1, 5), "7": Scale(1, 7), "10": Scale(0, 10)}
    if text.strip() in shorthand:
        return shorthand[text.strip()]
    match = _SCALE.match(text)
    if match is None:
        raise InvalidInput(f"the scale {text.strip()!r} is not one fitcoach reads: {SCALE_HELP}")
    low, high = int(match.group(1)), int(match.group(2))
    if low not in (0, 1) or not low + 2 <= high <= 100:
        raise InvalidInput(
            f"the scale {low}-{high} is not one fitcoach reads: it starts at 0 or 1 and has at "
            "least three points, up to 100"
        )
    return Scale(low, high)


def parse_scales(
    given: int | str | Iterable[str] | None,
) -> tuple[Scale | None, dict[str, Scale]]:
    """The declared scale of every item (None: not declared) and of single items, from
    ``--scale`` values (``"1-7"``, ``"fatigue=0-10"``; an int is the old ``5`` or ``10``)."""
    if given is None:
        return None, {}
    values = [str(given)] if isinstance(given, int | str) else list(given)
    every: Scale | None = None
    items: dict[str, Scale] = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep:
            scale = parse_scale(value)
            if every is not None and every != scale:
                raise InvalidInput(f"two scales for every item: {every} and {scale}")
            every = scale
            continue
        item = name.strip().lower().replace(" ", "_").replace("-", "_")
        if item not in ITEMS:
            raise InvalidInput(
                f"{name.strip()!r} is not a wellness item; the items are {', '.join(ITEMS)}"
            )
        scale = parse_scale(rest)
        if items.get(item, scale) != scale:
            raise InvalidInput(f"two scales for {item}: {items[item]} and {scale}")
        items[item] = scale
    return every, items


def canonical(cell: str) -> tuple[str, Scale | None]:
    """A header cell's column name (after aliases) and the scale its suffix declares."""
    key = cell.strip().lower().replace(" ", "_").replace("-", "_")
    key = ALIASES.get(key, key)
    for suffix, scale in SUFFIXES.items():
        if key.endswith(suffix) and key[: -len(suffix)] in ITEMS:
            return key[: -len(suffix)], scale
    return key, None


def suggest_scale(low: float, high: float) -> Scale | None:
    """The scale a column's values most likely use (None: none fitcoach knows holds them)."""
    if low < 0 or high > 100:
        return None
    start = 0 if low < 1 else 1
    for top in (5, 7, 10, 100):
        if high <= top:
            return Scale(start, top)
    return None


def describe_columns() -> Mapping[str, Column]:
    """The numeric columns (for help texts and docs)."""
    return COLUMNS
