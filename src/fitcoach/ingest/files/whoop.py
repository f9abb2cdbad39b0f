"""WHOOP's data export (App → More → App Settings → Data Export): a zip of CSVs.

- ``physiological_cycles.csv``: one row per physiological cycle (sleep onset to the next);
  its recovery (``Resting heart rate (bpm)``, ``Heart rate variability (ms)``, which WHOOP
  computes as RMSSD) becomes a ``DailyReading`` on the local day of ``Wake onset``; its
  sleep columns make the ``Sleep`` records only when the export has no ``sleeps.csv``;
- ``sleeps.csv``: every sleep, naps included, with its stages in minutes (light, deep (SWS),
  REM, awake) → ``Sleep`` with ``stages_s`` in seconds;
- ``workouts.csv``: ``Activity`` records (``Energy burned (cal)`` is kilocalories, what
  WHOOP's app shows as "Calories").

Times in the files are local; ``Cycle timezone`` ("UTC-05:00") is the offset of each row, so
every time becomes UTC exactly. The other files (``journal_entries.csv``) are not read.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fitcoach.ingest.files.limits import ZIP_READ_ERRORS, ReadLimits, ZipBudget
from fitcoach.ingest.files.model import Activity, DailyReading, FileFormatError, ParsedFile, Sleep
from fitcoach.ingest.files.tabular import (
    column_index,
    decode,
    delimiter_of,
    fail,
    first_line,
    header_names,
    number,
    rows,
    wrong_width,
)

FORMAT = "whoop"
CYCLES, SLEEPS, WORKOUTS = "physiological_cycles.csv", "sleeps.csv", "workouts.csv"
_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})?$")
_STAGES = (
    ("awake", "awake duration (min)"),
    ("light", "light sleep duration (min)"),
    ("deep", "deep (sws) duration (min)"),
    ("rem", "rem duration (min)"),
)


def read_whoop(data: bytes, limits: ReadLimits | None = None) -> ParsedFile:
    """Recovery, sleeps and workouts of a WHOOP export: the zip as downloaded, or one of its
    CSVs (told apart by its header). Raises ``FileFormatError`` naming the file and line, and
    ``FileTooLarge`` when the CSVs read unpack to more than ``limits`` allow together."""
    limits = limits or ReadLimits()
    files = _members(data, limits) if data[:4] == b"PK\x03\x04" else {_kind(data): data}
    parsed = ParsedFile(format=FORMAT)
    cycle_sleeps: list[Sleep] = []
    if CYCLES in files:
        parsed.daily, cycle_sleeps, notes = _cycles(files[CYCLES])
        parsed.notes += notes
    if SLEEPS in files:
        parsed.sleeps = _sleeps(files[SLEEPS])
    else:
        parsed.sleeps = cycle_sleeps
    if WORKOUTS in files:
        parsed.activities = _workouts(files[WORKOUTS])
    parsed.daily.sort(key=lambda d: d.day)
    parsed.sleeps.sort(key=lambda s: s.started_at)
    parsed.activities.sort(key=lambda a: a.started_at)
    return parsed


def _members(data: bytes, limits: ReadLimits) -> dict[str, bytes]:
    """The export's CSVs that fitcoach reads, by file name (in any folder of the zip), within
    one budget for the three together (``ZipBudget``)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise FileFormatError("WHOOP export: the zip cannot be opened (is it complete?)") from None
    found: dict[str, bytes] = {}
    budget = ZipBudget(limits, "WHOOP export")
    with archive:
        for info in archive.infolist():
            name = PurePosixPath(info.filename).name.casefold()
            if name not in (CYCLES, SLEEPS, WORKOUTS) or info.is_dir() or name in found:
                continue
            try:
                found[name] = budget.read(archive, info)
            except ZIP_READ_ERRORS as exc:
                raise FileFormatError(
                    f"WHOOP export: {info.filename} cannot be unpacked ({exc})"
                ) from None
    if not found:
        raise FileFormatError(
            "WHOOP export: the zip holds no physiological_cycles.csv, sleeps.csv or "
            "workouts.csv; is it WHOOP's data export?"
        )
    return found


