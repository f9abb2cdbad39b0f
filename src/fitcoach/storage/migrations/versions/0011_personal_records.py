"""personal records kept on write; indexes for the windowed reads

Adds ``personal_records`` (an athlete's bests per exercise, which the services keep as sets
are written, so that reading them no longer folds every set ever logged) and fills it from the
stored sets with the same fold (``analysis.strength.personal_records``). Sleep gets an index on
(athlete, ended_at), the column every windowed read of sleep filters on, in place of the one on
started_at that nothing read by; cardio one on (athlete, max_hr), so that the highest logged
maximum HR is an index probe; sets one on (athlete, session), so that the sets of a few of an
athlete's workouts are found without walking all of theirs.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-14 10:00:00.000000
"""

from collections.abc import Iterator, Sequence
from itertools import groupby
from typing import Any

import sqlalchemy as sa
from alembic import op

import fitcoach.storage.db
from fitcoach.analysis.strength import SetRecord, personal_records

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BESTS = (
    "best_e1rm_kg",
    "best_e1rm_at",
    "e1rm_reliable",
    "heaviest_kg",
    "heaviest_reps",
    "heaviest_at",
    "best_set_volume_kg",
    "best_set_volume_at",
    "most_reps",
)
BATCH = 5_000


def upgrade() -> None:
    utc = fitcoach.storage.db.UTCDateTime(timezone=True)
    op.create_table(
        "personal_records",
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.Integer(), nullable=False),
        sa.Column("best_e1rm_kg", sa.Double(), nullable=False),
        sa.Column("best_e1rm_at", utc, nullable=False),
        sa.Column("e1rm_reliable", sa.Boolean(), nullable=False),
        sa.Column("heaviest_kg", sa.Double(), nullable=False),
        sa.Column("heaviest_reps", sa.Integer(), nullable=False),
        sa.Column("heaviest_at", utc, nullable=False),
        sa.Column("best_set_volume_kg", sa.Double(), nullable=False),
        sa.Column("best_set_volume_at", utc, nullable=False),
        sa.Column("most_reps", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_personal_records_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["exercise_id"],
            ["exercises.id"],
            name=op.f("fk_personal_records_exercise_id_exercises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("athlete_id", "exercise_id", name=op.f("pk_personal_records")),
    )
    with op.batch_alter_table("sleep_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_sleep_sessions_athlete_started")
        batch_op.create_index(
            "ix_sleep_sessions_athlete_ended", ["athlete_id", "ended_at"], unique=False
        )
    with op.batch_alter_table("cardio_sessions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cardio_sessions_athlete_max_hr", ["athlete_id", "max_hr"], unique=False
        )
    with op.batch_alter_table("set_logs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_set_logs_athlete_session", ["athlete_id", "session_id"], unique=False
        )
    _backfill(utc)


def _backfill(utc: Any) -> None:
    """Every athlete's records folded from their stored sets, as the services keep them."""
    sets = sa.table(
        "set_logs",
        sa.column("session_id", sa.Integer()),
        sa.column("athlete_id", sa.Integer()),
        sa.column("exercise_id", sa.Integer()),
        sa.column("position", sa.Integer()),
        sa.column("reps", sa.Integer()),
        sa.column("weight_kg", sa.Double()),
        sa.column("rir", sa.Double()),
        sa.column("completed", sa.Boolean()),
        sa.column("is_warmup", sa.Boolean()),
    )
    workouts = sa.table(
        "workout_sessions", sa.column("id", sa.Integer()), sa.column("started_at", utc)
    )
    types: dict[str, Any] = {
        "best_e1rm_kg": sa.Double(),
        "best_e1rm_at": utc,
        "e1rm_reliable": sa.Boolean(),
        "heaviest_kg": sa.Double(),
        "heaviest_reps": sa.Integer(),
        "heaviest_at": utc,
        "best_set_volume_kg": sa.Double(),
        "best_set_volume_at": utc,
        "most_reps": sa.Integer(),
    }
    records = sa.table(
        "personal_records",
        sa.column("athlete_id", sa.Integer()),
        sa.column("exercise_id", sa.Integer()),
        *(sa.column(name, types[name]) for name in BESTS),
    )
    stmt = (
        sa.select(
            sets.c.athlete_id,
            workouts.c.started_at,
            sets.c.exercise_id,
            sets.c.reps,
            sets.c.weight_kg,
            sets.c.rir,
            sets.c.completed,
            sets.c.is_warmup,
        )
        .join(workouts, workouts.c.id == sets.c.session_id)
        .where(
            sets.c.completed.is_(True),
            sets.c.is_warmup.is_(False),
            sets.c.weight_kg > 0,
            sets.c.reps > 0,
        )
        .order_by(sets.c.athlete_id, workouts.c.started_at, sets.c.session_id, sets.c.position)
    )
    bind = op.get_bind()

    def rows() -> Iterator[dict[str, Any]]:
        result = bind.execute(stmt)
        for athlete_id, group in groupby(result, key=lambda row: row[0]):
            folded = personal_records(
                SetRecord(at, str(exercise), reps, weight, rir, done, warmup)
                for _, at, exercise, reps, weight, rir, done, warmup in group
            )
            for exercise, record in sorted(folded.items(), key=lambda kv: int(kv[0])):
                yield {
                    "athlete_id": athlete_id,
                    "exercise_id": int(exercise),
                    **{name: getattr(record, name) for name in BESTS},
                }

    # Read everything first: some drivers cannot insert while a result is still open.
    pending = list(rows())
    for start in range(0, len(pending), BATCH):
        bind.execute(records.insert(), pending[start : start + BATCH])


def downgrade() -> None:
    with op.batch_alter_table("set_logs", schema=None) as batch_op:
        batch_op.drop_index("ix_set_logs_athlete_session")
    with op.batch_alter_table("cardio_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_cardio_sessions_athlete_max_hr")
    with op.batch_alter_table("sleep_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_sleep_sessions_athlete_ended")
        batch_op.create_index(
            "ix_sleep_sessions_athlete_started", ["athlete_id", "started_at"], unique=False
        )
    op.drop_table("personal_records")
