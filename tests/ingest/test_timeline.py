"""A recording's online state: the batch feed (``feed_many``) against the frame-by-frame one.

The vitals worker feeds each recording's frames of a batch with ``RecordingState.feed_many``;
these tests hold it to what ``device_us`` + ``feed`` do one frame at a time (the path it
replaced), on simulated frames with everything the worker meets: batches out of order,
re-delivered frames, lead-off and finger-off frames, a clock jump and the 32-bit wrap.
"""

from __future__ import annotations

import functools
import random
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest

from fitcoach.core.settings import DEFAULT_THRESHOLDS
from fitcoach.ingest.frames import ParsedFrame, parse_frame
from fitcoach.ingest.producers import frame_payload
from fitcoach.ingest.units import ECG, FINGER_OFF, IR, LEAD_OFF, RED, U32, USED
from fitcoach.sensors.profiles import DEFAULT_PROFILE
from fitcoach.sensors.simulator import Simulator
from fitcoach.workers.vitals.timeline import ChannelBuffer, RecordingState

MAX_GAP_US = 600e6
ANCHOR = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


@functools.cache
def _frames(seconds: int) -> list[ParsedFrame]:
    stream = Simulator("intervals", seed=5, device_id=9).frames(seconds)
    return [
        parse_frame(frame_payload(f, athlete_id=1, recording_key="k"))
        for f in stream.frames
        if f.channel in USED
    ]


def _state(origin_raw: int = 0) -> RecordingState:
    return RecordingState(
        recording_id=1,
        athlete_id=1,
        key="k",
        anchor=ANCHOR,
        origin_raw=origin_raw,
        ref_us=0,
        max_hr_bpm=190.0,
        wall=0.0,
        thresholds=DEFAULT_THRESHOLDS,
        profile=DEFAULT_PROFILE,
    )


def _one_by_one(
    live: RecordingState, items: list[tuple[int, ParsedFrame]]
) -> tuple[int, int, list[int]]:
    """The frame-by-frame feed the vitals worker used before ``feed_many``."""
    timed = sorted(
        ((live.device_us(p.t_device_us), tag, p) for tag, p in items), key=lambda item: item[0]
    )
    fed = skipped = 0
    jumped: list[int] = []
    for at_us, tag, p in timed:
        if at_us - live.ref_us > MAX_GAP_US:
            jumped.append(tag)
        elif live.feed(p, at_us):
            fed += 1
        else:
            skipped += 1
    return fed, skipped, jumped


def _buffers(live: RecordingState) -> list[Any]:
    out: list[Any] = [live.ref_raw, live.ref_us]
    for c in USED:
        b = live.streams[c]
        out.append((b.start, b.end, b.seen))
        out.append(repr([np.asarray(v).tolist() for v in b.values]))  # NaN-safe
        out.append([m if isinstance(m, bool) else m.tolist() for m in b.masks])
    return out


def _workload(shift_us: int) -> list[list[tuple[int, ParsedFrame]]]:
    """Batches of tagged frames: shuffled within each batch, some re-delivered later, a few
    lead-off and finger-off frames, one frame far in the future; device times moved by
    ``shift_us`` (mod 2**32)."""
    rng = random.Random(11)
    frames = []
    for i, p in enumerate(_frames(24)):
        flags = p.flags
        if p.channel == ECG and i % 97 == 0:
            flags |= LEAD_OFF
        if p.channel in (RED, IR) and p.seq % 89 == 7:  # both LEDs' frames of that time
            flags |= FINGER_OFF
        frames.append(p._replace(t_device_us=(p.t_device_us + shift_us) % U32, flags=flags))
    tagged = list(enumerate(frames))
    batches = [tagged[i : i + 50] for i in range(0, len(tagged), 50)]
    out = []
    for k, batch in enumerate(batches):
        batch = list(batch)
        if k >= 2:  # re-deliveries of an earlier batch's frames
            batch += rng.sample(batches[k - 2], 5)
        if k == 7:  # a device clock 1000 s ahead: not fed
            _tag, p = batch[0]
            batch.append((-1, p._replace(t_device_us=(p.t_device_us + 1_000_000_000) % U32)))
        rng.shuffle(batch)
        out.append(batch)
    return out


@pytest.mark.parametrize("shift_us", [0, U32 - 3_000_000])  # the second wraps mid-recording
def test_feed_many_places_frames_as_feeding_them_one_by_one(shift_us: int) -> None:
    batches = _workload(shift_us)
    origin = min(p.t_device_us for _, p in batches[0])
    if shift_us:
        origin = batches[0][0][1].t_device_us
        deltas = [((p.t_device_us - origin + U32 // 2) % U32) - U32 // 2 for _, p in batches[0]]
        origin = (origin + min(deltas)) % U32
    ours, theirs = _state(origin), _state(origin)
    totals = [0, 0, 0]
    for batch in batches:
        result = ours.feed_many(batch, MAX_GAP_US)
        expected = _one_by_one(theirs, batch)
        assert (result.fed, result.skipped, result.jumped) == expected
        assert _buffers(ours) == _buffers(theirs)
        totals = [
            totals[0] + result.fed,
            totals[1] + result.skipped,
            totals[2] + len(result.jumped),
        ]
        ours.advance(DEFAULT_THRESHOLDS.flatline_s)
        theirs.advance(DEFAULT_THRESHOLDS.flatline_s)
    assert totals[0] > 800
    assert totals[1] > 50
    assert totals[2] == 1
    ours.advance(5.0, flush=True)
    theirs.advance(5.0, flush=True)
    assert len(ours.pending.vitals) >= 20
    assert repr(ours.pending.vitals) == repr(theirs.pending.vitals)  # NaN-safe equality
    assert repr(ours.pending.alerts) == repr(theirs.pending.alerts)


def test_take_gives_false_for_unflagged_samples_and_a_flag_per_sample_otherwise() -> None:
    buffer = ChannelBuffer(10.0, lambda x: np.asarray(x, dtype=np.float64) * 2)
    buffer.add(0, np.arange(5), False)
    buffer.add(5, np.arange(5), False)
    values, flags = buffer.take(7)
    assert values.tolist() == [0, 2, 4, 6, 8, 0, 2]
    assert flags is False
    buffer.add(10, np.arange(4), True)  # a lead-off frame
    buffer.add(16, np.arange(2), False)  # after a gap of two samples
    values, flags = buffer.take(12)
    assert values.tolist() == [4, 6, 8, 0, 2]
    assert isinstance(flags, np.ndarray)
    assert flags.tolist() == [False] * 3 + [True] * 2
    values, flags = buffer.take(15)  # the rest of the flagged frame, then the gap
    assert values[:2].tolist() == [4, 6]
    assert np.isnan(values[2])
    assert isinstance(flags, np.ndarray)
    assert flags.tolist() == [True, True, False]
    values, flags = buffer.take(18)  # nothing flagged is left
    assert np.isnan(values[0])
    assert values[1:].tolist() == [0, 2]
    assert flags is False
    assert buffer.take(18)[0].size == 0
