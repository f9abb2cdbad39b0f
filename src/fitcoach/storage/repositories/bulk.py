"""Bulk inserts that skip rows already stored (same unique key): imports and streams use these.

SQLite: one ``executemany`` of ``INSERT ... ON CONFLICT DO NOTHING``.
PostgreSQL: ``COPY`` into a temporary staging table, then one
``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` (COPY is the fastest way in; the staging
table lets the database drop duplicates instead of failing the whole batch).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import JSON, Table
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

BATCH_ROWS = 50_000


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
    cols = list(columns or first.keys())
    dialect = session.get_bind().dialect.name
    inserted = 0
    if dialect not in ("postgresql", "sqlite"):
        raise ValueError(f"bulk insert supports SQLite and PostgreSQL, not {dialect}")
    for batch in _batches(itertools.chain([first], iterator), BATCH_ROWS):
        if dialect == "postgresql":
            inserted += _copy_insert(session, table, cols, batch, conflict_columns)
            continue
        stmt = sqlite_insert(table).on_conflict_do_nothing(index_elements=list(conflict_columns))
        # sqlite3's total_changes counts rows actually written: skipped conflicts add nothing.
        raw = session.connection().connection.driver_connection
        before = raw.total_changes  # type: ignore[union-attr]
        session.execute(stmt, [{c: r[c] for c in cols} for r in batch])
        inserted += raw.total_changes - before  # type: ignore[union-attr]
    return inserted


def _batches(rows: Iterable[Mapping[str, Any]], size: int) -> Iterable[list[Mapping[str, Any]]]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _copy_insert(
    session: Session,
    table: Table,
    cols: list[str],
    batch: list[Mapping[str, Any]],
    conflict_columns: Sequence[str],
) -> int:
    connection = session.connection()
    raw = connection.connection.driver_connection  # psycopg.Connection
    staging = f"_stage_{table.name}"
    col_list = ", ".join(f'"{c}"' for c in cols)
    converters = [_pg_value(table, c) for c in cols]
    with raw.cursor() as cursor:  # type: ignore[union-attr]
        cursor.execute(
            f'CREATE TEMP TABLE IF NOT EXISTS "{staging}" '
            f'(LIKE "{table.name}" INCLUDING DEFAULTS) ON COMMIT DROP'
        )
        cursor.execute(f'TRUNCATE "{staging}"')
        with cursor.copy(f'COPY "{staging}" ({col_list}) FROM STDIN') as copy:
            for row in batch:
                copy.write_row([conv(row[c]) for c, conv in zip(cols, converters, strict=True)])
        conflict = ", ".join(f'"{c}"' for c in conflict_columns)
        cursor.execute(
            f'INSERT INTO "{table.name}" ({col_list}) SELECT {col_list} FROM "{staging}" '
            f"ON CONFLICT ({conflict}) DO NOTHING"
        )
        count: int = cursor.rowcount
    return max(count, 0)


def _pg_value(table: Table, column: str) -> Callable[[Any], Any]:
    """A converter for COPY: JSON columns go as JSON text, everything else as it is."""
    if isinstance(table.c[column].type, JSON):
        return lambda v: None if v is None else json.dumps(v)
    return lambda v: v
