"""consent records per athlete and purpose

Adds the append-only ``consent_records`` table and records, for every athlete who existed
before consent was asked, the grants they implicitly had: storing training logs and sensor
data, sharing with coaches only when already linked to one, and never model training. These
rows carry version "implicit-0", source "migration" and the time the migration ran.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 10:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import fitcoach.storage.db
from fitcoach.core.clock import SystemClock

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

IMPLICIT_VERSION = "implicit-0"
PURPOSES = ("training_logs", "sensor_data", "coach_sharing", "model_training")


def upgrade() -> None:
    op.create_table(
        "consent_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(*PURPOSES, name="consentpurpose", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("actor_account_id", sa.Integer(), nullable=True),
        sa.Column("at", fitcoach.storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_account_id"],
            ["accounts.id"],
            name=op.f("fk_consent_records_actor_account_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_consent_records_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_records")),
    )
    with op.batch_alter_table("consent_records", schema=None) as batch_op:
        batch_op.create_index(
            "ix_consent_records_athlete_purpose", ["athlete_id", "purpose", "id"], unique=False
        )

    athletes = sa.table("athletes", sa.column("id", sa.Integer()))
    links = sa.table("coach_links", sa.column("athlete_id", sa.Integer()))
    records = sa.table(
        "consent_records",
        sa.column("athlete_id", sa.Integer()),
        sa.column("purpose", sa.String()),
        sa.column("granted", sa.Boolean()),
        sa.column("version", sa.String()),
        sa.column("source", sa.String()),
        sa.column("at", fitcoach.storage.db.UTCDateTime(timezone=True)),
    )
    bind = op.get_bind()
    ids = bind.execute(sa.select(athletes.c.id).order_by(athletes.c.id)).scalars().all()
    linked = set(bind.execute(sa.select(links.c.athlete_id).distinct()).scalars())
    now = SystemClock().now()  # a migration runs outside any service context
    rows = [
        {
            "athlete_id": athlete_id,
            "purpose": purpose,
            "granted": {
                "training_logs": True,
                "sensor_data": True,
                "coach_sharing": athlete_id in linked,
                "model_training": False,
            }[purpose],
            "version": IMPLICIT_VERSION,
            "source": "migration",
            "at": now,
        }
        for athlete_id in ids
        for purpose in PURPOSES
    ]
    if rows:
        bind.execute(records.insert(), rows)


def downgrade() -> None:
    with op.batch_alter_table("consent_records", schema=None) as batch_op:
        batch_op.drop_index("ix_consent_records_athlete_purpose")
    op.drop_table("consent_records")
