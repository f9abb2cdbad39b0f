"""SpO2 from red and infrared PPG by the ratio of ratios.

R = (AC_red / DC_red) / (AC_ir / DC_ir), SpO2 = a − b·R.

The default line 110 − 25·R is the empirical curve widely used with uncalibrated
reflective sensors (e.g. Maxim's application notes for the MAX3010x); its results are marked
``calibrated=False``. Only coefficients fitted against a reference oximeter
(:func:`calibrate_spo2`) make a calibrated estimate. Neither is a medical measurement.

Sources: Webster J.G. (1997) *Design of Pulse Oximeters*, IOP (ratio of ratios);
Maxim Integrated AN6409 (empirical linear calibration).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from fitcoach.analysis.signals import numeric
from fitcoach.analysis.signals.ecg import ROWS_AT_ONCE, FloatArray, _rate, _signal, bandpass
from fitcoach.core.errors import InvalidInput


@dataclass(frozen=True)
class Spo2Calibration:
    """SpO2 = a − b·R. ``calibrated`` is True only for coefficients fitted to a reference."""

    a: float = 110.0
    b: float = 25.0
    calibrated: bool = False
    rmse_pct: float | None = None
    n_points: int = 0

    def spo2(self, r: float) -> float:
        return self.a - self.b * r


DEFAULT_CALIBRATION = Spo2Calibration()


@dataclass(frozen=True)
class Spo2Estimate:
    """Per-window R and SpO2 (clipped to 0–100 %) and their medians; ``None`` when no window
    had a usable pulse."""

    window_starts_s: FloatArray
    r: FloatArray
    spo2_pct: FloatArray
    r_median: float | None
    spo2_pct_median: float | None
    calibrated: bool


def spo2_ratio(
    red: npt.ArrayLike,
    ir: npt.ArrayLike,
    *,
    sampling_rate_hz: float,
    window_s: float = 4.0,
    step_s: float | None = None,
    min_perfusion: float = 1e-4,
) -> tuple[FloatArray, FloatArray]:
    """Ratio of ratios per window: (window start times in s, R).

    DC is the window mean of the raw channel; AC is the RMS of the 0.5–5 Hz band-passed
    channel (the pulsatile part), so R does not depend on where beats fall in the window.
    A window whose IR perfusion index AC/DC is below ``min_perfusion`` (no pulse: finger off
    or flat) or whose DC is not positive gives NaN.
    """
    fs = _rate(sampling_rate_hz)
    r_sig, i_sig = _signal(red, "red"), _signal(ir, "ir")
    if r_sig.size != i_sig.size:
        raise InvalidInput(f"red and ir differ in length: {r_sig.size} vs {i_sig.size}")
    if window_s <= 0:
        raise InvalidInput("window_s must be positive")
    win = round(window_s * fs)
    step = round((step_s or window_s) * fs)
    if r_sig.size < win or step < 1:
        return np.zeros(0), np.zeros(0)
    padlen = min(r_sig.size - 1, 15)
    # Both channels in one call: each row is filtered on its own, as two calls would.
    ac_r, ac_i = bandpass(0.5, 5.0, 2, fs).filtfilt(np.array((r_sig, i_sig)), padlen=padlen)
    starts = np.arange(0, r_sig.size - win + 1, step)
    out = np.full(starts.size, np.nan)
    for k, s in enumerate(starts):
        dc_r, dc_i = numeric.mean(r_sig[s : s + win]), numeric.mean(i_sig[s : s + win])
        if dc_r <= 0 or dc_i <= 0:
            continue
        pr = float(np.sqrt(numeric.mean(ac_r[s : s + win] ** 2))) / dc_r
        pi = float(np.sqrt(numeric.mean(ac_i[s : s + win] ** 2))) / dc_i
        if pi < min_perfusion or pr <= 0:
            continue
        out[k] = pr / pi
    return starts / fs, out


def spo2_ratio_rows(
    red: npt.ArrayLike,
    ir: npt.ArrayLike,
    *,
    sampling_rate_hz: float,
    min_perfusion: float = 1e-4,
) -> FloatArray:
    """The ratio of ratios of each pair of rows taken as one window: ``spo2_ratio(red[k],
    ir[k], window_s=width / fs)[1][0]`` (NaN where no usable pulse) for 2-D arrays of finite
    windows of one length, each step done for many rows at once (the band-pass along the
    rows, the means as ``numeric.mean_rows``: each row's the 1-D function's numbers)."""
    fs = _rate(sampling_rate_hz)
    r = np.asarray(red, dtype=np.float64)
    i = np.asarray(ir, dtype=np.float64)
    if r.shape != i.shape or r.ndim != 2:
        raise InvalidInput(f"red and ir must be 2-D arrays of one shape: {r.shape} vs {i.shape}")
    n, width = r.shape
    out = np.empty(n)
    out.fill(np.nan)
    if width == 0:
        return out
    padlen = min(width - 1, 15)
    band = bandpass(0.5, 5.0, 2, fs)
    half = max(1, ROWS_AT_ONCE // 2)
    for at in range(0, n, half):
        m = min(half, n - at)
        x = np.empty((2 * m, width))
        x[0::2], x[1::2] = r[at : at + m], i[at : at + m]  # each pair as spo2_ratio stacks it
        ac = band.filtfilt(x, padlen=padlen)
        dc = numeric.mean_rows(x)
        rms = np.sqrt(numeric.mean_rows(ac**2))
        dc_r, dc_i = dc[0::2], dc[1::2]
        with np.errstate(divide="ignore", invalid="ignore"):
            pr, pi = rms[0::2] / dc_r, rms[1::2] / dc_i
            ok = (dc_r > 0) & (dc_i > 0) & ~(pi < min_perfusion) & ~(pr <= 0)
            out[at : at + m] = np.where(ok, pr / pi, np.nan)
    return out


def spo2_estimate(
    red: npt.ArrayLike,
    ir: npt.ArrayLike,
    *,
    sampling_rate_hz: float,
    calibration: Spo2Calibration = DEFAULT_CALIBRATION,
    window_s: float = 4.0,
) -> Spo2Estimate:
    """SpO2 (%) per window and its median from red and IR PPG by the ratio of ratios."""
    starts, r = spo2_ratio(red, ir, sampling_rate_hz=sampling_rate_hz, window_s=window_s)
    spo2 = np.clip(calibration.a - calibration.b * r, 0.0, 100.0)
    ok = np.isfinite(r)
    return Spo2Estimate(
        window_starts_s=starts,
        r=r,
        spo2_pct=spo2,
        r_median=float(np.median(r[ok])) if ok.any() else None,
        spo2_pct_median=float(np.median(spo2[ok])) if ok.any() else None,
        calibrated=calibration.calibrated,
    )


def calibrate_spo2(r_values: npt.ArrayLike, reference_spo2: npt.ArrayLike) -> Spo2Calibration:
    """Least-squares line SpO2 = a − b·R from paired R values and a reference oximeter's SpO2 (%).

    Needs at least 3 pairs spanning some range of R; the result is ``calibrated=True`` and
    carries its residual RMSE (%).
    """
    r = np.asarray(r_values, dtype=float).ravel()
    ref = np.asarray(reference_spo2, dtype=float).ravel()
    if r.size != ref.size:
        raise InvalidInput(f"{r.size} R values but {ref.size} reference readings")
    ok = np.isfinite(r) & np.isfinite(ref)
    r, ref = r[ok], ref[ok]
    if r.size < 3:
        raise InvalidInput("calibration needs at least 3 paired readings")
    if np.ptp(r) <= 0:
        raise InvalidInput("calibration needs R values that differ (a range of saturations)")
    if ((ref < 50) | (ref > 100)).any():
        raise InvalidInput("reference SpO2 readings must lie between 50 and 100 %")
    slope, intercept = np.polyfit(r, ref, 1)
    rmse = float(np.sqrt(np.mean((intercept + slope * r - ref) ** 2)))
    return Spo2Calibration(
        a=float(intercept), b=float(-slope), calibrated=True, rmse_pct=rmse, n_points=int(r.size)
    )
