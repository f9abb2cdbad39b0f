"""Engine, sessions and the unit of work. The boundary (request, command, consumer) owns it."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# ``Engine``, ``Session``, ``sessionmaker`` and ``OperationalError`` are re-exported (``X as
# X``): the layers above storage name a unit of work's session, a session factory, an engine
# or "the database is busy or down" from here, so that only storage imports SQLAlchemy (an
# import-linter contract).
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    DateTime,
    MetaData,
    String,
    any_,
    bindparam,
    create_engine,
    event,
    func,
    literal_column,
    select,
)
from sqlalchemy import Connection as Connection
from sqlalchemy import Engine as Engine
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DisconnectionError, ProgrammingError
from sqlalchemy.exc import OperationalError as OperationalError
from sqlalchemy.exc import SQLAlchemyError as SQLAlchemyError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, InstrumentedAttribute, SessionTransaction
from sqlalchemy.orm import Session as Session
from sqlalchemy.orm import sessionmaker as sessionmaker
from sqlalchemy.schema import CreateColumn
from sqlalchemy.sql.compiler import DDLCompiler
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


@compiles(CreateColumn, "sqlite")
def _named_inline_primary_key(element: CreateColumn, compiler: DDLCompiler, **kw: Any) -> str:
    """Keep the primary key's conventional name on SQLite's AUTOINCREMENT tables.

    A table with ``sqlite_autoincrement=True`` (every table with an integer surrogate key:
    SQLite then never hands an id out twice, docs/security.md) must declare its key inline,
    ``id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT``, where SQLAlchemy leaves the constraint
    unnamed; SQLite takes ``CONSTRAINT pk_<table>`` there too, so the name stays what it is
    on PostgreSQL and in the migrations (and reflection reads it back).
    """
    text: str = compiler.visit_create_column(element, **kw)  # type: ignore[no-untyped-call]
    column = element.element
    if text is None or not column.primary_key or " PRIMARY KEY" not in text:
        return text
    name = compiler.preparer.format_constraint(column.table.primary_key)
    if not name:
        return text
    return text.replace(" PRIMARY KEY", f" CONSTRAINT {name} PRIMARY KEY", 1)


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
    if engine.dialect.name == "postgresql":
        _reads_outside_transactions(engine)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    return engine


# A pooled connection unused for this long is checked before it is handed out (``ping_when_idle``).
PING_IDLE_S = 1.0


def ping_when_idle(engine: Engine, idle_s: float = PING_IDLE_S) -> Engine:
    """Check a pooled connection that has sat unused for ``idle_s`` seconds or more before
    handing it out (the dialect's own ping); a dead one is replaced, so a request after the
    database restarted, or after a proxy dropped an idle connection, does not fail.

    SQLAlchemy's ``pool_pre_ping`` pings on every checkout: a round trip, and on a server's
    cached reads a fifth of the CPU they cost on PostgreSQL. Under load a connection goes back
    to work within milliseconds and is not pinged; a connection that broke while in use fails
    that one request (as with ``pool_pre_ping``), and the pool then drops its others.
    """

    @event.listens_for(engine, "checkin")
    def _idle_from(_dbapi_connection: Any, record: Any) -> None:
        record.info["fitcoach.idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("fitcoach.idle_since")
        if since is None or time.monotonic() - since < idle_s:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:
            # The pool discards this connection and checks out another (a new one if need be).
            raise DisconnectionError(
                f"a pooled connection was dead after {idle_s:g} s idle"
            ) from exc

    return engine


# ``Session.info`` key: the session is a read's (a GET request's), whose statements may run on
# PostgreSQL outside a transaction until it writes (``_reads_outside_transactions``).
READS_OUTSIDE_TRANSACTION = "fitcoach.reads_outside_transaction"
# The pooled connection's ``info`` key: it is in autocommit for a read's session now.
_AUTOCOMMIT_FOR_READS = "fitcoach.autocommit_for_reads"
# A statement that starts so and takes no row locks only reads.
_READ_PREFIX = ("SELECT", "select")
_ROW_LOCKS = ("FOR UPDATE", "FOR SHARE", "FOR NO KEY UPDATE", "FOR KEY SHARE")


def only_reads(statement: str) -> bool:
    """Whether ``statement`` is a plain SELECT: it neither writes nor locks rows."""
    return statement.startswith(_READ_PREFIX) and not any(lock in statement for lock in _ROW_LOCKS)


def _reads_outside_transactions(engine: Engine) -> None:
    """On PostgreSQL, a read's session (``READS_OUTSIDE_TRANSACTION``) runs its reads in
    autocommit, and opens a transaction before the first statement that may write.

    In a transaction, psycopg sends ``BEGIN`` before the first query and the session ends
    with ``COMMIT``: three round trips for a request that reads one row, and on a cached read
    the two extra cost about as much CPU (client and server) as the query. Under READ
    COMMITTED, PostgreSQL's default, every statement of a transaction takes its own snapshot,
    so reads in autocommit see exactly what they would have seen in one; under a stricter
    default level (one snapshot per transaction) nothing changes. A write (anything but a
    plain SELECT, a savepoint included) first turns autocommit off, so that it and the rest
    of the session commit or roll back together, as before. Writes made on the driver's own
    connection (``COPY``, bulk paths) are not seen here: they belong to write sessions.
    """

    @event.listens_for(engine, "before_cursor_execute")
    def _transaction_before_writes(
        conn: Any, _cursor: Any, statement: str, _parameters: Any, _context: Any, _many: bool
    ) -> None:
        proxied = conn.connection
        if not proxied.info.get(_AUTOCOMMIT_FOR_READS):
            return
        if only_reads(statement):
            return
        # Allowed: in autocommit the connection is never inside a transaction.
        proxied.driver_connection.autocommit = False
        del proxied.info[_AUTOCOMMIT_FOR_READS]

    @event.listens_for(engine, "checkin")
    def _back_in_transactions(dbapi_connection: Any, record: Any) -> None:
        if record.info.pop(_AUTOCOMMIT_FOR_READS, False) and dbapi_connection is not None:
            dbapi_connection.autocommit = False


def _read_outside_transaction(session: Session, _transaction: Any, connection: Any) -> None:
    """``after_begin``: put a read's PostgreSQL connection in autocommit (see above)."""
    if (
        not session.info.get(READS_OUTSIDE_TRANSACTION)
        or connection.dialect.name != "postgresql"
        or connection.dialect.default_isolation_level != "READ COMMITTED"
    ):
        return
    proxied = connection.connection
    driver = proxied.driver_connection
    # Nothing sent yet: psycopg sends BEGIN with the first statement, not before.
    if (
        driver is not None
        and not driver.autocommit
        and driver.info.transaction_status.name == "IDLE"
    ):
        driver.autocommit = True
        proxied.info[_AUTOCOMMIT_FOR_READS] = True


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that do not expire objects on commit (results outlive the transaction).

    A session marked ``info[READS_OUTSIDE_TRANSACTION]`` reads outside a transaction on
    PostgreSQL until it writes (``_reads_outside_transactions``)."""
    factory = sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)
    event.listen(factory, "after_begin", _read_outside_transaction)
    return factory


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


# What may say that the database cannot be used (see ``database_problem``), for ``except``.
DATABASE_ERRORS: tuple[type[Exception], ...] = (OperationalError, ProgrammingError)


@dataclass(frozen=True)
class DatabaseProblem:
    """Why the database cannot be used: the driver's first line, and whether a table is
    missing (the database is not migrated yet) rather than the server down or locked."""

    message: str
    missing_table: bool


def database_problem(exc: BaseException) -> DatabaseProblem | None:
    """What ``exc`` says about the database when it is an expected failure (the server down,
    the file locked past its timeout, a table missing); None for anything else, bugs included.

    The boundaries (the command line, the after-response writes of a request) use this so
    that they tell "the database cannot be used" from a bug without importing SQLAlchemy.
    """
    if not isinstance(exc, OperationalError | ProgrammingError):
        return None
    missing_table = isinstance(exc, OperationalError) and "no such table" in str(exc.orig)
    missing_table |= getattr(exc.orig, "sqlstate", None) == "42P01"  # undefined_table
    if isinstance(exc, ProgrammingError) and not missing_table:
        return None  # a wrong statement is a bug, not an unusable database
    first = (str(exc.orig).strip().splitlines() or ["unknown error"])[0]
    return DatabaseProblem(first, missing_table)


def among(
    session: Session,
    column: ColumnElement[Any] | InstrumentedAttribute[Any],
    values: Iterable[int | str],
) -> ColumnElement[bool]:
    """``column IN values`` with the whole list bound as one value: a JSON array read with
    ``json_each`` on SQLite, an array with ``= ANY`` on PostgreSQL. SQLAlchemy binds an IN list
    one parameter at a time, which for the hundreds of athletes and recordings of a stream
    worker's batch cost more than running the query; this form also compiles once, whatever
    the list's length. ``values`` are all ints or all strs."""
    listed = sorted(set(values))
    strings = bool(listed) and isinstance(listed[0], str)
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY  # here: PostgreSQL's alone

        kind = ARRAY(String) if strings else ARRAY(BigInteger)
        return column == any_(bindparam(None, listed, type_=kind))
    return column.in_(
        select(literal_column("value")).select_from(func.json_each(json.dumps(listed)))
    )
