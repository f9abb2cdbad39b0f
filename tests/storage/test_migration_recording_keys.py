"""Migration 0023: recording keys are unique per athlete, not per installation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from fitcoach.storage import migrate
from fitcoach.storage.db import UTCDateTime, make_engine

AT = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)

accounts = sa.table(
    "accounts",
    sa.column("id", sa.Integer()),
    sa.column("email", sa.String()),
    sa.column("display_name", sa.String()),
    sa.column("role", sa.String()),
    sa.column("is_active", sa.Boolean()),
    sa.column("created_at", UTCDateTime()),
)
athletes = sa.table(
    "athletes",
    sa.column("id", sa.Integer()),
    sa.column("account_id", sa.Integer()),
    sa.column("name", sa.String()),
    sa.column("timezone", sa.String()),
    sa.column("created_at", UTCDateTime()),
    sa.column("adaptive_dosing", sa.Boolean()),
)
recordings = sa.table(
    "recordings",
    sa.column("id", sa.Integer()),
    sa.column("athlete_id", sa.Integer()),
    sa.column("key", sa.String()),
    sa.column("started_at", UTCDateTime()),
    sa.column("status", sa.String()),
    sa.column("counters", sa.JSON()),
)


def _athlete(conn: sa.Connection, athlete_id: int) -> None:
    conn.execute(
        accounts.insert().values(
            id=athlete_id,
            email=f"a{athlete_id}@example.org",
            display_name="A",
            role="athlete",
            is_active=True,
            created_at=AT,
        )
    )
    conn.execute(
        athletes.insert().values(
            id=athlete_id,
            account_id=athlete_id,
            name="A",
            timezone="UTC",
            created_at=AT,
            adaptive_dosing=False,
        )
    )


def _recording(conn: sa.Connection, row_id: int, athlete_id: int, key: str) -> None:
    conn.execute(
        recordings.insert().values(
            id=row_id, athlete_id=athlete_id, key=key, started_at=AT, status="ended", counters={}
        )
    )


def test_keys_become_unique_per_athlete_and_back(empty_url: str) -> None:
    migrate.upgrade(empty_url, "0022")
    engine = make_engine(empty_url)
    try:
        with engine.begin() as conn:
            for athlete_id in (1, 2):
                _athlete(conn, athlete_id)
            _recording(conn, 1, 1, "run")
            _recording(conn, 7, 1, "ride")
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
            _recording(conn, 8, 2, "run")  # before: one key in the installation
        engine.dispose()
        migrate.upgrade(empty_url)
        with engine.begin() as conn:
            _recording(conn, 9, 2, "run")  # another athlete's own recording now
            rows = conn.execute(
                sa.select(recordings.c.id, recordings.c.athlete_id, recordings.c.key).order_by(
                    recordings.c.id
                )
            ).all()
            assert [tuple(r) for r in rows] == [(1, 1, "run"), (7, 1, "ride"), (9, 2, "run")]
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
            _recording(conn, 10, 2, "run")  # still once per athlete
        engine.dispose()
        migrate.downgrade(empty_url, "0022")
        with engine.begin() as conn:
            rows = conn.execute(
                sa.select(recordings.c.athlete_id, recordings.c.key).order_by(recordings.c.id)
            ).all()
        # The oldest keeps the key; the other athlete's is renamed so that one key is one
        # recording again.
        assert [tuple(r) for r in rows] == [(1, "run"), (1, "ride"), (2, "run:2")]
        migrate.upgrade(empty_url)
        migrate.check(empty_url)
    finally:
        engine.dispose()
