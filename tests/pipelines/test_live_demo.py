"""The live demo: simulated frames on the bus become stored vitals; it stops cleanly."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import func, select
from tests.factories import make_athlete

from fitcoach.core.clock import SystemClock
from fitcoach.ingest.bus import InMemoryBus
from fitcoach.pipelines.live import LiveDemo, wait_for
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work
from fitcoach.storage.models import Recording, Vital


def test_the_demo_stores_vitals_and_stops_cleanly(tmp_path: Any) -> None:
    from fitcoach.storage import migrate

    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with unit_of_work(factory) as session:
        athlete = make_athlete(ServiceContext(session, Subject.system(), SystemClock()))
    bus = InMemoryBus(maxlen=5000)
    demo = LiveDemo(bus, factory, athlete.id, scenarios=("rest", "warmup"), segment_s=3, speed=4)

    def vitals() -> int:
        with factory() as session:
            return int(session.execute(select(func.count()).select_from(Vital)).scalar_one())

    def recordings() -> int:
        with factory() as session:
            return int(session.execute(select(func.count()).select_from(Recording)).scalar_one())

    demo.start()
    try:
        assert wait_for(lambda: vitals() > 0, 15.0), demo.jobs()
        # It goes round the scenarios: wait for the second's recording to be stored, not only
        # started (under load the stop could come before its first frame was published).
        assert wait_for(lambda: recordings() >= 2, 20.0), demo.jobs()
    finally:
        started = time.monotonic()
        demo.stop()
    assert time.monotonic() - started < 15
    assert not demo.running
    assert all(j["state"] == "stopped" for j in demo.jobs())
    assert demo.stats.errors == 0
    with factory() as session:
        keys = set(session.execute(select(Recording.key)).scalars())
        ended = session.execute(select(Recording).where(Recording.ended_at.is_(None))).all()
    assert len(keys) >= 2
    assert not ended
    engine.dispose()


def test_unknown_scenarios_fail_at_once() -> None:
    with pytest.raises(ValueError, match="unknown scenario"):
        LiveDemo(InMemoryBus(), None, 1, scenarios=("nope",), workers=False)


def test_draining_takes_back_a_batch_left_pending_by_a_failed_store(tmp_path: Any) -> None:
    """A batch whose store failed just as the workers stopped stays pending on the bus; with
    an in-process bus, draining takes it back instead of losing it with the process."""
    from fitcoach.ingest.producers import publish_frames
    from fitcoach.pipelines.live import InProcessWorkers
    from fitcoach.sensors.simulator import Simulator
    from fitcoach.storage import migrate

    url = f"sqlite:///{tmp_path / 'drain.sqlite3'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with unit_of_work(factory) as session:
        athlete = make_athlete(ServiceContext(session, Subject.system(), SystemClock()))
    bus = InMemoryBus()
    frames = Simulator("rest", 1).frames(12.0).frames
    publish_frames(bus, frames, athlete_id=athlete.id, recording_key="rec-drain")
    workers = InProcessWorkers(bus, factory)
    # Each worker read the batch and failed to store it: delivered, never acked.
    for worker in (workers.frames, workers.vitals):
        cfg = worker.config
        bus.ensure_group(cfg.stream, cfg.group)
        assert len(bus.read(cfg.stream, cfg.group, cfg.consumer, count=10_000, block_ms=0)) == len(
            frames
        )
    # ... and frames that came after the workers stopped were never read at all.
    later = Simulator("rest", 2).frames(12.0).frames
    publish_frames(bus, later, athlete_id=athlete.id, recording_key="rec-later")
    workers.drain(["rec-drain", "rec-later"])
    assert workers.frames.stats.samples == sum(len(f.samples) for f in frames + later)
    assert workers.vitals.stats.seconds >= 20
    assert workers.vitals.stats.finished == 2
    for worker in (workers.frames, workers.vitals):
        assert bus.pending(worker.config.stream, worker.config.group) == {}
    with factory() as session:
        assert session.execute(select(func.count()).select_from(Vital)).scalar_one() >= 20
    engine.dispose()


def test_the_apps_shutdown_drains_the_demo_first_and_logs_each_worker_once(tmp_path: Any) -> None:
    """``serve --simulate`` on a fresh database: the two workers meet the board for the first
    time without a failed batch, and the app's shutdown stops the board and drains its workers
    while the database is open. The log says each worker started once and stopped once, in
    that order, and nothing of theirs comes after the demo's own stop."""
    from fastapi.testclient import TestClient
    from structlog.testing import capture_logs

    from fitcoach.core.settings import Settings
    from fitcoach.interfaces.api.app import create_app
    from fitcoach.storage import migrate

    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    migrate.upgrade(url)
    app = create_app(Settings(database_url=url, _env_file=None))  # type: ignore[call-arg]
    factory = app.state.session_factory
    with unit_of_work(factory) as session:
        athlete = make_athlete(ServiceContext(session, Subject.system(), SystemClock()))
    demo = LiveDemo(app.state.bus, factory, athlete.id, scenarios=("rest",), segment_s=3, speed=4)

    def vitals() -> int:
        with factory() as session:
            return int(session.execute(select(func.count()).select_from(Vital)).scalar_one())

    with capture_logs() as logs:
        with TestClient(app):
            app.state.live_demo = demo
            demo.start()
            assert wait_for(lambda: vitals() > 0, 15.0), demo.jobs()
        # The app has shut down: the demo stopped inside it, and a second stop does nothing.
        assert not demo.running
        assert all(j["state"] == "stopped" for j in demo.jobs())
        demo.stop()
    events = [
        e["event"] for e in logs if e["event"].split(".")[0] in {"consumer", "vitals", "live_demo"}
    ]
    assert "consumer.db_error" not in events, events
    assert "vitals.db_error" not in events, events
    for worker in ("consumer", "vitals", "live_demo"):
        assert events.count(f"{worker}.started") == 1, events
        assert events.count(f"{worker}.stopped") == 1, events
        assert events.index(f"{worker}.started") < events.index(f"{worker}.stopped")
    assert events[-1] == "live_demo.stopped", events
    assert demo.workers is not None
    assert demo.workers.frames.stats.db_errors == 0
    assert demo.workers.vitals.stats.db_errors == 0
    with factory() as session:
        open_ones = session.execute(select(Recording).where(Recording.ended_at.is_(None))).all()
    assert not open_ones  # drained and closed before the database was
