"""Strong's CSV export (Settings → Export Strong Data): one row per set.

Two layouts are in the wild, told apart by the header (columns are read by name):

- the classic one, comma-separated:
  ``Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,
  Workout Notes,RPE``: weights and distances in the app's display unit, which the file does
  not say, so the caller must (``weight_unit``, ``distance_unit``) or ``UnitNeeded`` is raised;
- the one with unit columns, semicolon-separated on Android (and comma-separated on iOS):
  ``Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;
  Distance Unit;Seconds;Notes;Workout Notes;Workout Duration``: every row says its units
  (``kg``/``lbs``, ``km``/``miles``); decimal commas are read in semicolon files.

Rows of one workout share ``Date`` (its local start, no zone) and ``Workout Name``; the
workout's ``Duration`` and start are read from its first row, its notes from the first row
that has them. ``Set Order`` is a number, or ``W`` (warm-up), ``D`` (drop set) or ``F`` (set
to failure), which replace the number; drop and failure sets are working sets. Strong writes 0
in the numeric columns a set does not use, so 0 distance or seconds is "not logged", and a
weight of 0 on a set with reps is "no added load" (body-weight movements). Rows that are not
sets are left out and counted in the notes: "Rest Timer" rows and rows with nothing logged.
A row with a cell that cannot be read (a weight that is not a number, an unknown set order) is
left out and named in ``ParsedFile.rows``, as is a workout duration that cannot be read (the
workout is kept without it); the file fails whole only when its header or its CSV cannot be
read, a row has another number of fields than the header, or not one row can be read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from typing import Any, Literal

from fitcoach.core.errors import InvalidInput
from fitcoach.ingest.files.errors import UnitNeeded
from fitcoach.ingest.files.model import ParsedFile, StrengthSet, StrengthWorkout
from fitcoach.ingest.files.tabular import (
    DISTANCE_UNITS,
    MASS_UNITS,
    CellError,
    cell_duration,
    cell_number,
    cell_rpe,
    cell_whole,
    column_index,
    csv_problem,
    decode,
    delimiter_of,
    fail,
    first_line,
    header_names,
    to_utc,
    wrong_width,
    zone,
    zone_note,
)

APP = "Strong export"
FORMAT = "strong"
WEIGHT_CHOICES = ("kg", "lb")
DISTANCE_CHOICES = ("km", "mi")
REQUIRED = ("Date", "Workout Name", "Exercise Name", "Set Order", "Weight", "Reps")
REST_TIMER = "rest timer"
_LIFT, _ASSISTED, _REST = 0, 1, 2  # what an exercise name is

WeightUnit = Literal["kg", "lb"]
DistanceUnit = Literal["km", "mi"]


def _factor(
    unit: str | None, units: dict[str, float], what: str, choices: tuple[str, ...]
) -> float | None:
    """The caller's unit for a file that says none, as a factor to SI (None: not given)."""
    if unit is None:
        return None
    factor = units.get(unit)
    if factor is None or unit not in choices:
        raise InvalidInput(f"{what} must be one of {', '.join(choices)}, not {unit!r}")
    return factor


def _unit_cell(
    text: str, units: dict[str, float], column: str, default: float | None
) -> float | None:
    """A row's unit column as a factor; an empty cell falls back to ``default`` (None when
    the caller gave no unit either: the reader then asks for one)."""
    if not text.strip():
        return default
    factor = units.get(text.strip().casefold())
    if factor is None:
        raise CellError(f"{column} {text!r} is not one of {', '.join(sorted(units))}")
    return factor


def _set_order(text: str) -> bool | None:
    """``Set Order`` → warm-up or not; None for a rest-timer row, which is not a set."""
    order = text.strip()
    if order.isdigit():
        return False
    mark = order.upper()
    if mark == "W":
        return True
    if mark in ("D", "F"):
        return False
    if order.casefold() == REST_TIMER:
        return None
    raise CellError(f"Set Order {text!r} is neither a number nor W, D or F")


def _exercise_kind(name: str) -> int:
    """Whether an exercise name is a lift, an assisted movement (its weight is help, not
    load) or Strong's rest-timer pseudo-exercise."""
    folded = name.strip().casefold()
    if folded == REST_TIMER:
        return _REST
    return _ASSISTED if "(assisted)" in folded else _LIFT


