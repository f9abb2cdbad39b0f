"""Hot Core statements run on the driver's own cursor (psycopg's, or sqlite3's).

Why: SQLAlchemy's execution of a compiled and cached Core statement (its execution context,
the parameters' and the result's processing, the result object) costs 2-3 times psycopg's
own call of the same prepared statement: 176-244 against 60-79 µs of CPU a statement
(2026-11-29, one connection, a two-parameter SELECT). A workout's write is six statements,
and on PostgreSQL the server's CPU, not the database, bounds how many writes it answers
(benchmarks/README, "Where people are"). On SQLite: 22.8 against 8.2 µs (a one-parameter
SELECT), and the default database then runs the same tested path.

A ``Statement`` keeps what SQLAlchemy would do for its statement, computed once per dialect:
the SQL as SQLAlchemy compiles it, each parameter's bind processor (TypeDecorators:
encryption, UTC datetimes) and each result column's processor; it sends the engine's
``before_cursor_execute`` listeners the statement as SQLAlchemy would (the read sessions'
autocommit and the event loop's read-only guard act on them: ``db``, ``inline``), and a
driver error goes through the connection's own handling (``DBAPIError``, a lost connection
invalidated). A statement SQLAlchemy would have to do more for (Python-side column defaults,
expanding ``IN`` lists, several parameter sets), or another driver, runs as
``connection.execute`` does. sqlite3 takes its parameters by position, in the order SQLAlchemy
compiled them; it keeps its own cache of prepared statements per connection.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import Executable

Processor = Callable[[Any], Any]

# The drivers run here, by SQLAlchemy's name for them.
_DRIVERS = ("psycopg", "pysqlite")
# The connection record's driver cursor, reused by every statement of this module (a cursor
# made per statement costs a tenth of the call).
_CURSOR = "fitcoach_driver_cursor"


@dataclass
class _Plan:
    sql: str
    binds: tuple[tuple[str, Processor | None], ...]
    types: tuple[Any, ...] | None  # the result columns' types; None: no rows returned
    compiled: Any
    positions: tuple[str, ...] | None  # the parameters' order, for a driver that takes them so
    # Each result column's processor, found at the first answer: it depends on the type the
    # database says it sent (``cursor.description``), as in SQLAlchemy.
    results: tuple[Processor | None, ...] | None = None


class Statement:
    """A Core statement run on psycopg's cursor where that does what SQLAlchemy does, else by
    SQLAlchemy. ``columns``: an INSERT or UPDATE whose columns are the parameters it is given
    (compiled once for each set of them, as SQLAlchemy does)."""

    def __init__(self, statement: Executable, *, columns: bool = False) -> None:
        self.statement = statement
        self.columns = columns
        self._plans: dict[tuple[str, tuple[str, ...]], _Plan | None] = {}

    def rows(self, connection: Connection, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """The statement's rows, each a tuple of processed values ([] for none)."""
        dialect = connection.dialect
        key = (dialect.name, tuple(sorted(params)) if self.columns else ())
        try:
            plan = self._plans[key]
        except KeyError:
            plan = self._plans[key] = _plan(self.statement, key[1] or None, dialect)
        if plan is None:
            result = connection.execute(self.statement, dict(params))
            return [tuple(row) for row in result] if result.returns_rows else []
        return _run(connection, plan, params)


def _plan(statement: Any, keys: Sequence[str] | None, dialect: Dialect) -> _Plan | None:
    if dialect.driver not in _DRIVERS:
        return None
    if statement.is_dml and not statement.exported_columns and hasattr(statement, "inline"):
        # No RETURNING asked: nor the primary key SQLAlchemy would fetch for itself.
        statement = statement.inline()
    compiled: Any = statement.compile(dialect=dialect, column_keys=list(keys) if keys else None)
    # What only SQLAlchemy's execution context does: Python-side defaults computed before the
    # statement, an IN list rendered per call, parameters that come back in a tuple.
    if (
        compiled.insert_prefetch
        or compiled.update_prefetch
        or compiled.post_compile_params
        or compiled.positional != (dialect.paramstyle == "qmark")
    ):
        return None
    binds = tuple(
        (name, bind.type.dialect_impl(dialect).bind_processor(dialect))
        for bind, name in compiled.bind_names.items()
    )
    returns = statement.is_select or bool(compiled.effective_returning)
    types = tuple(c.type.dialect_impl(dialect) for c in statement.exported_columns)
    positions = tuple(compiled.positiontup) if compiled.positional else None
    return _Plan(compiled.string, binds, types if returns else None, compiled, positions)


def _run(connection: Connection, plan: _Plan, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    values = plan.compiled.construct_params(dict(params))
    for name, proc in plan.binds:
        if proc is not None:
            value = values.get(name)
            if value is not None:
                values[name] = proc(value)
    sent: Any = values if plan.positions is None else tuple(values[n] for n in plan.positions)
    proxied = connection.connection
    driver: Any = proxied.driver_connection
    cursor = proxied.info.get(_CURSOR)
    if cursor is None or cursor.connection is not driver or getattr(cursor, "closed", False):
        cursor = proxied.info[_CURSOR] = driver.cursor()
    connection.dispatch.before_cursor_execute(connection, cursor, plan.sql, sent, None, False)
    try:
        if plan.positions is None:
            # Prepared at once (the connection would after a few runs), unless the connection
            # prepares nothing (``prepare_threshold=None``: a pooler in transaction mode).
            cursor.execute(plan.sql, sent, prepare=True if driver.prepare_threshold else None)
        else:
            cursor.execute(plan.sql, sent)
        if plan.types is None:
            return []
        fetched = cursor.fetchall()
    except connection.dialect.loaded_dbapi.Error as exc:
        connection._handle_dbapi_exception(exc, plan.sql, sent, cursor, None)  # raises
        raise
    procs = plan.results
    if procs is None:
        dialect = connection.dialect
        procs = plan.results = tuple(
            t.result_processor(dialect, d[1])
            for t, d in zip(plan.types, cursor.description or (), strict=True)
        )
    if not any(procs):
        return list(fetched)
    return [
        tuple(v if p is None or v is None else p(v) for v, p in zip(row, procs, strict=True))
        for row in fetched
    ]
