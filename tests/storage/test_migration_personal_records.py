"""Migration 0011: personal records filled from the stored sets; the windowed reads' indexes."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import inspect
from tests.conftest import NOW
from tests.factories import make_athlete
from tests.storage.test_personal_records import folded, random_set, served

from fitcoach.core.clock import FixedClock
from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import load_library
from fitcoach.storage import migrate
from fitcoach.storage.access import Subject
from fitcoach.storage.db import Engine, make_engine, make_session_factory, unit_of_work


def _indexes(engine: Engine, table: str) -> set[str]:
    return {str(i["name"]) for i in inspect(engine).get_indexes(table)}


def test_upgrade_fills_records_from_the_sets_and_downgrade_takes_them_away(
    empty_url: str,
) -> None:
    migrate.upgrade(empty_url)
    engine = make_engine(empty_url)
    factory = make_session_factory(engine)
    rng = random.Random(11)
    try:
        with unit_of_work(factory) as session:
            ctx = ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))
            load_library(ctx)
            athletes = [make_athlete(ctx).id for _ in range(3)]
            for n in range(30):
                sets = [random_set(rng) for _ in range(rng.randint(1, 4))]
                at = NOW - timedelta(days=n, hours=rng.randrange(24))
                training_log.log_workout(
                    ctx, athletes[n % 2], {"started_at": at.isoformat(), "sets": sets}
                )
            expected = {aid: folded(session, aid) for aid in athletes}
        assert expected[athletes[0]]
        assert expected[athletes[1]]
        assert expected[athletes[2]] == {}  # no sets, no records

        migrate.downgrade(empty_url, "0010")
        assert "personal_records" not in inspect(engine).get_table_names()
        assert "ix_sleep_sessions_athlete_started" in _indexes(engine, "sleep_sessions")
        assert "ix_sleep_sessions_athlete_ended" not in _indexes(engine, "sleep_sessions")
        assert "ix_cardio_sessions_athlete_max_hr" not in _indexes(engine, "cardio_sessions")

        migrate.upgrade(empty_url)  # 0011 again: the records come back from the sets
        assert "ix_sleep_sessions_athlete_ended" in _indexes(engine, "sleep_sessions")
        assert "ix_sleep_sessions_athlete_started" not in _indexes(engine, "sleep_sessions")
        assert "ix_cardio_sessions_athlete_max_hr" in _indexes(engine, "cardio_sessions")
        with factory() as session:
            ctx = ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))
            for aid in athletes:
                assert served(ctx, aid) == expected[aid]
        migrate.check(empty_url)
    finally:
        engine.dispose()


def test_migrating_a_referenced_table_keeps_the_rows_that_refer_to_it(empty_url: str) -> None:
    """On SQLite, batch mode re-creates ``athletes`` to drop ``adaptive_dosing`` (0013's
    downgrade); with foreign keys on, dropping the old table would cascade to every workout
    and set. Migrations run with them off, so the training log survives both ways."""
    migrate.upgrade(empty_url)
    engine = make_engine(empty_url)
    factory = make_session_factory(engine)
    rng = random.Random(3)
    try:
        with unit_of_work(factory) as session:
            ctx = ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))
            load_library(ctx)
            aid = make_athlete(ctx).id
            training_log.log_workout(
                ctx, aid, {"started_at": NOW.isoformat(), "sets": [random_set(rng)] * 3}
            )

        def counts() -> tuple[int, int]:
            with engine.connect() as conn:
                return (
                    conn.exec_driver_sql("SELECT count(*) FROM workout_sessions").scalar_one(),
                    conn.exec_driver_sql("SELECT count(*) FROM set_logs").scalar_one(),
                )

        assert counts() == (1, 3)
        migrate.downgrade(empty_url, "0012")
        assert counts() == (1, 3)
        migrate.upgrade(empty_url)
        assert counts() == (1, 3)
    finally:
        engine.dispose()
