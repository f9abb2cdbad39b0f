"""Data versions: a counter per athlete that every committed write to their data raises.

Each server process caches results that take tens of milliseconds to compute (readiness,
today's session) under the athlete's version (``services.results``); the counter lives in the
database (``data_versions``), so a write made by any process, command or worker is seen by
every process's next read.

Every write is found here, not in the services, so that a new write path cannot forget it:

- ORM writes: after each flush, the athlete of every new, changed or deleted object
  (``athlete_id``; an ``Athlete``'s own id);
- SQL statements run through the session (``insert(T)``, ``update(T)``, ``delete(T)``): the
  athletes their values or ``WHERE athlete_id = …`` / ``IN (…)`` name; a statement on an
  athlete's table that names none marks every athlete (version 0, ``GLOBAL``);
- the driver-level bulk inserts (``repositories.bulk``), which bypass both: they call
  ``touch`` with the athletes of their rows.

The counters are raised once, just before the outermost transaction commits, in one statement
for every athlete touched (in id order: two transactions never wait on each other's rows in
opposite orders). Version 0 is what every athlete's results read besides their own data (the
exercise library): a write there raises it.

Not versioned: the sensor streams (recordings, waveform chunks, vitals, sensor events,
devices: written at frame rate by the stream workers, and nothing cached reads them; a sensor
alert's health flag is a ``HealthFlag`` and is versioned), the access log (written after every
coach's read), accounts and tokens; and a statement run with ``LOCK_OPTION`` (a no-op UPDATE
that only takes a lock).
"""

from __future__ import annotations

import itertools
import random
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Table, event, func, inspect, select
from sqlalchemy.orm import (
    ORMExecuteState,
    Session,
    SessionTransaction,
    UOWTransaction,
)
from sqlalchemy.sql import operators, visitors
from sqlalchemy.sql.dml import Insert, UpdateBase
from sqlalchemy.sql.elements import BinaryExpression, BindParameter, ColumnClause
from sqlalchemy.sql.selectable import ScalarSelect

from fitcoach.storage import driver
from fitcoach.storage.models.versions import DataVersion

GLOBAL = 0  # the version every athlete's cached results also depend on
TABLE: Table = DataVersion.__table__  # type: ignore[assignment]
# Tables whose writes do not change what is cached (see the module docstring).
UNVERSIONED = frozenset(
    {
        "data_versions",
        "audit_log",
        "accounts",
        "api_tokens",
        "recordings",
        "waveform_chunks",
        "vitals",
        "sensor_events",
        "devices",
        "invitations",  # sign-up codes: no cached result reads them
    }
)
GLOBAL_TABLES = frozenset({"exercises"})
_TOUCHED = "fitcoach.touched_athletes"
_WRITES = "fitcoach.versioned_writes"  # how many times this transaction touched athletes
_BEFORE_COMMIT = "fitcoach.before_commit"
# The execution option of a statement that takes a lock and changes nothing (``repositories.
# plans.lock``'s no-op UPDATE): it raises no version.
LOCK_OPTION = "fitcoach_lock_only"

# Who may sign in with what: a committed write to these (other than a token's last-use
# stamp) moves this process's credentials generation on, and the tokens verified before it
# are verified again (``services.accounts.VerifiedTokens``).
CREDENTIAL_TABLES = frozenset({"accounts", "api_tokens"})
_CREDENTIALS = "fitcoach.credentials_written"
# The global version as a query of this transaction read it beside other columns (``hold_global``).
_GLOBAL_READ = "fitcoach.global_version_read"
_STAMP_OPTION = "fitcoach_use_stamp"  # the execution option of a last-use stamp
_generation_lock = threading.Lock()
_generation = 0


def credentials_generation() -> int:
    """How many transactions of this process have committed a change to credentials."""
    return _generation


def _credentials_committed() -> None:
    global _generation
    with _generation_lock:
        _generation += 1


def versioned(table_name: str) -> bool:
    """Whether writes to ``table_name`` raise a data version."""
    return table_name not in UNVERSIONED


def touch(session: Session, athlete_ids: Iterable[int]) -> None:
    """Note that this transaction wrote the data of ``athlete_ids`` (``GLOBAL``: everyone's);
    their versions rise when it commits."""
    touched: set[int] = session.info.setdefault(_TOUCHED, set())
    touched.update(int(a) for a in athlete_ids)
    if GLOBAL in touched:
        session.info.pop(_GLOBAL_READ, None)  # the library changed: read the counter again
    session.info[_WRITES] = session.info.get(_WRITES, 0) + 1


def write_count(session: Session) -> int:
    """How many writes to athletes' data this transaction has made so far (flushes and
    statements): unchanged between two calls, nothing was written in between."""
    return int(session.info.get(_WRITES, 0))


def before_commit(session: Session, callback: Callable[[Session], None]) -> None:
    """Run ``callback(session)`` when this transaction commits, after its last flush and
    before the versions rise (it may still write); dropped if the transaction rolls back."""
    session.info.setdefault(_BEFORE_COMMIT, []).append(callback)


