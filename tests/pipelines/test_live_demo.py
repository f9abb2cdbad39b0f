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

    demo.start()
    try:
        assert wait_for(lambda: vitals() > 0, 15.0), demo.jobs()
        assert wait_for(lambda: demo.stats.segments >= 2, 10.0)  # it goes round the scenarios
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
