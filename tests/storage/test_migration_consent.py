"""Migration 0009: existing athletes get the grants they implicitly had, as version
"implicit-0"; model training stays off; coach sharing only where a coach was linked."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from fitcoach.storage import migrate
from fitcoach.storage.db import UTCDateTime, make_engine

CREATED = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)

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
)
links = sa.table(
    "coach_links",
    sa.column("id", sa.Integer()),
    sa.column("coach_account_id", sa.Integer()),
    sa.column("athlete_id", sa.Integer()),
    sa.column("created_at", UTCDateTime()),
)
records = sa.table(
    "consent_records",
    sa.column("id", sa.Integer()),
    sa.column("athlete_id", sa.Integer()),
    sa.column("purpose", sa.String()),
    sa.column("granted", sa.Boolean()),
    sa.column("version", sa.String()),
    sa.column("source", sa.String()),
    sa.column("actor_account_id", sa.Integer()),
    sa.column("at", UTCDateTime()),
)


def test_existing_athletes_get_their_implicit_grants(empty_url: str) -> None:
    migrate.upgrade(empty_url, "0008")
    engine = make_engine(empty_url)
    try:
        with engine.begin() as conn:
            for account_id, role in ((1, "athlete"), (2, "athlete"), (3, "coach")):
                conn.execute(
                    accounts.insert().values(
                        id=account_id,
                        email=f"{account_id}@example.org",
                        display_name=str(account_id),
                        role=role,
                        is_active=True,
                        created_at=CREATED,
                    )
                )
            for athlete_id in (1, 2):
                conn.execute(
                    athletes.insert().values(
                        id=athlete_id,
                        account_id=athlete_id,
                        name=str(athlete_id),
                        timezone="UTC",
                        created_at=CREATED,
                    )
                )
            conn.execute(
                links.insert().values(id=1, coach_account_id=3, athlete_id=1, created_at=CREATED)
            )
        before = datetime.now(UTC)
        migrate.upgrade(empty_url, "0009")
        after = datetime.now(UTC)
        with engine.connect() as conn:
            rows = conn.execute(
                sa.select(
                    records.c.athlete_id,
                    records.c.purpose,
                    records.c.granted,
                    records.c.version,
                    records.c.source,
                    records.c.actor_account_id,
                    records.c.at,
                ).order_by(records.c.athlete_id, records.c.purpose)
            ).all()
        assert {(r[0], r[1]): r[2] for r in rows} == {
            (1, "coach_sharing"): True,
            (1, "model_training"): False,
            (1, "sensor_data"): True,
            (1, "training_logs"): True,
            (2, "coach_sharing"): False,
            (2, "model_training"): False,
            (2, "sensor_data"): True,
            (2, "training_logs"): True,
        }
        assert {(r[3], r[4], r[5]) for r in rows} == {("implicit-0", "migration", None)}
        assert all(before <= r[6] <= after for r in rows)
        migrate.downgrade(empty_url, "0008")
        migrate.upgrade(empty_url)
        migrate.check(empty_url)
    finally:
        engine.dispose()
