"""data version slots: an athlete's counter kept in several rows, so writers do not queue

``data_versions`` gets ``slot`` (part of the primary key): a committed write raises one row of
the athlete's, the row of the connection it ran on (``storage.versions``), and an athlete's
version is the sum of their rows. Two writers of the same athlete on two connections no longer
wait on one row lock held until the other's COMMIT and WAL flush. Existing counters become
slot 0 with their value, so every version read is unchanged. Downgrading adds the slots back
into one row per athlete.

Revision ID: 0027
Revises: 0026
Create Date: 2026-11-29 05:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("data_versions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("slot", sa.SmallInteger(), nullable=False, server_default=sa.text("0"))
        )
        batch_op.drop_constraint("pk_data_versions", type_="primary")
        batch_op.create_primary_key("pk_data_versions", ["athlete_id", "slot"])


def downgrade() -> None:
    first = (
        "(SELECT min(m.slot) FROM data_versions m WHERE m.athlete_id = data_versions.athlete_id)"
    )
    op.execute(
        "UPDATE data_versions SET version = (SELECT sum(s.version) FROM data_versions s"
        f" WHERE s.athlete_id = data_versions.athlete_id) WHERE slot = {first}"
    )
    op.execute(f"DELETE FROM data_versions WHERE slot <> {first}")
    with op.batch_alter_table("data_versions", schema=None) as batch_op:
        batch_op.drop_constraint("pk_data_versions", type_="primary")
        batch_op.create_primary_key("pk_data_versions", ["athlete_id"])
        batch_op.drop_column("slot")
