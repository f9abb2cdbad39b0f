"""A read's session (a GET request's) reads outside a transaction on PostgreSQL, and still
commits or rolls back its writes together; other sessions and SQLite are as before."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, String, func, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from tests.conftest import Database

from fitcoach.storage.db import (
    READS_OUTSIDE_TRANSACTION,
    Session,
    make_engine,
    make_session_factory,
    sessionmaker,
    write_savepoint,
)


class _Base(DeclarativeBase):
    pass


class Probe(_Base):
    __tablename__ = "probe_reads_outside_transaction"

    id: Mapped[int] = mapped_column(primary_key=True)
    note: Mapped[str] = mapped_column(String(40))


ON_POSTGRES = pytest.mark.parametrize(
    "database", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


@pytest.fixture
def one_connection(database: Database) -> Iterator[tuple[Engine, sessionmaker[Session]]]:
    """An engine with a single pooled connection (every session gets the same one back)."""
    engine = make_engine(database.url, pool_size=1, max_overflow=0)
    _Base.metadata.create_all(engine)
    try:
        yield engine, make_session_factory(engine)
    finally:
        engine.dispose()


def _read_session(factory: sessionmaker[Session]) -> Session:
    session = factory()
    session.info[READS_OUTSIDE_TRANSACTION] = True
    return session


def _status(session: Session) -> str:
    driver: Any = session.connection().connection.driver_connection
    return str(driver.info.transaction_status.name)


def _count(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        return int(session.scalar(select(func.count()).select_from(Probe)) or 0)


@ON_POSTGRES
def test_a_reads_session_leaves_no_transaction_open(one_connection: Any) -> None:
    _engine, factory = one_connection
    with _read_session(factory) as session:
        assert session.scalar(select(func.count()).select_from(Probe)) == 0
        assert _status(session) == "IDLE"  # no BEGIN was sent
        session.commit()
    with factory() as plain:  # the same pooled connection, back in transactions
        plain.scalar(select(func.count()).select_from(Probe))
        assert _status(plain) == "INTRANS"


@ON_POSTGRES
def test_a_write_after_reads_rolls_back_with_the_session(one_connection: Any) -> None:
    _engine, factory = one_connection
    with _read_session(factory) as session:
        session.scalar(select(func.count()).select_from(Probe))
        session.add(Probe(id=1, note="orm"))
        session.flush()
        assert _status(session) == "INTRANS"  # the flush opened a transaction first
        session.execute(text(f"INSERT INTO {Probe.__tablename__} VALUES (2, 'text')"))
        session.rollback()
    assert _count(factory) == 0


@ON_POSTGRES
def test_a_text_write_alone_opens_a_transaction_and_commits(one_connection: Any) -> None:
    _engine, factory = one_connection
    with _read_session(factory) as session:
        session.execute(text(f"INSERT INTO {Probe.__tablename__} VALUES (3, 'text')"))
        assert _status(session) == "INTRANS"
        session.commit()
    assert _count(factory) == 1


@ON_POSTGRES
def test_a_savepoint_in_a_reads_session(one_connection: Any) -> None:
    _engine, factory = one_connection
    with _read_session(factory) as session:
        session.scalar(select(func.count()).select_from(Probe))
        session.add(Probe(id=4, note="kept"))
        savepoint = write_savepoint(session)
        session.add(Probe(id=5, note="undone"))
        session.flush()
        savepoint.rollback()
        session.commit()
    with factory() as plain:
        assert list(plain.scalars(select(Probe.id))) == [4]


@ON_POSTGRES
def test_row_locks_are_taken_in_a_transaction(one_connection: Any) -> None:
    _engine, factory = one_connection
    with factory() as session:
        session.add(Probe(id=6, note="locked"))
        session.commit()
    with _read_session(factory) as session:
        session.scalar(select(Probe.note).where(Probe.id == 6).with_for_update())
        assert _status(session) == "INTRANS"  # the lock lasts until the session ends
        session.rollback()


@ON_POSTGRES
def test_under_a_stricter_default_level_reads_stay_in_a_transaction(database: Database) -> None:
    engine = make_engine(database.url, pool_size=1, max_overflow=0)
    level = engine.dialect.default_isolation_level
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        # (the dialect may be shared with other engines of the URL: its level is put back
        # after, else a later test's reads run in transactions)
        level = engine.dialect.default_isolation_level
        # As if the server's default were REPEATABLE READ: one snapshot per transaction.
        engine.dialect.default_isolation_level = "REPEATABLE READ"
        with _read_session(make_session_factory(engine)) as session:
            session.execute(text("SELECT 1"))
            assert _status(session) == "INTRANS"
    finally:
        engine.dialect.default_isolation_level = level
        engine.dispose()


@pytest.mark.parametrize(
    "database", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_reads_then_a_write_commit_on_every_database(one_connection: Any) -> None:
    _engine, factory = one_connection
    with _read_session(factory) as session:
        assert session.scalar(select(func.count()).select_from(Probe)) == 0
        session.add(Probe(id=7, note="written"))
        session.commit()
    with _read_session(factory) as session:
        assert list(session.scalars(select(Probe.note))) == ["written"]
        session.add(Probe(id=8, note="undone"))
        session.flush()
        session.rollback()
    assert _count(factory) == 1
