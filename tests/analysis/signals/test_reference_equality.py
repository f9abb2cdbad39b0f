"""The online pipeline's fast paths give the very numbers of the computations they replace.

Each fast path (filters designed once, NeuroKit2's detectors with their loops vectorised,
NeuroKit2's time-domain HRV computed alone) is compared, bit for bit, with the reference it
stands for: SciPy's ``sosfiltfilt``, NeuroKit2's ``ppg_clean``, ``ecg_findpeaks``,
``ppg_findpeaks`` and ``hrv_time``. Then ``VitalsMonitor`` as a whole is run twice over the
same simulated minutes, once with the reference computations swapped back in, and every vital
and alert must be equal.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import neurokit2 as nk
import numpy as np
import numpy.typing as npt
import pytest
import scipy.signal as ss
from scipy import ndimage

from fitcoach.analysis.signals import VitalsMonitor, filters, numeric
from fitcoach.analysis.signals import ecg as ecg_module
from fitcoach.analysis.signals.ecg import (
    RRIntervals,
    ecg_peaks,
    ecg_rr_intervals,
    hrv_time_core,
    hrv_time_domain,
    hrv_time_indices,
)
from fitcoach.analysis.signals.filters import ZeroPhase, butterworth
from fitcoach.analysis.signals.online import ecg_tracker, ppg_tracker
from fitcoach.analysis.signals.online import monitor as monitor_module
from fitcoach.analysis.signals.peaks import (
    ecg_findpeaks_neurokit,
    most_prominent_peaks,
    ppg_findpeaks_elgendi,
)
from fitcoach.analysis.signals.ppg import ppg_clean, ppg_peaks
from fitcoach.sensors.frames import Channel
from fitcoach.sensors.profiles import DEFAULT_PROFILE
from fitcoach.sensors.simulator import Simulator

FloatArray = npt.NDArray[np.float64]
DESIGNS = [
    (3, (5.0, 25.0), "bandpass", 250.0),  # the ECG's QRS band
    (2, (0.5, 8.0), "bandpass", 100.0),  # Elgendi's PPG cleaning
    (2, (0.5, 5.0), "bandpass", 100.0),  # SpO2's pulsatile part
    (2, (0.1, 0.7), "bandpass", 100.0),  # breathing from the PPG
    (4, 0.5, "highpass", 250.0),
]


def _same(a: FloatArray, b: FloatArray) -> None:
    """Equal bit for bit (NaN where NaN), with the same shape, type and memory layout."""
    assert a.dtype == b.dtype
    assert a.shape == b.shape
    assert a.strides == b.strides
    assert np.array_equal(a, b, equal_nan=True)


@pytest.mark.parametrize("design", DESIGNS)
@pytest.mark.parametrize("n", [40, 1000, 2000])
@pytest.mark.parametrize("padlen", [None, 0, 15, 39])
def test_zero_phase_filter_is_sosfiltfilt(design: Any, n: int, padlen: int | None) -> None:
    order, cutoff, btype, fs = design
    zp = butterworth(order, cutoff, btype, fs)
    sos = ss.butter(
        order, list(cutoff) if isinstance(cutoff, tuple) else cutoff, btype, fs=fs, output="sos"
    )
    assert np.array_equal(zp.sos, sos)
    rng = np.random.default_rng(n)
    x = np.cumsum(rng.normal(size=n)) + 3.0
    if n <= (zp.default_padlen if padlen is None else padlen):
        with pytest.raises(ValueError, match="padlen"):
            zp.filtfilt(x, padlen=padlen)
        with pytest.raises(ValueError, match="padlen"):
            ss.sosfiltfilt(sos, x, padlen=padlen)
        return
    _same(zp.filtfilt(x, padlen=padlen), ss.sosfiltfilt(sos, x, padlen=padlen))
    rows = np.stack([x, x[::-1] * 2.0, np.full(n, 7.0)])
    both = zp.filtfilt(rows, padlen=padlen)
    for row, got in zip(rows, both, strict=True):
        _same(got, ss.sosfiltfilt(sos, row, padlen=padlen))


def test_the_public_kernel_gives_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where a SciPy release moves its private kernel, the public sosfilt takes over."""
    zp = butterworth(3, (5.0, 25.0), "bandpass", 250.0)
    x = np.cumsum(np.random.default_rng(1).normal(size=500))
    expected = zp.filtfilt(np.stack([x, -x]))
    monkeypatch.setattr(filters, "_SOSFILT", filters._public_kernel)
    _same(zp.filtfilt(np.stack([x, -x])), expected)


