"""token kinds and expiry

Browser sessions and API tokens become distinct kinds of token, and a token may expire.
Existing rows named "web session" (what the web's sign-in created) become sessions that expire
fourteen days after they were made, as the web already treated them; every other row stays an
API token without expiry.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 09:30:00.000000
"""

from collections.abc import Sequence
from datetime import timedelta

import sqlalchemy as sa
from alembic import op

import fitcoach.storage.db

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SESSION_NAME = "web session"
SESSION_MAX_AGE = timedelta(days=14)  # the web's session lifetime when this was written


def upgrade() -> None:
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind",
                sa.Enum("api", "session", name="tokenkind", native_enum=False, length=16),
                server_default="api",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column("expires_at", fitcoach.storage.db.UTCDateTime(timezone=True), nullable=True)
        )
    tokens = sa.table(
        "api_tokens",
        sa.column("id", sa.Integer()),
        sa.column("name", sa.String()),
        sa.column("kind", sa.String()),
        sa.column("created_at", fitcoach.storage.db.UTCDateTime(timezone=True)),
        sa.column("expires_at", fitcoach.storage.db.UTCDateTime(timezone=True)),
    )
    bind = op.get_bind()
    sessions = bind.execute(
        sa.select(tokens.c.id, tokens.c.created_at).where(tokens.c.name == SESSION_NAME)
    ).all()
    for token_id, created_at in sessions:
        bind.execute(
            tokens.update()
            .where(tokens.c.id == token_id)
            .values(kind="session", expires_at=created_at + SESSION_MAX_AGE)
        )


def downgrade() -> None:
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_column("expires_at")
        batch_op.drop_column("kind")
