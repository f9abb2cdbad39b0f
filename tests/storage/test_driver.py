"""Hot statements on the driver's own cursor (``storage.driver``, psycopg's and sqlite3's): the
same rows and stored values as SQLAlchemy's execution (encrypted text, UTC timestamps), what
only SQLAlchemy does still done (a Python-side default, an IN list), and on PostgreSQL the
errors, the lock waits, a read session's transaction and a lost connection handled as
SQLAlchemy handles them."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import Table, bindparam, delete, insert, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from tests.conftest import Database
from tests.factories import make_athlete, statements_sent

from fitcoach.core.clock import FixedClock
from fitcoach.services.context import ServiceContext
from fitcoach.storage import driver, inline
from fitcoach.storage.access import Subject
from fitcoach.storage.crypto import PREFIX
from fitcoach.storage.db import READS_OUTSIDE_TRANSACTION, make_engine, make_session_factory
from fitcoach.storage.models import Athlete, WorkoutSession

_W: Table = WorkoutSession.__table__  # type: ignore[assignment]
STARTED = datetime(2026, 3, 4, 5, 6, 7, 891234, tzinfo=UTC)
ON_POSTGRES = pytest.mark.parametrize(
    "database", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)

_INSERT = driver.Statement(
    insert(_W).returning(_W.c.id, _W.c.started_at, _W.c.title, _W.c.source), columns=True
)
_READ = driver.Statement(
    select(_W.c.id, _W.c.started_at, _W.c.title, _W.c.notes).where(
        _W.c.athlete_id == bindparam("athlete_id")
    )
)


def _athlete(database: Database) -> int:
    with database.factory() as session:
        ctx = ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(STARTED))
        athlete_id = make_athlete(ctx).id
        session.commit()
    return athlete_id


def _values(athlete_id: int, source_id: str, **more: object) -> dict[str, object]:
    return {"athlete_id": athlete_id, "started_at": STARTED, "source_id": source_id, **more}


def test_rows_and_stored_values_are_sqlalchemys(database: Database) -> None:
    athlete_id = _athlete(database)
    with database.factory() as session:
        connection = session.connection()
        given = _values(athlete_id, "a", title="knee rehab", notes="", source="manual")
        [(workout_id, started, title, source)] = _INSERT.rows(connection, given)
        assert (started, title, source) == (STARTED, "knee rehab", "manual")
        assert started.tzinfo is not None
        read = _READ.rows(connection, {"athlete_id": athlete_id})
        by_sqlalchemy = connection.execute(_READ.statement, {"athlete_id": athlete_id}).all()
        assert read == [tuple(row) for row in by_sqlalchemy]
        assert read == [(workout_id, STARTED, "knee rehab", "")]
        stored = connection.execute(
            text("SELECT title FROM workout_sessions WHERE id = :id"), {"id": workout_id}
        ).scalar_one()
        assert stored.startswith(PREFIX)  # encrypted at rest, as through SQLAlchemy
        session.commit()


def test_the_driver_runs_them_without_sqlalchemys_execution(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On both databases the plain statements go to the driver's cursor: with
    ``Connection.execute`` refusing, they still answer."""
    athlete_id = _athlete(database)
    with database.factory() as session:
        connection = session.connection()

        def refused(*_args: object, **_kwargs: object) -> None:
            raise AssertionError("Connection.execute was used")

        monkeypatch.setattr(type(connection), "execute", refused)
        row = _values(athlete_id, "g", title="hill sprints", notes="", source="manual")
        [(workout_id, started, title, _)] = _INSERT.rows(connection, row)
        assert title == "hill sprints"
        read = _READ.rows(connection, {"athlete_id": athlete_id})
        monkeypatch.undo()
        assert read == [(workout_id, STARTED, "hill sprints", "")]
        assert started == STARTED
        session.rollback()


def test_a_python_side_default_is_still_applied(database: Database) -> None:
    """Without a title, notes or source, the model's defaults are stored: SQLAlchemy computes
    them, so the statement takes its execution."""
    athlete_id = _athlete(database)
    with database.factory() as session:
        [(_, _, title, source)] = _INSERT.rows(session.connection(), _values(athlete_id, "b"))
        assert (title, source) == ("", "manual")
        session.rollback()


