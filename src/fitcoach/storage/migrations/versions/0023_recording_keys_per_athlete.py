"""recording keys are unique per athlete, not per installation

A recording's ``key`` (what the producer or the import names it by) was unique across every
athlete: a key one athlete stored first made another's import of the same key fail, and the
refusal told the second athlete that someone else's recording had that key. It is now unique
per athlete: ``uq_recordings_athlete_id_key`` on (athlete_id, key) replaces
``uq_recordings_key``. Every query that reads a recording by its key is scoped to its
athlete.

SQLite rebuilds the table (batch mode), keeping its AUTOINCREMENT and the highest id it ever
handed out (``sqlite_sequence``), so that no recording id is given twice.

Downgrading makes keys unique across athletes again: where several athletes have a recording
with the same key, every one but the oldest gets ``:<athlete id>`` appended to its key (cut
to the column's 120 characters), since the old constraint cannot hold otherwise.

Revision ID: 0023
Revises: 0022
Create Date: 2027-01-10 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _sequence(connection: sa.Connection) -> int | None:
    if connection.dialect.name != "sqlite":
        return None
    value = connection.exec_driver_sql(
        "SELECT seq FROM sqlite_sequence WHERE name = 'recordings'"
    ).scalar()
    return None if value is None else int(value)


def _restore(connection: sa.Connection, highest: int | None) -> None:
    """The rebuilt table's sequence back to at least what the old one had handed out."""
    if highest is None:
        return
    current = connection.exec_driver_sql(
        "SELECT seq FROM sqlite_sequence WHERE name = 'recordings'"
    ).scalar()
    if current is None:
        connection.exec_driver_sql(
            "INSERT INTO sqlite_sequence (name, seq) VALUES ('recordings', ?)", (highest,)
        )
    elif current < highest:
        connection.exec_driver_sql(
            "UPDATE sqlite_sequence SET seq = ? WHERE name = 'recordings'", (highest,)
        )


def upgrade() -> None:
    connection = op.get_bind()
    highest = _sequence(connection)
    with op.batch_alter_table(
        "recordings", schema=None, table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.drop_constraint("uq_recordings_key", type_="unique")
        batch_op.create_unique_constraint(
            op.f("uq_recordings_athlete_id_key"), ["athlete_id", "key"]
        )
    _restore(connection, highest)


def downgrade() -> None:
    connection = op.get_bind()
    recordings = sa.table(
        "recordings",
        sa.column("id", sa.Integer()),
        sa.column("athlete_id", sa.Integer()),
        sa.column("key", sa.String(120)),
    )
    shared = (
        sa.select(recordings.c.key)
        .group_by(recordings.c.key)
        .having(sa.func.count() > 1)
        .scalar_subquery()
    )
    rows = connection.execute(
        sa.select(recordings.c.id, recordings.c.athlete_id, recordings.c.key)
        .where(recordings.c.key.in_(shared))
        .order_by(recordings.c.key, recordings.c.id)
    ).all()
    seen: set[str] = set()
    for row_id, athlete_id, key in rows:
        if key not in seen:
            seen.add(key)  # the oldest keeps its key
            continue
        suffix = f":{athlete_id}"
        connection.execute(
            sa.update(recordings)
            .where(recordings.c.id == row_id)
            .values(key=key[: 120 - len(suffix)] + suffix)
        )
    highest = _sequence(connection)
    with op.batch_alter_table(
        "recordings", schema=None, table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.drop_constraint("uq_recordings_athlete_id_key", type_="unique")
        batch_op.create_unique_constraint(op.f("uq_recordings_key"), ["key"])
    _restore(connection, highest)
