"""A seeded simulator of the sensor board: ECG, red/IR PPG and a capnogram, as wire frames.

``Simulator(scenario, seed).frames(duration_s)`` returns a ``SimulatedStream``: the frames in
the order the board would send them, the time each leaves the board, the sample arrays, and
the ground truth (``GroundTruth``: heart rate, SpO2, respiratory rate and EtCO2 per second,
plus every beat and breath) so that tests and signal-processing code can check estimates.

Physiology
    An intensity profile ``I(t)`` in 0..1 (fraction of heart-rate reserve) drives the heart
    rate ``60 + I*(185-60)`` bpm with first-order kinetics (tau 20 s), the breathing rate
    ``12 + I*28`` /min (12-40 /min) and EtCO2 ``38 + 6*I - 8*max(0, I-0.7)`` mmHg (35-45).
    Beats carry respiratory sinus arrhythmia and 1 % jitter.

ECG (``Channel.ECG``, 250 Hz, 25 samples a frame)
    Beat by beat, each beat the sum of five Gaussian waves (P, Q, R, S, T), the morphology
    of ECGSYN (McSharry et al. 2003), with QT scaled by sqrt(RR) (Bazett). NeuroKit2's
    ``ecg_simulate`` takes one constant heart rate, so it cannot follow a profile or place a
    premature beat; the tests check this ECG with NeuroKit2's ``ecg_peaks`` instead.
    A premature ventricular beat (``pvc``) comes at 60 % of the RR interval, has no P wave, a
    wide QRS and an inverted T, and is followed by a full compensatory pause.
    Millivolts become counts with the device profile's ECG calibration
    (``sensors.profiles``; the reference board: AD8232 gain 1100 around 1.65 V, powered from
    3.3 V, into the UNO's 10-bit ADC on its 5 V AVcc reference: 0 mV = 337.9 counts, about
    225 counts per mV), clipped to the front end's output rails (20 and 655 counts there:
    the AD8232 cannot drive its output beyond its 3.3 V supply, so the ADC's 0 and 1023 are
    never reached). Frames touching a rail carry ``Flag.SATURATED``, as the firmware sets it;
    with the leads off the output sits at the high rail and frames carry ``Flag.LEAD_OFF``.

PPG (``Channel.PPG_RED``/``PPG_IR``, 100 Hz, 10 samples a frame each, 18-bit counts)
    A pulse (systolic and dicrotic Gaussians) 0.25 s after each R peak. Light reaching the
    detector falls with the pulse: ``x = DC * (1 - AC * p(t))`` with IR perfusion
    ``AC_ir = 0.02`` and ``AC_red = R * AC_ir``, where ``R = (110 - SpO2) / 25`` is the
    ratio of ratios of the empirical calibration ``SpO2 = 110 - 25 R``. So
    ``(AC_red/DC_red) / (AC_ir/DC_ir)`` of the generated signals gives back the target SpO2.

Capnogram (``Channel.CO2``, 20 Hz, 4 samples a frame, 0.1 mmHg units)
    Each breath: inspiration (a third of the breath at rest, up to 45 % hard) at 0 with a
    fast downstroke, then an expiratory upstroke to a plateau rising to that breath's EtCO2.

Rates, frame sizes, sample widths, ADC ranges and unit scalings all come from the
``DeviceProfile`` given to the ``Simulator`` (``sensors.profiles.DEFAULT_PROFILE`` unless
another is given), the same profile the ingest side decodes with.

Scenarios: ``rest``, ``warmup``, ``intervals``, ``recovery``, ``desaturation`` (SpO2 falls
from 97 % to 85 % over 15 s from t=10 s, stays there 30 s, recovers by t=75 s), ``pvc``
(about one beat in ten premature), ``lead_off`` (leads off from t=5 s for 4 s) and
``motion`` (cadence-locked motion artefacts on ECG and PPG throughout).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from fitcoach.sensors.frames import Channel, Flag, Frame, encode
from fitcoach.sensors.profiles import DEFAULT_PROFILE, DeviceProfile

FloatArray = NDArray[np.float64]

HR_REST_BPM = 60.0
HR_MAX_BPM = 185.0
HR_TAU_S = 20.0
RR_REST_PER_MIN = 12.0
RR_MAX_PER_MIN = 40.0
SPO2_BASELINE_PCT = 97.0
IR_DC_COUNTS = 120_000.0
RED_DC_COUNTS = 90_000.0
IR_PERFUSION = 0.02

LEAD_OFF_START_S = 5.0
LEAD_OFF_LENGTH_S = 4.0
DESAT_START_S, DESAT_LOW_S, DESAT_RISE_S, DESAT_END_S = 10.0, 25.0, 55.0, 75.0
DESAT_LOW_PCT = 85.0
PVC_PROBABILITY = 0.1
MOTION_CADENCE_HZ = 2.6

SCENARIOS = (
    "rest",
    "warmup",
    "intervals",
    "recovery",
    "desaturation",
    "pvc",
    "lead_off",
    "motion",
)


def spo2_from_ratio(ratio: float) -> float:
    """The empirical calibration the PPG is built with: ``SpO2 = 110 - 25 R``."""
    return 110.0 - 25.0 * ratio


def ratio_from_spo2(spo2_pct: FloatArray | float) -> FloatArray | float:
    """Inverse of ``spo2_from_ratio``."""
    return (110.0 - spo2_pct) / 25.0


def intensity(scenario: str, t_s: FloatArray) -> FloatArray:
    """The scenario's exercise intensity, 0..1 of heart-rate reserve, at times ``t_s``."""
    t = np.asarray(t_s, dtype=np.float64)
    if scenario == "warmup":
        return 0.1 + 0.5 * np.minimum(1.0, t / 300.0)
    if scenario == "intervals":
        work = (t >= 60.0) & (((t - 60.0) % 60.0) < 30.0)
        return np.where(work, 0.9, 0.3)
    if scenario == "recovery":
        return 0.1 + 0.75 * np.exp(-t / 60.0)
    if scenario == "motion":
        return np.full_like(t, 0.5)
    if scenario in ("pvc", "lead_off"):
        return np.full_like(t, 0.1)
    if scenario in ("rest", "desaturation"):
        return np.full_like(t, 0.05)
    raise ValueError(f"unknown scenario {scenario!r}; choose one of {', '.join(SCENARIOS)}")