def test_a_design_is_made_once_and_shared() -> None:
    assert butterworth(2, (0.5, 8.0), "bandpass", 100.0) is butterworth(
        2, (0.5, 8.0), "bandpass", 100.0
    )
    assert isinstance(ZeroPhase.design(ss.butter(2, 0.2, output="sos")), ZeroPhase)


def _ppgs() -> Iterator[FloatArray]:
    rng = np.random.default_rng(3)
    for seed in range(6):
        yield nk.ppg_simulate(
            duration=10, sampling_rate=100, heart_rate=55 + 20 * seed, random_state=seed
        )
    yield 60_000.0 + np.cumsum(rng.normal(size=1000))
    yield np.round(rng.normal(size=1000) * 3)


def test_ppg_clean_is_neurokit2s() -> None:
    for x in _ppgs():
        _same(
            ppg_clean(x, sampling_rate_hz=100), nk.ppg_clean(x, sampling_rate=100, method="elgendi")
        )


def _reference_segment_peaks(x: FloatArray, begins: Any, ends: Any) -> list[int]:
    out = []
    for b, e in zip(begins, ends, strict=True):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            located, props = ss.find_peaks(x[b:e], prominence=(None, None))
        out.append(int(b + located[np.argmax(props["prominences"])]) if located.size else -1)
    return out


def test_most_prominent_peaks_is_find_peaks_per_segment() -> None:
    rng = np.random.default_rng(11)
    for i in range(1500):
        n = int(rng.integers(1, 150))
        x = [
            rng.normal(size=n),
            np.round(rng.normal(size=n) * 2),  # many plateaus
            np.repeat(rng.integers(0, 4, size=n), 3)[:n].astype(float),
            np.sin(np.arange(n) / 3.0) + 0.01 * rng.integers(0, 3, n),
        ][i % 4]
        k = int(rng.integers(0, 9))
        begins = np.sort(rng.integers(0, n, k))
        ends = np.minimum(begins + rng.integers(0, 70, k), n)
        assert most_prominent_peaks(x, begins, ends).tolist() == _reference_segment_peaks(
            x, begins, ends
        )


def _ecgs() -> Iterator[FloatArray]:
    rng = np.random.default_rng(5)
    for seed, (rate, noise) in enumerate([(50, 0.0), (75, 0.05), (120, 0.3), (170, 1.0)]):
        ecg = nk.ecg_simulate(
            duration=8, sampling_rate=250, heart_rate=rate, noise=noise, random_state=seed
        )
        yield ecg
        yield np.round(ecg * 225)  # counts: quantised, with plateaus
    yield rng.normal(size=2000)
    yield np.zeros(2000)


def test_ecg_detector_is_neurokit2s() -> None:
    for x in _ecgs():
        expected = nk.ecg_findpeaks(x, sampling_rate=250, method="neurokit")["ECG_R_Peaks"]
        got = ecg_findpeaks_neurokit(x, 250)
        assert got.dtype == np.asarray(expected).dtype
        assert np.array_equal(got, expected)


