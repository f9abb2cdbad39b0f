"""What the CSV readers of app exports (Strong, Hevy, FitNotes, WHOOP) share: decoding, the
header, rows with their line numbers, numbers and local times, each failure a
``FileFormatError`` that names the app, the line and the value."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fitcoach.core.errors import InvalidInput
from fitcoach.core.units import KG_PER_LB, M_PER_KM, M_PER_MI
from fitcoach.ingest.files.model import FileFormatError

MASS_UNITS: dict[str, float] = {"kg": 1.0, "kgs": 1.0, "lb": KG_PER_LB, "lbs": KG_PER_LB}
"""Weight unit words the apps write, to kilograms."""
DISTANCE_UNITS: dict[str, float] = {
    "m": 1.0,
    "km": M_PER_KM,
    "kms": M_PER_KM,
    "mi": M_PER_MI,
    "mile": M_PER_MI,
    "miles": M_PER_MI,
    "ft": 0.3048,
    "yd": 0.9144,
}
"""Distance unit words the apps write, to metres."""

_CLOCK_DURATION = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?\s*$")
_HMS = re.compile(r"^\s*(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)\s*$")


def fail(app: str, line: int, message: str) -> FileFormatError:
    """The error for something wrong on ``line``; ``app`` names the file as the person knows
    it ("Strong export", "WHOOP sleeps.csv"), here and in every helper below."""
    return FileFormatError(f"{app}, line {line}: {message}")


def left_out(app: str, exc: FileFormatError) -> str:
    """A row's problem as a line of the import report: "line 12: reps 'x' is not a number;
    the row is left out" (the file is named by the report already)."""
    return f"{str(exc).removeprefix(f'{app}, ')}; the row is left out"


