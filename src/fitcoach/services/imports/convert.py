"""A parsed file as the training log's inputs, every one checked before anything is written.

``prepare`` turns a ``ParsedFile`` into validated ``WorkoutIn``, ``CardioIn``, ``SleepIn``,
``DailyMetricsIn`` and ``MeasurementsIn`` (the services validate them again when they store
them, which costs nothing for a model already valid). A strength workout is checked row by row
first (``rows.check``): what cannot be right as written is repaired or left out and named in
``Prepared.rows``, and a workout the log would still refuse is left out the same way, so one
row never fails an app export. A device's activity, sleep or reading the log refuses fails the
whole file here, naming the record, while nothing is written yet.
Records are keyed by what they are (the app and the start time), not by the file, so a later,
longer export of the same app adds only what is new.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from typing import Any

from pydantic import ValidationError

from fitcoach.analysis.strength import rir_from_rpe
from fitcoach.coach.measurements import MeasurementsIn
from fitcoach.coach.schemas import CardioIn, DailyMetricsIn, SetIn, SleepIn, WorkoutIn
from fitcoach.core.errors import FitcoachError, InvalidInput, invalid_from
from fitcoach.ingest.files.model import (
    Activity,
    DailyReading,
    ParsedFile,
    Sleep,
    StrengthSet,
    StrengthWorkout,
)
from fitcoach.ingest.files.tabular import zone
from fitcoach.services import exercise_names
from fitcoach.services.context import ServiceContext
from fitcoach.services.imports.rows import Checked, check, describe
from fitcoach.services.training_log import _not_future


def source_id(fmt: str, at: datetime, *extra: str) -> str:
    """A record's key from what it is (app, start time), so re-exports match what is stored."""
    key = ":".join([fmt, at.strftime("%Y%m%dT%H%M%S"), *extra])
    if len(key) > 120:
        key = key[:80] + ":" + hashlib.sha256(key.encode()).hexdigest()[:32]
    return key


def activity_key(fmt: str, activity: Activity) -> str:
    """The key of an activity's cardio session (and of its heart-rate recording)."""
    return source_id(fmt, activity.started_at, activity.sport[:30])


