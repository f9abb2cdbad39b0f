"""From a sheet's accepted rows to each athlete's days: copies merged, sessions added, the
load record and its gaps.

- **Exact copies.** A row identical to an earlier one (same athlete, day, session and every
  value) is counted once and reported ("merged"): a pasted row never doubles a day's load.
- **Several rows of a day** (a row per session; name them in a ``session`` column to keep two
  identical sessions apart) add their loads; a reading given on two of them with different
  values keeps the first and reports the other ("value ignored").
- **The load record** of an athlete runs from the first to the last day with a known load. Inside
  it, a day's load is known (a row gave one, 0 included), or it is a **gap**: a rejected row
  fell on that day (its load is unknown, whatever the day's other rows say), or no row gave a
  load. With ``missing_load="rest"`` (a sheet that leaves rest days out) a day without a load is a
  rest day, 0, instead; a rejected row's day stays a gap. Outside the record the load is unknown.
- **Segments**: the runs of consecutive days with a known load (or a rest day) between gaps.
  Nothing load-based is computed across a gap: every figure restarts after one and waits for
  its window (:mod:`.score`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

from fitcoach.ml.squad.columns import READINGS
from fitcoach.ml.squad.sheet import Action, Problem, Sheet, day_of

if TYPE_CHECKING:
    import pandas as pd

MissingLoad = Literal["gap", "rest"]
LoadStatus = Literal["recorded", "rest", "gap", "unknown"]
RECORDED, REST, GAP, UNKNOWN = 0, 1, 2, 3
STATUS_NAMES: tuple[LoadStatus, ...] = ("recorded", "rest", "gap", "unknown")


@dataclass
class AthleteDays:
    """One athlete's calendar from their first to their last row, a value per day."""

    athlete: str
    first: int  # day number (days since 1970-01-01) of the first row
    load: npt.NDArray[np.float64]  # AU; NaN where unknown (a gap or outside the record)
    status: npt.NDArray[np.int8]  # RECORDED, REST, GAP or UNKNOWN
    readings: dict[str, npt.NDArray[np.float64]]  # READINGS present in the sheet; NaN: none
    recorded: list[str]  # the inputs this athlete's rows give (load first)
    gap_lines: dict[int, list[int]] = field(default_factory=dict)  # offset -> rejected lines

    @property
    def days(self) -> int:
        return len(self.load)

    def segments(self) -> list[tuple[int, int]]:
        """[start, stop) offsets of the runs of known load (recorded or rest) between gaps."""
        known = (self.status == RECORDED) | (self.status == REST)
        edges = np.diff(np.concatenate([[0], known.astype(np.int8), [0]]))
        starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        return [(int(a), int(b)) for a, b in zip(starts, stops, strict=True)]

    def gap_reason(self, offset: int) -> str:
        """Why a gap day's load is unknown, in words."""
        lines = self.gap_lines.get(offset)
        if lines:
            which = ", ".join(str(n) for n in lines)
            return (
                f"line {which} was rejected" if len(lines) == 1 else f"lines {which} were rejected"
            )
        return "no row gives a load"


@dataclass
class Merged:
    """The athletes' days, the rows merged or with a value ignored, and the counts."""

    athletes: list[AthleteDays]
    problems: list[Problem]
    rows_merged: int
    days_from_several_rows: int
    missing_load: MissingLoad


def athlete_days(sheet: Sheet, *, missing_load: MissingLoad = "gap") -> Merged:
    """Merge the sheet's accepted rows into each athlete's days (see the module's description)."""
    if missing_load not in ("gap", "rest"):
        raise ValueError(f"missing_load is 'gap' or 'rest', not {missing_load!r}")
    rows = sheet.rows
    readings = [c for c in READINGS if c in rows]
    copies = _copies(rows)
    kept = rows.loc[copies.isna()] if len(rows) else rows
    problems = [
        _problem(
            rows,
            at,
            f"an exact copy of line {int(first)}: counted once, so the day's load is not doubled",
            action="merged",
        )
        for at, first in zip(
            np.flatnonzero(copies.notna().to_numpy()).tolist(),
            copies.dropna().tolist(),
            strict=True,
        )
    ]
    problems += _clashes(kept, readings)
    rejected: dict[str, dict[int, list[int]]] = {}
    for athlete, day, line in sheet.rejected_days:
        rejected.setdefault(athlete, {}).setdefault(day, []).append(line)
    out: list[AthleteDays] = []
    several = 0
    if len(kept):
        grouped = kept.groupby(["athlete", "day"], sort=True)
        per_day = grouped[readings].first() if readings else None
        loads = grouped["load"].sum(min_count=1)
        counts = grouped.size()
        several = int((counts > 1).sum())
        index = loads.index
        athletes = index.get_level_values(0).to_numpy(dtype=object)
        day_numbers = index.get_level_values(1).to_numpy(dtype=np.int64)
        load_values = loads.to_numpy(dtype=float)
        reading_values = (
            {c: per_day[c].to_numpy(dtype=float) for c in readings} if per_day is not None else {}
        )
        bounds = np.flatnonzero(np.r_[True, athletes[1:] != athletes[:-1], True])
        for lo, hi in itertools.pairwise(bounds):
            out.append(
                _one_athlete(
                    str(athletes[lo]),
                    day_numbers[lo:hi],
                    load_values[lo:hi],
                    {c: v[lo:hi] for c, v in reading_values.items()},
                    rejected.get(str(athletes[lo]), {}),
                    missing_load,
                )
            )
    return Merged(out, problems, int(copies.notna().sum()), several, missing_load)


