"""sign-up: invitations, the athlete's units

Sign-up on the web: ``invitations`` holds the codes that let someone sign up on the web when
``FITCOACH_SIGNUP=invite`` (only each code's SHA-256 hash; single use, expiring, revocable).
``profiles.units`` says how the athlete reads weights and distances, ``metric`` (kg, km) or
``imperial`` (lb, mi); existing profiles get ``metric``, what the pages showed before.

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-28 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import fitcoach.storage.db

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=120), nullable=False),
        sa.Column("created_by_account_id", sa.Integer(), nullable=True),
        sa.Column("created_at", fitcoach.storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", fitcoach.storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", fitcoach.storage.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("used_by_account_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", fitcoach.storage.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_invitations_created_by_account_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["used_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_invitations_used_by_account_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_invitations_code_hash")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_invitations_created_by_account_id"),
            ["created_by_account_id"],
            unique=False,
        )
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("units", sa.String(length=8), server_default="metric", nullable=False)
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_profiles_units"), "units IN ('metric', 'imperial')"
        )


def downgrade() -> None:
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_profiles_units"), type_="check")
        batch_op.drop_column("units")
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invitations_created_by_account_id"))
    op.drop_table("invitations")
