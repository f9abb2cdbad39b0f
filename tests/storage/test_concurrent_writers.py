"""Two writers of one athlete on PostgreSQL: logging a workout that beats no record takes no
row lock another writer waits on (the records are read ``FOR SHARE``, the data version is
raised in the connection's own slot), every commit still raises the athlete's version, and a
recompute, which can lower a record, waits for a writer that read the records."""

from __future__ import annotations

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
    with unit_of_work(pg.factory) as session:
        stored = {r.exercise: r.heaviest_kg for r in training_log.records(_ctx(session), athlete)}
    assert stored == {"barbell-back-squat": 100.0, "barbell-bench-press": 80.0}


def test_a_new_best_is_merged_while_another_writer_holds_the_records_read(
    pg: Database, athlete: int
) -> None:
    """A writer that beats a record upserts it; it waits only for writers that read the same
    rows, and then keeps the better of both."""
    first = pg.factory()
    try:
        training_log.log_workout(_ctx(first), athlete, workout(NOW - timedelta(hours=3), *SETS))
        with unit_of_work(pg.factory) as second:
            _waiting_at_most(second, 300)
            heavier = (("barbell-back-squat", 5, 110.0, 2),)
            with pytest.raises(OperationalError, match="lock timeout"):
                training_log.log_workout(
                    _ctx(second), athlete, workout(NOW - timedelta(hours=1), *heavier)
                )
            second.rollback()
        first.commit()
        with unit_of_work(pg.factory) as third:
            training_log.log_workout(
                _ctx(third), athlete, workout(NOW - timedelta(hours=1), *heavier)
            )
    finally:
        first.close()
    with unit_of_work(pg.factory) as session:
        stored = {r.exercise: r.heaviest_kg for r in training_log.records(_ctx(session), athlete)}
    assert stored == {"barbell-back-squat": 110.0, "barbell-bench-press": 80.0}


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
