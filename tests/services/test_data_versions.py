"""Data versions and the results cached under them (``storage.versions``, ``services.results``).

Every write service raises the athlete's version in its own transaction, and the next read of
readiness and today's session reflects it; rollbacks raise nothing and poison nothing; a hit
still checks access and writes the coach's access log entry.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from pydantic import TypeAdapter
from sqlalchemy import create_engine, delete, event, update
from tests.conftest import Database
from tests.factories import as_subject, make_athlete, subject_of, workout

from fitcoach.coach.plan import StrengthItem
from fitcoach.coach.schemas import ProfileFields
from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import ConsentPurpose, Role
from fitcoach.core.errors import NotFound
from fitcoach.services import (
    athletes,
    consent,
    guided,
    health,
    monitoring,
    nutrition,
    plans,
    portability,
    results,
    training_log,
)
from fitcoach.services.context import ServiceContext
from fitcoach.storage import access, versions
from fitcoach.storage.access import AthleteScope, Subject
from fitcoach.storage.db import Base, Session, unit_of_work
from fitcoach.storage.models import AuditEntry, DailyMetric, Exercise, SetLog
from fitcoach.storage.repositories import bulk
from fitcoach.storage.repositories import plans as plans_repo

DAY = date(2026, 11, 20)  # the test clock's day


def at(day: date, hour: float = 18.0) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(hours=hour)


def _clear() -> None:
    results.CACHE.clear()
    results.REPORTS.clear()


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    _clear()
    yield
    _clear()


def test_every_table_is_versioned_or_said_not_to_be() -> None:
    """A new table must be placed: an athlete's (``athlete_id``), the library's (global) or
    one listed as unversioned; nothing listed that does not exist."""
    names = set(Base.metadata.tables)
    assert names >= versions.UNVERSIONED
    assert names >= versions.GLOBAL_TABLES
    for name, table in Base.metadata.tables.items():
        placed = (
            "athlete_id" in table.c
            or name == "athletes"
            or name in versions.UNVERSIONED
            or name in versions.GLOBAL_TABLES
        )
        assert placed, f"{name}: versioned per athlete, global, or listed in UNVERSIONED?"


def _version(database: Database, athlete_id: int) -> tuple[int, int]:
    with unit_of_work(database.factory) as session:
        _zone, mine, everyone = access.stamp(session, _SYSTEM, athlete_id)
        return mine, everyone


def _reads(database: Database, clock: FixedClock, athlete_id: int) -> tuple[Any, Any, Any]:
    """Today's session, readiness and the four weeks' load report (``results.REPORTS``)."""
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=_SYSTEM, clock=clock)
        end = monitoring.local_today(ctx, athlete_id)
        return (
            plans.today(ctx, athlete_id),
            monitoring.readiness(ctx, athlete_id),
            monitoring.training_load(ctx, athlete_id, start=end - timedelta(days=27), end=end),
        )


_SYSTEM = Subject.system()


def _world(database: Database, clock: FixedClock) -> dict[str, Any]:
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=_SYSTEM, clock=clock)
        a = make_athlete(ctx)
        b = make_athlete(ctx)
        view = plans.generate(ctx, a.id, start=DAY)
        assert view.plan is not None
        first = view.plan.sessions()[0]
        lift = next(i for i in first.items if isinstance(i, StrengthItem))
        coach = athletes.create_staff_account(ctx, "coach@example.org", "Coach", Role.coach)
        for day in range(1, 30):
            training_log.log_daily(
                ctx,
                a.id,
                {"day": (DAY - timedelta(days=day)).isoformat(), "hrv_rmssd_ms": 60 + day % 5},
            )
        return {"a": a.id, "b": b.id, "key": first.key, "lift": lift.exercise, "coach": coach}


def _writes(w: dict[str, Any], database: Database) -> list[tuple[str, Callable[..., object]]]:
    a, key, lift = w["a"], w["key"], w["lift"]
    state: dict[str, Any] = {}

    def raise_flag(ctx: ServiceContext) -> None:
        state["flag"] = health.raise_flag(ctx, a, "chest_pain", note="sharp")

    def edit(ctx: ServiceContext) -> None:
        out = plans.propose_edit(ctx, a, {"op": "set_session_minutes", "minutes": 45})
        assert out.accepted
        assert not out.applied
        state["proposed"] = out.version

    def approve(ctx: ServiceContext) -> None:
        plans.approve(ctx, a, state["proposed"])

    def reject(ctx: ServiceContext) -> None:
        out = plans.propose_edit(ctx, a, {"op": "set_session_minutes", "minutes": 50})
        assert out.accepted
        assert out.version is not None
        plans.reject(ctx, a, out.version)

    def import_b(ctx: ServiceContext) -> None:
        doc = portability.export_athlete(ctx, w["b"])
        portability.import_document(ctx, doc, athlete_id=a)

    return [
        (
            "log workout",
            lambda c: training_log.log_workout(c, a, workout(at(DAY, 7), (lift, 5, 60.0, 2))),
        ),
        (
            "log cardio",
            lambda c: training_log.log_cardio(
                c,
                a,
                {
                    "activity_type": "running",
                    "started_at": at(DAY - timedelta(days=1), 7).isoformat(),
                    "duration_s": 1800,
                },
            ),
        ),
        (
            "log sleep",
            lambda c: training_log.log_sleep(
                c,
                a,
                {
                    "started_at": at(DAY - timedelta(days=1), 22).isoformat(),
                    "ended_at": at(DAY, 6).isoformat(),
                },
            ),
        ),
        (
            "log meal",
            lambda c: training_log.log_meal(
                c, a, {"eaten_at": at(DAY, 8).isoformat(), "calories_kcal": 500}
            ),
        ),
        (
            "log feedback",
            lambda c: training_log.log_feedback(
                c, a, {"recorded_at": at(DAY, 9).isoformat(), "energy": 7}
            ),
        ),
        (
            "log daily",
            lambda c: training_log.log_daily(
                c, a, {"day": DAY.isoformat(), "hrv_rmssd_ms": 30, "resting_hr": 70}
            ),
        ),
        ("log food", lambda c: nutrition.log_food(c, a, "oats-rolled", 120, eaten_at=at(DAY, 10))),
        (
            "guided set",
            lambda c: guided.log_guided_set(
                c, a, DAY, key, {"exercise": lift, "reps": 5, "weight_kg": 60}
            ),
        ),
        ("exercise feedback", lambda c: guided.exercise_feedback(c, a, DAY, key, lift, "too_hard")),
        ("finish session", lambda c: guided.finish_session(c, a, DAY, key, 7)),
        ("profile", lambda c: athletes.update_profile(c, a, ProfileFields(session_minutes=75))),
        ("raise flag", raise_flag),
        ("clear flag", lambda c: health.clear_flag(c, a, state["flag"], "seen by my GP, cleared")),
        ("consent withdraw", lambda c: consent.withdraw(c, a, "model_training")),
        ("consent grant", lambda c: consent.grant(c, a, "model_training")),
        ("plan edit", edit),
        ("plan approve", approve),
        ("plan reject", reject),
        ("plan review", lambda c: plans.review_week(c, a, DAY)),
        ("plan generate", lambda c: plans.generate(c, a, seed=3, start=DAY, replace=True)),
        ("coach link", lambda c: athletes.link_coach(c, w["coach"], a)),
        ("import", import_b),
    ]


def test_every_write_raises_the_version_and_the_next_read_reflects_it(
    database: Database, clock: FixedClock
) -> None:
    w = _world(database, clock)
    a, b = w["a"], w["b"]
    for name, write in _writes(w, database):
        cached_before = _reads(database, clock, a)  # primes the cache at the current version
        assert _reads(database, clock, a) == cached_before  # ... and is served from it
        mine, everyone = _version(database, a)
        theirs = _version(database, b)[0]
        with unit_of_work(database.factory) as session:
            write(ServiceContext(session=session, subject=_SYSTEM, clock=clock))
        after = _version(database, a)
        assert after[0] > mine or after[1] > everyone, f"{name} did not raise the version"
        assert _version(database, b)[0] == theirs, f"{name} raised another athlete's version"
        served = _reads(database, clock, a)
        _clear()
        assert served == _reads(database, clock, a), f"{name}: a stale answer was served"


def test_the_cache_answers_what_a_fresh_computation_does_after_each_kind_of_change(
    database: Database, clock: FixedClock
) -> None:
    """The writes that change the answers change them at once."""
    w = _world(database, clock)
    a = w["a"]
    today, ready, _ = _reads(database, clock, a)
    assert today.status != "blocked"
    with unit_of_work(database.factory) as session:
        flag = health.raise_flag(
            ServiceContext(session=session, subject=_SYSTEM, clock=clock), a, "fainting"
        )
    assert _reads(database, clock, a)[0].status == "blocked"
    with unit_of_work(database.factory) as session:
        health.clear_flag(
            ServiceContext(session=session, subject=_SYSTEM, clock=clock),
            a,
            flag,
            "cleared by my GP",
        )
    assert _reads(database, clock, a)[0].status == today.status
    with unit_of_work(database.factory) as session:
        training_log.log_daily(
            ServiceContext(session=session, subject=_SYSTEM, clock=clock),
            a,
            {"day": DAY.isoformat(), "hrv_rmssd_ms": 20},
        )
    assert _reads(database, clock, a)[1] != ready
    # The day turns: a new answer without any write.
    before = _reads(database, clock, a)[1]
    clock.set(clock.now() + timedelta(days=1))
    assert _reads(database, clock, a)[1].day == before.day + timedelta(days=1)


def test_the_load_report_is_kept_apart_and_answered_until_a_write(
    database: Database, clock: FixedClock
) -> None:
    """The dashboard's load report (``results.REPORTS``, fewer entries: each is large) is
    served again until the athlete's data changes, then computed afresh."""
    w = _world(database, clock)
    a = w["a"]
    report = _reads(database, clock, a)[2]
    hits, misses = results.REPORTS.hits, results.REPORTS.misses
    assert _reads(database, clock, a)[2] == report
    assert (results.REPORTS.hits, results.REPORTS.misses) == (hits + 1, misses)
    assert results.REPORTS.max_entries < results.CACHE.max_entries
    with unit_of_work(database.factory) as session:
        training_log.log_daily(
            ServiceContext(session=session, subject=_SYSTEM, clock=clock),
            a,
            {"day": DAY.isoformat(), "resting_hr": 51},
        )
    _reads(database, clock, a)
    assert results.REPORTS.misses == misses + 1
    results.forget(a)  # as deleting the athlete does
    assert not [k for k in results.REPORTS._entries if k[1] == a]


