"""The vitals worker: simulated frames → 1 Hz vitals, alerts, red flags and a session summary
(a cardio session only when the athlete logs the recording as one).

SQLite is paired with the in-process bus, PostgreSQL with Redis Streams (as in
``test_consumer``). The frames are the seeded simulator's, so the vitals are checked against
its ground truth.
"""

from __future__ import annotations

import functools
import itertools
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from tests.conftest import Database
from tests.factories import make_athlete
from typer.testing import CliRunner

from fitcoach.cli.vitals import vitals_worker
from fitcoach.core.settings import DEFAULT_THRESHOLDS
from fitcoach.ingest.bus import InMemoryBus, RedisBus
from fitcoach.ingest.producers import frame_payload, publish_frames
from fitcoach.sensors.frames import Channel
from fitcoach.sensors.simulator import SimulatedStream, Simulator
from fitcoach.services import sensors
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import unit_of_work
from fitcoach.storage.models import (
    CardioSession,
    HealthFlag,
    Recording,
    SensorEvent,
    Vital,
)
from fitcoach.workers.frames import ConsumerConfig, FrameConsumer
from fitcoach.workers.vitals import (
    VitalsConfig,
    VitalsWorker,
    max_hr_for,
    vitals_dead_letter_stream,
)

Bus = InMemoryBus | RedisBus


@functools.cache
def _simulated(scenario: str, seconds: int, seed: int) -> SimulatedStream:
    return Simulator(scenario, seed=seed, device_id=9).frames(seconds)


def new_athlete(factory: Any, **profile: Any) -> int:
    """A committed athlete's id (profile fields may be overridden)."""
    with unit_of_work(factory) as session:
        ctx = ServiceContext(session=session, subject=Subject.system())
        return make_athlete(ctx, **profile).id


@pytest.fixture
def bus(database: Database, request: pytest.FixtureRequest) -> Bus:
    """SQLite is paired with the in-process bus, PostgreSQL with Redis."""
    if database.kind == "sqlite":
        return InMemoryBus()
    redis_bus: RedisBus = request.getfixturevalue("redis_bus")
    return redis_bus


def _config(prefix: str, **kw: Any) -> VitalsConfig:
    base: dict[str, Any] = {
        "stream": f"{prefix}:frames",
        "consumer": "v1",
        "block_ms": 50,
        "vitals_stream": f"{prefix}:vitals",
        "alerts_stream": f"{prefix}:alerts",
    }
    base.update(kw)
    return VitalsConfig(**base)


def _store_frames(bus: Bus, database: Database, prefix: str) -> None:
    """The frame consumer's part: the raw chunks the session summary reads."""
    FrameConsumer(
        bus,
        database.factory,
        ConsumerConfig(stream=f"{prefix}:frames", group="storage", block_ms=50),
    ).run(once=True)


def _published(bus: Bus, stream: str, group: str = "check") -> list[dict[str, Any]]:
    bus.ensure_group(stream, group)
    out: list[dict[str, Any]] = []
    while batch := bus.read(stream, group, "t", count=1000, block_ms=50):
        out.extend(m.payload for m in batch)
    return out


def _rows(
    database: Database, athlete: int
) -> tuple[list[Vital], list[SensorEvent], list[HealthFlag]]:
    with unit_of_work(database.factory) as session:
        vitals = list(
            session.execute(select(Vital).where(Vital.athlete_id == athlete).order_by(Vital.at))
            .scalars()
            .all()
        )
        events = list(
            session.execute(
                select(SensorEvent)
                .where(SensorEvent.athlete_id == athlete)
                .order_by(SensorEvent.id)
            )
            .scalars()
            .all()
        )
        flags = list(
            session.execute(select(HealthFlag).where(HealthFlag.athlete_id == athlete))
            .scalars()
            .all()
        )
        session.expunge_all()
    return vitals, events, flags


