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
from scipy.signal import find_peaks, peak_prominences

from fitcoach.analysis.signals import numeric

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

try:  # what find_peaks(x, prominence=(None, None)) runs once its arguments are checked
    from scipy.signal._peak_finding_utils import _local_maxima_1d, _peak_prominences

    def _local_maxima(x: FloatArray) -> IntArray:
        """``find_peaks(x)``'s peaks (local maxima, a plateau's middle sample) of a C-ordered
        float64 ``x``: SciPy's own kernel, without the wrapper's argument handling (which
        costs more than the search on a detector's window)."""
        return _local_maxima_1d(x)[0]

    def _prominences(x: FloatArray, peaks: IntArray) -> FloatArray:
        """``peak_prominences(x, peaks)[0]`` (no window), as ``find_peaks`` computes them."""
        return _peak_prominences(x, peaks, np.intp(-1))[0]

except ImportError:  # pragma: no cover - depends on the SciPy release

    def _local_maxima(x: FloatArray) -> IntArray:
        return find_peaks(x)[0]

    def _prominences(x: FloatArray, peaks: IntArray) -> FloatArray:
        return peak_prominences(x, peaks)[0]


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
    # The +infs' own "peaks" are left out before the prominences: each one's search would run
    # over every sample before it (nothing is higher than +inf), and a peak's prominence does
    # not depend on which other peaks are asked about.
    peaks = _local_maxima(laid)
    peaks = peaks[np.isfinite(laid[peaks])]
    prominence = _prominences(laid, peaks)
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


def ecg_findpeaks_neurokit(signal: Any, sampling_rate_hz: float) -> IntArray:
    """``nk.ecg_findpeaks(signal, sampling_rate, method="neurokit")["ECG_R_Peaks"]``: QRS
    segments where the smoothed absolute gradient exceeds 1.5 × its 0.75 s average, segments
    shorter than 0.4 × the mean left out, peaks at least 0.3 s apart."""
    x = np.array(signal)  # NeuroKit2's signal_sanitize
    grad = numeric.gradient(x)
    absgrad = np.abs(grad)
    smoothgrad = _smooth(absgrad, int(np.rint(0.1 * sampling_rate_hz)))
    avggrad = _smooth(smoothgrad, int(np.rint(0.75 * sampling_rate_hz)))
    threshold = 1.5 * avggrad
    min_delay = int(np.rint(sampling_rate_hz * 0.3))
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


def ppg_findpeaks_elgendi(signal: Any, sampling_rate_hz: float) -> IntArray:
    """``nk.ppg_findpeaks(signal, sampling_rate, method="elgendi")["PPG_Peaks"]`` (Elgendi
    2013): waves where the 0.111 s moving average of the squared positive signal exceeds its
    0.667 s average plus 2 % of its mean, waves shorter than 0.111 s left out, peaks at least
    0.3 s apart. Raises ``IndexError`` when there is no wave at all, as NeuroKit2 does."""
    x = np.asarray(signal)
    positive = x.copy()
    positive[positive < 0] = 0
    sqrd = positive**2
    peak_kernel = int(np.rint(0.111 * sampling_rate_hz))
    ma_peak = _smooth(sqrd, peak_kernel)
    ma_beat = _smooth(sqrd, int(np.rint(0.667 * sampling_rate_hz)))
    threshold = ma_beat + 0.02 * numeric.mean(sqrd)
    waves = ma_peak > threshold
    begins = np.where(np.logical_and(np.logical_not(waves[0:-1]), waves[1:]))[0]
    ends = np.where(np.logical_and(waves[0:-1], np.logical_not(waves[1:])))[0]
    ends = ends[ends > begins[0]]
    n = min(begins.size, ends.size)
    begins, ends = begins[:n], ends[:n]
    long_enough = ~((ends - begins) < peak_kernel)
    min_delay = int(np.rint(0.3 * sampling_rate_hz))
    return _keep_spaced(most_prominent_peaks(x, begins[long_enough], ends[long_enough]), min_delay)


# --- many windows at once -----------------------------------------------------------------------
#
# The online trackers analyse one window per athlete per second; a process serving hundreds of
# athletes pays the per-call overhead of every NumPy/SciPy call above once per athlete. The
# ``*_rows`` detectors below take the windows of many athletes as the rows of one 2-D array
# (same length, same sampling rate) and run each step once for all of them: the elementwise
# steps, ndimage's moving averages along the rows and the row means are the same arithmetic
# per row, the segments of every row go into one ``most_prominent_peaks`` call, and only the
# spacing rule (a short greedy loop over the candidates) runs row by row. Each row's answer is
# the 1-D detector's on that row (``tests/analysis/signals/test_batched.py``).


def _smooth_rows(x: FloatArray, size: int) -> FloatArray:
    """``_smooth`` of every row of a 2-D float64 array."""
    if size > x.shape[1] or size < 1:
        raise TypeError(
            "NeuroKit error: signal_smooth(): 'size' should be between 1 and length of the signal."
        )
    return numeric.uniform_filter1d_rows(x, size)


