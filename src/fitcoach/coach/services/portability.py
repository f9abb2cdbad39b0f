"""Data portability: export everything of an athlete and import it back (format version 1).

The format is specified in ``docs/data-format.md``: one JSON document, or a directory (or a
zip of it) with ``manifest.json``, ``athlete.json`` and one CSV file per record kind. Imports
are idempotent because every record carries ``(source, source_id)``, and all-or-nothing
because everything is validated before the first write (the caller's unit of work rolls back
whatever a later failure leaves).
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any, Literal

from pydantic import BaseModel, ValidationError

from fitcoach.coach.schemas import (
    AthleteCreate,
    CardioIn,
    DailyMetricsIn,
    FeedbackIn,
    MealIn,
    ProfileFields,
    SleepIn,
    WorkoutIn,
)
from fitcoach.coach.services import athletes, exercises
from fitcoach.coach.services.context import ServiceContext
from fitcoach.coach.services.training_log import MODELS, _not_future
from fitcoach.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import Role, WorkoutSession
from fitcoach.storage.repositories import athletes as athlete_repo
from fitcoach.storage.repositories import exercises as exercise_repo
from fitcoach.storage.repositories import portability as repo

FORMAT = "fitcoach-export"
VERSION = 1
KINDS = ("workouts", "cardio", "daily", "sleep", "meals", "feedback")
COUNTED = ("workouts", "sets", "cardio", "daily", "sleep", "meals", "feedback")
CSV_FILES = {kind: f"{kind}.csv" for kind in COUNTED}
MANIFEST = "manifest.json"
ATHLETE_FILE = "athlete.json"
ExportFormat = Literal["json", "csv", "zip"]
ProgressFn = Callable[[str, int, int], None]
"""``progress(step, done, total)``: called as an export or import advances (for a display)."""

MAX_REPORTED_PROBLEMS = 50
_PROGRESS_EVERY = 5_000

ColumnType = Literal["str", "int", "float", "bool", "datetime", "date", "json"]


@dataclass(frozen=True)
class Column:
    """One field of a record kind: its name, type in CSV and JSON, unit, and whether a file
    must have it."""

    name: str
    type: ColumnType
    required: bool = False
    unit: str = ""


def _c(name: str, type_: ColumnType, unit: str = "", *, required: bool = False) -> Column:
    return Column(name, type_, required, unit)


_SOURCE = (_c("source", "str", required=True), _c("source_id", "str", required=True))

COLUMNS: dict[str, tuple[Column, ...]] = {
    "workouts": (
        *_SOURCE,
        _c("started_at", "datetime", required=True),
        _c("duration_s", "float", "s"),
        _c("title", "str"),
        _c("notes", "str"),
        _c("session_rpe", "float", "RPE 0-10"),
    ),
    "sets": (
        _c("workout_source", "str", required=True),
        _c("workout_source_id", "str", required=True),
        _c("position", "int", required=True),
        _c("exercise", "str", required=True),
        _c("reps", "int", required=True),
        _c("weight_kg", "float", "kg"),
        _c("rir", "float", "reps in reserve"),
        _c("completed", "bool"),
        _c("is_warmup", "bool"),
        _c("notes", "str"),
    ),
    "cardio": (
        *_SOURCE,
        _c("activity_type", "str", required=True),
        _c("started_at", "datetime", required=True),
        _c("duration_s", "float", "s", required=True),
        _c("distance_m", "float", "m"),
        _c("avg_hr", "float", "beats/min"),
        _c("max_hr", "float", "beats/min"),
        _c("calories_kcal", "float", "kcal"),
        _c("steps", "int"),
        _c("session_rpe", "float", "RPE 0-10"),
        _c("notes", "str"),
    ),
    "daily": (
        *_SOURCE,
        _c("day", "date", required=True),
        _c("sleep_s", "float", "s"),
        _c("sleep_quality", "int", "1-5"),
        _c("weight_kg", "float", "kg"),
        _c("resting_hr", "float", "beats/min"),
        _c("hrv_rmssd_ms", "float", "ms"),
        _c("calories_in_kcal", "float", "kcal"),
        _c("protein_g", "float", "g"),
        _c("mood", "int", "1-5"),
        _c("energy", "int", "1-5"),
        _c("soreness", "int", "1-5"),
        _c("stress", "int", "1-5"),
    ),
    "sleep": (
        *_SOURCE,
        _c("started_at", "datetime", required=True),
        _c("ended_at", "datetime", required=True),
        _c("stages_s", "json", "s per stage"),
        _c("awakenings", "int"),
        _c("quality", "int", "1-5"),
    ),
    "meals": (
        *_SOURCE,
        _c("eaten_at", "datetime", required=True),
        _c("meal_type", "str"),
        _c("description", "str"),
        _c("calories_kcal", "float", "kcal"),
        _c("protein_g", "float", "g"),
        _c("carbs_g", "float", "g"),
        _c("fat_g", "float", "g"),
    ),
    "feedback": (
        *_SOURCE,
        _c("recorded_at", "datetime", required=True),
        _c("energy", "int", "1-10"),
        _c("mood", "int", "1-10"),
        _c("perceived_exertion", "float", "RPE 0-10"),
        _c("notes", "str"),
    ),
}
# The fields of a set inside a JSON workout (its position is its place in the list).
SET_FIELDS = tuple(c for c in COLUMNS["sets"] if c.name not in ("workout_source", "workout_source_id", "position"))  # fmt: skip

SCHEMAS: dict[str, type[BaseModel]] = {
    "workouts": WorkoutIn,
    "cardio": CardioIn,
    "daily": DailyMetricsIn,
    "sleep": SleepIn,
    "meals": MealIn,
    "feedback": FeedbackIn,
}
# Which timestamp the future-date rule checks for each kind (as the single-record log does).
TIME_FIELDS: dict[str, tuple[str, str]] = {
    "workouts": ("started_at", "workout start"),
    "cardio": ("started_at", "activity start"),
    "daily": ("day", "day"),
    "sleep": ("ended_at", "sleep end"),
    "meals": ("eaten_at", "meal time"),
    "feedback": ("recorded_at", "feedback time"),
}
# Profile columns that cannot be empty: a null for them in a document means "leave as is".
_REQUIRED_PROFILE = ("experience_level", "days_per_week", "session_minutes")
_TOP_KEYS = ("format", "version", "exported_at", "athlete", *KINDS)


# --------------------------------------------------------------------------------------------
# Where a record came from (for error messages that point at the file, line and column)


@dataclass(frozen=True)
class Origin:
    """A record's place in a CSV file: the file name, its first line and the header."""

    file: str
    line: int
    columns: tuple[str, ...]

    def at(self, column: str | None) -> str:
        """``"sets.csv line 3, column 5 (reps)"``, or the line alone for a whole-record error."""
        if column is not None and column in self.columns:
            return (
                f"{self.file} line {self.line}, column {self.columns.index(column) + 1} ({column})"
            )
        if column is not None:
            return f"{self.file} line {self.line} ({column})"
        return f"{self.file} line {self.line}"