def _kind(data: bytes) -> str:
    """Which of WHOOP's CSVs ``data`` is, from its header."""
    head = decode(data.split(b"\n", 1)[0], "WHOOP file")
    names = {n.casefold() for n in header_names(first_line(head), "WHOOP file")}
    if "cycle start time" in names:
        if "workout start time" in names:
            return WORKOUTS
        if "recovery score %" in names:
            return CYCLES
        if "sleep onset" in names:
            return SLEEPS
    raise FileFormatError(
        "WHOOP file, line 1: the header is not that of physiological_cycles.csv, sleeps.csv "
        "or workouts.csv from WHOOP's data export"
    )


@dataclass
class _Table:
    """One of the export's CSVs: named columns, rows with their lines, local times to UTC."""

    name: str
    data: bytes
    required: tuple[str, ...]
    where: str = field(init=False)
    index: dict[str, int] = field(init=False)
    width: int = field(init=False)
    text: str = field(init=False)
    delimiter: str = field(init=False)
    _zones: dict[str, tzinfo] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.where = f"WHOOP {self.name}"
        self.text = decode(self.data, self.where)
        head = first_line(self.text)
        self.delimiter = delimiter_of(head)
        header = header_names(head, self.where)
        self.index = column_index(header)
        self.width = len(header)
        missing = [c for c in self.required if c.casefold() not in self.index]
        if missing:
            raise fail(
                self.where,
                1,
                f"the header lacks {', '.join(repr(m) for m in missing)}; is this WHOOP's "
                f"{self.name}?",
            )

    def rows(self) -> list[tuple[int, Callable[[str], str]]]:
        """Every row as (line, column name → cell text; "" for a column the file lacks)."""
        out = []
        for line, row in rows(self.text, self.delimiter, self.where):
            if len(row) != self.width:
                raise wrong_width(self.where, line, len(row), self.width)
            out.append((line, self._getter(row)))
        return out

    def _getter(self, row: list[str]) -> Callable[[str], str]:
        index = self.index

        def cell(column: str) -> str:
            position = index.get(column)
            return "" if position is None else row[position].strip()

        return cell

    def zone(self, text: str, line: int) -> tzinfo:
        """``Cycle timezone`` as a zone: "UTC-05:00", "+01:00", "UTC", or an IANA name."""
        found = self._zones.get(text)
        if found is not None:
            return found
        match = _OFFSET.match(text.strip())
        if text.strip().upper() in ("UTC", "UTCZ", "Z", "GMT"):
            found = UTC
        elif match:
            sign, hours, minutes = match.groups()
            delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
            if delta > timedelta(hours=14):
                raise fail(self.where, line, f"Cycle timezone {text!r} is not a UTC offset")
            found = timezone(-delta if sign == "-" else delta)
        else:
            try:
                found = ZoneInfo(text.strip())
            except (ZoneInfoNotFoundError, ValueError):
                raise fail(
                    self.where, line, f"Cycle timezone {text!r} is not an offset like UTC-05:00"
                ) from None
        self._zones[text] = found
        return found

    def local(self, text: str, line: int, column: str) -> datetime | None:
        """A local time of the file as written (naive), or None for an empty cell."""
        if not text:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise fail(
                self.where, line, f"{column} {text!r} is not a time like '2024-01-05 22:48:11'"
            ) from None
        return moment.replace(tzinfo=None) if moment.tzinfo is not None else moment

    def utc(self, local: datetime, zone: tzinfo) -> datetime:
        return local.replace(tzinfo=zone).astimezone(UTC)

    def number(self, cell: Callable[[str], str], column: str, line: int) -> float | None:
        return number(cell(column.casefold()), self.where, line, column)


