"""One door for device files and app exports: detect, read, map exercise names, store.

Each file is its own unit: it is read and checked whole, then written inside a savepoint,
so a broken file (or one that fails a check while being written) leaves nothing behind and
the other files go on. A file is known by its content's SHA-256: importing it again says
"already imported" and stores nothing. Records are keyed by what they are (the app and the
start time), not by the file, so a later, longer export of the same app adds only what is new.

Exercise names the apps ship map through their catalogue (``coach.app_names``), others through
the library's resolver when it is sure and the entry agrees in kind. A strength export whose
other names are doubtful stores everything resolved at once and holds the file for the
athlete's review of those names (``pending``/``resume``): fitcoach never maps a name it is
unsure of. When the file resumes, what it stored before is replaced by the whole file.
"""

from __future__ import annotations

import base64
import hashlib
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any, Literal

from fitcoach.analysis.strength import rir_from_rpe
from fitcoach.coach.measurements import MeasurementsIn
from fitcoach.coach.schemas import CardioIn, DailyMetricsIn, SetIn, SleepIn, WorkoutIn
from fitcoach.core.domain import ConsentPurpose
from fitcoach.core.errors import FitcoachError, InvalidInput, NotFound
from fitcoach.ingest.files import detect as formats
from fitcoach.ingest.files.errors import UnitNeeded
from fitcoach.ingest.files.model import (
    Activity,
    DailyReading,
    ParsedFile,
    Sleep,
    StrengthWorkout,
)
from fitcoach.ingest.files.tabular import zone
from fitcoach.services import consent, exercise_names, measurements, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.imports.outcome import FileOutcome, ImportSummary, ReviewName
from fitcoach.services.imports.rows import Checked, check, describe
from fitcoach.services.imports.takeback import delete_records
from fitcoach.services.sensor_ingest import vitals as vitals_service
from fitcoach.storage.db import write_savepoint
from fitcoach.storage.repositories import imports as repo
from fitcoach.storage.repositories import sensors as sensor_repo

ProgressFn = Callable[[str, int, int], None]
"""Called as (file name, files done, files in all) after each file."""

# The most a file held for review may be (it is stored, encrypted, until the athlete decides):
# strength exports are text of a few hundred kilobytes at most.
MAX_HELD_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class IncomingFile:
    """A file to import: its name (for messages) and its bytes or path."""

    name: str
    source: bytes | Path


def _sha256(source: bytes | Path) -> str:
    if isinstance(source, bytes):
        return hashlib.sha256(source).hexdigest()
    digest = hashlib.sha256()
    with source.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _source_id(fmt: str, at: datetime, *extra: str) -> str:
    """A record's key from what it is (app, start time), so re-exports match what is stored."""
    key = ":".join([fmt, at.strftime("%Y%m%dT%H%M%S"), *extra])
    if len(key) > 120:
        key = key[:80] + ":" + hashlib.sha256(key.encode()).hexdigest()[:32]
    return key


def _names(parsed: ParsedFile) -> list[str]:
    return list(dict.fromkeys(s.exercise_name for w in parsed.workouts for s in w.sets))


def _logged(parsed: ParsedFile) -> dict[str, str]:
    """What each name's sets log: "lifted" when any set has reps or a weight without a
    distance, else "timed" (only times or distances: a run, a row on the erg, a plank)."""
    out: dict[str, str] = {}
    for workout in parsed.workouts:
        for s in workout.sets:
            if out.get(s.exercise_name) != "lifted":
                lifted = bool(s.reps or s.weight_kg) and not s.distance_m
                out[s.exercise_name] = "lifted" if lifted else "timed"
    return out


def _review(
    parsed: ParsedFile, matches: dict[str, exercise_names.NameMatch], name: str
) -> list[ReviewName]:
    sets: dict[str, int] = {}
    for workout in parsed.workouts:
        for s in workout.sets:
            sets[s.exercise_name] = sets.get(s.exercise_name, 0) + 1
    return [
        ReviewName(m.name, list(m.suggestions), [name], sets.get(m.name, 0))
        for m in matches.values()
        if m.status == "review"
    ]


# --- converting parsed records to the training log's inputs ---------------------------------


def _set_notes(s: Any) -> str:
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
    choices) and how many sets were left out by the athlete's choices."""
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
            source_id=_source_id(fmt, w.started_at, w.title[:40]),
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
        source_id=_source_id(fmt, a.started_at, a.sport[:30]),
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
        source_id=_source_id(fmt, s.started_at),
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


