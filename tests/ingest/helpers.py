"""Frames for ingest tests: a seeded multi-channel recording, and an athlete to own it."""

from __future__ import annotations

import numpy as np
from sqlalchemy.orm import Session, sessionmaker
from tests.factories import make_athlete

from fitcoach.sensors.frames import Channel, Frame
from fitcoach.sensors.profiles import DEFAULT_PROFILE
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import unit_of_work

# Per 100 ms of device time: channel, samples per frame, sample width (bytes).
FRAME_MIX = (
    (Channel.ECG, 25, 2),
    (Channel.PPG_RED, 10, 4),
    (Channel.PPG_IR, 10, 4),
    (Channel.CO2, 2, 2),
)


def recording_frames(ticks: int, *, device_id: int = 7, seed: int = 1) -> list[Frame]:
    """``ticks`` × 100 ms of ECG 250 Hz, PPG 2 × 100 Hz and CO2 20 Hz, as device frames."""
    rng = np.random.default_rng(seed)
    frames = []
    ecg = DEFAULT_PROFILE.ecg  # the ECG wanders around 0 mV, within the front end's rails
    level = {
        Channel.ECG: round(ecg.zero_counts),
        Channel.PPG_RED: 120_000,
        Channel.PPG_IR: 130_000,
        Channel.CO2: 300,
    }
    bounds = {Channel.ECG: (ecg.rail_low_counts, ecg.rail_high_counts)}
    for tick in range(ticks):
        for channel, n, width in FRAME_MIX:
            steps = rng.integers(-6, 7, size=n)
            low, high = bounds.get(channel, (0, (1 << (8 * width - 1)) - 1))
            values = np.clip(level[channel] + np.cumsum(steps), low, high)
            level[channel] = int(values[-1])
            frames.append(
                Frame(
                    device_id=device_id,
                    seq=tick,
                    t_device_us=tick * 100_000,
                    channel=int(channel),
                    samples=tuple(int(v) for v in values),
                    sample_width=width,
                )
            )
    return frames


def new_athlete(factory: sessionmaker[Session]) -> int:
    """A committed athlete's id."""
    with unit_of_work(factory) as session:
        return make_athlete(ServiceContext(session=session, subject=Subject.system())).id


def by_channel(frames: list[Frame]) -> dict[int, list[int]]:
    """Each channel's samples concatenated in seq order."""
    out: dict[int, list[int]] = {}
    for frame in sorted(frames, key=lambda f: (f.channel, f.seq)):
        out.setdefault(frame.channel, []).extend(frame.samples)
    return out
