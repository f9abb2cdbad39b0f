"""Sensor data read back: recordings, their 1 Hz vitals and raw waveforms, and sensor alerts.

Every function resolves the athlete through ``ServiceContext.scope`` first, so another
athlete's recording or alert is not found, exactly like an id that does not exist.

Waveform times are seconds from the recording's earliest chunk on the device clock
(``t_device_us``), which every channel of one board shares; sample ``i`` of a chunk lies
``i / sample_rate_hz`` after the chunk's ``t_device_us``. A long slice is decimated by
min/max per bucket, so that QRS peaks stay visible in a zoomed-out view. The 32-bit device
clock wraps after about 71.6 minutes; the times assume a recording that does not wrap it.

A recording is not a training session: a sensor worn at rest, or the demo's simulated board
(about 40 scenarios an hour), would otherwise fill the training log. The athlete says when a
recording was a session (``log_recording_as_session``); the cardio session then carries the
recording's key as its ``source_id`` (source ``"sensor"``), so it is stored once however often
it is asked, and each recording view names it (``cardio_session_id``).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, computed_field, with_config
from typing_extensions import TypedDict

from fitcoach.core import bounds
from fitcoach.core.errors import Conflict, InvalidInput, NotFound
from fitcoach.core.units import to_precision
from fitcoach.ingest.units import MAX_STORED_S
from fitcoach.sensors.frames import Channel
from fitcoach.sensors.profiles import DEFAULT_PROFILE
from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.health import SENSOR_SOURCE
from fitcoach.storage import waveform as codec
from fitcoach.storage.models import CardioSession, Recording, SensorEvent
from fitcoach.storage.models.sensors import EVENT_SEVERITIES, SessionSummary
from fitcoach.storage.repositories import sensors as repo
from fitcoach.storage.repositories import training_log as training_log_repo

DEFAULT_MAX_POINTS = 5000
MAX_POINTS = 100_000
MIN_POINTS = 2
MAX_OFFSET_S = 10_000_000.0  # about 115 days: no recording is longer

# Channel names as the API takes them (lower case of ``Channel``).
CHANNELS: dict[str, int] = {c.name.lower(): int(c) for c in Channel}
CHANNEL_NAMES: dict[int, str] = {v: k for k, v in CHANNELS.items()}

# Physical units where the device profile defines a calibration: (unit, offset,
# counts_per_unit), value = (counts - offset) / counts_per_unit (``sensors.profiles``: ECG mV,
# CO2 mmHg, ambient CO2 ppm). PPG and status stay counts.
UNITS: dict[int, tuple[str, float, float]] = DEFAULT_PROFILE.units()

VITAL_COLUMNS = (
    "hr_bpm",
    "hrv_rmssd_ms",
    "spo2_pct",
    "spo2_calibrated",
    "breathing_rate_bpm",
    "etco2_mmhg",
    "sqi_ecg",
    "sqi_ppg",
    "sqi_co2",
)
SUMMARY_FIELDS = ("hr_bpm", "hrv_rmssd_ms", "spo2_pct", "breathing_rate_bpm", "etco2_mmhg")

# What a recording may be logged as on the web page (the API takes any activity type).
SESSION_ACTIVITIES = ("running", "cycling", "rowing", "walking", "swimming", "hiit", "cardio")
# The activity type of the rows finished recordings were logged as on their own before the
# athlete decided (before recordings stopped becoming sessions on their own); ``drop_automatic_sessions`` removes the demo's.
AUTOMATIC_ACTIVITY = "sensor_session"


# --------------------------------------------------------------------------- views


class ChannelView(BaseModel):
    """What a recording holds of one channel."""

    name: str
    channel: int
    sample_rate_hz: float
    samples: int
    chunks: int
    unit: str | None = None


@with_config(ConfigDict(extra="allow"))  # a counter another writer adds is kept, as stored
class RecordingCounters(TypedDict, total=False):
    """What was counted while a recording was stored (the frame consumer), where the vitals'
    seconds start on the device clock (the vitals worker) and, once it ended, the
    after-session analysis. Only the counters written so far are present."""

    chunks: int
    duplicates: int
    frames_received: int
    vitals_origin_us: Annotated[
        int, Field(description="Where the vitals' seconds start on the device clock.")
    ]
    summary: Annotated[
        SessionSummary,
        Field(description="HR, zones, TRIMP, HR recovery and HRV over the session."),
    ]


class RecordingView(BaseModel):
    """A recording with its counters and channels."""

    id: int
    athlete_id: int
    key: str
    device_id: int | None
    started_at: datetime
    ended_at: datetime | None
    status: str
    duration_s: float | None
    counters: RecordingCounters
    channels: list[ChannelView]
    cardio_session_id: int | None = Field(
        default=None,
        description="The training-log cardio session the athlete logged this recording as; "
        "null while it is a recording only.",
    )


class RecordingPage(BaseModel):
    """A page of recordings, newest first; ``total`` counts every match."""

    items: list[RecordingView]
    limit: int | None
    offset: int
    count: int
    total: int


class VitalStat(BaseModel):
    """One vital over a recording: how many seconds have it, and its median and range."""

    count: int
    median: float | None
    min: float | None
    max: float | None


class VitalsSummary(BaseModel):
    """The recording's vitals: rows stored and a summary per vital."""

    rows: int
    hr_bpm: VitalStat
    hrv_rmssd_ms: VitalStat
    spo2_pct: VitalStat
    breathing_rate_bpm: VitalStat
    etco2_mmhg: VitalStat