def _store_measurements(ctx: ServiceContext, athlete_id: int, fmt: str, parsed: ParsedFile) -> int:
    """Store the file's tape readings (an app's waist circumference, body-fat percentage) as
    body measurements of their day, through the service's validation; a reading a tape (or a
    body) cannot give is left out and counted in the notes, the rest of the file still goes
    in. A day already measured keeps the app's newer value (a second entry replaces)."""
    stored = 0
    refused: dict[str, int] = {}
    for d in parsed.daily:
        for field, value in (("waist_cm", d.waist_cm), ("body_fat_pct", d.body_fat_pct)):
            if value is None:
                continue
            doc = {
                "day": d.day,
                field: value,
                "source": f"import:{fmt}",
                "source_id": _source_id(fmt, datetime.combine(d.day, time(), tzinfo=UTC), field),
            }
            try:
                spec = MeasurementsIn.model_validate(doc)
            except ValueError:
                refused[field] = refused.get(field, 0) + 1
                continue
            try:
                logged = measurements.log_measurements(ctx, athlete_id, spec)
            except (FitcoachError, ValueError) as exc:
                raise InvalidInput(f"the measurements of {d.day.isoformat()}: {exc}") from None
            stored += len(logged.created) + len(logged.replaced)
    words = {"waist_cm": ("waist", "outside 40–200 cm"), "body_fat_pct": ("body-fat", "outside 2–70 %")}  # fmt: skip
    for field, n in refused.items():
        what, why = words[field]
        parsed.notes.append(
            f"{n:,} {what} reading{'s' if n != 1 else ''} left out: {why}, not a plausible "
            "measurement"
        )
    return stored


def _where(what: str, exc: FitcoachError) -> InvalidInput:
    return InvalidInput(f"{what}: {exc}", details=getattr(exc, "details", None))


def _hr_series(
    ctx: ServiceContext,
    athlete_id: int,
    fmt: str,
    activity: Activity,
    created: dict[str, list[int]],
) -> int:
    """Keep an activity's heart-rate series as 1 Hz vitals of an ended recording (the last
    reading of each second); returns the seconds stored."""
    by_second: dict[datetime, float] = {}
    for sample in activity.hr_series:
        if 0 < sample.bpm <= 300:
            by_second[sample.at.replace(microsecond=0)] = float(sample.bpm)
    if not by_second:
        return 0
    scope = ctx.scope(athlete_id)
    key = f"import:{athlete_id}:{_source_id(fmt, activity.started_at, activity.sport[:30])}"[:120]
    first, last = min(by_second), max(by_second)
    recording = sensor_repo.get_or_create_recording(
        ctx.session, scope, key, device_id=None, started_at=first
    )
    sensor_repo.end_recording(ctx.session, scope, key, last)
    created.setdefault("recordings", []).append(recording.id)
    rows = [{"at": at, "hr_bpm": bpm} for at, bpm in sorted(by_second.items())]
    return vitals_service.add_vitals(ctx, [(scope, recording.id, rows)])


# The same activity recorded by one device and exported by several apps (a Garmin FIT file
# and Strava's GPX of it) starts within a minute or two and lasts as long.
TWIN_START = timedelta(minutes=2)
TWIN_LENGTH = 0.10


def _stored_activities(
    ctx: ServiceContext, athlete_id: int, activities: Sequence[Activity], fmt: str
) -> list[tuple[datetime, float]]:
    """(start, duration) of the athlete's cardio sessions from other sources around the
    file's activities, read once per file."""
    if not activities:
        return []
    first = min(a.started_at for a in activities) - TWIN_START
    last = max(a.started_at for a in activities) + TWIN_START
    rows = training_log.history(ctx, athlete_id, "cardio", first.date(), last.date(), sets=False)
    return [
        (row["started_at"], float(row["duration_s"]))
        for row in rows
        if row["source"] != f"import:{fmt}"  # the same app again is matched by its key
    ]


def _twin(activity: Activity, stored: list[tuple[datetime, float]]) -> bool:
    return any(
        abs(start - activity.started_at) <= TWIN_START
        and abs(length - activity.duration_s) <= TWIN_LENGTH * max(length, activity.duration_s)
        for start, length in stored
    )


