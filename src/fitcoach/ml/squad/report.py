"""What a sheet's report says in words: how each thing was read, what was merged, where the
load record has gaps."""

from __future__ import annotations

from collections.abc import Iterable

from fitcoach.ml.squad.columns import ITEMS
from fitcoach.ml.squad.days import GAP, REST, Merged
from fitcoach.ml.squad.sheet import Sheet, day_of

LISTED_GAPS = 6  # gap days named per athlete; the rest are counted


def _and(words: Iterable[str]) -> str:
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _scales(sheet: Sheet) -> list[str]:
    out: list[str] = []
    default = [i for i in ITEMS if i in sheet.item_scales and not sheet.item_scales[i].declared]
    if default:
        out.append(
            f"{_and(default)}: read on 1-5, higher is better (no scale was given and every "
            "value lies in 1-5)."
        )
    for item in ITEMS:
        scale = sheet.item_scales.get(item)
        if scale is None or not scale.declared:
            continue
        if scale.is_default:
            out.append(f"{item}: on the 1-5 scale given for it.")
        else:
            out.append(
                f"{item}: on the {scale} scale given for it, {scale.formula()} on every row."
            )
    return out


def _gaps(merged: Merged) -> list[str]:
    out: list[str] = []
    unnamed = 0
    for athlete in merged.athletes:
        offsets = [int(i) for i in (athlete.status == GAP).nonzero()[0]]
        if not offsets:
            continue
        unnamed += sum(1 for i in offsets if i not in athlete.gap_lines)
        named = [
            f"{day_of(athlete.first + i).isoformat()} ({athlete.gap_reason(i)})"
            for i in offsets[:LISTED_GAPS]
        ]
        more = len(offsets) - len(named)
        out.append(
            f"{athlete.athlete}: {len(offsets)} day{'s' if len(offsets) != 1 else ''} without a "
            f"known load inside the load record, read as {'a gap' if len(offsets) == 1 else 'gaps'}: "
            + (f"{', '.join(named)} and {more} more" if more else _and(named))
            + ". Nothing load-based is computed across a gap: ACWR, monotony, strain and the "
            "load rule start again after it."
        )
    if unnamed and merged.missing_load == "gap":
        out.append(
            "A day inside an athlete's load record without a load is a gap, not a rest day. If "
            "the sheet leaves rest days out (or their load blank), score it with "
            "--missing-load rest: such days are then rest days, load 0."
        )
    rest = sum(int((a.status == REST).sum()) for a in merged.athletes)
    if merged.missing_load == "rest" and rest:
        out.append(
            f"{rest} day{'s' if rest != 1 else ''} without a load inside an athlete's load "
            "record read as rest days, load 0, as asked (--missing-load rest); a rejected "
            "row's day stays a gap."
        )
    return out


def notes(sheet: Sheet, merged: Merged) -> list[str]:
    """How the sheet was read, in sentences a coach can act on."""
    out = _scales(sheet)
    if sheet.ignored_columns:
        out.append(f"Columns not read: {_and(sheet.ignored_columns)}.")
    if merged.rows_merged:
        lines = sorted(p.row for p in merged.problems if p.action == "merged")
        shown = ", ".join(str(n) for n in lines[:10]) + (" …" if len(lines) > 10 else "")
        out.append(
            f"{merged.rows_merged} row{'s were' if merged.rows_merged != 1 else ' was'} an exact "
            f"copy of an earlier row and counted once (line{'s' if len(lines) != 1 else ''} "
            f"{shown})."
        )
    if merged.days_from_several_rows:
        n = merged.days_from_several_rows
        out.append(
            f"{n} athlete-day{'s' if n != 1 else ''} come{'s' if n == 1 else ''} from several "
            "rows: their loads were added, a row per session."
        )
    return out + _gaps(merged)
