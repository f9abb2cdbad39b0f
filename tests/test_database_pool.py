"""The PostgreSQL test databases reused from the conftest's pool: after any test, the next test
gets what a fresh copy of the template would be (rows, sequence positions, under a new name),
and a database whose schema a test changed is dropped rather than reset."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import text
from tests.conftest import NOW, _pg_url_for, _PostgresPool, drop_postgres, postgres_copy
from tests.factories import make_athlete, workout
from tests.fixtures.tables import row_counts

from fitcoach.core.clock import FixedClock
from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work

pytestmark = pytest.mark.postgres


def _connect(name: str) -> psycopg.Connection[Any]:
    return psycopg.connect(_pg_url_for(name).replace("+psycopg", ""), autocommit=True)


def _state(name: str) -> tuple[dict[str, int], list[tuple[Any, ...]], dict[str, tuple[int, bool]]]:
    """Row counts per table, the exercise library's rows, and every sequence's position."""
    engine = make_engine(_pg_url_for(name))
    try:
        with make_session_factory(engine)() as session:
            counts = row_counts(session)
            library = [
                tuple(r) for r in session.execute(text("SELECT * FROM exercises ORDER BY id"))
            ]
            sequences = {
                str(seq): tuple(
                    session.execute(text(f"SELECT last_value, is_called FROM {seq}")).one()
                )
                for (seq,) in session.execute(
                    text("SELECT c.oid::regclass::text FROM pg_class c WHERE c.relkind = 'S'")
                )
            }
    finally:
        engine.dispose()
    return counts, library, sequences  # type: ignore[return-value]


def _write(name: str) -> None:
    """Rows in several tables, sequences moved on, one library row changed."""
    engine = make_engine(_pg_url_for(name))
    try:
        with unit_of_work(make_session_factory(engine)) as session:
            ctx = ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))
            athlete = make_athlete(ctx)
            training_log.log_workout(
                ctx, athlete.id, workout(NOW, ("barbell-bench-press", 5, 60.0, 2))
            )
            session.execute(text("UPDATE exercises SET name = 'changed' WHERE id = 1"))
    finally:
        engine.dispose()


@pytest.fixture
def pool(postgres_template: str) -> Iterator[tuple[_PostgresPool, str]]:
    # A template of this test's own: the pool's snapshot is taken from its first copy.
    postgres_copy(postgres_template, "fitcoach_pooltest_tmpl")
    own = _PostgresPool()
    if not own.usable():
        pytest.fail("the pool needs a PostgreSQL superuser, as the test server's postgres is")
    try:
        yield own, "fitcoach_pooltest_tmpl"
    finally:
        own.close()
        drop_postgres("fitcoach_pooltest_tmpl")


def test_a_reused_database_is_the_template_again_under_a_new_name(
    pool: tuple[_PostgresPool, str],
) -> None:
    own, template = pool
    first = own.acquire(template)
    fresh = _state(first)
    _write(first)
    assert _state(first) != fresh
    stale = _connect(first)  # a connection the test left open
    own.release(template, first)

    second = own.acquire(template)
    assert second != first  # reused, renamed: the old name reaches nothing
    assert _state(second) == fresh
    with pytest.raises(psycopg.OperationalError):
        stale.execute("SELECT 1")
    with pytest.raises(psycopg.OperationalError):
        _connect(first)

    # The next id handed out is the one a fresh copy hands out.
    _write(second)
    after_reuse = _state(second)[2]
    own.release(template, second)
    third = own.acquire(template)
    postgres_copy(template, "fitcoach_pooltest_fresh")
    try:
        _write("fitcoach_pooltest_fresh")
        _write(third)
        assert _state(third)[2] == _state("fitcoach_pooltest_fresh")[2] == after_reuse
    finally:
        drop_postgres("fitcoach_pooltest_fresh")
        own.release(template, third)


def _test_databases() -> set[str]:
    with _connect("test") as conn:
        return {
            str(r[0])
            for r in conn.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s",
                (f"fitcoach_t_{os.getpid()}_%",),
            )
        }


def test_a_database_whose_schema_changed_is_dropped_not_reused(
    pool: tuple[_PostgresPool, str],
) -> None:
    own, template = pool
    before = _test_databases()
    first = own.acquire(template)
    with _connect(first) as conn:
        conn.execute("ALTER TABLE exercises ADD COLUMN scratch integer")
    own.release(template, first)
    assert _test_databases() == before  # dropped, not kept beside the pool

    second = own.acquire(template)
    assert second not in before
    with _connect(second) as conn:
        columns = {
            r[0]
            for r in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'exercises'"
            )
        }
    assert "name" in columns
    assert "scratch" not in columns
    own.release(template, second)


def test_a_temporary_table_left_behind_does_not_cost_the_database(
    pool: tuple[_PostgresPool, str],
) -> None:
    """A session's temporary table (the bulk inserts stage rows in one) leaves its pg_temp
    schema in the catalog after the session: that is not a schema change, so the database is
    reset and kept, not dropped and copied again; a real table is still a change."""
    own, template = pool
    before = _test_databases()
    first = own.acquire(template)
    with _connect(first) as conn:
        conn.execute("CREATE TEMP TABLE staging (n integer)")
        conn.execute("INSERT INTO staging VALUES (1)")
    own.release(template, first)
    kept = _test_databases() - before
    assert len(kept) == 1  # reset and kept for the next test

    second = own.acquire(template)
    assert {second} == kept
    with _connect(second) as conn:
        conn.execute("CREATE TABLE scratch (n integer)")
    own.release(template, second)
    assert _test_databases() == before  # a real table: dropped


def _xmins(name: str, table: str) -> list[int]:
    with _connect(name) as conn:
        return [int(r[0]) for r in conn.execute(f"SELECT xmin::text FROM {table} ORDER BY id")]


def test_only_the_tables_a_test_wrote_are_rewritten(pool: tuple[_PostgresPool, str]) -> None:
    """The reset leaves a table the test did not write as it was (the same row versions), and
    rewrites one it wrote even where the write kept its rows' count and content."""
    own, template = pool
    first = own.acquire(template)
    fresh = _state(first)
    library = _xmins(first, "exercises")
    engine = make_engine(_pg_url_for(first))
    try:
        with unit_of_work(make_session_factory(engine)) as session:
            make_athlete(
                ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))
            )
    finally:
        engine.dispose()
    own.release(template, first)

    second = own.acquire(template)
    assert _state(second) == fresh
    assert _xmins(second, "exercises") == library  # not written, so not copied back
    with _connect(second) as conn:
        conn.execute("UPDATE exercises SET name = name WHERE id = 1")
    own.release(template, second)

    third = own.acquire(template)
    assert _state(third) == fresh
    assert _xmins(third, "exercises") != library  # written, so copied back
    own.release(template, third)
