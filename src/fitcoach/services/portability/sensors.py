"""Sensor data in an export: recordings, their 1 Hz vitals, sensor events and (file forms
only) raw waveforms, decoded to samples.

A recording is identified by its key (unique in an installation), a vital by its recording and
second, an event by its recording, time, kind, severity, value and message; on import, what is
stored already is skipped. Times are taken as stored (a sensor's time and a clearing on the
server's clock need not be in order). Storing sensor data needs the athlete's ``sensor_data`` consent,
as the ingest path does (the importer checks it before anything is written).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, TypedDict

from pydantic import BaseModel, ConfigDict, Field

from fitcoach.core.bounds import Instant, Text
from fitcoach.core.errors import InvalidInput
from fitcoach.services.context import ServiceContext
from fitcoach.services.portability.checks import (
    Locator,
    Problems,
    check_not_future,
    iso,
    validate_record,
)
from fitcoach.services.portability.format import (
    COLUMNS,
    WAVEFORM_DIR,
    ExportDocument,
    WaveformTrack,
)
from fitcoach.services.portability.report import KindCount
from fitcoach.services.sensors import CHANNEL_NAMES, RecordingCounters, channel_id
from fitcoach.storage import waveform as codec
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.repositories import portability as repo
from fitcoach.storage.repositories import sensors as sensor_repo
from fitcoach.storage.rows import RecordingValues, WaveformChunkValues, picked

_U32 = 2**32 - 1
_FLAGS_MAX = 2**15 - 1
VITAL_NAMES = tuple(c.name for c in COLUMNS["vitals"] if c.name not in ("recording", "at"))


class RecordingIn(BaseModel):
    """One recording as a document gives it."""

    model_config = ConfigDict(extra="forbid")

    key: Text = Field(min_length=1, max_length=120)
    device: int | None = Field(default=None, ge=0, le=65535)
    started_at: Instant
    ended_at: Instant | None = None
    status: Literal["active", "ended"] | None = None
    counters: RecordingCounters = Field(default_factory=lambda: RecordingCounters())


class VitalIn(BaseModel):
    """One second of vitals (the database's ranges; a missing value is missing)."""

    model_config = ConfigDict(extra="forbid")

    recording: Text = Field(min_length=1, max_length=120)
    at: Instant
    hr_bpm: float | None = Field(default=None, ge=0, le=300)
    hrv_rmssd_ms: float | None = Field(default=None, ge=0, le=1000)
    spo2_pct: float | None = Field(default=None, ge=0, le=100)
    spo2_calibrated: bool = False
    breathing_rate_bpm: float | None = Field(default=None, ge=0, le=120)
    etco2_mmhg: float | None = Field(default=None, ge=0, le=150)
    sqi_ecg: float | None = Field(default=None, ge=0, le=1)
    sqi_ppg: float | None = Field(default=None, ge=0, le=1)
    sqi_co2: float | None = Field(default=None, ge=0, le=1)


class EventIn(BaseModel):
    """One alert or device event."""

    model_config = ConfigDict(extra="forbid")

    recording: Text | None = Field(default=None, min_length=1, max_length=120)
    at: Instant
    kind: Text = Field(min_length=1, max_length=40)
    severity: Literal["info", "warning", "critical"]
    value: float | None = None
    message: Text = Field(default="", max_length=500)
    cleared_at: Instant | None = None


# --------------------------------------------------------------------------------------------
# Export


class RecordingOut(TypedDict):
    """A recording as an export writes it."""

    key: str
    device: int | None
    started_at: str
    ended_at: str | None
    status: str
    counters: dict[str, Any]


class EventOut(TypedDict):
    """A sensor event as an export writes it."""

    recording: str | None
    at: str
    kind: str
    severity: str
    value: float | None
    message: str
    cleared_at: str | None


def export_recordings(ctx: ServiceContext, scope: AthleteScope) -> list[RecordingOut]:
    """The athlete's recordings, oldest first."""
    return [
        {
            "key": r["key"],
            "device": r["device_id"],
            "started_at": iso(r["started_at"]),
            "ended_at": iso(r["ended_at"]),
            "status": r["status"],
            "counters": dict(r["counters"] or {}),
        }
        for r in repo.recording_rows(ctx.session, scope)
    ]


def export_vitals(ctx: ServiceContext, scope: AthleteScope) -> list[dict[str, Any]]:
    """Every second of vitals, by recording then time."""
    return [
        {"recording": r["recording"], "at": iso(r["at"]), **picked(r, VITAL_NAMES)}
        for r in repo.vital_rows(ctx.session, scope)
    ]


def export_events(ctx: ServiceContext, scope: AthleteScope) -> list[EventOut]:
    """Every sensor event (alert or device event), oldest first."""
    return [
        {
            "recording": r["recording"],
            "at": iso(r["at"]),
            "kind": r["kind"],
            "severity": r["severity"],
            "value": r["value"],
            "message": r["message"],
            "cleared_at": iso(r["cleared_at"]),
        }
        for r in repo.event_rows(ctx.session, scope)
    ]


@dataclass(frozen=True)
class TrackOut:
    """A waveform channel to export: its line in waveforms.csv and where its chunks are."""

    row: dict[str, Any]
    recording_id: int
    channel: int


def waveform_tracks(
    ctx: ServiceContext, scope: AthleteScope, recordings: Sequence[RecordingOut]
) -> list[TrackOut]:
    """One entry per recording channel with raw samples; files are named by the recording's
    place in the export (keys may hold characters a file name cannot) and the channel."""
    place = {r["key"]: i for i, r in enumerate(recordings, start=1)}
    out = []
    for t in repo.waveform_tracks(ctx.session, scope):
        name = CHANNEL_NAMES.get(int(t["channel"]), str(t["channel"]))
        row = {
            "recording": t["recording"],
            "channel": name,
            "file": f"{WAVEFORM_DIR}/{place.get(t['recording'], 0):04d}-{name}.csv",
            "device": t["device"],
            "sample_rate_hz": t["sample_rate_hz"],
            "sample_width": t["sample_width"],
            "chunks": t["chunks"],
            "samples": t["samples"],
        }
        out.append(TrackOut(row, int(t["recording_id"]), int(t["channel"])))
    return out


def waveform_rows(
    ctx: ServiceContext, scope: AthleteScope, track: TrackOut
) -> Iterator[tuple[int, int, int, int]]:
    """(seq, t_device_us, flags, value) for every sample of a channel, in frame order."""
    for chunk in sensor_repo.chunks(ctx.session, scope, track.recording_id, track.channel):
        for value in codec.decode(chunk.data).tolist():
            yield chunk.seq, chunk.t_device_us, chunk.flags, value


# --------------------------------------------------------------------------------------------
# Import: check


@dataclass
class CheckedSensors:
    """Sensor data that passed every check, ready to store (what is stored already is
    skipped when written)."""

    recordings: list[RecordingValues] = field(default_factory=list)
    vitals: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    tracks: list[tuple[WaveformTrack, int]] = field(default_factory=list)  # with channel id

    @property
    def any(self) -> bool:
        return bool(self.recordings or self.vitals or self.events or self.tracks)


def _records(doc: Mapping[str, Any], kind: str, problems: Problems) -> list[Any]:
    records = doc.get(kind)
    if records is None:
        return []
    if not isinstance(records, list):
        problems.add(f"{kind}: must be a list of records")
        return []
    return records


def check_sensors(
    ctx: ServiceContext, doc: Mapping[str, Any], scope: AthleteScope | None, problems: Problems
) -> CheckedSensors:
    """Validate recordings, vitals, events and waveforms: values in the database's ranges,
    and every reference to a recording of the document (keys are unique per athlete: another
    athlete's recordings are neither read nor named). Reads only."""
    checked = CheckedSensors()
    where = Locator(doc)
    keys: dict[str, int] = {}
    for index, raw in enumerate(_records(doc, "recordings", problems)):
        spec = validate_record(RecordingIn, "recordings", index, raw, where, problems)
        if spec is None:
            continue
        place = where("recordings", index, ["started_at"])
        if not check_not_future(ctx, spec.started_at, "started_at", "recording start", place, problems):  # fmt: skip
            continue
        if spec.key in keys:
            problems.add(
                f"{where('recordings', index, ['key'])}: key {spec.key!r} repeats "
                f"{where('recordings', keys[spec.key], [])}; each recording must be given once"
            )
            continue
        keys[spec.key] = index
        checked.recordings.append(
            {
                "key": spec.key,
                "device_id": spec.device,
                "started_at": spec.started_at.astimezone(UTC),
                "ended_at": spec.ended_at.astimezone(UTC) if spec.ended_at else None,
                "status": spec.status or ("ended" if spec.ended_at else "active"),
                "counters": spec.counters,
            }
        )

    def known(kind: str, index: int, key: str | None) -> bool:
        if key is None or key in keys:
            return True
        problems.add(
            f"{where(kind, index, ['recording'])}: no recording with key {key!r} in the document"
        )
        return False

    seen: dict[tuple[str, datetime], int] = {}
    for index, raw in enumerate(_records(doc, "vitals", problems)):
        vital = validate_record(VitalIn, "vitals", index, raw, where, problems)
        if vital is None or not known("vitals", index, vital.recording):
            continue
        place = where("vitals", index, ["at"])
        if not check_not_future(ctx, vital.at, "at", "vitals time", place, problems):
            continue
        at = vital.at.astimezone(UTC)
        if (vital.recording, at) in seen:
            problems.add(
                f"{place}: {iso(at)} repeats {where('vitals', seen[(vital.recording, at)], [])} "
                "of the same recording; one row per second"
            )
            continue
        seen[(vital.recording, at)] = index
        checked.vitals.append({**vital.model_dump(exclude={"at"}), "at": at})
    for index, raw in enumerate(_records(doc, "events", problems)):
        event = validate_record(EventIn, "events", index, raw, where, problems)
        if event is None or not known("events", index, event.recording):
            continue
        place = where("events", index, ["at"])
        if not check_not_future(ctx, event.at, "at", "event time", place, problems):
            continue
        values = event.model_dump()
        values["at"] = event.at.astimezone(UTC)
        values["cleared_at"] = event.cleared_at.astimezone(UTC) if event.cleared_at else None
        checked.events.append(values)
    if isinstance(doc, ExportDocument):
        _check_tracks(doc.waveforms, keys, checked, problems)
    return checked


def _check_tracks(
    tracks: Sequence[WaveformTrack],
    keys: Mapping[str, int],
    checked: CheckedSensors,
    problems: Problems,
) -> None:
    seen: dict[tuple[str, int], int] = {}
    for track in tracks:
        where = track.origin
        try:
            channel = channel_id(track.channel)
        except InvalidInput as exc:
            problems.add(f"{where.at('channel')}: {exc.message.removeprefix('channel: ')}")
            continue
        ok = True
        if track.recording not in keys:
            problems.add(f"{where.at('recording')}: no recording with key {track.recording!r}")
            ok = False
        if (track.recording, channel) in seen:
            problems.add(
                f"{where.at('channel')}: the {track.channel} channel of {track.recording!r} "
                f"repeats line {seen[(track.recording, channel)]}"
            )
            ok = False
        seen[(track.recording, channel)] = where.line
        if not 0 <= track.device <= 65535:
            problems.add(f"{where.at('device')}: a device id lies between 0 and 65535")
            ok = False
        if track.sample_width not in (1, 2, 4):
            problems.add(f"{where.at('sample_width')}: a sample is 1, 2 or 4 bytes wide")
            ok = False
        if not (math.isfinite(track.sample_rate_hz) and 0 <= track.sample_rate_hz <= 100_000):
            problems.add(f"{where.at('sample_rate_hz')}: a rate between 0 and 100000 Hz")
            ok = False
        bound = 1 << (8 * track.sample_width - 1) if track.sample_width in (1, 2, 4) else 0
        for chunk in track.chunks:
            if not (0 <= chunk.seq <= _U32 and 0 <= chunk.t_device_us <= _U32):
                problems.add(
                    f"{chunk.origin.at('seq')}: seq and t_device_us are unsigned 32-bit numbers"
                )
                ok = False
            if not 0 <= chunk.flags <= _FLAGS_MAX:
                problems.add(f"{chunk.origin.at('flags')}: flags lie between 0 and {_FLAGS_MAX}")
                ok = False
            if bound and any(not -bound <= v < bound for v in chunk.samples):
                problems.add(
                    f"{chunk.origin.at('value')}: a sample of frame {chunk.seq} does not fit "
                    f"in {track.sample_width} signed byte(s)"
                )
                ok = False
        if ok:
            checked.tracks.append((track, channel))


# --------------------------------------------------------------------------------------------
# Import: write


def write_sensors(
    ctx: ServiceContext, scope: AthleteScope, checked: CheckedSensors
) -> dict[str, KindCount]:
    """Store what is not stored yet: recordings (and their unknown devices), vitals, events
    and waveform chunks. Waveform chunks get the recording's start as their receive time, so
    that the waveform retention counts from when they were recorded."""
    session = ctx.session
    ids = repo.recording_ids(session, scope)
    new = [r for r in checked.recordings if r["key"] not in ids]
    devices = {r["device_id"] for r in new if r["device_id"] is not None}
    if devices:
        last = max(r["ended_at"] or r["started_at"] for r in new)
        sensor_repo.touch_devices(session, devices, last)
    inserted = repo.insert_recordings(session, scope, new)
    counts = {"recordings": _count(len(checked.recordings), inserted)}
    ids = repo.recording_ids(session, scope)

    by_recording: dict[str, list[dict[str, Any]]] = {}
    for row in checked.vitals:
        by_recording.setdefault(row["recording"], []).append(row)
    inserted = sum(
        sensor_repo.add_vitals(session, scope, ids[key], rows) for key, rows in by_recording.items()
    )
    counts["vitals"] = _count(len(checked.vitals), inserted)

    def event_key(e: Mapping[str, Any]) -> tuple[Any, ...]:
        return (e["recording"], e["at"], e["kind"], e["severity"], e["value"], e["message"])

    present = Counter(event_key(e) for e in repo.event_rows(session, scope))
    events = []
    for e in checked.events:
        key = event_key(e)
        if present[key] > 0:
            present[key] -= 1
            continue
        values = {k: v for k, v in e.items() if k != "recording"}
        values["recording_id"] = ids[e["recording"]] if e["recording"] is not None else None
        events.append(values)
    counts["events"] = _count(len(checked.events), repo.insert_events(session, scope, events))

    started = {r["key"]: r["started_at"] for r in checked.recordings}
    read = inserted = 0
    for track, channel in checked.tracks:
        rid = ids[track.recording]
        stored = sensor_repo.chunk_keys(session, scope, rid)
        read += len(track.chunks)
        rows: list[WaveformChunkValues] = [
            {
                "recording_id": rid,
                "device_id": track.device,
                "channel": channel,
                "seq": c.seq,
                "t_device_us": c.t_device_us,
                "flags": c.flags,
                "sample_rate_hz": track.sample_rate_hz,
                "n_samples": len(c.samples),
                "sample_width": track.sample_width,
                "data": codec.encode(c.samples, track.sample_width),
                "received_at": started[track.recording],
            }
            for c in track.chunks
            if (channel, c.seq) not in stored
        ]
        inserted += sensor_repo.insert_chunks(session, rows)
    if checked.tracks:
        counts["waveform_chunks"] = _count(read, inserted)
    return counts


def _count(read: int, inserted: int) -> KindCount:
    return KindCount(read, inserted, read - inserted)