@dataclass
class Prepared:
    """Everything of one file to store, checked; ``notes`` for the person."""

    fmt: str
    workouts: list[tuple[StrengthWorkout, WorkoutIn]] = field(default_factory=list)
    left_out: int = 0  # sets left out by the athlete's choices for their names
    activities: list[tuple[Activity, CardioIn]] = field(default_factory=list)
    sleeps: list[tuple[Sleep, SleepIn]] = field(default_factory=list)
    daily: list[tuple[DailyReading, DailyMetricsIn]] = field(default_factory=list)
    measurements: list[tuple[date, MeasurementsIn]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Rows left out or repaired, in words (the reader's and the checks'), and the count past
    # those named.
    rows: list[str] = field(default_factory=list)
    rows_more: int = 0
    # The ids of the records the store created, by kind (what taking the import back deletes).
    created: dict[str, list[int]] = field(default_factory=dict)


def _set_notes(s: StrengthSet) -> str:
    notes = [s.notes] if s.notes else []
    if s.assistance_kg:
        notes.append(f"assisted: {s.assistance_kg:g} kg of help (not load)")
    if s.duration_s:
        notes.append(f"{s.duration_s:g} s")
    if s.distance_m:
        notes.append(f"{s.distance_m:g} m")
    return "; ".join(notes)[:1000]


def _workout(
    fmt: str, w: StrengthWorkout, matches: dict[str, exercise_names.NameMatch], checked: Checked
) -> tuple[WorkoutIn | None, int]:
    """The workout to log (None when every set was left out, by the checks or the athlete's
    choices) and how many sets were left out by the athlete's choices; the sets of names held
    for review are not logged yet."""
    sets: list[SetIn] = []
    left_out = 0
    for s in checked.sets or ():
        match = matches[s.exercise_name]
        if match.status == "review":
            continue  # held: stored once the athlete says which exercise the name is
        if match.status == "skip" or match.exercise_slug is None:
            left_out += 1
            continue
        sets.append(
            SetIn(
                exercise=match.exercise_slug,
                reps=s.reps if s.reps is not None else 0,
                # Assistance is help, not load: an assisted set carries no added weight.
                weight_kg=None if s.assistance_kg else s.weight_kg,
                rir=None if s.rpe is None else rir_from_rpe(s.rpe),
                is_warmup=s.is_warmup,
                notes=_set_notes(s),
            )
        )
    if not sets:
        return None, left_out
    notes = "\n".join(n for n in (checked.note, w.notes) if n)
    return (
        WorkoutIn(
            source=f"import:{fmt}",
            source_id=source_id(fmt, w.started_at, w.title[:40]),
            started_at=w.started_at,
            duration_s=checked.duration_s,
            title=w.title[:120],
            notes=notes[:5000],
            sets=sets,
        ),
        left_out,
    )


def _cardio(fmt: str, a: Activity) -> CardioIn:
    extra = []
    if a.avg_power_w is not None:
        extra.append(f"average power {a.avg_power_w:.0f} W")
    if a.avg_cadence is not None:
        extra.append(f"average cadence {a.avg_cadence:.0f}")
    if a.laps:
        extra.append(f"{a.laps} lap{'s' if a.laps != 1 else ''}")
    return CardioIn(
        source=f"import:{fmt}",
        source_id=activity_key(fmt, a),
        activity_type=(a.sport or "activity")[:40],
        started_at=a.started_at,
        duration_s=a.duration_s,
        distance_m=a.distance_m,
        avg_hr=a.avg_hr,
        max_hr=a.max_hr,
        calories_kcal=a.calories_kcal,
        notes="; ".join(extra),
    )


def _sleep(fmt: str, s: Sleep) -> SleepIn:
    return SleepIn(
        source=f"import:{fmt}",
        source_id=source_id(fmt, s.started_at),
        started_at=s.started_at,
        ended_at=s.ended_at,
        stages_s=dict(s.stages_s),
    )


def _daily(fmt: str, d: DailyReading) -> DailyMetricsIn | None:
    given = {
        k: v
        for k, v in (
            ("resting_hr", d.resting_hr),
            ("hrv_rmssd_ms", d.hrv_rmssd_ms),
            ("weight_kg", d.weight_kg),
        )
        if v is not None
    }
    if not given:
        return None
    return DailyMetricsIn(source=f"import:{fmt}", day=d.day, **given)


_TAPE = {"waist_cm": ("waist", "outside 40–200 cm"), "body_fat_pct": ("body-fat", "outside 2–70 %")}  # fmt: skip


def _measurements(fmt: str, parsed: ParsedFile, prepared: Prepared) -> None:
    """The file's tape readings (an app's waist circumference, body-fat percentage) as body
    measurements of their day; a reading a tape (or a body) cannot give is left out and
    counted in the notes, the rest of the file still goes in."""
    refused: dict[str, int] = {}
    for d in parsed.daily:
        for name in _TAPE:
            value = getattr(d, name)
            if value is None:
                continue
            doc = {
                "day": d.day,
                name: value,
                "source": f"import:{fmt}",
                "source_id": source_id(fmt, datetime.combine(d.day, time(), tzinfo=UTC), name),
            }
            try:
                prepared.measurements.append((d.day, MeasurementsIn.model_validate(doc)))
            except ValueError:
                refused[name] = refused.get(name, 0) + 1
    for name, n in refused.items():
        what, why = _TAPE[name]
        prepared.notes.append(
            f"{n:,} {what} reading{'s' if n != 1 else ''} left out: {why}, not a plausible "
            "measurement"
        )


def _checked(what: str, build: Any, ctx: ServiceContext, when: datetime | date, field_: str) -> Any:
    """``build()`` and the log's check that ``when`` is not in the future, as ``InvalidInput``
    naming ``what``."""
    try:
        spec = build()
        if spec is not None:
            _not_future(ctx, when, field_, what)
    except ValidationError as exc:
        raise invalid_from(exc, prefix=f"{what}: ") from None
    except FitcoachError as exc:
        raise InvalidInput(f"{what}: {exc}", details=getattr(exc, "details", None)) from None
    except ValueError as exc:
        raise InvalidInput(f"{what}: {exc}") from None
    return spec


def prepare(
    ctx: ServiceContext,
    fmt: str,
    parsed: ParsedFile,
    matches: dict[str, exercise_names.NameMatch],
    tz: tzinfo | str | None = None,
) -> Prepared:
    """Every record of ``parsed`` as the log's input, checked: a strength workout's problems
    repaired or left out and named (``rows.check``); ``InvalidInput`` naming the first other
    record the log would refuse. ``tz``: the athlete's zone, for the dates the report names.
    Writes nothing."""
    prepared = Prepared(fmt, notes=list(parsed.notes))
    now, local = ctx.clock.now(), zone(tz)
    for w in parsed.workouts:
        checked = check(w, now, local)
        for line in checked.report:
            parsed.row_note(line)
        if checked.sets is None:  # the whole workout is left out (its date), named above
            continue
        what = f"the workout of {w.started_at:%Y-%m-%d %H:%M} ({w.title!r})"
        try:
            spec, skipped = _checked(what, lambda w=w, c=checked: _workout(fmt, w, matches, c), ctx, w.started_at, "started_at")  # fmt: skip
        except InvalidInput:  # one workout the log would refuse: left out, named in words
            parsed.row_note(
                f"{describe(w, local)}: could not be stored as written (a value outside what "
                "the training log accepts); the workout is left out"
            )
            continue
        prepared.left_out += skipped
        if spec is not None:
            prepared.workouts.append((w, spec))
    for a in parsed.activities:
        what = f"the {a.sport} of {a.started_at:%Y-%m-%d %H:%M}"
        cardio = _checked(what, lambda a=a: _cardio(fmt, a), ctx, a.started_at, "started_at")
        prepared.activities.append((a, cardio))
    for s in parsed.sleeps:
        what = f"the sleep ending {s.ended_at:%Y-%m-%d %H:%M}"
        prepared.sleeps.append((s, _checked(what, lambda s=s: _sleep(fmt, s), ctx, s.ended_at, "ended_at")))  # fmt: skip
    for d in parsed.daily:
        what = f"the readings of {d.day.isoformat()}"
        daily = _checked(what, lambda d=d: _daily(fmt, d), ctx, d.day, "day")
        if daily is not None:
            prepared.daily.append((d, daily))
    _measurements(fmt, parsed, prepared)
    for day, spec in prepared.measurements:
        _checked(f"the measurements of {day.isoformat()}", lambda spec=spec: spec, ctx, day, "day")
    prepared.rows, prepared.rows_more = list(parsed.rows), parsed.rows_more
    return prepared
