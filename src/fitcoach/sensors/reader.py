"""The reader: the one owner of a device's I/O, from bytes to checked, timed frames.

``SensorReader`` reads bytes from a ``Transport``, decodes them with ``StreamDecoder``, checks
sequence numbers per (device, channel), unwraps each device's 32-bit microsecond clock into a
64-bit timeline, and hands each batch of frames to ``on_frames``. When the device goes away
it logs "device lost" once, closes, retries with exponential backoff, and logs "device back"
once when it reopens. Counters live in ``ReaderStats``.

Sequence rules, per (device, channel), modulo 2**32 (so ``0xFFFFFFFF -> 0`` is the next
frame, not a gap):

* step 1: in order;
* step 2 .. ``SEQ_WINDOW``: a gap of ``step - 1`` missing frames (missing stays missing), if the
  device's clock moved on with it. A jump the clock does not bear out (less than half the
  channel's frame period per step, or a gap longer than the 32-bit clock can show, about
  36 min) is a *resync* instead: one wild number is not a gap;
* step 0: a duplicate, dropped (a new device time under the same number is a resync);
* up to ``SEQ_WINDOW`` behind: late or replayed, dropped and counted as ``out_of_order`` when
  its device time is not after the last frame's (so is a frame up to ``SEQ_WINDOW`` ahead whose
  device time is before the last frame's: a replay after a wild number). A frame behind by
  number but ahead by device time is new data after a wild number: a *resync*, delivered;
* anything else (a jump of more than ``SEQ_WINDOW`` either way, e.g. by 2**31): a *resync*,
  counted in ``seq_resyncs`` and logged; the frame is delivered and the channel goes on from
  its number (a new segment). Without this, one frame with a valid CRC and a wild sequence
  number (a firmware bug, a bit flip the CRC missed, a device that restarted without
  ``CLOCK_RESET``) would make every later frame look "behind" and silence the channel. A lone
  wild frame costs two resyncs (there and back), never the frames after it, whatever the size
  of its jump;
* a frame flagged ``CLOCK_RESET`` starts the channel afresh (the device restarted).

A frame on a channel the format does not define (``sensors.frames.Channel``) is counted in
``unknown_channels`` and handed on like any other: the frame consumer dead-letters it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from fitcoach.core.errors import DeviceUnavailable
from fitcoach.core.logging import get_logger
from fitcoach.sensors.frames import KNOWN_CHANNELS, DecoderStats, Flag, Frame, StreamDecoder
from fitcoach.sensors.transports import EndOfStream, Transport

log = get_logger("sensors.reader")

_WRAP = 1 << 32
_HALF = 1 << 31
SEQ_WINDOW = 1 << 16
"""The largest sequence step still read as a gap (or, backwards, as a late frame): 65 536
frames, over an hour and a half at the board's 10 frames/s per channel, if the device's clock
bears it out (at 10 frames/s its 32-bit clock shows gaps up to about 36 min, 21 474 frames)."""


@dataclass(frozen=True, slots=True)
class _ChannelPosition:
    """Where a (device, channel) stands: its last number and device time, and its frame
    period in device microseconds (0 until two frames in a row have shown it)."""

    seq: int
    t_device_us: int
    period_us: int


@dataclass(frozen=True)
class TimedFrame:
    """A frame with its place on the device's unwrapped 64-bit microsecond timeline."""

    frame: Frame
    t_us: int  # device time of the first sample, unwrapped (and continued across restarts)
    received_s: float  # reader clock when the bytes arrived


@dataclass
class ReaderStats:
    """What the reader has seen (the decoder's counters plus the reader's own)."""

    frames: int = 0  # good frames (CRC and format correct), before sequence checks
    delivered: int = 0  # frames handed to on_frames (duplicates and late frames are not)
    crc_errors: int = 0
    malformed: int = 0
    oversize: int = 0
    resyncs: int = 0
    bytes_in: int = 0
    seq_gaps: int = 0  # number of gaps
    frames_missing: int = 0  # frames lost in those gaps
    duplicates: int = 0
    out_of_order: int = 0
    seq_resyncs: int = 0  # numbers the device clock does not bear out (a new segment)
    unknown_channels: int = 0  # frames on a channel the format does not define
    clock_resets: int = 0
    device_lost: int = 0  # times the device went away
    reconnects: int = 0  # times it came back
    gaps_by_stream: dict[tuple[int, int], int] = field(default_factory=dict)
    by_reason: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """Plain counters for display and metrics."""
        return {
            "frames": self.frames,
            "delivered": self.delivered,
            "crc_errors": self.crc_errors,
            "malformed": self.malformed,
            "oversize": self.oversize,
            "resyncs": self.resyncs,
            "bytes_in": self.bytes_in,
            "seq_gaps": self.seq_gaps,
            "frames_missing": self.frames_missing,
            "duplicates": self.duplicates,
            "out_of_order": self.out_of_order,
            "seq_resyncs": self.seq_resyncs,
            "unknown_channels": self.unknown_channels,
            "clock_resets": self.clock_resets,
            "device_lost": self.device_lost,
            "reconnects": self.reconnects,
        }


