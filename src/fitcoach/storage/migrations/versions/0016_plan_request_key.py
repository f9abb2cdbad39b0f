"""generation requests answered again: the request and the data a generated version was made from

Adds ``plan_versions.request_key`` (a hash of the generation request: who asked, seed, weeks,
start, replace, the day), ``plan_versions.data_version`` and ``plan_versions.global_version``
(the athlete's and everyone's data versions its commit left). While both are still current,
the same request is answered with that version instead of storing a copy
(``services.plans.generation``). Nullable: versions stored before, and versions not made by a
generation, are never answered again. Indexed by (athlete, data version), how they are looked
up.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-21 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("plan_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("request_key", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("data_version", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("global_version", sa.BigInteger(), nullable=True))
        batch_op.create_index(
            "ix_plan_versions_athlete_data_version", ["athlete_id", "data_version"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("plan_versions", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_versions_athlete_data_version")
        batch_op.drop_column("global_version")
        batch_op.drop_column("data_version")
        batch_op.drop_column("request_key")
