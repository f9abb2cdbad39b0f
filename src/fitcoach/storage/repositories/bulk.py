"""Bulk inserts that skip rows already stored (same unique key): imports and streams use these.

SQLite: one driver-level ``executemany`` of ``INSERT ... ON CONFLICT DO NOTHING``.
PostgreSQL: ``COPY`` into a temporary staging table, then one
``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` (COPY is the fastest way in; the staging
table lets the database drop duplicates instead of failing the whole batch).

Both paths convert values with SQLAlchemy's own bind processors (UTC timestamps, dates,
JSON), so what they store reads back exactly as an ORM insert would, and both fill the
columns' scalar Python-side defaults that a row leaves out. The SQLite statement is compiled
once per (table, columns, conflict key): the stream workers insert every batch, and compiling
cost more than a small batch's rows.

``insert_rows`` takes rows as tuples in a given column order (no dict per row to build), and
``copy_rows`` is PostgreSQL's plain ``COPY`` into the table itself, for callers that expect no
duplicates and handle the unique violation if one comes (see ``repositories.sensors``).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, LargeBinary, Table, bindparam
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from fitcoach.storage import versions
from fitcoach.storage.crypto import ENCRYPTED_TYPES

if TYPE_CHECKING:
    from sqlalchemy.dialects.postgresql import Insert as PgInsert

BATCH_ROWS = 50_000

Converter = Callable[[Any], Any]


def upsert_insert(dialect: str, table: Any) -> SqliteInsert | PgInsert:
    """An ``INSERT`` into ``table`` that can take ``ON CONFLICT``: SQLite's, else PostgreSQL's.
    The PostgreSQL dialect is imported here (a few tens of milliseconds), so that a server on
    SQLite starts without it."""
    if dialect == "sqlite":
        return sqlite_insert(table)
    from sqlalchemy.dialects.postgresql import insert as pg_insert

    return pg_insert(table)


def insert_ignore(
    session: Session,
    table: Table,
    rows: Iterable[Mapping[str, Any]],
    *,
    conflict_columns: Sequence[str],
    columns: Sequence[str] | None = None,
) -> int:
    """Insert ``rows`` into ``table``; rows whose ``conflict_columns`` match a stored row (or an
    earlier row of the same call) are skipped. Returns how many rows were inserted.

    ``columns`` fixes the column list (default: the first row's keys); every row must have them.
    The caller's unit of work commits.
    """
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    dialect = session.get_bind().dialect
    if dialect.name not in ("postgresql", "sqlite"):
        raise ValueError(f"bulk insert supports SQLite and PostgreSQL, not {dialect.name}")
    given = list(columns or first.keys())
    defaults = _scalar_defaults(table, given)
    cols = given + list(defaults)
    extract = _extractor(given, tuple(defaults.values()))
    inserted = 0
    track = versions.versioned(table.name)
    for batch in _batches(itertools.chain([first], iterator), BATCH_ROWS):
        if track:
            _touch(session, table, (row.get(_owner(table)) for row in batch))
        if dialect.name == "postgresql":
            inserted += _copy_insert(session, table, cols, batch, extract, conflict_columns)
        else:
            inserted += _sqlite_insert(session, table, cols, batch, extract, conflict_columns)
    return inserted


def _owner(table: Table) -> str:
    return "id" if table.name == "athletes" else "athlete_id"


def _touch(session: Session, table: Table, athletes: Iterable[Any]) -> None:
    """Raise the data versions of the rows' athletes at commit (every athlete's when a row
    does not say): these inserts bypass the session's events (``storage.versions``)."""
    if table.name in versions.GLOBAL_TABLES:
        versions.touch(session, [versions.GLOBAL])
        return
    ids = set(athletes)
    versions.touch(session, [versions.GLOBAL] if None in ids else ids)