def test_desaturation_gives_vitals_an_alert_a_red_flag_and_one_cardio_session(
    database: Database, bus: Bus, prefix: str
) -> None:
    athlete = new_athlete(database.factory)
    sim = _simulated("desaturation", 90, 3)
    config = _config(prefix)
    publish_frames(bus, sim.frames, athlete_id=athlete, recording_key="desat", stream=config.stream)
    _store_frames(bus, database, prefix)

    worker = VitalsWorker(bus, database.factory, config)
    stats = worker.run(once=True)

    assert (stats.messages, stats.frames, stats.bad, stats.skipped) == (len(sim), len(sim), 0, 0)
    vitals, events, flags = _rows(database, athlete)
    # 1 Hz, every second of the 90 s recording, no gaps.
    assert len(vitals) == 90 == stats.seconds
    steps = {(b.at - a.at) for a, b in itertools.pairwise(vitals)}
    assert steps == {timedelta(seconds=1)}
    start = vitals[0].at - timedelta(seconds=1)
    truth = sim.truth
    spo2_err, hr_err = [], []
    for v in vitals:
        s = round((v.at - start).total_seconds())
        # The estimate covers the last 8 s (SpO2) / 10 s (HR): compare with the truth there.
        if v.spo2_pct is not None and s >= 8:
            spo2_err.append(v.spo2_pct - float(truth.spo2_pct[s - 8 : s].mean()))
        if v.hr_bpm is not None and s >= 15:
            hr_err.append(v.hr_bpm - float(truth.hr_bpm[s - 10 : s].mean()))
    assert len(spo2_err) >= 70
    assert len(hr_err) >= 60
    assert max(abs(e) for e in spo2_err) < 3.0, spo2_err
    assert max(abs(e) for e in hr_err) < 5.0, hr_err
    lowest = min(v.spo2_pct for v in vitals if v.spo2_pct is not None)
    assert 83.0 <= lowest <= 88.0
    assert all(v.etco2_mmhg is None or 30 <= v.etco2_mmhg <= 45 for v in vitals)

    # One low-SpO2 alert, raised during the plateau and cleared after the recovery.
    assert [(e.kind, e.severity) for e in events] == [("spo2_low", "critical")]
    alert = events[0]
    raised_s = (alert.at - start).total_seconds()
    assert 20 <= raised_s <= 45
    assert alert.cleared_at is not None
    assert 70 <= (alert.cleared_at - start).total_seconds() <= 90
    assert alert.value is not None
    assert alert.value < 90
    # The coach's stop sign.
    assert [(f.kind, f.source, f.cleared_at) for f in flags] == [
        ("low_resting_spo2", "sensor", None)
    ]
    assert flags[0].value is not None
    assert flags[0].value < 90
    assert "professional" in flags[0].note
    assert "not a medical device" in flags[0].note

    # Published for the live views: every stored second, then the alert raised and cleared.
    live = _published(bus, config.vitals_stream)
    assert len(live) == 90
    assert {"athlete_id", "recording_key", "at", "hr_bpm", "spo2_pct"} <= set(live[0])
    assert live[0]["recording_key"] == "desat"
    assert live[0]["athlete_id"] == athlete
    assert datetime.fromisoformat(live[-1]["at"]) == vitals[-1].at
    published_alerts = _published(bus, config.alerts_stream)
    assert [(a["kind"], a["state"]) for a in published_alerts] == [
        ("spo2_low", "raised"),
        ("spo2_low", "cleared"),
    ]

    # The same frames again, to this worker and to a fresh one: nothing new anywhere.
    publish_frames(bus, sim.frames, athlete_id=athlete, recording_key="desat", stream=config.stream)
    again = worker.run(once=True)
    assert again.skipped == len(sim)
    assert again.seconds == 90
    publish_frames(bus, sim.frames, athlete_id=athlete, recording_key="desat", stream=config.stream)
    fresh = VitalsWorker(bus, database.factory, _config(prefix, consumer="v2")).run(once=True)
    assert fresh.frames == len(sim)
    assert fresh.seconds == 0
    assert fresh.alerts == 0
    assert fresh.flags == 0
    assert [len(x) for x in _rows(database, athlete)] == [90, 1, 1]
    assert _published(bus, config.vitals_stream) == []
    assert _published(bus, config.alerts_stream) == []
    assert bus.pending(config.stream, config.group) == {}

    # The end of the recording: a summary, and nothing in the training log (twice).
    result = worker.finish("desat")
    assert result is not None
    assert worker.finish("desat") is not None
    with unit_of_work(database.factory) as session:
        assert session.execute(select(CardioSession)).scalars().all() == []
        recording_id = session.execute(
            select(Recording.id).where(Recording.key == "desat")
        ).scalar_one()
    # The athlete says it was a session: exactly one cardio session, however often asked.
    for created in (True, False):
        with unit_of_work(database.factory) as session:
            ctx = ServiceContext(session=session, subject=Subject.system())
            logged = sensors.log_recording_as_session(
                ctx, athlete, recording_id, activity_type="Cycling"
            )
            assert (logged.recording_id, logged.created) == (recording_id, created)
    with unit_of_work(database.factory) as session:
        sessions = session.execute(select(CardioSession)).scalars().all()
        assert len(sessions) == 1
        assert sessions[0].id == logged.cardio_session_id
        assert sessions[0].activity_type == "cycling"
        cardio = sessions[0]
        assert (cardio.athlete_id, cardio.source, cardio.source_id) == (athlete, "sensor", "desat")
        assert 85 <= cardio.duration_s <= 91
        assert cardio.avg_hr is not None
        assert abs(cardio.avg_hr - 66.25) < 4
        assert cardio.avg_hr == round(cardio.avg_hr)  # whole beats/min, as every way in stores
        assert cardio.duration_s == round(cardio.duration_s)
        assert cardio.max_hr is not None
        assert cardio.max_hr >= cardio.avg_hr
        assert cardio.notes.startswith("TRIMP (Edwards) ")
        # Resting (HR 66 of a maximum of 184): below zone 1, so the load is 0.
        assert float(cardio.notes.split()[-1]) == 0
        recording = session.execute(select(Recording).where(Recording.key == "desat")).scalar_one()
        assert recording.status == "ended"
        summary = recording.counters["summary"]
        assert summary["trimp_edwards"] == 0
        assert abs(summary["mean_hr_bpm"] - 66.25) < 4
        assert len(summary["zone_minutes"]) == 5
        assert {"hrv", "hr_recovery_bpm", "hr_recovery_reason"} <= set(summary)
        # The frame consumer's counters survive next to the summary.
        assert recording.counters["chunks"] == len(sim)
    assert worker.finish("no-such-recording") is None