class ExportDocument(dict[str, Any]):
    """An export document as read from a file: a plain dict plus where each record came from.

    ``origins[kind][i]`` is the CSV line of record ``i``; ``set_origins[i][j]`` the line of set
    ``j`` of workout ``i``. A document read from JSON has no origins, only its file ``name``.
    """

    def __init__(
        self,
        data: Mapping[str, Any],
        *,
        name: str | None = None,
        origins: dict[str, list[Origin]] | None = None,
        set_origins: list[list[Origin]] | None = None,
    ) -> None:
        super().__init__(data)
        self.name = name
        self.origins = origins or {}
        self.set_origins = set_origins or []


# --------------------------------------------------------------------------------------------
# Export


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _athlete_section(ctx: ServiceContext, athlete_id: int) -> dict[str, Any]:
    out = athletes.get_athlete(ctx, athlete_id)
    profile = out.profile.model_dump(mode="json", exclude={"updated_at"}) if out.profile else {}
    return {"name": out.name, "email": out.email, "timezone": out.timezone, "profile": profile}


def _export_workouts(ctx: ServiceContext, scope: AthleteScope) -> list[dict[str, Any]]:
    names = [c.name for c in COLUMNS["workouts"]]
    set_names = [c.name for c in SET_FIELDS]
    by_workout: dict[int, list[dict[str, Any]]] = {}
    for row in repo.set_rows(ctx.session, scope):
        by_workout.setdefault(row["session_id"], []).append({k: row[k] for k in set_names})
    out = []
    for row in repo.workout_rows(ctx.session, scope):
        item = {k: _iso(row[k]) for k in names}
        item["sets"] = by_workout.get(row["id"], [])
        out.append(item)
    return out


