"""The vitals worker ticks the seconds of many recordings together (``VitalsMonitor.
prepare_many``: one peak detection for all their windows). What it stores and publishes must
be what it stored and published when it fed and ticked each recording alone (its loop before,
kept here as the reference), and what it gives when the shared step fails and every recording
ticks alone: the same rows, the same floats, the same messages in the same order."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select
from tests.conftest import Database
from tests.ingest.helpers import new_athlete

from fitcoach.analysis.signals.online import VitalsMonitor
from fitcoach.core.clock import FixedClock
from fitcoach.ingest.bus import InMemoryBus, Message
from fitcoach.ingest.frames import ParsedFrame
from fitcoach.ingest.producers import frame_payload
from fitcoach.sensors.frames import Channel, Flag
from fitcoach.sensors.simulator import Simulator
from fitcoach.storage.db import unit_of_work
from fitcoach.storage.models import Recording, SensorEvent, Vital
from fitcoach.workers.vitals import VitalsConfig, VitalsWorker
from fitcoach.workers.vitals.timeline import RecordingState
from fitcoach.workers.vitals.worker import MAX_GAP_S

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
SCENARIOS = ("lead_off", "pvc", "desaturation", "motion", "rest", "intervals", "pvc")
SECONDS = 70  # past the 60 s RMSSD window


def _one_at_a_time(
    self: VitalsWorker,
    fed: list[tuple[RecordingState, list[tuple[Message, ParsedFrame]]]],
    bad: list[tuple[Message, str]],
) -> None:
    """The worker's loop before ticks were shared: feed one recording, tick its seconds,
    then the next."""
    for live, items in fed:
        try:
            result = live.feed_many(items, MAX_GAP_S * 1e6)
            bad.extend((message, "device clock jumped") for message in result.jumped)
            self.stats.frames += result.fed
            self.stats.skipped += result.skipped
            live.last_wall = self.monotonic()
            live.advance(self.config.stall_s)
        except Exception as exc:
            self.log.error("vitals.processing_error", recording=live.key, error=type(exc).__name__)
            bad.extend((m, "processing error") for m, _ in items)
            self._forget(live.key, live.athlete_id)


def _payloads(athletes: list[int], prefix: str) -> list[dict[str, Any]]:
    """Every athlete's frames, 100 ms of all of them at a time (as on a shared bus), with a
    finger off, a gap, malformed and misrated frames and a far clock jump among them."""
    per_athlete = []
    for a, (athlete, scenario) in enumerate(zip(athletes, SCENARIOS, strict=True)):
        frames = Simulator(scenario, seed=70 + a, device_id=20 + a).frames(SECONDS).frames
        out = []
        for k, f in enumerate(frames):
            if a == 4 and f.channel in (Channel.PPG_RED, Channel.PPG_IR) and 120 <= f.seq < 150:
                f = dataclasses.replace(f, flags=f.flags | Flag.FINGER_OFF)
            if a == 5 and 700 <= k < 760:
                continue  # a gap in every channel
            if a == 3 and k == 900:
                # The device clock 20 min ahead: dead-lettered, not padded.
                f = dataclasses.replace(f, t_device_us=f.t_device_us + 1_200_000_000)
            p = frame_payload(f, athlete_id=athlete, recording_key=f"{prefix}-{a}")
            if a == 1 and k in (40, 41):
                p = {**p, "channel": 9}  # malformed
            if a == 2 and k == 333:
                p = {**p, "sample_rate_hz": 123.0}  # not the channel's rate
            out.append((f.t_device_us // 100_000, p))
        per_athlete.append(out)
    merged = [(t, a, i, p) for a, out in enumerate(per_athlete) for i, (t, p) in enumerate(out)]
    merged.sort(key=lambda item: item[:3])
    return [p for *_, p in merged]


def _run(database: Database, prefix: str, batch: int) -> tuple[Any, ...]:
    athletes = [new_athlete(database.factory) for _ in SCENARIOS]
    bus = InMemoryBus()
    stream = f"{prefix}:frames"
    bus.publish_many(stream, _payloads(athletes, prefix))
    config = VitalsConfig(
        stream=stream,
        block_ms=1,
        batch=batch,
        vitals_stream=f"{prefix}:vitals",
        alerts_stream=f"{prefix}:alerts",
    )
    worker = VitalsWorker(bus, database.factory, config, clock=FixedClock(NOW))
    worker.run(once=True)
    for a in range(len(athletes)):
        worker.finish(f"{prefix}-{a}")
    index = {athlete: a for a, athlete in enumerate(athletes)}
    with unit_of_work(database.factory) as session:
        vitals = session.execute(
            select(Vital, Recording.started_at)
            .join(Recording, Recording.id == Vital.recording_id)
            .where(Vital.athlete_id.in_(athletes))
            .order_by(Vital.athlete_id, Vital.at)
        ).all()
        stored = [
            (
                index[v.athlete_id],
                (v.at - started).total_seconds(),
                v.hr_bpm,
                v.hrv_rmssd_ms,
                v.spo2_pct,
                v.spo2_calibrated,
                v.breathing_rate_bpm,
                v.etco2_mmhg,
                v.sqi_ecg,
                v.sqi_ppg,
                v.sqi_co2,
            )
            for v, started in vitals
        ]
        events = [
            (index[e.athlete_id], e.kind, e.severity, e.value, e.message)
            for e in session.execute(
                select(SensorEvent)
                .where(SensorEvent.athlete_id.in_(athletes))
                .order_by(SensorEvent.athlete_id, SensorEvent.at, SensorEvent.id)
            ).scalars()
        ]
    published = []
    for name in (f"{prefix}:vitals", f"{prefix}:alerts", f"{stream}:dead:vitals"):
        bus.ensure_group(name, "check")
        got = bus.read(name, "check", "t", count=100_000, block_ms=0)
        rows = []
        for m in got:
            p = {k: v for k, v in m.payload.items() if k not in ("id", "payload")}
            if "athlete_id" in p:
                p["athlete_id"] = index[p["athlete_id"]]
            if "recording_key" in p:
                p["recording_key"] = p["recording_key"].rsplit("-", 1)[1]
            rows.append(p)
        published.append(rows)
    s = worker.stats
    counts = (s.frames, s.skipped, s.seconds, s.alerts, s.flags, s.bad, dict(s.bad_reasons))
    return stored, events, published, counts


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("batch", [700, 5000])  # a fraction of a second of each, or seconds
def test_shared_ticks_store_and_publish_what_ticking_each_recording_alone_did(
    database: Database, batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = _run(database, f"shared{batch}", batch)
    with monkeypatch.context() as m:
        m.setattr(VitalsWorker, "_feed_all", _one_at_a_time)
        alone = _run(database, f"alone{batch}", batch)

    def unshared(*args: Any) -> Any:
        raise RuntimeError("the shared step failed")

    with monkeypatch.context() as m:
        m.setattr(VitalsMonitor, "prepare_many", staticmethod(unshared))
        fallback = _run(database, f"fallback{batch}", batch)

    stored, events, published, counts = shared
    assert len(stored) >= len(SCENARIOS) * (SECONDS - 3)
    assert sum(v[2] is not None for v in stored) > len(stored) // 2  # heart rates
    assert any(v[3] is not None for v in stored)  # RMSSD
    assert any(v[4] is not None for v in stored)  # SpO2
    assert events  # alerts (lead off, desaturation ...)
    assert published[0]
    assert counts[6] == {
        "unknown channel": 2,
        "sample rate is not the channel's nominal rate": 1,
        "device clock jumped": 1,
    }
    assert repr(shared) == repr(alone)  # repr: NaN-safe, float for float
    assert repr(shared) == repr(fallback)