def test_a_rolled_back_write_raises_nothing_and_caches_nothing(
    database: Database, clock: FixedClock
) -> None:
    w = _world(database, clock)
    a = w["a"]
    before = _reads(database, clock, a)
    version = _version(database, a)
    session = database.factory()
    try:
        ctx = ServiceContext(session=session, subject=_SYSTEM, clock=clock)
        health.raise_flag(ctx, a, "fainting")
        assert plans.today(ctx, a).status == "blocked"  # the transaction sees its own write
        session.rollback()
    finally:
        session.close()
    assert _version(database, a) == version
    assert _reads(database, clock, a) == before


def test_statements_and_bulk_inserts_raise_the_versions_they_name(
    database: Database, clock: FixedClock
) -> None:
    w = _world(database, clock)
    a, b = w["a"], w["b"]
    start_a, start_b = _version(database, a), _version(database, b)

    def run(fn: Callable[[Session], object]) -> None:
        with unit_of_work(database.factory) as session:
            fn(session)

    run(lambda s: s.execute(delete(SetLog).where(SetLog.athlete_id == b)))
    assert _version(database, a) == start_a
    assert _version(database, b)[0] == start_b[0] + 1
    run(lambda s: s.execute(update(Exercise).values(name=Exercise.name)))  # the library
    assert _version(database, a)[1] == start_a[1] + 1
    run(lambda s: s.execute(delete(SetLog).where(SetLog.reps < 0)))  # names no athlete
    assert _version(database, a)[1] == start_a[1] + 2
    run(
        lambda s: s.add(
            AuditEntry(
                at=clock.now(),
                actor_account_id=None,
                athlete_id=a,
                action="x",
                entity="y",
                entity_id=None,
                detail={},
            )
        )
    )
    assert _version(database, a) == (start_a[0], start_a[1] + 2)  # the access log is not data
    rows = [
        {"athlete_id": a, "day": DAY + timedelta(days=1), "hrv_rmssd_ms": 50.0, "source_id": "t"}
    ]
    table = DailyMetric.__table__
    run(lambda s: bulk.insert_ignore(s, table, rows, conflict_columns=("athlete_id", "day")))  # type: ignore[arg-type]
    assert _version(database, a)[0] == start_a[0] + 1