class AlertView(BaseModel):
    """A sensor event: an alert (low SpO2, irregular rhythm ...) or a device event."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    athlete_id: int
    recording_id: int | None
    at: datetime
    kind: str
    severity: str
    value: float | None
    message: str
    cleared_at: datetime | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def open(self) -> bool:
        """Whether the alert still waits to be cleared."""
        return self.cleared_at is None


class AlertPage(BaseModel):
    """A page of alerts, newest first; ``total`` counts every match."""

    items: list[AlertView]
    limit: int | None
    offset: int
    count: int
    total: int


class RecordingDetail(RecordingView):
    """A recording with its vitals summary and its events (oldest first)."""

    vitals: VitalsSummary
    events: list[AlertView]


class VitalRow(BaseModel):
    """One second of vitals; ``t_s`` is seconds from the recording's start."""

    at: datetime
    t_s: float
    hr_bpm: float | None
    hrv_rmssd_ms: float | None
    spo2_pct: float | None
    spo2_calibrated: bool
    breathing_rate_bpm: float | None
    etco2_mmhg: float | None
    sqi_ecg: float | None
    sqi_ppg: float | None
    sqi_co2: float | None


class WaveformView(BaseModel):
    """A slice of one channel: times in seconds from the recording's first chunk, raw counts,
    and the values in ``unit`` where the channel has a conversion (else ``values`` is None)."""

    recording_id: int
    channel: str
    channel_id: int
    sample_rate_hz: float
    start_s: float
    end_s: float | None
    samples: int  # samples in the window before any decimation
    decimated: bool
    unit: str | None
    times_s: list[float]
    counts: list[int]
    values: list[float] | None


# --------------------------------------------------------------------------- helpers


def _check_page(limit: int | None, offset: int) -> None:
    if limit is not None and limit < 0:
        raise InvalidInput(f"limit must not be negative, got {limit}")
    if not 0 <= offset <= bounds.MAX_OFFSET:
        raise InvalidInput(f"offset must lie between 0 and {bounds.MAX_OFFSET}, got {offset}")