def _scalar_defaults(table: Table, given: Sequence[str]) -> dict[str, Any]:
    """Constant Python-side defaults (``default="manual"``) of columns the rows leave out."""
    out: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        if column.name in given or default is None or not getattr(default, "is_scalar", False):
            continue
        out[column.name] = default.arg  # type: ignore[attr-defined]
    return out


def _extractor(
    given: list[str], constants: tuple[Any, ...]
) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    get = itemgetter(*given)
    if len(given) == 1:
        return lambda row: (get(row), *constants)
    return lambda row: (*get(row), *constants)


def _batches(rows: Iterable[Mapping[str, Any]], size: int) -> Iterable[list[Mapping[str, Any]]]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _processors(table: Table, cols: Sequence[str], dialect: Dialect) -> list[Converter | None]:
    """SQLAlchemy's bind processor of each column for this dialect (None: pass as is).

    SQLite's driver stores ``bytes`` as a BLOB as they are: its ``Binary`` (a memoryview,
    SQLAlchemy's processor for ``LargeBinary``) changes nothing stored, and is left out."""
    sqlite = dialect.name == "sqlite"
    return [
        None
        if sqlite and type(table.c[c].type) is LargeBinary
        else table.c[c].type.dialect_impl(dialect).bind_processor(dialect)
        for c in cols
    ]


def _convert(
    batch: list[Any],
    extract: Callable[[Any], tuple[Any, ...]],
    processors: list[Converter | None],
) -> list[tuple[Any, ...]]:
    active = [(i, p) for i, p in enumerate(processors) if p is not None]
    if not active:
        return [extract(r) for r in batch]
    out = []
    # The same object as the row before (a batch's one timestamp, say) converts the same way:
    # convert it once.
    last_in: list[Any] = [_NOTHING] * len(active)
    last_out: list[Any] = [None] * len(active)
    for row in batch:
        values = list(extract(row))
        for k, (i, proc) in enumerate(active):
            value = values[i]
            if value is not last_in[k]:
                last_in[k], last_out[k] = value, proc(value)
            values[i] = last_out[k]
        out.append(tuple(values))
    return out


_NOTHING = object()


@contextmanager
def driver_errors(session: Session, statement: str) -> Iterator[None]:
    """Driver errors raised on the raw connection as SQLAlchemy's own (``IntegrityError``,
    ``OperationalError`` ...), as a statement run through SQLAlchemy would raise them: the
    callers' error handling (a stream worker's retry) sees the one error tree."""
    dialect = session.get_bind().dialect
    base: type[Exception] = getattr(dialect.loaded_dbapi, "Error", Exception)
    try:
        yield
    except base as exc:
        raise DBAPIError.instance(statement, None, exc, base, dialect=dialect) from exc


@dataclass(frozen=True)
class _SqliteInsert:
    """A compiled ``INSERT ... ON CONFLICT DO NOTHING`` and how to feed it."""

    sql: str
    order: tuple[int, ...] | None  # positions of the values in the statement, when not as given
    processors: list[Converter | None]


_SQLITE_STATEMENTS: dict[tuple[Any, ...], _SqliteInsert] = {}


def _sqlite_statement(
    table: Table, cols: Sequence[str], conflict_columns: Sequence[str], dialect: Dialect
) -> _SqliteInsert:
    key = (table, tuple(cols), tuple(conflict_columns), type(dialect), dialect.paramstyle)
    found = _SQLITE_STATEMENTS.get(key)
    if found is not None:
        return found
    stmt = (
        sqlite_insert(table)
        .values({c: bindparam(c) for c in cols})
        .on_conflict_do_nothing(index_elements=list(conflict_columns))
    )
    compiled = stmt.compile(dialect=dialect)
    order = [list(cols).index(name) for name in compiled.positiontup or []]
    prepared = _SqliteInsert(
        sql=str(compiled),
        order=None if order == list(range(len(cols))) else tuple(order),
        processors=_processors(table, list(cols), dialect),
    )
    _SQLITE_STATEMENTS[key] = prepared
    return prepared


