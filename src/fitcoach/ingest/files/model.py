"""What a parsed device file or app export holds, before anything is stored.

Every reader in this package returns one ``ParsedFile``: plain, typed records in SI units
(kilograms, metres, seconds, beats per minute) with timezone-aware UTC times. Exercise names
stay as the app wrote them; mapping them to the library is the import service's job (it may
have to ask the person). Readers never touch the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from fitcoach.core.errors import InvalidInput

MAX_ROW_NOTES = 200
"""The most rows an import report names one by one; past it they are counted."""


class FileFormatError(InvalidInput):
    """A file that cannot be read as the format it claims (bad CRC, truncated, corrupt
    header, wrong columns); the message names the problem, the import service the file."""


@dataclass(frozen=True)
class HrSample:
    """One heart-rate reading of a recorded activity."""

    at: datetime
    bpm: float


@dataclass
class Activity:
    """A recorded cardio (or gym) session from a device file, Apple Health or WHOOP.

    ``sport`` is lower-case words as the source names it ("running", "cycling",
    "strength training"); ``key`` is stable for the same activity in the same file (it makes
    re-imports no-ops together with the file's hash).
    """

    key: str
    sport: str
    started_at: datetime
    duration_s: float
    distance_m: float | None = None
    avg_hr: float | None = None
    max_hr: float | None = None
    calories_kcal: float | None = None
    avg_power_w: float | None = None
    avg_cadence: float | None = None
    laps: int | None = None
    hr_series: list[HrSample] = field(default_factory=list)


@dataclass(slots=True)  # slots: an export holds thousands; cheaper to build and to keep
class StrengthSet:
    """One set of a strength session as the app logged it.

    ``weight_kg`` is added load; ``assistance_kg`` is the help of an assisted movement
    (an assisted pull-up machine, a band), which is not load. ``rpe`` is the app's RPE
    (CR-10) when it has one.
    """

    exercise_name: str
    reps: int | None
    weight_kg: float | None = None
    assistance_kg: float | None = None
    distance_m: float | None = None
    duration_s: float | None = None
    rpe: float | None = None
    is_warmup: bool = False
    notes: str = ""


@dataclass(slots=True)
class StrengthWorkout:
    """A strength session from an app export, its sets in the order they were done."""

    key: str
    started_at: datetime
    title: str = ""
    duration_s: float | None = None
    notes: str = ""
    sets: list[StrengthSet] = field(default_factory=list)


@dataclass
class Sleep:
    """A night (or nap) of sleep; ``stages_s`` uses awake, light, deep and rem."""

    key: str
    started_at: datetime
    ended_at: datetime
    stages_s: dict[str, float] = field(default_factory=dict)


@dataclass
class DailyReading:
    """Readings that belong to one local day (resting HR, HRV, body mass, a tape's waist
    circumference in cm, body fat in % of body mass)."""

    day: date
    resting_hr: float | None = None
    hrv_rmssd_ms: float | None = None
    weight_kg: float | None = None
    waist_cm: float | None = None
    body_fat_pct: float | None = None


@dataclass
class ParsedFile:
    """Everything one file holds; ``notes`` are things the person should know (records
    left out and why, a unit taken from the file's header)."""

    format: str
    activities: list[Activity] = field(default_factory=list)
    workouts: list[StrengthWorkout] = field(default_factory=list)
    sleeps: list[Sleep] = field(default_factory=list)
    daily: list[DailyReading] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Rows left out or repaired, each named in words ("line 812: Reps 'x' is not a number;
    # the row is left out"); the first ``MAX_ROW_NOTES`` are kept, the rest counted.
    rows: list[str] = field(default_factory=list)
    rows_more: int = 0

    def row_note(self, text: str) -> None:
        """Record one row left out or repaired (bounded: a file of bad rows keeps a count)."""
        if len(self.rows) < MAX_ROW_NOTES:
            self.rows.append(text)
        else:
            self.rows_more += 1

    @property
    def empty(self) -> bool:
        """True when the file holds nothing fitcoach stores."""
        return not (self.activities or self.workouts or self.sleeps or self.daily)

    @property
    def records(self) -> int:
        """How many records the file holds: workouts and their sets, activities, sleeps and
        days (what an import's record limit counts)."""
        sets = sum(len(w.sets) for w in self.workouts)
        return len(self.workouts) + sets + len(self.activities) + len(self.sleeps) + len(self.daily)