def spo2_profile(scenario: str, t_s: FloatArray) -> FloatArray:
    """Target SpO2 (%) at times ``t_s``."""
    t = np.asarray(t_s, dtype=np.float64)
    base = np.full_like(t, SPO2_BASELINE_PCT)
    if scenario != "desaturation":
        return base
    return np.interp(
        t,
        [0.0, DESAT_START_S, DESAT_LOW_S, DESAT_RISE_S, DESAT_END_S, 1e12],
        [
            SPO2_BASELINE_PCT,
            SPO2_BASELINE_PCT,
            DESAT_LOW_PCT,
            DESAT_LOW_PCT,
            SPO2_BASELINE_PCT,
            SPO2_BASELINE_PCT,
        ],
    )


def etco2_from_intensity(level: FloatArray) -> FloatArray:
    """EtCO2 (mmHg) for an intensity: rises with work, falls past the compensation point."""
    return np.clip(38.0 + 6.0 * level - 8.0 * np.maximum(0.0, level - 0.7), 35.0, 45.0)


@dataclass(frozen=True)
class GroundTruth:
    """What the simulated body did; per-second arrays are sampled at ``t_s`` (0, 1, 2 ...)."""

    t_s: FloatArray
    hr_bpm: FloatArray  # sinus rate (mean over the second)
    spo2_pct: FloatArray
    resp_rate_per_min: FloatArray
    etco2_mmhg: FloatArray
    beat_times_s: FloatArray  # every R peak, PVCs included
    pvc: NDArray[np.bool_]  # per beat: premature ventricular
    breath_onsets_s: FloatArray  # start of each inspiration
    lead_off_s: tuple[float, float] | None = None  # [start, end) when the leads were off


@dataclass(frozen=True)
class SimulatedStream:
    """Frames in sending order, when each leaves the board, the samples, and the truth."""

    frames: list[Frame]
    emit_times_s: list[float]
    truth: GroundTruth
    signals: dict[Channel, NDArray[np.int64]] = field(default_factory=dict)
    rates_hz: dict[Channel, float] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Frame]:
        return iter(self.frames)

    def __len__(self) -> int:
        return len(self.frames)

    def wire_bytes(self) -> bytes:
        """Every frame encoded, as one byte string."""
        return b"".join(encode(f) for f in self.frames)