def _sleep(table: _Table, cell: Callable[[str], str], line: int, zone: tzinfo) -> Sleep | None:
    """The sleep a row describes (its onset, wake and stages), or None when it has none."""
    onset_text, wake_text = cell("sleep onset"), cell("wake onset")
    onset = table.local(onset_text, line, "Sleep onset")
    wake = table.local(wake_text, line, "Wake onset")
    if onset is None or wake is None:
        return None
    if wake < onset:
        raise fail(
            table.where, line, f"Wake onset {wake_text!r} is before Sleep onset {onset_text!r}"
        )
    stages: dict[str, float] = {}
    for stage, column in _STAGES:
        minutes = number(cell(column), table.where, line, column)
        if minutes is not None:
            if minutes < 0:
                raise fail(table.where, line, f"{column} {minutes:g} is negative")
            stages[stage] = minutes * 60.0
    return Sleep(
        key=f"whoop-sleep:{onset_text}",
        started_at=table.utc(onset, zone),
        ended_at=table.utc(wake, zone),
        stages_s=stages,
    )


def _cycles(data: bytes) -> tuple[list[DailyReading], list[Sleep], list[str]]:
    table = _Table(
        CYCLES,
        data,
        (
            "Cycle start time",
            "Cycle timezone",
            "Resting heart rate (bpm)",
            "Heart rate variability (ms)",
            "Wake onset",
        ),
    )
    daily: dict[str, DailyReading] = {}
    sleeps: list[Sleep] = []
    unplaced = repeated = 0
    for line, cell in table.rows():
        zone = table.zone(cell("cycle timezone"), line)
        resting = table.number(cell, "Resting heart rate (bpm)", line)
        hrv = table.number(cell, "Heart rate variability (ms)", line)
        if (sleep := _sleep(table, cell, line, zone)) is not None:
            sleeps.append(sleep)
        if resting is None and hrv is None:
            continue
        wake = table.local(cell("wake onset"), line, "Wake onset")
        if wake is None:
            unplaced += 1  # a recovery without a wake has no day to belong to
            continue
        day = wake.date()
        if day.isoformat() in daily:
            repeated += 1
            continue
        daily[day.isoformat()] = DailyReading(day=day, resting_hr=resting, hrv_rmssd_ms=hrv)
    notes = []
    if unplaced:
        notes.append(f"{unplaced} recovery reading(s) without a wake time left out")
    if repeated:
        notes.append(f"{repeated} recovery reading(s) for a day that already had one left out")
    return list(daily.values()), sleeps, notes


def _sleeps(data: bytes) -> list[Sleep]:
    table = _Table(SLEEPS, data, ("Cycle timezone", "Sleep onset", "Wake onset"))
    out = []
    for line, cell in table.rows():
        zone = table.zone(cell("cycle timezone"), line)
        if (sleep := _sleep(table, cell, line, zone)) is not None:
            out.append(sleep)
    return out


def _workouts(data: bytes) -> list[Activity]:
    table = _Table(WORKOUTS, data, ("Cycle timezone", "Workout start time", "Activity name"))
    out = []
    for line, cell in table.rows():
        zone = table.zone(cell("cycle timezone"), line)
        start_text = cell("workout start time")
        start = table.local(start_text, line, "Workout start time")
        if start is None:
            raise fail(table.where, line, "the workout has no Workout start time")
        end = table.local(cell("workout end time"), line, "Workout end time")
        minutes = table.number(cell, "Duration (min)", line)
        if minutes is not None:
            duration_s = minutes * 60.0
        elif end is not None:
            duration_s = (end - start).total_seconds()
        else:
            raise fail(table.where, line, "the workout has neither Duration (min) nor an end time")
        if duration_s < 0:
            raise fail(table.where, line, "the workout ends before it starts")
        out.append(
            Activity(
                key=f"whoop-workout:{start_text}",
                sport=" ".join(cell("activity name").lower().split()) or "activity",
                started_at=table.utc(start, zone),
                duration_s=duration_s,
                distance_m=table.number(cell, "Distance (meters)", line),
                avg_hr=table.number(cell, "Average HR (bpm)", line),
                max_hr=table.number(cell, "Max HR (bpm)", line),
                calories_kcal=table.number(cell, "Energy burned (cal)", line),
            )
        )
    return out
