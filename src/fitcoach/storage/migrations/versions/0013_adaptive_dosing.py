"""the athlete's opt-in to the dosing agent's weekly suggestion

Adds ``athletes.adaptive_dosing`` (false by default): whether the adaptive dosing agent's
suggestion for next week takes effect after the weekly review (always within the safety
validator), or is only shown beside the rules' decision.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-24 21:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("athletes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("adaptive_dosing", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("athletes", schema=None) as batch_op:
        batch_op.drop_column("adaptive_dosing")