class Simulator:
    """A seeded sensor board running one scenario; the same seed gives the same frames."""

    def __init__(
        self,
        scenario: str,
        seed: int = 0,
        device_id: int = 1,
        *,
        clock_start_us: int = 0,
        seq_start: int = 0,
        profile: DeviceProfile = DEFAULT_PROFILE,
    ) -> None:
        if scenario not in SCENARIOS:
            raise ValueError(f"unknown scenario {scenario!r}; choose one of {', '.join(SCENARIOS)}")
        self.scenario = scenario
        self.seed = seed
        self.device_id = device_id
        self.clock_start_us = clock_start_us % (1 << 32)
        self.seq_start = seq_start % (1 << 32)
        self.profile = profile

    def frames(self, duration_s: float) -> SimulatedStream:
        """Simulate ``duration_s`` seconds (whole frames only)."""
        if not duration_s > 0 or not math.isfinite(duration_s):
            raise ValueError("duration_s must be a positive number of seconds")
        rng = np.random.default_rng(self.seed)
        profile = self.profile
        body = _Body(self.scenario, duration_s, rng, profile)
        signals = {
            Channel.ECG: body.ecg_counts(),
            **dict(zip((Channel.PPG_RED, Channel.PPG_IR), body.ppg_counts(), strict=True)),
            Channel.CO2: body.co2_counts(),
        }
        ecg_spec = profile.channel(Channel.ECG)
        timed: list[tuple[float, int, Frame]] = []
        for channel, samples in signals.items():
            spec = profile.channel(channel)
            rate, width = spec.rate_hz, spec.sample_width
            per_frame = spec.samples_per_frame or 1
            n_frames = len(samples) // per_frame
            for k in range(n_frames):
                chunk = samples[k * per_frame : (k + 1) * per_frame]
                t0 = k * per_frame / rate
                flags = Flag.NONE
                if channel == Channel.ECG:
                    if body.lead_off_mask(t0, per_frame / rate):
                        flags |= Flag.LEAD_OFF
                    if ecg_spec.at_rail(chunk).any():
                        flags |= Flag.SATURATED
                frame = Frame(
                    device_id=self.device_id,
                    seq=(self.seq_start + k) % (1 << 32),
                    t_device_us=(self.clock_start_us + round(t0 * 1e6)) % (1 << 32),
                    channel=int(channel),
                    samples=tuple(int(x) for x in chunk),
                    flags=int(flags),
                    sample_width=width,
                )
                timed.append(((k + 1) * per_frame / rate, int(channel), frame))
        timed.sort(key=lambda item: (item[0], item[1]))
        return SimulatedStream(
            frames=[f for _, _, f in timed],
            emit_times_s=[t for t, _, _ in timed],
            truth=body.truth(),
            signals=signals,
            rates_hz={c: profile.channel(c).rate_hz for c in signals},
        )


def pace(
    stream: SimulatedStream,
    write: Callable[[bytes], None],
    *,
    speed: float = 1.0,
    stop_event: threading.Event | None = None,
    clock: Callable[[], float] = time.monotonic,  # pacing is elapsed time: monotonic
    on_progress: Callable[[int, float], None] | None = None,
) -> int:
    """Write the stream's frames at their emission times (``speed`` x real time).

    Frames leaving the board at the same instant go out in one write. Returns the number of
    frames written (fewer if ``stop_event`` was set). ``math.inf`` writes without waiting.
    """
    event = stop_event or threading.Event()
    start = clock()
    written = 0
    i = 0
    frames, times = stream.frames, stream.emit_times_s
    while i < len(frames) and not event.is_set():
        t = times[i]
        j = i
        while j < len(frames) and times[j] == t:
            j += 1
        if not math.isinf(speed):
            delay = start + t / speed - clock()
            if delay > 0 and event.wait(delay):
                break
        write(b"".join(encode(f) for f in frames[i:j]))
        written += j - i
        i = j
        if on_progress is not None:
            on_progress(written, t)
    return written


