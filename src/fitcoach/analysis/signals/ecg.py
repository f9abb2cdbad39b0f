"""ECG: R-peak detection, RR intervals and their filtering, heart rate, HRV.

Pure functions: arrays in, results out. NeuroKit2 does the detection underneath.

Sources:

- Makowski D. et al. (2021) NeuroKit2: A Python toolbox for neurophysiological signal
  processing. *Behav Res Methods* 53:1689–1696 (``ecg_clean``, the ``neurokit`` R-peak detector).
- Pan J., Tompkins W.J. (1985) A real-time QRS detection algorithm. *IEEE TBME* 32(3):230–236
  (detection on a QRS-band-pass signal).
- Task Force of the ESC and NASPE (1996) Heart rate variability: standards of measurement.
  *Circulation* 93(5):1043–1065 (SDNN, RMSSD, pNN50, LF 0.04–0.15 Hz, HF 0.15–0.4 Hz).
- Malik M. et al. (1989), Kubios HRV (Tarvainen et al. 2014, *Comput Methods Programs Biomed*
  113:210–220): artefact correction by comparison with the local median RR. NeuroKit2's
  ``signal_fixpeaks(method="Kubios")`` (Lipponen & Tarvainen 2019) is not used: it corrects
  rather than drops, and misses ventricular bigeminy entirely (docs/signals.md).
- Bigger J.T. et al. (1988), PhysioNet ``pNNx`` (Mietus et al. 2002): pNN50 as a share of
  the successive differences.
- Lomb N.R. (1976), Scargle J.D. (1982): the periodogram of unevenly sampled data, used on RR
  intervals without interpolation (Laguna P. et al. 1998, *IEEE TBME* 45(6):698–715).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Literal

import neurokit2 as nk
import numpy as np
import numpy.typing as npt
from scipy.signal import lombscargle

from fitcoach.analysis.signals import numeric
from fitcoach.analysis.signals.filters import ZeroPhase, butterworth
from fitcoach.analysis.signals.peaks import ecg_findpeaks_neurokit, ecg_findpeaks_neurokit_rows
from fitcoach.core.errors import InvalidInput
from fitcoach.core.settings import DEFAULT_THRESHOLDS

EcgPrefilter = Literal["qrs_band", "neurokit_clean", "none"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

RR_MIN_S = 0.3
RR_MAX_S = 2.0
ECTOPIC_TOLERANCE = 0.2
MEDIAN_WINDOW_BEATS = 11
MIN_FRACTION_KEPT = DEFAULT_THRESHOLDS.hrv_min_fraction_kept  # a setting (SignalThresholds)
MIN_TIME_DOMAIN_S = 60.0
MIN_FREQUENCY_DOMAIN_S = 120.0
LF_BAND_HZ = (0.04, 0.15)
HF_BAND_HZ = (0.15, 0.40)
QRS_BAND_HZ = (5.0, 25.0)


def _signal(values: npt.ArrayLike, name: str) -> FloatArray:
    x = np.asarray(values, dtype=float).ravel()
    if x.size == 0:
        raise InvalidInput(f"{name} is empty")
    if not np.isfinite(x).all():
        raise InvalidInput(f"{name} holds NaN or infinite samples; cut or fill gaps first")
    return x


def _rate(sampling_rate_hz: float) -> float:
    if not sampling_rate_hz > 0:
        raise InvalidInput(f"sampling_rate_hz must be positive, got {sampling_rate_hz}")
    return float(sampling_rate_hz)


def ecg_clean(ecg_mv: npt.ArrayLike, *, sampling_rate_hz: float) -> FloatArray:
    """NeuroKit2's default cleaning: 0.5 Hz high-pass (5th-order Butterworth) and 50 Hz
    powerline smoothing. Output in mV."""
    fs = _rate(sampling_rate_hz)
    x = _signal(ecg_mv, "ecg_mv")
    return np.asarray(nk.ecg_clean(x, sampling_rate=fs, method="neurokit"), dtype=float)


def bandpass(low_hz: float, high_hz: float, order: int, sampling_rate_hz: float) -> ZeroPhase:
    """A zero-phase Butterworth band-pass (the high edge kept below 0.45 × the sampling rate),
    designed once per arguments: the online trackers filter a window every second."""
    high = min(high_hz, 0.45 * sampling_rate_hz)
    return butterworth(order, (low_hz, high), "bandpass", sampling_rate_hz)


def bandpass_sos(low_hz: float, high_hz: float, order: int, sampling_rate_hz: float) -> FloatArray:
    """The second-order sections of ``bandpass`` (shared with every caller: do not modify)."""
    return bandpass(low_hz, high_hz, order, sampling_rate_hz).sos


def _qrs_band(x: FloatArray, sampling_rate_hz: float) -> FloatArray:
    band = bandpass(QRS_BAND_HZ[0], QRS_BAND_HZ[1], 3, sampling_rate_hz)
    padlen = min(x.size - 1, 3 * (2 * len(band.sos) + 1))
    return band.filtfilt(x, padlen=padlen)


def ecg_peaks(
    ecg_mv: npt.ArrayLike,
    *,
    sampling_rate_hz: float,
    prefilter: EcgPrefilter = "qrs_band",
    refine_window_ms: float = 0.0,
) -> IntArray:
    """R-peak sample indices (at ``sampling_rate_hz``) of an ECG in mV.

    The detector is NeuroKit2's default (``method="neurokit"``: steepness of the QRS complex,
    ``nk.ecg_peaks(..., correct_artifacts=False)``), the one offered. ``prefilter`` is what it runs on:

    - ``"qrs_band"`` (default): a zero-phase 5–25 Hz Butterworth band-pass, the QRS energy band
      (after Pan & Tompkins 1985), which keeps baseline wander, T waves and high-frequency
      noise away from the detector. On MIT-BIH records 100/105/119/121 (250 Hz) it gains
      sensitivity on the noisy record 105 over the raw or ``ecg_clean``-ed signal; see
      ``docs/signals.md``.
    - ``"neurokit_clean"``: NeuroKit2's ``ecg_clean`` (its default pipeline).
    - ``"none"``: the signal as given.

    With ``refine_window_ms`` > 0 each detection is moved to the largest absolute deflection
    of the ``ecg_clean``-ed signal within ±``refine_window_ms`` and peaks closer than 200 ms
    are merged. It is off by default: on the MIT-BIH records NeuroKit2's detector already
    lands on the annotated R wave (median error 0 ms at 250 Hz with and without it), so it did
    not measurably help.
    """
    fs = _rate(sampling_rate_hz)
    x = _signal(ecg_mv, "ecg_mv")
    if x.size < int(2 * fs) or x.max() == x.min():  # np.ptp(x) == 0 (x is finite)
        return np.zeros(0, dtype=np.int64)
    need_clean = prefilter == "neurokit_clean" or refine_window_ms > 0
    cleaned = (
        np.asarray(nk.ecg_clean(x, sampling_rate=fs, method="neurokit"), dtype=float)
        if need_clean
        else x
    )
    if prefilter == "qrs_band":
        detect_on = _qrs_band(x, fs)
    elif prefilter == "neurokit_clean":
        detect_on = cleaned
    elif prefilter == "none":
        detect_on = x
    else:
        raise InvalidInput(f"unknown prefilter {prefilter!r}")
    if detect_on.max() == detect_on.min():
        return np.zeros(0, dtype=np.int64)
    try:
        # What nk.ecg_peaks(correct_artifacts=False) returns as info["ECG_R_Peaks"], without the
        # per-sample DataFrame it also builds, and with the detector's loop vectorised
        # (analysis.signals.peaks: the same peaks).
        peaks = np.asarray(ecg_findpeaks_neurokit(detect_on, fs), dtype=np.int64)
    except (ValueError, IndexError):  # NeuroKit2 fails on signals without any QRS-like slope
        return np.zeros(0, dtype=np.int64)
    if refine_window_ms > 0 and peaks.size:
        peaks = _refine(peaks, cleaned, round(refine_window_ms * fs / 1000.0))
        peaks = _merge_close(peaks, cleaned, round(0.2 * fs))
    return peaks


ROWS_AT_ONCE = 16  # windows per 2-D step: enough to share the calls, few enough for the cache


def ecg_peaks_rows(ecg_mv: FloatArray, *, sampling_rate_hz: float) -> list[IntArray]:
    """``ecg_peaks(row, sampling_rate_hz=...)`` (default prefilter) of every row of
    a 2-D array of finite windows of one length: many athletes' windows of one second, each
    step done for ``ROWS_AT_ONCE`` rows at a time (``peaks.ecg_findpeaks_neurokit_rows``).
    Each row's answer is the 1-D function's (``tests/analysis/signals/test_batched.py``)."""
    fs = _rate(sampling_rate_hz)
    x = np.asarray(ecg_mv, dtype=np.float64)
    n, width = x.shape
    out = [np.zeros(0, dtype=np.int64) for _ in range(n)]
    if width < int(2 * fs):
        return out
    live = (x.max(axis=1) != x.min(axis=1)).nonzero()[0]  # np.ptp(row) != 0
    band = bandpass(QRS_BAND_HZ[0], QRS_BAND_HZ[1], 3, fs)
    padlen = min(width - 1, 3 * (2 * len(band.sos) + 1))  # as _qrs_band
    for at in range(0, live.size, ROWS_AT_ONCE):
        rows = live[at : at + ROWS_AT_ONCE]
        detect_on = band.filtfilt(x[rows], padlen=padlen)
        moving = detect_on.max(axis=1) != detect_on.min(axis=1)
        rows, detect_on = rows[moving], np.ascontiguousarray(detect_on[moving])
        try:
            found = ecg_findpeaks_neurokit_rows(detect_on, fs)
        except (ValueError, IndexError):  # as ecg_peaks: let each row answer for itself
            found = [ecg_peaks(x[r], sampling_rate_hz=fs) for r in rows.tolist()]
        for r, peaks in zip(rows.tolist(), found, strict=True):
            out[r] = np.asarray(peaks, dtype=np.int64)
    return out


def _refine(peaks: IntArray, cleaned: FloatArray, half: int) -> IntArray:
    """Move every peak to the largest |value| of ``cleaned`` within ±``half`` samples."""
    if half < 1:
        return peaks
    n = cleaned.size
    offsets = np.arange(-half, half + 1)
    idx = np.clip(peaks[:, None] + offsets[None, :], 0, n - 1)
    best = np.argmax(np.abs(cleaned[idx]), axis=1)
    return np.asarray(idx[np.arange(peaks.size), best], dtype=np.int64)


def _merge_close(peaks: IntArray, cleaned: FloatArray, min_gap: int) -> IntArray:
    peaks = np.unique(peaks)
    if peaks.size < 2:
        return peaks
    kept = [int(peaks[0])]
    for p in peaks[1:]:
        if p - kept[-1] < min_gap:
            if abs(cleaned[p]) > abs(cleaned[kept[-1]]):
                kept[-1] = int(p)
        else:
            kept.append(int(p))
    return np.asarray(kept, dtype=np.int64)


# --- RR intervals ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RRIntervals:
    """RR intervals in ms with the time (s) of the beat that ends each one, and which were kept.

    ``kept`` marks the intervals that passed the physiological range and the ectopic filter;
    ``reasons`` counts what was dropped and why.
    """

    rr_ms: FloatArray
    times_s: FloatArray
    kept: npt.NDArray[np.bool_]
    dropped_out_of_range: int
    dropped_ectopic: int

    @property
    def fraction_kept(self) -> float:
        return float(self.kept.mean()) if self.kept.size else 0.0

    @property
    def kept_rr_ms(self) -> FloatArray:
        return self.rr_ms[self.kept]

    @property
    def kept_times_s(self) -> FloatArray:
        return self.times_s[self.kept]


def ecg_rr_intervals(
    r_peaks: npt.ArrayLike,
    *,
    sampling_rate_hz: float,
    min_rr_s: float = RR_MIN_S,
    max_rr_s: float = RR_MAX_S,
    ectopic_tolerance: float = ECTOPIC_TOLERANCE,
    median_window_beats: int = MEDIAN_WINDOW_BEATS,
) -> RRIntervals:
    """RR intervals from R-peak sample indices, filtered in two steps.

    1. Physiological range: ``min_rr_s`` ≤ RR ≤ ``max_rr_s`` (0.3–2.0 s: 30–200 bpm).
    2. Ectopic filter (Malik 1989, local median): an interval differing from the median of
       the ``median_window_beats`` in-range intervals around it by more than
       ``ectopic_tolerance`` (20 %) is dropped. A premature beat drops both the short coupling
       interval and the long compensatory pause.
    """
    fs = _rate(sampling_rate_hz)
    if not 0 < min_rr_s < max_rr_s:
        raise InvalidInput("need 0 < min_rr_s < max_rr_s")
    if not 0 < ectopic_tolerance < 1:
        raise InvalidInput("ectopic_tolerance is a fraction between 0 and 1, e.g. 0.2")
    peaks = np.sort(np.asarray(r_peaks, dtype=np.int64).ravel())
    rr_ms = numeric.diff(peaks).astype(float) * 1000.0 / fs
    times_s = peaks[1:].astype(float) / fs
    in_range = (rr_ms >= min_rr_s * 1000.0) & (rr_ms <= max_rr_s * 1000.0)
    kept = in_range.copy()
    ectopic = 0
    if in_range.sum() >= 3:
        valid = rr_ms[in_range]
        window = max(3, median_window_beats | 1)
        local = numeric.median_filter(valid, window)
        ok = np.abs(valid - local) <= ectopic_tolerance * local
        ectopic = int((~ok).sum())
        kept[in_range.nonzero()[0][~ok]] = False
    return RRIntervals(
        rr_ms=rr_ms,
        times_s=times_s,
        kept=kept,
        dropped_out_of_range=int((~in_range).sum()),
        dropped_ectopic=ectopic,
    )


def ecg_heart_rate(
    r_peaks: npt.ArrayLike, *, sampling_rate_hz: float, filtered: bool = True
) -> float | None:
    """Mean heart rate in bpm: 60 000 / mean RR (ms), over filtered RR by default.

    ``None`` when fewer than two usable intervals exist (a missing value, not 0).
    """
    rr = ecg_rr_intervals(r_peaks, sampling_rate_hz=sampling_rate_hz)
    values = rr.kept_rr_ms if filtered else rr.rr_ms
    if values.size < 2:
        return None
    return 60_000.0 / float(numeric.mean(values))


def ecg_heart_rate_series(
    r_peaks: npt.ArrayLike, *, sampling_rate_hz: float, output_rate_hz: float = 1.0
) -> tuple[FloatArray, FloatArray]:
    """Instantaneous heart rate (bpm) from filtered RR, linearly interpolated on a regular
    grid at ``output_rate_hz`` between the first and the last kept beat: (times_s, hr_bpm)."""
    rr = ecg_rr_intervals(r_peaks, sampling_rate_hz=sampling_rate_hz)
    t, v = rr.kept_times_s, rr.kept_rr_ms
    if t.size < 2:
        return np.zeros(0), np.zeros(0)
    grid = np.arange(np.ceil(t[0]), t[-1] + 1e-9, 1.0 / output_rate_hz)
    return grid, np.interp(grid, t, 60_000.0 / v)


# --- HRV ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HrvTime:
    mean_rr_ms: float
    sdnn_ms: float
    rmssd_ms: float
    pnn50_pct: float
    mean_hr_bpm: float


@dataclass(frozen=True)
class HrvFrequency:
    lf_ms2: float
    hf_ms2: float
    lf_hf: float | None
    method: str = "lomb_scargle"


@dataclass(frozen=True)
class HrvResult:
    """HRV with its quality gate: a domain is ``None`` with a reason when the data cannot carry it."""

    time: HrvTime | None
    frequency: HrvFrequency | None
    reason: str | None
    n_beats: int
    duration_s: float
    fraction_kept: float
    dropped_out_of_range: int
    dropped_ectopic: int


def _successive(rr: RRIntervals) -> FloatArray:
    """Differences between consecutive intervals that were both kept (no bridging of gaps)."""
    both = rr.kept[1:] & rr.kept[:-1]
    diffs: FloatArray = numeric.diff(rr.rr_ms)
    return diffs[both]


def hrv_time_indices(
    rr_ms: npt.ArrayLike, times_s: npt.ArrayLike | None = None
) -> dict[str, float]:
    """NeuroKit2's ``hrv_time`` indices (``HRV_MeanNN``, ``HRV_SDNN``, ``HRV_RMSSD``,
    ``HRV_CVSD`` ...) of RR intervals in ms. A NaN interval is a gap: with ``times_s`` (the
    time of the beat that ends each interval) no successive difference bridges it.

    ``hrv_time_core`` computes the four indices above alone, the same way, far faster."""
    intervals = np.asarray(rr_ms, dtype=float)
    given: dict[str, FloatArray] = {"RRI": intervals}
    if times_s is not None:
        given["RRI_Time"] = np.asarray(times_s, dtype=float)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        # 0/0 in indices we do not read (SDRMSSD when RMSSD is 0) and windows (SDANN5 ...)
        # longer than the data warn; the indices read here are unaffected.
        warnings.simplefilter("ignore")
        table = nk.hrv_time(given)
    return {str(k): float(v) for k, v in table.iloc[0].items()}


@dataclass(frozen=True)
class HrvTimeCore:
    """NeuroKit2's ``HRV_MeanNN``, ``HRV_SDNN``, ``HRV_RMSSD`` and ``HRV_CVSD`` (ms; CVSD a
    fraction)."""

    mean_nn: float
    sdnn: float
    rmssd: float
    cvsd: float


def _successive_nk(intervals: FloatArray, times_s: FloatArray) -> npt.NDArray[np.bool_]:
    """NeuroKit2's ``_intervals_successive``: which neighbours are consecutive beats (the
    time between them, in ms, within 10 ms of the later interval)."""
    t = times_s.astype(float)  # a copy: NaN intervals blank their times
    t[np.isnan(intervals)] = np.nan
    # np.diff(t, n=1) and np.diff(intervals[1:], n=0) (the slice itself), as NeuroKit2 writes.
    return np.asarray(np.abs(numeric.diff(t) * 1000 - intervals[1:]) <= 10)


def hrv_time_core(rr_ms: npt.ArrayLike, times_s: npt.ArrayLike | None = None) -> HrvTimeCore:
    """Mean NN, SDNN, RMSSD and CVSD exactly as ``nk.hrv_time`` computes them (the same NumPy
    operations on the same arrays, so the same floats: ``hrv_time_indices`` is the reference,
    and ``tests/analysis/signals/test_ecg.py`` compares the two), without the ~25 other
    indices, histograms and the DataFrame it builds: the online tracker asks every second.

    NeuroKit2's input handling is followed: without ``times_s`` the times are the cumulative
    sum of the intervals (NaN imputed with the median); NaN intervals are dropped after marking
    the data as having gaps, and then only differences between consecutive beats count.
    (NeuroKit2 also guesses whether ``times_s`` are in ms; beat times in seconds, as given here,
    never trigger that.)
    """
    intervals = np.array(rr_ms, dtype=float)
    finite = np.isfinite(intervals)
    all_finite = bool(finite.all())
    successive: npt.NDArray[np.bool_] | None = None
    if times_s is None:
        nan = np.isnan(intervals)
        # NaN imputed with the median (where no interval is NaN that changes nothing).
        imputed = (
            np.where(nan, np.nanmedian(intervals, axis=0), intervals) if nan.any() else intervals
        )
        t = np.nancumsum(imputed / 1000)
    else:
        t = np.array(times_s, dtype=float)
        successive = _successive_nk(intervals, t)
        if not successive.all() and not _uniform(t):
            converted = _successive_nk(intervals, t / 1000)
            if len(converted[converted]) > len(successive[successive]):
                t = t / 1000
                successive = converted
    missing = not all_finite
    if not missing:
        if successive is None:
            successive = _successive_nk(intervals, t)
        missing = bool(not successive.all() and successive.any() and not _uniform(t))
    else:
        t, intervals = t[finite], intervals[finite]
        successive = None  # of the intervals left
    diffs = numeric.diff(intervals)
    if missing:
        diffs = diffs[successive if successive is not None else _successive_nk(intervals, t)]
    if intervals.size >= 2 and diffs.size >= 1:
        # No NaN is left: NumPy's nanmean and nanstd(ddof=1) come down to these sums (the
        # same pairwise sums and divisions, so the same floats), without their NaN handling.
        n = intervals.size
        mean_nn = np.add.reduce(intervals) / n
        deviation = intervals - np.add.reduce(intervals, keepdims=True) / n
        sdnn = np.sqrt(np.add.reduce(deviation * deviation) / (n - 1))
        rmssd = np.sqrt(np.add.reduce(diffs**2) / diffs.size)
    else:  # too few: NaN, as NeuroKit2 gives (without its warnings)
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            mean_nn = np.nanmean(intervals)
            sdnn = np.nanstd(intervals, ddof=1)
            rmssd = np.sqrt(np.nanmean(diffs**2))
    with np.errstate(all="ignore"):
        cvsd = rmssd / mean_nn
    return HrvTimeCore(
        mean_nn=float(mean_nn), sdnn=float(sdnn), rmssd=float(rmssd), cvsd=float(cvsd)
    )


def _uniform(times_s: FloatArray) -> bool:
    """NeuroKit2's ``_intervals_time_uniform``: evenly spaced times (interpolated intervals)."""
    return len(np.unique(np.round(numeric.diff(times_s), decimals=3))) == 1


