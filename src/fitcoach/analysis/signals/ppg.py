"""PPG: systolic peaks and pulse rate.

Sources: Elgendi M. et al. (2013) Systolic peak detection in acceleration photoplethysmograms
measured from emergency responders in tropical conditions. *PLoS ONE* 8(10):e76585 (the
``elgendi`` cleaning band-pass 0.5–8 Hz and the two-moving-average peak detector, as
implemented in NeuroKit2's ``ppg_clean`` / ``ppg_findpeaks``).

Breathing rate from the PPG: respiratory-induced intensity variation (RIIV), the slow
baseline modulation breathing imposes on the PPG (Karlen W. et al. 2013, Multiparameter
respiratory rate estimation from the photoplethysmogram, *IEEE TBME* 60(7):1946–1953;
Charlton P.H. et al. 2016, *Physiol Meas* 37(4):610–626).
"""

from __future__ import annotations

import neurokit2 as nk
import numpy as np
import numpy.typing as npt
from scipy.signal import find_peaks

from fitcoach.analysis.signals.ecg import (
    ROWS_AT_ONCE,
    FloatArray,
    IntArray,
    _rate,
    _signal,
    bandpass,
    ecg_heart_rate,
)
from fitcoach.analysis.signals.filters import butterworth
from fitcoach.analysis.signals.peaks import ppg_findpeaks_elgendi, ppg_findpeaks_elgendi_rows

ELGENDI_BAND_HZ = (0.5, 8.0)
ELGENDI_ORDER = 2


def ppg_clean(ppg: npt.ArrayLike, *, sampling_rate_hz: float) -> FloatArray:
    """NeuroKit2's ``ppg_clean`` (``method="elgendi"``, the one offered: a zero-phase 2nd-order Butterworth band-pass
    0.5–8 Hz), with the filter designed once per sampling rate rather than on every call: the
    same steps, so the same output (``tests/analysis/signals/test_filters.py``)."""
    fs = _rate(sampling_rate_hz)
    x = _signal(ppg, "ppg")
    if fs <= 2 * ELGENDI_BAND_HZ[1]:  # NeuroKit2 warns, then the design fails: let it say so
        return np.asarray(nk.ppg_clean(x, sampling_rate=fs, method="elgendi"), dtype=float)
    return butterworth(ELGENDI_ORDER, ELGENDI_BAND_HZ, "bandpass", fs).filtfilt(x)


def ppg_peaks(ppg: npt.ArrayLike, *, sampling_rate_hz: float) -> IntArray:
    """Systolic peak sample indices of a PPG (any unit; larger = more blood, as on a finger
    sensor's inverted absorbance trace). Empty when the signal is too short or flat."""
    fs = _rate(sampling_rate_hz)
    x = _signal(ppg, "ppg")
    if x.size < int(2 * fs) or x.max() == x.min():  # np.ptp(x) == 0 (x is finite)
        return np.zeros(0, dtype=np.int64)
    cleaned = ppg_clean(x, sampling_rate_hz=fs)
    try:
        # nk.ppg_findpeaks(method="elgendi") with its loop vectorised (the same peaks).
        return np.asarray(ppg_findpeaks_elgendi(cleaned, fs), dtype=np.int64)
    except (ValueError, IndexError):  # no pulse wave at all
        return np.zeros(0, dtype=np.int64)


def ppg_peaks_rows(ppg: FloatArray, *, sampling_rate_hz: float) -> list[IntArray]:
    """``ppg_peaks(row, sampling_rate_hz=...)`` (Elgendi) of every row of a 2-D array of
    finite windows of one length, each step done for ``ROWS_AT_ONCE`` rows at a time
    (``peaks.ppg_findpeaks_elgendi_rows``). Each row's answer is the 1-D function's
    (``tests/analysis/signals/test_batched.py``)."""
    fs = _rate(sampling_rate_hz)
    x = np.asarray(ppg, dtype=np.float64)
    n, width = x.shape
    if fs <= 2 * ELGENDI_BAND_HZ[1]:  # NeuroKit2's own path (ppg_clean): row by row
        return [ppg_peaks(row, sampling_rate_hz=fs) for row in x]
    out = [np.zeros(0, dtype=np.int64) for _ in range(n)]
    if width < int(2 * fs):
        return out
    live = (x.max(axis=1) != x.min(axis=1)).nonzero()[0]  # np.ptp(row) != 0
    band = butterworth(ELGENDI_ORDER, ELGENDI_BAND_HZ, "bandpass", fs)
    for at in range(0, live.size, ROWS_AT_ONCE):
        rows = live[at : at + ROWS_AT_ONCE]
        cleaned = np.ascontiguousarray(band.filtfilt(x[rows]))
        try:
            found = ppg_findpeaks_elgendi_rows(cleaned, fs)
        except ValueError:  # as ppg_peaks: let each row answer for itself
            found = [ppg_peaks(x[r], sampling_rate_hz=fs) for r in rows.tolist()]
        for r, peaks in zip(rows.tolist(), found, strict=True):
            if peaks is not None:  # None: no pulse wave at all (ppg_peaks' IndexError)
                out[r] = np.asarray(peaks, dtype=np.int64)
    return out


def ppg_heart_rate(
    peaks: npt.ArrayLike, *, sampling_rate_hz: float, filtered: bool = True
) -> float | None:
    """Mean pulse rate in bpm from systolic peaks: the same range (0.3–2.0 s) and 20 %
    local-median filter as ECG RR intervals. ``None`` when fewer than two intervals remain."""
    return ecg_heart_rate(peaks, sampling_rate_hz=sampling_rate_hz, filtered=filtered)


def ppg_breathing_rate(
    ppg: npt.ArrayLike,
    *,
    sampling_rate_hz: float,
    band_hz: tuple[float, float] = (0.1, 0.7),
) -> float | None:
    """Breathing rate (breaths/min) from the respiratory-induced intensity variation (RIIV) of
    a PPG.

    The PPG is band-passed to ``band_hz`` (0.1–0.7 Hz: 6–42 breaths/min); breaths are its
    peaks at least 1.5 s apart with a prominence of 0.3 SD; the rate is 60 / the median
    interval. ``None`` with fewer than 3 breaths. Needs 30 s or more to mean much.
    """
    fs = _rate(sampling_rate_hz)
    x = _signal(ppg, "ppg")
    if x.size < int(10 * fs) or np.ptp(x) == 0:
        return None
    y = bandpass(band_hz[0], band_hz[1], 2, fs).filtfilt(x, padlen=min(x.size - 1, 15))
    peaks, _ = find_peaks(y, distance=max(1, int(1.5 * fs)), prominence=0.3 * float(np.std(y)))
    if peaks.size < 3:
        return None
    return 60.0 / (float(np.median(np.diff(peaks))) / fs)
