"""CSV cells both ways: typed values to text (formulas neutralised) and text back, with the
file, line and column of anything that cannot be read."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from fitcoach.core.errors import InvalidInput
from fitcoach.services.portability.format import Column, Origin

# CSV injection (OWASP): a spreadsheet runs a cell that starts with one of these as a formula
# (``=HYPERLINK(...)``, ``+cmd|...``, ``@SUM(...)``; tab and CR also start one in some). A text
# cell that starts with one is written with a leading ``'`` (which spreadsheets show as text),
# and so is a text that starts with ``'`` followed by one of them or by another ``'``; the
# import strips that one quote again, so every text round-trips exactly (docs/data-format.md).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"


def neutralise(text: str) -> str:
    """``text`` safe to open in a spreadsheet (the inverse of ``unneutralise``)."""
    if text.startswith(_FORMULA_START) or (
        text.startswith(_QUOTE) and text[1:].startswith((*_FORMULA_START, _QUOTE))
    ):
        return _QUOTE + text
    return text


def unneutralise(text: str) -> str:
    """The text an exported cell stood for: the quote ``neutralise`` added is dropped."""
    if text.startswith(_QUOTE) and text[1:].startswith((*_FORMULA_START, _QUOTE)):
        return text[1:]
    return text


def cell(column: Column, value: Any) -> str:
    """One value as its CSV cell (empty for None)."""
    if value is None:
        return ""
    if column.type == "str":
        return neutralise(str(value))
    if column.type == "bool":
        return "true" if value else "false"
    if column.type == "json":
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    if column.type == "float":
        return repr(float(value))
    return str(value)


def write_csv(
    stream: IO[str], columns: Sequence[Column], rows: Iterable[Mapping[str, Any]]
) -> None:
    """A header line, then one line per row (fields a row lacks are empty)."""
    writer = csv.writer(stream)
    writer.writerow([c.name for c in columns])
    for row in rows:
        writer.writerow([cell(c, row.get(c.name)) for c in columns])


def decode(name: str, data: bytes) -> str:
    """A file's bytes as text, or ``InvalidInput`` naming the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidInput(
            f"{name} line {line}: not UTF-8 text (byte {exc.start}); save the file as UTF-8"
        ) from None


_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def from_cell(column: Column, text: str) -> Any:
    """A CSV cell as the JSON value it stands for (``ValueError`` says what is wrong)."""
    unit = f" in {column.unit}" if column.unit and column.unit[0].isalpha() else ""
    if column.type == "int":
        if not _INT.fullmatch(text.strip()):
            raise ValueError(f"{text!r} is not a whole number")
        return int(text)
    if column.type == "float":
        if not _FLOAT.fullmatch(text.strip()):
            raise ValueError(f"{text!r} is not a number{unit} (a dot for decimals, no unit)")
        value = float(text)
        if not math.isfinite(value):
            raise ValueError(f"{text!r} is not a finite number")
        return value
    if column.type == "bool":
        lowered = text.strip().lower()
        if lowered not in ("true", "false"):
            raise ValueError(f"{text!r} is not true or false")
        return lowered == "true"
    if column.type == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{text!r} is not JSON ({exc.msg} at character {exc.pos})") from None
    if column.type == "str":
        return unneutralise(text)
    return text


def _header(name: str, reader: Any, columns: Mapping[str, Column]) -> tuple[str, ...]:
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InvalidInput(
            f"{name} is empty; it needs at least its header line ({', '.join(columns)})"
        ) from None
    except csv.Error as exc:
        raise InvalidInput(f"{name} line {reader.line_num}: {exc}") from None
    unknown = [h for h in header if h not in columns]
    if unknown:
        raise InvalidInput(
            f"{name} line 1: unknown column(s) {', '.join(map(repr, unknown))}; "
            f"the columns of {name} are {', '.join(columns)}"
        )
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        raise InvalidInput(f"{name} line 1: column(s) {', '.join(repeated)} appear twice")
    missing = [c.name for c in columns.values() if c.required and c.name not in header]
    if missing:
        raise InvalidInput(f"{name} line 1: missing required column(s) {', '.join(missing)}")
    return tuple(header)


def parse_csv(
    name: str, data: bytes, columns: Sequence[Column]
) -> tuple[list[dict[str, Any]], list[Origin]]:
    """The records of a CSV file (empty cells left out) and the line each started on.

    A file that cannot be read (bad header, a wrong value for a column's type, a truncated
    line) raises ``InvalidInput`` naming the file, line and column.
    """
    by_name = {c.name: c for c in columns}
    reader = csv.reader(io.StringIO(decode(name, data), newline=""), strict=True)
    names = _header(name, reader, by_name)
    rows: list[dict[str, Any]] = []
    origins: list[Origin] = []
    line = reader.line_num
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InvalidInput(
                f"{name} line {start}: {exc} (the file looks truncated or has an unclosed quote)"
            ) from None
        line = reader.line_num
        if not cells:
            continue  # a blank line
        if len(cells) != len(names):
            raise InvalidInput(
                f"{name} line {start}: {len(cells)} values but the header has {len(names)} "
                "columns (a missing comma, an unquoted comma, or a truncated file)"
            )
        record: dict[str, Any] = {}
        for index, (column, text) in enumerate(zip(names, cells, strict=True), start=1):
            if text == "":
                continue  # empty means "not given": the field's default
            try:
                record[column] = from_cell(by_name[column], text)
            except ValueError as exc:
                raise InvalidInput(
                    f"{name} line {start}, column {index} ({column}): {exc}"
                ) from None
        rows.append(record)
        origins.append(Origin(name, start, names))
    return rows, origins