def test_rest_raises_no_alert_and_no_flag(database: Database, bus: Bus, prefix: str) -> None:
    athlete = new_athlete(database.factory, birth_date="1990-01-01")
    sim = _simulated("rest", 60, 11)
    config = _config(prefix)
    publish_frames(bus, sim.frames, athlete_id=athlete, recording_key="rest", stream=config.stream)

    stats = VitalsWorker(bus, database.factory, config).run(once=True)

    assert stats.seconds == 60
    assert stats.alerts == 0
    assert stats.flags == 0
    vitals, events, flags = _rows(database, athlete)
    assert events == []
    assert flags == []
    spo2 = [v.spo2_pct for v in vitals if v.spo2_pct is not None]
    assert len(spo2) >= 45
    assert max(abs(s - 97.0) for s in spo2) < 2.0
    assert _published(bus, config.alerts_stream) == []


def test_bad_messages_are_dead_lettered_and_the_loop_goes_on(
    database: Database, prefix: str
) -> None:
    bus = InMemoryBus()
    athlete = new_athlete(database.factory)
    config = _config(prefix)
    frames = _simulated("rest", 60, 11).frames[:70]  # two seconds
    ok = frame_payload(frames[0], athlete_id=athlete, recording_key="mixed")
    bad = [{}, {"v": 99}, {**ok, "athlete_id": 999_999}, {**ok, "sample_rate_hz": 333.0}]
    bus.publish_many(config.stream, bad[:2])
    publish_frames(bus, frames, athlete_id=athlete, recording_key="mixed", stream=config.stream)
    bus.publish_many(config.stream, bad[2:])

    stats = VitalsWorker(bus, database.factory, config).run(once=True)

    assert stats.bad == 4
    assert stats.frames == 70
    assert stats.bad_reasons["unknown athlete"] == 1
    assert bus.pending(config.stream, config.group) == {}
    letters = _published(bus, vitals_dead_letter_stream(config.stream))
    assert len(letters) == 4
    with unit_of_work(database.factory) as session:
        count = session.execute(select(func.count()).select_from(Vital)).scalar_one()
    assert count >= 1  # what was complete is stored; the rest waits for more frames


