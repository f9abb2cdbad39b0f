"""One app-export workout checked before it is logged: what cannot be right as written is
repaired where its meaning is clear, or left out, and each case is named in words.

A file is never failed by one row. The checks mirror the training log's own bounds (so the
log's validation never refuses an import's workout), and each repair or omission becomes a
line of the import report that names the workout (local date, time and title), the exercise
and the set, and says what was done:

- a workout dated in the future (beyond the log's 36-hour tolerance) or before 1970: left out
  (the date is wrong, and which date was meant is not clear);
- a duration no strength session has (a timer left running: Strong keeps counting until the
  workout is finished): replaced by an estimate from its sets, ``SECONDS_PER_SET`` each, and
  the workout's notes say so;
- a set with no reps and neither a time nor a distance (nothing was done), more reps than a
  set holds, or a weight (or assistance) beyond any lift: left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from fitcoach.ingest.files.model import StrengthSet, StrengthWorkout
from fitcoach.services.training_log import DEFAULT_FUTURE_TOLERANCE

MAX_REPS = 1000
MAX_LOAD_KG = 1000.0
MAX_LOGGED_S = 86_400  # the log's bound for a workout's duration
LONG_SESSION_S = 4 * 3600
"""Past this, a session is only believed when its sets could fill it (``MAX_S_PER_SET``)."""
MAX_S_PER_SET = 600
SECONDS_PER_SET = 180
"""A set and its rest, for a duration estimated from the sets (about 3 minutes)."""
FUTURE_TOLERANCE = DEFAULT_FUTURE_TOLERANCE  # the log's own tolerance
ESTIMATED_NOTE = "Duration estimated from the sets"


@dataclass
class Checked:
    """A workout after the checks: the sets to keep (None: the whole workout is left out),
    its duration (repaired or not), the words for its notes, and the report's lines."""

    sets: list[StrengthSet] | None
    duration_s: float | None
    note: str = ""
    report: list[str] = field(default_factory=list)

    @property
    def duration_estimated(self) -> bool:
        return bool(self.note)


def _clock(seconds: float) -> str:
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def describe(w: StrengthWorkout, zone: tzinfo) -> str:
    """The workout as the person knows it: "the workout of 2024-05-02 19:05 (“Push”)"."""
    local = w.started_at.astimezone(zone)
    title = f" (“{w.title.strip()}”)" if w.title.strip() else ""
    return f"the workout of {local:%Y-%m-%d %H:%M}{title}"


def _set_problem(s: StrengthSet) -> str | None:
    if s.reps is not None and s.reps > MAX_REPS:
        return f"{s.reps:,} reps is more than a set holds"
    if s.weight_kg is not None and s.weight_kg > MAX_LOAD_KG:
        return f"a weight of {s.weight_kg:,.0f} kg is beyond any lift"
    if s.weight_kg is not None and s.weight_kg < 0:
        return "a negative weight"
    if s.assistance_kg is not None and s.assistance_kg > MAX_LOAD_KG:
        return f"{s.assistance_kg:,.0f} kg of assistance is beyond any machine"
    if not s.reps and not (s.duration_s or s.distance_m):
        return "no reps, and neither a time nor a distance"
    return None


def check(w: StrengthWorkout, now: datetime, zone: tzinfo) -> Checked:
    """The workout's problems, repaired or left out (see the module's docstring)."""
    where = describe(w, zone)
    if w.started_at > now + FUTURE_TOLERANCE:
        return Checked(
            None, None, report=[f"{where}: dated in the future; the workout is left out"]
        )
    if w.started_at.year < 1970:
        return Checked(None, None, report=[f"{where}: dated before 1970; the workout is left out"])
    report: list[str] = []
    kept: list[StrengthSet] = []
    numbers: dict[str, int] = {}  # the set's number within its exercise, as the app shows it
    for s in w.sets:
        number = numbers[s.exercise_name] = numbers.get(s.exercise_name, 0) + 1
        problem = _set_problem(s)
        if problem is None:
            kept.append(s)
        else:
            report.append(
                f"{where}, {s.exercise_name.strip()} set {number}: {problem}; the set is left out"
            )
    duration = w.duration_s if w.duration_s and w.duration_s > 0 else None
    note = ""
    if (
        duration is not None
        and kept
        and (
            duration > MAX_LOGGED_S
            or (duration > LONG_SESSION_S and duration > MAX_S_PER_SET * len(kept))
        )
    ):
        estimate = float(SECONDS_PER_SET * len(kept))
        note = (
            f"{ESTIMATED_NOTE} ({len(kept)} × {SECONDS_PER_SET // 60} min): the app logged "
            f"{_clock(duration)}, likely a timer left running."
        )
        report.append(
            f"{where}: a duration of {_clock(duration)} (a timer left running?); "
            f"estimated from its {len(kept)} sets as {_clock(estimate)}"
        )
        duration = estimate
    return Checked(kept, duration, note, report)
