"""encryption at rest: a workout's title is encrypted like its notes

A workout's title is free text the athlete writes ("physio after knee surgery"), as personal as
the notes beside it, which are encrypted since 0010; nothing searches, sorts or indexes it in
SQL. The column becomes TEXT (a Fernet token is longer than the 120 characters a title may
have; the length is still checked where a title comes in) and every stored title is encrypted
in batches with the newest key of FITCOACH_ENCRYPTION_KEYS (docs/security.md). Downgrading
decrypts them and makes the column VARCHAR(120) again.

On SQLite the batch operation rebuilds the table from what it reflects, which does not include
AUTOINCREMENT (0017): it is asked for again, so ids stay never reused.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-23 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from fitcoach.storage.crypto import keyring, rewrite_column

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite's AUTOINCREMENT survives the rebuild only when asked for (0017).
_KEEP = {"sqlite_autoincrement": True}


def upgrade() -> None:
    with op.batch_alter_table("workout_sessions", schema=None, table_kwargs=_KEEP) as batch_op:
        batch_op.alter_column(
            "title", existing_type=sa.String(length=120), type_=sa.Text(), existing_nullable=False
        )
    rewrite_column(op.get_bind(), "workout_sessions", "id", "title", keyring())


def downgrade() -> None:
    rewrite_column(op.get_bind(), "workout_sessions", "id", "title", keyring(), decrypt=True)
    with op.batch_alter_table("workout_sessions", schema=None, table_kwargs=_KEEP) as batch_op:
        batch_op.alter_column(
            "title", existing_type=sa.Text(), type_=sa.String(length=120), existing_nullable=False
        )