def test_an_in_list_is_rendered_per_call(database: Database) -> None:
    athlete_id = _athlete(database)
    statement = driver.Statement(
        select(_W.c.source_id)
        .where(_W.c.source_id.in_(bindparam("ids", expanding=True)))
        .order_by(_W.c.source_id)
    )
    with database.factory() as session:
        connection = session.connection()
        for source_id in ("c", "d", "e"):
            _INSERT.rows(connection, _values(athlete_id, source_id, title="", notes="", source="x"))
        assert statement.rows(connection, {"ids": ["c", "e"]}) == [("c",), ("e",)]
        assert statement.rows(connection, {"ids": ["d"]}) == [("d",)]
        session.rollback()


def test_the_engines_listeners_see_each_statement(database: Database) -> None:
    athlete_id = _athlete(database)
    with statements_sent(database.engine) as sent, database.factory() as session:
        _READ.rows(session.connection(), {"athlete_id": athlete_id})
        session.rollback()
    assert sum("FROM workout_sessions" in s for s in sent) == 1


@ON_POSTGRES
def test_a_constraint_violation_is_sqlalchemys_error(database: Database) -> None:
    athlete_id = _athlete(database)
    plain = driver.Statement(insert(_W), columns=True)
    with database.factory() as session:
        row = _values(athlete_id, "dup", title="", notes="", source="manual")
        plain.rows(session.connection(), row)
        with pytest.raises(IntegrityError):
            plain.rows(session.connection(), row)
        session.rollback()
    with database.factory() as session:  # the connection is usable again
        assert _READ.rows(session.connection(), {"athlete_id": athlete_id}) == []


@ON_POSTGRES
def test_a_lock_wait_that_gives_up_is_recognised(database: Database) -> None:
    """``inline.is_lock_wait`` (a quick read moves to a worker thread) knows the error."""
    athlete_id = _athlete(database)
    locked = threading.Event()
    done = threading.Event()

    def hold() -> None:
        with database.factory() as other:
            other.execute(
                text("SELECT id FROM athletes WHERE id = :a FOR UPDATE"), {"a": athlete_id}
            )
            locked.set()
            done.wait(10)
            other.rollback()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(10)
        statement = driver.Statement(
            select(Athlete.id).where(Athlete.id == bindparam("a")).with_for_update()
        )
        with database.factory() as session:
            session.execute(text("SET LOCAL lock_timeout = '50ms'"))
            with pytest.raises(DBAPIError) as caught:
                statement.rows(session.connection(), {"a": athlete_id})
            assert inline.is_lock_wait(caught.value)
            session.rollback()
    finally:
        done.set()
        holder.join()


@ON_POSTGRES
def test_a_read_sessions_write_commits_or_rolls_back_with_it(database: Database) -> None:
    """A read's session runs in autocommit until it writes (``db``); a write sent here turns
    that off first, so rolling back takes it away."""
    athlete_id = _athlete(database)
    with database.factory() as session:
        session.info[READS_OUTSIDE_TRANSACTION] = True
        connection = session.connection()
        _READ.rows(connection, {"athlete_id": athlete_id})
        _INSERT.rows(connection, _values(athlete_id, "f", title="", notes="", source="x"))
        session.rollback()
    with database.factory() as session:
        assert _READ.rows(session.connection(), {"athlete_id": athlete_id}) == []


@ON_POSTGRES
def test_a_lost_connection_is_replaced(database: Database) -> None:
    engine = make_engine(database.url, pool_size=1, max_overflow=0)
    factory = make_session_factory(engine)
    athlete_id = _athlete(database)
    try:
        with factory() as session:
            _READ.rows(session.connection(), {"athlete_id": athlete_id})  # the cursor is kept
            pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
            session.commit()
        with database.engine.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        with factory() as session, pytest.raises(DBAPIError) as caught:
            _READ.rows(session.connection(), {"athlete_id": athlete_id})
        assert caught.value.connection_invalidated
        with factory() as session:  # a new connection, and a cursor of its own
            assert _READ.rows(session.connection(), {"athlete_id": athlete_id}) == []
            session.execute(delete(_W).where(_W.c.athlete_id == athlete_id))
            session.commit()
    finally:
        engine.dispose()
