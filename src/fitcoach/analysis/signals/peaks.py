"""NeuroKit2's ECG and PPG peak detectors with their per-segment loop done in one SciPy call.

Both detectors (NeuroKit2's ``neurokit`` R-peak method, Makowski et al. 2021; Elgendi et al.'s
2013 systolic-peak method as NeuroKit2 implements it) mark candidate segments with moving
averages, then take in each segment the most prominent local maximum (``scipy.signal.find_peaks``
with ``prominence``) and keep it when it comes far enough after the last one kept. Calling
``find_peaks`` once per segment cost more than the rest of the detection on the 8–10 s windows
the online trackers analyse every second. ``most_prominent_peaks`` answers for every segment
with one ``find_peaks`` call over the segments laid end to end (SciPy's own local maxima and
prominences, so its definitions: a plateau's middle sample, prominence from the lowest point
down to the nearest higher sample on each side, the first of equal prominences), and the two
detectors below follow NeuroKit2's code step by step around it, so that they return the same
peaks: ``tests/analysis/signals/test_reference_equality.py`` compares them with NeuroKit2 and
SciPy.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.signal import find_peaks

from fitcoach.analysis.signals import numeric

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

try:  # what find_peaks(x, prominence=(None, None)) runs once its arguments are checked
    from scipy.signal._peak_finding_utils import _local_maxima_1d, _peak_prominences

    def _peaks_and_prominences(x: FloatArray) -> tuple[IntArray, FloatArray]:
        """``find_peaks(x, prominence=(None, None))``'s peaks and prominences of a C-ordered
        float64 ``x``: SciPy's own kernels, without the wrapper's argument handling (which
        costs more than the search on a detector's window)."""
        peaks = _local_maxima_1d(x)[0]
        return peaks, _peak_prominences(x, peaks, np.intp(-1))[0]  # wlen: none

except ImportError:  # pragma: no cover - depends on the SciPy release

    def _peaks_and_prominences(x: FloatArray) -> tuple[IntArray, FloatArray]:
        peaks, props = find_peaks(x, prominence=(None, None))
        return peaks, props["prominences"]


def most_prominent_peaks(x: npt.ArrayLike, begins: npt.ArrayLike, ends: npt.ArrayLike) -> IntArray:
    """For each segment ``x[b:e]``, the index in ``x`` of its most prominent local maximum, as
    ``b + locmax[argmax(props["prominences"])]`` after
    ``locmax, props = find_peaks(x[b:e], prominence=(None, None))``; -1 where the segment has
    no local maximum. ``x`` must be finite.

    One ``find_peaks`` call does every segment: they are laid end to end, each after a +inf.
    A +inf is higher than any sample, so a maximum never touches one (nor, in the segment, its
    ends), and the prominence search stops at one as it does at a segment's ends; the +infs'
    own "peaks" are left out. The local maxima and prominences are SciPy's, computed the same
    way on the same numbers."""
    v = np.asarray(x, dtype=np.float64)
    b = np.asarray(begins, dtype=np.int64)
    e = np.minimum(np.asarray(ends, dtype=np.int64), v.size)
    out = np.empty(b.size, dtype=np.int64)  # np.full's two steps, without its wrapper
    out.fill(-1)
    lengths = np.maximum(e - b, 0)
    total = int(lengths.sum())
    if total == 0:
        return out
    slot = np.cumsum(lengths + 1) - lengths  # where each segment begins in the buffer
    first = np.cumsum(lengths) - lengths  # where each begins in the concatenated samples
    step = np.arange(total)
    laid = np.empty(total + b.size + 1)
    laid.fill(np.inf)
    laid[np.repeat(slot - first, lengths) + step] = v[np.repeat(b - first, lengths) + step]
    peaks, prominences = _peaks_and_prominences(laid)
    real = np.isfinite(laid[peaks])
    peaks, prominence = peaks[real], prominences[real]
    if peaks.size == 0:
        return out
    seg = np.searchsorted(slot, peaks, side="right") - 1  # non-decreasing: peaks are in order
    group = np.concatenate(([True], seg[1:] != seg[:-1])).nonzero()[0]
    top = np.maximum.reduceat(prominence, group)
    best = (
        prominence == np.repeat(top, numeric.diff(np.concatenate((group, [seg.size]))))
    ).nonzero()[0]
    best = best[np.concatenate(([True], seg[best][1:] != seg[best][:-1]))]  # first of equals
    out[seg[best]] = b[seg[best]] + peaks[best] - slot[seg[best]]
    return out


def _smooth(x: FloatArray, size: int) -> FloatArray:
    """NeuroKit2's ``signal_smooth(x, kernel="boxcar", size=size)``."""
    if size > len(x) or size < 1:
        raise TypeError(
            "NeuroKit error: signal_smooth(): 'size' should be between 1 and length of the signal."
        )
    return numeric.uniform_filter1d(x, size)


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
    grad = numeric.gradient(x)
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
    threshold = ma_beat + 0.02 * numeric.mean(sqrd)
    waves = ma_peak > threshold
    begins = np.where(np.logical_and(np.logical_not(waves[0:-1]), waves[1:]))[0]
    ends = np.where(np.logical_and(waves[0:-1], np.logical_not(waves[1:])))[0]
    ends = ends[ends > begins[0]]
    n = min(begins.size, ends.size)
    begins, ends = begins[:n], ends[:n]
    long_enough = ~((ends - begins) < peak_kernel)
    min_delay = int(np.rint(0.3 * sampling_rate))
    return _keep_spaced(most_prominent_peaks(x, begins[long_enough], ends[long_enough]), min_delay)
