"""How the command line shows logged records: tables a person reads, not database rows.

Names, not slugs; times in the athlete's time zone in one format; durations in minutes or
hours; numbers rounded to what the measurement carries; sets of an exercise collapsed
("3×5 @ 112.5 kg"). Imported by the commands that print records, never at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from rich.table import Table
from rich.text import Text

from fitcoach.coach import wording
from fitcoach.core.units import Units, format_distance, format_mass

Row = Mapping[str, Any]
SHOWN = "_shown"  # a row's weight and distance as text in the athlete's units (``_shown``)

TIME_FORMAT = "%a %d %b %Y %H:%M"  # Mon 28 Sep 2026 17:40, as everywhere on the command line
DAY_FORMAT = "%a %d %b %Y"


def when(value: datetime | str | None, zone: ZoneInfo) -> str:
    """A stored UTC time as the athlete's local time."""
    if value is None:
        return ""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.astimezone(zone).strftime(TIME_FORMAT)


def day(value: date | str | None) -> str:
    if value is None:
        return ""
    return (value if isinstance(value, date) else date.fromisoformat(value)).strftime(DAY_FORMAT)


def number(value: float | None, digits: int = 0, unit: str = "") -> str:
    """A measurement rounded to ``digits`` (no trailing zeros), with its unit; blank if missing."""
    if value is None:
        return ""
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text} {unit}" if unit else text


def minutes(seconds: float | None) -> str:
    return "" if seconds is None else f"{round(seconds / 60)} min"


def hours(seconds: float | None) -> str:
    return "" if seconds is None else number(seconds / 3600, 1, "h")


def _load(reps: int, weight: float | None, units: Units | None, hand: bool) -> str:
    return f"{reps}" if weight is None else f"{reps} @ {format_mass(weight, units, per_hand=hand)}"


def exercise_sets(sets: Sequence[Row], units: Units | None = None) -> list[tuple[str, str]]:
    """(exercise name, its sets) in the order done: identical working sets in a row collapse
    into ``N×reps @ load``, one per line; warm-ups are in brackets; a set not completed is
    marked missed. Loads in the athlete's unit (``units``; kg when None), a dumbbell in each
    hand said per hand."""
    lines = []
    for name, grouped in groupby(sets, key=lambda s: s.get("exercise_name") or s["exercise"]):
        group = list(grouped)
        hand = wording.per_hand(str(group[0].get("exercise") or ""))
        parts = []
        runs = groupby(
            group,
            key=lambda s: (s["reps"], s["weight_kg"], bool(s.get("is_warmup"))),
        )
        for (reps, weight, warmup), run in runs:
            run_sets = list(run)
            missed = sum(1 for s in run_sets if not s.get("completed", True))
            count = len(run_sets)
            load = _load(reps, weight, units, hand)
            text = load if count == 1 else f"{count}×{load}"
            if warmup:
                text = f"[{text}]"
            if missed:
                text += " (missed)" if count == 1 else f" ({missed} missed)"
            parts.append(text)
        lines.append((str(name), "\n".join(parts)))  # one line each: a narrow cell stays readable
    return lines


def workout_rows(workout: Row, zone: ZoneInfo, units: Units | None = None) -> list[dict[str, str]]:
    """A workout as one row per exercise; when and what on the first."""
    about = ", ".join(
        x
        for x in (
            minutes(workout.get("duration_s")),
            f"RPE {number(workout['session_rpe'], 1)}"
            if workout.get("session_rpe") is not None
            else "",
        )
        if x
    )
    head = {
        "when": when(workout["started_at"], zone),
        "session": "\n".join(x for x in (workout.get("title") or "", about) if x),
    }
    done = exercise_sets(workout.get("sets", []), units) or [("(no sets logged)", "")]
    return [
        {**(head if i == 0 else {"when": "", "session": ""}), "exercise": name, "sets": sets}
        for i, (name, sets) in enumerate(done)
    ]


def _stages(stages: Mapping[str, float] | None) -> str:
    if not stages:
        return ""
    order = ("deep", "rem", "light", "awake")
    names = {"rem": "REM"}
    return ", ".join(
        f"{names.get(k, k)} {hours(stages[k])}" for k in order if stages.get(k) is not None
    )


_MACROS = ("protein_g", "carbs_g", "fat_g")
_SCORES = ("sleep_quality", "mood", "energy", "soreness", "stress")


Column = tuple[str, Callable[[Row, ZoneInfo], str], dict[str, Any]]
_RIGHT: dict[str, Any] = {"justify": "right", "no_wrap": True}
_TIME: dict[str, Any] = {"no_wrap": True}
_TEXT: dict[str, Any] = {"overflow": "fold", "ratio": 1}