def test_an_idle_recording_is_finished_after_idle_end_s(database: Database, prefix: str) -> None:
    bus = InMemoryBus()
    athlete = new_athlete(database.factory, birth_date=None)
    sim = _simulated("intervals", 90, 5)
    config = _config(prefix, idle_end_s=120.0)
    publish_frames(bus, sim.frames, athlete_id=athlete, recording_key="idle", stream=config.stream)
    _store_frames(bus, database, prefix)
    now = [1000.0]
    worker = VitalsWorker(bus, database.factory, config, monotonic=lambda: now[0])

    worker.run(once=True)
    assert worker.stats.finished == 0
    assert (athlete, "idle") in worker.live
    now[0] += 121.0
    worker.run(once=True)

    assert worker.stats.finished == 1
    assert worker.live == {}
    summary = worker.finished[0].summary
    assert summary["max_hr_bpm"] == DEFAULT_THRESHOLDS.default_max_hr_bpm == 190.0
    assert summary["trimp_edwards"] > 0  # 30 s at 90 % of the heart-rate reserve
    with unit_of_work(database.factory) as session:
        assert session.execute(select(CardioSession)).first() is None  # a recording only
        recording_id = session.execute(select(Recording.id)).scalar_one()
        ctx = ServiceContext(session=session, subject=Subject.system())
        sensors.log_recording_as_session(
            ctx, athlete, recording_id, activity_type="hiit", session_rpe=8, notes="hill reps"
        )
    with unit_of_work(database.factory) as session:
        cardio = session.execute(select(CardioSession)).scalar_one()
        assert (cardio.source, cardio.source_id, cardio.session_rpe) == ("sensor", "idle", 8)
        assert cardio.notes == f"TRIMP (Edwards) {summary['trimp_edwards']:.0f}; hill reps"
        assert cardio.max_hr is not None
        assert cardio.max_hr > 140


def test_an_athlete_deleted_while_recording_does_not_stop_the_worker(
    database: Database, prefix: str
) -> None:
    """The athlete is deleted mid-recording: at its idle end the worker forgets the recording
    (before, its state stayed in memory for good), stores and recreates nothing for it, and
    goes on with the other athletes."""
    from fitcoach.services import athletes

    bus = InMemoryBus()
    gone, kept = new_athlete(database.factory), new_athlete(database.factory)
    sim = _simulated("rest", 20, 1)
    config = _config(prefix, idle_end_s=120.0)
    publish_frames(bus, sim.frames, athlete_id=gone, recording_key="gone", stream=config.stream)
    now = [1000.0]
    worker = VitalsWorker(bus, database.factory, config, monotonic=lambda: now[0])
    worker.run(once=True)
    assert (gone, "gone") in worker.live
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=Subject.system())
        athletes.delete_athlete(ctx, gone, bus=bus)
    publish_frames(bus, sim.frames, athlete_id=kept, recording_key="kept", stream=config.stream)
    now[0] += 121.0

    stats = worker.run(once=True)  # finishes "gone" (idle), then takes "kept"

    assert (gone, "gone") not in worker.live
    assert (kept, "kept") in worker.live
    assert stats.bad == 0
    with unit_of_work(database.factory) as session:
        keys = set(session.execute(select(Recording.key)).scalars())
        assert keys == {"kept"}
        assert session.execute(select(Vital).where(Vital.athlete_id == gone)).first() is None


def test_max_hr_is_tanaka_from_the_birth_date_or_190() -> None:
    assert max_hr_for(date(1990, 6, 1), date(2026, 5, 31)) == pytest.approx(208 - 0.7 * 35)
    assert max_hr_for(date(1990, 6, 1), date(2026, 6, 1)) == pytest.approx(208 - 0.7 * 36)
    assert max_hr_for(None, date(2026, 6, 1)) == 190.0


def test_the_command_has_help_with_an_example() -> None:
    import typer

    app = typer.Typer()
    app.command("vitals")(vitals_worker)
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert "--finish" in result.output


def test_ground_truth_helper_is_sane() -> None:
    truth = _simulated("desaturation", 90, 3).truth
    assert np.isclose(truth.spo2_pct[40], 85.0)
    assert np.isclose(truth.spo2_pct[5], 97.0)


class _AckFails:
    """A bus whose acks are lost: as if the worker died between commit and ack."""

    def __init__(self, bus: Bus) -> None:
        self.inner = bus

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def ack(self, stream: str, group: str, ids: Any) -> None:
        raise ConnectionError("killed before the ack")