def hrv_time_domain(rr: RRIntervals) -> HrvTime | None:
    """Mean RR, SDNN (sample SD), RMSSD and pNN50 over the kept intervals (Task Force 1996).

    Mean, SDNN and RMSSD are NeuroKit2's ``hrv_time`` (``hrv_time_core``) with the dropped
    intervals as gaps, so RMSSD uses only differences between two kept neighbours. pNN50 is
    NN50 over the number of those differences (Bigger 1988; PhysioNet's pNNx): NeuroKit2
    divides by one more (docs/signals.md).
    """
    kept = rr.kept_rr_ms
    diffs = _successive(rr)
    if kept.size < 3 or diffs.size < 2:
        return None
    core = hrv_time_core(np.where(rr.kept, rr.rr_ms, np.nan), rr.times_s)
    return HrvTime(
        mean_rr_ms=core.mean_nn,
        sdnn_ms=core.sdnn,
        rmssd_ms=core.rmssd,
        pnn50_pct=float(100.0 * np.mean(np.abs(diffs) > 50.0)),
        mean_hr_bpm=60_000.0 / core.mean_nn,
    )


def hrv_frequency_domain(rr: RRIntervals) -> HrvFrequency | None:
    """LF (0.04–0.15 Hz) and HF (0.15–0.40 Hz) power in ms² from the Lomb–Scargle periodogram of
    the kept RR intervals at their beat times (no interpolation, gaps left as gaps).

    The periodogram is scaled so that its integral over 0–0.5 Hz equals the variance of the
    kept intervals (Parseval), which gives band powers in ms².
    """
    t, v = rr.kept_times_s, rr.kept_rr_ms
    if v.size < 20:
        return None
    freqs = np.linspace(0.003, 0.5, 1000)
    power = lombscargle(t, v - v.mean(), 2 * np.pi * freqs, normalize=False)
    df = float(freqs[1] - freqs[0])
    total = float(power.sum() * df)
    if total <= 0:
        return None
    psd = power * float(v.var()) / total

    def band(lo_hi: tuple[float, float]) -> float:
        mask = (freqs >= lo_hi[0]) & (freqs < lo_hi[1])
        return float(psd[mask].sum() * df)

    lf, hf = band(LF_BAND_HZ), band(HF_BAND_HZ)
    return HrvFrequency(lf_ms2=lf, hf_ms2=hf, lf_hf=lf / hf if hf > 0 else None)


