"""Migration 0008: tokens get a kind and an expiry; earlier web sessions become sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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
tokens = sa.table(
    "api_tokens",
    sa.column("id", sa.Integer()),
    sa.column("account_id", sa.Integer()),
    sa.column("name", sa.String()),
    sa.column("prefix", sa.String()),
    sa.column("token_hash", sa.String()),
    sa.column("scope", sa.String()),
    sa.column("created_at", UTCDateTime()),
    sa.column("kind", sa.String()),
    sa.column("expires_at", UTCDateTime()),
)


def test_web_sessions_become_sessions_and_other_tokens_stay_api_tokens(empty_url: str) -> None:
    migrate.upgrade(empty_url, "0006")
    engine = make_engine(empty_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                accounts.insert().values(
                    id=1,
                    email="a@example.org",
                    display_name="A",
                    role="athlete",
                    is_active=True,
                    created_at=CREATED,
                )
            )
            for token_id, name in ((1, "web session"), (2, "login"), (3, "token")):
                conn.execute(
                    tokens.insert().values(
                        id=token_id,
                        account_id=1,
                        name=name,
                        prefix=f"p{token_id}",
                        token_hash=f"{token_id:064d}",
                        scope="write",
                        created_at=CREATED,
                    )
                )
        migrate.upgrade(empty_url, "0008")
        with engine.connect() as conn:
            rows = conn.execute(
                sa.select(tokens.c.id, tokens.c.kind, tokens.c.expires_at).order_by(tokens.c.id)
            ).all()
        assert [tuple(r) for r in rows] == [
            (1, "session", CREATED + timedelta(days=14)),
            (2, "api", None),
            (3, "api", None),
        ]
        migrate.downgrade(empty_url, "0006")
        migrate.upgrade(empty_url)
        migrate.check(empty_url)
    finally:
        engine.dispose()
