"""The simulator: determinism, frame layout, and the physiology it promises (ground truth)."""

from __future__ import annotations

import itertools
import math
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import neurokit2 as nk
import numpy as np
import pytest
from numpy.typing import NDArray
from scipy.signal import butter, sosfiltfilt
from typer.testing import CliRunner

from fitcoach.cli import app
from fitcoach.cli.common import use_clock
from fitcoach.core.clock import FixedClock
from fitcoach.sensors.frames import Channel, Flag, decode, encode
from fitcoach.sensors.profiles import BOARD_V1
from fitcoach.sensors.recording import RecordingReader
from fitcoach.sensors.simulator import (
    SCENARIOS,
    SimulatedStream,
    Simulator,
    pace,
    spo2_from_ratio,
)

ADC_MAX = BOARD_V1.ecg.adc_max
RAIL_LOW, RAIL_HIGH = BOARD_V1.ecg.rail_low_counts, BOARD_V1.ecg.rail_high_counts
ECG = BOARD_V1.channel(Channel.ECG)

_CACHE: dict[tuple[str, int, float], SimulatedStream] = {}


def sim(scenario: str, seed: int = 1, duration_s: float = 90.0) -> SimulatedStream:
    key = (scenario, seed, duration_s)
    if key not in _CACHE:
        _CACHE[key] = Simulator(scenario, seed).frames(duration_s)
    return _CACHE[key]


def measured_spo2(stream: SimulatedStream, start_s: float, end_s: float) -> float:
    """Ratio of ratios on the band-passed pulsatile parts (AC: std, DC: mean)."""
    sos = butter(2, [0.7, 4.0], btype="band", fs=100, output="sos")
    sl = slice(int(start_s * 100), int(end_s * 100))
    red = stream.signals[Channel.PPG_RED].astype(float)
    ir = stream.signals[Channel.PPG_IR].astype(float)
    r = (np.std(sosfiltfilt(sos, red)[sl]) / red[sl].mean()) / (
        np.std(sosfiltfilt(sos, ir)[sl]) / ir[sl].mean()
    )
    return spo2_from_ratio(float(r))


def test_same_seed_same_frames_other_seed_other_frames() -> None:
    a = Simulator("intervals", seed=7).frames(10.0)
    b = Simulator("intervals", seed=7).frames(10.0)
    c = Simulator("intervals", seed=8).frames(10.0)
    assert a.frames == b.frames
    assert a.wire_bytes() == b.wire_bytes()
    assert a.frames != c.frames


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_frame_layout_and_timing(scenario: str) -> None:
    stream = Simulator(scenario, seed=3, device_id=42).frames(6.0)
    per_channel = {
        Channel.ECG: (25, 250, 2),
        Channel.PPG_RED: (10, 100, 4),
        Channel.PPG_IR: (10, 100, 4),
        Channel.CO2: (4, 20, 2),
    }
    assert stream.emit_times_s == sorted(stream.emit_times_s)
    for channel, (n, rate, width) in per_channel.items():
        frames = [f for f in stream.frames if f.channel == channel]
        assert len(frames) == 6 * rate // n
        assert [f.seq for f in frames] == list(range(len(frames)))
        assert all(len(f.samples) == n and f.sample_width == width for f in frames)
        assert all(f.device_id == 42 for f in frames)
        step = round(n / rate * 1e6)
        assert [f.t_device_us for f in frames] == [k * step for k in range(len(frames))]
    # Every frame survives the wire.
    assert [decode(encode(f)) for f in stream.frames[:50]] == stream.frames[:50]


def test_truth_is_within_physiological_ranges() -> None:
    for scenario in ("rest", "intervals", "recovery", "motion"):
        truth = sim(scenario).truth
        assert len(truth.t_s) == 90
        assert np.all((truth.hr_bpm >= 55) & (truth.hr_bpm <= 190))
        assert np.all((truth.resp_rate_per_min >= 12) & (truth.resp_rate_per_min <= 40))
        assert np.all((truth.etco2_mmhg >= 35) & (truth.etco2_mmhg <= 45))
    rest, intervals = sim("rest").truth, sim("intervals").truth
    assert intervals.hr_bpm[85] > rest.hr_bpm[85] + 40  # 25 s into the first hard interval
    assert intervals.resp_rate_per_min[85] > 30
    recovery = sim("recovery").truth
    assert recovery.hr_bpm[0] > recovery.hr_bpm[-1] + 30