def test_a_hit_checks_access_and_writes_the_coachs_access_log(
    database: Database, clock: FixedClock
) -> None:
    w = _world(database, clock)
    a = w["a"]
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=_SYSTEM, clock=clock)
        athlete_ctx = as_subject(ctx, subject_of(ctx, athletes.get_athlete(ctx, a)))
        athletes.link_coach(athlete_ctx, w["coach"], a)
        consent.grant(athlete_ctx, a, "coach_sharing")
    coach = Subject(account_id=w["coach"], role=Role.coach)

    def as_coach() -> tuple[Any, list[tuple[str, ...]]]:
        with unit_of_work(database.factory) as session:
            ctx = ServiceContext(session=session, subject=coach, clock=clock, access_sink=[])
            view = plans.today(ctx, a)
            assert ctx.access_sink is not None
            return view, sorted({(x.kind,) for x in ctx.access_sink})

    _reads(database, clock, a)  # the athlete's own read fills the cache
    hits = results.CACHE.hits
    view, logged = as_coach()
    assert results.CACHE.hits > hits
    results.CACHE.clear()
    fresh_view, fresh_logged = as_coach()
    assert (view, logged) == (fresh_view, fresh_logged)
    assert ("plans",) in logged
    assert ("monitoring",) in logged

    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=_SYSTEM, clock=clock)
        consent.withdraw(
            as_subject(ctx, subject_of(ctx, athletes.get_athlete(ctx, a))), a, "coach_sharing"
        )
    with pytest.raises(NotFound):
        as_coach()