def export_athlete(
    ctx: ServiceContext, athlete_id: int, *, progress: ProgressFn | None = None
) -> dict[str, Any]:
    """Everything of one athlete as a version 1 document (no internal ids; exercises by slug).

    Another athlete than the subject may see is ``NotFound``. The export is audited.
    """
    scope = ctx.scope(athlete_id)
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _iso(ctx.clock.now()),
        "athlete": _athlete_section(ctx, athlete_id),
    }
    for done, kind in enumerate(KINDS):
        if progress:
            progress("reading records", done, len(KINDS))
        if kind == "workouts":
            doc[kind] = _export_workouts(ctx, scope)
            continue
        names = [c.name for c in COLUMNS[kind]]
        rows = repo.record_rows(ctx.session, scope, MODELS[kind])
        doc[kind] = [{k: _iso(row[k]) for k in names} for row in rows]
    if progress:
        progress("reading records", len(KINDS), len(KINDS))
    ctx.audit("export", "athlete", athlete_id, athlete_id=athlete_id, detail=counts_of(doc))
    return doc


def counts_of(doc: Mapping[str, Any]) -> dict[str, int]:
    """How many records of each kind (and sets) a document holds."""
    counts = {kind: len(doc.get(kind) or []) for kind in KINDS}
    counts["sets"] = sum(len(w.get("sets") or []) for w in doc.get("workouts") or [])
    return {kind: counts[kind] for kind in COUNTED}


# CSV injection (OWASP): a spreadsheet runs a cell that starts with one of these as a formula
# (``=HYPERLINK(...)``, ``+cmd|...``, ``@SUM(...)``; tab and CR also start one in some). A text
# cell that starts with one is written with a leading ``'`` (which spreadsheets show as text),
# and so is a text that starts with ``'`` followed by one of them or by another ``'``; the
# import strips that one quote again, so every text round-trips exactly (docs/data-format.md).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"


def _neutralise(text: str) -> str:
    """``text`` safe to open in a spreadsheet (the inverse of ``_unneutralise``)."""
    if text.startswith(_FORMULA_START) or (
        text.startswith(_QUOTE) and text[1:].startswith((*_FORMULA_START, _QUOTE))
    ):
        return _QUOTE + text
    return text


def _unneutralise(text: str) -> str:
    """The text an exported cell stood for: the quote ``_neutralise`` added is dropped."""
    if text.startswith(_QUOTE) and text[1:].startswith((*_FORMULA_START, _QUOTE)):
        return text[1:]
    return text