def touched(session: Session) -> frozenset[int]:
    """The athletes this session's transaction has written so far (flushed or not yet)."""
    return frozenset(session.info.get(_TOUCHED, ()))


def has_writes(session: Session) -> bool:
    """Whether this transaction wrote anything versioned, or holds changes not yet flushed:
    what it reads may never be committed, so it must not be cached nor served from a cache."""
    return bool(session.info.get(_TOUCHED)) or bool(session.new or session.dirty or session.deleted)


def counters(athlete_id: int | BindParameter[int]) -> tuple[ScalarSelect[Any], ScalarSelect[Any]]:
    """The athlete's version and the global version as scalar subqueries (NULL for a counter
    never raised), to read in the same statement as the data they key."""
    mine = select(_SUM).where(TABLE.c.athlete_id == athlete_id).scalar_subquery()
    everyone = select(_SUM).where(TABLE.c.athlete_id == GLOBAL).scalar_subquery()
    return mine, everyone


_SUM = func.sum(TABLE.c.version)  # a counter is the sum of its slots' rows (NULL: none yet)
_GLOBAL_VERSION = select(_SUM).where(TABLE.c.athlete_id == GLOBAL)


def version_of(session: Session, athlete_id: int) -> int:
    """The athlete's counter as this session reads it (0: never raised)."""
    value = session.execute(select(_SUM).where(TABLE.c.athlete_id == athlete_id)).scalar()
    return int(value or 0)


def global_version(session: Session) -> int:
    """The global counter as this session reads it (0: never raised): what a process's copy of
    data every athlete shares (the exercise library) is kept under. Where a query of this
    transaction read it already (``hold_global``), that value, without a round trip."""
    held = session.info.get(_GLOBAL_READ)
    if held is not None:
        return int(held)
    value = session.execute(_GLOBAL_VERSION).scalar_one_or_none()
    return int(value or 0)


def hold_global(session: Session, value: int | None) -> None:
    """Keep the global counter a query of this transaction read beside other columns (the
    access check's, ``counters``) for ``global_version`` until the transaction ends: what is
    read after it is at least as new as that value says, as after ``global_version``'s own
    query. Nothing is held once the transaction has written the library (``touch``)."""
    if GLOBAL not in session.info.get(_TOUCHED, ()):
        session.info[_GLOBAL_READ] = int(value or 0)


# Rows per counter. A transaction raises its connection's slot: with this many, the
# connections of a process's pool (and a few processes') rarely share one.
SLOTS = 16
_SLOT = "fitcoach.version_slot"  # the pooled connection's ``info`` key: its slot
_next_slot = itertools.count(random.randrange(SLOTS))  # processes start apart


def _slot_of(connection: Any) -> int:
    """The slot this pooled connection raises, the same for its whole life. SQLite runs one
    writer at a time: slot 0, one row per counter."""
    if connection.dialect.name == "sqlite":
        return 0
    info = connection.connection.info
    slot = info.get(_SLOT)
    if slot is None:
        slot = info[_SLOT] = next(_next_slot) % SLOTS
    return int(slot)


def raise_versions(session: Session, athlete_ids: Iterable[int]) -> None:
    """Add one to each counter, in id order (a row made at 1 when there was none).

    Each counter is raised in the row of this connection's slot: a raise locks that row until
    COMMIT and its WAL flush, and when every writer raised one row per athlete, 10 clients
    logging one athlete's workouts on PostgreSQL queued there one after another (0.055 of
    the bare endpoint's requests/s; 0.09 without the raise, 2026-11-29). Readers sum the
    rows (``counters``): every committed raise adds one to the sum, whichever commits first."""
    ids = sorted(set(athlete_ids))
    if not ids:
        return
    connection = session.connection()
    slot = _slot_of(connection)
    rows = [{"athlete_id": a, "slot": slot, "version": 1} for a in ids]
    statement = _raise_statement(connection.dialect.name)
    if len(rows) == 1:
        statement.rows(connection, rows[0])
    else:
        connection.execute(statement.statement, rows)


_RAISE: dict[str, driver.Statement] = {}


def _raise_statement(dialect: str) -> driver.Statement:
    """``raise_versions``'s upsert, its rows given apart: built once per dialect, so compiled
    once (with the rows inside it, every commit compiled it again)."""
    raise_ = _RAISE.get(dialect)
    if raise_ is None:
        stmt: Any
        # The dialect's own module: the engine has loaded it already (importing both costs
        # start-up).
        raised = {"version": TABLE.c.version + 1}
        if dialect == "postgresql":
            from sqlalchemy.dialects import postgresql

            pg = postgresql.insert(TABLE)
            stmt = pg.on_conflict_do_update(index_elements=["athlete_id", "slot"], set_=raised)
        else:
            from sqlalchemy.dialects import sqlite

            lite = sqlite.insert(TABLE)
            stmt = lite.on_conflict_do_update(index_elements=["athlete_id", "slot"], set_=raised)
        raise_ = _RAISE[dialect] = driver.Statement(stmt)  # every write's commit runs it
    return raise_


