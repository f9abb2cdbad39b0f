"""The vitals worker: frames from the bus → 1 Hz vitals, alerts, red flags and a session summary.

It reads ``STREAM_FRAMES`` with a consumer group of its own (``"vitals"``), next to the frame
consumer that stores the raw chunks, and follows the same boundary discipline:

1. On start (and then every ``reclaim_every_s``) take over messages left pending by a crashed
   consumer of the group for at least ``reclaim_idle_ms``.
2. Read a batch, parse it (``consumer.parse_frame``), resolve each recording through the
   athlete's scope, and feed the frames, per recording in device-time order, to an online
   processor (``analysis.signals.online.VitalsMonitor``) after converting the samples to
   physical units: ECG counts → mV (``(counts − 512) / 341.3``, the AD8232 + 10-bit ADC scaling
   of ``sensors.simulator``), PPG red/IR counts as they are, CO2 0.1 mmHg → mmHg.
3. Every completed second becomes a ``vitals`` row (``INSERT ... ON CONFLICT (recording_id, at)
   DO NOTHING``; a missing value stays NULL, never the last one repeated), every raised or
   cleared alert a ``sensor_events`` row (raised: a new row; cleared: ``cleared_at`` of the
   open row), and a low-SpO2 or irregular-rhythm alert opens a ``HealthFlag``
   (``low_resting_spo2`` / ``rhythm_alert``, source ``"sensor"``) unless one of that kind is
   already open for the athlete, so that the coach stops training advice.
4. Commit. Only then publish the new vitals on ``STREAM_VITALS`` and the alerts on
   ``STREAM_ALERTS`` (for the live views), dead-letter the malformed messages and ack.

Time
    A recording's second ``s`` is device time ``origin + s`` where ``origin`` is the device
    clock (``t_device_us``, unwrapped past its 32-bit wrap) of the first frame this worker saw;
    its wall time is ``recording.started_at + s``. The origin is kept in the recording's
    counters (``vitals_origin_us``) so that a restarted worker puts the same seconds at the
    same times. A second is *complete* when every channel seen so far has data up to it, or
    when the most advanced channel is ``stall_s`` ahead (a dead channel does not stall the
    others: its values are NULL). Missing frames become NaN gaps (NULL values, not shifted
    data); frames already fed (a re-delivery) or arriving after later ones are skipped.

The stored ``hr_bpm`` is the ECG's rate, else the PPG pulse rate when the ECG has none that
second. The PPG quality gate is ``PPG_MIN_SQI`` (0.6, not the processor's 0.8; see there).

Maximum heart rate (for the above-maximum alert and the zones/TRIMP): 208 − 0.7 × age
(Tanaka, Monahan & Seals 2001) from the profile's birth date, else ``DEFAULT_MAX_HR_BPM``
(190 bpm, a conservative adult value) when the birth date is unknown.

End of a recording
    ``finish(key)`` (the CLI's ``--finish KEY``), or automatically when no frame of it has
    arrived for ``idle_end_s`` (120 s) of **wall time** (device time cannot tell that frames
    stopped coming). The worker then runs the after-session analysis
    (``analysis.signals.session.session_analyze``) on the *stored* ECG chunks (so it needs the
    frame consumer to have stored them), writes the summary (HRV, HR recovery, time in zones,
    Edwards TRIMP) into ``recording.counters["summary"]``, marks the recording ended and stores
    one ``CardioSession`` (source ``"sensor"``, source_id = the recording key: finishing again
    updates that one row) with the duration, mean and peak HR and the note
    ``"TRIMP (Edwards) N"``: this is how a recording feeds the training-load model.

The in-memory state of a recording is lost when the worker stops; a restarted worker starts a
fresh processor (its first seconds lack the windows' history, so they are NULL) and stored
seconds are never written twice. Not a medical device: alerts and flags say to see a
professional; they are not diagnoses.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
import structlog
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from fitcoach.analysis.signals.ecg import ecg_peaks
from fitcoach.analysis.signals.online import Alert, Vitals, VitalsMonitor
from fitcoach.analysis.signals.session import SessionSignals, session_analyze
from fitcoach.core.clock import Clock, SystemClock
from fitcoach.core.errors import Conflict, NotFound
from fitcoach.ingest.bus import Bus, Message
from fitcoach.ingest.consumer import BadPayload, ParsedFrame, dead_letter_stream, parse_frame
from fitcoach.ingest.producers import (
    NOMINAL_RATE_HZ,
    STREAM_ALERTS,
    STREAM_FRAMES,
    STREAM_VITALS,
)
from fitcoach.ingest.worker import ReadConfig, StreamWorker, WorkerStats
from fitcoach.sensors.frames import Channel, Flag
from fitcoach.sensors.simulator import ADC_MID, COUNTS_PER_MV
from fitcoach.storage import waveform
from fitcoach.storage.access import Subject, scope_for
from fitcoach.storage.db import unit_of_work
from fitcoach.storage.models import (
    CardioSession,
    ConsentPurpose,
    HealthFlag,
    Profile,
    Recording,
    SensorEvent,
    Vital,
)
from fitcoach.storage.repositories import consent as consent_repo
from fitcoach.storage.repositories import health as health_repo
from fitcoach.storage.repositories import sensors as repo

log = structlog.get_logger(__name__)

DEFAULT_GROUP = "vitals"
DEFAULT_MAX_HR_BPM = 190.0
ORIGIN_COUNTER = "vitals_origin_us"
SESSION_SOURCE = "sensor"
ACTIVITY_TYPE = "sensor_session"
FLAG_KINDS = {"spo2_low": "low_resting_spo2", "irregular_rhythm": "rhythm_alert"}
# The PPG quality gate of the online processor (its default is 0.8). On clean simulated PPG the
# template correlation dips to about 0.7 for a second or two every 10 s; at 0.8 those seconds
# are NULL and, since a missing value restarts the alert timers, a 30 s desaturation to 85 %
# never stays "below 90 % for 10 s". 0.6 (the ECG gate) keeps the SpO2 error within 0.5 % on
# the simulator's desaturation scenario and still drops truly poor seconds.
PPG_MIN_SQI = 0.6
MAX_GAP_S = 600.0  # a larger jump of the device clock is not padded: the frame is dead-lettered
_U32 = 1 << 32
_ECG, _RED, _IR, _CO2 = (
    int(Channel.ECG),
    int(Channel.PPG_RED),
    int(Channel.PPG_IR),
    int(Channel.CO2),
)
_USED = (_ECG, _RED, _IR, _CO2)


def vitals_dead_letter_stream(stream: str, group: str = DEFAULT_GROUP) -> str:
    """Where this worker's malformed messages go (apart from the frame consumer's)."""
    return f"{dead_letter_stream(stream)}:{group}"


def max_hr_for(birth_date: date | None, on: date) -> float:
    """208 − 0.7 × age (Tanaka 2001), or ``DEFAULT_MAX_HR_BPM`` when the birth date is unknown."""
    if birth_date is None:
        return DEFAULT_MAX_HR_BPM
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    return 208.0 - 0.7 * max(age, 0)


@dataclass(frozen=True)
class VitalsConfig(ReadConfig):
    """How the worker reads (see ``ReadConfig``) and when it calls a recording ended."""

    stream: str = STREAM_FRAMES
    group: str = DEFAULT_GROUP
    consumer: str = "vitals-1"
    idle_end_s: float = 120.0
    stall_s: float = 5.0
    ppg_min_sqi: float = PPG_MIN_SQI
    vitals_stream: str = STREAM_VITALS
    alerts_stream: str = STREAM_ALERTS


@dataclass
class VitalsStats(WorkerStats):
    """Counters of one worker (shown by the CLI)."""

    frames: int = 0  # frames fed to a processor
    skipped: int = 0  # frames already fed (re-delivered) or arriving after later ones
    ignored: int = 0  # channels the processor does not use (ambient CO2, status)
    seconds: int = 0  # vitals rows newly stored
    alerts: int = 0  # alert events stored (raised or cleared)
    flags: int = 0  # health flags opened
    finished: int = 0  # recordings summarised


@dataclass(frozen=True)
class FinishResult:
    """What ``finish`` stored for a recording."""

    recording_key: str
    summary: dict[str, Any]
    cardio_session_id: int | None


# --------------------------------------------------------------------------- per recording


class _Stream:
    """One channel's samples not yet pushed to the processor, placed by absolute index."""

    def __init__(self, fs: float) -> None:
        self.fs = fs
        self.start = 0  # absolute index of the first pending sample
        self.end = 0  # absolute index after the last sample received
        self.seen = False
        self.values: list[npt.NDArray[np.float64]] = []
        self.masks: list[npt.NDArray[np.bool_]] = []

    def add(self, index: int, values: npt.NDArray[np.float64], mask: bool) -> bool:
        """Place a frame's samples at ``index``; False when they are all already past."""
        n = values.size
        if index + n <= self.end:
            return False
        if index < self.end:
            values = values[self.end - index :]
            index = self.end
        if index > self.end:
            self._append(np.full(index - self.end, np.nan), False)
        self._append(values, mask)
        self.seen = True
        return True

    def pad_to(self, index: int) -> None:
        if index > self.end:
            self._append(np.full(index - self.end, np.nan), False)

    def _append(self, values: npt.NDArray[np.float64], mask: bool) -> None:
        self.values.append(values)
        self.masks.append(np.full(values.size, mask))
        self.end += values.size

    def take(self, upto: int) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
        """Pop the pending samples before absolute index ``upto``."""
        upto = min(upto, self.end)
        if upto <= self.start or not self.values:
            return np.zeros(0), np.zeros(0, dtype=bool)
        values, masks = np.concatenate(self.values), np.concatenate(self.masks)
        k = upto - self.start
        self.values, self.masks = [values[k:]], [masks[k:]]
        self.start = upto
        return values[:k], masks[:k]


