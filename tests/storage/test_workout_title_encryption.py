"""A workout's title is encrypted at rest like its notes (migration 0019 encrypts the titles
stored before it); every read gets the title back in clear."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session
from tests.conftest import Database
from tests.factories import make_athlete, workout

from fitcoach.services import portability, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage import migrate
from fitcoach.storage.crypto import PREFIX, encrypted_columns
from fitcoach.storage.db import Base, make_engine
from fitcoach.storage.models import WorkoutSession
from fitcoach.storage.repositories import training_log as log_repo

TITLE = "physio after knee surgery"
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def test_the_title_is_ciphertext_in_the_database_and_clear_when_read(
    ctx: ServiceContext, database: Database
) -> None:
    assert ("workout_sessions", "id", "title") in encrypted_columns(Base.metadata)
    athlete = make_athlete(ctx)
    at = NOW - timedelta(days=1)
    logged = training_log.log_workout(
        ctx, athlete.id, workout(at, ("barbell-back-squat", 5, 60, 3), title=TITLE)
    )
    ctx.session.commit()
    with database.engine.connect() as conn:
        stored = conn.execute(
            sa.text("SELECT title FROM workout_sessions WHERE id = :id"), {"id": logged.id}
        ).scalar_one()
    assert stored.startswith(PREFIX)
    assert "knee" not in stored
    assert "physio" not in stored

    ctx.session.expire_all()
    row = ctx.session.get(WorkoutSession, logged.id)
    assert row is not None
    assert row.title == TITLE
    scope = ctx.scope(athlete.id)
    listed = log_repo.workout_loads(ctx.session, scope, at - timedelta(days=1), NOW)
    assert [w["title"] for w in listed] == [TITLE]
    doc = portability.export_athlete(ctx, athlete.id)
    assert [w["title"] for w in doc["workouts"]] == [TITLE]


def test_migration_0019_encrypts_stored_titles_and_the_downgrade_decrypts_them(
    empty_url: str,
) -> None:
    migrate.upgrade(empty_url, "0018")
    engine = make_engine(empty_url)
    at = NOW.replace(tzinfo=None)
    try:
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO accounts (id, email, display_name, role, is_active, created_at) "
                    "VALUES (1, 'a@example.org', 'A', 'athlete', true, :t)"
                ),
                {"t": at},
            )
            conn.execute(
                sa.text(
                    "INSERT INTO athletes (id, account_id, name, timezone, created_at) "
                    "VALUES (1, 1, 'A', 'UTC', :t)"
                ),
                {"t": at},
            )
            conn.execute(
                sa.text(
                    "INSERT INTO workout_sessions (id, athlete_id, started_at, title, notes, "
                    "source, source_id) VALUES (1, 1, :t, :title, '', 'manual', 'w1'), "
                    "(2, 1, :t, '', '', 'manual', 'w2')"
                ),
                {"t": at, "title": TITLE},
            )
        migrate.upgrade(empty_url, "0019")

        def stored() -> dict[int, str]:
            with engine.connect() as conn:
                rows = conn.execute(sa.text("SELECT id, title FROM workout_sessions")).all()
            return {int(i): str(t) for i, t in rows}

        titles = stored()
        assert titles[2] == ""  # empty stays empty
        assert titles[1].startswith(PREFIX)
        assert "knee" not in titles[1]
        with Session(engine) as session:
            read = session.execute(
                sa.select(WorkoutSession.title).order_by(WorkoutSession.id)
            ).scalars()
            assert list(read) == [TITLE, ""]

        migrate.downgrade(empty_url, "0018")
        assert stored() == {1: TITLE, 2: ""}
        migrate.upgrade(empty_url)
        assert stored()[1].startswith(PREFIX)
        migrate.check(empty_url)
    finally:
        engine.dispose()