def _segments_rows(
    mask: npt.NDArray[np.bool_],
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Rising and falling edges of every row of ``mask``: (begin rows, begin columns, end rows,
    end columns), each in row-major order, as ``np.where`` finds them row by row."""
    rb, cb = np.logical_and(np.logical_not(mask[:, :-1]), mask[:, 1:]).nonzero()
    re, ce = np.logical_and(mask[:, :-1], np.logical_not(mask[:, 1:])).nonzero()
    return rb, cb, re, ce


def _row_starts(rows: IntArray, n: int) -> tuple[IntArray, IntArray]:
    """Where each of rows 0..n-1 begins in the sorted ``rows``, and how many it has."""
    counts = np.bincount(rows, minlength=n)
    return np.cumsum(counts) - counts, counts


def _pair_rows(
    n: int, rb: IntArray, cb: IntArray, re: IntArray, ce: IntArray
) -> tuple[IntArray, IntArray, IntArray, npt.NDArray[np.bool_]]:
    """Per row: its ends after its first begin, and the first ``min(#begins, #ends)`` of each
    (the 1-D detectors' ``ends = ends[ends > begins[0]]`` and truncation). Returns the rows,
    begins and ends of the pairs kept, and which rows had any begin."""
    b_start, b_count = _row_starts(rb, n)
    has = b_count > 0
    first = np.zeros(n, dtype=np.int64)
    first[has] = cb[b_start[has]]
    after = has[re] & (ce > first[re])
    re, ce = re[after], ce[after]
    e_start, e_count = _row_starts(re, n)
    keep = np.minimum(b_count, e_count)
    take_b = (np.arange(rb.size) - b_start[rb]) < keep[rb]
    take_e = (np.arange(re.size) - e_start[re]) < keep[re]
    return rb[take_b], cb[take_b], ce[take_e], has


def _peaks_by_row(
    x: FloatArray, rows: IntArray, begins: IntArray, ends: IntArray, n: int, min_delay: int
) -> list[IntArray]:
    """``_keep_spaced(most_prominent_peaks(x[r], begins, ends), min_delay)`` for each row ``r``
    (its segments given by ``rows``): one ``most_prominent_peaks`` over the flattened rows."""
    width = x.shape[1]
    offset = rows * width
    found = most_prominent_peaks(x.reshape(-1), begins + offset, ends + offset)
    found = np.where(found >= 0, found - offset, -1).tolist()
    out: list[list[int]] = [[] for _ in range(n)]
    last = [0] * n
    for row, peak in zip(rows.tolist(), found, strict=True):
        if peak >= 0 and peak - last[row] > min_delay:
            out[row].append(peak)
            last[row] = peak
    return [np.asarray(p, dtype=np.int64).astype(int) for p in out]


def ecg_findpeaks_neurokit_rows(x: FloatArray, sampling_rate_hz: float) -> list[IntArray]:
    """``ecg_findpeaks_neurokit`` of every row of a C-ordered 2-D float64 ``x`` (a row with no
    QRS segment at all gives an empty array)."""
    n = x.shape[0]
    grad = numeric.gradient_rows(x)
    absgrad = np.abs(grad)
    smoothgrad = _smooth_rows(absgrad, int(np.rint(0.1 * sampling_rate_hz)))
    avggrad = _smooth_rows(smoothgrad, int(np.rint(0.75 * sampling_rate_hz)))
    threshold = 1.5 * avggrad
    min_delay = int(np.rint(sampling_rate_hz * 0.3))
    qrs = smoothgrad > threshold
    rows, begins, ends, _ = _pair_rows(n, *_segments_rows(qrs))
    if rows.size:
        # Per row: segments shorter than 0.4 × the row's mean length are left out. The lengths
        # are small integers, so their float sum is exact in any order: the same mean.
        length = ends - begins
        start, count = _row_starts(rows, n)
        total = np.add.reduceat(length.astype(np.float64), start[count > 0])
        mean = np.zeros(n)
        mean[count > 0] = total / count[count > 0]
        long_enough = ~(length < mean[rows] * 0.4)
        rows, begins, ends = rows[long_enough], begins[long_enough], ends[long_enough]
    return _peaks_by_row(x, rows, begins, ends, n, min_delay)


def ppg_findpeaks_elgendi_rows(x: FloatArray, sampling_rate_hz: float) -> list[IntArray | None]:
    """``ppg_findpeaks_elgendi`` of every row of a C-ordered 2-D float64 ``x``; None for a row
    where the 1-D detector raises ``IndexError`` (no wave at all)."""
    n = x.shape[0]
    positive = x.copy()
    positive[positive < 0] = 0
    sqrd = positive**2
    peak_kernel = int(np.rint(0.111 * sampling_rate_hz))
    ma_peak = _smooth_rows(sqrd, peak_kernel)
    ma_beat = _smooth_rows(sqrd, int(np.rint(0.667 * sampling_rate_hz)))
    threshold = ma_beat + 0.02 * numeric.mean_rows(sqrd)[:, None]
    waves = ma_peak > threshold
    rows, begins, ends, has = _pair_rows(n, *_segments_rows(waves))
    long_enough = ~((ends - begins) < peak_kernel)
    min_delay = int(np.rint(0.3 * sampling_rate_hz))
    found = _peaks_by_row(
        x, rows[long_enough], begins[long_enough], ends[long_enough], n, min_delay
    )
    return [p if h else None for p, h in zip(found, has.tolist(), strict=True)]