def _sqlite_insert(
    session: Session,
    table: Table,
    cols: list[str],
    batch: list[Any],
    extract: Callable[[Any], tuple[Any, ...]],
    conflict_columns: Sequence[str],
) -> int:
    dialect = session.get_bind().dialect
    prepared = _sqlite_statement(table, cols, conflict_columns, dialect)
    values = _convert(batch, extract, prepared.processors)
    if prepared.order is not None:
        order = prepared.order
        values = [tuple(v[i] for i in order) for v in values]
    raw = session.connection().connection.driver_connection
    # sqlite3's total_changes counts rows actually written: skipped conflicts add nothing.
    before = raw.total_changes  # type: ignore[union-attr]
    with driver_errors(session, prepared.sql):
        raw.executemany(prepared.sql, values)  # type: ignore[union-attr]
    return int(raw.total_changes - before)  # type: ignore[union-attr]


def insert_rows(
    session: Session,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    *,
    conflict_columns: Sequence[str],
) -> int:
    """``insert_ignore`` for rows given as tuples in ``columns`` order; returns how many were
    inserted (a row whose ``conflict_columns`` match a stored or earlier row is skipped)."""
    if not rows:
        return 0
    dialect = session.get_bind().dialect
    if dialect.name not in ("postgresql", "sqlite"):
        raise ValueError(f"bulk insert supports SQLite and PostgreSQL, not {dialect.name}")
    defaults = _scalar_defaults(table, columns)
    cols = list(columns) + list(defaults)
    constants = tuple(defaults.values())
    extract: Callable[[Any], tuple[Any, ...]] = (
        (lambda row: (*row, *constants)) if constants else tuple
    )
    if versions.versioned(table.name):
        at = list(columns).index(_owner(table)) if _owner(table) in columns else None
        _touch(session, table, (None if at is None else row[at] for row in rows))
    inserted = 0
    for start in range(0, len(rows), BATCH_ROWS):
        batch = list(rows[start : start + BATCH_ROWS])
        if dialect.name == "postgresql":
            inserted += _copy_insert(session, table, cols, batch, extract, conflict_columns)
        else:
            inserted += _sqlite_insert(session, table, cols, batch, extract, conflict_columns)
    return inserted


def copy_rows(
    session: Session, table: Table, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]
) -> None:
    """PostgreSQL only: ``COPY`` tuples (in ``columns`` order) straight into ``table``.

    No duplicate handling: a row that breaks a unique key fails the whole COPY (psycopg's
    ``UniqueViolation``), so run it under a savepoint and fall back to ``insert_rows``. Columns
    the rows leave out take the database's defaults.
    """
    dialect = session.get_bind().dialect
    if dialect.name != "postgresql":
        raise ValueError("copy_rows is PostgreSQL's COPY")
    cols = list(columns)
    if versions.versioned(table.name):
        rows = list(rows)
        at = cols.index(_owner(table)) if _owner(table) in cols else None
        _touch(session, table, (None if at is None else row[at] for row in rows))
    convert = _copy_converter(table, cols, dialect)
    raw: Any = session.connection().connection.driver_connection
    col_list = ", ".join(f'"{c}"' for c in cols)
    statement = f'COPY "{table.name}" ({col_list}) FROM STDIN'
    types = _binary_types(session, raw, table, cols) if convert is None else None
    if types is not None:
        statement += " (FORMAT BINARY)"
    try:
        with (
            driver_errors(session, statement),
            raw.cursor() as cursor,
            cursor.copy(statement) as copy,
        ):
            if types is not None:
                copy.set_types(types)
            if convert is None:
                for row in rows:
                    copy.write_row(row)
            else:
                for row in rows:
                    copy.write_row(convert(row))
    except IntegrityError:
        raise  # a row's fault (a duplicate key), not the types'
    except Exception:
        # The types read before may be out of date (a migration changed a column while this
        # process ran): the next COPY into the table reads them again.
        _column_types.pop(_types_key(session, table), None)
        raise