def _store(
    ctx: ServiceContext,
    athlete_id: int,
    fmt: str,
    parsed: ParsedFile,
    matches: dict[str, exercise_names.NameMatch],
    tz: tzinfo | str | None,
    created: dict[str, list[int]],
) -> dict[str, int]:
    """Write everything of one parsed file (inside the caller's savepoint); counts of what
        was new. Workouts are checked row by row first (``rows.check``). The ids of the records
    it creates go into ``created`` by kind (what taking the import back deletes)."""
    counts = {
        "workouts": 0,
        "sets": 0,
        "cardio": 0,
        "sleeps": 0,
        "days": 0,
        "measurements": 0,
        "hr_samples": 0,
    }
    left_out = 0
    keep_series = consent.granted(ctx, athlete_id, ConsentPurpose.sensor_data)
    now, local = ctx.clock.now(), zone(tz)
    for w in parsed.workouts:
        checked = check(w, now, local)
        for line in checked.report:
            parsed.row_note(line)
        try:
            spec, skipped = _workout(fmt, w, matches, checked)
            left_out += skipped
            if spec is None:
                continue
            # One workout's refusal leaves it out (named in words) and the file goes on: the log
            # validates everything before it writes, so a refused workout wrote nothing.
            logged = training_log.log_workout(ctx, athlete_id, spec)
        except (InvalidInput, ValueError):
            parsed.row_note(
                f"{describe(w, local)}: could not be stored as written (a value outside what "
                "the training log accepts); the workout is left out"
            )
            continue
        if logged.created:
            created.setdefault("workouts", []).append(logged.id)
            counts["workouts"] += 1
            counts["sets"] += len(spec.sets)
    stored = _stored_activities(ctx, athlete_id, parsed.activities, fmt)
    twins = 0
    for a in parsed.activities:
        if _twin(a, stored):
            twins += 1
            continue
        try:
            logged = training_log.log_cardio(ctx, athlete_id, _cardio(fmt, a))
        except FitcoachError as exc:
            raise _where(f"the {a.sport} of {a.started_at:%Y-%m-%d %H:%M}", exc) from exc
        except ValueError as exc:
            raise InvalidInput(f"the {a.sport} of {a.started_at:%Y-%m-%d %H:%M}: {exc}") from None
        if logged.created:
            created.setdefault("cardio", []).append(logged.id)
            counts["cardio"] += 1
            if keep_series:
                counts["hr_samples"] += _hr_series(ctx, athlete_id, fmt, a, created)
    for s in parsed.sleeps:
        try:
            logged = training_log.log_sleep(ctx, athlete_id, _sleep(fmt, s))
        except (FitcoachError, ValueError) as exc:
            raise InvalidInput(f"the sleep ending {s.ended_at:%Y-%m-%d %H:%M}: {exc}") from None
        counts["sleeps"] += int(logged.created)
        if logged.created:
            created.setdefault("sleep", []).append(logged.id)
    for d in parsed.daily:
        try:
            spec_d = _daily(fmt, d)
            if spec_d is None:
                continue
            logged = training_log.log_daily(ctx, athlete_id, spec_d)
        except (FitcoachError, ValueError) as exc:
            raise InvalidInput(f"the readings of {d.day.isoformat()}: {exc}") from None
        counts["days"] += int(logged.created or logged.changed)
    counts["measurements"] = _store_measurements(ctx, athlete_id, fmt, parsed)
    if left_out:
        parsed.notes.append(f"{left_out} set(s) left out, as you chose for their exercise names")
    if twins:
        parsed.notes.append(
            f"{twins} activit{'y' if twins == 1 else 'ies'} left out: already stored from "
            "another app or file (same start within 2 minutes and the same length within 10 %)"
        )
    if parsed.activities and any(a.hr_series for a in parsed.activities) and not keep_series:
        parsed.notes.append(
            "heart-rate series not kept: the athlete has not granted sensor_data consent "
            "(the averages and maxima are kept)"
        )
    return {k: v for k, v in counts.items() if v}


# --- the door ------------------------------------------------------------------------------------


def _import_fitcoach(
    ctx: ServiceContext, athlete_id: int, incoming: IncomingFile
) -> dict[str, int]:
    from fitcoach.services import portability

    if isinstance(incoming.source, Path):
        doc = portability.read_export(incoming.source)
    else:
        suffix = ".zip" if incoming.source.startswith(b"PK") else ".json"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"export{suffix}"
            path.write_bytes(incoming.source)
            doc = portability.read_export(path)
    report = portability.import_document(ctx, doc, athlete_id=athlete_id)
    return {"records": report.inserted}


