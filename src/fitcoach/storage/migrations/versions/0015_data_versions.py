"""data versions: a counter per athlete that every write to their data raises

Adds ``data_versions`` (``athlete_id``, ``version``): the key under which each server process
caches an athlete's readiness and today's session (``services.results``). Empty at first: an
athlete without a row is at version 0, and the first write after the upgrade makes it 1. No
foreign key, so that a deleted athlete's count stays (see ``models.versions``).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-20 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "data_versions",
        sa.Column("athlete_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("athlete_id", name=op.f("pk_data_versions")),
    )


def downgrade() -> None:
    op.drop_table("data_versions")
