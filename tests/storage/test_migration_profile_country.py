"""Migration 0026: profiles get an optional ``country`` (none guessed into existing ones), and
going down drops it with the rest of the profile kept. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

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
profiles = sa.table(
    "profiles",
    sa.column("athlete_id", sa.Integer()),
    sa.column("sports", sa.JSON()),
    sa.column("goals", sa.JSON()),
    sa.column("experience_level", sa.String()),
    sa.column("days_per_week", sa.Integer()),
    sa.column("session_minutes", sa.Integer()),
    sa.column("equipment", sa.JSON()),
    sa.column("injuries", sa.Text()),
    sa.column("conditions", sa.Text()),
    sa.column("dietary_restrictions", sa.JSON()),
    sa.column("preferences", sa.JSON()),
    sa.column("dislikes", sa.JSON()),
    sa.column("units", sa.String()),
    sa.column("updated_at", UTCDateTime()),
)
country = sa.table("profiles", sa.column("athlete_id", sa.Integer()), sa.column("country", sa.String()))  # fmt: skip


def _athlete(conn: sa.Connection, athlete_id: int, timezone: str) -> None:
    conn.execute(
        accounts.insert().values(
            id=athlete_id, email=f"a{athlete_id}@example.org", display_name="A",
            role="athlete", is_active=True, created_at=AT,
        )
    )  # fmt: skip
    conn.execute(
        athletes.insert().values(
            id=athlete_id, account_id=athlete_id, name="A", timezone=timezone, created_at=AT,
            adaptive_dosing=False,
        )
    )  # fmt: skip
    conn.execute(
        profiles.insert().values(
            athlete_id=athlete_id, sports=[], goals=["strength"], experience_level="beginner",
            days_per_week=3, session_minutes=45, equipment=[], injuries="", conditions="",
            dietary_restrictions=[], preferences=[], dislikes=[], units="metric", updated_at=AT,
        )
    )  # fmt: skip


def _columns(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return {c["name"] for c in sa.inspect(engine).get_columns("profiles")}
    finally:
        engine.dispose()


def test_the_country_column_comes_empty_and_goes_with_the_profile_kept(empty_url: str) -> None:
    migrate.upgrade(empty_url, "0025")
    assert "country" not in _columns(empty_url)
    engine = make_engine(empty_url)
    try:
        with engine.begin() as conn:
            _athlete(conn, 1, "Europe/London")
        engine.dispose()
        migrate.upgrade(empty_url, "0026")
        with engine.begin() as conn:
            # Nothing guessed from the time zone: the athlete has not said.
            assert conn.execute(sa.select(country.c.country)).scalar_one() is None
            conn.execute(country.update().values(country="IE"))
            assert conn.execute(sa.select(country.c.country)).scalar_one() == "IE"
        engine.dispose()
        migrate.downgrade(empty_url, "0025")
        assert "country" not in _columns(empty_url)
        with engine.begin() as conn:
            kept = conn.execute(sa.select(profiles.c.athlete_id, profiles.c.session_minutes)).all()
        assert [tuple(r) for r in kept] == [(1, 45)]
        engine.dispose()
        migrate.upgrade(empty_url)
        assert "country" in _columns(empty_url)
        migrate.check(empty_url)
    finally:
        engine.dispose()