def _one(
    ctx: ServiceContext,
    athlete_id: int,
    incoming: IncomingFile,
    options: formats.ReadOptions,
    held_sha: str | None = None,
) -> FileOutcome:
    scope = ctx.scope(athlete_id)
    sha = held_sha or _sha256(incoming.source)
    done = repo.imported(ctx.session, scope, sha)
    if done is not None:
        return FileOutcome(
            incoming.name,
            done.format,
            "already imported",
            message=f"this file was imported on {done.imported_at:%Y-%m-%d}; nothing was stored again",
            sha256=sha,
        )
    try:
        fmt = formats.detect(incoming.source, incoming.name)
    except FitcoachError as exc:
        return FileOutcome(incoming.name, None, "failed", message=str(exc), sha256=sha)
    savepoint = write_savepoint(ctx.session)
    try:
        if fmt == formats.FITCOACH:
            counts = _import_fitcoach(ctx, athlete_id, incoming)
            outcome = FileOutcome(incoming.name, fmt, "imported", counts, sha256=sha)
        else:
            parsed = formats.read(fmt, incoming.source, options)
            outcome = _store_parsed(ctx, athlete_id, incoming, fmt, parsed, options, sha)
        if outcome.status == "imported":
            repo.add_imported(
                ctx.session,
                scope,
                sha256=sha,
                fmt=fmt,
                filename=incoming.name[:200],
                at=ctx.clock.now(),
                counts=outcome.counts,
                records=outcome.records,
            )
            repo.release(ctx.session, scope, sha)
            ctx.audit(
                "import",
                "file",
                None,
                athlete_id=athlete_id,
                detail={"format": fmt, **outcome.counts},
            )
        savepoint.commit()
        return outcome
    except UnitNeeded as exc:
        savepoint.rollback()
        hint = f" (fitcoach import --{exc.what}-unit {'|'.join(exc.choices)}, or the upload form)"
        asks = {"what": exc.what, "choices": list(exc.choices)}
        return FileOutcome(
            incoming.name, fmt, "failed", message=f"{exc}{hint}", sha256=sha, asks=asks
        )
    except FitcoachError as exc:  # a broken file (FileFormatError) or a refused record
        savepoint.rollback()
        return FileOutcome(incoming.name, fmt, "failed", message=str(exc), sha256=sha)
    except BaseException:
        savepoint.rollback()
        raise


def _store_parsed(
    ctx: ServiceContext,
    athlete_id: int,
    incoming: IncomingFile,
    fmt: str,
    parsed: ParsedFile,
    options: formats.ReadOptions,
    sha: str,
) -> FileOutcome:
    if parsed.empty:
        return FileOutcome(
            incoming.name, fmt, "nothing to import", notes=list(parsed.notes), sha256=sha
        )
    names = _names(parsed)
    matches = exercise_names.map_names(ctx, athlete_id, names, _logged(parsed)) if names else {}
    review = _review(parsed, matches, incoming.name)
    scope = ctx.scope(athlete_id)
    # A file held before stored its resolved sets then: those records go, and the whole file
    # (as far as it is resolved now) is stored afresh, so its workouts are whole again.
    earlier = repo.pending_by_sha(ctx.session, scope, sha)
    if earlier is not None and earlier.options.get("records"):
        delete_records(ctx, scope, dict(earlier.options["records"]))
    created: dict[str, list[int]] = {}
    counts = _store(ctx, athlete_id, fmt, parsed, matches, options.tz, created)
    if review:
        content = (
            incoming.source if isinstance(incoming.source, bytes) else incoming.source.read_bytes()
        )
        if len(content) > MAX_HELD_BYTES:
            raise InvalidInput(
                f"{len(review)} exercise names need your review, and the file is too large "
                "to hold until then; map the names first (fitcoach import review) and import again"
            )
        held_sets = sum(r.sets for r in review)
        repo.hold(
            ctx.session,
            scope,
            sha256=sha,
            fmt=fmt,
            filename=incoming.name[:200],
            content=base64.b64encode(content).decode("ascii"),
            names=[r.name for r in review],
            options={
                "weight_unit": options.weight_unit,
                "distance_unit": options.distance_unit,
                "records": created,  # what this step stored: replaced when the file resumes
            },
            at=ctx.clock.now(),
        )
        return FileOutcome(
            incoming.name,
            fmt,
            "needs review",
            counts,
            message=f"everything else is stored; the {held_sets:,} set"
            f"{'s' if held_sets != 1 else ''} of {len(review)} exercise name"
            f"{'s' if len(review) != 1 else ''} wait for your review",
            notes=list(parsed.notes),
            review=review,
            sha256=sha,
            rows=list(parsed.rows),
            rows_more=parsed.rows_more,
        )
    if not counts:  # a re-export, or another file of the same activities
        parsed.notes.append("everything in it was stored already (from another file)")
    return FileOutcome(
        incoming.name,
        fmt,
        "imported",
        counts,
        notes=list(parsed.notes),
        sha256=sha,
        rows=list(parsed.rows),
        rows_more=parsed.rows_more,
        records=created,
    )


