"""The PPG tracker: pulse rate from the infrared channel and SpO2 from the red/infrared ratio
(calibrated or not), with signal quality and sensor-off detection.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from fitcoach.analysis.signals import numeric
from fitcoach.analysis.signals.ecg import FloatArray, IntArray
from fitcoach.analysis.signals.online.records import _Buffer
from fitcoach.analysis.signals.ppg import ppg_heart_rate, ppg_peaks
from fitcoach.analysis.signals.quality import _template_correlation, longest_flat_run_s
from fitcoach.analysis.signals.spo2 import DEFAULT_CALIBRATION, Spo2Calibration, spo2_ratio
from fitcoach.core.errors import InvalidInput
from fitcoach.core.settings import DEFAULT_THRESHOLDS


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