@dataclass
class _Pending:
    """Computed results not yet committed (kept across a failed commit)."""

    vitals: list[tuple[datetime, Vitals]] = field(default_factory=list)
    alerts: list[tuple[datetime, Alert]] = field(default_factory=list)
    origin_us: int | None = None  # to store in the recording's counters


class _Live:
    """The online state of one recording."""

    def __init__(
        self,
        *,
        recording_id: int,
        athlete_id: int,
        key: str,
        anchor: datetime,
        origin_raw: int,
        ref_us: int,
        max_hr_bpm: float,
        wall: float,
        ppg_min_sqi: float = PPG_MIN_SQI,
    ) -> None:
        self.recording_id = recording_id
        self.athlete_id = athlete_id
        self.key = key
        self.anchor = anchor
        self.origin_raw = origin_raw
        self.ref_raw = (origin_raw + ref_us) % _U32
        self.ref_us = ref_us  # device µs since the origin, at ref_raw
        self.max_hr_bpm = max_hr_bpm
        self.monitor = VitalsMonitor(
            max_hr_bpm=max_hr_bpm,
            ecg_hz=NOMINAL_RATE_HZ[_ECG],
            ppg_hz=NOMINAL_RATE_HZ[_IR],
            co2_hz=NOMINAL_RATE_HZ[_CO2],
        )
        if self.monitor.ppg is not None:
            self.monitor.ppg.min_sqi = ppg_min_sqi
        self.streams = {c: _Stream(NOMINAL_RATE_HZ[c]) for c in _USED}
        self.next_second = 1
        self.last_wall = wall
        self.pending = _Pending()

    def device_us(self, raw: int) -> int:
        """Device µs since the origin, unwrapping the 32-bit clock around the last frame."""
        delta = (raw - self.ref_raw) % _U32
        if delta >= _U32 // 2:
            delta -= _U32
        return self.ref_us + delta

    def feed(self, frame: ParsedFrame, at_us: int) -> bool:
        """Convert and place one frame; False if its samples were all fed already."""
        if at_us >= self.ref_us:
            self.ref_raw, self.ref_us = frame.t_device_us, at_us
        if at_us < 0:
            return False
        stream = self.streams[frame.channel]
        index = round(at_us * stream.fs / 1e6)
        raw = frame.samples.astype(np.float64)
        mask = False
        if frame.channel == _ECG:
            values = (raw - ADC_MID) / COUNTS_PER_MV
            mask = bool(frame.flags & Flag.LEAD_OFF)
        elif frame.channel == _CO2:
            values = raw / 10.0
        else:
            values = np.full(raw.size, np.nan) if frame.flags & Flag.FINGER_OFF else raw
        return stream.add(index, values, mask)

    def _group_end_s(self) -> list[float]:
        s = self.streams
        ends = []
        if s[_ECG].seen:
            ends.append(s[_ECG].end / s[_ECG].fs)
        if s[_RED].seen or s[_IR].seen:
            ends.append(min(s[_RED].end, s[_IR].end) / s[_IR].fs)
        if s[_CO2].seen:
            ends.append(s[_CO2].end / s[_CO2].fs)
        return ends

    def advance(self, stall_s: float, *, flush: bool = False) -> None:
        """Tick every completed second (all of them with ``flush``); results go pending."""
        red, ir = self.streams[_RED], self.streams[_IR]
        if red.seen or ir.seen:  # one LED's frames lagging far behind the other's: a gap
            lead = max(red.end, ir.end) - (0 if flush else round(stall_s * ir.fs))
            red.pad_to(lead)
            ir.pad_to(lead)
        ends = self._group_end_s()
        if not ends:
            return
        last = max(ends) if flush else max(min(ends), max(ends) - stall_s)
        while self.next_second <= math.floor(last + 1e-9):
            s = self.next_second
            ecg = self.streams[_ECG]
            x, m = ecg.take(round(s * ecg.fs))
            if x.size:
                self.monitor.push_ecg(x, m)
            n = min(red.end, ir.end, round(s * ir.fs))
            r, _ = red.take(n)
            i, _ = ir.take(n)
            if r.size:
                self.monitor.push_ppg(r, i)
            co2 = self.streams[_CO2]
            c, _ = co2.take(round(s * co2.fs))
            if c.size:
                self.monitor.push_co2(c)
            vitals, alerts = self.monitor.tick(float(s))
            at = self.anchor + timedelta(seconds=s)
            self.pending.vitals.append((at, vitals))
            self.pending.alerts.extend((self.anchor + timedelta(seconds=a.at_s), a) for a in alerts)
            self.next_second += 1