def _unit(value: object) -> Literal["kg", "lb"] | None:
    return "kg" if value == "kg" else "lb" if value == "lb" else None


def _distance_unit(value: object) -> Literal["km", "mi"] | None:
    return "km" if value == "km" else "mi" if value == "mi" else None


def _with_zone(
    ctx: ServiceContext, athlete_id: int, options: formats.ReadOptions
) -> formats.ReadOptions:
    """Local times without a zone are the athlete's (their profile's time zone, else UTC)."""
    if options.tz is not None:
        return options
    return replace(options, tz=training_log.athlete_zone(ctx, athlete_id))


def import_files(
    ctx: ServiceContext,
    athlete_id: int,
    files: Sequence[IncomingFile],
    *,
    options: formats.ReadOptions | None = None,
    progress: ProgressFn | None = None,
) -> ImportSummary:
    """Import each file into the athlete (see the module's docstring); one file's failure is
    reported in its outcome and the others go on. The caller commits."""
    ctx.scope(athlete_id)  # NotFound before anything is read
    opts = _with_zone(ctx, athlete_id, options or formats.ReadOptions())
    summary = ImportSummary(athlete_id)
    for index, incoming in enumerate(files, start=1):
        summary.files.append(_one(ctx, athlete_id, incoming, opts))
        if progress is not None:
            progress(incoming.name, index, len(files))
    return summary


def pending(ctx: ServiceContext, athlete_id: int) -> ImportSummary:
    """The files held for review, with their names' current suggestions."""
    scope = ctx.scope(athlete_id)
    summary = ImportSummary(athlete_id)
    rows = repo.pending(ctx.session, scope)
    names = list(dict.fromkeys(n for row in rows for n in row.names))
    matches = exercise_names.map_names(ctx, athlete_id, names) if names else {}
    for row in rows:
        review = [
            ReviewName(n, list(matches[n].suggestions), [row.filename])
            for n in row.names
            if matches[n].status == "review"
        ]
        summary.files.append(
            FileOutcome(row.filename, row.format, "needs review", review=review, sha256=row.sha256)
        )
    return summary


def resume(
    ctx: ServiceContext, athlete_id: int, *, progress: ProgressFn | None = None
) -> ImportSummary:
    """Import the held files again, now with the athlete's choices; files whose names still
    need review stay held."""
    scope = ctx.scope(athlete_id)
    summary = ImportSummary(athlete_id)
    rows = list(repo.pending(ctx.session, scope))
    for index, row in enumerate(rows, start=1):
        incoming = IncomingFile(row.filename, base64.b64decode(row.content))
        given = formats.ReadOptions(
            weight_unit=_unit(row.options.get("weight_unit")),
            distance_unit=_distance_unit(row.options.get("distance_unit")),
        )
        options = _with_zone(ctx, athlete_id, given)
        summary.files.append(_one(ctx, athlete_id, incoming, options, held_sha=row.sha256))
        if progress is not None:
            progress(row.filename, index, len(rows))
    return summary


def drop_pending(ctx: ServiceContext, athlete_id: int, sha256: str) -> None:
    """Drop a held file: what it stored already (its resolved sets) is deleted and the file
    forgotten; ``NotFound`` when no such file is held."""
    scope = ctx.scope(athlete_id)
    held = repo.pending_by_sha(ctx.session, scope, sha256)
    if held is None:
        raise NotFound(f"no file with SHA-256 {sha256} is held for review")
    if held.options.get("records"):
        delete_records(ctx, scope, dict(held.options["records"]))
    repo.release(ctx.session, scope, sha256)


def imported_files(ctx: ServiceContext, athlete_id: int) -> list[dict[str, Any]]:
    """The athlete's imported files, newest first (name, format, when, counts)."""
    rows = repo.imported_files(ctx.session, ctx.scope(athlete_id))
    return [
        {
            "name": r.filename,
            "format": r.format,
            "imported_at": r.imported_at,
            "counts": r.counts,
            "sha256": r.sha256,
            # Taken back as a whole only when the import kept what it created.
            "can_take_back": bool(r.records),
        }
        for r in rows
    ]
