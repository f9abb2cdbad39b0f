"""ECG: R peaks on MIT-BIH against NeuroKit2's default detector, RR filtering, HR and HRV."""

from __future__ import annotations

from pathlib import Path

import neurokit2 as nk
import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.signal import resample_poly
from tests.conftest import shared_data

from fitcoach.analysis.signals import (
    RRIntervals,
    ecg_heart_rate,
    ecg_hrv,
    ecg_peaks,
    ecg_rr_intervals,
    hrv_frequency_domain,
    hrv_time_domain,
)
from fitcoach.core.errors import InvalidInput

REPO = Path(__file__).resolve().parents[3]
RECORDS = (100, 105, 119, 121)
DEVICE_HZ = 250  # the records are resampled from 360 Hz to the device's 250 Hz
TOLERANCE_S = 0.150


def match(
    detected: npt.NDArray[np.int64], reference: npt.NDArray[np.int64], tolerance: int
) -> tuple[int, int, int]:
    """(TP, FN, FP): each reference beat matches at most one detection within ±tolerance."""
    det = np.sort(detected)
    used = np.zeros(det.size, dtype=bool)
    tp = 0
    for r, i in zip(reference, np.searchsorted(det, reference), strict=True):
        best = None
        for j in (i - 1, i):
            if not (0 <= j < det.size) or used[j]:
                continue
            distance = abs(int(det[j]) - int(r))
            if distance <= tolerance and (best is None or distance < abs(int(det[best]) - int(r))):
                best = j
        if best is not None:
            used[best] = True
            tp += 1
    return tp, reference.size - tp, det.size - tp


def _record(rec: int) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    data = np.load(shared_data("mitdb-dev") / f"{rec}.npz")
    assert int(data["fs_hz"]) == 360
    ecg = resample_poly(np.asarray(data["ecg_mv"], dtype=float), 25, 36)  # 360 → 250 Hz
    ref = np.round(np.asarray(data["r_peaks"]) * DEVICE_HZ / 360).astype(np.int64)
    return ecg, ref