def decode(data: bytes, app: str) -> str:
    """The file as text: UTF-8, with or without a byte-order mark (every app here writes
    UTF-8; a file that is not was re-saved by another program, and guessing its code page
    would garble exercise names)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise fail(
            app,
            line,
            "the file is not UTF-8 text (was it re-saved by a spreadsheet?); "
            "export it again from the app and import that file",
        ) from None


def first_line(text: str) -> str:
    """The header line (the text up to the first line break)."""
    end = text.find("\n")
    return (text if end < 0 else text[:end]).rstrip("\r")


def delimiter_of(header_line: str) -> str:
    """``;`` when the header is semicolon-separated (Strong's Android export), else ``,``."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def csv_problem(exc: csv.Error) -> str:
    """What Python's CSV reader found wrong, in words a person can act on."""
    if "field larger than field limit" in str(exc):
        return (
            f"a value is longer than {csv.field_size_limit() // 1024} KiB, which no export "
            "writes (is this the file the app exported?)"
        )
    return f"the CSV cannot be read ({exc}); the file may be cut short"


def header_names(header_line: str, app: str = "the file") -> list[str]:
    """The header's column names as written (quotes removed, surrounding blanks stripped);
    ``FileFormatError`` for a header Python's CSV reader refuses (a cell over its limit)."""
    try:
        row = next(csv.reader([header_line], delimiter=delimiter_of(header_line)), [])
    except csv.Error as exc:
        raise fail(app, 1, f"the header line cannot be read: {csv_problem(exc)}") from None
    return [name.strip() for name in row]


def column_index(header: list[str]) -> dict[str, int]:
    """Column name (case-folded) → position; the first of two equal names wins."""
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        index.setdefault(name.strip().casefold(), i)
    return index


def rows(text: str, delimiter: str, app: str) -> Iterator[tuple[int, list[str]]]:
    """``(line, fields)`` for every non-blank record after the header; ``line`` is the
    1-based line where the record ends (a quoted field may span lines)."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        next(reader, None)
        for row in reader:
            if row and (len(row) > 1 or row[0].strip()):
                yield reader.line_num, row
    except csv.Error as exc:
        raise fail(app, reader.line_num, csv_problem(exc)) from None


def wrong_width(app: str, line: int, found: int, expected: int) -> FileFormatError:
    """The error for a record with another number of fields than the header."""
    if found < expected:
        return fail(
            app,
            line,
            f"{found} fields where the header has {expected}: the row is cut short "
            "(was the file truncated or edited?)",
        )
    return fail(
        app,
        line,
        f"{found} fields where the header has {expected}: a value holds an unquoted "
        "separator; export the file again from the app",
    )


class CellError(ValueError):
    """A cell that cannot be read; the reader adds the file and the line (``fail``)."""


def cell_number(text: str, what: str, *, decimal_comma: bool = False) -> float | None:
    """A finite number, or None for an empty cell."""
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        stripped = text.strip()
        if not stripped:
            return None
        if decimal_comma and stripped.count(",") == 1 and "." not in stripped:
            return cell_number(stripped.replace(",", "."), what)
        raise CellError(f"{what} {text!r} is not a number") from None
    if not math.isfinite(value):
        raise CellError(f"{what} {text!r} is not a finite number")
    return value


def cell_whole(text: str, what: str, *, decimal_comma: bool = False) -> int | None:
    """A whole number ≥ 0 (``5`` or ``5.0``), or None for an empty cell."""
    value = cell_number(text, what, decimal_comma=decimal_comma)
    if value is None:
        return None
    if value < 0 or not value.is_integer():
        raise CellError(f"{what} {text!r} is not a whole number of 0 or more")
    return int(value)


def cell_rpe(text: str, *, decimal_comma: bool = False) -> float | None:
    """An RPE on the CR-10 scale; empty or 0 (what apps write for "not rated") is None."""
    value = cell_number(text, "RPE", decimal_comma=decimal_comma)
    if not value:
        return None
    if not 0 < value <= 10:
        raise CellError(f"RPE {text!r} is outside 1–10")
    return value


def cell_duration(text: str, what: str) -> float | None:
    """Seconds of "1h 5m", "45m", "1h", "30s" or "1:05:00"; None for an empty cell."""
    stripped = text.strip()
    if not stripped:
        return None
    match = _CLOCK_DURATION.match(stripped)
    if match:
        hours, minutes, seconds = match.groups()
        if hours or minutes or seconds:
            return float(int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(seconds or 0))
    if (seconds_hms := hms(stripped)) is not None:
        return seconds_hms
    raise CellError(f"{what} {text!r} is not a duration like '1h 5m' or '45m'")


def number(
    text: str, app: str, line: int, what: str, *, decimal_comma: bool = False
) -> float | None:
    """``cell_number`` with a failure naming the file and the line."""
    try:
        return cell_number(text, what, decimal_comma=decimal_comma)
    except CellError as exc:
        raise fail(app, line, str(exc)) from None


def whole(text: str, app: str, line: int, what: str, *, decimal_comma: bool = False) -> int | None:
    """``cell_whole`` with a failure naming the file and the line."""
    try:
        return cell_whole(text, what, decimal_comma=decimal_comma)
    except CellError as exc:
        raise fail(app, line, str(exc)) from None


def rpe(text: str, app: str, line: int, *, decimal_comma: bool = False) -> float | None:
    """``cell_rpe`` with a failure naming the file and the line."""
    try:
        return cell_rpe(text, decimal_comma=decimal_comma)
    except CellError as exc:
        raise fail(app, line, str(exc)) from None


def hms(text: str) -> float | None:
    """Seconds of "h:mm:ss" or "mm:ss"; None when ``text`` is not written like that."""
    match = _HMS.match(text)
    if not match:
        return None
    hours, minutes, seconds = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)


def zone(tz: tzinfo | str | None) -> tzinfo:
    """The zone local times of a file are in: a ``tzinfo``, an IANA name, or None for UTC."""
    if tz is None:
        return UTC
    if isinstance(tz, tzinfo):
        return tz
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"unknown time zone {tz!r}; use an IANA name like 'Europe/Madrid'"
        ) from None


def zone_note(app: str, tz: tzinfo | str | None) -> list[str]:
    """The note a file of local times without a zone gets when the caller named none."""
    if tz is not None:
        return []
    return [f"the times in this {app} have no time zone; they were read as UTC"]


def to_utc(local: datetime, tz: tzinfo) -> datetime:
    """A naive local time in ``tz`` as an aware UTC time."""
    # ``combine`` is ``local.replace(tzinfo=tz)`` (fold included) at a third of the cost:
    # CPython 3.11 parses replace's keyword arguments slowly.
    if tz is UTC:
        return datetime.combine(local.date(), local.time(), UTC)
    return datetime.combine(local.date(), local.time(), tz).astimezone(UTC)
