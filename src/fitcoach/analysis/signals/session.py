"""After a session: HRV, heart-rate recovery, time in HR zones and Edwards' TRIMP from R peaks.

Heart-rate recovery (HRR60): the heart rate at the end of the hardest effort minus the heart
rate ``recovery_s`` (60 s) later (Cole C.R. et al. 1999, *N Engl J Med* 341:1351–1357). The
hardest effort is the ``effort_window_s`` (60 s) stretch with the highest mean heart rate,
extended while the heart rate stays within ``effort_margin_bpm`` (2 bpm) of that mean; each
end value is the mean over 5 s. Zones and TRIMP follow Edwards (1993) via
:mod:`fitcoach.analysis.load`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from fitcoach.analysis.load import edwards_trimp, hr_zone_minutes
from fitcoach.analysis.signals.ecg import (
    MIN_FRACTION_KEPT,
    HrvResult,
    ecg_heart_rate_series,
    ecg_hrv,
)
from fitcoach.core.errors import InvalidInput


@dataclass(frozen=True)
class SessionSignals:
    """What a recorded session's ECG says; the coach turns it into a training-load entry
    (``duration_min`` and ``trimp_edwards``, in Edwards' arbitrary units)."""

    duration_min: float
    mean_hr_bpm: float | None
    peak_hr_bpm: float | None
    zone_minutes: tuple[float, float, float, float, float]
    trimp_edwards: float
    hardest_effort_end_s: float | None
    hr_recovery_bpm: float | None
    hr_recovery_reason: str | None
    hrv: HrvResult
    max_hr_bpm: float


def session_analyze(
    r_peaks: npt.ArrayLike,
    *,
    sampling_rate_hz: float,
    max_hr_bpm: float,
    effort_window_s: float = 60.0,
    recovery_s: float = 60.0,
    average_s: float = 5.0,
    effort_margin_bpm: float = 2.0,
    hrv_min_fraction_kept: float = MIN_FRACTION_KEPT,
) -> SessionSignals:
    """Full post-session analysis from R-peak sample indices at ``sampling_rate_hz``.

    The heart-rate series is the filtered instantaneous rate resampled at 1 Hz (see
    :func:`fitcoach.analysis.signals.ecg.ecg_heart_rate_series`); HRV covers the whole session
    with its quality gate (``hrv_min_fraction_kept`` of the RR intervals must pass the filters;
    exercise makes RR non-stationary: read it as a description).
    """
    if not max_hr_bpm > 0:
        raise InvalidInput(f"max_hr_bpm must be positive, got {max_hr_bpm}")
    peaks = np.sort(np.asarray(r_peaks, dtype=np.int64).ravel())
    times, hr = ecg_heart_rate_series(peaks, sampling_rate_hz=sampling_rate_hz)
    hrv = ecg_hrv(peaks, sampling_rate_hz=sampling_rate_hz, min_fraction_kept=hrv_min_fraction_kept)
    duration_min = (
        float((peaks[-1] - peaks[0]) / sampling_rate_hz / 60.0) if peaks.size > 1 else 0.0
    )
    minutes = hr_zone_minutes(hr, sampling_rate_hz=1.0, max_hr_bpm=max_hr_bpm)
    zones = (
        float(minutes[0]),
        float(minutes[1]),
        float(minutes[2]),
        float(minutes[3]),
        float(minutes[4]),
    )
    trimp = edwards_trimp(list(zones))
    effort_end: float | None = None
    recovery: float | None = None
    reason: str | None = None
    win, avg, rec = int(effort_window_s), max(1, int(average_s)), int(recovery_s)
    if hr.size < win:
        reason = f"heart-rate series shorter than the {effort_window_s:.0f} s effort window"
    else:
        means = np.convolve(hr, np.ones(win) / win, mode="valid")
        best = int(np.argmax(means))
        end = best + win  # index just after the hardest window
        # A sustained effort ends when the heart rate leaves it, not where the window does.
        while end < hr.size and hr[end] >= means[best] - effort_margin_bpm:
            end += 1
        effort_end = float(times[end - 1])
        if end - 1 + rec + avg // 2 >= hr.size:
            reason = f"recording ends less than {recovery_s:.0f} s after the hardest effort"
        else:
            at_end = float(hr[end - avg : end].mean())
            later = float(hr[end - 1 + rec - avg // 2 : end - 1 + rec + avg // 2 + 1].mean())
            recovery = at_end - later
    return SessionSignals(
        duration_min=duration_min,
        mean_hr_bpm=float(hr.mean()) if hr.size else None,
        peak_hr_bpm=float(hr.max()) if hr.size else None,
        zone_minutes=zones,
        trimp_edwards=trimp,
        hardest_effort_end_s=effort_end,
        hr_recovery_bpm=recovery,
        hr_recovery_reason=reason,
        hrv=hrv,
        max_hr_bpm=float(max_hr_bpm),
    )