def test_the_json_answers_are_the_cached_answers_serialized_once(
    database: Database, clock: FixedClock
) -> None:
    """What the API sends (``today_json``, ``readiness_json``) is what FastAPI would make of
    the views, from the same cache: serialized once per cached answer, anew after a write,
    and never cached from a transaction that has written."""
    a = _world(database, clock)["a"]

    def json_reads() -> tuple[bytes, bytes]:
        with unit_of_work(database.factory) as session:
            ctx = ServiceContext(session=session, subject=_SYSTEM, clock=clock)
            return plans.today_json(ctx, a), monitoring.readiness_json(ctx, a)

    today, ready, _ = _reads(database, clock, a)
    first = json_reads()
    assert first == (
        TypeAdapter(plans.TodayView).dump_json(today, by_alias=True),
        TypeAdapter(monitoring.ReadinessReport).dump_json(ready, by_alias=True),
    )
    again = json_reads()
    assert again[0] is first[0]  # the cached bytes themselves
    assert again[1] is first[1]
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=_SYSTEM, clock=clock)
        flag = health.raise_flag(ctx, a, "fainting")
        inside = json.loads(plans.today_json(ctx, a))  # the transaction's own write
        assert inside["status"] == "blocked"
    blocked = json_reads()
    assert json.loads(blocked[0])["status"] == "blocked"
    assert blocked[0] == TypeAdapter(plans.TodayView).dump_json(
        _reads(database, clock, a)[0], by_alias=True
    )
    session = database.factory()
    try:
        ctx = ServiceContext(session=session, subject=_SYSTEM, clock=clock)
        health.clear_flag(ctx, a, flag, "cleared by my GP")
        assert json.loads(plans.today_json(ctx, a))["status"] == today.status
        session.rollback()
    finally:
        session.close()
    assert json.loads(json_reads()[0])["status"] == "blocked"  # the rollback cached nothing


# --------------------------------------------------------------------------- generation again


def _generate(
    database: Database, clock: FixedClock, athlete_id: int, subject: Subject = _SYSTEM, **kw: Any
) -> plans.Generated:
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=subject, clock=clock)
        return plans.generate_answer(ctx, athlete_id, **{"start": DAY, "seed": 7, **kw})


def _stored(database: Database, athlete_id: int) -> int:
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=_SYSTEM, clock=FixedClock(at(DAY)))
        return len(plans.versions(ctx, athlete_id))