def test_a_crash_between_commit_and_ack_is_reclaimed_and_stores_nothing_twice(
    database: Database, bus: Bus, prefix: str
) -> None:
    athlete = new_athlete(database.factory)
    sim = _simulated("desaturation", 90, 3)
    config = _config(prefix, batch=5_000)
    publish_frames(bus, sim.frames, athlete_id=athlete, recording_key="crash", stream=config.stream)

    with pytest.raises(ConnectionError):
        VitalsWorker(_AckFails(bus), database.factory, config).run(once=True)  # type: ignore[arg-type]
    assert set(bus.pending(config.stream, config.group).values()) == {"v1"}

    heir = VitalsWorker(bus, database.factory, _config(prefix, consumer="v2", reclaim_idle_ms=0))
    stats = heir.run(once=True)

    assert stats.reclaimed == len(sim)
    assert (stats.seconds, stats.alerts, stats.flags) == (0, 0, 0)
    assert bus.pending(config.stream, config.group) == {}
    assert [len(x) for x in _rows(database, athlete)] == [90, 1, 1]


class _CommitFailsOnce:
    """A session factory whose first session cannot commit (the database went away)."""

    def __init__(self, factory: Any) -> None:
        self.factory = factory
        self.calls = 0

    def __call__(self) -> Any:
        self.calls += 1
        session = self.factory()
        if self.calls == 1:

            def fail() -> None:
                raise OperationalError("commit", {}, ConnectionError("database restarting"))

            session.commit = fail
        return session


def test_a_failed_commit_is_retried_and_the_computed_seconds_are_not_lost(
    database: Database, prefix: str
) -> None:
    bus = InMemoryBus()
    athlete = new_athlete(database.factory)
    sim = _simulated("rest", 60, 11)
    config = _config(prefix, batch=5_000, retry_pause_s=0.01)
    publish_frames(bus, sim.frames, athlete_id=athlete, recording_key="flaky", stream=config.stream)

    flaky = _CommitFailsOnce(database.factory)
    stats = VitalsWorker(bus, flaky, config).run(once=True)  # type: ignore[arg-type]

    assert stats.db_errors == 1
    assert stats.seconds == 60
    assert len(_published(bus, config.vitals_stream)) == 60
    assert bus.pending(config.stream, config.group) == {}


def test_missing_frames_leave_nulls_and_a_dead_channel_does_not_stall_the_rest(
    database: Database, prefix: str
) -> None:
    bus = InMemoryBus()
    athlete = new_athlete(database.factory)
    sim = _simulated("desaturation", 90, 3)
    ppg = {int(Channel.PPG_RED), int(Channel.PPG_IR)}
    kept = [
        f
        for f in sim.frames
        if not (f.channel in ppg and 30e6 <= f.t_device_us < 45e6)  # the finger slipped
        and not (f.channel == Channel.CO2 and f.t_device_us >= 50e6)  # the capnograph died
    ]
    config = _config(prefix)
    publish_frames(bus, kept, athlete_id=athlete, recording_key="gaps", stream=config.stream)
    worker = VitalsWorker(bus, database.factory, config)

    stats = worker.run(once=True)
    assert stats.seconds == 90 - int(config.stall_s)  # the last seconds wait for the CO2
    worker.finish("gaps")

    vitals, _, _ = _rows(database, athlete)
    assert len(vitals) == 90
    by_s = {round((v.at - vitals[0].at).total_seconds()) + 1: v for v in vitals}
    # Every SpO2 window touching the gap is NULL: never the last value carried on.
    assert all(by_s[s].spo2_pct is None for s in range(31, 53))
    assert by_s[60].spo2_pct is not None
    assert all(by_s[s].hr_bpm is not None for s in range(20, 91))
    assert by_s[45].etco2_mmhg is not None
    assert all(by_s[s].etco2_mmhg is None for s in range(51, 91))


