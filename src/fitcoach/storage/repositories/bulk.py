"""Bulk inserts that skip rows already stored (same unique key): imports and streams use these.

SQLite: one driver-level ``executemany`` of ``INSERT ... ON CONFLICT DO NOTHING``.
PostgreSQL: ``COPY`` into a temporary staging table, then one
``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` (COPY is the fastest way in; the staging
table lets the database drop duplicates instead of failing the whole batch).

Both paths convert values with SQLAlchemy's own bind processors (UTC timestamps, dates,
JSON), so what they store reads back exactly as an ORM insert would, and both fill the
columns' scalar Python-side defaults that a row leaves out.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Table, bindparam
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from fitcoach.storage.crypto import ENCRYPTED_TYPES

BATCH_ROWS = 50_000

Converter = Callable[[Any], Any]


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
    for batch in _batches(itertools.chain([first], iterator), BATCH_ROWS):
        if dialect.name == "postgresql":
            inserted += _copy_insert(session, table, cols, batch, extract, conflict_columns)
        else:
            inserted += _sqlite_insert(session, table, cols, batch, extract, conflict_columns)
    return inserted


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
    """SQLAlchemy's bind processor of each column for this dialect (None: pass as is)."""
    return [table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in cols]


def _convert(
    batch: list[Mapping[str, Any]],
    extract: Callable[[Mapping[str, Any]], tuple[Any, ...]],
    processors: list[Converter | None],
) -> list[tuple[Any, ...]]:
    active = [(i, p) for i, p in enumerate(processors) if p is not None]
    if not active:
        return [extract(r) for r in batch]
    out = []
    for row in batch:
        values = list(extract(row))
        for i, proc in active:
            values[i] = proc(values[i])
        out.append(tuple(values))
    return out


def _sqlite_insert(
    session: Session,
    table: Table,
    cols: list[str],
    batch: list[Mapping[str, Any]],
    extract: Callable[[Mapping[str, Any]], tuple[Any, ...]],
    conflict_columns: Sequence[str],
) -> int:
    dialect = session.get_bind().dialect
    stmt = (
        sqlite_insert(table)
        .values({c: bindparam(c) for c in cols})
        .on_conflict_do_nothing(index_elements=list(conflict_columns))
    )
    compiled = stmt.compile(dialect=dialect)
    order = [cols.index(name) for name in compiled.positiontup or []]
    values = _convert(batch, extract, _processors(table, cols, dialect))
    if order != list(range(len(cols))):
        values = [tuple(v[i] for i in order) for v in values]
    raw = session.connection().connection.driver_connection
    # sqlite3's total_changes counts rows actually written: skipped conflicts add nothing.
    before = raw.total_changes  # type: ignore[union-attr]
    raw.executemany(str(compiled), values)  # type: ignore[union-attr]
    return int(raw.total_changes - before)  # type: ignore[union-attr]


def _copy_insert(
    session: Session,
    table: Table,
    cols: list[str],
    batch: list[Mapping[str, Any]],
    extract: Callable[[Mapping[str, Any]], tuple[Any, ...]],
    conflict_columns: Sequence[str],
) -> int:
    raw = session.connection().connection.driver_connection  # psycopg.Connection
    staging = f"_stage_{table.name}"
    col_list = ", ".join(f'"{c}"' for c in cols)
    # COPY takes Python values through psycopg's own adapters; only JSON needs its text form.
    json_cols = [i for i, c in enumerate(cols) if isinstance(table.c[c].type, JSON)]
    # ...and encrypted columns their ciphertext (COPY bypasses the column types).
    dialect = session.get_bind().dialect
    encrypted = [
        (i, table.c[c].type)
        for i, c in enumerate(cols)
        if isinstance(table.c[c].type, ENCRYPTED_TYPES)
    ]
    with raw.cursor() as cursor:  # type: ignore[union-attr]
        cursor.execute(
            f'CREATE TEMP TABLE IF NOT EXISTS "{staging}" '
            f'(LIKE "{table.name}" INCLUDING DEFAULTS) ON COMMIT DROP'
        )
        cursor.execute(f'TRUNCATE "{staging}"')
        with cursor.copy(f'COPY "{staging}" ({col_list}) FROM STDIN') as copy:
            for row in batch:
                values = extract(row)
                if json_cols:
                    listed = list(values)
                    for i in json_cols:
                        listed[i] = None if listed[i] is None else json.dumps(listed[i])
                    values = tuple(listed)
                if encrypted:
                    listed = list(values)
                    for i, kind in encrypted:
                        listed[i] = kind.process_bind_param(listed[i], dialect)  # type: ignore[attr-defined]
                    values = tuple(listed)
                copy.write_row(values)
        conflict = ", ".join(f'"{c}"' for c in conflict_columns)
        cursor.execute(
            f'INSERT INTO "{table.name}" ({col_list}) SELECT {col_list} FROM "{staging}" '
            f"ON CONFLICT ({conflict}) DO NOTHING"
        )
        count: int = cursor.rowcount
    return max(count, 0)
