"""Signal quality indices and sensor-state flags.

- ECG: template correlation (the average correlation of each beat with the mean beat,
  ``method="templatematch"``; Orphanidou C. et al. 2015, *IEEE JBHI* 19(3):832–838) or
  NeuroKit2's ``averageQRS`` (``nk.ecg_quality``).
- PPG: skewness SQI (Elgendi M. 2016, Optimal signal quality index for photoplethysmogram
  signals, *Bioengineering* 3(4):21) or template correlation.
- Flags: flatline (no change beyond a tolerance for ``flat_s``), saturation (samples pinned
  at the ADC rails), lead-off (a flag from the front end, e.g. AD8232 LO+/LO−).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import neurokit2 as nk
import numpy as np
import numpy.typing as npt
from scipy.stats import skew

from fitcoach.analysis.signals import numeric
from fitcoach.analysis.signals.ecg import FloatArray, _rate, _signal, ecg_clean, ecg_peaks
from fitcoach.analysis.signals.ppg import ppg_clean, ppg_peaks
from fitcoach.core.errors import InvalidInput
from fitcoach.core.settings import DEFAULT_THRESHOLDS


def _template_correlation(x: FloatArray, peaks: npt.NDArray[np.int64], half: int) -> float | None:
    peaks = peaks[(peaks - half >= 0) & (peaks + half < x.size)]
    if peaks.size < 3:
        return None
    beats = x[peaks[:, None] + np.arange(-half, half)]  # one row per beat (a copy, as stack)
    template = numeric.mean(beats, axis=0)
    b = beats - numeric.mean(beats, axis=1, keepdims=True)
    t = template - numeric.mean(template)
    denom = numeric.norm(b, axis=1) * numeric.norm(t)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(denom > 0, b @ t / np.where(denom > 0, denom, 1.0), 0.0)
    return numeric.clip(numeric.mean(r), 0.0, 1.0)


def ecg_quality(
    ecg_mv: npt.ArrayLike,
    *,
    sampling_rate_hz: float,
    method: Literal["templatematch", "averageQRS"] = "templatematch",
) -> float | None:
    """ECG quality in 0–1 (1 = every beat looks like the average beat); ``None`` with fewer
    than 3 beats. ``templatematch`` correlates ±250 ms around each R peak with the mean beat;
    ``averageQRS`` is NeuroKit2's ``ecg_quality`` averaged over the signal."""
    fs = _rate(sampling_rate_hz)
    x = _signal(ecg_mv, "ecg_mv")
    if x.size < int(2 * fs):
        return None
    peaks = ecg_peaks(x, sampling_rate_hz=fs)
    cleaned = ecg_clean(x, sampling_rate_hz=fs)
    if method == "templatematch":
        return _template_correlation(cleaned, peaks, int(0.25 * fs))
    if method == "averageQRS":
        if peaks.size < 3:
            return None
        q = nk.ecg_quality(cleaned, rpeaks=peaks, sampling_rate=fs, method="averageQRS")
        return float(np.nanmean(q))
    raise InvalidInput(f"unknown ECG quality method {method!r}")


def ppg_quality(
    ppg: npt.ArrayLike,
    *,
    sampling_rate_hz: float,
    method: Literal["skewness", "templatematch"] = "templatematch",
) -> float | None:
    """PPG quality. ``templatematch``: 0–1 correlation of each pulse (−0.3 s to +0.5 s
    around the systolic peak) with the mean pulse; ``None`` with fewer than 3 pulses.
    ``skewness``: the skewness of the cleaned PPG (Elgendi 2016: higher is better; clean
    finger PPG is usually above 0)."""
    fs = _rate(sampling_rate_hz)
    x = _signal(ppg, "ppg")
    if x.size < int(2 * fs):
        return None
    cleaned = ppg_clean(x, sampling_rate_hz=fs)
    if method == "skewness":
        return float(skew(cleaned)) if np.ptp(cleaned) > 0 else None
    if method == "templatematch":
        peaks = ppg_peaks(x, sampling_rate_hz=fs)
        return _template_correlation(cleaned, peaks, int(0.3 * fs))
    raise InvalidInput(f"unknown PPG quality method {method!r}")


@dataclass(frozen=True)
class SensorFlags:
    """Sensor state over a window: any of these makes its measurements missing."""

    flatline: bool
    saturated: bool
    lead_off: bool

    @property
    def off(self) -> bool:
        return self.flatline or self.saturated or self.lead_off


def longest_flat_run_s(
    x: npt.ArrayLike, *, sampling_rate_hz: float, tolerance: float = 0.0
) -> float:
    """Longest stretch (s) in which consecutive samples change by at most ``tolerance``."""
    fs = _rate(sampling_rate_hz)
    v = np.asarray(x, dtype=float).ravel()
    if v.size < 2:
        return 0.0
    still = np.abs(numeric.diff(v)) <= tolerance
    if not still.any():
        return 0.0
    padded = np.concatenate([[0], still.astype(np.int8), [0]])
    edges = numeric.diff(padded)
    runs = (edges == -1).nonzero()[0] - (edges == 1).nonzero()[0]
    return float((runs.max() + 1) / fs)


def longest_flat_runs_rows(
    x: npt.ArrayLike, *, sampling_rate_hz: float, tolerance: float = 0.0
) -> FloatArray:
    """``longest_flat_run_s`` of every row of a 2-D array (many athletes' windows at once):
    the same integer run lengths, found for all rows in one pass, and the same division."""
    fs = _rate(sampling_rate_hz)
    v = np.asarray(x, dtype=np.float64)
    n, width = v.shape
    out = np.zeros(n)
    if width < 2 or n == 0:
        return out
    padded = np.zeros((n, width + 1), dtype=np.int8)
    padded[:, 1:-1] = np.abs(v[:, 1:] - v[:, :-1]) <= tolerance
    edges = padded[:, 1:] - padded[:, :-1]
    rows, begins = (edges == 1).nonzero()
    ends = (edges == -1).nonzero()[1]  # in the same order: every run ends in its own row
    if rows.size == 0:
        return out
    longest = np.zeros(n, dtype=np.int64)
    np.maximum.at(longest, rows, ends - begins)
    still = np.zeros(n, dtype=bool)
    still[rows] = True
    out[still] = (longest[still] + 1) / fs
    return out


def sensor_flags(
    x: npt.ArrayLike,
    *,
    sampling_rate_hz: float,
    flat_s: float = DEFAULT_THRESHOLDS.flatline_s,
    flat_tolerance: float = 0.0,
    rails: tuple[float, float] | None = None,
    max_saturated_fraction: float = 0.05,
    lead_off: npt.ArrayLike | bool = False,
) -> SensorFlags:
    """Flatline for ``flat_s`` (3 s), saturation (more than ``max_saturated_fraction`` of
    samples at or beyond the ADC ``rails``), and lead-off (any sample flagged by the front end)."""
    v = np.asarray(x, dtype=float).ravel()
    flat = longest_flat_run_s(v, sampling_rate_hz=sampling_rate_hz, tolerance=flat_tolerance)
    saturated = False
    if rails is not None and v.size:
        lo, hi = rails
        saturated = bool(np.mean((v <= lo) | (v >= hi)) > max_saturated_fraction)
    off = bool(np.any(np.asarray(lead_off, dtype=bool)))
    return SensorFlags(flatline=flat >= flat_s, saturated=saturated, lead_off=off)
