"""What the vitals worker stores and publishes: rows and messages shaped from the analysis.

A value outside its column's range, or not finite, is stored as NULL (missing), never clipped
to the range and never the previous value repeated.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import TYPE_CHECKING, TypedDict

from fitcoach.storage.models.sensors import SessionSummary
from fitcoach.storage.rows import VitalRow

if TYPE_CHECKING:  # the analysis (NeuroKit2, SciPy) loads with the worker, not with this module
    from fitcoach.analysis.signals.online import Alert, Vitals
    from fitcoach.analysis.signals.session import SessionSignals


def finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def clip(value: float | None, low: float, high: float) -> float | None:
    """The value when finite and within [low, high]; None otherwise."""
    v = finite(value)
    return None if v is None or not low <= v <= high else v


def rounded(value: float | None, digits: int = 1) -> float | None:
    v = finite(value)
    return None if v is None else round(v, digits)


def vital_row(at: datetime, v: Vitals) -> VitalRow:
    """The ``vitals`` columns of one second (out-of-range values are NULL, as missing).

    ``hr_bpm`` is the ECG's rate, else the PPG pulse rate when the ECG has none that second.
    """
    return {
        "at": at,
        "hr_bpm": clip(v.hr_bpm if v.hr_bpm is not None else v.ppg_hr_bpm, 0, 300),
        "hrv_rmssd_ms": clip(v.hrv_rmssd_ms, 0, 1000),
        "spo2_pct": clip(v.spo2_pct, 0, 100),
        "spo2_calibrated": bool(v.spo2_calibrated),
        "breathing_rate_bpm": clip(v.breathing_rate_bpm, 0, 120),
        "etco2_mmhg": clip(v.etco2_mmhg, 0, 150),
        "sqi_ecg": clip(v.ecg_sqi, 0, 1),
        "sqi_ppg": clip(v.ppg_sqi, 0, 1),
        "sqi_co2": None,
    }


class VitalsMessage(TypedDict):
    """A stored second as the vitals stream carries it (``at`` as ISO 8601 text)."""

    athlete_id: int
    recording_key: str
    at: str
    hr_bpm: float | None
    hrv_rmssd_ms: float | None
    spo2_pct: float | None
    spo2_calibrated: bool
    breathing_rate_bpm: float | None
    etco2_mmhg: float | None
    sqi_ecg: float | None
    sqi_ppg: float | None
    sqi_co2: float | None


class AlertMessage(TypedDict):
    """A stored alert as the alerts stream carries it."""

    athlete_id: int
    recording_key: str
    at: str
    kind: str
    severity: str
    state: str
    value: float | None
    message: str


def vitals_message(athlete_id: int, key: str, row: VitalRow) -> VitalsMessage:
    """A stored second as published on the vitals stream for the live views."""
    return {"athlete_id": athlete_id, "recording_key": key, **row, "at": row["at"].isoformat()}


def alert_message(athlete_id: int, key: str, at: datetime, alert: Alert) -> AlertMessage:
    """A stored alert event as published on the alerts stream."""
    return {
        "athlete_id": athlete_id,
        "recording_key": key,
        "at": at.isoformat(),
        "kind": alert.kind,
        "severity": alert.severity,
        "state": alert.state,
        "value": finite(alert.value),
        "message": alert.message,
    }


def summary_json(result: SessionSignals, duration_s: float) -> SessionSummary:
    """The session summary kept in the recording's counters (``counters["summary"]``)."""
    hrv = result.hrv
    return {
        "duration_s": round(duration_s, 1),
        "mean_hr_bpm": rounded(result.mean_hr_bpm),
        "peak_hr_bpm": rounded(result.peak_hr_bpm),
        "max_hr_bpm": round(result.max_hr_bpm, 1),
        "zone_minutes": [round(z, 2) for z in result.zone_minutes],
        "trimp_edwards": round(result.trimp_edwards, 1),
        "hr_recovery_bpm": rounded(result.hr_recovery_bpm),
        "hr_recovery_reason": result.hr_recovery_reason,
        "hrv": {
            "rmssd_ms": rounded(hrv.time.rmssd_ms) if hrv.time else None,
            "sdnn_ms": rounded(hrv.time.sdnn_ms) if hrv.time else None,
            "lf_hf": rounded(hrv.frequency.lf_hf) if hrv.frequency else None,
            "n_beats": hrv.n_beats,
            "reason": hrv.reason,
        },
    }