def test_desaturation_goes_below_90_for_at_least_10_s() -> None:
    stream = sim("desaturation")
    spo2 = stream.truth.spo2_pct
    assert (spo2 < 90).sum() >= 10
    assert spo2.min() == pytest.approx(85.0)
    assert spo2[0] == spo2[-1] == pytest.approx(97.0)
    assert (spo2 <= 85.01).sum() >= 29  # about 30 s at the bottom


@pytest.mark.parametrize(
    ("scenario", "start_s", "end_s"),
    [("rest", 20, 40), ("desaturation", 0, 9), ("desaturation", 30, 50), ("intervals", 70, 88)],
)
def test_ppg_ratio_of_ratios_gives_the_target_spo2(
    scenario: str, start_s: float, end_s: float
) -> None:
    stream = sim(scenario)
    target = float(stream.truth.spo2_pct[start_s:end_s].mean())
    assert measured_spo2(stream, start_s, end_s) == pytest.approx(target, rel=0.01)


def test_ecg_scaling_and_heart_rate_checked_with_neurokit() -> None:
    # Gain 1100 into a 10-bit ADC on the UNO's 5 V AVcc, 1.65 V at 0 mV.
    assert pytest.approx(1100 / 5.0 * 1.024) == BOARD_V1.ecg.counts_per_mv == ECG.counts_per_unit
    assert ECG.to_counts(np.array([0.0, 1.0, -10.0, 10.0])).tolist() == [338, 563, 0, 1023]
    assert ADC_MAX == 1023
    for scenario in ("rest", "intervals"):
        stream = sim(scenario)
        signal = stream.signals[Channel.ECG].astype(float)
        _, info = nk.ecg_peaks(signal, sampling_rate=250)
        peaks = np.asarray(info["ECG_R_Peaks"]) / 250
        truth = stream.truth
        assert abs(len(peaks) - len(truth.beat_times_s)) <= 2
        window = (peaks > 75) & (peaks < 88)
        hr = 60 / np.median(np.diff(peaks[window]))
        assert hr == pytest.approx(float(truth.hr_bpm[75:88].mean()), abs=3)


def test_pvc_beats_are_premature_with_a_compensatory_pause() -> None:
    truth = sim("pvc").truth
    beats, pvc = truth.beat_times_s, truth.pvc
    n_pvc = int(pvc.sum())
    assert 3 <= n_pvc <= 0.25 * len(beats)
    rr = np.diff(beats)
    normal_rr = np.median(rr)
    for i in np.nonzero(pvc)[0]:
        if 0 < i < len(beats) - 1:
            assert rr[i - 1] < 0.7 * normal_rr  # premature
            assert rr[i - 1] + rr[i] == pytest.approx(2 * normal_rr, rel=0.1)  # compensated
    assert not sim("rest").truth.pvc.any()


def test_lead_off_frames_are_flagged_and_railed() -> None:
    stream = sim("lead_off", duration_s=20.0)
    assert stream.truth.lead_off_s == (5.0, 9.0)
    ecg_frames = [f for f in stream.frames if f.channel == Channel.ECG]
    flagged = [f for f in ecg_frames if f.flags & Flag.LEAD_OFF]
    assert [f.t_device_us for f in flagged] == list(range(5_000_000, 9_000_000, 100_000))
    # The AD8232's output rails at its 3.3 V supply (655 counts on a 5 V ADC), not at 1023.
    assert all(set(f.samples) == {RAIL_HIGH} and f.flags & Flag.SATURATED for f in flagged)
    others = [f for f in ecg_frames if not f.flags & Flag.LEAD_OFF]
    assert all(min(f.samples) > RAIL_LOW and max(f.samples) < RAIL_HIGH for f in others)
    assert not any(f.flags & Flag.SATURATED for f in others)
    assert not any(f.flags & Flag.LEAD_OFF for f in sim("rest").frames)