def _days(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    """Whole UTC days [start, end] as [start 00:00, end+1 00:00)."""
    if start is not None:
        bounds.check_day(start, "from")
    if end is not None:
        bounds.check_day(end, "to")
    if start and end and end < start:
        raise InvalidInput("the end of the range lies before its start")
    lo = datetime.combine(start, time.min, tzinfo=UTC) if start else None
    hi = None
    if end:
        hi = datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
    return lo, hi


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _views(
    ctx: ServiceContext, athlete_id: int, recordings: Sequence[Recording]
) -> list[RecordingView]:
    scope = ctx.scope(athlete_id)
    stats: dict[int, list[tuple[int, int, float, int, int, int, int]]] = {}
    for row in repo.channel_stats(ctx.session, scope, [r.id for r in recordings]):
        stats.setdefault(row[0], []).append(row)
    logged = training_log_repo.ids_by_source(
        ctx.session, scope, CardioSession, SENSOR_SOURCE, {r.key for r in recordings}
    )
    out = []
    for rec in recordings:
        rows = stats.get(rec.id, [])
        channels = [
            ChannelView(
                name=CHANNEL_NAMES.get(channel, f"channel_{channel}"),
                channel=channel,
                sample_rate_hz=rate,
                samples=samples,
                chunks=chunks,
                unit=UNITS[channel][0] if channel in UNITS else None,
            )
            for _, channel, rate, samples, chunks, _, _ in rows
        ]
        out.append(
            RecordingView(
                id=rec.id,
                athlete_id=rec.athlete_id,
                key=rec.key,
                device_id=rec.device_id,
                started_at=rec.started_at,
                ended_at=rec.ended_at,
                status=rec.status,
                duration_s=_duration(rec, rows),
                counters=dict(rec.counters or {}),
                channels=channels,
                cardio_session_id=logged.get(rec.key),
            )
        )
    return out


def _duration(
    rec: Recording, rows: list[tuple[int, int, float, int, int, int, int]]
) -> float | None:
    """Wall-clock length once ended; while active, the span the device clock has covered."""
    if rec.ended_at is not None:
        return round((_utc(rec.ended_at) - _utc(rec.started_at)).total_seconds(), 3)
    timed = [r for r in rows if r[2] > 0 and r[4] > 0]
    if not timed:
        return None
    origin = min(r[5] for r in timed)
    # The last chunk's start plus one average chunk of samples.
    return round(max((r[6] - origin) / 1e6 + r[3] / r[4] / r[2] for r in timed), 3)


def _recording(ctx: ServiceContext, athlete_id: int, recording_id: int) -> Recording:
    found = repo.recording(ctx.session, ctx.scope(athlete_id), recording_id)
    if found is None:
        raise NotFound(f"recording {recording_id} not found")
    return found


def _stat(values: npt.NDArray[np.float64]) -> VitalStat:
    present = values[~np.isnan(values)]
    if not present.size:
        return VitalStat(count=0, median=None, min=None, max=None)
    return VitalStat(
        count=int(present.size),
        median=round(float(np.median(present)), 2),
        min=float(present.min()),
        max=float(present.max()),
    )


def _alert(event: SensorEvent) -> AlertView:
    return AlertView.model_validate(event)


def channel_id(channel: str | int) -> int:
    """The channel number for a name (``ecg``, ``ppg_red`` ...) or number; ``InvalidInput``
    naming the valid channels otherwise."""
    if isinstance(channel, int) and not isinstance(channel, bool):
        if channel in CHANNEL_NAMES:
            return channel
    elif isinstance(channel, str):
        name = channel.strip().lower().replace("-", "_").replace(" ", "_")
        if name in CHANNELS:
            return CHANNELS[name]
        if name.isdigit() and int(name) in CHANNEL_NAMES:
            return int(name)
    valid = ", ".join(f"{n} ({i})" for n, i in CHANNELS.items())
    problem = f"channel: unknown channel {channel!r}; use one of {valid}"
    raise InvalidInput(problem, details={"errors": [problem]})


# --------------------------------------------------------------------------- recordings


def list_recordings(
    ctx: ServiceContext,
    athlete_id: int,
    *,
    start: date | None = None,
    end: date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> RecordingPage:
    """The athlete's recordings started between two days (inclusive, UTC), newest first."""
    scope = ctx.scope(athlete_id)
    _check_page(limit, offset)
    since, until = _days(start, end)
    rows, total = repo.recording_page(
        ctx.session, scope, since=since, until=until, limit=limit, offset=offset
    )
    items = _views(ctx, athlete_id, rows)
    return RecordingPage(items=items, limit=limit, offset=offset, count=len(items), total=total)


def get_recording(ctx: ServiceContext, athlete_id: int, recording_id: int) -> RecordingDetail:
    """One recording with its channels, a summary of its vitals and its events."""
    rec = _recording(ctx, athlete_id, recording_id)
    scope = ctx.scope(athlete_id)
    view = _views(ctx, athlete_id, [rec])[0]
    vitals = repo.recording_vitals(ctx.session, scope, recording_id)
    table = np.array(
        [
            [math.nan if getattr(v, f) is None else getattr(v, f) for f in SUMMARY_FIELDS]
            for v in vitals
        ],
        dtype=np.float64,
    ).reshape(len(vitals), len(SUMMARY_FIELDS))
    summary = VitalsSummary(
        rows=len(vitals), **{f: _stat(table[:, i]) for i, f in enumerate(SUMMARY_FIELDS)}
    )
    events = [_alert(e) for e in repo.recording_events(ctx.session, scope, recording_id)]
    return RecordingDetail(**view.model_dump(), vitals=summary, events=events)


class RecordingSession(BaseModel):
    """A recording logged as a training-log cardio session."""

    recording_id: int
    cardio_session_id: int
    created: bool = Field(description="False when it was already logged (stored once).")


def _bpm(value: float | None) -> float | None:
    """A summary's heart rate as the training log stores it (whole beats, 25–250), else None."""
    if value is None or not math.isfinite(value) or not 25 <= value <= 250:
        return None
    return to_precision(value, "heart_rate_bpm")


def log_recording_as_session(
    ctx: ServiceContext,
    athlete_id: int,
    recording_id: int,
    *,
    activity_type: str,
    session_rpe: float | None = None,
    notes: str = "",
) -> RecordingSession:
    """Log an ended recording as a cardio session, because the athlete says it was one.

    The session takes the recording's start, its ECG's length, the mean and peak heart rate and
    the Edwards TRIMP of its summary (in the notes, before the athlete's own); it goes through
    ``training_log.log_cardio`` (consent, validation, audit). Its source id is the recording's
    key, so asking again answers the stored session (``created`` False). ``Conflict`` while the
    recording has no summary (still running) or holds less than a second of ECG."""
    rec = _recording(ctx, athlete_id, recording_id)
    summary = (rec.counters or {}).get("summary")
    if rec.ended_at is None or not isinstance(summary, dict):
        raise Conflict(
            f"recording {recording_id} has not ended yet: log it as a session once it has "
            "ended and been summarised"
        )
    duration_s = min(float(summary.get("duration_s") or 0.0), float(MAX_STORED_S))
    if duration_s < 1.0:
        raise Conflict(f"recording {recording_id} holds no ECG to log as a session")
    trimp = summary.get("trimp_edwards")
    parts = [f"TRIMP (Edwards) {trimp:.0f}"] if isinstance(trimp, int | float) else []
    if activity_type.strip().lower().replace(" ", "_") == AUTOMATIC_ACTIVITY:
        problem = f"activity_type: say what the session was, e.g. {', '.join(SESSION_ACTIVITIES)}"
        raise InvalidInput(problem, details={"errors": [problem]})
    logged = training_log.log_cardio(
        ctx,
        athlete_id,
        {
            "source": SENSOR_SOURCE,
            "source_id": rec.key,
            "activity_type": activity_type,
            "started_at": rec.started_at,
            "duration_s": to_precision(duration_s, "duration_s"),
            "avg_hr": _bpm(summary.get("mean_hr_bpm")),
            "max_hr": _bpm(summary.get("peak_hr_bpm")),
            "session_rpe": session_rpe,
            "notes": "; ".join([*parts, notes.strip()] if notes.strip() else parts),
        },
    )
    return RecordingSession(
        recording_id=rec.id, cardio_session_id=logged.id, created=logged.created
    )


def drop_automatic_sessions(ctx: ServiceContext, athlete_id: int, key_prefix: str) -> int:
    """Delete the cardio sessions that the athlete's recordings with keys starting
    ``key_prefix`` were logged as on their own, before the athlete decided (activity
    ``AUTOMATIC_ACTIVITY``); how many. Audited once, with the count. The demo's seeding calls
    it for its simulated board's recordings (``demo-``); a session the athlete chose stays."""
    if not key_prefix:
        raise InvalidInput(
            "key_prefix: give the start of the recording keys, e.g. 'demo-'", field="key_prefix"
        )
    scope = ctx.scope(athlete_id)
    removed = training_log_repo.delete_cardio_of(
        ctx.session, scope, SENSOR_SOURCE, AUTOMATIC_ACTIVITY, key_prefix
    )
    if removed:
        ctx.audit("delete", "cardio", athlete_id=athlete_id, detail={"recordings": removed})
    return removed


def _window(start_s: float | None, end_s: float | None) -> tuple[float, float | None]:
    lo = 0.0 if start_s is None else float(start_s)
    if not (math.isfinite(lo) and 0 <= lo <= MAX_OFFSET_S):
        raise InvalidInput(f"start_s must be 0 to {MAX_OFFSET_S:g} seconds, got {start_s}")
    if end_s is not None:
        if not (math.isfinite(end_s) and 0 <= end_s <= MAX_OFFSET_S):
            raise InvalidInput(f"end_s must be 0 to {MAX_OFFSET_S:g} seconds, got {end_s}")
        if end_s <= lo:
            raise InvalidInput(f"the window is empty: end_s {end_s:g} is not after start_s {lo:g}")
    return lo, None if end_s is None else float(end_s)


def recording_vitals(
    ctx: ServiceContext,
    athlete_id: int,
    recording_id: int,
    *,
    start_s: float | None = None,
    end_s: float | None = None,
) -> list[VitalRow]:
    """The recording's 1 Hz vitals, oldest first, optionally within ``[start_s, end_s)``
    seconds from the recording's start."""
    rec = _recording(ctx, athlete_id, recording_id)
    lo, hi = _window(start_s, end_s)
    begin = _utc(rec.started_at)
    rows = repo.recording_vitals(
        ctx.session,
        ctx.scope(athlete_id),
        recording_id,
        since=begin + timedelta(seconds=lo) if lo > 0 else None,
        until=None if hi is None else begin + timedelta(seconds=hi),
    )
    return [
        VitalRow(
            at=_utc(v.at),
            t_s=round((_utc(v.at) - begin).total_seconds(), 3),
            **{f: getattr(v, f) for f in VITAL_COLUMNS},
        )
        for v in rows
    ]


# --------------------------------------------------------------------------- waveforms


def decimate_minmax(values: npt.NDArray[Any], max_points: int) -> npt.NDArray[np.int64]:
    """Indices of the samples to keep so that at most ``max_points`` remain: the samples are
    cut into ``max_points // 2`` buckets of equal length (the last may be shorter) and each
    keeps its minimum and its maximum, in time order. Everything when it already fits."""
    n = int(values.size)
    if n <= max_points:
        return np.arange(n, dtype=np.int64)
    buckets = max(1, max_points // 2)
    size = -(-n // buckets)  # ceil
    rows = -(-n // size)
    padded = np.concatenate([values, np.repeat(values[-1:], rows * size - n)]).reshape(rows, size)
    base = np.arange(rows, dtype=np.int64) * size
    lo = np.minimum(base + padded.argmin(axis=1), n - 1)
    hi = np.minimum(base + padded.argmax(axis=1), n - 1)
    return np.stack([np.minimum(lo, hi), np.maximum(lo, hi)], axis=1).reshape(-1)


def waveform(
    ctx: ServiceContext,
    athlete_id: int,
    recording_id: int,
    channel: str | int,
    *,
    start_s: float | None = None,
    end_s: float | None = None,
    max_points: int = DEFAULT_MAX_POINTS,
) -> WaveformView:
    """One channel of the recording within ``[start_s, end_s)`` seconds from its first chunk;
    decimated by min/max per bucket when the window holds more than ``max_points`` samples."""
    rec = _recording(ctx, athlete_id, recording_id)
    number = channel_id(channel)
    lo, hi = _window(start_s, end_s)
    if not MIN_POINTS <= max_points <= MAX_POINTS:
        raise InvalidInput(f"max_points must be {MIN_POINTS} to {MAX_POINTS}, got {max_points}")
    scope = ctx.scope(athlete_id)
    origin = repo.clock_origin(ctx.session, scope, rec.id)
    chunks = (
        []
        if origin is None
        else repo.chunks_between(
            ctx.session,
            scope,
            rec.id,
            number,
            from_us=origin + round(lo * 1e6),
            to_us=None if hi is None else origin + math.ceil(hi * 1e6),
        )
    )
    chunks = [c for c in chunks if c.n_samples > 0 and c.sample_rate_hz > 0]
    rate = float(chunks[0].sample_rate_hz) if chunks else 0.0
    if chunks and origin is not None:
        counts = np.concatenate([codec.decode(c.data).astype(np.int64) for c in chunks])
        sizes = np.array([c.n_samples for c in chunks], dtype=np.int64)
        starts = np.array([(c.t_device_us - origin) / 1e6 for c in chunks], dtype=np.float64)
        rates = np.array([c.sample_rate_hz for c in chunks], dtype=np.float64)
        first = np.repeat(np.cumsum(sizes) - sizes, sizes)
        index = np.arange(counts.size, dtype=np.int64) - first
        times = np.repeat(starts, sizes) + index / np.repeat(rates, sizes)
        keep = times >= lo if hi is None else (times >= lo) & (times < hi)
        times, counts = times[keep], counts[keep]
    else:
        times, counts = np.zeros(0), np.zeros(0, dtype=np.int64)
    total = int(counts.size)
    picked = decimate_minmax(counts, max_points)
    times, counts = times[picked], counts[picked]
    unit = UNITS.get(number)
    values = None
    if unit is not None:
        physical = DEFAULT_PROFILE.channel(number).to_physical(counts)
        values = [round(float(v), 6) for v in physical]
    return WaveformView(
        recording_id=rec.id,
        channel=CHANNEL_NAMES[number],
        channel_id=number,
        sample_rate_hz=rate,
        start_s=lo,
        end_s=hi,
        samples=total,
        decimated=total > max_points,
        unit=None if unit is None else unit[0],
        times_s=[round(float(t), 6) for t in times],
        counts=[int(c) for c in counts],
        values=values,
    )


# --------------------------------------------------------------------------- CSV


def vitals_csv(rows: Sequence[VitalRow]) -> str:
    """Vitals rows as CSV with a header row (empty cells for missing values)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    fields = list(VitalRow.model_fields)
    writer.writerow(fields)
    for row in rows:
        data = row.model_dump()
        data["at"] = row.at.isoformat()
        writer.writerow(["" if data[f] is None else data[f] for f in fields])
    return out.getvalue()


def waveform_csv(view: WaveformView) -> str:
    """A waveform slice as CSV: ``t_s``, ``counts`` and, with a unit, ``value_<unit>``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if view.values is None:
        writer.writerow(["t_s", "counts"])
        writer.writerows(zip(view.times_s, view.counts, strict=True))
    else:
        writer.writerow(["t_s", "counts", f"value_{view.unit}"])
        writer.writerows(zip(view.times_s, view.counts, view.values, strict=True))
    return out.getvalue()


# --------------------------------------------------------------------------- alerts


def list_alerts(
    ctx: ServiceContext,
    athlete_id: int,
    *,
    open_only: bool = False,
    severity: str | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> AlertPage:
    """The athlete's sensor alerts and events between two days (inclusive), newest first."""
    scope = ctx.scope(athlete_id)
    _check_page(limit, offset)
    if severity is not None:
        severity = severity.strip().lower()
        if severity not in EVENT_SEVERITIES:
            raise InvalidInput(
                f"unknown severity {severity!r}; use one of {', '.join(EVENT_SEVERITIES)}"
            )
    since, until = _days(start, end)
    rows, total = repo.event_page(
        ctx.session,
        scope,
        open_only=open_only,
        severity=severity,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )
    items = [_alert(e) for e in rows]
    return AlertPage(items=items, limit=limit, offset=offset, count=len(items), total=total)


def clear_alert(ctx: ServiceContext, athlete_id: int, alert_id: int) -> AlertView:
    """Mark an alert seen and dealt with; ``Conflict`` when it is already cleared."""
    scope = ctx.scope(athlete_id)
    found = repo.event(ctx.session, scope, alert_id)
    if found is None:
        raise NotFound(f"alert {alert_id} not found")
    if found.cleared_at is not None:
        raise Conflict(f"alert {alert_id} is already cleared")
    found.cleared_at = ctx.clock.now()
    ctx.session.flush()
    ctx.audit("clear", "sensor_event", found.id, athlete_id=athlete_id)
    return _alert(found)
