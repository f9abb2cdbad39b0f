"""the athlete's bar and plates

Adds ``profiles.plates`` (JSON, nullable): the unit of the athlete's plates (kg or lb), the bar's
weight and the plate sizes they have, for the guided workout's plate maths. Null keeps the
default: a 20 kg bar and standard kg plates.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-20 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.add_column(sa.Column("plates", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.drop_column("plates")
