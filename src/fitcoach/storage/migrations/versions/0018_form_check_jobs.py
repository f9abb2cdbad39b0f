"""form check jobs: a filmed set is analysed in the background and polled

Adds ``form_check_jobs``: one row per form check of a set (``running``, ``done`` or
``failed`` with the message to show), so that the upload is answered at once (202) and any
server process answers the poll. ``deadline_at``: past it a job still ``running`` (its process
died) is failed by the next poll. Indexed by (athlete, set), the poll, and (athlete, status),
the athlete's running check. AUTOINCREMENT on SQLite, as every table with an integer key
(0017).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-23 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import fitcoach.storage.db

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = ("running", "done", "failed")


def upgrade() -> None:
    op.create_table(
        "form_check_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(*STATUSES, name="formjobstatus", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("message", sa.String(length=500), nullable=False),
        sa.Column("created_at", fitcoach.storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deadline_at", fitcoach.storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", fitcoach.storage.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('running', 'done', 'failed')", name=op.f("ck_form_check_jobs_status")
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_form_check_jobs_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["set_logs.id"],
            name=op.f("fk_form_check_jobs_set_id_set_logs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_check_jobs")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("form_check_jobs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_form_check_jobs_athlete_set", ["athlete_id", "set_id"], unique=False
        )
        batch_op.create_index(
            "ix_form_check_jobs_athlete_status", ["athlete_id", "status"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("form_check_jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_form_check_jobs_athlete_status")
        batch_op.drop_index("ix_form_check_jobs_athlete_set")
    op.drop_table("form_check_jobs")