class DeviceClock:
    """Unwraps one device's 32-bit microsecond clock into a monotonic 64-bit timeline.

    Frames of different channels interleave, so each frame is placed by its signed distance
    (within +-2**31 us, about 36 min) from the previous frame of the device. After a restart
    (``CLOCK_RESET``) the new epoch continues the timeline after the old one, leaving the
    host time that passed since the last frame; the other channels' reset frames of the same
    restart join that epoch instead of starting another.
    """

    def __init__(self) -> None:
        self._last_raw: int | None = None
        self._last_t = 0
        self._last_host_s = 0.0
        self._epoch = 0
        self._channel_epoch: dict[int, int] = {}

    def unwrap(self, frame: Frame, host_s: float) -> tuple[int, bool]:
        """The frame's 64-bit time, and whether it began a new epoch (a device restart)."""
        raw = frame.t_device_us
        new_epoch = False
        if self._last_raw is None:
            t = raw
        elif frame.flags & Flag.CLOCK_RESET and (
            self._channel_epoch.get(frame.channel, -1) == self._epoch
        ):
            elapsed_us = max(1, round((host_s - self._last_host_s) * 1e6))
            t = self._last_t + elapsed_us
            self._epoch += 1
            new_epoch = True
        else:
            delta = (raw - self._last_raw) % _WRAP
            if delta >= _HALF:
                delta -= _WRAP
            t = self._last_t + delta
        self._channel_epoch[frame.channel] = self._epoch
        self._last_raw, self._last_t, self._last_host_s = raw, t, host_s
        return t, new_epoch


