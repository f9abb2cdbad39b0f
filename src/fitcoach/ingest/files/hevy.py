"""Hevy's CSV export (Profile → Settings → Export & Import Data → Export Workouts): one row
per set, every field quoted, columns read by name:

``"title","start_time","end_time","description","exercise_title","superset_id",
"exercise_notes","set_index","set_type","weight_kg","reps","distance_km","duration_seconds",
"rpe"``

The unit is in the column's name: ``weight_kg`` or ``weight_lbs``, ``distance_km`` or
``distance_miles``. Times are local, without a zone ("26 Nov 2024, 07:15"). ``set_index``
counts from 0 within an exercise; ``set_type`` is normal, warmup, dropset or failure (drop and
failure sets are working sets). An assisted exercise ("Pull Up (Assisted)") carries the
machine's help in the weight column: it becomes ``assistance_kg``. ``exercise_notes`` repeats
on every row of an exercise; it goes on the exercise's first set. ``superset_id`` has no place
in the contract and is not read. A row with a cell that cannot be read is left out and named
in ``ParsedFile.rows``; the file fails whole only when its header or CSV cannot be read, a row
has another number of fields than the header, or not one row can be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

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
    left_out,
    number,
    rows,
    rpe,
    to_utc,
    whole,
    wrong_width,
    zone,
    zone_note,
)

APP = "Hevy export"
FORMAT = "hevy"
REQUIRED = ("title", "start_time", "exercise_title", "set_type", "reps")
WARMUP, WORKING = "warmup", ("normal", "dropset", "failure")
_TIME_PATTERNS = ("%d %b %Y, %H:%M", "%d %b %Y %H:%M")  # then ISO 8601


@dataclass(frozen=True)
class _Columns:
    title: int
    start: int
    end: int | None
    description: int | None
    exercise: int
    notes: int | None
    index: int | None
    set_type: int
    weight: int
    weight_factor: float
    reps: int
    distance: int | None
    distance_factor: float
    duration: int | None
    rpe: int | None

    @classmethod
    def of(cls, header: list[str]) -> _Columns:
        index = column_index(header)
        missing = [name for name in REQUIRED if name not in index]
        weight = _unit_column(index, "weight", {"kg": "kg", "lbs": "lb", "lb": "lb"})
        if weight is None:
            missing.append("weight_kg (or weight_lbs)")
        if missing:
            raise fail(
                APP,
                1,
                f"the header lacks {', '.join(repr(m) for m in missing)}: this is not a Hevy "
                "workout export",
            )
        assert weight is not None
        distance = _unit_column(index, "distance", {"km": "km", "miles": "mi", "mi": "mi"})
        get = index.get
        return cls(
            title=index["title"],
            start=index["start_time"],
            end=get("end_time"),
            description=get("description"),
            exercise=index["exercise_title"],
            notes=get("exercise_notes"),
            index=get("set_index"),
            set_type=index["set_type"],
            weight=weight[0],
            weight_factor=MASS_UNITS[weight[1]],
            reps=index["reps"],
            distance=None if distance is None else distance[0],
            distance_factor=1.0 if distance is None else DISTANCE_UNITS[distance[1]],
            duration=get("duration_seconds"),
            rpe=get("rpe"),
        )


def _unit_column(
    index: dict[str, int], stem: str, suffixes: dict[str, str]
) -> tuple[int, str] | None:
    """The column ``<stem>_<unit>`` and its unit, e.g. ("weight_lbs" → its position, "lb")."""
    for suffix, unit in suffixes.items():
        position = index.get(f"{stem}_{suffix}")
        if position is not None:
            return position, unit
    return None


def _local_time(text: str, line: int) -> datetime:
    stripped = text.strip()
    for pattern in _TIME_PATTERNS:
        try:
            return datetime.strptime(stripped, pattern)  # noqa: DTZ007 - local, zone added next
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(stripped)
    except ValueError:
        raise fail(
            APP, line, f"time {text!r} is not a date and time like '26 Nov 2024, 07:15'"
        ) from None


def _utc(text: str, line: int, local_zone: tzinfo) -> datetime:
    moment = _local_time(text, line)
    return to_utc(moment, local_zone) if moment.tzinfo is None else moment.astimezone(UTC)


def read_hevy(data: bytes, *, tz: tzinfo | str | None = None) -> ParsedFile:
    """The workouts of a Hevy CSV export; ``tz`` is the zone of the person's local times
    (IANA name or tzinfo; None: UTC, with a note). Units come from the header's column names.
    Raises ``FileFormatError`` naming the line for anything unreadable."""
    local_zone = zone(tz)
    text = decode(data, APP)
    head = first_line(text)
    delimiter = delimiter_of(head)
    header = header_names(head, APP)
    cols = _Columns.of(header)
    width = len(header)

    workouts: dict[tuple[str, str], StrengthWorkout] = {}
    assisted: dict[str, bool] = {}
    previous: tuple[tuple[str, str], str] | None = None  # (workout, exercise) of the last set
    c_exercise, c_type, c_weight, c_reps = cols.exercise, cols.set_type, cols.weight, cols.reps
    c_distance, c_duration, c_rpe, c_notes = cols.distance, cols.duration, cols.rpe, cols.notes
    mass, metres = cols.weight_factor, cols.distance_factor
    weight_name = header[c_weight]  # "weight_kg" or "weight_lbs", for messages
    parsed = ParsedFile(format=FORMAT)
    first_bad: FileFormatError | None = None

    for line, row in rows(text, delimiter, APP):
        if len(row) != width:
            raise wrong_width(APP, line, len(row), width)
        try:
            set_type = row[c_type].strip().casefold()
            if set_type == WARMUP:
                warmup = True
            elif set_type in WORKING:
                warmup = False
            else:
                raise fail(
                    APP,
                    line,
                    f"set_type {row[c_type]!r} is not one of normal, warmup, dropset, failure",
                )
            if cols.index is not None:
                whole(row[cols.index], APP, line, "set_index")
            name = row[c_exercise]
            weight = number(row[c_weight], APP, line, weight_name)
            reps = whole(row[c_reps], APP, line, "reps")
            distance = (
                None if c_distance is None else number(row[c_distance], APP, line, "distance")
            )
            duration = (
                None
                if c_duration is None
                else number(row[c_duration], APP, line, "duration_seconds")
            )

            weight_kg = assistance_kg = None
            if weight:
                weight *= mass
                is_assisted = assisted.get(name)
                if is_assisted is None:
                    is_assisted = assisted[name] = "(assisted)" in name.casefold()
                if weight < 0 or is_assisted:  # assistance is help, not load
                    assistance_kg = abs(weight)
                else:
                    weight_kg = weight
            elif weight is not None and reps:
                weight_kg = 0.0  # no added load

            key = (row[cols.start], row[cols.title])
            workout = workouts.get(key)
            if workout is None:
                workout = workouts[key] = _workout(row, cols, line, local_zone, parsed)
            notes = ""
            if c_notes is not None and previous != (key, name):
                notes = row[c_notes]  # per exercise: on its first set
            previous = (key, name)
            workout.sets.append(
                StrengthSet(
                    exercise_name=name,
                    reps=reps,
                    weight_kg=weight_kg,
                    assistance_kg=assistance_kg,
                    distance_m=distance * metres if distance else None,
                    duration_s=duration or None,
                    rpe=None if c_rpe is None else rpe(row[c_rpe], APP, line),
                    is_warmup=warmup,
                    notes=notes,
                )
            )
        except FileFormatError as exc:  # one row's cell: the row is left out, the file goes on
            first_bad = first_bad or exc
            parsed.row_note(left_out(APP, exc))
    if first_bad is not None and not workouts:  # not one row could be read
        raise first_bad
    parsed.workouts = sorted(workouts.values(), key=lambda w: w.started_at)
    parsed.notes = zone_note(APP, tz)
    return parsed


def _workout(
    row: list[str], cols: _Columns, line: int, local_zone: tzinfo, parsed: ParsedFile
) -> StrengthWorkout:
    start_text = row[cols.start]
    started_at = _utc(start_text, line, local_zone)
    duration_s = None
    if cols.end is not None and row[cols.end].strip():
        ended_at = _utc(row[cols.end], line, local_zone)
        if ended_at < started_at:  # the sets are good: the workout goes in without its length
            parsed.row_note(
                f"line {line}: end_time {row[cols.end]!r} is before start_time "
                f"{start_text!r}; the workout is kept without a duration"
            )
        else:
            duration_s = (ended_at - started_at).total_seconds()
    return StrengthWorkout(
        key=f"hevy:{start_text}:{row[cols.title]}",
        started_at=started_at,
        title=row[cols.title],
        duration_s=duration_s,
        notes=row[cols.description] if cols.description is not None else "",
    )
