"""Body measurements through their life (SQLite and PostgreSQL): notes encrypted at rest like
every other note, pruned by their own retention period, gone with the athlete, and a write
raises the athlete's data version (cached results see it)."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from tests.conftest import Database
from tests.factories import make_athlete

from fitcoach.services import athletes, measurements, retention
from fitcoach.services.context import ServiceContext
from fitcoach.storage.crypto import PREFIX, encrypted_columns
from fitcoach.storage.db import Base
from fitcoach.storage.models import BodyMeasurement, DataVersion

NOTE = "after a night shift, bloated"


def test_notes_are_ciphertext_in_the_database_and_plaintext_when_read(
    ctx: ServiceContext, database: Database
) -> None:
    assert ("body_measurements", "id", "notes") in encrypted_columns(Base.metadata)
    athlete = make_athlete(ctx).id
    measurements.log_measurements(ctx, athlete, {"day": "2026-11-19", "waist_cm": 84, "notes": NOTE})  # fmt: skip
    ctx.session.commit()
    with database.engine.connect() as conn:
        raw = conn.execute(sa.text("SELECT notes FROM body_measurements")).scalar_one()
    assert raw.startswith(PREFIX)
    assert NOTE not in raw
    assert measurements.history(ctx, athlete)[0].notes == NOTE


def test_retention_prunes_old_readings_only(ctx: ServiceContext, database: Database) -> None:
    athlete = make_athlete(ctx).id
    today = ctx.clock.now().date()
    for days_ago in (400, 10):
        day = (today - timedelta(days=days_ago)).isoformat()
        measurements.log_measurements(ctx, athlete, {"day": day, "waist_cm": 84, "hips_cm": 98})
    ctx.session.commit()
    assert "body_measurements" in retention.KIND_NAMES
    days = dict.fromkeys(retention.KIND_NAMES, None)
    dry = retention.prune(
        database.factory, {**days, "body_measurements": 365}, clock=ctx.clock, dry_run=True
    )
    assert {k.kind: k.due for k in dry.kinds}["body_measurements"] == 2
    report = retention.prune(
        database.factory, {**days, "body_measurements": 365}, clock=ctx.clock, batch_size=1
    )
    assert {k.kind: k.deleted for k in report.kinds}["body_measurements"] == 2
    ctx.session.rollback()
    assert [d.day for d in measurements.history(ctx, athlete)] == [today - timedelta(days=10)]


def test_deleting_the_athlete_deletes_their_measurements(ctx: ServiceContext) -> None:
    gone, kept = make_athlete(ctx).id, make_athlete(ctx).id
    for athlete in (gone, kept):
        measurements.log_measurements(ctx, athlete, {"day": "2026-11-19", "waist_cm": 84})
    report = athletes.delete_athlete(ctx, gone)
    ctx.session.commit()
    assert report.database["body_measurements"] == 1
    left = ctx.session.execute(sa.select(BodyMeasurement.athlete_id)).scalars().all()
    assert left == [kept]


def test_a_write_raises_the_athletes_data_version(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    ctx.session.commit()
    version = sa.select(sa.func.sum(DataVersion.version)).where(DataVersion.athlete_id == athlete)
    before = ctx.session.execute(version).scalar_one_or_none() or 0
    measurements.log_measurements(ctx, athlete, {"day": "2026-11-19", "waist_cm": 84})
    ctx.session.commit()
    assert ctx.session.execute(version).scalar_one() > before