def test_a_recording_key_of_one_athlete_never_writes_into_another_athletes_recording(
    database: Database, bus: Bus, prefix: str
) -> None:
    """Frames carry (athlete_id, recording_key); keys are unique per athlete. Frames of athlete
    B under athlete A's key are B's own recording, whether the worker holds A's recording in
    memory or starts fresh: nothing of B's lands in A's recording, A's state is untouched,
    and a recording is finished only through its athlete's scope."""
    from fitcoach.core.errors import Conflict
    from fitcoach.services import consent

    a, b = new_athlete(database.factory), new_athlete(database.factory)
    frames = _simulated("rest", 30, 2).frames
    config = _config(prefix)
    publish_frames(bus, frames, athlete_id=a, recording_key="shared", stream=config.stream)
    _store_frames(bus, database, prefix)  # A's chunks, for the summary at the end
    worker = VitalsWorker(bus, database.factory, config)
    worker.run(once=True)
    a_vitals = len(_rows(database, a)[0])
    assert a_vitals >= 20
    before = worker.live[(a, "shared")].next_second

    # B under A's key, to the worker holding A's recording: B's own recording.
    publish_frames(bus, frames, athlete_id=b, recording_key="shared", stream=config.stream)
    held = worker.run(once=True)
    assert held.bad == 0
    assert worker.live[(a, "shared")].next_second == before  # B's frames fed nothing of A's
    assert worker.live[(b, "shared")].athlete_id == b
    b_vitals = len(_rows(database, b)[0])
    assert b_vitals >= 20
    # Again to a fresh worker: still B's recording, the seconds stored once.
    publish_frames(bus, frames, athlete_id=b, recording_key="shared", stream=config.stream)
    fresh = VitalsWorker(bus, database.factory, _config(prefix, consumer="v2")).run(once=True)
    assert fresh.bad == 0
    assert len(_rows(database, b)[0]) == b_vitals
    with unit_of_work(database.factory) as session:
        recordings = session.execute(
            select(Recording.key, Recording.athlete_id).order_by(Recording.athlete_id)
        ).all()
        assert [tuple(r) for r in recordings] == [("shared", a), ("shared", b)]
        by_recording = dict(
            session.execute(
                select(Recording.athlete_id, func.count(Vital.at))
                .join(Vital, Vital.recording_id == Recording.id)
                .group_by(Recording.athlete_id)
            ).all()
        )
        owners = dict(session.execute(select(Vital.recording_id, Vital.athlete_id)).all())
    assert by_recording == {a: a_vitals, b: b_vitals}
    assert len(set(owners.values())) == 2  # every vital in its own athlete's recording
    assert len(_rows(database, a)[0]) == a_vitals

    # B without sensor consent: withheld, and A's online state is untouched.
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=_own_subject(database, b))
        consent.withdraw(ctx, b, "sensor_data")
    publish_frames(bus, frames[:40], athlete_id=b, recording_key="shared", stream=config.stream)
    assert worker.run(once=True).withheld == 40
    assert worker.live[(a, "shared")].athlete_id == a

    # Finishing goes through the scope: the key alone names two athletes' recordings, so whose
    # must be said; B's finishes B's only, A's stays live until A's is finished.
    with pytest.raises(Conflict, match="2 athletes have a recording named 'shared'"):
        worker.finish("shared")
    assert worker.finish("shared", athlete_id=b) is not None
    assert (a, "shared") in worker.live
    with unit_of_work(database.factory) as session:
        status = dict(session.execute(select(Recording.athlete_id, Recording.status)).all())
    assert status == {a: "active", b: "ended"}
    done = worker.finish("shared", athlete_id=a)
    assert done is not None
    assert done.recording_key == "shared"
    assert (a, "shared") not in worker.live
    with unit_of_work(database.factory) as session:
        ended = session.execute(select(Recording.athlete_id, Recording.status)).all()
        assert {tuple(row) for row in ended} == {(a, "ended"), (b, "ended")}
        assert session.execute(select(CardioSession)).first() is None  # a recording only


def test_a_subject_that_cannot_see_the_athlete_cannot_finish_their_recording(
    database: Database, prefix: str
) -> None:
    """The worker's subject is checked by the scope: a worker acting for another athlete's
    account finds neither the frames' athlete nor the recording behind a key."""
    bus = InMemoryBus()
    a, b = new_athlete(database.factory), new_athlete(database.factory)
    config = _config(prefix)
    publish_frames(
        bus,
        _simulated("rest", 30, 2).frames,
        athlete_id=a,
        recording_key="a-rec",
        stream=config.stream,
    )
    VitalsWorker(bus, database.factory, config).run(once=True)
    as_b = VitalsWorker(
        bus, database.factory, _config(prefix, consumer="v2"), subject=_own_subject(database, b)
    )
    assert as_b.finish("a-rec") is None
    assert as_b.finish("a-rec", athlete_id=a) is None
    with unit_of_work(database.factory) as session:
        assert session.execute(select(Recording.status)).scalar_one() == "active"
        assert session.execute(select(CardioSession)).first() is None


def _own_subject(database: Database, athlete_id: int) -> Subject:
    """The athlete's own subject (as if signed in)."""
    from fitcoach.core.domain import Role
    from fitcoach.storage.models import Athlete

    with unit_of_work(database.factory) as session:
        account = session.execute(
            select(Athlete.account_id).where(Athlete.id == athlete_id)
        ).scalar_one()
    return Subject(account_id=account, role=Role.athlete)
