"""imported files remember the records they stored, so an import can be taken back whole

``imported_files.records`` maps a kind ("workouts", "cardio", "sleep", "recordings") to the
ids of the records that file's import created (not those it found stored already). Files
imported before this revision have ``{}``: they cannot be taken back as a whole.

Revision ID: 0024
Revises: 0023
Create Date: 2026-11-28 05:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("imported_files", schema=None) as batch_op:
        batch_op.add_column(sa.Column("records", sa.JSON(), server_default="{}", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("imported_files", schema=None) as batch_op:
        batch_op.drop_column("records")