@pytest.mark.parametrize(("scenario", "rails"), [("pvc", True), ("motion", True), ("rest", False)])
def test_ecg_stays_within_the_front_end_s_rails_and_flags_them(scenario: str, rails: bool) -> None:
    """Large deflections (a 1.6 mV premature beat, motion) clip at the AD8232's rails, never
    beyond (the ADC's 0 and 1023 are out of its reach); exactly the frames with a sample at a
    rail carry SATURATED, and a resting ECG (R waves about 1.2 mV) never reaches one."""
    stream = sim(scenario)
    ecg = stream.signals[Channel.ECG]
    assert ecg.min() >= RAIL_LOW
    assert ecg.max() <= RAIL_HIGH
    saturated = 0
    for frame in (f for f in stream.frames if f.channel == Channel.ECG):
        railed = min(frame.samples) <= RAIL_LOW or max(frame.samples) >= RAIL_HIGH
        assert bool(frame.flags & Flag.SATURATED) == railed
        saturated += railed
    assert (saturated > 0) == rails


def breaths_in_capnogram(co2_tenths: NDArray[np.int64]) -> tuple[NDArray[np.intp], list[float]]:
    """Expiratory upstrokes (crossing 20 mmHg) and each breath's end-tidal maximum."""
    mmhg = co2_tenths / 10.0
    above = mmhg > 20
    ups = np.nonzero(above[1:] & ~above[:-1])[0] + 1
    peaks = [float(mmhg[a:b].max()) for a, b in itertools.pairwise(ups)]
    return ups, peaks


@pytest.mark.parametrize("scenario", ["rest", "motion"])
def test_capnogram_rate_and_etco2_match_the_truth(scenario: str) -> None:
    stream = sim(scenario)
    ups, peaks = breaths_in_capnogram(stream.signals[Channel.CO2])
    truth = stream.truth
    rate = 60 / np.median(np.diff(ups) / 20)
    assert rate == pytest.approx(float(truth.resp_rate_per_min.mean()), rel=0.05)
    assert np.median(peaks) == pytest.approx(float(truth.etco2_mmhg.mean()), abs=1.0)
    assert len(ups) == pytest.approx(len(truth.breath_onsets_s), abs=1)
    assert stream.signals[Channel.CO2].min() < 10  # inspired air carries (almost) no CO2


def test_capnogram_follows_intensity() -> None:
    stream = sim("intervals")
    ups, _ = breaths_in_capnogram(stream.signals[Channel.CO2])
    t = ups / 20
    easy = np.sum(t < 55) / 55 * 60
    hard = np.sum((t >= 70) & (t < 90)) / 20 * 60
    assert 17 <= easy <= 24
    assert hard >= 30


def test_motion_adds_noise_without_changing_the_truth() -> None:
    def hf_noise(stream: SimulatedStream) -> float:
        return float(np.std(np.diff(stream.signals[Channel.ECG].astype(float))))

    assert hf_noise(sim("motion")) > 1.5 * hf_noise(sim("rest"))
    # Motion corrupts the SpO2 estimate (as it does on a real finger)...
    assert abs(measured_spo2(sim("motion"), 20, 40) - 97) > 2
    # ...but the ground truth stays what the body did.
    assert np.all(sim("motion").truth.spo2_pct == 97)


def test_pace_sends_in_real_time() -> None:
    stream = Simulator("rest", seed=1).frames(2.0)
    writes: list[bytes] = []
    started = time.monotonic()
    n = pace(stream, writes.append, speed=4.0)
    elapsed = time.monotonic() - started
    assert n == len(stream.frames)
    assert b"".join(writes) == stream.wire_bytes()
    # It waits (2 s at four times real time); how much longer a loaded machine takes is not
    # the pacing's to answer for: the schedule itself is checked on a clock of our own below.
    assert elapsed >= 0.45
    assert len(writes) < len(stream.frames)  # simultaneous frames share one write


class _FakeTime(threading.Event):
    """A clock that moves only when ``pace`` waits on it, by exactly what it waits."""

    def __init__(self) -> None:
        super().__init__()
        self.now = 100.0
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.now

    def wait(self, timeout: float | None = None) -> bool:
        assert timeout is not None
        assert timeout > 0
        self.waits.append(timeout)
        self.now += timeout
        return False


