"""The end of a recording: the after-session analysis of its stored ECG, kept and logged.

``summarise`` runs ``analysis.signals.session.session_analyze`` on the *stored* ECG chunks (so
it needs the frame consumer to have stored them), writes the summary (HRV, HR recovery, time
in zones, Edwards TRIMP) into ``recording.counters["summary"]`` and marks the recording ended.
A recording stays a recording: it goes into the training log (and the training load) only when
the athlete says it was a session (``services.sensors.log_recording_as_session``), so that a
sensor left on, or the demo's simulated board, does not fill the log with sessions.

Maximum heart rate (zones, TRIMP, the above-maximum alert): 208 − 0.7 × age (Tanaka, Monahan
& Seals 2001) from the profile's birth date, else ``SignalThresholds.default_max_hr_bpm``
(190 bpm, a conservative adult value).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from fitcoach.analysis.signals.ecg import ecg_peaks
from fitcoach.analysis.signals.session import session_analyze
from fitcoach.core.bounds import age_years
from fitcoach.core.settings import DEFAULT_THRESHOLDS, SignalThresholds
from fitcoach.ingest.units import ECG, stored_ecg_mv
from fitcoach.sensors.profiles import DeviceProfile
from fitcoach.services.context import ServiceContext
from fitcoach.services.sensor_ingest.rows import summary_json
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import Recording
from fitcoach.storage.models.sensors import SessionSummary
from fitcoach.storage.repositories import athletes as athletes_repo
from fitcoach.storage.repositories import sensors as repo


@dataclass(frozen=True)
class FinishResult:
    """What ``finish`` stored for a recording."""

    recording_key: str
    summary: SessionSummary


def max_hr_for(
    birth_date: date | None,
    on: date,
    default_bpm: float = DEFAULT_THRESHOLDS.default_max_hr_bpm,
) -> float:
    """208 − 0.7 × age (Tanaka 2001), or ``default_bpm`` when the birth date is unknown."""
    if birth_date is None:
        return default_bpm
    return 208.0 - 0.7 * max(age_years(birth_date, on), 0)


def athlete_max_hr(
    ctx: ServiceContext, scope: AthleteScope, on: date, thresholds: SignalThresholds
) -> float:
    """The scoped athlete's maximum heart rate on ``on``."""
    profile = athletes_repo.get_profile(ctx.session, scope)
    return max_hr_for(profile.birth_date if profile else None, on, thresholds.default_max_hr_bpm)


def summarise(
    ctx: ServiceContext,
    scope: AthleteScope,
    recording: Recording,
    *,
    thresholds: SignalThresholds,
    profile: DeviceProfile,
) -> FinishResult:
    """Analyse the scoped athlete's ``recording`` (read through ``scope``) and end it, keeping
    the summary in its counters; the caller's unit of work commits."""
    anchor = recording.started_at
    max_hr = athlete_max_hr(ctx, scope, anchor.date(), thresholds)
    fs = profile.channel(ECG).rate_hz
    ecg = stored_ecg_mv(repo.chunks(ctx.session, scope, recording.id, ECG), profile, fs)
    duration_s = ecg.size / fs
    peaks = ecg_peaks(ecg, sampling_rate_hz=fs) if ecg.size >= 5 * fs else np.zeros(0, np.int64)
    result = session_analyze(
        peaks,
        sampling_rate_hz=fs,
        max_hr_bpm=max_hr,
        hrv_min_fraction_kept=thresholds.hrv_min_fraction_kept,
    )
    summary = summary_json(result, duration_s)
    repo.end_recording(
        ctx.session,
        scope,
        recording.key,
        anchor + timedelta(seconds=duration_s),
        summary=summary,
    )
    return FinishResult(recording.key, summary)