class SensorReader:
    """Owns a transport; decodes, checks and times frames; survives the device going away."""

    def __init__(
        self,
        transport: Transport,
        *,
        on_frames: Callable[[list[Frame]], None],
        on_timed_frames: Callable[[list[TimedFrame]], None] | None = None,
        clock: Callable[[], float] = time.monotonic,  # arrival times, gaps: monotonic
        read_size: int = 4096,
        read_timeout_s: float = 0.05,
        backoff_initial_s: float = 0.1,
        backoff_max_s: float = 5.0,
    ) -> None:
        self.transport = transport
        self.on_frames = on_frames
        self.on_timed_frames = on_timed_frames
        self.clock = clock
        self.read_size = read_size
        self.read_timeout_s = read_timeout_s
        self.backoff_initial_s = backoff_initial_s
        self.backoff_max_s = backoff_max_s
        self._decoder = StreamDecoder()
        self._retired = DecoderStats()
        self._last_seq: dict[tuple[int, int], _ChannelPosition] = {}
        self._clocks: dict[int, DeviceClock] = {}
        self._stats = ReaderStats()
        self._lost_since: float | None = None
        self._is_open = False
        self.ended = False  # a finite transport delivered everything

    @property
    def stats(self) -> ReaderStats:
        """Current counters (the decoder's folded in)."""
        s = self._stats
        d = self._decoder.stats
        r = self._retired
        s.frames = r.frames + d.frames
        s.crc_errors = r.crc_errors + d.crc_errors
        s.malformed = r.malformed + d.malformed
        s.oversize = r.oversize + d.oversize
        s.resyncs = r.resyncs + d.resyncs
        s.bytes_in = r.bytes_in + d.bytes_in
        s.by_reason = dict(r.by_reason)
        for k, v in d.by_reason.items():
            s.by_reason[k] = s.by_reason.get(k, 0) + v
        return s

    @property
    def device_present(self) -> bool:
        return self._is_open and self._lost_since is None

    def run(self, stop_event: threading.Event) -> ReaderStats:
        """Read until ``stop_event`` is set or a finite transport ends; returns the counters."""
        return self._loop(stop_event.is_set, stop_event.wait)

    def run_for(self, seconds: float, stop_event: threading.Event | None = None) -> ReaderStats:
        """Read for ``seconds`` of the reader's clock (or until stopped or the stream ends)."""
        deadline = self.clock() + seconds
        event = stop_event or threading.Event()

        def should_stop() -> bool:
            return event.is_set() or self.clock() >= deadline

        def wait(delay: float) -> bool:
            return event.wait(max(0.0, min(delay, deadline - self.clock())))

        return self._loop(should_stop, wait)

    def feed(self, data: bytes) -> list[Frame]:
        """Process bytes as if read from the device; returns the frames delivered."""
        host_s = self.clock()
        decoded = self._decoder.feed(data)
        accepted: list[Frame] = []
        timed: list[TimedFrame] = []
        for frame in decoded:
            if frame.channel not in KNOWN_CHANNELS:
                self._stats.unknown_channels += 1
            if not self._check_sequence(frame):
                continue
            device_clock = self._clocks.setdefault(frame.device_id, DeviceClock())
            t_us, new_epoch = device_clock.unwrap(frame, host_s)
            if new_epoch:
                self._stats.clock_resets += 1
            accepted.append(frame)
            timed.append(TimedFrame(frame, t_us, host_s))
        if accepted:
            self._stats.delivered += len(accepted)
            self.on_frames(accepted)
            if self.on_timed_frames is not None:
                self.on_timed_frames(timed)
        return accepted

    def _check_sequence(self, frame: Frame) -> bool:
        key = (frame.device_id, frame.channel)
        last = self._last_seq.get(key)
        if last is None or frame.flags & Flag.CLOCK_RESET:
            self._accept(key, frame, in_order=False)
            return True
        step = (frame.seq - last.seq) % _WRAP
        # The channel's own device clock says whether a number is believable: signed distance
        # in microseconds, as ``DeviceClock`` places frames (within +-36 min).
        dt_us = (frame.t_device_us - last.t_device_us) % _WRAP
        if dt_us >= _HALF:
            dt_us -= _WRAP
        if step == 0 and dt_us <= 0:
            self._stats.duplicates += 1
            return False
        # The device time a forward step claims, and whether the clock can show it (+-36 min);
        # without a known period the clock is taken to show it.
        span_us = step * last.period_us if step <= SEQ_WINDOW else 0
        clock_tells = span_us < _HALF
        if (step >= _WRAP - SEQ_WINDOW and dt_us <= 0) or (
            step <= SEQ_WINDOW and clock_tells and dt_us < 0
        ):
            self._stats.out_of_order += 1  # behind, or ahead by number but older by the clock
            return False
        # A new segment: beyond the window, new by the clock under an old or reused number, or
        # a jump the clock does not bear out (under half the periods the step claims, or more
        # than the clock can show). Step 0 here is a new frame whose number was reused.
        wild = (
            not 1 <= step <= SEQ_WINDOW
            or (step > 1 and span_us >= _HALF)
            or (step > 1 and span_us > 0 and 2 * dt_us < span_us)
        )
        if wild:
            self._stats.seq_resyncs += 1
            log.warning(
                "sequence resync",
                device_id=frame.device_id,
                channel=frame.channel,
                step=step if step < _HALF else step - _WRAP,
                device_dt_us=dt_us,
            )
            self._accept(key, frame, in_order=False)
            return True
        if step > 1:
            self._stats.seq_gaps += 1
            self._stats.frames_missing += step - 1
            self._stats.gaps_by_stream[key] = self._stats.gaps_by_stream.get(key, 0) + 1
        self._accept(key, frame, in_order=step == 1 and dt_us > 0, dt_us=dt_us)
        return True

    def _accept(
        self, key: tuple[int, int], frame: Frame, *, in_order: bool, dt_us: int = 0
    ) -> None:
        """Move the channel on to ``frame``; an in-order step measures its frame period."""
        last = self._last_seq.get(key)
        period_us = dt_us if in_order else (last.period_us if last is not None else 0)
        self._last_seq[key] = _ChannelPosition(frame.seq, frame.t_device_us, period_us)

    def _loop(self, should_stop: Callable[[], bool], wait: Callable[[float], bool]) -> ReaderStats:
        backoff = self.backoff_initial_s
        try:
            while not should_stop():
                if not self._is_open:
                    try:
                        self.transport.open()
                    except DeviceUnavailable as exc:
                        self._lost(exc)
                        wait(backoff)
                        backoff = min(self.backoff_max_s, backoff * 2)
                        continue
                    self._is_open = True
                    backoff = self.backoff_initial_s
                    self._back()
                try:
                    data = self.transport.read(self.read_size, self.read_timeout_s)
                except EndOfStream:
                    self.ended = True
                    break
                except DeviceUnavailable as exc:
                    self._close()
                    self._lost(exc)
                    wait(backoff)
                    backoff = min(self.backoff_max_s, backoff * 2)
                    continue
                if data:
                    self.feed(data)
        finally:
            self._close()
        return self.stats

    def _close(self) -> None:
        if self._is_open:
            self._is_open = False
            self.transport.close()
            # A frame cut by the loss cannot be completed by the next connection's bytes.
            d = self._decoder.stats
            r = self._retired
            r.frames += d.frames
            r.crc_errors += d.crc_errors
            r.malformed += d.malformed
            r.oversize += d.oversize
            r.resyncs += d.resyncs
            r.bytes_in += d.bytes_in
            for k, v in d.by_reason.items():
                r.by_reason[k] = r.by_reason.get(k, 0) + v
            self._decoder = StreamDecoder()

    def _lost(self, exc: DeviceUnavailable) -> None:
        if self._lost_since is not None:
            return
        self._lost_since = self.clock()
        self._stats.device_lost += 1
        log.warning("device lost", reason=exc.details.get("reason", type(exc).__name__))

    def _back(self) -> None:
        if self._lost_since is None:
            return
        away_s = self.clock() - self._lost_since
        self._lost_since = None
        self._stats.reconnects += 1
        log.info("device back", away_s=round(away_s, 3))
