"""ids are never reused: SQLite tables with an integer surrogate key use AUTOINCREMENT

Without AUTOINCREMENT, SQLite gives a new row max(id) + 1: after the athlete (or account,
token, workout ...) with the highest id is deleted, the next one gets the same id, and rows
that outlive the deleted one and are keyed by that id alone (the audit and access log, the
data versions, caches, a bus message, an id in a link or a log line) become the new one's.
With AUTOINCREMENT SQLite hands out ids above every id the table ever held (kept in
``sqlite_sequence``).

SQLite only takes the keyword in ``CREATE TABLE``, so each table is rebuilt (batch mode:
copy, drop, rename; foreign keys are off while migrating, ``migrations/env.py``), its rows,
ids, indexes and constraints kept. The ids already freed before this migration are not
known to the table; those the database still names elsewhere raise its sequence: athlete ids
in ``data_versions`` and the audit log, account ids of the audit log's actors, and the ids
of the audit log's entries about records of these tables. Rows deleted with no trace left
are beyond any repair.

PostgreSQL is left alone: a sequence never hands out a value twice (``SERIAL`` and
``BIGSERIAL`` keys, no ``setval`` anywhere in fitcoach).

Downgrading rebuilds the tables without AUTOINCREMENT (their rows kept).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-22 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every table whose key is an integer surrogate id handed out by the database: frozen here,
# whatever the models later add. Not here: ``devices`` (the board's own 16-bit id),
# ``data_versions`` (keyed by athlete id), ``profiles`` and ``personal_records`` (keyed by
# their athlete's id, and exercise id).
TABLES = (
    "accounts",
    "athletes",
    "coach_links",
    "api_tokens",
    "exercises",
    "telegram_chats",
    "telegram_link_codes",
    "plan_versions",
    "health_flags",
    "conversations",
    "messages",
    "workout_sessions",
    "set_logs",
    "cardio_sessions",
    "daily_metrics",
    "sleep_sessions",
    "meals",
    "feedback",
    "consent_records",
    "audit_log",
    "recordings",
    "waveform_chunks",
    "vitals",
    "sensor_events",
)

# The audit log's ``entity`` whose ``entity_id`` is a row id of the table.
AUDITED = {
    "account": "accounts",
    "athlete": "athletes",
    "api_token": "api_tokens",
    "workout": "workout_sessions",
    "set": "set_logs",
    "daily": "daily_metrics",
    "health_flag": "health_flags",
    "telegram_chat": "telegram_chats",
    "sensor_event": "sensor_events",
}


def _rebuild(autoincrement: bool) -> None:
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass


def _ids_seen(connection: sa.Connection) -> dict[str, int]:
    """The highest id each table is known to have handed out, from the rows that name it."""
    seen: dict[str, int] = {}

    def raise_to(table: str, value: object) -> None:
        if isinstance(value, int) and value > seen.get(table, 0):
            seen[table] = value

    raise_to(
        "athletes",
        connection.exec_driver_sql("SELECT max(athlete_id) FROM data_versions").scalar(),
    )
    raise_to(
        "athletes", connection.exec_driver_sql("SELECT max(athlete_id) FROM audit_log").scalar()
    )
    raise_to(
        "accounts",
        connection.exec_driver_sql("SELECT max(actor_account_id) FROM audit_log").scalar(),
    )
    rows = connection.exec_driver_sql(
        "SELECT entity, max(CAST(entity_id AS INTEGER)) FROM audit_log "
        "WHERE entity_id IS NOT NULL AND entity_id <> '' AND entity_id NOT GLOB '*[^0-9]*' "
        "GROUP BY entity"
    ).all()
    for entity, highest in rows:
        if entity in AUDITED:
            raise_to(AUDITED[entity], highest)
    return seen


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        return
    _rebuild(autoincrement=True)
    # The copy set each sequence to the table's highest id; ids named elsewhere raise it.
    for table, highest in _ids_seen(connection).items():
        current = connection.exec_driver_sql(
            "SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)
        ).scalar()
        if current is None:
            connection.exec_driver_sql(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, highest)
            )
        elif current < highest:
            connection.exec_driver_sql(
                "UPDATE sqlite_sequence SET seq = ? WHERE name = ?", (highest, table)
            )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _rebuild(autoincrement=False)