@pytest.fixture
def _no_answers() -> Iterator[None]:
    plans.generation.ANSWERS.clear()
    yield
    plans.generation.ANSWERS.clear()


@pytest.mark.usefixtures("_no_answers")
def test_the_same_generation_again_answers_the_version_it_stored(
    database: Database, clock: FixedClock
) -> None:
    """Nothing written since: the same version, not a copy (from the database the first time,
    from the process's cache after); another request, asker or day stores a new one."""
    a = _world(database, clock)["a"]
    first = _generate(database, clock, a)
    assert not first.again
    assert first.view.status == "proposed"  # a plan was in force already
    count = _stored(database, a)
    for _ in range(2):
        again = _generate(database, clock, a)
        assert again.again
        assert again.view == first.view
        assert json.loads(again.json()) == json.loads(first.json())
    assert plans.generation.ANSWERS.hits >= 1
    assert _stored(database, a) == count
    plans.generation.ANSWERS.clear()  # another process: read from the database
    assert _generate(database, clock, a).view.version == first.view.version

    other_seed = _generate(database, clock, a, seed=8)
    assert not other_seed.again
    assert other_seed.view.version == first.view.version + 1
    # The first request's version is no longer the newest: asked again, a new one.
    assert not _generate(database, clock, a).again
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=_SYSTEM, clock=clock)
        owner = subject_of(ctx, athletes.get_athlete(ctx, a))
    assert not _generate(database, clock, a, subject=owner).again  # another asker
    assert _generate(database, clock, a, subject=owner).again
    clock.set(clock.now() + timedelta(days=1))
    assert not _generate(database, clock, a, subject=owner).again  # the day turned
    assert _stored(database, a) == count + 4


@pytest.mark.usefixtures("_no_answers")
def test_every_write_since_makes_the_same_request_generate_again(
    database: Database, clock: FixedClock
) -> None:
    w = _world(database, clock)
    a = w["a"]
    for name, write in _writes(w, database):
        stored = _generate(database, clock, a)
        assert _generate(database, clock, a).view.version == stored.view.version, name
        with unit_of_work(database.factory) as session:
            write(ServiceContext(session=session, subject=_SYSTEM, clock=clock))
        later = _generate(database, clock, a)
        if later.view.status == "blocked":  # an open flag: nothing stored, nothing answered
            assert name == "raise flag"
            continue
        assert not later.again, f"after {name}, an old version was answered"


@pytest.mark.usefixtures("_no_answers")
def test_a_write_after_the_generation_in_its_transaction_is_not_answered_over(
    database: Database, clock: FixedClock
) -> None:
    a = _world(database, clock)["a"]
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=_SYSTEM, clock=clock)
        plans.generate_answer(ctx, a, start=DAY, seed=7)
        training_log.log_daily(ctx, a, {"day": DAY.isoformat(), "hrv_rmssd_ms": 21})
    assert not _generate(database, clock, a).again
    assert _generate(database, clock, a).again
    # Rolled back: nothing stored, nothing answered.
    session = database.factory()
    try:
        ctx = ServiceContext(session=session, subject=_SYSTEM, clock=clock)
        rolled = plans.generate_answer(ctx, a, start=DAY, seed=9)
        session.rollback()
    finally:
        session.close()
    after = _generate(database, clock, a, seed=9)
    assert not after.again
    assert after.view.version == rolled.view.version  # the number was never taken


@pytest.mark.usefixtures("_no_answers")
def test_a_blocked_generation_raises_no_version(database: Database, clock: FixedClock) -> None:
    """The lock it takes writes nothing: every cached result stays valid."""
    a = _world(database, clock)["a"]
    with unit_of_work(database.factory) as session:
        health.raise_flag(
            ServiceContext(session=session, subject=_SYSTEM, clock=clock), a, "fainting"
        )
    version = _version(database, a)
    assert _generate(database, clock, a).view.status == "blocked"
    assert _version(database, a) == version


