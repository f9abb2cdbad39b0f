"""The vitals worker: the stream loop that ties the frames to storage, one batch at a time.

It reads ``STREAM_FRAMES`` with a consumer group of its own (``"vitals"``), next to the frame
consumer that stores the raw chunks, on the shared loop (``ingest.worker.StreamWorker``):

1. Read a batch, parse it (``consumer.parse_frame``), resolve each (athlete, recording key)
   through the athlete's scope (keys are unique per athlete: another athlete's frames under
   the same key are their own recording, never fed into this one), and feed the frames, per recording in
   device-time order, to the recording's online state (``timeline.RecordingState``). Then
   tick the seconds they completed, the next due second of every recording together
   (``VitalsMonitor.prepare_many``: the R-peak and pulse detection runs once over all their
   windows, which costs far less per athlete than one call each; every recording gets what
   ticking it alone gives it).
2. Store every completed second (``vitals``, ``INSERT ... ON CONFLICT DO NOTHING``), every
   raised or cleared alert and its red flag in one unit of work, through the services
   (``services.sensor_ingest``: ``add_vitals``, ``store_alerts``, whose red flags
   ``services.health.open_sensor_flags`` opens and audits, once per batch). A
   batch costs a fixed number of statements however many athletes it holds (scopes, consent,
   the stored seconds to skip, one insert); only a recording's first frames (creating it and
   reading its athlete's maximum heart rate) and its alerts add their own.
3. Commit. Only then publish the new vitals on ``STREAM_VITALS`` and the alerts on
   ``STREAM_ALERTS`` (for the live views), dead-letter the malformed messages and ack.

Frames of an athlete without ``sensor_data`` consent are withheld as the frame consumer
withholds them (``services.sensor_ingest.admission`` says why both groups may delete them):
not fed,
not stored, not dead-lettered (nor is a malformed frame naming such an athlete), and after the
commit acked and deleted from the stream (``Bus.ack_delete``).

A recording ends with ``finish(key)`` (the CLI's ``--finish KEY``), or when no frame of it has
arrived for ``idle_end_s`` (120 s) of **elapsed** time (device time cannot tell that frames
stopped coming); ``services.sensor_ingest.summary.summarise`` then stores its summary (a
recording enters the training log only when the athlete says it was a session). The
thresholds (``SignalThresholds``) and the device profile come from the config; the online
state of a recording is lost when the worker stops (a restarted worker starts a fresh
processor whose first seconds lack history, and never writes a stored second twice).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import structlog

from fitcoach.analysis.signals.online import VitalsMonitor
from fitcoach.core.clock import Clock, SystemClock
from fitcoach.core.settings import DEFAULT_THRESHOLDS, SignalThresholds
from fitcoach.ingest.bus import Bus, Message
from fitcoach.ingest.frames import (
    DEFAULT_BATCH,
    BadPayload,
    Groups,
    ParsedFrame,
    parse_frame,
    payload_athlete,
)
from fitcoach.ingest.producers import (
    STREAM_ALERTS,
    STREAM_FRAMES,
    STREAM_VITALS,
    VITALS_GROUP,
    vitals_dead_letter_stream,
)
from fitcoach.ingest.units import U32, USED
from fitcoach.ingest.worker import ReadConfig, StreamWorker, WorkerStats
from fitcoach.sensors.profiles import DEFAULT_PROFILE, DeviceProfile
from fitcoach.services import sensor_ingest
from fitcoach.services.context import ServiceContext
from fitcoach.services.sensor_ingest import Admission, DeviceToucher, vitals
from fitcoach.services.sensor_ingest.rows import alert_message, vital_row, vitals_message
from fitcoach.services.sensor_ingest.summary import FinishResult, athlete_max_hr, summarise
from fitcoach.storage.access import AthleteScope, Subject
from fitcoach.storage.db import Session, sessionmaker, unit_of_work
from fitcoach.storage.models import Recording
from fitcoach.workers.vitals.timeline import Pending, RecordingState

log = structlog.get_logger(__name__)

DEFAULT_GROUP = VITALS_GROUP
ORIGIN_COUNTER = "vitals_origin_us"
MAX_GAP_S = 600.0  # a larger jump of the device clock is not padded: the frame is dead-lettered
STORED_SPAN_S = 120.0  # the widest stretch of seconds one look-up of stored seconds reads


@dataclass(frozen=True)
class VitalsConfig(ReadConfig):
    """How the worker reads (see ``ReadConfig``), when it calls a recording ended, and the
    thresholds and device profile it analyses with."""

    stream: str = STREAM_FRAMES
    group: str = DEFAULT_GROUP
    consumer: str = "vitals-1"
    batch: int = DEFAULT_BATCH
    idle_end_s: float = 120.0
    stall_s: float = 5.0
    vitals_stream: str = STREAM_VITALS
    alerts_stream: str = STREAM_ALERTS
    thresholds: SignalThresholds = DEFAULT_THRESHOLDS
    profile: DeviceProfile = DEFAULT_PROFILE


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


@dataclass(eq=False)
class _Feeding:
    """One recording's frames of a batch while they are fed and ticked."""

    live: RecordingState
    items: list[tuple[Message, ParsedFrame]]
    last: int = 0  # the last second to tick
    ok: bool = True
    bad: list[tuple[Message, str]] = field(default_factory=list)


