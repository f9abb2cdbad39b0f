"""imports: imported files, pending imports, exercise name choices

Device files and app exports: ``imported_files`` remembers each file imported into an
athlete by its content's SHA-256 (the same file twice stores nothing twice); ``pending_imports``
holds a file whose exercise names wait for the athlete's review (its content encrypted);
``exercise_name_choices`` remembers what an app's exercise name means for the athlete.

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-26 10:36:45.678168
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import fitcoach.storage.crypto
import fitcoach.storage.db

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "exercise_name_choices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("exercise_id", sa.Integer(), nullable=True),
        sa.Column("chosen_at", fitcoach.storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_exercise_name_choices_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["exercise_id"],
            ["exercises.id"],
            name=op.f("fk_exercise_name_choices_exercise_id_exercises"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exercise_name_choices")),
        sa.UniqueConstraint(
            "athlete_id", "name_key", name=op.f("uq_exercise_name_choices_athlete_id_name_key")
        ),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("exercise_name_choices", schema=None) as batch_op:
        batch_op.create_index("ix_exercise_name_choices_exercise", ["exercise_id"], unique=False)

    op.create_table(
        "imported_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("format", sa.String(length=24), nullable=False),
        sa.Column("filename", fitcoach.storage.crypto.EncryptedText(), nullable=False),
        sa.Column("imported_at", fitcoach.storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_imported_files_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_files")),
        sa.UniqueConstraint(
            "athlete_id", "sha256", name=op.f("uq_imported_files_athlete_id_sha256")
        ),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "pending_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("format", sa.String(length=24), nullable=False),
        sa.Column("filename", fitcoach.storage.crypto.EncryptedText(), nullable=False),
        sa.Column("content", fitcoach.storage.crypto.EncryptedText(), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("created_at", fitcoach.storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_pending_imports_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_imports")),
        sa.UniqueConstraint(
            "athlete_id", "sha256", name=op.f("uq_pending_imports_athlete_id_sha256")
        ),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("pending_imports")
    op.drop_table("imported_files")
    with op.batch_alter_table("exercise_name_choices", schema=None) as batch_op:
        batch_op.drop_index("ix_exercise_name_choices_exercise")

    op.drop_table("exercise_name_choices")