def test_ppg_detector_is_neurokit2s() -> None:
    for x in _ppgs():
        cleaned = nk.ppg_clean(x, sampling_rate=100)
        expected = nk.ppg_findpeaks(cleaned, sampling_rate=100, method="elgendi")["PPG_Peaks"]
        assert np.array_equal(ppg_findpeaks_elgendi(cleaned, 100), expected)
    with pytest.raises(IndexError):  # no wave at all: NeuroKit2's IndexError, kept
        nk.ppg_findpeaks(np.zeros(1000), sampling_rate=100, method="elgendi")
    with pytest.raises(IndexError):
        ppg_findpeaks_elgendi(np.zeros(1000), 100)


def _reference_ecg_peaks(x: FloatArray, fs: float) -> npt.NDArray[np.int64]:
    """``ecg_peaks`` as it was: SciPy's sosfiltfilt, then nk.ecg_peaks."""
    x = np.asarray(x, dtype=float)
    if x.size < int(2 * fs) or np.ptp(x) == 0:
        return np.zeros(0, dtype=np.int64)
    sos = np.asarray(
        ss.butter(3, [5.0, min(25.0, 0.45 * fs)], btype="bandpass", fs=fs, output="sos")
    )
    band = ss.sosfiltfilt(sos, x, padlen=min(x.size - 1, 3 * (2 * len(sos) + 1)))
    if np.ptp(band) == 0:
        return np.zeros(0, dtype=np.int64)
    try:
        _, info = nk.ecg_peaks(band, sampling_rate=fs, method="neurokit", correct_artifacts=False)
    except (ValueError, IndexError):
        return np.zeros(0, dtype=np.int64)
    return np.asarray(info["ECG_R_Peaks"], dtype=np.int64)


def _reference_ppg_peaks(x: FloatArray, *, sampling_rate_hz: float) -> npt.NDArray[np.int64]:
    x = np.asarray(x, dtype=float)
    if x.size < int(2 * sampling_rate_hz) or np.ptp(x) == 0:
        return np.zeros(0, dtype=np.int64)
    cleaned = nk.ppg_clean(x, sampling_rate=sampling_rate_hz, method="elgendi")
    try:
        info = nk.ppg_findpeaks(cleaned, sampling_rate=sampling_rate_hz, method="elgendi")
    except (ValueError, IndexError):
        return np.zeros(0, dtype=np.int64)
    return np.asarray(info["PPG_Peaks"], dtype=np.int64)


def test_ecg_and_ppg_peaks_are_the_reference_pipelines() -> None:
    for x in _ecgs():
        assert np.array_equal(ecg_peaks(x, sampling_rate_hz=250), _reference_ecg_peaks(x, 250.0))
    for x in _ppgs():
        assert np.array_equal(
            ppg_peaks(x, sampling_rate_hz=100), _reference_ppg_peaks(x, sampling_rate_hz=100)
        )


def _rr_cases() -> Iterator[tuple[FloatArray, FloatArray | None]]:
    rng = np.random.default_rng(7)
    for n in (3, 4, 20, 80):
        peaks = np.cumsum(rng.integers(150, 260, n + 1))
        rr = ecg_rr_intervals(peaks, sampling_rate_hz=250)
        yield rr.rr_ms, None
        yield rr.rr_ms, rr.times_s
        gappy = np.where(rng.random(n) < 0.2, np.nan, rr.rr_ms)
        yield gappy, rr.times_s
        yield gappy, None
    regular = np.full(30, 800.0)  # evenly spaced times: NeuroKit2's "interpolated" case
    yield np.where(np.arange(30) % 7 == 3, np.nan, regular), np.cumsum(regular) / 1000
    yield np.array([800.0, np.nan]), np.array([0.8, 1.6])


def test_hrv_time_core_is_neurokit2s_hrv_time() -> None:
    for rr_ms, times in _rr_cases():
        expected = hrv_time_indices(rr_ms, times)
        core = hrv_time_core(rr_ms, times)
        got = {
            "HRV_MeanNN": core.mean_nn,
            "HRV_SDNN": core.sdnn,
            "HRV_RMSSD": core.rmssd,
            "HRV_CVSD": core.cvsd,
        }
        for name, value in got.items():
            assert value == expected[name] or (np.isnan(value) and np.isnan(expected[name])), name


