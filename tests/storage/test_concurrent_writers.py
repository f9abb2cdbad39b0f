"""Two writers of one athlete on PostgreSQL: logging a workout takes no row lock another
writer waits on unless both beat the same best (the records are read ``FOR KEY SHARE``, the data version is
raised in the connection's own slot), every commit still raises the athlete's version, and a
recompute, which can lower a record, waits for a writer that read the records."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from tests.conftest import NOW, Database, copied_database
from tests.factories import make_athlete, workout

from fitcoach.core.clock import FixedClock
from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage import versions
from fitcoach.storage.access import Subject, scope_for
from fitcoach.storage.db import unit_of_work
from fitcoach.storage.repositories import personal_records

pytestmark = pytest.mark.postgres

SETS = (("barbell-back-squat", 5, 100.0, 2), ("barbell-bench-press", 5, 80.0, 2))


@pytest.fixture
def pg(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    yield from copied_database("postgres", request.getfixturevalue("postgres_template"), tmp_path)


def _ctx(session: Session) -> ServiceContext:
    return ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))


def _waiting_at_most(session: Session, ms: int) -> None:
    session.execute(text(f"SET LOCAL lock_timeout = '{ms}ms'"))


@pytest.fixture
def athlete(pg: Database) -> int:
    """An athlete with records for both lifts (a first workout at today's loads)."""
    with unit_of_work(pg.factory) as session:
        ctx = _ctx(session)
        athlete_id = make_athlete(ctx).id
        training_log.log_workout(ctx, athlete_id, workout(NOW - timedelta(days=2), *SETS))
    return athlete_id


def _version(pg: Database, athlete_id: int) -> int:
    with unit_of_work(pg.factory) as session:
        return versions.version_of(session, athlete_id)


def test_a_second_writer_does_not_wait_for_the_first_to_commit(pg: Database, athlete: int) -> None:
    before = _version(pg, athlete)
    first = pg.factory()
    try:
        ctx = _ctx(first)
        training_log.log_workout(ctx, athlete, workout(NOW - timedelta(hours=3), *SETS))
        # Everything the first writer locks before its COMMIT, its version's row included.
        versions.raise_versions(first, versions.touched(first))
        with unit_of_work(pg.factory) as second:
            _waiting_at_most(second, 500)
            logged = training_log.log_workout(
                _ctx(second), athlete, workout(NOW - timedelta(hours=1), *SETS)
            )
            assert logged.created
        first.rollback()  # the raise above was this test's; the real commit raises once more
        training_log.log_workout(ctx, athlete, workout(NOW - timedelta(hours=3), *SETS))
        first.commit()
    finally:
        first.close()
    assert _version(pg, athlete) == before + 2  # each commit raised the sum by one
    assert _heaviest(pg, athlete) == {"barbell-back-squat": 100.0, "barbell-bench-press": 80.0}


def test_a_new_best_does_not_wait_for_a_writer_that_only_read_the_records(
    pg: Database, athlete: int
) -> None:
    first = pg.factory()
    try:
        training_log.log_workout(_ctx(first), athlete, workout(NOW - timedelta(hours=3), *SETS))
        with unit_of_work(pg.factory) as second:
            _waiting_at_most(second, 500)
            heavier = (("barbell-back-squat", 5, 110.0, 2),)
            training_log.log_workout(
                _ctx(second), athlete, workout(NOW - timedelta(hours=1), *heavier)
            )
        first.commit()
    finally:
        first.close()
    assert _heaviest(pg, athlete) == {"barbell-back-squat": 110.0, "barbell-bench-press": 80.0}


def test_two_writers_beating_the_same_best_wait_in_turn_and_keep_the_better(
    pg: Database, athlete: int
) -> None:
    """Both read the records, both upsert the squat's: the second waits for the first's
    COMMIT (no deadlock upgrading a shared lock), then keeps the better of the two."""
    first = pg.factory()
    errors: list[BaseException] = []

    def second_writer() -> None:
        try:
            with unit_of_work(pg.factory) as second:
                _waiting_at_most(second, 10_000)
                training_log.log_workout(
                    _ctx(second),
                    athlete,
                    workout(NOW - timedelta(hours=1), ("barbell-back-squat", 5, 105.0, 2)),
                )
        except BaseException as exc:  # reported by the test below
            errors.append(exc)

    try:
        training_log.log_workout(
            _ctx(first),
            athlete,
            workout(NOW - timedelta(hours=3), ("barbell-back-squat", 5, 115.0, 2)),
        )
        thread = threading.Thread(target=second_writer)
        thread.start()
        thread.join(timeout=1.0)
        assert thread.is_alive()  # waiting on the first writer's row
        first.commit()
        thread.join(timeout=30)
    finally:
        first.close()
    assert not thread.is_alive()
    assert errors == []
    assert _heaviest(pg, athlete) == {"barbell-back-squat": 115.0, "barbell-bench-press": 80.0}


def _heaviest(pg: Database, athlete_id: int) -> dict[str, float | None]:
    with unit_of_work(pg.factory) as session:
        return {r.exercise: r.heaviest_kg for r in training_log.records(_ctx(session), athlete_id)}


def test_a_recompute_waits_for_a_writer_that_read_the_records(pg: Database, athlete: int) -> None:
    first = pg.factory()
    try:
        training_log.log_workout(_ctx(first), athlete, workout(NOW - timedelta(hours=3), *SETS))
        with unit_of_work(pg.factory) as other:
            _waiting_at_most(other, 300)
            scope = scope_for(other, Subject.system(), athlete)
            exercise_ids = [
                row[0]
                for row in other.execute(
                    text("SELECT exercise_id FROM personal_records WHERE athlete_id = :a"),
                    {"a": athlete},
                )
            ]
            with pytest.raises(OperationalError, match="lock timeout"):
                personal_records.recompute(other, scope, exercise_ids)
            other.rollback()
    finally:
        first.rollback()
        first.close()