COLUMNS: dict[str, list[Column]] = {
    "workouts": [  # one row per exercise (``workout_rows``)
        ("when", lambda r, z: r["when"], _TIME),
        ("session", lambda r, z: r["session"], {"max_width": 22}),
        ("exercise", lambda r, z: r["exercise"], {"ratio": 1, "min_width": 14}),
        ("sets: reps @ load, \\[warm-up]", lambda r, z: r["sets"], _TEXT),
    ],
    "cardio": [
        ("when", lambda r, z: when(r["started_at"], z), _TIME),
        ("activity", lambda r, z: str(r["activity_type"]).replace("_", " "), {}),
        ("time", lambda r, z: minutes(r.get("duration_s")), _RIGHT),
        ("distance", lambda r, z: r.get(SHOWN, {}).get("distance", ""), _RIGHT),
        ("avg/max HR", lambda r, z: _pair(r.get("avg_hr"), r.get("max_hr")), _RIGHT),
        ("kcal", lambda r, z: number(r.get("calories_kcal")), _RIGHT),
        ("RPE", lambda r, z: number(r.get("session_rpe"), 1), _RIGHT),
        ("notes", lambda r, z: r.get("notes") or "", _TEXT),
    ],
    "daily": [
        ("day", lambda r, z: day(r["day"]), {"no_wrap": True, "min_width": 15}),
        ("sleep", lambda r, z: hours(r.get("sleep_s")), _RIGHT),
        ("weight", lambda r, z: r.get(SHOWN, {}).get("weight", ""), _RIGHT),
        ("rest HR/HRV", lambda r, z: _pair(r.get("resting_hr"), r.get("hrv_rmssd_ms")), _RIGHT),
        ("kcal/protein", lambda r, z: _intake(r), _RIGHT),
        ("scores*", lambda r, z: _scores(r), {"no_wrap": True, "min_width": 9}),
    ],
    "sleep": [
        ("night of", lambda r, z: when(r["started_at"], z), _TIME),
        ("woke", lambda r, z: when(r["ended_at"], z)[-5:], _TIME),
        ("in bed", lambda r, z: _in_bed(r), _RIGHT),
        ("stages", lambda r, z: _stages(r.get("stages_s")), _TEXT),
        ("wakes", lambda r, z: number(r.get("awakenings")), _RIGHT),
        ("quality 1-5", lambda r, z: number(r.get("quality")), _RIGHT),
    ],
    "meals": [
        ("when", lambda r, z: when(r["eaten_at"], z), _TIME),
        ("meal", lambda r, z: r.get("meal_type") or "", {}),
        ("what", lambda r, z: r.get("description") or "", _TEXT),
        ("kcal", lambda r, z: number(r.get("calories_kcal")), _RIGHT),
        (
            "protein/carbs/fat g",
            lambda r, z: " / ".join(number(r.get(k)) or "-" for k in _MACROS),
            _RIGHT,
        ),
    ],
    "feedback": [
        ("when", lambda r, z: when(r["recorded_at"], z), _TIME),
        ("energy 1-10", lambda r, z: number(r.get("energy")), _RIGHT),
        ("mood 1-10", lambda r, z: number(r.get("mood")), _RIGHT),
        ("RPE", lambda r, z: number(r.get("perceived_exertion"), 1), _RIGHT),
        ("notes", lambda r, z: r.get("notes") or "", _TEXT),
    ],
}


def _pair(a: float | None, b: float | None) -> str:
    return "" if a is None and b is None else f"{number(a) or '-'} / {number(b) or '-'}"


def _intake(row: Row) -> str:
    kcal, protein = row.get("calories_in_kcal"), row.get("protein_g")
    return (
        ""
        if kcal is None and protein is None
        else f"{number(kcal) or '-'} / {number(protein, 0, 'g') or '-'}"
    )


def _scores(row: Row) -> str:
    values = [row.get(k) for k in _SCORES]
    return "" if all(v is None for v in values) else " ".join(number(v) or "-" for v in values)


def _in_bed(row: Row) -> str:
    start, end = row["started_at"], row["ended_at"]
    if isinstance(start, str):
        start, end = datetime.fromisoformat(start), datetime.fromisoformat(end)
    return hours((end - start).total_seconds())


def _shown(row: Row, units: Units | None) -> dict[str, Any]:
    """``row`` with its weight and distance as the athlete reads them (under ``SHOWN``)."""
    shown = {
        "distance": ""
        if row.get("distance_m") is None
        else format_distance(row["distance_m"], units),
        "weight": ""
        if row.get("weight_kg") is None
        else format_mass(row["weight_kg"], units, kind="body"),
    }
    return {**row, SHOWN: shown}


def history_table(
    kind: str, rows: Iterable[Row], zone: ZoneInfo | str, units: Units | None = None
) -> Table:
    """The records of one kind (``services.training_log.history``) as a table; weights and
    distances in ``units`` (the athlete's; metric when None)."""
    tz = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)
    columns = COLUMNS[kind]
    table = Table(expand=False, caption_justify="left")
    for title, _, style in columns:
        table.add_column(title, **style)
    for row in rows:
        # Text, not markup: a note reading "[bold]" is shown as typed.
        if kind == "workouts":
            for line in workout_rows(row, tz, units):
                table.add_row(*(Text(cell(line, tz)) for _, cell, _ in columns))
            table.add_section()
            continue
        shown = _shown(row, units)
        table.add_row(*(Text(cell(shown, tz)) for _, cell, _ in columns))
    if kind == "daily":
        table.caption = "*scores 1-5: sleep quality, mood, energy, soreness, stress"
    return table
