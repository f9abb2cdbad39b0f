"""What logging a workout sends to the database (``training_log.log_workout``): a fixed number
of statements whatever the number of sets, and a retry that writes, audits and invalidates
nothing, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from tests.conftest import Database
from tests.factories import make_athlete, statements_sent, workout
from tests.fixtures.tables import changed, row_counts

from fitcoach.coach.schemas import WorkoutIn
from fitcoach.core.clock import FixedClock
from fitcoach.core.errors import InvalidInput
from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage import versions
from fitcoach.storage.access import Subject
from fitcoach.storage.db import unit_of_work
from fitcoach.storage.models import AuditEntry
from fitcoach.storage.models.versions import DataVersion

_SYSTEM = Subject.system()
TODAY = datetime(2026, 11, 20, 7, 30, tzinfo=UTC)  # the test clock's morning


def _tables(sent: list[str]) -> list[str]:
    """Each statement's verb and table: the table it inserts into, or the first it reads."""
    out = []
    for text in sent:
        found = re.search(r"INSERT INTO (\w+)", text) or re.search(r"FROM (\w+)", text)
        assert found is not None, text
        out.append(f"{text.split()[0]} {found.group(1)}")
    return out


def _version(database: Database, athlete_id: int) -> int | None:
    with unit_of_work(database.factory) as session:
        stmt = select(func.sum(DataVersion.version)).where(DataVersion.athlete_id == athlete_id)
        return session.execute(stmt).scalar_one_or_none()


def _six_sets() -> list[tuple[str, int, float | None, float | None]]:
    return [
        (name, 5, 60.0 + 2.5 * n, 2)
        for n, name in enumerate(["barbell-back-squat", "barbell-bench-press"] * 3)
    ]


@pytest.mark.parametrize("sets", [1, 6, 24])
def test_a_workout_is_six_statements_whatever_its_sets(
    database: Database, clock: FixedClock, sets: int
) -> None:
    """The consent check, the workout (a retry found by its INSERT, not asked first), all its
    sets in one INSERT, the stored records of its exercises read, the audit entry, and the
    athlete's data version at commit; the records' upsert only where a best is beaten. The body comes as the
    API hands it over (validated already: no unit system to read), after a first workout has
    loaded the process's copy of the exercise names."""
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=_SYSTEM, clock=clock)
        athlete = make_athlete(ctx).id
        training_log.log_workout(
            ctx, athlete, WorkoutIn.model_validate(workout(TODAY, *_six_sets()))
        )
    for started in (TODAY, TODAY - timedelta(days=400)):
        doc = workout(started, *(_six_sets() * 4)[:sets], source_id=f"{sets}-{started:%Y}")
        with statements_sent(database.engine) as sent, unit_of_work(database.factory) as session:
            ctx = ServiceContext(session=session, subject=_SYSTEM, clock=clock)
            logged = training_log.log_workout(ctx, athlete, WorkoutIn.model_validate(doc))
        assert logged.created
        # Earlier, with the first workout's heaviest sets (all 6 of them): those are the
        # records now. Today's, or a single light set, beats nothing: no upsert.
        beaten = ["INSERT personal_records"] if started < TODAY and sets >= 6 else []
        assert _tables(sent) == [
            "SELECT consent_records",
            "INSERT workout_sessions",
            "INSERT set_logs",
            "SELECT personal_records",
            *beaten,
            "INSERT audit_log",
            "INSERT data_versions",
        ]


def test_a_retry_writes_audits_and_invalidates_nothing(
    database: Database, clock: FixedClock
) -> None:
    """The same (source, source id) again answers with the stored workout, as it did when a
    query asked first: no row, no audit entry, no version raised (cached answers stay)."""
    with unit_of_work(database.factory) as session:
        athlete = make_athlete(ServiceContext(session=session, subject=_SYSTEM, clock=clock)).id
    doc = workout(TODAY, *_six_sets(), source="garmin", source_id="activity-7")
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=_SYSTEM, clock=clock)
        first = training_log.log_workout(ctx, athlete, doc)
    version = _version(database, athlete)
    assert version is not None
    with unit_of_work(database.factory) as session:
        before = row_counts(session)
    again_doc = {**doc, "started_at": (TODAY + timedelta(hours=1)).isoformat()}
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=_SYSTEM, clock=clock)
        again = training_log.log_workout(ctx, athlete, again_doc)
        assert versions.touched(session) == frozenset()
        assert versions.write_count(session) == 0
    assert (again.id, again.created, first.created) == (first.id, False, True)
    with unit_of_work(database.factory) as session:
        assert changed(before, row_counts(session)) == {}
        audited = session.execute(
            select(AuditEntry.entity_id).where(AuditEntry.entity == "workout")
        ).scalars()
        assert list(audited) == [str(first.id)]
    assert _version(database, athlete) == version


def test_a_retry_whose_names_no_longer_resolve_answers_with_the_stored_workout(
    database: Database, clock: FixedClock
) -> None:
    """Names are resolved before anything is written, yet a retry is found even when one of
    its names no longer resolves (as when the stored workout was looked up first); a new
    workout with that name is refused and stores nothing."""
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=_SYSTEM, clock=clock)
        athlete = make_athlete(ctx).id
        first = training_log.log_workout(
            ctx, athlete, workout(TODAY, ("Back Squat", 5, 100.0, 2), source_id="w1")
        )
    doc = workout(TODAY, ("no such lift", 5, 100.0, 2), source_id="w1")
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=_SYSTEM, clock=clock)
        again = training_log.log_workout(ctx, athlete, doc)
    assert (again.id, again.created) == (first.id, False)
    with unit_of_work(database.factory) as session:
        before = row_counts(session)
        ctx = ServiceContext(session=session, subject=_SYSTEM, clock=clock)
        with pytest.raises(InvalidInput):
            training_log.log_workout(ctx, athlete, {**doc, "source_id": "w2"})
        assert changed(before, row_counts(session)) == {}
