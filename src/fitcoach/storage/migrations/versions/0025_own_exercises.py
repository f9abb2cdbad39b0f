"""athletes' own exercises: an exercise row may belong to one athlete

``exercises.athlete_id`` (NULL for the shipped library) makes a row an athlete's own exercise
(an app's name kept as theirs); ``created_at`` says when it was made. Names were
unique across the table; they are now unique per owner (``athlete_id``, ``name``), so two
athletes may each keep a "Machine Row". On SQLite the table is rebuilt (batch mode, foreign
keys off while migrating, ``migrations/env.py``), its rows and ids kept.

Downgrading deletes the athletes' own exercises (with their sets, records and remembered
name choices) before restoring the unique name: the older schema cannot hold them.

Revision ID: 0025
Revises: 0024
Create Date: 2026-11-28 08:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import fitcoach.storage.db

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The rebuild keeps AUTOINCREMENT (revision 0017): ids are never reused.
    with op.batch_alter_table(
        "exercises", schema=None, table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.add_column(sa.Column("athlete_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("created_at", fitcoach.storage.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.drop_constraint(batch_op.f("uq_exercises_name"), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_exercises_athlete_id_name"), ["athlete_id", "name"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_exercises_athlete_id_athletes"),
            "athletes",
            ["athlete_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_index(batch_op.f("ix_exercises_athlete_id"), ["athlete_id"], unique=False)


def downgrade() -> None:
    connection = op.get_bind()
    own = "SELECT id FROM exercises WHERE athlete_id IS NOT NULL"
    for table in ("set_logs", "personal_records", "exercise_name_choices"):
        connection.exec_driver_sql(f"DELETE FROM {table} WHERE exercise_id IN ({own})")
    connection.exec_driver_sql("DELETE FROM exercises WHERE athlete_id IS NOT NULL")
    # The rebuild keeps AUTOINCREMENT (revision 0017): ids are never reused.
    with op.batch_alter_table(
        "exercises", schema=None, table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exercises_athlete_id"))
        batch_op.drop_constraint(batch_op.f("fk_exercises_athlete_id_athletes"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_exercises_athlete_id_name"), type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_exercises_name"), ["name"])
        batch_op.drop_column("created_at")
        batch_op.drop_column("athlete_id")
