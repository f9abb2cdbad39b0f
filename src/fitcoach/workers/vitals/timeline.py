"""One recording's online state: frames placed on the device clock, ticked second by second.

A recording's second ``s`` is device time ``origin + s`` where ``origin`` is the device clock
(``t_device_us``, unwrapped past its 32-bit wrap) of the first frame the worker saw; its wall
time is ``anchor + s`` (the recording's ``started_at``). A second is *complete* when every
channel seen so far has data up to it, or when the most advanced channel is ``stall_s`` ahead
(a dead channel does not stall the others: its values are NULL). Missing frames become NaN
gaps (NULL values, not shifted data); frames already fed (a re-delivery) or arriving after
later ones are skipped. Nothing here touches the database or the bus.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from operator import itemgetter
from typing import Any, Generic, NamedTuple, TypeVar

import numpy as np
import numpy.typing as npt

from fitcoach.analysis.signals.online import Alert, Vitals, VitalsMonitor
from fitcoach.core.settings import SignalThresholds
from fitcoach.ingest.frames import ParsedFrame
from fitcoach.ingest.units import (
    CO2,
    ECG,
    FINGER_OFF,
    IR,
    LEAD_OFF,
    RED,
    U32,
    USED,
    frame_counts,
)
from fitcoach.sensors.profiles import DeviceProfile

_T = TypeVar("_T")
_HALF = U32 // 2
_first = itemgetter(0)


class FeedResult(NamedTuple, Generic[_T]):
    """What ``RecordingState.feed_many`` did with a batch's frames."""

    fed: int  # frames with samples placed
    skipped: int  # frames all of whose samples were placed already (or before the origin)
    jumped: list[_T]  # the tags of frames past the device clock's largest allowed jump


class ChannelBuffer:
    """One channel's samples not yet pushed to the processor, placed by absolute index.

    Frames are kept as they came (counts; NaN for a gap or a finger-off frame) and turned into
    the channel's unit once per second on ``take``, rather than frame by frame: the same
    arithmetic on the same numbers, a tenth of the calls.
    """

    def __init__(
        self, sampling_rate_hz: float, to_unit: Callable[[npt.ArrayLike], npt.NDArray[np.float64]]
    ) -> None:
        self.sampling_rate_hz = sampling_rate_hz
        self.to_unit = to_unit
        self.start = 0  # absolute index of the first pending sample
        self.end = 0  # absolute index after the last sample received
        self.seen = False
        self.values: list[npt.NDArray[Any]] = []
        # Per piece: one flag for all its samples (most pieces), or a flag per sample.
        self.masks: list[bool | npt.NDArray[np.bool_]] = []
        self.flagged = False  # whether any piece in ``masks`` is not False

    def add(self, index: int, values: npt.NDArray[Any], mask: bool) -> bool:
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

    def _append(self, values: npt.NDArray[Any], mask: bool) -> None:
        self.values.append(values)
        self.masks.append(mask)
        self.end += values.size
        if mask:
            self.flagged = True

    def take(self, upto: int) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_] | bool]:
        """Pop the pending samples before absolute index ``upto``, in the channel's unit, and
        their flags: False for all of them when no pending piece is flagged (nearly always;
        the analysis reads False as all samples unflagged), else a flag per sample."""
        upto = min(upto, self.end)
        if upto <= self.start or not self.values:
            return np.zeros(0), np.zeros(0, dtype=bool)
        pieces = self.values
        values = np.concatenate(pieces) if len(pieces) > 1 else pieces[0]
        k = upto - self.start
        rest = values[k:]
        self.values = [rest] if rest.size else []
        self.start = upto
        if not self.flagged:
            self.masks = [False] if rest.size else []
            return self.to_unit(values[:k]), False
        masks = np.concatenate(
            [
                np.full(v.size, m) if isinstance(m, bool) else m
                for v, m in zip(pieces, self.masks, strict=True)
            ]
        )
        rest_masks = masks[k:]
        self.flagged = bool(rest.size) and bool(rest_masks.any())
        self.masks = [rest_masks if self.flagged else False] if rest.size else []
        return self.to_unit(values[:k]), masks[:k]


@dataclass
class Pending:
    """Computed results not yet committed (kept across a failed commit)."""

    vitals: list[tuple[datetime, Vitals]] = field(default_factory=list)
    alerts: list[tuple[datetime, Alert]] = field(default_factory=list)
    origin_us: int | None = None  # to store in the recording's counters


