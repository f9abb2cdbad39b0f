"""FitNotes' CSV export (Settings → Spreadsheet Export): one row per set, one workout per date.

Layouts, read by column name:

- ``Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time,Comment`` (or
  ``Weight (lbs)``): the unit in the weight column's name;
- ``Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment``:
  a unit (``kgs``/``lbs``) on every row;
- a ``Weight (kg)`` and a ``Weight (lbs)`` column side by side: whichever the row fills.

Dates carry no time, so a workout starts at 00:00 local time on its date. ``Time`` is
h:mm:ss. ``Category`` (the muscle group) is not stored: the exercise name is mapped later.

FitNotes writes exercise names (and comments) with commas unquoted, so such a row has more
fields than the header. The name is recovered from the known column count and the fact that
``Category`` holds a FitNotes category (the built-in ones, or one another row of the file
uses); when more than one reading fits, or none, the row is left out. A row with a cell that
cannot be read is left out too, and named in ``ParsedFile.rows``; the file fails whole only
when its header or CSV cannot be read, a row is cut short, or not one row can be read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from fitcoach.ingest.files.model import FileFormatError, ParsedFile, StrengthSet, StrengthWorkout
from fitcoach.ingest.files.tabular import (
    DISTANCE_UNITS,
    MASS_UNITS,
    column_index,
    decode,
    delimiter_of,
    fail,
    first_line,
    header_names,
    hms,
    left_out,
    number,
    rows,
    to_utc,
    whole,
    wrong_width,
    zone,
    zone_note,
)

APP = "FitNotes export"
FORMAT = "fitnotes"
BUILT_IN_CATEGORIES = frozenset(
    c.casefold()
    for c in ("Abs", "Back", "Biceps", "Cardio", "Chest", "Legs", "Shoulders", "Triceps")
)
_KG_COLUMNS = ("weight (kgs)", "weight (kg)")
_LB_COLUMNS = ("weight (lbs)", "weight (lb)")


@dataclass(frozen=True)
class _Columns:
    date: int
    exercise: int
    category: int
    weight_kg: int | None  # a column in kg
    weight_lb: int | None  # a column in lb
    weight: int | None  # a column whose unit is in ``weight_unit``
    weight_unit: int | None
    reps: int
    distance: int | None
    distance_unit: int | None
    time: int | None
    comment: int | None

    @classmethod
    def of(cls, header: list[str]) -> _Columns:
        index = column_index(header)
        get = index.get
        weight_kg = next((index[c] for c in _KG_COLUMNS if c in index), None)
        weight_lb = next((index[c] for c in _LB_COLUMNS if c in index), None)
        weight, weight_unit = get("weight"), get("weight unit")
        missing = [n for n in ("Date", "Exercise", "Category", "Reps") if n.casefold() not in index]
        if weight_kg is None and weight_lb is None and (weight is None or weight_unit is None):
            missing.append("Weight (kgs) or Weight (lbs)")
        if missing:
            raise fail(
                APP,
                1,
                f"the header lacks {', '.join(repr(m) for m in missing)}: this is not a "
                "FitNotes spreadsheet export",
            )
        if index["category"] != index["exercise"] + 1:
            raise fail(APP, 1, "the header does not have Category right after Exercise")
        return cls(
            date=index["date"],
            exercise=index["exercise"],
            category=index["category"],
            weight_kg=weight_kg,
            weight_lb=weight_lb,
            weight=weight if weight_kg is None and weight_lb is None else None,
            weight_unit=weight_unit if weight_kg is None and weight_lb is None else None,
            reps=index["reps"],
            distance=get("distance"),
            distance_unit=get("distance unit"),
            time=get("time"),
            comment=get("comment", get("notes")),
        )

    def checks(self, width: int) -> dict[int, Callable[[str], bool]]:
        """Column → whether a value could belong there (for recovering unquoted commas)."""
        checks: dict[int, Callable[[str], bool]] = {}
        for column in (self.weight_kg, self.weight_lb, self.weight, self.distance):
            if column is not None:
                checks[column] = _is_number
        if self.weight_unit is not None:
            checks[self.weight_unit] = lambda v: not v or v.strip().casefold() in MASS_UNITS
        if self.distance_unit is not None:
            checks[self.distance_unit] = lambda v: not v or v.strip().casefold() in DISTANCE_UNITS
        if self.time is not None:
            checks[self.time] = lambda v: not v.strip() or hms(v) is not None
        checks[self.reps] = _is_number
        checks[self.date] = _is_date
        return {c: f for c, f in checks.items() if c < width}


def _is_number(text: str) -> bool:
    if not text.strip():
        return True
    try:
        float(text)
    except ValueError:
        return False
    return True


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text.strip())
    except ValueError:
        return False
    return True


def _recover(
    row: list[str],
    width: int,
    cols: _Columns,
    categories: set[str],
    checks: dict[int, Callable[[str], bool]],
    line: int,
) -> list[str]:
    """The row with the commas that split the exercise name (or the comment, when it is the
    last column) put back; exactly one reading must fit, or the line is refused."""
    extra = len(row) - width
    e = cols.exercise
    comment_last = cols.comment == width - 1
    readings = []
    for in_name in range(extra + 1):
        in_comment = extra - in_name
        if in_comment and not comment_last:
            continue
        name = ",".join(row[e : e + in_name + 1])
        rest = row[e + in_name + 1 :]
        if comment_last:
            fixed = rest[: width - e - 2]
            candidate = [*row[:e], name, *fixed, ",".join(rest[width - e - 2 :])]
        else:
            candidate = [*row[:e], name, *rest]
        if candidate[cols.category].strip().casefold() not in categories:
            continue
        if all(check(candidate[c]) for c, check in checks.items()):
            readings.append(candidate)
    if len(readings) == 1:
        return readings[0]
    what = "the exercise name" + (" or the comment" if comment_last else "")
    problem = "no reading of the row fits" if not readings else "more than one reading fits"
    raise fail(
        APP,
        line,
        f"{len(row)} fields where the header has {width}: {what} holds unquoted commas and "
        f"{problem} (the Category column must hold a FitNotes category); rename the exercise "
        "without commas in FitNotes, or put the name in double quotes in the file",
    )


def read_fitnotes(data: bytes, *, tz: tzinfo | str | None = None) -> ParsedFile:
    """The workouts of a FitNotes spreadsheet export, one per date, starting at 00:00 in
    ``tz`` (IANA name or tzinfo; None: UTC, with a note). Raises ``FileFormatError`` naming
    the line for anything unreadable."""
    local_zone = zone(tz)
    text = decode(data, APP)
    head = first_line(text)
    delimiter = delimiter_of(head)
    header = header_names(head, APP)
    cols = _Columns.of(header)
    width = len(header)
    records = list(rows(text, delimiter, APP))

    categories = set(BUILT_IN_CATEGORIES)  # and the custom ones well-formed rows use
    for line, row in records:
        if len(row) == width and (category := row[cols.category].strip().casefold()):
            categories.add(category)
        elif len(row) < width:
            raise wrong_width(APP, line, len(row), width)
    checks = cols.checks(width)

    workouts: dict[str, StrengthWorkout] = {}
    empty_rows = 0
    parsed = ParsedFile(format=FORMAT)
    first_bad: FileFormatError | None = None
    for line, raw in records:
        try:
            row = raw if len(raw) == width else _recover(raw, width, cols, categories, checks, line)
            weight = _weight(row, cols, line)
            reps = whole(row[cols.reps], APP, line, "Reps")
            distance = _distance(row, cols, line)
            seconds = None
            if cols.time is not None and row[cols.time].strip():
                seconds = hms(row[cols.time])
                if seconds is None:
                    raise fail(APP, line, f"Time {row[cols.time]!r} is not a duration like 0:05:00")
            if not (weight or reps or distance or seconds):
                empty_rows += 1
                continue
            name = row[cols.exercise]
            weight_kg = assistance_kg = None
            if weight:
                if weight < 0 or "(assisted)" in name.casefold():  # assistance is help, not load
                    assistance_kg = abs(weight)
                else:
                    weight_kg = weight
            elif weight is not None and reps:
                weight_kg = 0.0  # no added load
            if reps == 0 and (distance or seconds):
                reps = None  # a timed or distance set

            day_text = row[cols.date].strip()
            workout = workouts.get(day_text)
            if workout is None:
                try:
                    day = date.fromisoformat(day_text)
                except ValueError:
                    raise fail(
                        APP, line, f"Date {row[cols.date]!r} is not a date like 2024-01-05"
                    ) from None
                workout = workouts[day_text] = StrengthWorkout(
                    key=f"fitnotes:{day.isoformat()}",
                    started_at=to_utc(datetime(day.year, day.month, day.day), local_zone),  # noqa: DTZ001
                )
            workout.sets.append(
                StrengthSet(
                    exercise_name=name,
                    reps=reps,
                    weight_kg=weight_kg,
                    assistance_kg=assistance_kg,
                    distance_m=distance or None,
                    duration_s=seconds or None,
                    notes=row[cols.comment] if cols.comment is not None else "",
                )
            )
        except FileFormatError as exc:  # one row's cell: the row is left out, the file goes on
            first_bad = first_bad or exc
            parsed.row_note(left_out(APP, exc))
    if first_bad is not None and not workouts:  # not one row could be read
        raise first_bad

    notes = zone_note(APP, tz)
    notes.append("FitNotes writes dates without times: each workout starts at 00:00 local time")
    if empty_rows:
        notes.append(f"{empty_rows} row(s) with nothing logged left out")
    parsed.workouts = sorted(workouts.values(), key=lambda w: w.started_at)
    parsed.notes = notes
    return parsed


def _weight(row: list[str], cols: _Columns, line: int) -> float | None:
    """The row's weight in kg, from whichever weight column the layout has."""
    if cols.weight is not None and cols.weight_unit is not None:
        value = number(row[cols.weight], APP, line, "Weight")
        if not value:
            return value
        unit = row[cols.weight_unit].strip().casefold()
        factor = MASS_UNITS.get(unit)
        if factor is None:
            raise fail(APP, line, f"Weight Unit {row[cols.weight_unit]!r} is not kgs or lbs")
        return value * factor
    if cols.weight_kg is not None:
        value = number(row[cols.weight_kg], APP, line, "Weight (kgs)")
        if value is not None:
            return value
    if cols.weight_lb is not None:
        value = number(row[cols.weight_lb], APP, line, "Weight (lbs)")
        if value is not None:
            return value * MASS_UNITS["lb"]
    return None


def _distance(row: list[str], cols: _Columns, line: int) -> float | None:
    """The row's distance in metres (its unit in Distance Unit)."""
    if cols.distance is None:
        return None
    value = number(row[cols.distance], APP, line, "Distance")
    if not value:
        return None
    text = row[cols.distance_unit].strip() if cols.distance_unit is not None else ""
    factor = DISTANCE_UNITS.get(text.casefold())
    if factor is None:
        raise fail(
            APP,
            line,
            f"Distance Unit {text!r} is not one of {', '.join(DISTANCE_UNITS)}"
            if text
            else "a Distance without a Distance Unit",
        )
    return value * factor
