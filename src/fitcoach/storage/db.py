"""Engine, sessions and the unit of work. The boundary (request, command, consumer) owns it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Session, SessionTransaction, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with one constraint naming convention for SQLite and PostgreSQL."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC in Python, whatever the database keeps.

    SQLite has no time zones, so values are stored as naive UTC there and made aware again
    on the way out; naive values are refused on the way in.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL and a busy timeout."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {"timeout": 30})
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that do not expire objects on commit (results outlive the transaction)."""
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """Commit on success, roll back on any error; the caller's boundary owns this."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def begin_write(session: Session) -> None:
    """Make sure ``session`` is in a database transaction that may write.

    SQLite's Python driver opens a transaction only before an INSERT/UPDATE/DELETE; a
    SAVEPOINT issued before that opens one of its own, and releasing the savepoint then
    commits everything, whatever the caller's unit of work decides later. ``BEGIN IMMEDIATE``
    opens the real transaction first (taking the write lock now, so a read-then-write cannot
    fail on a stale snapshot). Other databases are always in a transaction: nothing to do.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    driver = connection.connection.driver_connection
    if driver is not None and not driver.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def write_savepoint(session: Session) -> SessionTransaction:
    """A SAVEPOINT that undoes only what follows it, on every database (see ``begin_write``)."""
    begin_write(session)
    return session.begin_nested()


class LazySavepoint:
    """A savepoint opened just before the first write, or never when nothing is written.

    For work that mostly reads and may take long (a language model's turn): reads need no
    undo, and on SQLite a savepoint takes the database's write lock.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self._savepoint: SessionTransaction | None = None

    def before_write(self) -> None:
        if self._savepoint is None:
            self._savepoint = write_savepoint(self.session)

    def commit(self) -> None:
        if self._savepoint is not None and self._savepoint.is_active:
            self._savepoint.commit()

    def rollback(self) -> None:
        if self._savepoint is not None and self._savepoint.is_active:
            self._savepoint.rollback()