def test_pace_writes_each_frame_at_its_emission_time() -> None:
    stream = Simulator("rest", seed=1).frames(2.0)
    fake = _FakeTime()
    sent: list[tuple[float, bytes]] = []
    n = pace(
        stream,
        lambda data: sent.append((fake.now, data)),
        speed=4.0,
        stop_event=fake,
        clock=fake.clock,
    )
    assert n == len(stream.frames)
    assert b"".join(data for _, data in sent) == stream.wire_bytes()
    # Each write goes out when its frames leave the board, scaled by the speed: never early.
    emitted = sorted(set(stream.emit_times_s))
    assert len(sent) == len(emitted)
    for (at, _), t in zip(sent, emitted, strict=True):
        assert at == pytest.approx(100.0 + t / 4.0, abs=1e-9)
    assert sum(fake.waits) == pytest.approx(emitted[-1] / 4.0, abs=1e-9)


def test_pace_stops_when_asked() -> None:
    stream = Simulator("rest", seed=1).frames(2.0)
    fake = _FakeTime()
    writes: list[bytes] = []

    def write(data: bytes) -> None:
        writes.append(data)
        if len(writes) == 3:
            fake.set()

    n = pace(stream, write, speed=4.0, stop_event=fake, clock=fake.clock)
    assert len(writes) == 3
    assert 3 <= n < len(stream.frames)
    assert b"".join(writes) == stream.wire_bytes()[: len(b"".join(writes))]


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown scenario"):
        Simulator("sprint", seed=1)
    with pytest.raises(ValueError, match="duration"):
        Simulator("rest", seed=1).frames(-1)
    with pytest.raises(ValueError, match="duration"):
        Simulator("rest", seed=1).frames(math.nan)


NOW = datetime(2026, 11, 20, 7, 30, tzinfo=UTC)  # the CLI's clock in the commands below


def test_cli_writes_a_recording_and_explains_itself(tmp_path: Path) -> None:
    runner = CliRunner()
    help_text = runner.invoke(app, ["simulate", "sensors", "--help"]).output
    assert "Example:" in help_text
    out = tmp_path / "s.rec"
    with use_clock(FixedClock(NOW)):  # the CLI's one clock dates the file
        result = runner.invoke(
            app, ["simulate", "sensors", "--scenario", "pvc", "--duration", "3", "--out", str(out)]
        )
    assert result.exit_code == 0, result.output
    rec = RecordingReader.open(out)
    assert rec.metadata["scenario"] == "pvc"
    assert rec.metadata["created_at"] == NOW.isoformat()
    wire = b"".join(c.data for c in rec)
    assert wire == Simulator("pvc", seed=1).frames(3.0).wire_bytes()

    bad = runner.invoke(app, ["simulate", "sensors", "--scenario", "sprint"])
    assert bad.exit_code == 2
    assert "unknown scenario 'sprint'" in bad.output
    both = runner.invoke(app, ["simulate", "sensors", "--pty", "--out", str(out)])
    assert both.exit_code == 2
    assert "choose one of --pty, --out and --bus" in both.output


def test_cli_pty_serves_frames_even_with_nobody_reading() -> None:
    result = CliRunner().invoke(app, ["simulate", "sensors", "--duration", "2", "--pty", "--fast"])
    assert result.exit_code == 0, result.output
    assert "serving frames on /dev/" in result.output
    assert f"sent {len(Simulator('rest', seed=1).frames(2.0))} frames" in result.output


def test_cli_publishes_to_the_bus(monkeypatch: pytest.MonkeyPatch) -> None:
    from fitcoach.core.settings import get_settings

    monkeypatch.delenv("FITCOACH_REDIS_URL", raising=False)
    get_settings.cache_clear()
    try:
        with use_clock(FixedClock(NOW)):  # the recording key is stamped on the CLI's clock
            result = CliRunner().invoke(
                app,
                ["simulate", "sensors", "--duration", "2", "--bus", "--fast", "--athlete", "7"],
            )
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    sent = len(Simulator("rest", seed=1).frames(2.0))
    assert f"published {sent} frames as recording sim1-rest-20261120T073000Z" in result.output
