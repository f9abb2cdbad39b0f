"""The frame consumer's writes: boards, recordings, raw chunks and their counters.

A batch costs a fixed number of statements however many athletes it holds: up to three for
recordings seen for the first time, the chunks in one ``COPY`` (or ``executemany``) under a
savepoint, one counter update (incremented in the database: two consumers never lose each
other's counts), and the devices' ``last_seen`` at most once a second (``TOUCH_EVERY_S``).
Every recording is read or created through its athlete's scope; keys are unique per athlete,
so another athlete's recording with the same key is never handed out (theirs is another).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import NamedTuple

from fitcoach.ingest.frames import ParsedFrame
from fitcoach.services.context import ServiceContext
from fitcoach.storage import waveform
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import Recording
from fitcoach.storage.repositories import sensors as repo

TOUCH_EVERY_S = 1.0  # a device's last_seen is written at most this often


class DeviceToucher:
    """Keeps devices' ``last_seen`` current without writing it on every batch: a device is
    touched (created when new) when this worker has not touched it for ``every_s`` seconds."""

    def __init__(self, every_s: float = TOUCH_EVERY_S) -> None:
        self.every_s = every_s
        self.touched: dict[int, datetime] = {}

    def touch(self, ctx: ServiceContext, device_ids: Iterable[int], now: datetime) -> None:
        due = {
            d
            for d in device_ids
            if (last := self.touched.get(d)) is None
            or (now - last).total_seconds() >= self.every_s
            or now < last
        }
        if due:
            repo.touch_devices(ctx.session, due, now)
            self.touched.update(dict.fromkeys(due, now))

    def forget(self) -> None:
        """After a rollback: what this batch touched was not stored."""
        self.touched.clear()


def open_recordings(
    ctx: ServiceContext,
    wanted: Sequence[tuple[str, AthleteScope, int | None]],
    *,
    started_at: datetime,
) -> dict[tuple[str, int], Recording | None]:
    """The recording of each (key, athlete's scope, device), created when new, in a fixed
    number of statements; None only where the athlete was deleted meanwhile."""
    return repo.get_or_create_recordings(ctx.session, wanted, started_at=started_at)


class FrameRun(NamedTuple):
    """A recording's frames of one batch, to store."""

    scope: AthleteScope
    recording_id: int
    frames: list[ParsedFrame]


def store_frames(ctx: ServiceContext, runs: Sequence[FrameRun], *, now: datetime) -> dict[int, int]:
    """Store every frame of ``runs`` as one compressed chunk (a chunk already stored is
    skipped: a re-delivered frame stores nothing) and add to each recording's counters;
    returns the chunks newly stored per recording id."""
    frames = [p for run in runs for p in run.frames]
    data = waveform.encode_many([p.samples for p in frames], [p.sample_width for p in frames])
    chunks = iter(data)
    rows = [
        (
            run.recording_id,
            p.device_id,
            p.channel,
            p.seq,
            p.t_device_us,
            p.flags,
            p.sample_rate_hz,
            int(p.samples.size),
            p.sample_width,
            next(chunks),
            now,
        )
        for run in runs
        for p in run.frames
    ]
    inserted = repo.store_chunks(ctx.session, rows)
    repo.increment_counters(
        ctx.session,
        [
            (
                run.scope,
                run.recording_id,
                {
                    "chunks": inserted.get(run.recording_id, 0),
                    "duplicates": len(run.frames) - inserted.get(run.recording_id, 0),
                    "frames_received": len(run.frames),
                },
            )
            for run in runs
        ],
    )
    return inserted


def prune_waveforms(ctx: ServiceContext, older_than: datetime) -> int:
    """Delete raw waveform chunks stored before ``older_than`` (vitals and events stay);
    returns how many were deleted."""
    return repo.prune_waveforms(ctx.session, older_than)