def _copies(rows: pd.DataFrame) -> pd.Series:
    """Per row: the line of the earlier row it is an exact copy of (NaN: none)."""
    import pandas as pd

    if rows.empty:
        return pd.Series([], dtype=float)
    content = [c for c in rows.columns if c != "line"]
    repeated = rows.duplicated(subset=content, keep="first")
    out = pd.Series(np.nan, index=rows.index)
    if repeated.any():
        first = rows.groupby(content, dropna=False, sort=False)["line"].transform("first")
        out[repeated] = first[repeated].astype(float)
    return out


def _problem(rows: pd.DataFrame, at: int, *messages: str, action: Action) -> Problem:
    """A problem of the row at position ``at`` of ``rows``."""
    return Problem(
        int(rows["line"].to_numpy()[at]),
        str(rows["athlete"].to_numpy()[at]),
        day_of(int(rows["day"].to_numpy()[at])).isoformat(),
        messages,
        action=action,
    )


def _clashes(rows: pd.DataFrame, readings: list[str]) -> list[Problem]:
    """Rows giving a reading another row of the same day gave differently: the later value is
    ignored (the first kept), and said."""
    found: dict[int, list[str]] = {}
    keys = ["athlete", "day"]
    positions = np.arange(len(rows))
    loads = rows["load"].to_numpy(dtype=float)
    for column in readings:
        given = rows[column].notna().to_numpy()
        if not given.any():
            continue
        part = rows.loc[given, [*keys, "line", column]]
        grouped = part.groupby(keys, sort=False)
        value = part[column].to_numpy(dtype=float)
        first = grouped[column].transform("first").to_numpy(dtype=float)
        first_line = grouped["line"].transform("first").to_numpy()
        at = positions[given]
        for j in np.flatnonzero(np.abs(value - first) > 1e-9).tolist():
            still = (
                "; the row's load is still added to the day's" if np.isfinite(loads[at[j]]) else ""
            )
            found.setdefault(int(at[j]), []).append(
                f"{column} {value[j]:g} differs from {first[j]:g} on line {int(first_line[j])} "
                f"for the same day (ignored{still})"
            )
    return [_problem(rows, at, *texts, action="value ignored") for at, texts in found.items()]


def _one_athlete(
    athlete: str,
    day_numbers: npt.NDArray[np.int64],
    loads: npt.NDArray[np.float64],
    readings: dict[str, npt.NDArray[np.float64]],
    rejected: dict[int, list[int]],
    missing_load: MissingLoad,
) -> AthleteDays:
    first = int(day_numbers[0])
    size = int(day_numbers[-1]) - first + 1
    at = day_numbers - first
    load = np.full(size, np.nan)
    load[at] = loads
    columns = {}
    for name, values in readings.items():
        column = np.full(size, np.nan)
        column[at] = values
        columns[name] = column
    gap_lines = {day - first: lines for day, lines in rejected.items() if 0 <= day - first < size}
    status = np.full(size, UNKNOWN, dtype=np.int8)
    known = np.isfinite(load)
    if gap_lines:
        known[list(gap_lines)] = False
    if known.any():
        lo, hi = int(np.argmax(known)), int(size - 1 - np.argmax(known[::-1]))
        inside = np.zeros(size, dtype=bool)
        inside[lo : hi + 1] = True
        status[inside] = GAP
        status[known] = RECORDED
        if missing_load == "rest":
            rest = inside & ~known & ~np.isfinite(load)
            if gap_lines:
                rest[list(gap_lines)] = False
            status[rest] = REST
            load[rest] = 0.0
    load[(status == GAP) | (status == UNKNOWN)] = np.nan
    recorded = (["load"] if np.isfinite(loads).any() else []) + sorted(
        name for name, values in readings.items() if np.isfinite(values).any()
    )
    return AthleteDays(athlete, first, load, status, columns, recorded, gap_lines)