def _local_time(text: str) -> datetime:
    """Strong's ``Date``: "2021-01-04 18:03:12", or with a 12-hour clock in some locales
    ("2024-05-02 7:05:12 PM", with a narrow no-break space before PM)."""
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        pass
    cleaned = " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())
    for pattern in ("%Y-%m-%d %I:%M:%S %p", "%Y-%m-%d %I:%M %p"):
        try:
            return datetime.strptime(cleaned, pattern)  # noqa: DTZ007 - local, zone added next
        except ValueError:
            continue
    raise CellError(f"Date {text!r} is not a date and time like '2024-01-05 18:03:12'")


def _workout(
    date_text: str,
    title: str,
    duration_text: str | None,
    durations: dict[str, float | None],
    local_zone: tzinfo,
    parsed: ParsedFile,
) -> StrengthWorkout:
    """A workout from its first row (``durations``: each distinct text is parsed once)."""
    local = _local_time(date_text)
    if duration_text is None:
        duration = None
    elif duration_text in durations:
        duration = durations[duration_text]
    else:
        try:
            duration = cell_duration(duration_text, "Duration")
        except CellError as exc:  # the sets are good: the workout goes in without its length
            parsed.row_note(f"the workout of {date_text} ({title!r}): {exc}; kept without it")
            duration = None
        durations[duration_text] = duration
    return StrengthWorkout(
        f"strong:{date_text}:{title}",
        to_utc(local, local_zone) if local.tzinfo is None else local.astimezone(UTC),
        title,
        duration,
    )


def _header(header: list[str]) -> dict[str, int]:
    """Column name (case-folded) → position; a header without Strong's columns is refused."""
    index = column_index(header)
    missing = [name for name in REQUIRED if name.casefold() not in index]
    if missing:
        raise fail(
            APP,
            1,
            f"the header lacks {', '.join(repr(m) for m in missing)}: this is not a Strong "
            "export (if the app is not in English, set it to English and export again)",
        )
    if "workout duration" in index:  # the Android layout's name for it
        index.setdefault("duration", index["workout duration"])
    return index