class RecordingState:
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
        thresholds: SignalThresholds,
        profile: DeviceProfile,
    ) -> None:
        self.recording_id = recording_id
        self.athlete_id = athlete_id
        self.key = key
        self.anchor = anchor
        self.origin_raw = origin_raw
        self.ref_raw = (origin_raw + ref_us) % U32
        self.ref_us = ref_us  # device µs since the origin, at ref_raw
        self.max_hr_bpm = max_hr_bpm
        self.profile = profile
        rates = profile.rates_hz
        self.monitor = VitalsMonitor(
            max_hr_bpm=max_hr_bpm,
            ecg_hz=rates[ECG],
            ppg_hz=rates[IR],
            co2_hz=rates[CO2],
            thresholds=thresholds,
        )
        self.streams = {c: ChannelBuffer(rates[c], profile.channel(c).to_physical) for c in USED}
        self.next_second = 1
        self.last_wall = wall
        self.pending = Pending()

    def device_us(self, raw: int) -> int:
        """Device µs since the origin, unwrapping the 32-bit clock around the last frame."""
        delta = (raw - self.ref_raw) % U32
        if delta >= U32 // 2:
            delta -= U32
        return self.ref_us + delta

    def feed(self, frame: ParsedFrame, at_us: int) -> bool:
        """Convert and place one frame; False if its samples were all fed already."""
        if at_us >= self.ref_us:
            self.ref_raw, self.ref_us = frame.t_device_us, at_us
        if at_us < 0:
            return False
        stream = self.streams[frame.channel]
        index = round(at_us * stream.sampling_rate_hz / 1e6)
        values, lead_off = frame_counts(frame)
        return stream.add(index, values, lead_off)

    def feed_many(
        self, items: Sequence[tuple[_T, ParsedFrame]], max_gap_us: float
    ) -> FeedResult[_T]:
        """Feed one batch's frames of this recording in device-time order: what ``device_us``
        and ``feed`` do frame by frame (every time taken against the clock as it stood before
        the batch), in one loop. A frame more than ``max_gap_us`` past the latest one is not
        fed: it comes back in ``jumped`` with its tag."""
        ref_raw, ref_us = self.ref_raw, self.ref_us
        timed = []
        for tag, p in items:
            delta = (p.t_device_us - ref_raw) % U32
            if delta >= _HALF:
                delta -= U32
            timed.append((ref_us + delta, tag, p))
        timed.sort(key=_first)
        streams = self.streams
        fed = skipped = 0
        jumped: list[_T] = []
        for at_us, tag, p in timed:
            if at_us - self.ref_us > max_gap_us:
                jumped.append(tag)
                continue
            if at_us >= self.ref_us:
                self.ref_raw, self.ref_us = p.t_device_us, at_us
            if at_us < 0:
                skipped += 1
                continue
            # ``frame_counts`` inline: the frame's counts, NaN when a PPG finger was off.
            channel, flags, values = p.channel, p.flags, p.samples
            stream = streams[channel]
            index = round(at_us * stream.sampling_rate_hz / 1e6)
            if channel == ECG:
                added = stream.add(index, values, bool(flags & LEAD_OFF))
            elif flags & FINGER_OFF and channel in (RED, IR):
                added = stream.add(index, np.full(values.size, np.nan), False)
            else:
                added = stream.add(index, values, False)
            if added:
                fed += 1
            else:
                skipped += 1
        return FeedResult(fed, skipped, jumped)

    def _group_end_s(self) -> list[float]:
        s = self.streams
        ends = []
        if s[ECG].seen:
            ends.append(s[ECG].end / s[ECG].sampling_rate_hz)
        if s[RED].seen or s[IR].seen:
            ends.append(min(s[RED].end, s[IR].end) / s[IR].sampling_rate_hz)
        if s[CO2].seen:
            ends.append(s[CO2].end / s[CO2].sampling_rate_hz)
        return ends

    def due(self, stall_s: float, *, flush: bool = False) -> int:
        """The last second complete now (all of them with ``flush``): ``advance`` ticks every
        second from ``next_second`` up to it. Pads an LED's lagging frames as a gap."""
        red, ir = self.streams[RED], self.streams[IR]
        if red.seen or ir.seen:  # one LED's frames lagging far behind the other's: a gap
            lead = max(red.end, ir.end) - (0 if flush else round(stall_s * ir.sampling_rate_hz))
            red.pad_to(lead)
            ir.pad_to(lead)
        ends = self._group_end_s()
        if not ends:
            return self.next_second - 1
        last = max(ends) if flush else max(min(ends), max(ends) - stall_s)
        return math.floor(last + 1e-9)

    def push_second(self) -> float:
        """Push second ``next_second``'s samples to the monitor; returns the time to tick."""
        s = self.next_second
        red, ir = self.streams[RED], self.streams[IR]
        ecg = self.streams[ECG]
        x, m = ecg.take(round(s * ecg.sampling_rate_hz))
        if x.size:
            self.monitor.push_ecg(x, m)
        n = min(red.end, ir.end, round(s * ir.sampling_rate_hz))
        r, _ = red.take(n)
        i, _ = ir.take(n)
        if r.size:
            self.monitor.push_ppg(r, i)
        co2 = self.streams[CO2]
        c, _ = co2.take(round(s * co2.sampling_rate_hz))
        if c.size:
            self.monitor.push_co2(c)
        return float(s)

    def ticked(self, vitals: Vitals, alerts: list[Alert]) -> None:
        """Keep second ``next_second``'s results pending and move on to the next."""
        self.pending.vitals.append((self.anchor + timedelta(seconds=self.next_second), vitals))
        self.pending.alerts.extend((self.anchor + timedelta(seconds=a.at_s), a) for a in alerts)
        self.next_second += 1

    def advance(self, stall_s: float, *, flush: bool = False) -> None:
        """Tick every completed second (all of them with ``flush``); results go pending.
        (The worker ticks many recordings' seconds together: ``due``, ``push_second``,
        ``VitalsMonitor.tick_many``, ``ticked``, the same steps.)"""
        last = self.due(stall_s, flush=flush)
        while self.next_second <= last:
            self.ticked(*self.monitor.tick(self.push_second()))