def test_the_sums_are_numpys_nan_functions() -> None:
    """hrv_time_core sums what is left after dropping NaN as nanmean and nanstd would."""
    rng = np.random.default_rng(9)
    for i in range(2000):
        x = rng.normal(800, [1, 5, 50, 200][i % 4], int(rng.integers(2, 150)))
        x = np.round(x) if i % 3 == 0 else x
        core = hrv_time_core(x)
        assert core.mean_nn == np.nanmean(x)
        assert core.sdnn == np.nanstd(x, ddof=1)
        assert core.rmssd == np.sqrt(np.nanmean(np.diff(x) ** 2))


def test_hrv_time_domain_uses_the_same_numbers() -> None:
    peaks = np.cumsum(np.random.default_rng(2).integers(180, 230, 90))
    peaks[40] += 60  # an ectopic beat: a gap the differences must not bridge
    rr: RRIntervals = ecg_rr_intervals(peaks, sampling_rate_hz=250)
    t = hrv_time_domain(rr)
    assert t is not None
    nk_time = hrv_time_indices(np.where(rr.kept, rr.rr_ms, np.nan), rr.times_s)
    assert (t.mean_rr_ms, t.sdnn_ms, t.rmssd_ms) == (
        nk_time["HRV_MeanNN"],
        nk_time["HRV_SDNN"],
        nk_time["HRV_RMSSD"],
    )


def _reference_spo2_ratio(red: Any, ir: Any, **kwargs: Any) -> tuple[FloatArray, FloatArray]:
    """``spo2_ratio`` as it was: one sosfiltfilt per channel."""
    fs = kwargs["sampling_rate_hz"]
    r_sig, i_sig = np.asarray(red, float), np.asarray(ir, float)
    win = round(kwargs.get("window_s", 4.0) * fs)
    if r_sig.size < win:
        return np.zeros(0), np.zeros(0)
    sos = np.asarray(ss.butter(2, [0.5, 5.0], btype="bandpass", fs=fs, output="sos"))
    padlen = min(r_sig.size - 1, 15)
    ac_r, ac_i = (
        ss.sosfiltfilt(sos, r_sig, padlen=padlen),
        ss.sosfiltfilt(sos, i_sig, padlen=padlen),
    )
    starts = np.arange(0, r_sig.size - win + 1, win)
    out = np.full(starts.size, np.nan)
    for k, s in enumerate(starts):
        dc_r, dc_i = r_sig[s : s + win].mean(), i_sig[s : s + win].mean()
        pr = float(np.sqrt(np.mean(ac_r[s : s + win] ** 2))) / dc_r
        pi = float(np.sqrt(np.mean(ac_i[s : s + win] ** 2))) / dc_i
        if pi < kwargs.get("min_perfusion", 1e-4) or pr <= 0:
            continue
        out[k] = pr / pi
    return starts / fs, out


def _reference_hrv_time_core(rr_ms: Any, times_s: Any = None) -> Any:
    table = hrv_time_indices(rr_ms, times_s)
    return ecg_module.HrvTimeCore(
        table["HRV_MeanNN"], table["HRV_SDNN"], table["HRV_RMSSD"], table["HRV_CVSD"]
    )


def _simulated(scenario: str, seconds: int, seed: int) -> dict[Channel, FloatArray]:
    stream = Simulator(scenario, seed=seed).frames(seconds)
    return {
        c: DEFAULT_PROFILE.channel(c).to_physical(stream.signals[c])
        for c in (Channel.ECG, Channel.PPG_RED, Channel.PPG_IR, Channel.CO2)
    }


