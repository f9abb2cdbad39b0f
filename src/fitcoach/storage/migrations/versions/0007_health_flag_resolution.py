"""health flags: who resolved a flag and why

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 09:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("health_flags", schema=None) as batch_op:
        batch_op.add_column(sa.Column("resolved_by_account_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("resolution_note", sa.String(length=500), server_default="", nullable=False)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_health_flags_resolved_by_account_id_accounts"),
            "accounts",
            ["resolved_by_account_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("health_flags", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_health_flags_resolved_by_account_id_accounts"), type_="foreignkey"
        )
        batch_op.drop_column("resolution_note")
        batch_op.drop_column("resolved_by_account_id")