def read_strong(
    data: bytes,
    *,
    weight_unit: WeightUnit | None = None,
    distance_unit: DistanceUnit | None = None,
    tz: tzinfo | str | None = None,
) -> ParsedFile:
    """The workouts of a Strong CSV export.

    ``weight_unit``/``distance_unit`` say the units of a file that does not (the classic
    layout); a file that says its units per row is read in those. ``tz`` is the zone the
    person's local times are in (IANA name or tzinfo; None: UTC, with a note). Raises
    ``UnitNeeded`` when a weight (or distance) is logged and neither the file nor the caller
    says its unit, ``FileFormatError`` naming the line for anything unreadable.
    """
    default_mass = _factor(weight_unit, MASS_UNITS, "weight_unit", WEIGHT_CHOICES)
    default_distance = _factor(distance_unit, DISTANCE_UNITS, "distance_unit", DISTANCE_CHOICES)
    local_zone = zone(tz)
    text = decode(data, APP)
    head = first_line(text)
    delimiter = delimiter_of(head)
    header = header_names(head, APP)
    index = _header(header)
    width = len(header)
    comma = delimiter == ";"  # a semicolon file may write decimal commas
    get = index.get
    unit_column = get("weight unit")
    distance_unit_column = get("distance unit")
    # Without a unit column, weights are converted as they are parsed, once per distinct text.
    premultiplied = unit_column is None and default_mass is not None
    mass_of_file = default_mass if default_mass is not None and premultiplied else 1.0

    def weight_cell(text: str) -> float | None:
        value = cell_number(text, "Weight", decimal_comma=comma)
        return value * mass_of_file if value and mass_of_file != 1.0 else value

    # Exports repeat the same few texts ("60.0", "8", "0") thousands of times: each distinct
    # text of a per-set column is parsed and checked once (``learn``, on the KeyError of its
    # first sight), then found in a plain dict. A column the layout lacks reads column 0
    # through a parser that ignores it, so every row takes one path. A bad cell raises
    # CellError, which gets its line below.
    per_set: list[tuple[int, Callable[[str], Any]]] = [
        (index["set order"], _set_order),
        (index["weight"], weight_cell),
        (index["reps"], lambda t: cell_whole(t, "Reps", decimal_comma=comma)),
        # Strong writes 0 for a distance or a time not logged: None.
        _optional(
            get("distance"), lambda t: cell_number(t, "Distance", decimal_comma=comma) or None
        ),
        _optional(get("seconds"), lambda t: cell_number(t, "Seconds", decimal_comma=comma) or None),
        _optional(get("rpe"), lambda t: cell_rpe(t, decimal_comma=comma)),
    ]
    memos: list[dict[str, Any]] = [{} for _ in per_set]
    m_order, m_weight, m_reps, m_distance, m_seconds, m_rpe = memos
    c_order, c_weight, c_reps, c_distance, c_seconds, c_rpe = (c for c, _ in per_set)
    p_order, p_weight, p_reps, p_distance, p_seconds, p_rpe = (p for _, p in per_set)
    c_exercise, c_date, c_title = index["exercise name"], index["date"], index["workout name"]
    c_notes, c_duration, c_workout_notes = get("notes"), get("duration"), get("workout notes", 0)
    has_workout_notes = "workout notes" in index
    kinds: dict[str, int] = {}  # exercise name → _LIFT, _ASSISTED or _REST
    masses: dict[str, float | None] = {}  # unit columns: read on rows with a weight/distance
    metres_per: dict[str, float | None] = {}
    durations: dict[str, float | None] = {}  # read on a workout's first row

    def learn(memo: dict[str, Any], parse: Callable[[str], Any], text: str) -> Any:
        """A text not seen before in its column, parsed and kept (the rare path)."""
        value = memo[text] = parse(text)
        return value

    def factor(memo: dict[str, float | None], text: str) -> float | None:
        if text not in memo:
            memo[text] = (
                _unit_cell(text, MASS_UNITS, "Weight Unit", default_mass)
                if memo is masses
                else _unit_cell(text, DISTANCE_UNITS, "Distance Unit", default_distance)
            )
        return memo[text]

    workouts: dict[tuple[str, str], StrengthWorkout] = {}
    workout = StrengthWorkout(key="", started_at=datetime.min.replace(tzinfo=UTC))  # none yet
    add_set = workout.sets.append
    need_notes = False
    last_date = last_title = None
    exercise, kind = "", _exercise_kind("")  # the last row's exercise and what it is
    weight_unknown = distance_unknown = False
    rest_rows = empty_rows = 0
    first_bad: tuple[int, str] | None = None  # the first unreadable row, should all be
    parsed = ParsedFile(format=FORMAT)
    REST, ASSISTED = _REST, _ASSISTED  # noqa: N806 - locals: read on every row
    # ``StrengthSet(...)`` is ``__new__`` then ``__init__``; called apart, the interpreter
    # enters ``__init__`` directly rather than through type.__call__ (a fifth cheaper a set).
    new_set, init_set = StrengthSet.__new__, StrengthSet.__init__
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        next(reader, None)
        while True:  # a row with a cell that cannot be read is left out; reading goes on
            try:
                for row in reader:
                    if len(row) != width:
                        if not row or (len(row) == 1 and not row[0].strip()):
                            continue  # a blank line
                        raise wrong_width(APP, reader.line_num, len(row), width)
                    # One ``try`` a column: free until a text is new, which is then parsed alone.
                    try:
                        warmup = m_order[row[c_order]]
                    except KeyError:
                        warmup = learn(m_order, p_order, row[c_order])
                    try:
                        weight = m_weight[row[c_weight]]
                    except KeyError:
                        weight = learn(m_weight, p_weight, row[c_weight])
                    try:
                        reps = m_reps[row[c_reps]]
                    except KeyError:
                        reps = learn(m_reps, p_reps, row[c_reps])
                    try:
                        distance = m_distance[row[c_distance]]
                    except KeyError:
                        distance = learn(m_distance, p_distance, row[c_distance])
                    try:
                        seconds = m_seconds[row[c_seconds]]
                    except KeyError:
                        seconds = learn(m_seconds, p_seconds, row[c_seconds])
                    try:
                        rpe = m_rpe[row[c_rpe]]
                    except KeyError:
                        rpe = learn(m_rpe, p_rpe, row[c_rpe])
                    # Sets of one exercise come one after another: its kind is looked up when the name
                    # changes (comparing the name is cheaper than hashing it on every row).
                    if row[c_exercise] != exercise:
                        exercise = row[c_exercise]
                        try:
                            kind = kinds[exercise]
                        except KeyError:
                            kind = kinds[exercise] = _exercise_kind(exercise)
                    if warmup is None or kind == REST:
                        rest_rows += 1
                        continue

                    if weight:
                        if not premultiplied:
                            mass = (
                                default_mass
                                if unit_column is None
                                else factor(masses, row[unit_column])
                            )
                            if mass is None:
                                weight_unknown = True
                            else:
                                weight *= mass
                        # 0.0, not 0: float beside float is a comparison the interpreter specialises.
                        if weight < 0.0 or kind == ASSISTED:  # assistance is help, not load
                            weight_kg, assistance_kg = None, abs(weight)
                        else:
                            weight_kg, assistance_kg = weight, None
                        if not reps and (distance or seconds):
                            reps = None  # 0 reps on a timed or distance set: not logged
                    else:
                        weight_kg = assistance_kg = None
                        if (
                            not reps
                        ):  # the few sets without reps: timed, distance, or nothing at all
                            if not (distance or seconds):
                                empty_rows += (
                                    1  # an exercise added to the workout with nothing logged
                                )
                                continue
                            reps = None  # 0 reps on a timed or distance set: not logged
                        elif weight is not None:
                            weight_kg = 0.0  # reps without added load
                    if distance is not None:  # never 0: that reads as None
                        metres = (
                            default_distance
                            if distance_unit_column is None
                            else factor(metres_per, row[distance_unit_column])
                        )
                        if metres is None:
                            distance_unknown = True
                        else:
                            distance *= metres

                    if row[c_date] != last_date or row[c_title] != last_title:
                        last_date, last_title = row[c_date], row[c_title]
                        found = workouts.get((last_date, last_title))
                        if found is None:
                            found = workouts[(last_date, last_title)] = _workout(
                                last_date,
                                last_title,
                                None if c_duration is None else row[c_duration],
                                durations,
                                local_zone,
                                parsed,
                            )
                        workout = found
                        add_set = workout.sets.append
                        need_notes = has_workout_notes and not workout.notes
                    if need_notes and row[c_workout_notes]:  # the first row that has them
                        workout.notes = row[c_workout_notes]
                        need_notes = False
                    # Positional, in the contract's field order: 2.5 times cheaper than keywords.
                    done = new_set(StrengthSet)
                    init_set(
                        done,
                        exercise,
                        reps,
                        weight_kg,
                        assistance_kg,
                        distance,
                        seconds,
                        rpe,
                        warmup,
                        "" if c_notes is None else row[c_notes],
                    )
                    add_set(done)
                break
            except CellError as exc:
                first_bad = first_bad or (reader.line_num, str(exc))
                parsed.row_note(f"line {reader.line_num}: {exc}; the row is left out")
                last_date = last_title = None  # the row may have failed in its workout
    except csv.Error as exc:
        raise fail(APP, reader.line_num, csv_problem(exc)) from None

    if weight_unknown:
        raise UnitNeeded(
            "weight",
            WEIGHT_CHOICES,
            "This Strong export does not say whether its weights are in kg or lb (Strong "
            "writes them in the app's display unit): choose kg or lb and import it again.",
        )
    if distance_unknown:
        raise UnitNeeded(
            "distance",
            DISTANCE_CHOICES,
            "This Strong export does not say whether its distances are in km or miles: "
            "choose km or mi and import it again.",
        )
    if first_bad is not None and not workouts:  # not one row could be read: not a history
        raise fail(APP, *first_bad)
    notes = zone_note(APP, tz)
    if unit_column is None and weight_unit is not None:
        notes.append(f"weights read as {weight_unit}, as chosen for this file")
    if rest_rows:
        notes.append(f"{rest_rows} rest-timer row(s) left out: they are not sets")
    if empty_rows:
        notes.append(f"{empty_rows} row(s) with nothing logged left out")
    parsed.workouts = sorted(workouts.values(), key=lambda w: w.started_at)
    parsed.notes = notes
    return parsed


def _optional(
    column: int | None, parse: Callable[[str], Any], absent: Any = None
) -> tuple[int, Callable[[str], Any]]:
    """A column to read, or, where the layout lacks it, column 0 read as ``absent``."""
    if column is None:
        return 0, lambda _text: absent
    return column, parse