def _finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def _clip(value: float | None, low: float, high: float) -> float | None:
    v = _finite(value)
    return None if v is None or not low <= v <= high else v


def vital_row(at: datetime, v: Vitals) -> dict[str, Any]:
    """The ``vitals`` columns of one second (out-of-range values are NULL, as missing)."""
    return {
        "at": at,
        "hr_bpm": _clip(v.hr_bpm if v.hr_bpm is not None else v.ppg_hr_bpm, 0, 300),
        "hrv_rmssd_ms": _clip(v.hrv_rmssd_ms, 0, 1000),
        "spo2_pct": _clip(v.spo2_pct, 0, 100),
        "spo2_calibrated": bool(v.spo2_calibrated),
        "breathing_rate_bpm": _clip(v.breathing_rate_bpm, 0, 120),
        "etco2_mmhg": _clip(v.etco2_mmhg, 0, 150),
        "sqi_ecg": _clip(v.ecg_sqi, 0, 1),
        "sqi_ppg": _clip(v.ppg_sqi, 0, 1),
        "sqi_co2": None,
    }


def _flag_note(alert: Alert, key: str) -> str:
    what = (
        f"SpO2 estimate {alert.value:.0f} % below 90 % for 10 s"
        if alert.kind == "spo2_low" and alert.value is not None
        else "an irregular heart rhythm"
    )
    return (
        f"The sensor recorded {what} (recording {key}). fitcoach is not a medical device and "
        "this is not a diagnosis: see a health professional before training again."
    )[:500]


