"""Migration 0017: SQLite tables with an integer surrogate key use AUTOINCREMENT, so an id is
never handed out twice; the rows survive the upgrade and the downgrade."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

import fitcoach.storage.models  # noqa: F401  (registers every table)
from fitcoach.storage import migrate
from fitcoach.storage.db import Base, make_engine

CREATED = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
_AUTOINCREMENT = re.compile(r"PRIMARY\s+KEY\s+AUTOINCREMENT", re.I)


def _surrogate_keyed(table: sa.Table) -> bool:
    """Whether the table's key is one integer column the database hands out."""
    keys = list(table.primary_key.columns)
    return (
        len(keys) == 1
        and isinstance(keys[0].type, sa.Integer)
        and not keys[0].foreign_keys
        and keys[0].autoincrement is not False
    )


def _dump(engine: sa.Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in key order."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            if table.name == "alembic_version":
                continue
            order = list(table.primary_key.columns) or list(table.c)
            out[table.name] = [tuple(r) for r in conn.execute(sa.select(table).order_by(*order))]
    return out


def _autoincrement_tables(engine: sa.Engine) -> set[str]:
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
        return {name for name, sql in rows if sql and _AUTOINCREMENT.search(sql)}


def _add_athlete(conn: sa.Connection, n: int) -> tuple[int, int]:
    """An account and its athlete, ids handed out by the database."""
    account_id = conn.execute(
        sa.text(
            "INSERT INTO accounts (email, display_name, role, is_active, created_at) "
            "VALUES (:email, 'A', 'athlete', true, :at) RETURNING id"
        ),
        {"email": f"a{n}@example.org", "at": CREATED},
    ).scalar_one()
    athlete_id = conn.execute(
        sa.text(
            "INSERT INTO athletes (account_id, name, timezone, created_at) "
            "VALUES (:account, 'A', 'UTC', :at) RETURNING id"
        ),
        {"account": account_id, "at": CREATED},
    ).scalar_one()
    return account_id, athlete_id


def test_ids_are_never_handed_out_again_and_rows_survive(empty_url: str) -> None:
    migrate.upgrade(empty_url, "0016")
    engine = make_engine(empty_url)
    try:
        with engine.begin() as conn:
            first = _add_athlete(conn, 1)
            last = _add_athlete(conn, 2)
            for athlete_id in (first[1], last[1]):
                conn.execute(
                    sa.text(
                        "INSERT INTO workout_sessions (athlete_id, started_at, title, notes, "
                        "source, source_id) VALUES (:a, :at, 'legs', '', 'manual', :s)"
                    ),
                    {"a": athlete_id, "at": CREATED, "s": f"w{athlete_id}"},
                )
                conn.execute(
                    sa.text(
                        "INSERT INTO audit_log (at, actor_account_id, athlete_id, action, "
                        "entity, entity_id, detail) "
                        "VALUES (:at, NULL, :a, 'access', 'plans', NULL, '{}')"
                    ),
                    {"a": athlete_id, "at": CREATED},
                )
            # The athlete (and account) with the highest ids is deleted before the upgrade.
            conn.execute(
                sa.text("DELETE FROM workout_sessions WHERE athlete_id = :a"), {"a": last[1]}
            )
            conn.execute(sa.text("DELETE FROM athletes WHERE id = :a"), {"a": last[1]})
            conn.execute(sa.text("DELETE FROM accounts WHERE id = :a"), {"a": last[0]})
        before = _dump(engine)

        migrate.upgrade(empty_url, "0017")
        assert _dump(engine) == before
        if engine.dialect.name == "sqlite":
            present = set(sa.inspect(engine).get_table_names())
            expected = {
                t.name
                for t in Base.metadata.sorted_tables
                if _surrogate_keyed(t) and t.name in present  # later revisions add tables
            }
            assert _autoincrement_tables(engine) == expected
        with engine.begin() as conn:
            # The audit log names the deleted athlete: the new one gets an id above it.
            account_id, athlete_id = _add_athlete(conn, 3)
        assert athlete_id > last[1]
        assert account_id > first[0]
        with engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM athletes WHERE id = :a"), {"a": athlete_id})
            conn.execute(sa.text("DELETE FROM accounts WHERE id = :a"), {"a": account_id})
            again = _add_athlete(conn, 4)
        assert again[1] > athlete_id
        assert again[0] > account_id
        with engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM athletes WHERE id = :a"), {"a": again[1]})
            conn.execute(sa.text("DELETE FROM accounts WHERE id = :a"), {"a": again[0]})
        after = _dump(engine)

        migrate.downgrade(empty_url, "0016")
        assert _dump(engine) == after
        if engine.dialect.name == "sqlite":
            assert _autoincrement_tables(engine) == set()
        migrate.upgrade(empty_url, "0017")
        assert _dump(engine) == after
        migrate.upgrade(empty_url)
        migrate.check(empty_url)
    finally:
        engine.dispose()


def test_every_table_with_a_surrogate_key_never_reuses_ids_on_sqlite(
    new_empty_database: Any,
) -> None:
    """The models ask for AUTOINCREMENT on every table whose integer key the database hands
    out (a new table cannot forget it), and the migrations create the same tables."""
    keyed = {t.name for t in Base.metadata.sorted_tables if _surrogate_keyed(t)}
    flagged = {
        t.name for t in Base.metadata.sorted_tables if t.dialect_options["sqlite"]["autoincrement"]
    }
    assert flagged == keyed
    assert {"accounts", "athletes", "audit_log", "api_tokens", "set_logs"} <= keyed
    migrated, created = new_empty_database(), new_empty_database()
    if not migrated.startswith("sqlite"):
        return  # PostgreSQL: sequences never hand a value out twice
    migrate.upgrade(migrated)
    engine = make_engine(created)
    try:
        Base.metadata.create_all(engine)
        assert _autoincrement_tables(engine) == keyed
    finally:
        engine.dispose()
    engine = make_engine(migrated)
    try:
        assert _autoincrement_tables(engine) == keyed
    finally:
        engine.dispose()