def _neurokit_default(ecg: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    _, info = nk.ecg_peaks(ecg, sampling_rate=DEVICE_HZ, correct_artifacts=False)
    return np.asarray(info["ECG_R_Peaks"], dtype=np.int64)


def _neurokit_clean(ecg: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    cleaned = nk.ecg_clean(ecg, sampling_rate=DEVICE_HZ)
    return _neurokit_default(np.asarray(cleaned, dtype=float))


def test_r_peaks_on_mitbih_match_or_beat_neurokit2() -> None:
    """Se and PPV (150 ms) on records 100/105/119/121 at 250 Hz, fitcoach beside NeuroKit2."""
    detectors = {
        "fitcoach ecg_peaks": lambda x: ecg_peaks(x, sampling_rate_hz=DEVICE_HZ),
        "nk.ecg_peaks (default)": _neurokit_default,
        "nk.ecg_clean + nk.ecg_peaks": _neurokit_clean,
    }
    tol = round(TOLERANCE_S * DEVICE_HZ)
    counts: dict[str, dict[int | str, tuple[int, int, int]]] = {d: {} for d in detectors}
    for rec in RECORDS:
        ecg, ref = _record(rec)
        for name, detect in detectors.items():
            counts[name][rec] = match(detect(ecg), ref, tol)
    for name in detectors:
        tp, fn, fp = (sum(c[k] for c in counts[name].values()) for k in range(3))
        counts[name]["pooled"] = (tp, fn, fp)

    lines = [
        f"R-peak detection, MIT-BIH 100/105/119/121 resampled to {DEVICE_HZ} Hz, "
        f"tolerance {TOLERANCE_S * 1000:.0f} ms",
        "| record | " + " | ".join(f"{d} Se / PPV" for d in detectors) + " |",
        "|---" * (len(detectors) + 1) + "|",
    ]
    for key in (*RECORDS, "pooled"):
        cells = []
        for name in detectors:
            tp, fn, fp = counts[name][key]
            cells.append(f"{tp / (tp + fn):.4f} / {tp / (tp + fp):.4f} (FN {fn}, FP {fp})")
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    table = "\n".join(lines)
    print("\n" + table)  # noqa: T201 - shown with pytest -s
    out = REPO / "test-output"
    out.mkdir(exist_ok=True)
    (out / "signals_mitbih_rpeaks.md").write_text(table + "\n", encoding="utf-8")

    def se_ppv(name: str, key: int | str) -> tuple[float, float]:
        tp, fn, fp = counts[name][key]
        return tp / (tp + fn), tp / (tp + fp)

    ours = se_ppv("fitcoach ecg_peaks", "pooled")
    default = se_ppv("nk.ecg_peaks (default)", "pooled")
    assert ours[0] >= default[0]
    assert ours[1] >= default[1]
    for rec in (100, 121):
        se, ppv = se_ppv("fitcoach ecg_peaks", rec)
        assert se >= 0.98
        assert ppv >= 0.98


def test_r_peaks_at_the_native_rate_too() -> None:
    data = np.load(shared_data("mitdb-dev") / "100.npz")
    peaks = ecg_peaks(data["ecg_mv"], sampling_rate_hz=360)
    tp, fn, fp = match(peaks, np.asarray(data["r_peaks"], dtype=np.int64), 54)
    assert tp / (tp + fn) > 0.995
    assert tp / (tp + fp) > 0.995


def test_refinement_and_prefilter_options_agree_on_a_clean_record() -> None:
    data = np.load(shared_data("mitdb-dev") / "100.npz")
    ecg = np.asarray(data["ecg_mv"], dtype=float)[: 360 * 120]
    default = ecg_peaks(ecg, sampling_rate_hz=360)
    refined = ecg_peaks(ecg, sampling_rate_hz=360, refine_window_ms=50)
    nk_clean = ecg_peaks(ecg, sampling_rate_hz=360, prefilter="neurokit_clean")
    raw = ecg_peaks(ecg, sampling_rate_hz=360, prefilter="none")
    for other in (refined, nk_clean, raw):
        assert other.size == default.size
        assert np.abs(other - default).max() <= 18  # 50 ms at 360 Hz
    assert np.all(np.diff(refined) >= 72)  # merged: never two peaks within 200 ms


@pytest.mark.parametrize("heart_rate", [55, 80, 120, 160])
def test_heart_rate_of_a_simulated_ecg_is_within_2_bpm(heart_rate: int) -> None:
    ecg = nk.ecg_simulate(
        duration=60, sampling_rate=DEVICE_HZ, heart_rate=heart_rate, noise=0.05, random_state=7
    )
    peaks = ecg_peaks(ecg, sampling_rate_hz=DEVICE_HZ)
    hr = ecg_heart_rate(peaks, sampling_rate_hz=DEVICE_HZ)
    assert hr is not None
    assert hr == pytest.approx(heart_rate, abs=2.0)


def test_flat_or_short_signals_give_no_peaks_and_no_heart_rate() -> None:
    assert ecg_peaks(np.zeros(5000), sampling_rate_hz=250).size == 0
    assert ecg_peaks(np.ones(100), sampling_rate_hz=250).size == 0
    assert ecg_heart_rate(np.array([10]), sampling_rate_hz=250) is None


def test_bad_input_is_refused() -> None:
    with pytest.raises(InvalidInput, match="sampling_rate_hz"):
        ecg_peaks(np.zeros(1000), sampling_rate_hz=0)
    with pytest.raises(InvalidInput, match="NaN"):
        ecg_peaks(np.array([0.0, np.nan] * 1000), sampling_rate_hz=250)


def _peaks_from_rr(rr_ms: list[float], fs: float = 1000.0) -> npt.NDArray[np.int64]:
    return np.round(np.concatenate([[0.0], np.cumsum(rr_ms)]) * fs / 1000.0).astype(np.int64)


def test_rr_filter_drops_out_of_range_and_ectopic_intervals() -> None:
    rr = [800.0] * 20 + [500.0, 1100.0] + [800.0] * 20 + [2500.0] + [800.0] * 5 + [250.0]
    result = ecg_rr_intervals(_peaks_from_rr(rr), sampling_rate_hz=1000)
    assert result.rr_ms.size == len(rr)
    assert result.dropped_out_of_range == 2  # 2500 ms and 250 ms
    assert result.dropped_ectopic == 2  # the premature beat and its compensatory pause
    assert set(result.kept_rr_ms.tolist()) == {800.0}
    assert result.fraction_kept == pytest.approx((len(rr) - 4) / len(rr))


def test_hrv_time_domain_invariants() -> None:
    rng = np.random.default_rng(3)
    constant = ecg_rr_intervals(_peaks_from_rr([900.0] * 100), sampling_rate_hz=1000)
    t = hrv_time_domain(constant)
    assert t is not None
    assert t.sdnn_ms == 0
    assert t.rmssd_ms == 0
    assert t.pnn50_pct == 0
    assert t.mean_hr_bpm == pytest.approx(60_000 / 900)
    alternating = ecg_rr_intervals(_peaks_from_rr([850.0, 950.0] * 50), sampling_rate_hz=1000)
    a = hrv_time_domain(alternating)
    assert a is not None
    assert a.rmssd_ms == pytest.approx(100.0)
    assert a.pnn50_pct == 100.0
    noisy = ecg_rr_intervals(
        _peaks_from_rr(list(800 + rng.normal(0, 30, 300))), sampling_rate_hz=1000
    )
    n = hrv_time_domain(noisy)
    assert n is not None
    assert n.sdnn_ms == pytest.approx(30, rel=0.15)
    assert n.rmssd_ms == pytest.approx(30 * np.sqrt(2), rel=0.15)  # white RR: RMSSD = √2·SD


@pytest.mark.parametrize(("freq_hz", "band"), [(0.1, "lf"), (0.25, "hf")])
def test_hrv_frequency_puts_the_power_in_the_modulated_band(freq_hz: float, band: str) -> None:
    times, rr, t = [], [], 0.0
    while t < 300:
        value = 900 + 40 * np.sin(2 * np.pi * freq_hz * t)
        rr.append(value)
        t += value / 1000
        times.append(t)
    result = hrv_frequency_domain(ecg_rr_intervals(_peaks_from_rr(rr), sampling_rate_hz=1000))
    assert result is not None
    assert result.lf_hf is not None
    if band == "lf":
        assert result.lf_hf > 10
    else:
        assert result.lf_hf < 0.1
    # A sinusoid of amplitude 40 ms carries 40²/2 = 800 ms² of power.
    assert result.lf_ms2 + result.hf_ms2 == pytest.approx(800, rel=0.2)


def test_hrv_quality_gate_on_real_records() -> None:
    root = shared_data("mitdb-dev")
    clean = np.load(root / "100.npz")
    hrv = ecg_hrv(ecg_peaks(clean["ecg_mv"], sampling_rate_hz=360), sampling_rate_hz=360)
    assert hrv.reason is None
    assert hrv.time is not None
    assert hrv.frequency is not None
    assert 60 < hrv.time.mean_hr_bpm < 90
    assert 5 < hrv.time.rmssd_ms < 100
    assert hrv.fraction_kept > 0.95
    # Record 119: ventricular bigeminy, half the intervals are ectopic: no HRV, with a reason.
    bigeminy = np.load(root / "119.npz")
    gated = ecg_hrv(ecg_peaks(bigeminy["ecg_mv"], sampling_rate_hz=360), sampling_rate_hz=360)
    assert gated.time is None
    assert gated.frequency is None
    assert gated.reason is not None
    assert "ectopic" in gated.reason
    short = ecg_hrv(_peaks_from_rr([800.0] * 40), sampling_rate_hz=1000)
    assert short.time is None
    assert short.reason is not None
    assert "too short" in short.reason
    no_lf = ecg_hrv(_peaks_from_rr([800.0, 820.0] * 50), sampling_rate_hz=1000)
    assert no_lf.time is not None
    assert no_lf.frequency is None
    assert no_lf.reason is not None
    assert "frequency" in no_lf.reason


def _annotated(rec: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_], float]:
    """Annotated beats, whether each is a PVC, and the rate (360 Hz), of a MIT-BIH record."""
    data = np.load(shared_data("mitdb-dev") / f"{rec}.npz")
    beats = np.asarray(data["r_peaks"], dtype=np.int64)
    return beats, np.isin(beats, data["pvc_peaks"]), float(data["fs_hz"])


def test_hrv_time_domain_is_the_task_force_definition_on_annotated_nn_intervals() -> None:
    """Record 119 (bigeminy) with the intervals that touch an annotated PVC dropped: many
    gaps, which RMSSD and pNN50 must not bridge (NeuroKit2 underneath)."""
    beats, pvc, fs = _annotated(119)
    rr_ms = np.diff(beats) * 1000.0 / fs
    nn = ~pvc[1:] & ~pvc[:-1]
    rr = RRIntervals(rr_ms, beats[1:] / fs, nn, 0, int((~nn).sum()))
    t = hrv_time_domain(rr)
    assert t is not None
    diffs = np.diff(rr_ms)[nn[1:] & nn[:-1]]  # both intervals normal-to-normal
    assert nn.sum() - diffs.size > 200  # over 200 gaps that a bridging RMSSD would cross
    assert t.mean_rr_ms == pytest.approx(rr_ms[nn].mean(), rel=1e-9)
    assert t.sdnn_ms == pytest.approx(rr_ms[nn].std(ddof=1), rel=1e-9)
    assert t.rmssd_ms == pytest.approx(np.sqrt(np.mean(diffs**2)), rel=1e-9)
    assert t.pnn50_pct == pytest.approx(100.0 * np.mean(np.abs(diffs) > 50.0), rel=1e-9)


@pytest.mark.parametrize("rec", RECORDS)
def test_ectopic_filter_finds_the_annotated_pvcs(rec: int) -> None:
    """Against the annotations: the intervals around a PVC are dropped, the others kept
    (record 100's unannotated atrial premature beats are dropped too, hence 97 %)."""
    beats, pvc, fs = _annotated(rec)
    rr = ecg_rr_intervals(beats, sampling_rate_hz=fs)
    around_pvc = pvc[1:] | pvc[:-1]
    assert (~rr.kept[around_pvc]).mean() >= 0.97 if around_pvc.any() else True
    assert rr.kept[~around_pvc].mean() >= 0.97
    if rec == 119:  # bigeminy: HRV of what the filter keeps is that of the annotated NN
        nn = RRIntervals(rr.rr_ms, rr.times_s, ~around_pvc, 0, int(around_pvc.sum()))
        ours, truth = hrv_time_domain(rr), hrv_time_domain(nn)
        assert ours is not None
        assert truth is not None
        assert ours.rmssd_ms == pytest.approx(truth.rmssd_ms, rel=0.05)
        assert ours.sdnn_ms == pytest.approx(truth.sdnn_ms, rel=0.10)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(min_value=200.0, max_value=2500.0), min_size=5, max_size=200),
)
def test_rr_and_hrv_invariants(rr_ms: list[float]) -> None:
    rr = ecg_rr_intervals(_peaks_from_rr(rr_ms), sampling_rate_hz=1000)
    assert rr.rr_ms.size == len(rr_ms)
    assert rr.dropped_out_of_range + rr.dropped_ectopic == int((~rr.kept).sum())
    assert 0.0 <= rr.fraction_kept <= 1.0
    kept = rr.kept_rr_ms
    assert np.all((kept >= 300) & (kept <= 2000))
    t = hrv_time_domain(rr)
    if t is not None:
        assert 30.0 <= t.mean_hr_bpm <= 200.0
        assert t.mean_hr_bpm == pytest.approx(60_000 / t.mean_rr_ms)
        assert t.sdnn_ms >= 0
        assert t.rmssd_ms >= 0
        assert 0.0 <= t.pnn50_pct <= 100.0
        assert t.rmssd_ms <= float(np.ptp(kept)) + 1e-9
    hr = ecg_heart_rate(_peaks_from_rr(rr_ms), sampling_rate_hz=1000)
    assert hr is None or 30.0 <= hr <= 200.0
