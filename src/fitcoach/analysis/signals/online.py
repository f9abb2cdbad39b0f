"""Online vitals: stateful, pure trackers fed sample chunks, giving 1 Hz vitals and alerts.

Nothing here touches a device, a file or a clock: the caller pushes chunks of samples and
calls :meth:`VitalsMonitor.tick` with the data time in seconds (samples since the start
divided by the sampling rate). Every figure is computed from the samples in a sliding window
that ends at that time; a figure whose stream is missing, stale, off or of poor quality is
``None`` for that second: never the last value repeated. 0 is a value.

Alerts (:class:`AlertEngine`) have hysteresis and minimum durations, are raised once and
cleared once. The irregular-rhythm alert flags an irregular RR series; it is not a
diagnosis of atrial fibrillation or any other arrhythmia.

Every threshold (alert levels and durations, quality gates, plausibility ranges) comes from a
``SignalThresholds`` given by the caller (``core.settings``; ``DEFAULT_THRESHOLDS`` when none
is given); nothing here reads the settings.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from fitcoach.analysis.signals import numeric
from fitcoach.analysis.signals.capnography import capnography_analyze
from fitcoach.analysis.signals.ecg import (
    FloatArray,
    IntArray,
    ecg_peaks,
    ecg_peaks_rows,
    ecg_rr_intervals,
    hrv_time_core,
    hrv_time_domain,
)
from fitcoach.analysis.signals.ppg import ppg_heart_rate, ppg_peaks, ppg_peaks_rows
from fitcoach.analysis.signals.quality import (
    _template_correlation,
    longest_flat_run_s,
    longest_flat_runs_rows,
)
from fitcoach.analysis.signals.spo2 import (
    DEFAULT_CALIBRATION,
    Spo2Calibration,
    spo2_ratio,
    spo2_ratio_rows,
)
from fitcoach.core.errors import InvalidInput
from fitcoach.core.settings import DEFAULT_THRESHOLDS, SignalThresholds

Severity = Literal["info", "warning", "critical"]
AlertState = Literal["raised", "cleared"]


@dataclass(frozen=True)
class Vitals:
    """One second of vitals; ``None`` is missing (no data, sensor off, poor quality)."""

    at_s: float
    hr_bpm: float | None
    hrv_rmssd_ms: float | None
    spo2_pct: float | None
    spo2_calibrated: bool
    ppg_hr_bpm: float | None
    breathing_rate_bpm: float | None
    etco2_mmhg: float | None
    ecg_sqi: float | None = None
    ppg_sqi: float | None = None
    rr_irregularity: float | None = None
    ecg_off: bool = False
    ppg_off: bool = False


@dataclass(frozen=True)
class Alert:
    at_s: float
    kind: str
    severity: Severity
    value: float | None
    message: str
    state: AlertState


class _Buffer:
    """The last ``keep_s`` seconds of one stream, and how many samples came in total."""

    def __init__(self, sampling_rate_hz: float, keep_s: float) -> None:
        if not sampling_rate_hz > 0:
            raise InvalidInput(f"sampling_rate_hz must be positive, got {sampling_rate_hz}")
        self.sampling_rate_hz = float(sampling_rate_hz)
        self.keep = round(keep_s * self.sampling_rate_hz)
        self.data: FloatArray = np.zeros(0)
        self.total = 0

    def push(self, chunk: npt.ArrayLike) -> None:
        x = np.asarray(chunk, dtype=float).ravel()
        self.total += x.size
        self.data = np.concatenate([self.data, x])[-self.keep :]

    @property
    def end_s(self) -> float:
        return self.total / self.sampling_rate_hz

    def last(self, seconds: float, at_s: float) -> tuple[FloatArray, int] | None:
        """Samples of [at_s − seconds, at_s) and the absolute index of the first, or None
        when the buffer does not cover that span."""
        end = round(at_s * self.sampling_rate_hz)
        start = end - round(seconds * self.sampling_rate_hz)
        first = self.total - self.data.size
        if start < first or end > self.total or start < 0:
            return None
        return self.data[start - first : end - first], start


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


class PpgTracker:
    """Red and IR PPG: pulse rate from IR systolic peaks over 10 s, SpO2 over 8 s."""

    def __init__(
        self,
        sampling_rate_hz: float,
        *,
        window_s: float = 10.0,
        spo2_window_s: float = 8.0,
        calibration: Spo2Calibration = DEFAULT_CALIBRATION,
        finger_off_dc: float | None = None,
        min_perfusion: float = 1e-3,
        min_sqi: float = DEFAULT_THRESHOLDS.ppg_min_sqi,
        flat_s: float = DEFAULT_THRESHOLDS.flatline_s,
    ) -> None:
        self.sampling_rate_hz = float(sampling_rate_hz)
        self.red = _Buffer(sampling_rate_hz, window_s + 2.0)
        self.ir = _Buffer(sampling_rate_hz, window_s + 2.0)
        self.window_s = window_s
        self.spo2_window_s = spo2_window_s
        self.calibration = calibration
        self.finger_off_dc = finger_off_dc
        self.min_perfusion = min_perfusion
        self.min_sqi = min_sqi
        self.flat_s = flat_s
        self.sqi: float | None = None

    def push(self, red: npt.ArrayLike, ir: npt.ArrayLike) -> None:
        r, i = np.asarray(red, dtype=float).ravel(), np.asarray(ir, dtype=float).ravel()
        if r.size != i.size:
            raise InvalidInput(f"red and ir chunks differ in length: {r.size} vs {i.size}")
        self.red.push(r)
        self.ir.push(i)

    def off(self, at_s: float) -> bool:
        known = self.off_unless_flat(at_s)
        if isinstance(known, bool):
            return known
        return self.flat(longest_flat_run_s(known, sampling_rate_hz=self.sampling_rate_hz))

    def off_unless_flat(self, at_s: float) -> bool | FloatArray:
        """``off(at_s)`` when it is known without the flat-line test, else the IR samples
        whose longest flat run (``longest_flat_run_s``, ``flat``) decides it."""
        recent = self.ir.last(self.flat_s, at_s)
        if recent is None:
            return False
        x = recent[0]
        if self.finger_off_dc is not None and float(x.mean()) < self.finger_off_dc:
            return True
        return x

    def flat(self, run_s: float) -> bool:
        """Whether a longest flat run of ``run_s`` makes the finger off."""
        return bool(run_s >= self.flat_s - 1.0 / self.sampling_rate_hz)

    def windows(self, at_s: float) -> tuple[FloatArray, FloatArray] | None:
        """The IR and red windows ending at ``at_s``; None when the buffers do not cover them
        or IR holds a gap (no pulse rate nor SpO2 then)."""
        ir = self.ir.last(self.window_s, at_s)
        red = self.red.last(self.window_s, at_s)
        if ir is None or red is None or not np.isfinite(ir[0]).all():
            return None
        return ir[0], red[0]

    def update(self, at_s: float) -> tuple[float | None, float | None]:
        """(pulse rate bpm, SpO2 %) at ``at_s``; either may be None."""
        w = self.windows(at_s)
        return self.apply(
            w, None if w is None else ppg_peaks(w[0], sampling_rate_hz=self.sampling_rate_hz)
        )

    def spo2_windows(
        self, windows: tuple[FloatArray, FloatArray]
    ) -> tuple[FloatArray, FloatArray] | None:
        """The red and IR samples SpO2 is computed on (the last ``spo2_window_s``), when red
        holds no gap there and they make exactly one window of ``spo2_ratio``."""
        ir_x, red_x = windows
        n = round(self.spo2_window_s * self.sampling_rate_hz)
        recent_red = red_x[-n:]
        if recent_red.size != n or not np.isfinite(recent_red).all():
            return None
        return recent_red, ir_x[-n:]

    def apply(
        self,
        windows: tuple[FloatArray, FloatArray] | None,
        detected: IntArray | None,
        ratio: np.float64 | None = None,
    ) -> tuple[float | None, float | None]:
        """``update`` with its windows (``windows``) and the IR window's ``ppg_peaks``
        (``detected``) found by the caller, and the ratio of ratios of ``spo2_windows``
        (``ratio``) when the caller computed it: ``VitalsMonitor.tick_many`` finds many at
        once."""
        if windows is None or detected is None:
            self.sqi = None
            return None, None
        ir_x, red_x = windows
        peaks = detected
        centred = ir_x - numeric.mean(ir_x)
        self.sqi = _template_correlation(centred, peaks, int(0.3 * self.sampling_rate_hz))
        if self.sqi is None or self.sqi < self.min_sqi:
            return None, None
        hr = ppg_heart_rate(peaks, sampling_rate_hz=self.sampling_rate_hz)
        n = round(self.spo2_window_s * self.sampling_rate_hz)
        recent_red = red_x[-n:]
        if not np.isfinite(recent_red).all():
            # Red lost or off alone (a dropped frame): the pulse rate is IR's; SpO2 waits
            # until the gap has left its window.
            return hr, None
        if ratio is None:
            _, r = spo2_ratio(
                recent_red,
                ir_x[-n:],
                sampling_rate_hz=self.sampling_rate_hz,
                window_s=self.spo2_window_s,
                min_perfusion=self.min_perfusion,
            )
            ratio = r[-1] if r.size else None
        spo2 = None
        if ratio is not None and np.isfinite(ratio):
            spo2 = numeric.clip(self.calibration.spo2(float(ratio)), 0.0, 100.0)
        return hr, spo2


class Co2Tracker:
    """Capnogram: breathing rate and EtCO2 over the last 30 s, within plausible ranges."""

    def __init__(
        self,
        sampling_rate_hz: float,
        *,
        window_s: float = 30.0,
        min_swing_mmhg: float = DEFAULT_THRESHOLDS.co2_min_swing_mmhg,
        plausible_etco2_mmhg: tuple[float, float] = (
            DEFAULT_THRESHOLDS.etco2_plausible_min_mmhg,
            DEFAULT_THRESHOLDS.etco2_plausible_max_mmhg,
        ),
        plausible_rate_bpm: tuple[float, float] = (
            DEFAULT_THRESHOLDS.breathing_rate_min_bpm,
            DEFAULT_THRESHOLDS.breathing_rate_max_bpm,
        ),
    ) -> None:
        self.sampling_rate_hz = float(sampling_rate_hz)
        self.buffer = _Buffer(sampling_rate_hz, window_s + 2.0)
        self.window_s = window_s
        self.min_swing_mmhg = min_swing_mmhg
        self.plausible_etco2_mmhg = plausible_etco2_mmhg
        self.plausible_rate_bpm = plausible_rate_bpm

    def push(self, co2_mmhg: npt.ArrayLike) -> None:
        self.buffer.push(co2_mmhg)

    def update(self, at_s: float) -> tuple[float | None, float | None]:
        window = self.buffer.last(min(self.window_s, at_s), at_s)
        if (
            window is None
            or window[0].size < int(5 * self.sampling_rate_hz)
            or not np.isfinite(window[0]).all()
        ):
            return None, None
        result = capnography_analyze(
            window[0],
            sampling_rate_hz=self.sampling_rate_hz,
            min_swing_mmhg=self.min_swing_mmhg,
            plausible_etco2_mmhg=self.plausible_etco2_mmhg,
            plausible_rate_bpm=self.plausible_rate_bpm,
        )
        return result.breathing_rate_bpm, result.etco2_mmhg


@dataclass
class _Rule:
    """Hysteresis: raise after ``raise_after_s`` of bad, clear after ``clear_after_s`` of good.
    A missing value (neither bad nor good known) restarts both timers."""

    kind: str
    severity: Severity
    raise_after_s: float
    clear_after_s: float
    active: bool = False
    bad_since: float | None = None
    good_since: float | None = None

    def step(
        self, at_s: float, bad: bool | None, good: bool | None, value: float | None, message: str
    ) -> Alert | None:
        if bad is None or good is None:
            self.bad_since = self.good_since = None
            return None
        if not self.active:
            self.good_since = None
            if not bad:
                self.bad_since = None
                return None
            if self.bad_since is None:
                self.bad_since = at_s
            if at_s - self.bad_since >= self.raise_after_s:
                self.active, self.bad_since = True, None
                return Alert(at_s, self.kind, self.severity, value, message, "raised")
            return None
        self.bad_since = None
        if not good:
            self.good_since = None
            return None
        if self.good_since is None:
            self.good_since = at_s
        if at_s - self.good_since >= self.clear_after_s:
            self.active, self.good_since = False, None
            return Alert(at_s, self.kind, "info", value, f"cleared: {message}", "cleared")
        return None


@dataclass
class AlertEngine:
    """Alerts from the 1 Hz vitals, with hysteresis and minimum durations.

    With the default ``thresholds`` (``SignalThresholds``; its validation keeps low < high and
    the hysteresis the right way round):

    - ``spo2_low``: SpO2 < 90 % for 10 s; clears at ≥ 92 % for 10 s.
    - ``hr_above_max``: HR (ECG, else PPG) above the athlete's maximum for 5 s; clears at
      ≤ max − 5 bpm for 10 s.
    - ``etco2_out_of_range``: EtCO2 outside 30–50 mmHg for 15 s; clears 1 mmHg inside for 15 s.
    - ``irregular_rhythm``: RR irregularity (normalised RMSSD over 30 s) above 0.15; clears
      below it for 30 s. Not a diagnosis.
    - ``sensor_off``: ECG lead-off/flatline or PPG finger-off/flatline for 3 s.
    """

    max_hr_bpm: float
    thresholds: SignalThresholds = DEFAULT_THRESHOLDS
    rules: dict[str, _Rule] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        if not self.max_hr_bpm > 0:
            raise InvalidInput("max_hr_bpm must be positive")
        t = self.thresholds
        self.rules = {
            "spo2_low": _Rule("spo2_low", "critical", t.spo2_raise_s, t.spo2_clear_s),
            "hr_above_max": _Rule("hr_above_max", "warning", t.hr_raise_s, t.hr_clear_s),
            "etco2_out_of_range": _Rule(
                "etco2_out_of_range", "warning", t.etco2_raise_s, t.etco2_clear_s
            ),
            "irregular_rhythm": _Rule("irregular_rhythm", "warning", 0.0, t.irregularity_clear_s),
            "ecg_off": _Rule("sensor_off", "warning", t.sensor_off_s, t.sensor_off_s),
            "ppg_off": _Rule("sensor_off", "warning", t.sensor_off_s, t.sensor_off_s),
        }

    def update(self, v: Vitals) -> list[Alert]:
        out: list[Alert] = []

        def add(alert: Alert | None) -> None:
            if alert is not None:
                out.append(alert)

        t, r, th = v.at_s, self.rules, self.thresholds
        s = v.spo2_pct
        add(
            r["spo2_low"].step(
                t,
                None if s is None else s < th.spo2_low_pct,
                None if s is None else s >= th.spo2_clear_pct,
                s,
                f"SpO2 {s if s is None else round(s)} % below {th.spo2_low_pct:.0f} % "
                "(estimate; check the sensor and the athlete)",
            )
        )
        hr = v.hr_bpm if v.hr_bpm is not None else v.ppg_hr_bpm
        add(
            r["hr_above_max"].step(
                t,
                None if hr is None else hr > self.max_hr_bpm,
                None if hr is None else hr <= self.max_hr_bpm - th.hr_clear_margin_bpm,
                hr,
                f"heart rate above the athlete's maximum {self.max_hr_bpm:.0f} bpm",
            )
        )
        e = v.etco2_mmhg
        lo, hi, margin = th.etco2_low_mmhg, th.etco2_high_mmhg, th.etco2_clear_margin_mmhg
        add(
            r["etco2_out_of_range"].step(
                t,
                None if e is None else not lo <= e <= hi,
                None if e is None else lo + margin <= e <= hi - margin,
                e,
                f"EtCO2 outside {lo:.0f}–{hi:.0f} mmHg",
            )
        )
        q = v.rr_irregularity
        add(
            r["irregular_rhythm"].step(
                t,
                None if q is None else q > th.irregularity_threshold,
                None if q is None else q <= th.irregularity_threshold,
                q,
                "irregular heart rhythm detected; this is not a diagnosis: stop and "
                "see a professional if it persists or comes with symptoms",
            )
        )
        add(r["ecg_off"].step(t, v.ecg_off, not v.ecg_off, None, "ECG lead off or flat signal"))
        add(r["ppg_off"].step(t, v.ppg_off, not v.ppg_off, None, "PPG finger off or flat signal"))
        return out


class VitalsMonitor:
    """ECG, PPG (red + IR) and capnography trackers and the alert engine in one place.

    Push chunks to any stream (a stream may be absent: pass its rate as ``None``), then call
    :meth:`tick` once a second with the data time. ``thresholds`` sets every quality gate,
    plausibility range and alert of the trackers and the engine.
    """

    def __init__(
        self,
        *,
        max_hr_bpm: float,
        ecg_hz: float | None = 250.0,
        ppg_hz: float | None = 100.0,
        co2_hz: float | None = 20.0,
        spo2_calibration: Spo2Calibration = DEFAULT_CALIBRATION,
        thresholds: SignalThresholds = DEFAULT_THRESHOLDS,
    ) -> None:
        t = self.thresholds = thresholds
        self.max_pulse_mismatch_bpm = t.max_pulse_mismatch_bpm
        self.ecg = (
            EcgTracker(
                ecg_hz,
                min_sqi=t.ecg_min_sqi,
                flat_s=t.flatline_s,
                min_fraction_kept=t.hrv_min_fraction_kept,
            )
            if ecg_hz
            else None
        )
        self.ppg = (
            PpgTracker(
                ppg_hz, calibration=spo2_calibration, min_sqi=t.ppg_min_sqi, flat_s=t.flatline_s
            )
            if ppg_hz
            else None
        )
        self.co2 = (
            Co2Tracker(
                co2_hz,
                min_swing_mmhg=t.co2_min_swing_mmhg,
                plausible_etco2_mmhg=(t.etco2_plausible_min_mmhg, t.etco2_plausible_max_mmhg),
                plausible_rate_bpm=(t.breathing_rate_min_bpm, t.breathing_rate_max_bpm),
            )
            if co2_hz
            else None
        )
        self.alerts = AlertEngine(max_hr_bpm=max_hr_bpm, thresholds=t)
        self.spo2_calibrated = spo2_calibration.calibrated

    def push_ecg(self, ecg_mv: npt.ArrayLike, lead_off: npt.ArrayLike | bool = False) -> None:
        if self.ecg is None:
            raise InvalidInput("this monitor has no ECG stream")
        self.ecg.push(ecg_mv, lead_off)

    def push_ppg(self, red: npt.ArrayLike, ir: npt.ArrayLike) -> None:
        if self.ppg is None:
            raise InvalidInput("this monitor has no PPG stream")
        self.ppg.push(red, ir)

    def push_co2(self, co2_mmhg: npt.ArrayLike) -> None:
        if self.co2 is None:
            raise InvalidInput("this monitor has no CO2 stream")
        self.co2.push(co2_mmhg)

    def tick(self, at_s: float) -> tuple[Vitals, list[Alert]]:
        t = self.prepare(at_s)
        if t.ecg_window is not None:
            t.ecg_peaks = ecg_peaks(t.ecg_window[0], sampling_rate_hz=t.ecg_sampling_rate_hz)
        if t.ppg_windows is not None:
            t.ppg_peaks = ppg_peaks(t.ppg_windows[0], sampling_rate_hz=t.ppg_sampling_rate_hz)
        return self.complete(t)

    @staticmethod
    def tick_many(
        monitors: Sequence[VitalsMonitor], at_s: Sequence[float]
    ) -> list[tuple[Vitals, list[Alert]]]:
        """``[m.tick(t) for m, t in zip(monitors, at_s)]`` (distinct monitors), with the R-peak
        and systolic-peak detection of every window done at once (``prepare_many``)."""
        ticks = VitalsMonitor.prepare_many(monitors, at_s)
        return [m.complete(t) for m, t in zip(monitors, ticks, strict=True)]

    @staticmethod
    def prepare_many(monitors: Sequence[VitalsMonitor], at_s: Sequence[float]) -> list[Tick]:
        """``prepare`` of each monitor (distinct ones) with the peaks its ``tick`` would find
        and SpO2's ratio of ratios: the flat-line tests, the windows and the SpO2 samples of
        one sampling rate and length go through ``longest_flat_runs_rows``,
        ``ecg_peaks_rows``, ``ppg_peaks_rows`` and ``spo2_ratio_rows`` together (each row's
        answer that of the one-window function, so ``complete`` gives what ``tick`` gives).
        Changes no monitor: ``complete`` does."""
        # The sensor-off tests first, the flat-line tests of all monitors at once.
        ecg_off = _off_many([m.ecg for m in monitors], at_s)
        ppg_off = _off_many([m.ppg for m in monitors], at_s)
        ticks = [
            m.prepare(t, ecg_off=e, ppg_off=p)
            for m, t, e, p in zip(monitors, at_s, ecg_off, ppg_off, strict=True)
        ]
        ecg: dict[tuple[float, int], list[Tick]] = {}
        ppg: dict[tuple[float, int], list[Tick]] = {}
        for t in ticks:
            if t.ecg_window is not None:
                ecg.setdefault((t.ecg_sampling_rate_hz, t.ecg_window[0].size), []).append(t)
            if t.ppg_windows is not None:
                ppg.setdefault((t.ppg_sampling_rate_hz, t.ppg_windows[0].size), []).append(t)
        for (rate_hz, _), group in ecg.items():
            rows = np.array([t.ecg_window[0] for t in group if t.ecg_window is not None])
            for t, found in zip(group, ecg_peaks_rows(rows, sampling_rate_hz=rate_hz), strict=True):
                t.ecg_peaks = found
        for (rate_hz, _), group in ppg.items():
            rows = np.array([t.ppg_windows[0] for t in group if t.ppg_windows is not None])
            for t, found in zip(group, ppg_peaks_rows(rows, sampling_rate_hz=rate_hz), strict=True):
                t.ppg_peaks = found
        # SpO2's ratio of ratios, for every monitor whose red window has no gap: computed
        # whether or not its pulse passes the quality gate (``complete`` decides), since one
        # computation for all costs less than one per monitor that needs it.
        spo2: dict[tuple[float, int, float], list[tuple[Tick, FloatArray, FloatArray]]] = {}
        for m, t in zip(monitors, ticks, strict=True):
            if m.ppg is not None and t.ppg_windows is not None:
                recent = m.ppg.spo2_windows(t.ppg_windows)
                if recent is not None:
                    key = (t.ppg_sampling_rate_hz, recent[0].size, m.ppg.min_perfusion)
                    spo2.setdefault(key, []).append((t, *recent))
        for (rate_hz, _, perfusion), items in spo2.items():
            ratios = spo2_ratio_rows(
                np.array([red for _, red, _ in items]),
                np.array([ir for _, _, ir in items]),
                sampling_rate_hz=rate_hz,
                min_perfusion=perfusion,
            )
            for (t, _, _), ratio in zip(items, ratios, strict=True):
                t.spo2_ratio = ratio
        return ticks

    def prepare(
        self, at_s: float, *, ecg_off: bool | None = None, ppg_off: bool | None = None
    ) -> Tick:
        """The first half of ``tick``: whether each sensor is off (``ecg_off`` and
        ``ppg_off`` when the caller tested it) and the windows to detect peaks in. Reads the
        buffers, changes nothing."""
        t = Tick(at_s)
        if self.ecg is not None:
            t.ecg_off = self.ecg.off(at_s) if ecg_off is None else ecg_off
            if not t.ecg_off:
                t.ecg_sampling_rate_hz = self.ecg.sampling_rate_hz
                t.ecg_window = self.ecg.window(at_s)
        if self.ppg is not None:
            t.ppg_off = self.ppg.off(at_s) if ppg_off is None else ppg_off
            if not t.ppg_off:
                t.ppg_sampling_rate_hz = self.ppg.sampling_rate_hz
                t.ppg_windows = self.ppg.windows(at_s)
        return t

    def complete(self, t: Tick) -> tuple[Vitals, list[Alert]]:
        """The rest of ``tick`` for ``prepare``'s ``t`` with its windows' peaks filled in."""
        at_s = t.at_s
        hr = rmssd = irregular = ecg_sqi = None
        ecg_off, ppg_off = t.ecg_off, t.ppg_off
        if self.ecg is not None and not ecg_off:
            self.ecg.apply(t.ecg_window, t.ecg_peaks)
            ecg_sqi = self.ecg.sqi
            hr, rmssd = self.ecg.heart_rate(at_s), self.ecg.rmssd(at_s)
            irregular = self.ecg.irregularity(at_s) if hr is not None else None
        ppg_hr = spo2 = ppg_sqi = None
        if self.ppg is not None and not ppg_off:
            ppg_hr, spo2 = self.ppg.apply(t.ppg_windows, t.ppg_peaks, t.spo2_ratio)
            ppg_sqi = self.ppg.sqi
        # A PPG that does not follow the ECG's pulse is tracking motion, not blood: its SpO2
        # is left out (pulse-rate agreement, as in motion-tolerant oximetry) rather than trusted.
        if (
            spo2 is not None
            and hr is not None
            and (ppg_hr is None or abs(ppg_hr - hr) > self.max_pulse_mismatch_bpm)
        ):
            spo2 = None
        rate = etco2 = None
        if self.co2 is not None:
            rate, etco2 = self.co2.update(at_s)
        vitals = Vitals(
            at_s=at_s,
            hr_bpm=hr,
            hrv_rmssd_ms=rmssd,
            spo2_pct=spo2,
            spo2_calibrated=self.spo2_calibrated,
            ppg_hr_bpm=ppg_hr,
            breathing_rate_bpm=rate,
            etco2_mmhg=etco2,
            ecg_sqi=ecg_sqi,
            ppg_sqi=ppg_sqi,
            rr_irregularity=irregular,
            ecg_off=ecg_off,
            ppg_off=ppg_off,
        )
        return vitals, self.alerts.update(vitals)


def _off_many(
    trackers: Sequence[EcgTracker | PpgTracker | None], at_s: Sequence[float]
) -> list[bool]:
    """``off`` of each tracker at its time (False where there is none), with the flat-line
    tests of the samples of one rate, length and tolerance done as the rows of one array."""
    known = [
        False if tracker is None else tracker.off_unless_flat(at)
        for tracker, at in zip(trackers, at_s, strict=True)
    ]
    out = [v if isinstance(v, bool) else False for v in known]
    groups: dict[tuple[float, int, float], list[int]] = {}
    for k, (tracker, v) in enumerate(zip(trackers, known, strict=True)):
        if tracker is not None and not isinstance(v, bool):
            tolerance = tracker.flat_tolerance_mv if isinstance(tracker, EcgTracker) else 0.0
            groups.setdefault((tracker.sampling_rate_hz, v.size, tolerance), []).append(k)
    for (rate_hz, _, tolerance), rows in groups.items():
        runs = longest_flat_runs_rows(
            np.array([known[k] for k in rows]), sampling_rate_hz=rate_hz, tolerance=tolerance
        )
        for k, run in zip(rows, runs.tolist(), strict=True):
            tracker = trackers[k]
            assert tracker is not None
            out[k] = tracker.flat(run)
    return out


@dataclass
class Tick:
    """One monitor's second between ``VitalsMonitor.prepare`` and ``complete``: whether each
    sensor is off, the windows to detect peaks in (None: none to analyse), and their peaks."""

    at_s: float
    ecg_off: bool = False
    ppg_off: bool = False
    ecg_sampling_rate_hz: float = 0.0
    ppg_sampling_rate_hz: float = 0.0
    ecg_window: tuple[FloatArray, int] | None = None
    ppg_windows: tuple[FloatArray, FloatArray] | None = None
    ecg_peaks: IntArray | None = None
    ppg_peaks: IntArray | None = None
    spo2_ratio: np.float64 | None = None  # of PpgTracker.spo2_windows, when computed