# Column types COPY takes in binary from the Python values the rows hold as they are.
_BINARY_TYPES = frozenset(
    {"bool", "int2", "int4", "int8", "float4", "float8", "bytea", "timestamptz"}
)
_column_types: dict[tuple[str, str], dict[str, str]] = {}  # (database URL, table) → types


def _types_key(session: Session, table: Table) -> tuple[str, str]:
    return (str(session.get_bind().engine.url), table.name)


def _binary_types(
    session: Session, raw: Any, table: Table, cols: Sequence[str]
) -> list[str] | None:
    """The columns' PostgreSQL type names when COPY can take every one of them in binary, else
    None. Binary is cheaper to write and to parse than text (a ``bytea`` goes as its bytes, not
    as hex: a quarter of the client's CPU for waveform chunks). The names come from the
    database's catalogue (its real types, whatever the models say), read once per table and
    again after a COPY into it failed (``copy_rows``)."""
    key = _types_key(session, table)
    types = _column_types.get(key)
    if types is None:
        rows = raw.execute(
            "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
            " WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped",
            [table.name],
        ).fetchall()
        types = _column_types[key] = {str(name): str(kind) for name, kind in rows}
    names = [types.get(c, "") for c in cols]
    return names if _BINARY_TYPES.issuperset(names) else None


def _copy_converter(
    table: Table, cols: Sequence[str], dialect: Dialect
) -> Callable[[tuple[Any, ...]], tuple[Any, ...]] | None:
    """What COPY needs done to a row: JSON columns as text, encrypted columns as ciphertext
    (COPY takes Python values through psycopg's adapters, bypassing the column types)."""
    json_cols = [i for i, c in enumerate(cols) if isinstance(table.c[c].type, JSON)]
    encrypted = [
        (i, table.c[c].type)
        for i, c in enumerate(cols)
        if isinstance(table.c[c].type, ENCRYPTED_TYPES)
    ]
    if not json_cols and not encrypted:
        return None

    def convert(values: tuple[Any, ...]) -> tuple[Any, ...]:
        listed = list(values)
        for i in json_cols:
            listed[i] = None if listed[i] is None else json.dumps(listed[i])
        for i, kind in encrypted:
            listed[i] = kind.process_bind_param(listed[i], dialect)  # type: ignore[attr-defined]
        return tuple(listed)

    return convert


def _copy_insert(
    session: Session,
    table: Table,
    cols: list[str],
    batch: list[Any],
    extract: Callable[[Any], tuple[Any, ...]],
    conflict_columns: Sequence[str],
) -> int:
    raw = session.connection().connection.driver_connection  # psycopg.Connection
    staging = f"_stage_{table.name}"
    col_list = ", ".join(f'"{c}"' for c in cols)
    convert = _copy_converter(table, cols, session.get_bind().dialect)
    with (
        driver_errors(session, f'COPY "{staging}" / INSERT INTO "{table.name}"'),
        raw.cursor() as cursor,  # type: ignore[union-attr]
    ):
        cursor.execute(
            f'CREATE TEMP TABLE IF NOT EXISTS "{staging}" '
            f'(LIKE "{table.name}" INCLUDING DEFAULTS) ON COMMIT DROP'
        )
        cursor.execute(f'TRUNCATE "{staging}"')
        with cursor.copy(f'COPY "{staging}" ({col_list}) FROM STDIN') as copy:
            for row in batch:
                values = extract(row)
                copy.write_row(values if convert is None else convert(values))
        conflict = ", ".join(f'"{c}"' for c in conflict_columns)
        cursor.execute(
            f'INSERT INTO "{table.name}" ({col_list}) SELECT {col_list} FROM "{staging}" '
            f"ON CONFLICT ({conflict}) DO NOTHING"
        )
        count: int = cursor.rowcount
    return max(count, 0)