def ecg_hrv(
    r_peaks: npt.ArrayLike,
    *,
    sampling_rate_hz: float,
    min_duration_s: float = MIN_TIME_DOMAIN_S,
    min_frequency_duration_s: float = MIN_FREQUENCY_DOMAIN_S,
    min_fraction_kept: float = MIN_FRACTION_KEPT,
) -> HrvResult:
    """HRV time and frequency domain from R peaks, behind a quality gate.

    Gate: the beats must span at least ``min_duration_s`` (60 s) for the time domain and
    ``min_frequency_duration_s`` (120 s; LF needs several of its 7–25 s cycles) for the
    frequency domain, and at least ``min_fraction_kept`` (0.8) of the RR intervals must survive
    the range and ectopic filters; otherwise that domain is ``None`` and ``reason`` says why.
    """
    rr = ecg_rr_intervals(r_peaks, sampling_rate_hz=sampling_rate_hz)
    peaks = np.sort(np.asarray(r_peaks, dtype=np.int64).ravel())
    duration = float((peaks[-1] - peaks[0]) / sampling_rate_hz) if peaks.size >= 2 else 0.0

    def result(time: HrvTime | None, freq: HrvFrequency | None, reason: str | None) -> HrvResult:
        return HrvResult(
            time=time,
            frequency=freq,
            reason=reason,
            n_beats=int(peaks.size),
            duration_s=duration,
            fraction_kept=rr.fraction_kept,
            dropped_out_of_range=rr.dropped_out_of_range,
            dropped_ectopic=rr.dropped_ectopic,
        )

    if duration < min_duration_s:
        return result(
            None, None, f"recording too short for HRV: {duration:.0f} s < {min_duration_s:.0f} s"
        )
    if rr.fraction_kept < min_fraction_kept:
        return result(
            None,
            None,
            f"only {rr.fraction_kept:.0%} of RR intervals passed the range and ectopic filters "
            f"(need {min_fraction_kept:.0%}): too many artefacts or ectopic beats",
        )
    time = hrv_time_domain(rr)
    if time is None:
        return result(None, None, "too few clean RR intervals for HRV")
    if duration < min_frequency_duration_s:
        return result(
            time,
            None,
            f"frequency domain needs {min_frequency_duration_s:.0f} s, got {duration:.0f} s",
        )
    freq = hrv_frequency_domain(rr)
    return result(time, freq, None if freq else "too few clean RR intervals for LF/HF")
