"""A cached read of an athlete's data costs one statement: the stamp (the access check, the
athlete's time zone and the data versions in one query, ``access.stamp``). The default window's
last day (``monitoring.local_today``) is taken from that stamp, which the answer's cache then
reads again without a query (before: the scope's check, the athlete's row, then the stamp).

Counting statements is deterministic; the scoping and the cache's correctness are checked
beside it, on SQLite and PostgreSQL: another athlete and a coach without consent are not found,
a coach's cached read is still noted in the access log, and a committed write is seen at once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from tests.conftest import Database
from tests.factories import make_athlete, statements_sent, subject_of, workout

from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import Role
from fitcoach.core.errors import NotFound
from fitcoach.services import athletes, consent, monitoring, results, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import unit_of_work
from fitcoach.storage.repositories import athletes as athlete_repo
from fitcoach.storage.repositories.audit import Access

_SYSTEM = Subject.system()
WEEKS = 4  # the API's default window (``routers.coaching.DEFAULT_LOAD_WEEKS``)


def _load(database: Database, clock: FixedClock, subject: Subject, athlete_id: int) -> Any:
    """What ``GET /athletes/{id}/load`` does with the default window, in its own unit of work
    (a request's): the JSON, the statements it sent and the accesses it noted."""
    noted: list[Access] = []
    with statements_sent(database.engine) as sent, unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=subject, clock=clock, access_sink=noted)
        last = monitoring.local_today(ctx, athlete_id)
        first = last - timedelta(weeks=WEEKS) + timedelta(days=1)
        body = monitoring.training_load_json(ctx, athlete_id, start=first, end=last)
    return body, list(sent), [(a.athlete_id, a.kind) for a in noted]


def _world(database: Database, clock: FixedClock) -> dict[str, Any]:
    """An athlete with a week of workouts (at UTC+14), another athlete (at UTC-11), and a
    coach linked to the first."""
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=_SYSTEM, clock=clock)
        a, b = make_athlete(ctx), make_athlete(ctx)
        for made, zone in ((a, "Pacific/Kiritimati"), (b, "Pacific/Pago_Pago")):
            athlete_repo.get_athlete(session, ctx.scope(made.id)).timezone = zone
        for day in range(1, 8, 2):
            at = clock.now() - timedelta(days=day)
            training_log.log_workout(ctx, a.id, workout(at, ("barbell-back-squat", 5, 100.0, 2)))
        coach = athletes.create_staff_account(ctx, "coach@example.org", "Coach", Role.coach)
        athletes.link_coach(ctx, coach, a.id)
        return {
            "a": a.id,
            "b": b.id,
            "me": subject_of(ctx, a),
            "other": subject_of(ctx, b),
            "coach": Subject(account_id=coach, role=Role.coach),
        }


@pytest.fixture(autouse=True)
def _empty_caches() -> Iterator[None]:
    results.REPORTS.clear()
    monitoring.SERIES.clear()
    yield
    results.REPORTS.clear()
    monitoring.SERIES.clear()


def test_a_cached_load_report_is_one_statement(database: Database, clock: FixedClock) -> None:
    w = _world(database, clock)
    a = w["a"]
    cold, sent, _ = _load(database, clock, w["me"], a)
    assert len(sent) > 1  # computed
    for subject in (w["me"], _SYSTEM):  # the answer is the athlete's, whoever may see it
        again, sent, _ = _load(database, clock, subject, a)
        assert again == cold
        assert len(sent) == 1, sent
        assert "data_versions" in sent[0]
        assert "timezone" in sent[0]


def test_the_default_window_ends_on_the_athletes_day(database: Database, clock: FixedClock) -> None:
    """The last day is today where the athlete lives (the stamp's time zone), and a cached
    answer is kept only for that day."""
    w = _world(database, clock)
    clock.set(datetime(2026, 11, 20, 12, 0, tzinfo=UTC))
    for athlete_id, subject, day in ((w["a"], w["me"], 21), (w["b"], w["other"], 20)):
        body, _, _ = _load(database, clock, subject, athlete_id)
        assert f'"end":"{date(2026, 11, day).isoformat()}"'.encode() in body
    clock.set(datetime(2026, 11, 20, 10, 30, tzinfo=UTC))  # the 21st since 10:00 at UTC+14
    body, sent, _ = _load(database, clock, w["me"], w["a"])
    assert b'"end":"2026-11-21"' in body
    assert len(sent) == 1
    clock.set(datetime(2026, 11, 20, 9, 30, tzinfo=UTC))
    body, sent, _ = _load(database, clock, w["me"], w["a"])
    assert b'"end":"2026-11-20"' in body
    assert len(sent) > 1


def test_a_cached_read_stays_scoped_to_who_asks(database: Database, clock: FixedClock) -> None:
    w = _world(database, clock)
    a = w["a"]
    mine, sent, computed = _load(database, clock, w["coach"], a)
    assert len(sent) > 2
    assert (a, "monitoring") in computed
    with pytest.raises(NotFound):
        _load(database, clock, w["other"], a)  # cached, yet another athlete's
    theirs, sent, noted = _load(database, clock, w["coach"], a)
    assert theirs == mine
    assert len(sent) <= 2, sent  # the stamp; the owner once per context
    assert noted == computed  # served from the cache, still in the access log
    with unit_of_work(database.factory) as session:
        own = ServiceContext(session=session, subject=w["me"], clock=clock)
        consent.withdraw(own, a, "coach_sharing")
    with pytest.raises(NotFound):
        _load(database, clock, w["coach"], a)
    assert _load(database, clock, w["me"], a)[0] == mine


def test_a_committed_write_is_read_at_once(database: Database, clock: FixedClock) -> None:
    w = _world(database, clock)
    a = w["a"]
    before, _, _ = _load(database, clock, w["me"], a)
    assert _load(database, clock, w["me"], a)[0] == before
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=w["me"], clock=clock)
        at = clock.now() - timedelta(hours=1)
        training_log.log_workout(ctx, a, workout(at, ("barbell-back-squat", 5, 140.0, 1)))
    after, sent, _ = _load(database, clock, w["me"], a)
    assert after != before
    assert len(sent) > 1
    results.REPORTS.clear()
    monitoring.SERIES.clear()
    assert _load(database, clock, w["me"], a)[0] == after  # what a fresh computation answers


def test_inside_a_transaction_that_wrote_the_day_is_the_athletes(
    database: Database, clock: FixedClock
) -> None:
    """A transaction that has written holds no stamp: the athlete's row answers the time
    zone, as changed in that transaction."""
    w = _world(database, clock)
    clock.set(datetime(2026, 11, 20, 12, 0, tzinfo=UTC))
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=w["me"], clock=clock)
        at = clock.now() - timedelta(hours=1)
        training_log.log_workout(ctx, w["a"], workout(at, ("barbell-back-squat", 5, 90.0, 2)))
        assert monitoring.local_today(ctx, w["a"]) == date(2026, 11, 21)
        athlete = athlete_repo.get_athlete(session, ctx.scope(w["a"]))
        athlete.timezone = "Pacific/Pago_Pago"
        assert monitoring.local_today(ctx, w["a"]) == date(2026, 11, 20)
        session.rollback()
