"""profile country: where the athlete lives, when they said

``profiles.country`` (an ISO 3166-1 alpha-2 code, NULL when not given) picks the crisis line the
self-harm reply shows before the time zone does: a time zone is not a country. Existing
profiles have none; nothing is guessed into them.

Revision ID: 0026
Revises: 0025
Create Date: 2026-11-28 11:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("country", sa.String(length=2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.drop_column("country")
