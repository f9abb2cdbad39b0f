"""Checking a document before anything is written: every problem is collected with its place
(a CSV file, line and column, or a JSON path) so that one error lists them all."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from fitcoach.core.errors import InvalidInput
from fitcoach.services.context import ServiceContext
from fitcoach.services.portability.format import COLUMNS, Column, ColumnType, ExportDocument
from fitcoach.services.training_log import _not_future

MAX_REPORTED_PROBLEMS = 50
PROGRESS_EVERY = 5_000

M = TypeVar("M", bound=BaseModel)
Loc = Sequence[int | str]


class Problems:
    """Every problem found while checking a document, so one error can list them all."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.total = 0

    def add(self, message: str) -> None:
        self.total += 1
        if len(self.items) < MAX_REPORTED_PROBLEMS:
            self.items.append(message)

    def raise_if_any(self) -> None:
        if not self.total:
            return
        shown = "; ".join(self.items[:10])
        more = f" (and {self.total - 10} more)" if self.total > 10 else ""
        raise InvalidInput(
            f"nothing imported: {shown}{more}",
            details={"errors": self.items, "total": self.total},
        )


def json_path(kind: str, index: int | None, loc: Loc) -> str:
    """``workouts[2].sets[1].reps``."""
    head = kind if index is None else f"{kind}[{index}]"
    return head + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)


@dataclass
class Locator:
    """Names the place of a field of a record: a CSV line and column, or a JSON path (in the
    JSON file a section came from, when it came from one)."""

    doc: Mapping[str, Any]

    def __call__(self, kind: str, index: int, loc: Loc) -> str:
        exported = self.doc if isinstance(self.doc, ExportDocument) else None
        origins = exported.origins if exported is not None else {}
        if origins.get(kind):
            return self._csv(kind, index, loc)
        name = None
        if exported is not None:
            name = exported.files.get(kind, exported.name)
        path = json_path(kind, index, loc)
        return f"{name}: {path}" if name else path

    def _csv(self, kind: str, index: int, loc: Loc) -> str:
        assert isinstance(self.doc, ExportDocument)
        origin = self.doc.origins[kind][index]
        rest = list(loc)
        if kind == "workouts" and len(rest) >= 2 and rest[0] == "sets" and isinstance(rest[1], int):
            set_origins = self.doc.set_origins[index]
            if rest[1] < len(set_origins):
                origin = set_origins[rest[1]]
                rest = rest[2:]
        where = origin.at(str(rest[0]) if rest else None)
        if len(rest) > 1:
            where += " [" + ".".join(map(str, rest[1:])) + "]"
        return where


_JSON_TYPES: dict[ColumnType, Callable[[Any], bool]] = {
    "str": lambda v: isinstance(v, str),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "datetime": lambda v: isinstance(v, str),
    "date": lambda v: isinstance(v, str),
    "json": lambda v: isinstance(v, dict),
}
_TYPE_WORDS: dict[ColumnType, str] = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "datetime": "an ISO 8601 timestamp with zone (text)",
    "date": "an ISO 8601 date (text)",
    "json": "an object",
}


def type_problems(
    columns: Mapping[str, Column], record: Mapping[str, Any]
) -> Iterator[tuple[str, str]]:
    """Values of the wrong JSON type, so that ``"5000"`` is never read as 5000 km by a unit
    parser: every number in the format is a bare number in the column's unit. Fields that
    are not columns are left to the schema (which refuses them)."""
    for name, value in record.items():
        column = columns.get(name)
        if column is None or value is None or _JSON_TYPES[column.type](value):
            continue
        unit = f" in {column.unit}" if column.type == "float" and column.unit else ""
        yield name, f"must be {_TYPE_WORDS[column.type]}{unit}, not {value!r}"


BY_NAME = {kind: {c.name: c for c in columns} for kind, columns in COLUMNS.items()}


def message_of(err: ErrorDetails) -> str:
    """A pydantic error's message without pydantic's prefix."""
    return str(err["msg"]).removeprefix("Value error, ")


def validate_record(
    schema: type[M],
    kind: str,
    index: int,
    raw: Any,
    where: Locator,
    problems: Problems,
    *,
    columns: Mapping[str, Column] | None = None,
    reported: set[tuple[int | str, ...]] | None = None,
) -> M | None:
    """``raw`` validated as ``schema``, or None with every problem added at its place.

    ``columns`` (the kind's, by default) catches values of the wrong JSON type first, in the
    format's own words; ``reported`` are places already reported by the caller.
    """
    if not isinstance(raw, dict):
        problems.add(f"{where(kind, index, [])}: a record must be an object")
        return None
    said: set[tuple[int | str, ...]] = set(reported or ())
    for name, message in type_problems(BY_NAME.get(kind, {}) if columns is None else columns, raw):
        problems.add(f"{where(kind, index, [name])}: {message}")
        said.add((name,))
    try:
        spec = schema.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            if tuple(err["loc"]) in said:
                continue  # already said, in the format's own words
            problems.add(f"{where(kind, index, list(err['loc']))}: {message_of(err)}")
        return None
    return None if said else spec


def check_not_future(
    ctx: ServiceContext,
    when: datetime | date,
    field: str,
    what: str,
    place: str,
    problems: Problems,
) -> bool:
    """Whether ``when`` is not in the future (nor before 1970); otherwise a problem at
    ``place`` (the single-record log's rule and words)."""
    try:
        _not_future(ctx, when, field, what)
    except InvalidInput as exc:
        problems.add(f"{place}: {exc.message.removeprefix(f'{field}: ')}")
        return False
    return True


def utc_row(values: dict[str, Any]) -> dict[str, Any]:
    """Every timestamp of a row in UTC."""
    return {k: v.astimezone(UTC) if isinstance(v, datetime) else v for k, v in values.items()}


def iso(value: Any) -> Any:
    """A timestamp or day as ISO 8601 text (timestamps in UTC); anything else as it is."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value