def _cell(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.type == "str":
        return _neutralise(str(value))
    if column.type == "bool":
        return "true" if value else "false"
    if column.type == "json":
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    if column.type == "float":
        return repr(float(value))
    return str(value)


def _csv_rows(doc: Mapping[str, Any], kind: str) -> Iterator[dict[str, Any]]:
    if kind != "sets":
        yield from doc.get(kind) or []
        return
    for workout in doc.get("workouts") or []:
        for position, item in enumerate(workout.get("sets") or []):
            yield {
                "workout_source": workout["source"],
                "workout_source_id": workout["source_id"],
                "position": position,
                **item,
            }


def _write_csv(stream: IO[str], doc: Mapping[str, Any], kind: str) -> None:
    columns = COLUMNS[kind]
    writer = csv.writer(stream)
    writer.writerow([c.name for c in columns])
    for row in _csv_rows(doc, kind):
        writer.writerow([_cell(c, row.get(c.name)) for c in columns])


def _manifest(doc: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": doc["exported_at"],
        "counts": counts_of(doc),
    }


def _write_tree(doc: Mapping[str, Any], open_text: Callable[[str], IO[str]]) -> None:
    """Write manifest, athlete and CSV files through ``open_text(name)`` (a dir or a zip)."""
    with open_text(MANIFEST) as f:
        json.dump(_manifest(doc), f, indent=2, ensure_ascii=False)
        f.write("\n")
    with open_text(ATHLETE_FILE) as f:
        json.dump(doc["athlete"], f, indent=2, ensure_ascii=False)
        f.write("\n")
    for kind in COUNTED:
        with open_text(CSV_FILES[kind]) as f:
            _write_csv(f, doc, kind)


@contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary path next to ``path`` that replaces it only when the block succeeds,
    so that a failed export never leaves half a file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_export(
    ctx: ServiceContext,
    athlete_id: int,
    path: Path | str,
    fmt: ExportFormat = "json",
    *,
    progress: ProgressFn | None = None,
) -> dict[str, int]:
    """Export an athlete to ``path`` as one JSON file, a CSV directory or a zip of it.

    A file is replaced only once the new one is complete; a CSV directory must be new or
    empty. Returns the record counts.
    """
    path = Path(path)
    if fmt not in ("json", "csv", "zip"):
        raise InvalidInput(f"unknown export format {fmt!r}; use json, csv or zip")
    if fmt == "csv":
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            raise InvalidInput(
                f"{path} already exists and is not an empty directory; "
                "give a new directory for a CSV export"
            )
    elif path.is_dir():
        raise InvalidInput(f"{path} is a directory; give a file name for a {fmt} export")
    doc = export_athlete(ctx, athlete_id, progress=progress)
    if progress:
        progress("writing files", 0, 1)
    if fmt == "json":
        with _replacing(path) as tmp, tmp.open("w", encoding="utf-8") as f:
            json.dump(doc, f, indent=1, ensure_ascii=False)
            f.write("\n")
    elif fmt == "zip":
        with _replacing(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:

            def open_member(name: str) -> IO[str]:
                return io.TextIOWrapper(zf.open(name, "w"), encoding="utf-8", newline="")

            _write_tree(doc, open_member)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp_dir = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
        try:
            _write_tree(doc, lambda name: (tmp_dir / name).open("w", encoding="utf-8", newline=""))
            if path.exists():
                path.rmdir()
            tmp_dir.rename(path)
        finally:
            if tmp_dir.exists():
                shutil.rmtree(tmp_dir)
    if progress:
        progress("writing files", 1, 1)
    return counts_of(doc)


# --------------------------------------------------------------------------------------------
# Reading a file, a directory or a zip


def _check_header(doc: Any, where: str) -> None:
    if not isinstance(doc, Mapping):
        raise InvalidInput(f"{where}: a fitcoach export is a JSON object, not {type(doc).__name__}")
    if doc.get("format") != FORMAT:
        raise InvalidInput(
            f"{where}: format is {doc.get('format')!r}, not {FORMAT!r}; "
            "this is not a fitcoach export (see docs/data-format.md)"
        )
    version = doc.get("version")
    if version != VERSION or isinstance(version, bool):
        raise InvalidInput(
            f"{where}: export format version {version!r} is not supported; this fitcoach reads "
            f"version {VERSION} (a newer export needs a newer fitcoach)"
        )


def _decode(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidInput(
            f"{name} line {line}: not UTF-8 text (byte {exc.start}); save the file as UTF-8"
        ) from None


def _load_json(name: str, data: bytes) -> Any:
    try:
        return json.loads(_decode(name, data))
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{name} line {exc.lineno} column {exc.colno}: {exc.msg} (is the file complete?)"
        ) from None


_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _from_cell(column: Column, text: str) -> Any:
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
        return _unneutralise(text)
    return text


def _parse_csv(name: str, data: bytes, kind: str) -> tuple[list[dict[str, Any]], list[Origin]]:
    columns = {c.name: c for c in COLUMNS[kind]}
    reader = csv.reader(io.StringIO(_decode(name, data), newline=""), strict=True)
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
    names = tuple(header)
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
                record[column] = _from_cell(columns[column], text)
            except ValueError as exc:
                raise InvalidInput(
                    f"{name} line {start}, column {index} ({column}): {exc}"
                ) from None
        rows.append(record)
        origins.append(Origin(name, start, names))
    return rows, origins


class _Tree:
    """The files of a CSV export, from a directory or a zip (optionally in one folder)."""

    def __init__(self, label: str, files: dict[str, Callable[[], bytes]]) -> None:
        self.label = label
        self.files = files

    def read(self, name: str) -> bytes | None:
        reader = self.files.get(name)
        return None if reader is None else reader()


def _tree_from_dir(path: Path) -> _Tree:
    files: dict[str, Callable[[], bytes]] = {
        p.name: p.read_bytes for p in path.iterdir() if p.is_file()
    }
    return _Tree(str(path), files)


def _tree_from_zip(path: Path, archive: zipfile.ZipFile) -> _Tree:
    names = [n for n in archive.namelist() if not n.endswith("/")]
    prefix = ""
    if MANIFEST not in names:
        nested = [n for n in names if n.endswith("/" + MANIFEST) and not n.startswith("__MACOSX")]
        if len(nested) == 1:
            prefix = nested[0][: -len(MANIFEST)]

    def reader(member: str) -> Callable[[], bytes]:
        def read() -> bytes:
            try:
                return archive.read(member)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
                raise InvalidInput(
                    f"{path.name}: {member} cannot be read from the zip ({exc}); "
                    "the archive is damaged, export again"
                ) from None

        return read

    files = {
        n[len(prefix) :]: reader(n)
        for n in names
        if n.startswith(prefix) and "/" not in n[len(prefix) :]
    }
    return _Tree(path.name, files)


def _read_tree(tree: _Tree) -> ExportDocument:
    expected = {MANIFEST, ATHLETE_FILE, *CSV_FILES.values()}
    strays = sorted(
        n
        for n in tree.files
        if n not in expected and n.endswith((".csv", ".json")) and not n.startswith(".")
    )
    if strays:
        raise InvalidInput(
            f"{tree.label}: unknown file(s) {', '.join(strays)}; "
            f"an export holds {', '.join(sorted(expected))}"
        )
    raw_manifest = tree.read(MANIFEST)
    if raw_manifest is None:
        raise InvalidInput(
            f"{tree.label}: {MANIFEST} is missing; a CSV export holds {MANIFEST}, "
            f"{ATHLETE_FILE} and the CSV files (see docs/data-format.md)"
        )
    manifest = _load_json(MANIFEST, raw_manifest)
    _check_header(manifest, MANIFEST)
    extra = sorted(set(manifest) - {"format", "version", "exported_at", "counts"})
    if extra:
        raise InvalidInput(f"{MANIFEST}: unknown key(s) {', '.join(extra)}")
    counts = manifest.get("counts", {})
    if not isinstance(counts, dict) or not all(
        k in COUNTED and isinstance(v, int) and not isinstance(v, bool) for k, v in counts.items()
    ):
        raise InvalidInput(
            f"{MANIFEST}: counts must map {', '.join(COUNTED)} to whole numbers of records"
        )
    doc: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if "exported_at" in manifest:
        doc["exported_at"] = manifest["exported_at"]
    raw_athlete = tree.read(ATHLETE_FILE)
    if raw_athlete is not None:
        doc["athlete"] = _load_json(ATHLETE_FILE, raw_athlete)
    parsed: dict[str, tuple[list[dict[str, Any]], list[Origin]]] = {}
    for kind in COUNTED:
        name = CSV_FILES[kind]
        raw = tree.read(name)
        if raw is None:
            if counts.get(kind):
                raise InvalidInput(
                    f"{tree.label}: {name} is missing but {MANIFEST} counts "
                    f"{counts[kind]} record(s); the export is incomplete"
                )
            parsed[kind] = ([], [])
            continue
        parsed[kind] = _parse_csv(name, raw, kind)
        if kind in counts and counts[kind] != len(parsed[kind][0]):
            raise InvalidInput(
                f"{name} has {len(parsed[kind][0])} record(s) but {MANIFEST} counts "
                f"{counts[kind]}; the export is incomplete or was edited (export again, or fix "
                "the counts)"
            )
    origins = {kind: parsed[kind][1] for kind in KINDS}
    for kind in KINDS:
        doc[kind] = parsed[kind][0]
    doc["workouts"], set_origins = _attach_sets(parsed["workouts"], parsed["sets"])
    return ExportDocument(doc, name=tree.label, origins=origins, set_origins=set_origins)


def _attach_sets(
    workouts: tuple[list[dict[str, Any]], list[Origin]],
    sets: tuple[list[dict[str, Any]], list[Origin]],
) -> tuple[list[dict[str, Any]], list[list[Origin]]]:
    """Put each row of sets.csv into its workout, ordered by position."""
    index: dict[tuple[Any, Any], int] = {}
    for i, (row, origin) in enumerate(zip(*workouts, strict=True)):
        key = (row.get("source"), row.get("source_id"))
        if None not in key and key in index:
            first = workouts[1][index[key]]
            raise InvalidInput(
                f"{origin.at('source_id')}: source {key[0]!r} and source_id {key[1]!r} repeat "
                f"line {first.line}; each workout needs its own"
            )
        index[key] = i
    grouped: list[dict[int, tuple[dict[str, Any], Origin]]] = [{} for _ in workouts[0]]
    for row, origin in zip(*sets, strict=True):
        for column in ("workout_source", "workout_source_id", "position"):
            if column not in row:
                raise InvalidInput(f"{origin.at(column)}: empty; every set names its workout")
        key = (row.pop("workout_source"), row.pop("workout_source_id"))
        position = row.pop("position")
        if key not in index:
            raise InvalidInput(
                f"{origin.at('workout_source_id')}: no workout with source {key[0]!r} and "
                f"source_id {key[1]!r} in workouts.csv"
            )
        slot = grouped[index[key]]
        if position in slot:
            raise InvalidInput(
                f"{origin.at('position')}: position {position} repeats line "
                f"{slot[position][1].line} of the same workout"
            )
        slot[position] = (row, origin)
    out: list[dict[str, Any]] = []
    set_origins: list[list[Origin]] = []
    for row, slot in zip(workouts[0], grouped, strict=True):
        ordered = [slot[p] for p in sorted(slot)]
        out.append({**row, "sets": [r for r, _ in ordered]})
        set_origins.append([o for _, o in ordered])
    return out, set_origins


def read_export(path: Path | str) -> ExportDocument:
    """Read a JSON export, a CSV directory or a zip of one into the export document shape.

    Broken files raise ``InvalidInput`` naming the file, line and column; the values
    themselves are checked by ``import_document``.
    """
    path = Path(path)
    if path.is_dir():
        return _read_tree(_tree_from_dir(path))
    if not path.exists():
        raise NotFound(
            f"{path} does not exist; give an export file (.json or .zip) or a CSV directory"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from None
    if path.suffix.lower() == ".zip" or data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return _read_tree(_tree_from_zip(path, archive))
        except zipfile.BadZipFile as exc:
            raise InvalidInput(
                f"{path.name} is not a readable zip archive ({exc}); "
                "export again as a zip, or give the JSON file or CSV directory"
            ) from None
    doc = _load_json(path.name, data)
    _check_header(doc, path.name)
    return ExportDocument(doc, name=path.name)


# --------------------------------------------------------------------------------------------
# Import


@dataclass(frozen=True)
class KindCount:
    """Records of one kind in an import: read from the document, inserted, skipped as stored."""

    read: int
    inserted: int
    skipped: int


@dataclass(frozen=True)
class ImportReport:
    """What an import did, per record kind."""

    athlete_id: int
    athlete_created: bool
    profile_updated: bool
    counts: dict[str, KindCount] = field(default_factory=dict)

    @property
    def inserted(self) -> int:
        """Records inserted over all kinds (sets included)."""
        return sum(c.inserted for c in self.counts.values())


class _Problems:
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


@dataclass
class _Locator:
    """Names the place of a field of a record: a CSV line and column, or a JSON path."""

    doc: Mapping[str, Any]

    def __call__(self, kind: str, index: int, loc: Sequence[int | str]) -> str:
        origins = self.doc.origins if isinstance(self.doc, ExportDocument) else {}
        if origins.get(kind):
            return self._csv(kind, index, loc, origins[kind][index])
        name = self.doc.name if isinstance(self.doc, ExportDocument) else None
        path = f"{kind}[{index}]" + "".join(
            f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc
        )
        return f"{name}: {path}" if name else path

    def _csv(self, kind: str, index: int, loc: Sequence[int | str], origin: Origin) -> str:
        assert isinstance(self.doc, ExportDocument)
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


def _type_problems(
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


_BY_NAME = {kind: {c.name: c for c in columns} for kind, columns in COLUMNS.items()}
_SET_BY_NAME = {c.name: c for c in SET_FIELDS}


def _utc_row(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.astimezone(UTC) if isinstance(v, datetime) else v for k, v in values.items()}


@dataclass
class _Checked:
    """A document that passed every check: rows ready to insert, per kind."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Per workout (same order as rows["workouts"]): its sets, with exercise ids.
    sets: list[list[dict[str, Any]]] = field(default_factory=list)


class _Checker:
    """Validates every record with the service schemas and the future-date rule."""

    def __init__(self, ctx: ServiceContext, doc: Mapping[str, Any], progress: ProgressFn | None):
        self.ctx = ctx
        self.doc = doc
        self.where = _Locator(doc)
        self.problems = _Problems()
        self.progress = progress
        self.total = sum(len(doc.get(k) or []) for k in KINDS if isinstance(doc.get(k), list))
        self.done = 0
        self.slugs = exercise_repo.slug_to_id(ctx.session)
        self.resolved: dict[str, int | None] = {}

    def _tick(self) -> None:
        self.done += 1
        if self.progress and (self.done % _PROGRESS_EVERY == 0 or self.done == self.total):
            self.progress("checking records", self.done, self.total)

    def _exercise(self, text: str, kind: str, index: int, loc: list[int | str]) -> int | None:
        """Slugs resolve from one query; a name or alias (hand-written files) resolves as the
        single-record log does. Each unknown name is reported once."""
        if text in self.slugs:
            return self.slugs[text]
        if text not in self.resolved:
            try:
                self.resolved[text] = exercises.resolve(self.ctx, text).id
            except InvalidInput as exc:
                self.resolved[text] = None
                self.problems.add(f"{self.where(kind, index, loc)}: {exc.message}")
        return self.resolved[text]

    def _validate(self, kind: str, index: int, raw: Any) -> BaseModel | None:
        if not isinstance(raw, dict):
            self.problems.add(f"{self.where(kind, index, [])}: a record must be an object")
            return None
        reported: set[tuple[int | str, ...]] = set()
        for name, message in _type_problems(_BY_NAME[kind], raw):
            self.problems.add(f"{self.where(kind, index, [name])}: {message}")
            reported.add((name,))
        if kind == "workouts" and isinstance(raw.get("sets"), list):
            for j, item in enumerate(raw["sets"]):
                if isinstance(item, dict):
                    for name, message in _type_problems(_SET_BY_NAME, item):
                        self.problems.add(
                            f"{self.where(kind, index, ['sets', j, name])}: {message}"
                        )
                        reported.add(("sets", j, name))
        for name in ("source", "source_id"):
            if raw.get(name) is None:
                self.problems.add(
                    f"{self.where(kind, index, [name])}: required in an import "
                    "(it identifies the record, so that importing again skips it)"
                )
                reported.add((name,))
        try:
            spec = SCHEMAS[kind].model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                if tuple(err["loc"]) in reported:
                    continue  # already said, in the format's own words
                message = err["msg"].removeprefix("Value error, ")
                self.problems.add(f"{self.where(kind, index, list(err['loc']))}: {message}")
            return None
        if reported:
            return None
        time_field, what = TIME_FIELDS[kind]
        try:
            _not_future(self.ctx, getattr(spec, time_field), time_field, what)
        except InvalidInput as exc:
            message = exc.message.removeprefix(f"{time_field}: ")
            self.problems.add(f"{self.where(kind, index, [time_field])}: {message}")
            return None
        return spec

    def check(self) -> _Checked:
        checked = _Checked()
        for kind in KINDS:
            records = self.doc.get(kind)
            checked.rows[kind] = []
            if records is None:
                continue
            if not isinstance(records, list):
                self.problems.add(f"{kind}: must be a list of records")
                continue
            seen: dict[Any, int] = {}
            for index, raw in enumerate(records):
                self._tick()
                spec = self._validate(kind, index, raw)
                if spec is None:
                    continue
                key: Any = (
                    spec.day
                    if isinstance(spec, DailyMetricsIn)
                    else (getattr(spec, "source"), getattr(spec, "source_id"))  # noqa: B009
                )
                if key in seen:
                    what = "day" if kind == "daily" else "source_id"
                    self.problems.add(
                        f"{self.where(kind, index, [what])}: {key!r} repeats "
                        f"{self.where(kind, seen[key], [])}; each record must be given once"
                    )
                    continue
                seen[key] = index
                self._row(kind, index, spec, checked)
        self.problems.raise_if_any()
        return checked

    def _row(self, kind: str, index: int, spec: BaseModel, checked: _Checked) -> None:
        if isinstance(spec, WorkoutIn):
            sets = []
            for position, s in enumerate(spec.sets):
                exercise_id = self._exercise(
                    s.exercise, kind, index, ["sets", position, "exercise"]
                )
                values = s.model_dump(exclude={"exercise"})
                sets.append({**values, "exercise_id": exercise_id, "position": position})
            checked.rows[kind].append(_utc_row(spec.model_dump(exclude={"sets"})))
            checked.sets.append(sets)
            return
        values = spec.model_dump()
        if isinstance(spec, CardioIn):  # normalised as the single-record log does
            values["activity_type"] = values["activity_type"].lower().replace(" ", "_")
        checked.rows[kind].append(_utc_row(values))


def _clean_profile(fields: ProfileFields) -> ProfileFields:
    """Only the profile fields the document gives; a null for a field that cannot be empty
    (level, days per week, session length) leaves it as it is."""
    given = fields.model_dump(exclude_unset=True)
    kept = {k: v for k, v in given.items() if v is not None or k not in _REQUIRED_PROFILE}
    return ProfileFields.model_validate(kept)


def _counting(
    rows: Iterable[dict[str, Any]], step: str, total: int, progress: ProgressFn | None
) -> Iterator[dict[str, Any]]:
    for done, row in enumerate(rows, start=1):
        yield row
        if progress and done % _PROGRESS_EVERY == 0:
            progress(step, done, total)
    if progress and total:
        progress(step, total, total)


def _target(
    ctx: ServiceContext, spec: AthleteCreate | None, athlete_id: int | None
) -> tuple[AthleteScope | None, AthleteCreate | None]:
    """The athlete to import into (scope), or the athlete to create. Writes nothing."""
    if athlete_id is not None:
        return ctx.scope(athlete_id), None
    if spec is None:
        raise InvalidInput(
            "the document has no athlete section (name, email); give one, or import into an "
            "existing athlete"
        )
    email = spec.email.strip().lower()
    account = athlete_repo.account_by_email(ctx.session, email)
    if account is None:
        if ctx.subject.role == Role.athlete:
            raise PermissionDenied(
                f"athletes cannot create other athletes; the document is for {email}"
            )
        return None, spec
    found = athlete_repo.athlete_for_account(ctx.session, account.id)
    if found is None:
        raise Conflict(
            f"{email} belongs to a coach or admin account; import into an existing "
            "athlete or change the e-mail in the document"
        )
    try:
        return ctx.scope(found.id), None
    except NotFound:
        raise Conflict(
            f"an athlete with e-mail {email} already exists and is not yours to import into; "
            "change the e-mail in the document, or ask that athlete or an admin"
        ) from None


def _check_document(doc: Any) -> None:
    where = doc.name if isinstance(doc, ExportDocument) and doc.name else "the document"
    _check_header(doc, where)
    unknown = sorted(set(doc) - set(_TOP_KEYS))
    if unknown:
        raise InvalidInput(
            f"{where}: unknown key(s) {', '.join(unknown)}; a version {VERSION} export has "
            f"{', '.join(_TOP_KEYS)}"
        )


def import_document(
    ctx: ServiceContext,
    doc: Mapping[str, Any],
    *,
    athlete_id: int | None = None,
    progress: ProgressFn | None = None,
) -> ImportReport:
    """Import an export document; records already stored (same source and source_id, or the
    same day for daily metrics) are skipped, so importing the same file twice adds nothing.

    Without ``athlete_id`` the document's athlete is created, or, when their e-mail exists and
    the subject may access that athlete, imported into. With ``athlete_id`` the records go to
    that athlete and the document's profile fields update theirs. Every record is checked
    before anything is written; the caller's unit of work commits.
    """
    _check_document(doc)
    athlete_spec: AthleteCreate | None = None
    if doc.get("athlete") is not None:
        try:
            athlete_spec = AthleteCreate.model_validate(doc["athlete"])
        except ValidationError as exc:
            problems = _Problems()
            for err in exc.errors():
                where = ".".join(str(p) for p in ("athlete", *err["loc"]))
                problems.add(f"{where}: {err['msg'].removeprefix('Value error, ')}")
            problems.raise_if_any()
    scope, create = _target(ctx, athlete_spec, athlete_id)
    checked = _Checker(ctx, doc, progress).check()

    # Everything is valid: write.
    created = profile_updated = False
    if create is not None:
        create = create.model_copy(update={"profile": _clean_profile(create.profile)})
        scope = ctx.scope(athletes.create_athlete(ctx, create).id)
        created = True
    elif athlete_spec is not None and "profile" in athlete_spec.model_fields_set:
        assert scope is not None
        athletes.update_profile(ctx, scope.athlete_id, _clean_profile(athlete_spec.profile))
        profile_updated = True
    assert scope is not None
    counts = _write(ctx, scope, checked, progress)
    ctx.audit(
        "import",
        "athlete",
        scope.athlete_id,
        athlete_id=scope.athlete_id,
        detail={kind: c.inserted for kind, c in counts.items()},
    )
    return ImportReport(scope.athlete_id, created, profile_updated, counts)


def _write(
    ctx: ServiceContext, scope: AthleteScope, checked: _Checked, progress: ProgressFn | None
) -> dict[str, KindCount]:
    session = ctx.session
    counts: dict[str, KindCount] = {}
    # Workouts first; a workout already stored keeps its sets as they are.
    workouts = checked.rows["workouts"]
    stored = repo.source_ids(session, scope, WorkoutSession)
    new = [
        (row, sets)
        for row, sets in zip(workouts, checked.sets, strict=True)
        if (row["source"], row["source_id"]) not in stored
    ]
    inserted = repo.insert_records(
        session,
        scope,
        WorkoutSession,
        _counting((row for row, _ in new), "writing workouts", len(new), progress),
    )
    counts["workouts"] = KindCount(len(workouts), inserted, len(workouts) - inserted)
    ids = repo.source_ids(session, scope, WorkoutSession)
    set_rows = [
        {**s, "session_id": ids[(row["source"], row["source_id"])]}
        for row, sets in new
        for s in sets
    ]
    sets_read = sum(len(sets) for sets in checked.sets)
    sets_inserted = repo.insert_sets(
        session,
        scope,
        _counting(set_rows, "writing sets", len(set_rows), progress),
        workout_ids=sorted({r["session_id"] for r in set_rows}),
    )
    counts["sets"] = KindCount(sets_read, sets_inserted, sets_read - sets_inserted)
    for kind in KINDS[1:]:
        rows = checked.rows[kind]
        inserted = repo.insert_records(
            session, scope, MODELS[kind], _counting(rows, f"writing {kind}", len(rows), progress)
        )
        counts[kind] = KindCount(len(rows), inserted, len(rows) - inserted)
    return {kind: counts[kind] for kind in COUNTED}
