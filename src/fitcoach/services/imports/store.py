"""Storing a prepared file record by record, as steps that ``ShortTransactions.run`` commits
in short transactions: each step writes one record (or a piece of a heart-rate series)
through the training log's services, and counts what was new."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from fitcoach.core.domain import ConsentPurpose
from fitcoach.core.errors import FitcoachError, InvalidInput
from fitcoach.ingest.files.model import Activity
from fitcoach.services import consent, measurements, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.imports.convert import Prepared, activity_key
from fitcoach.services.sensor_ingest import vitals as vitals_service
from fitcoach.storage.repositories import sensors as sensor_repo
from fitcoach.storage.rows import VitalRow

# The same activity recorded by one device and exported by several apps (a Garmin FIT file
# and Strava's GPX of it) starts within a minute or two and lasts as long.
TWIN_START = timedelta(minutes=2)
TWIN_LENGTH = 0.10
# Seconds of a heart-rate series stored per step (a 10-hour ride has 36,000).
SERIES_STEP = 2_000


def _where(what: str, exc: FitcoachError) -> InvalidInput:
    return InvalidInput(f"{what}: {exc}", details=getattr(exc, "details", None))


def stored_activities(
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


def _hr_series(
    ctx: ServiceContext,
    athlete_id: int,
    fmt: str,
    activity: Activity,
    counts: Counter[str],
    created: dict[str, list[int]],
) -> Iterator[None]:
    """Keep an activity's heart-rate series as 1 Hz vitals of an ended recording (the last
    reading of each second), ``SERIES_STEP`` seconds a step. The recording's key is the
    athlete's own (keys are unique per athlete)."""
    by_second: dict[datetime, float] = {}
    for sample in activity.hr_series:
        if 0 < sample.bpm <= 300:
            by_second[sample.at.replace(microsecond=0)] = float(sample.bpm)
    if not by_second:
        return
    scope = ctx.scope(athlete_id)
    key = f"import:{athlete_id}:{activity_key(fmt, activity)}"[:120]
    first, last = min(by_second), max(by_second)
    recording = sensor_repo.get_or_create_recording(
        ctx.session, scope, key, device_id=None, started_at=first
    )
    sensor_repo.end_recording(ctx.session, scope, key, last)
    created.setdefault("recordings", []).append(recording.id)
    rows = [
        VitalRow(
            at=at,
            hr_bpm=bpm,
            hrv_rmssd_ms=None,
            spo2_pct=None,
            spo2_calibrated=False,
            breathing_rate_bpm=None,
            etco2_mmhg=None,
            sqi_ecg=None,
            sqi_ppg=None,
            sqi_co2=None,
        )
        for at, bpm in sorted(by_second.items())
    ]
    for start in range(0, len(rows), SERIES_STEP):
        piece = rows[start : start + SERIES_STEP]
        counts["hr_samples"] += vitals_service.add_vitals(ctx, [(scope, recording.id, piece)])
        yield


def steps(
    ctx: ServiceContext,
    athlete_id: int,
    prepared: Prepared,
    stored: list[tuple[datetime, float]],
    counts: Counter[str],
) -> Iterator[None]:
    """Write ``prepared``, one record a step; ``counts`` gets what was new, ``prepared.notes``
    what the person should know (sets left out, twins), ``prepared.created`` the ids of the
    records created by kind (what taking the import back deletes)."""
    fmt = prepared.fmt
    created = prepared.created
    keep_series = consent.granted(ctx, athlete_id, ConsentPurpose.sensor_data)
    for w, spec in prepared.workouts:
        try:
            logged = training_log.log_workout(ctx, athlete_id, spec)
        except FitcoachError as exc:
            raise _where(
                f"the workout of {w.started_at:%Y-%m-%d %H:%M} ({w.title!r})", exc
            ) from exc
        if logged.created:
            created.setdefault("workouts", []).append(logged.id)
            counts["workouts"] += 1
            counts["sets"] += len(spec.sets)
        yield
    twins = 0
    for a, cardio in prepared.activities:
        if _twin(a, stored):
            twins += 1
            continue
        try:
            logged = training_log.log_cardio(ctx, athlete_id, cardio)
        except FitcoachError as exc:
            raise _where(f"the {a.sport} of {a.started_at:%Y-%m-%d %H:%M}", exc) from exc
        if logged.created:
            created.setdefault("cardio", []).append(logged.id)
            counts["cardio"] += 1
            if keep_series:
                yield from _hr_series(ctx, athlete_id, fmt, a, counts, created)
        yield
    for s, sleep in prepared.sleeps:
        try:
            logged = training_log.log_sleep(ctx, athlete_id, sleep)
        except FitcoachError as exc:
            raise _where(f"the sleep ending {s.ended_at:%Y-%m-%d %H:%M}", exc) from exc
        counts["sleeps"] += int(logged.created)
        if logged.created:
            created.setdefault("sleep", []).append(logged.id)
        yield
    for d, daily in prepared.daily:
        try:
            logged = training_log.log_daily(ctx, athlete_id, daily)
        except FitcoachError as exc:
            raise _where(f"the readings of {d.day.isoformat()}", exc) from exc
        counts["days"] += int(logged.created or logged.changed)
        yield
    for day, tape in prepared.measurements:
        try:
            measured = measurements.log_measurements(ctx, athlete_id, tape)
        except FitcoachError as exc:
            raise _where(f"the measurements of {day.isoformat()}", exc) from exc
        counts["measurements"] += len(measured.created) + len(measured.replaced)
        yield
    if prepared.left_out:
        prepared.notes.append(
            f"{prepared.left_out} set(s) left out, as you chose for their exercise names"
        )
    if twins:
        prepared.notes.append(
            f"{twins} activit{'y' if twins == 1 else 'ies'} left out: already stored from "
            "another app or file (same start within 2 minutes and the same length within 10 %)"
        )
    if any(a.hr_series for a, _ in prepared.activities) and not keep_series:
        prepared.notes.append(
            "heart-rate series not kept: the athlete has not granted sensor_data consent "
            "(the averages and maxima are kept)"
        )