# --------------------------------------------------------------------------- finding writes


def _athlete_of(obj: object) -> int | None:
    """The athlete an ORM object belongs to, without loading anything."""
    state = inspect(obj)
    table = getattr(type(obj), "__tablename__", "")
    if table == "athletes":
        key = state.identity
        if key:
            return int(key[0])
        value = state.dict.get("id")
    else:
        value = state.dict.get("athlete_id")
    return None if value is None else int(value)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: UOWTransaction) -> None:
    ids: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(type(obj), "__tablename__", None)
        if table in CREDENTIAL_TABLES and not _only_stamped(obj):
            session.info[_CREDENTIALS] = True
        if table is None or not versioned(table):
            continue
        if table in GLOBAL_TABLES:
            ids.add(GLOBAL)
            continue
        athlete = _athlete_of(obj)
        ids.add(GLOBAL if athlete is None else athlete)
    if ids:
        touch(session, ids)


def _only_stamped(obj: object) -> bool:
    """Whether the only change to ``obj`` is a token's last-use stamp."""
    state = inspect(obj)
    if state.pending or state.deleted or state.was_deleted:
        return False
    changed = {a.key for a in state.attrs if a.history.has_changes()}
    return changed <= {"last_used_at"}


def _named_ids(stmt: UpdateBase, column: str) -> set[int]:
    """The values ``stmt``'s WHERE compares ``column`` to with = or IN."""
    found: set[int] = set()
    for element in visitors.iterate(stmt):
        if not isinstance(element, BinaryExpression):
            continue
        if element.operator not in (operators.eq, operators.in_op):
            continue
        left, right = element.left, element.right
        if isinstance(right, ColumnClause) and isinstance(left, BindParameter):
            left, right = right, left
        if not (isinstance(left, ColumnClause) and left.name == column):
            continue
        if not isinstance(right, BindParameter):
            continue
        value = right.effective_value
        values = value if isinstance(value, list | tuple | set | frozenset) else [value]
        found.update(int(v) for v in values if isinstance(v, int))
    return found


def _inserted_ids(stmt: Insert, parameters: object, column: str) -> set[int] | None:
    """The athletes of an INSERT's rows; None when some row does not say."""
    rows: list[Mapping[str, Any]] = []
    if isinstance(parameters, Mapping) and parameters:
        rows = [parameters]
    elif isinstance(parameters, Sequence) and not isinstance(parameters, str | bytes):
        rows = [p for p in parameters if isinstance(p, Mapping)]
    found: set[int] = set()
    for row in rows:
        if row.get(column) is None:
            return None
        found.add(int(row[column]))
    named: dict[str, Any] = {}
    # Only values inside the statement (``.values(...)``) name more athletes; without any, the
    # compiled parameters are all empty, and compiling (not cached here) cost more than the
    # write's own statement.
    if stmt._values is not None or stmt._multi_values:
        compiled = stmt.compile().params
        named = {k: v for k, v in compiled.items() if k == column or k.startswith(f"{column}_m")}
    if not rows and not named:
        return None
    found.update(int(v) for v in named.values() if isinstance(v, int))
    return found


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    if state.execution_options.get(LOCK_OPTION):
        return
    stmt = state.statement
    table = getattr(getattr(stmt, "table", None), "name", None)
    if table in CREDENTIAL_TABLES and not state.execution_options.get(_STAMP_OPTION):
        state.session.info[_CREDENTIALS] = True
    if table is None or not versioned(table):
        return
    if table in GLOBAL_TABLES:
        touch(state.session, [GLOBAL])
        return
    column = "id" if table == "athletes" else "athlete_id"
    ids: set[int] | None
    if isinstance(stmt, Insert):
        ids = _inserted_ids(stmt, state.parameters, column)
    else:
        assert isinstance(stmt, UpdateBase)
        ids = _named_ids(stmt, column) or None
    touch(state.session, ids if ids else [GLOBAL])


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    if session.get_nested_transaction() is not None:
        return  # a savepoint: the outermost commit raises the versions
    if session.new or session.dirty or session.deleted:
        session.flush()
    for callback in session.info.pop(_BEFORE_COMMIT, ()):
        callback(session)
    if session.new or session.dirty or session.deleted:
        session.flush()
    ids = session.info.get(_TOUCHED)
    if ids:
        raise_versions(session, ids)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(_CREDENTIALS, False):
        _credentials_committed()


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_TOUCHED, None)
        session.info.pop(_WRITES, None)
        session.info.pop(_BEFORE_COMMIT, None)
        session.info.pop(_CREDENTIALS, None)
        session.info.pop(_GLOBAL_READ, None)