# --------------------------------------------------------------------------- the worker


class VitalsWorker(StreamWorker):
    """Online vitals from the frame stream; see the module docstring for the guarantees."""

    event = "vitals"
    config: VitalsConfig
    stats: VitalsStats

    def __init__(
        self,
        bus: Bus,
        factory: sessionmaker[Session],
        config: VitalsConfig | None = None,
        *,
        clock: Clock | None = None,
        subject: Subject | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bus = bus
        self.factory = factory
        self.config = config or VitalsConfig()
        self.clock = clock or SystemClock()
        self.subject = subject or Subject.system()
        self.monotonic = monotonic
        self.stats = VitalsStats()
        super().__init__()
        self.live: dict[str, _Live] = {}
        self.finished: list[FinishResult] = []
        self._withheld = 0  # frames of this batch not used: no sensor_data consent
        self.log = log.bind(stream=self.config.stream, consumer=self.config.consumer)

    def after_batch(self) -> None:
        self._finish_idle()

    # ------------------------------------------------------------------ one batch

    def handle(self, messages: Sequence[Message]) -> None:
        """Feed one batch, store what it completed, commit, then publish, dead-letter, ack."""
        cfg = self.config
        bad: list[tuple[Message, str]] = []
        groups: dict[tuple[int, str], list[tuple[Message, ParsedFrame]]] = {}
        for message in messages:
            try:
                parsed = parse_frame(message.payload)
            except BadPayload as exc:
                bad.append((message, str(exc)))
                continue
            if parsed.channel not in _USED:
                self.stats.ignored += 1
                continue
            expected = NOMINAL_RATE_HZ[parsed.channel]
            if parsed.sample_rate_hz and abs(parsed.sample_rate_hz - expected) > 1e-6:
                bad.append((message, "sample rate is not the channel's nominal rate"))
                continue
            groups.setdefault((parsed.athlete_id, parsed.recording_key), []).append(
                (message, parsed)
            )
        published: list[tuple[str, dict[str, Any]]] = []
        self._withheld = 0
        known = set(self.live)
        counted = (self.stats.frames, self.stats.skipped, self.stats.seconds, self.stats.alerts)
        flags = self.stats.flags
        try:
            published = self._process(groups, bad)
        except BaseException:
            # Rolled back: nothing was stored, and a recording created in this transaction
            # does not exist (forget its state: its frames are fed again on the retry).
            for key in set(self.live) - known:
                del self.live[key]
            s = self.stats
            (s.frames, s.skipped, s.seconds, s.alerts), s.flags = counted, flags
            raise
        # Committed. Side effects only now.
        for live in self.live.values():
            live.pending = _Pending()
        self._publish(published)
        dead = vitals_dead_letter_stream(cfg.stream, cfg.group)
        for message, reason in bad:
            self.bus.publish(dead, {"id": message.id, "reason": reason, "payload": message.payload})
            self.stats.bad_reasons[reason] = self.stats.bad_reasons.get(reason, 0) + 1
            self.log.warning("vitals.bad_message", message_id=message.id, reason=reason)
        if self._withheld:
            self.log.info("vitals.withheld_no_consent", frames=self._withheld)
        self.bus.ack(cfg.stream, cfg.group, [m.id for m in messages])
        self.stats.withheld += self._withheld
        self.stats.batches += 1
        self.stats.messages += len(messages)
        self.stats.bad += len(bad)

    def _process(
        self,
        groups: dict[tuple[int, str], list[tuple[Message, ParsedFrame]]],
        bad: list[tuple[Message, str]],
    ) -> list[tuple[str, dict[str, Any]]]:
        """Feed the frames, then store every recording's pending results in one transaction."""
        published: list[tuple[str, dict[str, Any]]] = []
        with unit_of_work(self.factory) as session:
            for (athlete_id, key), items in groups.items():
                try:
                    scope_for(session, self.subject, athlete_id)  # NotFound: unknown athlete
                    if not consent_repo.is_granted(session, athlete_id, ConsentPurpose.sensor_data):
                        # Withdrawn (or never given): compute and keep nothing of theirs.
                        self._withheld += len(items)
                        self.live.pop(key, None)
                        continue
                    live = self._live(session, athlete_id, key, items)
                except NotFound:
                    bad.extend((m, "unknown athlete") for m, _ in items)
                    continue
                except Conflict:
                    bad.extend((m, "recording key of another athlete") for m, _ in items)
                    continue
                try:
                    self._feed(live, items, bad)
                except Exception as exc:  # a bug or data the analysis cannot take: not fatal
                    self.log.error(
                        "vitals.processing_error", recording=key, error=type(exc).__name__
                    )
                    bad.extend((m, "processing error") for m, _ in items)
                    self.live.pop(key, None)  # start this recording afresh with the next frames
            for live in list(self.live.values()):
                published.extend(self._store(session, live))
        return published

    def _feed(
        self,
        live: _Live,
        items: list[tuple[Message, ParsedFrame]],
        bad: list[tuple[Message, str]],
    ) -> None:
        """Feed one recording's frames in device-time order and tick the completed seconds."""
        timed = sorted(
            ((live.device_us(p.t_device_us), m, p) for m, p in items),
            key=lambda item: item[0],
        )
        for at_us, message, p in timed:
            if at_us - live.ref_us > MAX_GAP_S * 1e6:
                bad.append((message, "device clock jumped"))
                continue
            if live.feed(p, at_us):
                self.stats.frames += 1
            else:
                self.stats.skipped += 1
        live.last_wall = self.monotonic()
        live.advance(self.config.stall_s)

    def _publish(self, published: list[tuple[str, dict[str, Any]]]) -> None:
        by_stream: dict[str, list[dict[str, Any]]] = {}
        for stream, payload in published:
            by_stream.setdefault(stream, []).append(payload)
        for stream, payloads in by_stream.items():
            self.bus.publish_many(stream, payloads)

    def _live(
        self,
        session: Session,
        athlete_id: int,
        key: str,
        items: list[tuple[Message, ParsedFrame]],
    ) -> _Live:
        scope = scope_for(session, self.subject, athlete_id)  # NotFound: unknown athlete
        live = self.live.get(key)
        if live is not None:
            if live.athlete_id != athlete_id:
                raise Conflict("recording key already in use")
            return live
        now = self.clock.now()
        repo.touch_devices(session, {p.device_id for _, p in items}, now)
        recording = repo.get_or_create_recording(
            session, scope, key, device_id=items[0][1].device_id, started_at=now
        )
        profile = session.get(Profile, athlete_id)
        max_hr = max_hr_for(profile.birth_date if profile else None, now.date())
        stored = (recording.counters or {}).get(ORIGIN_COUNTER)
        ref_us = 0
        anchor = _utc(recording.started_at)
        if isinstance(stored, int):
            origin_raw = stored
            last_at = session.execute(
                select(func.max(Vital.at)).where(Vital.recording_id == recording.id)
            ).scalar_one_or_none()
            if last_at is not None:
                ref_us = int((_utc(last_at) - anchor).total_seconds() * 1e6)
            pending_origin = None
        else:
            # The earliest frame of this batch, unwrapped around the first one.
            first = items[0][1].t_device_us
            deltas = [((p.t_device_us - first + _U32 // 2) % _U32) - _U32 // 2 for _, p in items]
            origin_raw = (first + min(deltas)) % _U32
            pending_origin = origin_raw
        live = _Live(
            recording_id=recording.id,
            athlete_id=athlete_id,
            key=key,
            anchor=anchor,
            origin_raw=origin_raw,
            ref_us=ref_us,
            max_hr_bpm=max_hr,
            wall=self.monotonic(),
            ppg_min_sqi=self.config.ppg_min_sqi,
        )
        if ref_us:
            live.next_second = ref_us // 1_000_000 + 1
        live.pending.origin_us = pending_origin
        self.live[key] = live
        return live

    def _store(self, session: Session, live: _Live) -> list[tuple[str, dict[str, Any]]]:
        """Write a recording's pending results; returns the messages to publish after commit."""
        cfg = self.config
        pending = live.pending
        out: list[tuple[str, dict[str, Any]]] = []
        if not (pending.vitals or pending.alerts or pending.origin_us is not None):
            return out
        try:
            scope = scope_for(session, self.subject, live.athlete_id)
        except NotFound:  # the athlete was deleted while recording: keep nothing of theirs
            self.live.pop(live.key, None)
            self.log.info("vitals.athlete_gone", recording=live.key)
            return out
        if not consent_repo.is_granted(session, live.athlete_id, ConsentPurpose.sensor_data):
            self.live.pop(live.key, None)  # withdrawn while recording: the rest is not stored
            return out
        if pending.origin_us is not None:
            recording = session.get(Recording, live.recording_id)
            if recording is not None:
                counters = dict(recording.counters or {})
                counters.setdefault(ORIGIN_COUNTER, pending.origin_us)
                recording.counters = counters
                session.flush()
        if pending.vitals:
            ats = [at for at, _ in pending.vitals]
            existing = {
                _utc(a)
                for a in session.execute(
                    select(Vital.at).where(
                        Vital.recording_id == live.recording_id,
                        Vital.at >= min(ats),
                        Vital.at <= max(ats),
                    )
                ).scalars()
            }
            rows = [vital_row(at, v) for at, v in pending.vitals if at not in existing]
            self.stats.seconds += repo.add_vitals(session, scope, live.recording_id, rows)
            for row in rows:
                out.append(
                    (
                        cfg.vitals_stream,
                        {
                            "athlete_id": live.athlete_id,
                            "recording_key": live.key,
                            **row,
                            "at": row["at"].isoformat(),
                        },
                    )
                )
        for at, alert in pending.alerts:
            if self._store_alert(session, scope, live, at, alert):
                out.append(
                    (
                        cfg.alerts_stream,
                        {
                            "athlete_id": live.athlete_id,
                            "recording_key": live.key,
                            "at": at.isoformat(),
                            "kind": alert.kind,
                            "severity": alert.severity,
                            "state": alert.state,
                            "value": _finite(alert.value),
                            "message": alert.message,
                        },
                    )
                )
        return out

    def _store_alert(
        self, session: Session, scope: Any, live: _Live, at: datetime, alert: Alert
    ) -> bool:
        """Store a raised alert (and its red flag) or clear the open one; False if a no-op."""
        base = alert.message.removeprefix("cleared: ")[:500]
        stmt = select(SensorEvent).where(
            SensorEvent.recording_id == live.recording_id,
            SensorEvent.kind == alert.kind[:40],
            SensorEvent.cleared_at.is_(None),
        )
        if alert.kind == "sensor_off":  # two rules (ECG, PPG) share the kind; the text differs
            stmt = stmt.where(SensorEvent.message == base)
        open_event = session.execute(
            stmt.order_by(SensorEvent.at.desc()).limit(1)
        ).scalar_one_or_none()
        if alert.state == "cleared":
            if open_event is None or _utc(open_event.at) >= at:
                return False
            open_event.cleared_at = at
            session.flush()
            self.stats.alerts += 1
            return True
        if open_event is not None:  # still open (a restarted worker raising it again)
            return False
        repo.add_event(
            session,
            scope,
            SensorEvent(
                athlete_id=live.athlete_id,
                recording_id=live.recording_id,
                at=at,
                kind=alert.kind[:40],
                severity=alert.severity,
                value=_finite(alert.value),
                message=base,
            ),
        )
        self.stats.alerts += 1
        flag_kind = FLAG_KINDS.get(alert.kind)
        if flag_kind is not None and flag_kind not in health_repo.open_kinds(session, scope):
            health_repo.add(
                session,
                scope,
                HealthFlag(
                    kind=flag_kind,
                    source=SESSION_SOURCE,
                    value=_finite(alert.value),
                    note=_flag_note(alert, live.key),
                    raised_at=at,
                ),
            )
            self.stats.flags += 1
        return True

    # ------------------------------------------------------------------ end of a recording

    def _finish_idle(self) -> None:
        now = self.monotonic()
        for key, live in list(self.live.items()):
            if now - live.last_wall >= self.config.idle_end_s:
                self.log.info("vitals.idle_end", recording=key)
                self._retrying(lambda k=key: self.finish(k))  # type: ignore[misc]

    def finish(self, key: str) -> FinishResult | None:
        """End recording ``key``: tick its last seconds, then summarise its stored ECG.

        Returns None when there is no such recording. Safe to call again (one CardioSession).
        """
        published: list[tuple[str, dict[str, Any]]] = []
        with unit_of_work(self.factory) as session:
            live = self.live.get(key)
            if live is not None:
                live.advance(self.config.stall_s, flush=True)
                published = self._store(session, live)
            recording = session.execute(
                select(Recording).where(Recording.key == key)
            ).scalar_one_or_none()
            if recording is None:  # never stored, or deleted with its athlete
                self.live.pop(key, None)
                return None
            result = self._summarise(session, recording)
        self.live.pop(key, None)
        self._publish(published)
        self.finished.append(result)
        self.stats.finished += 1
        return result

    def _summarise(self, session: Session, recording: Recording) -> FinishResult:
        scope = scope_for(session, self.subject, recording.athlete_id)
        profile = session.get(Profile, recording.athlete_id)
        anchor = _utc(recording.started_at)
        max_hr = max_hr_for(profile.birth_date if profile else None, anchor.date())
        fs = NOMINAL_RATE_HZ[_ECG]
        ecg = _stored_ecg_mv(repo.chunks(session, scope, recording.id, _ECG), fs)
        duration_s = ecg.size / fs
        peaks = ecg_peaks(ecg, sampling_rate_hz=fs) if ecg.size >= 5 * fs else np.zeros(0, np.int64)
        result: SessionSignals = session_analyze(peaks, sampling_rate_hz=fs, max_hr_bpm=max_hr)
        summary = _summary_json(result, duration_s)
        counters = dict(recording.counters or {})
        counters["summary"] = summary
        recording.counters = counters
        recording.status = "ended"
        recording.ended_at = anchor + timedelta(seconds=duration_s)
        session.flush()
        cardio_id: int | None = None
        if duration_s >= 1.0:
            found = session.execute(
                select(CardioSession).where(
                    CardioSession.athlete_id == recording.athlete_id,
                    CardioSession.source == SESSION_SOURCE,
                    CardioSession.source_id == recording.key,
                )
            ).scalar_one_or_none()
            cardio = found or CardioSession(
                athlete_id=recording.athlete_id,
                source=SESSION_SOURCE,
                source_id=recording.key,
                activity_type=ACTIVITY_TYPE,
            )
            cardio.started_at = anchor
            cardio.duration_s = min(duration_s, 172_800.0)
            cardio.avg_hr = _clip(result.mean_hr_bpm, 25, 250)
            cardio.max_hr = _clip(result.peak_hr_bpm, 25, 250)
            cardio.notes = f"TRIMP (Edwards) {result.trimp_edwards:.0f}"
            if found is None:
                session.add(cardio)
            session.flush()
            cardio_id = cardio.id
        return FinishResult(recording.key, summary, cardio_id)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _stored_ecg_mv(chunks: Sequence[Any], fs: float) -> npt.NDArray[np.float64]:
    """The stored ECG in mV on one time line: gaps and lead-off frames are 0 mV (flat)."""
    if not chunks:
        return np.zeros(0)
    first = int(chunks[0].t_device_us)
    placed: list[tuple[int, npt.NDArray[np.float64]]] = []
    for c in chunks:
        delta = (int(c.t_device_us) - first) % _U32
        index = round(delta * fs / 1e6)
        values = (waveform.decode(c.data).astype(np.float64) - ADC_MID) / COUNTS_PER_MV
        if int(c.flags) & Flag.LEAD_OFF:
            values = np.zeros(values.size)
        placed.append((index, values))
    length = max(i + v.size for i, v in placed)
    if length > int(172_800 * fs):
        length = int(172_800 * fs)
    out = np.zeros(length)
    for index, values in placed:
        stop = min(index + values.size, length)
        if index < stop:
            out[index:stop] = values[: stop - index]
    return out


def _summary_json(result: SessionSignals, duration_s: float) -> dict[str, Any]:
    hrv = result.hrv
    return {
        "duration_s": round(duration_s, 1),
        "mean_hr_bpm": _round(result.mean_hr_bpm),
        "peak_hr_bpm": _round(result.peak_hr_bpm),
        "max_hr_bpm": round(result.max_hr_bpm, 1),
        "zone_minutes": [round(z, 2) for z in result.zone_minutes],
        "trimp_edwards": round(result.trimp_edwards, 1),
        "hr_recovery_bpm": _round(result.hr_recovery_bpm),
        "hr_recovery_reason": result.hr_recovery_reason,
        "hrv": {
            "rmssd_ms": _round(hrv.time.rmssd_ms) if hrv.time else None,
            "sdnn_ms": _round(hrv.time.sdnn_ms) if hrv.time else None,
            "lf_hf": _round(hrv.frequency.lf_hf) if hrv.frequency else None,
            "n_beats": hrv.n_beats,
            "reason": hrv.reason,
        },
    }


def _round(value: float | None, digits: int = 1) -> float | None:
    v = _finite(value)
    return None if v is None else round(v, digits)
