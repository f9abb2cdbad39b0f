"""The ECG tracker: R peaks over the sliding window, heart rate, HRV (RMSSD), signal quality,
leads-off and RR irregularity, each ``None`` when it cannot be told.
"""

from __future__ import annotations

from collections import deque

import numpy as np
import numpy.typing as npt

from fitcoach.analysis.signals import numeric
from fitcoach.analysis.signals.ecg import (
    FloatArray,
    IntArray,
    ecg_peaks,
    ecg_rr_intervals,
    hrv_time_core,
    hrv_time_domain,
)
from fitcoach.analysis.signals.online.records import _Buffer
from fitcoach.analysis.signals.quality import _template_correlation, longest_flat_run_s
from fitcoach.core.settings import DEFAULT_THRESHOLDS


class EcgTracker:
    """R peaks detected on a sliding window, accumulated; HR over 10 s, RMSSD over 60 s,
    RR irregularity over 30 s."""

    def __init__(
        self,
        sampling_rate_hz: float,
        *,
        detect_window_s: float = 8.0,
        hr_window_s: float = 10.0,
        hrv_window_s: float = 60.0,
        irregularity_window_s: float = 30.0,
        min_sqi: float = DEFAULT_THRESHOLDS.ecg_min_sqi,
        flat_s: float = DEFAULT_THRESHOLDS.flatline_s,
        flat_tolerance_mv: float = 1e-3,
        min_fraction_kept: float = DEFAULT_THRESHOLDS.hrv_min_fraction_kept,
    ) -> None:
        self.buffer = _Buffer(sampling_rate_hz, detect_window_s + 2.0)
        self.sampling_rate_hz = float(sampling_rate_hz)
        self.detect_window_s = detect_window_s
        self.hr_window_s = hr_window_s
        self.hrv_window_s = hrv_window_s
        self.irregularity_window_s = irregularity_window_s
        self.min_sqi = min_sqi
        self.flat_s = flat_s
        self.flat_tolerance_mv = flat_tolerance_mv
        self.min_fraction_kept = min_fraction_kept
        self.peaks: deque[int] = deque()
        self.lead_off_until = -1  # absolute sample index of the last lead-off sample
        self.sqi: float | None = None

    def push(self, ecg_mv: npt.ArrayLike, lead_off: npt.ArrayLike | bool = False) -> None:
        x = np.asarray(ecg_mv, dtype=float).ravel()
        flags = np.broadcast_to(np.asarray(lead_off, dtype=bool), x.shape)
        if flags.any():
            self.lead_off_until = self.buffer.total + int(np.flatnonzero(flags)[-1])
        self.buffer.push(x)

    def off(self, at_s: float) -> bool:
        known = self.off_unless_flat(at_s)
        if isinstance(known, bool):
            return known
        return self.flat(
            longest_flat_run_s(
                known, sampling_rate_hz=self.sampling_rate_hz, tolerance=self.flat_tolerance_mv
            )
        )

    def off_unless_flat(self, at_s: float) -> bool | FloatArray:
        """``off(at_s)`` when it is known without the flat-line test, else the samples whose
        longest flat run (``longest_flat_run_s``, ``flat``) decides it."""
        end = round(at_s * self.sampling_rate_hz)
        if self.lead_off_until >= end - int(self.flat_s * self.sampling_rate_hz):
            return True
        recent = self.buffer.last(self.flat_s, at_s)
        if recent is None:
            return False
        return recent[0]

    def flat(self, run_s: float) -> bool:
        """Whether a longest flat run of ``run_s`` makes the lead off."""
        return bool(run_s >= self.flat_s - 1.0 / self.sampling_rate_hz)

    def window(self, at_s: float) -> tuple[FloatArray, int] | None:
        """The detection window ending at ``at_s`` and its first sample's absolute index;
        None when the buffer does not cover it or it holds a gap (no detection then)."""
        window = self.buffer.last(self.detect_window_s, at_s)
        if window is None or not np.isfinite(window[0]).all():
            return None
        return window

    def update(self, at_s: float) -> None:
        window = self.window(at_s)
        self.apply(
            window,
            None
            if window is None
            else ecg_peaks(window[0], sampling_rate_hz=self.sampling_rate_hz),
        )

    def apply(self, window: tuple[FloatArray, int] | None, detected: IntArray | None) -> None:
        """``update`` with its window (``window``) and that window's ``ecg_peaks`` (``detected``)
        found by the caller: ``VitalsMonitor.tick_many`` finds many athletes' at once."""
        if window is None or detected is None:
            self.sqi = None
            return
        x, start = window
        found = detected + start
        half = int(0.25 * self.sampling_rate_hz)
        self.sqi = _template_correlation(x - numeric.median(x), found - start, half)
        last = self.peaks[-1] if self.peaks else -(10**12)
        margin = int(0.3 * self.sampling_rate_hz)
        refractory = int(0.2 * self.sampling_rate_hz)
        end = start + x.size
        for p in found.tolist():
            if p > last + refractory and p < end - margin:
                self.peaks.append(p)
                last = p
        oldest = end - int((self.hrv_window_s + 5.0) * self.sampling_rate_hz)
        while self.peaks and self.peaks[0] < oldest:
            self.peaks.popleft()

    def _recent(self, seconds: float, at_s: float) -> npt.NDArray[np.int64]:
        lo = (at_s - seconds) * self.sampling_rate_hz
        peaks = np.fromiter(self.peaks, dtype=np.int64, count=len(self.peaks))
        return peaks[peaks >= lo]

    def heart_rate(self, at_s: float) -> float | None:
        if self.sqi is None or self.sqi < self.min_sqi:
            return None
        rr = ecg_rr_intervals(
            self._recent(self.hr_window_s, at_s), sampling_rate_hz=self.sampling_rate_hz
        )
        kept = rr.kept_rr_ms
        if kept.size < 3:
            return None
        return 60_000.0 / float(numeric.mean(kept))

    def rmssd(self, at_s: float) -> float | None:
        if at_s < self.hrv_window_s or self.sqi is None or self.sqi < self.min_sqi:
            return None
        peaks = self._recent(self.hrv_window_s, at_s)
        rr = ecg_rr_intervals(peaks, sampling_rate_hz=self.sampling_rate_hz)
        if rr.rr_ms.size < 20 or rr.fraction_kept < self.min_fraction_kept:
            return None
        span = (peaks[-1] - peaks[0]) / self.sampling_rate_hz
        if span < 0.9 * self.hrv_window_s:
            return None
        t = hrv_time_domain(rr)
        return None if t is None else t.rmssd_ms

    def irregularity(self, at_s: float) -> float | None:
        """Normalised RMSSD (RMSSD / mean RR) of the in-range RR over the last 30 s, before the
        ectopic filter (ectopic beats are irregularity too)."""
        if at_s < self.irregularity_window_s:
            return None
        peaks = self._recent(self.irregularity_window_s, at_s)
        # ecg_rr_intervals' intervals, without its ectopic filter (not used here).
        rr_ms = numeric.diff(np.sort(peaks)).astype(float) * 1000.0 / self.sampling_rate_hz
        v = rr_ms[(rr_ms >= 300.0) & (rr_ms <= 2000.0)]
        if v.size < 15:
            return None
        return hrv_time_core(v).cvsd  # RMSSD / mean RR
