"""the form check of a filmed set on its set log

Adds ``set_logs.form_check`` (encrypted JSON: reps counted, faults with cues, the form score)
and ``set_logs.form_breakdown`` (plain boolean, read by progression), both nullable: sets that
were never filmed have neither.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-24 21:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("set_logs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("form_check", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("form_breakdown", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("set_logs", schema=None) as batch_op:
        batch_op.drop_column("form_breakdown")
        batch_op.drop_column("form_check")
