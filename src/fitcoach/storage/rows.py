"""The rows repositories hand to the services, typed by their keys.

They are TypedDicts: plain dicts at run time (so JSON output and key names are what the
queries select), with each key's type checked where a service reads it. A row type names
exactly the columns its query selects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, TypedDict

from fitcoach.core.domain import ConsentPurpose


class MeasurementRow(TypedDict):
    """A body measurement as ``measurements.rows_between`` reads it."""

    id: int
    day: date
    site: str
    value: float
    notes: str
    source: str
    source_id: str


class MeasurementValues(TypedDict):
    """A body measurement's values without the row id: as an export writes them and an import
    stores them."""

    day: date
    site: str
    value: float
    notes: str
    source: str
    source_id: str


class VitalRow(TypedDict):
    """One second of vitals as stored (out-of-range values are None, as missing)."""

    at: datetime
    hr_bpm: float | None
    hrv_rmssd_ms: float | None
    spo2_pct: float | None
    spo2_calibrated: bool
    breathing_rate_bpm: float | None
    etco2_mmhg: float | None
    sqi_ecg: float | None
    sqi_ppg: float | None
    sqi_co2: float | None


class ConsentRow(TypedDict):
    """A consent decision as exported and imported."""

    purpose: ConsentPurpose
    granted: bool
    at: datetime
    version: str
    source: str


class FlagRow(TypedDict):
    """A red flag with its resolution, as exported and imported."""

    kind: str
    source: str
    value: float | None
    note: str
    raised_at: datetime
    cleared_at: datetime | None
    resolved_by_account_id: int | None
    resolution_note: str


class RecordingValues(TypedDict):
    """A recording's values, as an import stores them."""

    key: str
    device_id: int | None
    started_at: datetime
    ended_at: datetime | None
    status: str
    counters: Mapping[str, Any]  # the JSON column (the services' ``RecordingCounters``)


class RecordingRow(RecordingValues):
    """A recording with its row id, as an export reads it."""

    id: int


class EventExportRow(TypedDict):
    """A sensor event with its recording's key (None outside a recording)."""

    recording: str | None
    at: datetime
    kind: str
    severity: str
    value: float | None
    message: str
    cleared_at: datetime | None


class WaveformTrackRow(TypedDict):
    """One (recording, channel) of raw waveforms: where it is and how much it holds."""

    recording_id: int
    recording: str
    channel: int
    device: int
    sample_rate_hz: float
    sample_width: int
    chunks: int
    samples: int


def picked(row: Mapping[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    """The values of ``keys`` of a row, in the order of ``keys`` (a TypedDict is indexed by
    literal keys only; this reads a typed row by a list of column names)."""
    return {k: row[k] for k in keys}


class VitalExportRow(VitalRow):
    """One second of vitals with its recording's key, as an export reads it."""

    recording: str


class SetExportRow(TypedDict):
    """A set for an export: its workout's row id, place, exercise slug and values."""

    session_id: int
    position: int
    exercise: str
    reps: int
    weight_kg: float | None
    rir: float | None
    completed: bool
    is_warmup: bool
    notes: str
    form_check: Any
    form_breakdown: bool | None


class SetValueRow(TypedDict):
    """What the training load reads of a set: its workout, athlete, exercise slug and values."""

    session_id: int
    athlete_id: int
    exercise: str
    reps: int
    weight_kg: float | None
    rir: float | None
    completed: bool
    is_warmup: bool


class WaveformChunkValues(TypedDict):
    """A chunk of raw samples to store (``sensors.waveforms.CHUNK_COLUMNS``)."""

    recording_id: int
    device_id: int
    channel: int
    seq: int
    t_device_us: int
    flags: int
    sample_rate_hz: float
    n_samples: int
    sample_width: int
    data: bytes
    received_at: datetime


class ExerciseValues(TypedDict):
    """The columns of an exercise an athlete keeps as their own (``exercises.add_own``)."""

    slug: str
    name: str
    aliases: list[str]
    category: str
    movement_pattern: str
    primary_muscles: list[str]
    secondary_muscles: list[str]
    equipment: list[str]
    level: str
    mechanics: str
    unilateral: bool
    body_regions: list[str]
    contraindicated_regions: list[str]
    contraindicated_conditions: list[str]
    met: float | None
    description: str


class HeldOptions(TypedDict):
    """The units a file held for review is read with once its names are chosen (``None``: the
    file's own)."""

    weight_unit: str | None
    distance_unit: str | None


class ConversationSummary(TypedDict):
    """The folded summary of a conversation's older messages, as the conversation keeps it."""

    messages: int
    since: str | None
    until: str | None
    topics: dict[str, int]
    facts: list[str]
    proposals: list[int]
    escalations: int


class SetRow(TypedDict):
    """A set with every column and its exercise's slug (``exercise``) and name
    (``exercise_name``, what people read), as the training log reads its workouts' sets."""

    id: int
    session_id: int
    athlete_id: int
    exercise_id: int
    position: int
    reps: int
    weight_kg: float | None
    rir: float | None
    completed: bool
    is_warmup: bool
    notes: str
    form_check: Any
    form_breakdown: bool | None
    exercise: str
    exercise_name: str


class WorkoutExportRow(TypedDict):
    """A workout's columns with its row id (to attach its sets), as an export reads it."""

    id: int
    started_at: datetime
    duration_s: float | None
    title: str
    notes: str
    session_rpe: float | None
    source: str
    source_id: str
