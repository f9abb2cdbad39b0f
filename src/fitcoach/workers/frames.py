"""The frame consumer: bus → waveform chunks in the database, commit, then ack.

One loop (``ingest.worker.StreamWorker``), with a consumer group so that several consumers
share the work:

1. On start (and then every ``reclaim_every_s``) take over messages another consumer left
   pending for at least ``reclaim_idle_ms`` (it crashed, or was killed), so none is lost.
2. Read a batch, parse each payload (``ingest.frames.parse_frame``), group the frames by
   (athlete, recording key), admit the batch's athletes (``services.sensor_ingest.admit``:
   every scope and the ``sensor_data`` consent, once), resolve or create every recording
   through its athlete's scope, and store the chunks (``services.sensor_ingest.store_frames``);
   a chunk already stored (``(recording_id, channel, seq)`` is unique) is skipped: a
   re-delivered frame stores nothing.
3. Commit. Only then publish malformed messages to the dead-letter stream and ack the batch.
   A crash anywhere before the ack leaves the messages pending; the next consumer reclaims
   them and the unique key makes the second write a no-op. Every frame is stored exactly once.

Frames of an athlete without ``sensor_data`` consent (never given, or withdrawn) are
*withheld*: nothing of them is stored, their device is neither created nor touched, they are
not dead-lettered (a dead letter would keep the very data refused; a malformed frame that
names such an athlete is withheld too), and after the commit they are acked **and deleted
from the stream** (``Bus.ack_delete``), so that their raw samples do not wait on the bus for
the length cap to trim them. The vitals worker reads the same stream with a group of its own
and withholds by the same rule (``services.sensor_ingest.admission``).

A batch costs a fixed number of statements however many athletes it holds: one for the
scopes, two for consent, up to three for recordings seen for the first time (the ids of known
ones are kept), the chunks in one ``COPY`` (or ``executemany``) under a savepoint, one counter
update, and the devices' ``last_seen`` at most once a second.

Database errors roll back and the same batch is retried after a pause (it stays pending until
it is stored). A malformed payload is counted, logged by message id and reason only (no
personal or health data), sent to ``<stream>:dead`` and acked; it never stops the loop.
SIGTERM and SIGINT finish the batch in hand and stop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

import structlog

from fitcoach.core.clock import Clock, SystemClock
from fitcoach.ingest.bus import Bus, Message
from fitcoach.ingest.frames import (
    DEFAULT_BATCH,
    Groups,
    busy_read_count,
    parse_batch,
    payload_athlete,
)
from fitcoach.ingest.producers import STREAM_FRAMES, dead_letter_stream
from fitcoach.ingest.worker import ReadConfig, StreamWorker, WorkerStats
from fitcoach.services import sensor_ingest
from fitcoach.services.context import ServiceContext
from fitcoach.services.sensor_ingest import DeviceToucher, FrameRun
from fitcoach.storage.access import AthleteScope, Subject
from fitcoach.storage.db import Session, sessionmaker, unit_of_work

log = structlog.get_logger(__name__)

DEFAULT_GROUP = "fitcoach-storage"
KNOWN_RECORDINGS = 50_000  # recording ids kept once resolved (then forgotten all at once)


@dataclass(frozen=True)
class ConsumerConfig(ReadConfig):
    """How the frame consumer reads (see ``ReadConfig``)."""

    stream: str = STREAM_FRAMES
    group: str = DEFAULT_GROUP
    consumer: str = "consumer-1"
    batch: int = DEFAULT_BATCH  # more when the last batch held many recordings (``read_count``)


@dataclass
class ConsumerStats(WorkerStats):
    """Counters of one consumer (shown by the CLI, logged at the end)."""

    chunks: int = 0  # chunks newly stored
    duplicates: int = 0  # chunks already stored (re-deliveries)
    samples: int = 0  # samples in the frames handled


class FrameConsumer(StreamWorker):
    """Stores frames from the bus; see the module docstring for the guarantees."""

    event = "consumer"
    config: ConsumerConfig
    stats: ConsumerStats

    def __init__(
        self,
        bus: Bus,
        factory: sessionmaker[Session],
        config: ConsumerConfig | None = None,
        *,
        clock: Clock | None = None,
        subject: Subject | None = None,
    ) -> None:
        self.bus = bus
        self.factory = factory
        self.config = config or ConsumerConfig()
        self.clock = clock or SystemClock()
        self.subject = subject or Subject.system()
        self.stats = ConsumerStats()
        self.devices = DeviceToucher()
        # (recording key, athlete) → recording id, once resolved through the athlete's scope.
        # Each batch still resolves every athlete's scope and consent first; a recording goes
        # only with its athlete, whose scope then fails.
        self.recordings: dict[tuple[str, int], int] = {}
        self.last_recordings = 0  # (athlete, recording key) pairs in the last batch
        super().__init__()
        self.log = log.bind(stream=self.config.stream, consumer=self.config.consumer)

    def read_count(self) -> int:
        return busy_read_count(self.config.batch, self.last_recordings)

    # ------------------------------------------------------------------ one batch

    def handle(self, messages: Sequence[Message]) -> None:
        """Store one batch, commit, then dead-letter the bad messages and ack them all."""
        cfg = self.config
        bad: list[tuple[Message, str]] = []
        groups: Groups = {}
        for message, parsed in parse_batch(messages, bad):
            groups.setdefault((parsed.athlete_id, parsed.recording_key), []).append(
                (message, parsed)
            )
        self.last_recordings = len(groups)
        withheld: list[Message] = []
        try:
            inserted, duplicates, samples = self._store(groups, bad, withheld)
        except BaseException:
            # Rolled back: what this batch touched or created is not stored.
            self.devices.forget()
            self.recordings.clear()
            raise
        # Committed. Side effects only now: dead letters, then the acks.
        for message, reason in bad:
            self.bus.publish(
                dead_letter_stream(cfg.stream),
                {"id": message.id, "reason": reason, "payload": message.payload},
            )
            self.stats.bad_reasons[reason] = self.stats.bad_reasons.get(reason, 0) + 1
            self.log.warning("consumer.bad_message", message_id=message.id, reason=reason)
        ids = [m.id for m in messages]
        if withheld:
            gone = {m.id for m in withheld}
            deleted = self.bus.ack_delete(cfg.stream, cfg.group, list(gone))
            ids = [i for i in ids if i not in gone]
            self.stats.deleted += deleted
            self.log.info("consumer.withheld_no_consent", frames=len(withheld), deleted=deleted)
        self.bus.ack(cfg.stream, cfg.group, ids)
        self.stats.withheld += len(withheld)
        self.stats.batches += 1
        self.stats.messages += len(messages)
        self.stats.bad += len(bad)
        self.stats.chunks += inserted
        self.stats.duplicates += duplicates
        self.stats.samples += samples

    def _store(
        self, groups: Groups, bad: list[tuple[Message, str]], withheld: list[Message]
    ) -> tuple[int, int, int]:
        """One unit of work for the batch: (chunks inserted, duplicates, samples). The
        messages of athletes without ``sensor_data`` consent go to ``withheld`` (malformed
        ones naming such an athlete leave ``bad`` for it)."""
        now = self.clock.now()
        if len(self.recordings) > KNOWN_RECORDINGS:  # a long-running process: start over
            self.recordings.clear()
        with unit_of_work(self.factory) as session:
            ctx = ServiceContext(session=session, subject=self.subject, clock=self.clock)
            named = {a for m, _ in bad if (a := payload_athlete(m.payload)) is not None}
            admitted = sensor_ingest.admit(ctx, {a for a, _ in groups} | named)
            scopes, granted = admitted.scopes, admitted.granted
            refused = admitted.refused
            if refused and bad:
                withheld.extend(m for m, _ in bad if payload_athlete(m.payload) in refused)
                bad[:] = [(m, r) for m, r in bad if payload_athlete(m.payload) not in refused]
            # Only the devices of frames that are stored: a device is never created, nor its
            # last_seen moved, by frames of an unknown athlete or of one without consent.
            self.devices.touch(
                ctx,
                {
                    p.device_id
                    for (athlete_id, _), items in groups.items()
                    if athlete_id in granted
                    for _, p in items
                },
                now,
            )
            wanted: list[tuple[str, AthleteScope, int | None]] = []
            for (athlete_id, key), items in groups.items():
                scope = scopes.get(athlete_id)
                if scope is None:
                    bad.extend((m, "unknown athlete") for m, _ in items)
                elif athlete_id not in granted:
                    withheld.extend(m for m, _ in items)
                elif (key, athlete_id) not in self.recordings:
                    wanted.append((key, scope, items[0][1].device_id))
            for pair, recording in sensor_ingest.open_recordings(
                ctx, wanted, started_at=now
            ).items():
                if recording is not None:
                    self.recordings[pair] = recording.id
            runs: list[FrameRun] = []
            for (athlete_id, key), items in groups.items():
                scope = scopes.get(athlete_id)
                if scope is None or athlete_id not in granted:
                    continue  # unknown athlete or withheld: handled above
                recording_id = self.recordings.get((key, athlete_id))
                if recording_id is None:  # the athlete was deleted meanwhile
                    bad.extend((m, "unknown athlete") for m, _ in items)
                else:
                    runs.append(FrameRun(scope, recording_id, [p for _, p in items]))
            inserted = sensor_ingest.store_frames(ctx, runs, now=now)
        total = sum(inserted.values())
        frames = sum(len(run.frames) for run in runs)
        samples = sum(int(p.samples.size) for run in runs for p in run.frames)
        return total, frames - total, samples


def prune_waveforms(
    factory: sessionmaker[Session], *, retention_days: int, clock: Clock | None = None
) -> int:
    """Delete raw waveform chunks older than ``retention_days`` (vitals and events stay).

    Returns how many chunks were deleted; commits.
    """
    if retention_days < 1:
        raise ValueError("retention_days must be at least 1")
    clock = clock or SystemClock()
    cutoff = clock.now() - timedelta(days=retention_days)
    with unit_of_work(factory) as session:
        ctx = ServiceContext(session=session, subject=Subject.system(), clock=clock)
        return sensor_ingest.prune_waveforms(ctx, cutoff)
