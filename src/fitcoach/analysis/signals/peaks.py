"""NeuroKit2's ECG and PPG peak detectors with their per-segment loop done in one NumPy pass.

Both detectors (NeuroKit2's ``neurokit`` R-peak method, Makowski et al. 2021; Elgendi et al.'s
2013 systolic-peak method as NeuroKit2 implements it) mark candidate segments with moving
averages, then take in each segment the most prominent local maximum (``scipy.signal.find_peaks``
with ``prominence``) and keep it when it comes far enough after the last one kept. Calling
``find_peaks`` once per segment cost more than the rest of the detection on the 8–10 s windows
the online trackers analyse every second. ``most_prominent_peaks`` finds every segment's answer
at once with SciPy's definitions (a plateau's middle sample, prominence from the lowest point
down to the nearest higher sample on each side, the first of equal prominences), and the two
detectors below follow NeuroKit2's code step by step around it, so that they return the same
peaks: ``tests/analysis/signals/test_peaks.py`` compares them with NeuroKit2 and SciPy.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.ndimage import uniform_filter1d

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def most_prominent_peaks(x: npt.ArrayLike, begins: npt.ArrayLike, ends: npt.ArrayLike) -> IntArray:
    """For each segment ``x[b:e]``, the index in ``x`` of its most prominent local maximum, as
    ``b + locmax[argmax(props["prominences"])]`` after
    ``locmax, props = find_peaks(x[b:e], prominence=(None, None))``; -1 where the segment has
    no local maximum. ``x`` must be finite."""
    v = np.asarray(x, dtype=np.float64)
    b = np.asarray(begins, dtype=np.int64)
    e = np.minimum(np.asarray(ends, dtype=np.int64), v.size)
    out = np.full(b.size, -1, dtype=np.int64)
    lengths = e - b
    usable = np.flatnonzero(lengths >= 3)  # a peak needs a sample on each side
    if usable.size == 0:
        return out
    b, lengths = b[usable], lengths[usable]
    width = int(lengths.max())
    cols = np.arange(width)
    inside = cols < lengths[:, None]
    # One row per segment; past its end +inf, which is higher than any sample: neither a
    # maximum nor lower than one, and it stops a prominence search as the segment's end does.
    m = np.where(inside, v[np.minimum(b[:, None] + cols, v.size - 1)], np.inf)

    # Local maxima: a run of equal samples with a lower sample on each side, not touching
    # either end of the segment, at the run's middle (left of two middles).
    change = m[:, 1:] != m[:, :-1]
    run_end = np.where(
        np.concatenate([change, np.ones((m.shape[0], 1), bool)], axis=1), cols, width
    )
    run_end = np.minimum.accumulate(run_end[:, ::-1], axis=1)[:, ::-1]
    rises = np.zeros(m.shape, dtype=bool)
    rises[:, 1:] = m[:, :-1] < m[:, 1:]  # a run starts at c with a lower sample before it
    rows, starts = np.nonzero(rises)
    ends_ = run_end[rows, starts]
    falls = ends_ < width - 1
    falls[falls] = m[rows[falls], ends_[falls] + 1] < m[rows[falls], ends_[falls]]
    rows, peaks = rows[falls], (starts[falls] + ends_[falls]) // 2
    if rows.size == 0:
        return out

    # Prominence: the peak's height above the higher of the lowest points between it and the
    # nearest strictly higher sample (or the segment's end) on each side.
    seg = m[rows]
    height = seg[np.arange(rows.size), peaks]
    higher = seg > height[:, None]
    before = cols < peaks[:, None]
    after = cols > peaks[:, None]
    left = np.where(higher & before, cols, -1).max(axis=1)
    right = np.where(higher & after, cols, width).min(axis=1)
    left_min = np.where((cols > left[:, None]) & ~after, seg, np.inf).min(axis=1)
    right_min = np.where((cols < right[:, None]) & ~before, seg, np.inf).min(axis=1)
    prominence = height - np.maximum(left_min, right_min)

    table = np.full(m.shape, -np.inf)
    table[rows, peaks] = prominence
    best = np.argmax(table, axis=1)  # the first of equal prominences, as argmax in peak order
    found = np.isfinite(table[np.arange(m.shape[0]), best])
    out[usable[found]] = b[found] + best[found]
    return out


def _smooth(x: FloatArray, size: int) -> FloatArray:
    """NeuroKit2's ``signal_smooth(x, kernel="boxcar", size=size)``."""
    if size > len(x) or size < 1:
        raise TypeError(
            "NeuroKit error: signal_smooth(): 'size' should be between 1 and length of the signal."
        )
    return np.asarray(uniform_filter1d(x, size, mode="nearest"))