def _run(data: dict[Channel, FloatArray], seconds: int) -> list[Any]:
    monitor = VitalsMonitor(max_hr_bpm=150.0)
    out = []
    for s in range(seconds):
        monitor.push_ecg(data[Channel.ECG][s * 250 : (s + 1) * 250], 100 <= s < 103)
        monitor.push_ppg(
            data[Channel.PPG_RED][s * 100 : (s + 1) * 100],
            data[Channel.PPG_IR][s * 100 : (s + 1) * 100],
        )
        monitor.push_co2(data[Channel.CO2][s * 20 : (s + 1) * 20])
        out.append(monitor.tick(s + 1.0))
    return out


@pytest.mark.parametrize(("scenario", "seed"), [("intervals", 1), ("pvc", 2), ("desaturation", 3)])
def test_the_monitor_gives_what_the_reference_computations_give(
    scenario: str, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    seconds = 150
    data = _simulated(scenario, seconds, seed)
    fast = _run(data, seconds)
    # Each replaced where the online package looks it up: the trackers and the monitor.
    for module in (ecg_tracker, monitor_module):
        monkeypatch.setattr(
            module,
            "ecg_peaks",
            lambda x, sampling_rate_hz: _reference_ecg_peaks(x, sampling_rate_hz),
        )
    for module in (ppg_tracker, monitor_module):
        monkeypatch.setattr(module, "ppg_peaks", _reference_ppg_peaks)
    monkeypatch.setattr(ppg_tracker, "spo2_ratio", _reference_spo2_ratio)
    monkeypatch.setattr(ecg_tracker, "hrv_time_core", _reference_hrv_time_core)
    monkeypatch.setattr(ecg_module, "hrv_time_core", _reference_hrv_time_core)
    reference = _run(data, seconds)
    assert len(fast) == len(reference) == seconds
    # Every vital and alert; repr writes each float exactly (and NaN equal to NaN).
    assert repr(fast) == repr(reference)
    late = [v for v, _ in fast[70:]]
    assert sum(v.hr_bpm is not None for v in late) > 0.9 * len(late)  # the analysis ran
    assert sum(v.hrv_rmssd_ms is not None for v in late) > 0


def test_numeric_mean_and_norm_are_numpys() -> None:
    rng = np.random.default_rng(12)
    for i in range(3000):
        shape = (int(rng.integers(1, 12)), int(rng.integers(2, 300)))
        x = rng.normal(0, [1e-3, 1, 1e4][i % 3], shape)
        v = x[0]
        assert numeric.mean(v) == np.mean(v)
        assert np.array_equal(numeric.mean(x, axis=0), np.mean(x, axis=0))
        assert np.array_equal(
            numeric.mean(x, axis=1, keepdims=True), np.mean(x, axis=1, keepdims=True)
        )
        assert numeric.norm(v) == np.linalg.norm(v)
        assert np.array_equal(numeric.norm(x, axis=1), np.linalg.norm(x, axis=1))
        assert numeric.mean(v[::-1][1:]) == np.mean(v[::-1][1:])  # a strided view, as filters give
    ints = np.arange(10)
    assert numeric.mean(ints) == np.mean(ints)  # not float64: NumPy's own


def test_numeric_diff_is_numpys() -> None:
    rng = np.random.default_rng(13)
    for i in range(500):
        n = int(rng.integers(0, 60))
        v = [
            rng.normal(0, 1e3, n),
            rng.integers(-(2**40), 2**40, n),
            rng.integers(-3, 3, n).astype(np.int8),  # wraps, as np.diff does
            rng.random(n) < 0.5,
        ][i % 4]
        got, expected = numeric.diff(v), np.diff(v)
        assert got.dtype == expected.dtype
        assert np.array_equal(got, expected)
    grid = rng.normal(size=(3, 5))
    assert np.array_equal(numeric.diff(grid), np.diff(grid))  # 2-D: NumPy's own


def test_numeric_median_is_numpys() -> None:
    rng = np.random.default_rng(14)
    for i in range(2000):
        n = int(rng.integers(1, 80))
        v = [
            rng.normal(40, 5, n),
            np.round(rng.normal(40, 5, n) * 4) / 4,  # ties
            rng.integers(2, 200, n),
            rng.normal(0, 1e300, n),  # the middle two's sum overflows, as in NumPy
        ][i % 4]
        got, expected = numeric.median(v), np.median(v)
        assert type(got) is type(expected)
        assert got == expected or (np.isnan(got) and np.isnan(expected))
    with_nan = np.array([1.0, np.nan, 3.0])
    assert np.isnan(numeric.median(with_nan))
    assert numeric.median(np.arange(4, dtype=np.int32)) == np.median(np.arange(4, dtype=np.int32))


def test_numeric_percentiles_are_numpys() -> None:
    rng = np.random.default_rng(15)
    for i in range(3000):
        n = int(rng.integers(1, 120))
        v = [
            rng.normal(40, 5, n),
            np.round(rng.normal(40, 3, n)),  # ties
            rng.normal(0, 1e300, n),  # differences overflow, as in NumPy
            np.where(rng.random(n) < 0.1, np.inf, rng.normal(0, 1, n)),  # inf - inf: NaN
            np.where(rng.random(n) < 0.1, -np.inf, rng.normal(0, 1, n)),
            np.where(rng.random(n) < 0.05, np.nan, rng.normal(0, 1, n)),
        ][i % 6]
        q = [(5.0, 95.0), (0.0, 100.0), (50.0,), (float(rng.uniform(0, 100)),)][i % 4]
        with np.errstate(invalid="ignore"):
            expected = tuple(np.percentile(v, q))
        got = numeric.percentiles(v, q)
        assert [type(g) for g in got] == [type(e) for e in expected]
        assert repr(got) == repr(expected)  # every float exactly, NaN equal to NaN
    ints = np.arange(10)
    assert numeric.percentiles(ints, (5, 95)) == tuple(np.percentile(ints, (5, 95)))


def test_numeric_filters_are_scipys() -> None:
    rng = np.random.default_rng(16)
    for i in range(2000):
        n = int(rng.integers(1, 300))
        v = [
            rng.normal(800, 60, n),
            np.round(rng.normal(800, 20, n) / 4) * 4,  # ties
            rng.normal(0, 1e3, n)[::-1],  # a strided view
        ][i % 3]
        size = int(rng.integers(1, 40))
        got = numeric.uniform_filter1d(v, min(size, n))
        expected = ndimage.uniform_filter1d(v, min(size, n), mode="nearest")
        assert got.dtype == expected.dtype
        assert np.array_equal(got, expected)
        got = numeric.median_filter(v, size)  # windows longer than twice the array included
        expected = ndimage.median_filter(v, size=size, mode="nearest")
        assert got.dtype == expected.dtype
        assert np.array_equal(got, expected)


def test_numeric_gradient_is_numpys() -> None:
    rng = np.random.default_rng(17)
    for i in range(500):
        n = int(rng.integers(1, 400))
        v = [rng.normal(0, 1, n), rng.normal(0, 1e300, n), rng.normal(0, 1, 2 * n)[::2]][i % 3]
        if n < 2:
            with pytest.raises(ValueError, match="too small"):
                numeric.gradient(v)
            continue
        got, expected = numeric.gradient(v), np.gradient(v)
        assert got.dtype == expected.dtype
        assert np.array_equal(got, expected)
    ints = np.arange(10) ** 2
    assert np.array_equal(numeric.gradient(ints), np.gradient(ints))  # not float64: NumPy's own


def test_numeric_clip_is_numpys() -> None:
    values = [-1.5, -0.0, 0.0, 0.3, 1.0, 7.0, np.nan, np.inf, -np.inf, 99.99, 100.0, 100.5]
    for v in values:
        for low, high in ((0.0, 1.0), (0.0, 100.0)):
            got, expected = numeric.clip(v, low, high), float(np.clip(v, low, high))
            assert repr(got) == repr(expected)  # NaN and the sign of zero included