@dataclass
class _Batch:
    """What one batch leaves to do after the commit, and what it withheld."""

    published: list[tuple[str, Mapping[str, Any]]] = field(default_factory=list)
    withheld: list[Message] = field(default_factory=list)  # athletes without sensor_data consent


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
        monotonic: Callable[[], float] = time.monotonic,  # idle times are elapsed time
    ) -> None:
        self.bus = bus
        self.factory = factory
        self.config = config or VitalsConfig()
        self.clock = clock or SystemClock()
        self.subject = subject or Subject.system()
        self.monotonic = monotonic
        self.stats = VitalsStats()
        self.devices = DeviceToucher()
        super().__init__()
        # The online state of each recording, by (athlete id, recording key).
        self.live: dict[tuple[int, str], RecordingState] = {}
        self.finished: list[FinishResult] = []
        self.log = log.bind(stream=self.config.stream, consumer=self.config.consumer)

    def after_batch(self) -> None:
        self._finish_idle()

    # ------------------------------------------------------------------ one batch

    def handle(self, messages: Sequence[Message]) -> None:
        """Feed one batch, store what it completed, commit, then publish, dead-letter, ack."""
        cfg = self.config
        rates = cfg.profile.rates_hz
        bad: list[tuple[Message, str]] = []
        groups: Groups = {}
        ignored = 0
        # ``parse_batch`` and the grouping in one loop: this runs for every message.
        for message in messages:
            try:
                parsed = parse_frame(message.payload)
            except BadPayload as exc:
                bad.append((message, str(exc)))
                continue
            channel = parsed.channel
            if channel not in USED:
                ignored += 1
                continue
            rate = parsed.sample_rate_hz
            if rate and abs(rate - rates[channel]) > 1e-6:
                bad.append((message, "sample rate is not the channel's nominal rate"))
                continue
            pair = (parsed.athlete_id, parsed.recording_key)
            group = groups.get(pair)
            if group is None:
                groups[pair] = [(message, parsed)]
            else:
                group.append((message, parsed))
        self.stats.ignored += ignored
        known = set(self.live)
        s = self.stats
        counted = (s.frames, s.skipped, s.seconds, s.alerts, s.flags)
        try:
            batch = self._process(groups, bad)
        except BaseException:
            # Rolled back: nothing was stored, and a recording created in this transaction
            # does not exist (forget its state: its frames are fed again on the retry).
            for pair in set(self.live) - known:
                del self.live[pair]
            s.frames, s.skipped, s.seconds, s.alerts, s.flags = counted
            self.devices.forget()
            raise
        # Committed. Side effects only now.
        for live in self.live.values():
            if live.pending.vitals or live.pending.alerts or live.pending.origin_us is not None:
                live.pending = Pending()
        self._publish(batch.published)
        dead = vitals_dead_letter_stream(cfg.stream, cfg.group)
        for message, reason in bad:
            self.bus.publish(dead, {"id": message.id, "reason": reason, "payload": message.payload})
            s.bad_reasons[reason] = s.bad_reasons.get(reason, 0) + 1
            self.log.warning("vitals.bad_message", message_id=message.id, reason=reason)
        ids = [m.id for m in messages]
        if batch.withheld:
            gone = {m.id for m in batch.withheld}
            deleted = self.bus.ack_delete(cfg.stream, cfg.group, list(gone))
            ids = [i for i in ids if i not in gone]
            s.deleted += deleted
            self.log.info("vitals.withheld_no_consent", frames=len(batch.withheld), deleted=deleted)
        self.bus.ack(cfg.stream, cfg.group, ids)
        s.withheld += len(batch.withheld)
        s.batches += 1
        s.messages += len(messages)
        s.bad += len(bad)

    def _process(self, groups: Groups, bad: list[tuple[Message, str]]) -> _Batch:
        """Feed the frames, then store every recording's pending results in one transaction."""
        batch = _Batch()
        with unit_of_work(self.factory) as session:
            ctx = self._context(session)
            named = {a for m, _ in bad if (a := payload_athlete(m.payload)) is not None}
            admitted = sensor_ingest.admit(ctx, {a for a, _ in groups} | named)
            scopes, granted, refused = admitted.scopes, admitted.granted, admitted.refused
            if refused and bad:  # malformed (or off-rate) frames of theirs: not dead-lettered
                batch.withheld.extend(m for m, _ in bad if payload_athlete(m.payload) in refused)
                bad[:] = [(m, r) for m, r in bad if payload_athlete(m.payload) not in refused]
            fed: list[tuple[RecordingState, list[tuple[Message, ParsedFrame]]]] = []
            new: list[tuple[str, AthleteScope, list[tuple[Message, ParsedFrame]]]] = []
            for (athlete_id, key), items in groups.items():
                scope = scopes.get(athlete_id)
                if scope is None:
                    bad.extend((m, "unknown athlete") for m, _ in items)
                elif athlete_id not in granted:
                    # Withdrawn (or never given): compute and keep nothing of theirs (and
                    # touch no state of a recording that is not theirs).
                    batch.withheld.extend(m for m, _ in items)
                    self._forget(key, athlete_id)
                elif (live := self.live.get((athlete_id, key))) is None:
                    new.append((key, scope, items))
                else:
                    fed.append((live, items))
            for started, items in self._start(ctx, new):
                if started is None:  # the athlete was deleted meanwhile
                    bad.extend((m, "unknown athlete") for m, _ in items)
                else:
                    fed.append((started, items))
            self._feed_all(fed, bad)
            batch.published.extend(self._store(ctx, list(self.live.values()), admitted))
        return batch

    def _context(self, session: Session) -> ServiceContext:
        """The services' context of one unit of work: this worker's subject and clock."""
        return ServiceContext(session=session, subject=self.subject, clock=self.clock)

    def _forget(self, key: str, athlete_id: int) -> None:
        """Drop the online state of ``athlete_id``'s recording ``key``."""
        self.live.pop((athlete_id, key), None)

    def _feed_all(
        self,
        fed: list[tuple[RecordingState, list[tuple[Message, ParsedFrame]]]],
        bad: list[tuple[Message, str]],
    ) -> None:
        """Feed each recording's frames in device-time order, then tick the seconds they
        completed: the k-th due second of every recording together (``_tick_round``), so that
        the peak detection runs once for all their windows. Every recording sees the same
        pushes and ticks, in the same order, as ticking it alone would give it."""
        feeding: list[_Feeding] = []
        for live, items in fed:
            f = _Feeding(live, items)
            feeding.append(f)
            try:
                result = live.feed_many(items, MAX_GAP_S * 1e6)
                f.bad.extend((message, "device clock jumped") for message in result.jumped)
                self.stats.frames += result.fed
                self.stats.skipped += result.skipped
                live.last_wall = self.monotonic()
                f.last = live.due(self.config.stall_s)
            except Exception as exc:  # a bug or data the analysis cannot take: not fatal
                self._failed(f, exc)
        ticking = [f for f in feeding if f.ok and f.live.next_second <= f.last]
        while ticking:
            self._tick_round(ticking)
            ticking = [f for f in ticking if f.ok and f.live.next_second <= f.last]
        for f in feeding:  # in the order of the recordings, as fed
            bad.extend(f.bad)

    def _tick_round(self, ticking: list[_Feeding]) -> None:
        """Push and tick the next due second of every recording in ``ticking``."""
        ready: list[tuple[_Feeding, float]] = []
        for f in ticking:
            try:
                ready.append((f, f.live.push_second()))
            except Exception as exc:
                self._failed(f, exc)
        monitors = [f.live.monitor for f, _ in ready]
        try:
            ticks = VitalsMonitor.prepare_many(monitors, [at for _, at in ready])
        except Exception:  # changed nothing: each recording ticks alone, failing alone
            ticks = None
        for k, (f, at) in enumerate(ready):
            try:
                live = f.live
                live.ticked(
                    *(live.monitor.tick(at) if ticks is None else live.monitor.complete(ticks[k]))
                )
            except Exception as exc:
                self._failed(f, exc)

    def _failed(self, f: _Feeding, exc: Exception) -> None:
        """A recording whose frames the analysis could not take: its frames of this batch are
        dead-lettered and its online state dropped (afresh with its next frames)."""
        f.ok = False
        live = f.live
        self.log.error("vitals.processing_error", recording=live.key, error=type(exc).__name__)
        f.bad.extend((m, "processing error") for m, _ in f.items)
        self._forget(live.key, live.athlete_id)

    def _publish(self, published: list[tuple[str, Mapping[str, Any]]]) -> None:
        by_stream: dict[str, list[Mapping[str, Any]]] = {}
        for stream, payload in published:
            by_stream.setdefault(stream, []).append(payload)
        for stream, payloads in by_stream.items():
            self.bus.publish_many(stream, payloads)

    def _start(
        self,
        ctx: ServiceContext,
        new: list[tuple[str, AthleteScope, list[tuple[Message, ParsedFrame]]]],
    ) -> list[tuple[RecordingState | None, list[tuple[Message, ParsedFrame]]]]:
        """The online state of each scoped athlete's recording ``key`` seen for the first time,
        created with its recording (None where the athlete was deleted meanwhile)."""
        if not new:
            return []
        now = self.clock.now()
        self.devices.touch(ctx, {p.device_id for _, _, items in new for _, p in items}, now)
        recordings = sensor_ingest.open_recordings(
            ctx,
            [(key, scope, items[0][1].device_id) for key, scope, items in new],
            started_at=now,
        )
        out: list[tuple[RecordingState | None, list[tuple[Message, ParsedFrame]]]] = []
        for key, scope, items in new:
            recording = recordings[(key, scope.athlete_id)]
            started = None if recording is None else self._state(ctx, scope, recording, items, now)
            out.append((started, items))
        return out

    def _state(
        self,
        ctx: ServiceContext,
        scope: AthleteScope,
        recording: Recording,
        items: list[tuple[Message, ParsedFrame]],
        now: datetime,
    ) -> RecordingState:
        """A recording's online state: a new one's clock origin is its earliest frame, a
        resumed one's comes from its counters and its last stored second."""
        max_hr = athlete_max_hr(ctx, scope, now.date(), self.config.thresholds)
        stored = (recording.counters or {}).get(ORIGIN_COUNTER)
        ref_us = 0
        anchor = recording.started_at
        if isinstance(stored, int):
            origin_raw = stored
            last_at = vitals.last_vital_at(ctx, scope, recording.id)
            if last_at is not None:
                ref_us = int((last_at - anchor).total_seconds() * 1e6)
            pending_origin = None
        else:
            # The earliest frame of this batch, unwrapped around the first one.
            first = items[0][1].t_device_us
            deltas = [((p.t_device_us - first + U32 // 2) % U32) - U32 // 2 for _, p in items]
            origin_raw = (first + min(deltas)) % U32
            pending_origin = origin_raw
        live = RecordingState(
            recording_id=recording.id,
            athlete_id=scope.athlete_id,
            key=recording.key,
            anchor=anchor,
            origin_raw=origin_raw,
            ref_us=ref_us,
            max_hr_bpm=max_hr,
            wall=self.monotonic(),
            thresholds=self.config.thresholds,
            profile=self.config.profile,
        )
        if ref_us:
            live.next_second = ref_us // 1_000_000 + 1
        live.pending.origin_us = pending_origin
        self.live[(scope.athlete_id, recording.key)] = live
        return live

    def _store(
        self,
        ctx: ServiceContext,
        lives: list[RecordingState],
        admitted: Admission,
    ) -> list[tuple[str, Mapping[str, Any]]]:
        """Write the pending results of ``lives`` (through each athlete's scope; ``admitted``
        as read in this transaction, completed here for athletes it lacks); returns the
        messages to publish after the commit."""
        cfg = self.config
        out: list[tuple[str, Mapping[str, Any]]] = []
        todo = [
            live
            for live in lives
            if live.pending.vitals or live.pending.alerts or live.pending.origin_us is not None
        ]
        missing = {live.athlete_id for live in todo} - set(admitted.scopes)
        if missing:
            admitted = admitted.merged(sensor_ingest.admit(ctx, missing))
        scopes, granted = admitted.scopes, admitted.granted
        ready: list[tuple[AthleteScope, RecordingState]] = []
        for live in todo:
            scope = scopes.get(live.athlete_id)
            if scope is None:  # the athlete was deleted while recording: keep nothing of theirs
                self.live.pop((live.athlete_id, live.key), None)
                self.log.info("vitals.athlete_gone", recording=live.key)
            elif live.athlete_id not in granted:
                # Withdrawn while recording: the rest is not stored.
                self.live.pop((live.athlete_id, live.key), None)
            else:
                ready.append((scope, live))
        vitals.keep_counters(
            ctx,
            [
                (scope, live.recording_id, ORIGIN_COUNTER, live.pending.origin_us)
                for scope, live in ready
                if live.pending.origin_us is not None
            ],
        )
        with_vitals = [(scope, live) for scope, live in ready if live.pending.vitals]
        if with_vitals:
            existing = self._stored_seconds(ctx, with_vitals)
            rows = [
                (
                    scope,
                    live,
                    [
                        vital_row(at, v)
                        for at, v in live.pending.vitals
                        if at not in existing[live.recording_id]
                    ],
                )
                for scope, live in with_vitals
            ]
            self.stats.seconds += vitals.add_vitals(
                ctx, [(scope, live.recording_id, r) for scope, live, r in rows]
            )
            out.extend(
                (cfg.vitals_stream, vitals_message(live.athlete_id, live.key, row))
                for _, live, r in rows
                for row in r
            )
        alerts = [
            vitals.AlertAt(scope, live.recording_id, live.key, at, alert)
            for scope, live in ready
            for at, alert in live.pending.alerts
        ]
        if alerts:
            # The batch's alerts and the red flags they ask for: one call, every flag audited.
            stored, flags = vitals.store_alerts(ctx, alerts, cfg.thresholds)
            for item, done in zip(alerts, stored, strict=True):
                if done:
                    self.stats.alerts += 1
                    out.append(
                        (
                            cfg.alerts_stream,
                            alert_message(item.scope.athlete_id, item.key, item.at, item.alert),
                        )
                    )
            self.stats.flags += flags
        return out

    def _stored_seconds(
        self, ctx: ServiceContext, lives: list[tuple[AthleteScope, RecordingState]]
    ) -> dict[int, set[datetime]]:
        """The pending seconds of ``lives`` already stored (by an earlier run, before a crash):
        one query for recordings whose pending seconds lie within ``STORED_SPAN_S`` of each
        other (all of them, normally), so that no query reads a long stretch of seconds."""
        spans = sorted(
            (
                (live.pending.vitals[0][0], live.pending.vitals[-1][0], scope, live)
                for scope, live in lives
            ),
            key=lambda item: (item[0], item[1]),
        )
        out: dict[int, set[datetime]] = {}
        while spans:
            first = spans[0][0]
            group = [item for item in spans if (item[1] - first).total_seconds() <= STORED_SPAN_S]
            group = group or spans[:1]
            out.update(
                vitals.stored_seconds(
                    ctx,
                    [(scope, live.recording_id) for _, _, scope, live in group],
                    first=first,
                    last=max(item[1] for item in group),
                )
            )
            chosen = {id(item[3]) for item in group}
            spans = [item for item in spans if id(item[3]) not in chosen]
        return out

    # ------------------------------------------------------------------ end of a recording

    def _finish_idle(self) -> None:
        now = self.monotonic()
        for (athlete_id, key), live in list(self.live.items()):
            if now - live.last_wall >= self.config.idle_end_s:
                self.log.info("vitals.idle_end", recording=key)
                self._retrying(lambda k=key, a=athlete_id: self.finish(k, athlete_id=a))  # type: ignore[misc]

    def finish(self, key: str, *, athlete_id: int | None = None) -> FinishResult | None:
        """End recording ``key``: tick its last seconds, then summarise its stored ECG.

        The recording is read through its athlete's scope: ``athlete_id``'s when given (another
        athlete's recording with the same key is then not touched), else the one athlete who
        has a recording ``key``, which the worker's subject must be allowed to see;
        ``Conflict`` when several athletes have one (keys are unique per athlete: say whose). Returns None when there is no such recording. Safe to call again
        (the summary is written again). Nothing goes into the training log: the athlete decides
        whether a recording was a session (``sensors.log_recording_as_session``).
        """
        published: list[tuple[str, Mapping[str, Any]]] = []
        with unit_of_work(self.factory) as session:
            ctx = self._context(session)
            owner = athlete_id
            if owner is None:
                owner = vitals.recording_owner(ctx, key)
            if owner is None:
                return None
            live = self.live.get((owner, key))
            admitted = sensor_ingest.admit(ctx, [owner])
            scope = admitted.scopes.get(owner)
            if scope is None:  # unknown, not visible to this subject, or deleted meanwhile
                self._forget(key, owner)
                return None
            if live is not None:
                live.advance(self.config.stall_s, flush=True)
                published = self._store(ctx, [live], admitted)
            recording = vitals.recording_by_key(ctx, scope, key)
            if recording is None:  # never stored, or deleted with its athlete
                self._forget(key, owner)
                return None
            result = summarise(
                ctx,
                scope,
                recording,
                thresholds=self.config.thresholds,
                profile=self.config.profile,
            )
        self._forget(key, owner)
        self._publish(published)
        self.finished.append(result)
        self.stats.finished += 1
        return result
