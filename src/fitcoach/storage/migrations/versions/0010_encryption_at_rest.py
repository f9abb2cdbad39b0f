"""encryption at rest: sensitive columns become encrypted text, existing rows encrypted

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 10:45:00.000000

JSON columns (profile injuries and conditions, the conversation summary) and the bounded
health-flag notes become TEXT (a Fernet token is longer than its plaintext and is no JSON);
then every stored value of every encrypted column is encrypted in batches with the newest key
of FITCOACH_ENCRYPTION_KEYS (docs/security.md). Downgrading decrypts them again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from fitcoach.storage.crypto import keyring, rewrite_column

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, integer key, column): frozen here, whatever the models later add.
ENCRYPTED = [
    ("profiles", "athlete_id", "injuries"),
    ("profiles", "athlete_id", "conditions"),
    ("workout_sessions", "id", "notes"),
    ("set_logs", "id", "notes"),
    ("cardio_sessions", "id", "notes"),
    ("meals", "id", "description"),
    ("feedback", "id", "notes"),
    ("health_flags", "id", "note"),
    ("health_flags", "id", "resolution_note"),
    ("conversations", "id", "summary"),
    ("messages", "id", "text"),
]
_JSON = [("profiles", "injuries"), ("profiles", "conditions"), ("conversations", "summary")]
_BOUNDED = [("health_flags", "note"), ("health_flags", "resolution_note")]


def upgrade() -> None:
    for table, name in _JSON:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                name,
                existing_type=sa.JSON(),
                type_=sa.Text(),
                existing_nullable=False,
                postgresql_using=f"{name}::text",
            )
    with op.batch_alter_table("health_flags", schema=None) as batch_op:
        for _, name in _BOUNDED:
            batch_op.alter_column(
                name, existing_type=sa.String(length=500), type_=sa.Text(), existing_nullable=False
            )
    connection = op.get_bind()
    ring = keyring()
    for table, key, name in ENCRYPTED:
        rewrite_column(connection, table, key, name, ring)


def downgrade() -> None:
    connection = op.get_bind()
    ring = keyring()
    for table, key, name in ENCRYPTED:
        rewrite_column(connection, table, key, name, ring, decrypt=True)
    with op.batch_alter_table("health_flags", schema=None) as batch_op:
        for _, name in _BOUNDED:
            batch_op.alter_column(
                name, existing_type=sa.Text(), type_=sa.String(length=500), existing_nullable=False
            )
    for table, name in _JSON:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                name,
                existing_type=sa.Text(),
                type_=sa.JSON(),
                existing_nullable=False,
                postgresql_using=f"{name}::json",
            )