class _Body:
    """The simulated athlete: profiles, beats and breaths, rendered per channel."""

    def __init__(
        self, scenario: str, duration_s: float, rng: np.random.Generator, profile: DeviceProfile
    ) -> None:
        # The front end's output rails: the ECG never reads beyond them (railed with the
        # leads off, clipped there on a too-large deflection).
        self.ecg_rails = (profile.ecg.rail_low_counts, profile.ecg.rail_high_counts)
        self.ecg = profile.channel(Channel.ECG)
        self.red = profile.channel(Channel.PPG_RED)
        self.ppg = profile.channel(Channel.PPG_IR)
        self.co2 = profile.channel(Channel.CO2)
        self.scenario = scenario
        self.duration_s = duration_s
        self.rng = rng
        # Profiles on a 10 Hz grid.
        self.grid_dt = 0.1
        self.grid = np.arange(0.0, duration_s + 2.0, self.grid_dt)
        level = intensity(scenario, self.grid)
        target = HR_REST_BPM + level * (HR_MAX_BPM - HR_REST_BPM)
        hr = np.empty_like(target)
        hr[0] = target[0]
        alpha = self.grid_dt / HR_TAU_S
        for i in range(1, len(target)):
            hr[i] = hr[i - 1] + alpha * (target[i] - hr[i - 1])
        self.hr = hr
        self.resp = RR_REST_PER_MIN + np.clip(level, 0, 1) * (RR_MAX_PER_MIN - RR_REST_PER_MIN)
        self.etco2 = etco2_from_intensity(level)
        self.spo2 = spo2_profile(scenario, self.grid)
        self.level = level
        # Breathing phase (cycles) on the grid, with a random start.
        self.breath_phase = rng.uniform(0, 1) + np.concatenate(
            ([0.0], np.cumsum(self.resp[:-1] / 60.0 * self.grid_dt))
        )
        self.beats, self.pvc = self._beats()
        self.motion_phase = rng.uniform(0, 2 * math.pi)

    # -- timing ---------------------------------------------------------------------------

    def _at(self, values: FloatArray, t: float | FloatArray) -> FloatArray:
        return np.asarray(np.interp(t, self.grid, values), dtype=np.float64)

    def _beats(self) -> tuple[FloatArray, NDArray[np.bool_]]:
        rng = self.rng
        times: list[float] = []
        pvc: list[bool] = []
        t = float(rng.uniform(0.1, 0.6))
        last_pvc = False
        while t < self.duration_s + 1.0:
            times.append(t)
            pvc.append(False)
            hr = float(self._at(self.hr, t))
            rr = 60.0 / hr
            phase = float(self._at(self.breath_phase, t))
            rsa = 0.04 * (1.0 - float(self._at(self.level, t))) * math.sin(2 * math.pi * phase)
            rr *= 1.0 + rsa + 0.01 * float(rng.standard_normal())
            if self.scenario == "pvc" and not last_pvc and rng.uniform() < PVC_PROBABILITY:
                times.append(t + 0.6 * rr)
                pvc.append(True)
                last_pvc = True
                t += 2.0 * rr  # full compensatory pause
                continue
            last_pvc = False
            t += rr
        return np.asarray(times), np.asarray(pvc, dtype=np.bool_)

    def lead_off_window(self) -> tuple[float, float] | None:
        if self.scenario != "lead_off":
            return None
        return (LEAD_OFF_START_S, LEAD_OFF_START_S + LEAD_OFF_LENGTH_S)

    def lead_off_mask(self, t0: float, length_s: float) -> bool:
        window = self.lead_off_window()
        return window is not None and t0 < window[1] and t0 + length_s > window[0]

    # -- ECG ------------------------------------------------------------------------------

    def ecg_counts(self) -> NDArray[np.int64]:
        fs = self.ecg.rate_hz
        n = int(self.duration_s * fs)
        t = np.arange(n) / fs
        mv = np.zeros(n)
        for beat_t, is_pvc in zip(self.beats, self.pvc, strict=True):
            rr = 60.0 / float(self._at(self.hr, beat_t))
            lo = max(0, int((beat_t - 0.35) * fs))
            hi = min(n, int((beat_t + 0.75) * fs) + 1)
            if lo >= hi:
                continue
            tau = t[lo:hi] - beat_t
            if is_pvc:
                waves = [(0.0, 1.6, 0.035), (0.07, -0.5, 0.03), (0.32, -0.4, 0.07)]
            else:
                qt = math.sqrt(rr)
                waves = [
                    (-0.16 * min(1.0, 0.6 + 0.4 * qt), 0.15, 0.025),
                    (-0.025, -0.12, 0.010),
                    (0.0, 1.2, 0.010),
                    (0.027, -0.25, 0.011),
                    (0.28 * qt, 0.30, 0.05 * qt),
                ]
            for centre, amp, width in waves:
                mv[lo:hi] += amp * np.exp(-0.5 * ((tau - centre) / width) ** 2)
        # Baseline wander with breathing, and white noise.
        mv += 0.05 * np.sin(2 * math.pi * self._at(self.breath_phase, t))
        mv += 0.01 * self.rng.standard_normal(n)
        if self.scenario == "motion":
            mv += self._motion(t) * 0.25
            mv += (
                0.03
                * self.rng.standard_normal(n)
                * (1 + np.sin(2 * math.pi * MOTION_CADENCE_HZ * t))
            )
        counts = np.clip(self.ecg.to_counts(mv), *self.ecg_rails)
        window = self.lead_off_window()
        if window is not None:
            counts[(t >= window[0]) & (t < window[1])] = self.ecg_rails[1]
        return counts

    def _motion(self, t: FloatArray) -> FloatArray:
        """A cadence-locked artefact with its harmonic (steps), 0-mean, about unit size."""
        w = 2 * math.pi * MOTION_CADENCE_HZ * t + self.motion_phase
        return np.sin(w) + 0.5 * np.sin(2 * w + 0.7)

    # -- PPG ------------------------------------------------------------------------------

    def pulse(self, t: FloatArray) -> FloatArray:
        """Arterial blood volume (about 0..1) from the beats: systolic and dicrotic waves."""
        p = np.zeros_like(t)
        for beat_t, is_pvc in zip(self.beats, self.pvc, strict=True):
            rr = 60.0 / float(self._at(self.hr, beat_t))
            s = math.sqrt(rr)
            foot = beat_t + 0.25
            lo = np.searchsorted(t, foot - 0.05)
            hi = np.searchsorted(t, foot + 1.0 * s)
            tau = t[lo:hi] - foot
            size = 0.5 if is_pvc else 1.0  # a premature beat ejects less
            p[lo:hi] += size * (
                np.exp(-0.5 * ((tau - 0.12 * s) / (0.06 * s)) ** 2)
                + 0.35 * np.exp(-0.5 * ((tau - 0.33 * s) / (0.08 * s)) ** 2)
            )
        return p

    def ppg_counts(self) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        fs = self.ppg.rate_hz
        n = int(self.duration_s * fs)
        t = np.arange(n) / fs
        p = self.pulse(t)
        ratio = np.asarray(ratio_from_spo2(self._at(self.spo2, t)))
        ac_ir = IR_PERFUSION
        ac_red = ratio * IR_PERFUSION
        # Breathing and slow drift move both DC levels by the same factor.
        dc_scale = 1.0 + 0.002 * np.sin(2 * math.pi * self._at(self.breath_phase, t))
        ir = IR_DC_COUNTS * dc_scale * (1.0 - ac_ir * p)
        red = RED_DC_COUNTS * dc_scale * (1.0 - ac_red * p)
        if self.scenario == "motion":
            artefact = 1.0 - 0.03 * self._motion(t)
            ir *= artefact
            red *= artefact
        ir += 10.0 * self.rng.standard_normal(n)
        red += 10.0 * self.rng.standard_normal(n)
        return self.red.to_counts(red), self.ppg.to_counts(ir)

    # -- capnogram ------------------------------------------------------------------------

    def co2_counts(self) -> NDArray[np.int64]:
        fs = self.co2.rate_hz
        n = int(self.duration_s * fs)
        t = np.arange(n) / fs
        phase = self._at(self.breath_phase, t)
        frac = phase - np.floor(phase)
        rate = self._at(self.resp, t)
        period = 60.0 / rate
        insp = 1.0 / 3.0 + 0.12 * np.clip(self._at(self.level, t), 0, 1)
        et = self._at(self.etco2, t)
        x = np.clip((frac - insp) / (1.0 - insp), 0.0, 1.0)
        rise = 1.0 / (1.0 + np.exp(-(x - 0.08) / 0.025))
        expiring = et * (0.92 + 0.08 * x) * rise
        inspiring = et * np.exp(-frac * period / 0.06)  # downstroke from the last plateau
        mmhg = np.where(frac < insp, inspiring, expiring)
        mmhg += 0.15 * self.rng.standard_normal(n)
        return self.co2.to_counts(mmhg)

    def breath_onsets(self) -> FloatArray:
        whole = np.floor(self.breath_phase)
        idx = np.nonzero(np.diff(whole) > 0)[0] + 1
        return self.grid[idx][self.grid[idx] < self.duration_s]

    # -- truth ----------------------------------------------------------------------------

    def truth(self) -> GroundTruth:
        seconds = np.arange(int(self.duration_s), dtype=np.float64)
        per_second = self.grid.reshape(-1)
        bins = np.floor(per_second).astype(int)

        def mean_per_second(values: FloatArray) -> FloatArray:
            out = np.empty(len(seconds))
            for s in range(len(seconds)):
                out[s] = float(values[bins == s].mean())
            return out

        keep = self.beats < self.duration_s
        return GroundTruth(
            t_s=seconds,
            hr_bpm=mean_per_second(self.hr),
            spo2_pct=mean_per_second(self.spo2),
            resp_rate_per_min=mean_per_second(self.resp),
            etco2_mmhg=mean_per_second(self.etco2),
            beat_times_s=self.beats[keep],
            pvc=self.pvc[keep],
            breath_onsets_s=self.breath_onsets(),
            lead_off_s=self.lead_off_window(),
        )
