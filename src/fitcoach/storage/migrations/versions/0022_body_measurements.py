"""body measurements: tape circumferences and body fat per athlete, day and site

Body measurements from a tape: ``body_measurements`` holds one reading per athlete, day and site (a circumference
in cm at ``waist``, ``upper_arm_left`` ..., or body fat in % at ``body_fat``); a second
reading of the same site and day replaces the first (the unique key). Notes are encrypted at
rest like every other note.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import fitcoach.storage.crypto

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "body_measurements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("site", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("notes", fitcoach.storage.crypto.EncryptedText(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("source_id", sa.String(length=120), nullable=False),
        sa.CheckConstraint("value > 0 AND value < 300", name=op.f("ck_body_measurements_value")),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_body_measurements_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_body_measurements")),
        sa.UniqueConstraint(
            "athlete_id", "day", "site", name=op.f("uq_body_measurements_athlete_id_day_site")
        ),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("body_measurements")