def _keep_spaced(candidates: IntArray, min_delay: int) -> IntArray:
    """The candidates in order, each kept when it comes more than ``min_delay`` samples after
    the last one kept (the first after sample 0)."""
    kept = [0]
    for peak in candidates.tolist():
        if peak >= 0 and peak - kept[-1] > min_delay:
            kept.append(peak)
    return np.asarray(kept[1:], dtype=np.int64).astype(int)


def ecg_findpeaks_neurokit(signal: Any, sampling_rate: float) -> IntArray:
    """``nk.ecg_findpeaks(signal, sampling_rate, method="neurokit")["ECG_R_Peaks"]``: QRS
    segments where the smoothed absolute gradient exceeds 1.5 × its 0.75 s average, segments
    shorter than 0.4 × the mean left out, peaks at least 0.3 s apart."""
    x = np.array(signal)  # NeuroKit2's signal_sanitize
    grad = np.gradient(x)
    absgrad = np.abs(grad)
    smoothgrad = _smooth(absgrad, int(np.rint(0.1 * sampling_rate)))
    avggrad = _smooth(smoothgrad, int(np.rint(0.75 * sampling_rate)))
    threshold = 1.5 * avggrad
    min_delay = int(np.rint(sampling_rate * 0.3))
    qrs = smoothgrad > threshold
    begins = np.where(np.logical_and(np.logical_not(qrs[0:-1]), qrs[1:]))[0]
    ends = np.where(np.logical_and(qrs[0:-1], np.logical_not(qrs[1:])))[0]
    if len(begins) == 0:
        return np.array([])  # NeuroKit2's empty answer (floats)
    ends = ends[ends > begins[0]]
    n = min(begins.size, ends.size)
    begins, ends = begins[:n], ends[:n]
    if n:
        min_len = np.mean(ends - begins) * 0.4
        long_enough = ~((ends - begins) < min_len)
        begins, ends = begins[long_enough], ends[long_enough]
    return _keep_spaced(most_prominent_peaks(x, begins, ends), min_delay)


def ppg_findpeaks_elgendi(signal: Any, sampling_rate: float) -> IntArray:
    """``nk.ppg_findpeaks(signal, sampling_rate, method="elgendi")["PPG_Peaks"]`` (Elgendi
    2013): waves where the 0.111 s moving average of the squared positive signal exceeds its
    0.667 s average plus 2 % of its mean, waves shorter than 0.111 s left out, peaks at least
    0.3 s apart. Raises ``IndexError`` when there is no wave at all, as NeuroKit2 does."""
    x = np.asarray(signal)
    positive = x.copy()
    positive[positive < 0] = 0
    sqrd = positive**2
    peak_kernel = int(np.rint(0.111 * sampling_rate))
    ma_peak = _smooth(sqrd, peak_kernel)
    ma_beat = _smooth(sqrd, int(np.rint(0.667 * sampling_rate)))
    threshold = ma_beat + 0.02 * np.mean(sqrd)
    waves = ma_peak > threshold
    begins = np.where(np.logical_and(np.logical_not(waves[0:-1]), waves[1:]))[0]
    ends = np.where(np.logical_and(waves[0:-1], np.logical_not(waves[1:])))[0]
    ends = ends[ends > begins[0]]
    n = min(begins.size, ends.size)
    begins, ends = begins[:n], ends[:n]
    long_enough = ~((ends - begins) < peak_kernel)
    min_delay = int(np.rint(0.3 * sampling_rate))
    return _keep_spaced(most_prominent_peaks(x, begins[long_enough], ends[long_enough]), min_delay)