@pytest.mark.usefixtures("_no_answers")
def test_identical_requests_at_once_store_one_version(
    database: Database, clock: FixedClock
) -> None:
    """The second waits at the athlete's lock while the first has not committed; then it finds
    the first's version and answers it instead of storing its own draft."""
    a = _world(database, clock)["a"]
    count = _stored(database, a)
    answers: list[plans.Generated] = []
    with unit_of_work(database.factory) as session:
        first = plans.generate_answer(
            ServiceContext(session=session, subject=_SYSTEM, clock=clock), a, start=DAY, seed=7
        )
        second = threading.Thread(target=lambda: answers.append(_generate(database, clock, a)))
        second.start()
        second.join(timeout=1.0)  # drafting, then waiting for this transaction's lock
        assert second.is_alive()
    second.join(timeout=30)
    assert [x.again for x in answers] == [True]
    assert answers[0].view.version == first.view.version
    assert _stored(database, a) == count + 1


def test_a_generation_asked_again_looks_its_version_up_by_index() -> None:
    """Not by reading every version the athlete ever had (each with its plan): the lookup's
    cost stays flat as versions pile up."""
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    statements: list[Any] = []
    with Session(engine) as session:
        run = session.execute

        def capture(statement: Any, *args: Any, **kwargs: Any) -> Any:
            statements.append(statement)
            return run(statement, *args, **kwargs)

        session.execute = capture  # type: ignore[method-assign]
        assert plans_repo.answered_again(session, AthleteScope(1, _SYSTEM), "key") is None
        sql = str(statements[-1].compile(engine, compile_kwargs={"literal_binds": True}))
        steps = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}").all()
    engine.dispose()
    assert "ix_plan_versions_athlete_data_version" in str(steps[0])


def test_the_global_version_read_with_the_access_check_is_held_until_the_library_changes(
    database: Database, clock: FixedClock
) -> None:
    """The consent check and the stamp read the global version in their query; the
    transaction answers ``global_version`` with it (no query of its own) until it writes the
    library, and the next transaction reads the counter again."""
    a = _world(database, clock)["a"]
    checks: list[Callable[[ServiceContext], object]] = [
        lambda ctx: consent.require(ctx, a, ConsentPurpose.training_logs),
        lambda ctx: access.stamp(ctx.session, _SYSTEM, a),
    ]
    statements: list[str] = []

    def note(*args: Any) -> None:
        statements.append(str(args[2]))

    for check in checks:
        with unit_of_work(database.factory) as session:
            before = versions.global_version(session)
        statements.clear()
        with unit_of_work(database.factory) as session:
            check(ServiceContext(session=session, subject=_SYSTEM, clock=clock))
            engine = session.get_bind()
            event.listen(engine, "before_cursor_execute", note)
            try:
                assert versions.global_version(session) == before
                assert statements == []  # held: no query
                session.execute(update(Exercise).values(name=Exercise.name))
                assert versions.global_version(session) == before  # raised at commit
                assert any("data_versions" in s for s in statements)  # read again
            finally:
                event.remove(engine, "before_cursor_execute", note)
        with unit_of_work(database.factory) as session:
            assert versions.global_version(session) == before + 1


def test_a_stamp_asked_again_is_read_again_only_after_a_write(
    database: Database, clock: FixedClock
) -> None:
    """The same transaction asking the stamp again (an answer's cache, then the series') gets
    the one it read, with no query, until it writes; the athlete's zone is then the stamp's."""
    a = _world(database, clock)["a"]
    statements: list[str] = []

    def note(*args: Any) -> None:
        statements.append(str(args[2]))

    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=_SYSTEM, clock=clock)
        first = access.stamp(session, _SYSTEM, a)
        engine = session.get_bind()
        event.listen(engine, "before_cursor_execute", note)
        try:
            assert access.stamp(session, _SYSTEM, a) == first
            assert str(training_log.athlete_zone(ctx, a)) == first[0]
            assert statements == []
            training_log.log_workout(
                ctx, a, workout(at(DAY - timedelta(days=3)), ("back_squat", 5, 100.0, 2))
            )
            statements.clear()
            assert access.held_stamp(session, _SYSTEM, a) is None
            assert access.stamp(session, _SYSTEM, a)[1] == first[1]  # raised at commit
            assert statements  # read again
        finally:
            event.remove(engine, "before_cursor_execute", note)
    with unit_of_work(database.factory) as session:
        assert access.stamp(session, _SYSTEM, a)[1] == first[1] + 1
