"""Generated ownership tests: every athlete resource operation, every kind of requester.

Another athlete gets NotFound for an athlete's id (never a hint that it exists) and changes
nothing; a coach sees the athletes linked to them and nobody else; an admin sees everyone.
A new service function that takes an ``athlete_id`` fails ``test_every_operation_is_covered``
until it is added to ``OPERATIONS``.
"""

from __future__ import annotations

import copy
import functools
import inspect
import io
import itertools
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import NOW, Database, copied_database, seeded_postgres, seeded_sqlite
from tests.factories import as_subject, make_athlete, subject_of, workout
from tests.fixtures.tables import changed, row_counts
from tests.services.test_sensors_service import store_recording

from fitcoach.coach import wording
from fitcoach.coach.nutrition import PlannedFood, PlannedMeal, Totals
from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import Role
from fitcoach.core.errors import Conflict, NotFound, PermissionDenied
from fitcoach.interfaces.api.schemas import Page, StoredWorkoutOut
from fitcoach.services import (
    athletes,
    exercise_names,
    exercises,
    guided,
    health,
    imports,
    measurements,
    monitoring,
    nutrition,
    own_exercises,
    plans,
    portability,
    reports,
    sensors,
    training_log,
)
from fitcoach.services.context import ServiceContext
from fitcoach.services.portability import export as portability_export
from fitcoach.services.portability import importer as portability_importer
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work

AT = datetime(2026, 11, 18, 18, 0, tzinfo=UTC)
PLAN_START = date(2026, 11, 16)
GUIDED_DAY = date(2026, 11, 20)
COVERED_MODULES = (
    athletes,
    training_log,
    portability_export,
    portability_importer,
    exercises,
    monitoring,
    health,
    plans,
    nutrition,
    sensors,
    guided,
    reports,
    exercise_names,
    imports,
    measurements,
    own_exercises,
)


@dataclass
class World:
    """Athletes A and B with one record of every kind; a coach linked to A only."""

    a: int
    b: int
    athlete_a: Subject
    athlete_b: Subject
    coach: Subject
    spare_coach_id: int
    tmp: Path
    seeded: _Seeded
    admin: ServiceContext

    # Each read by one operation: made when first read, not for each of the ~120 tests (a deep
    # copy of two exports took 0.18 s a test, the two proposals 0.08 s).
    @functools.cached_property
    def exports(self) -> dict[int, dict[str, Any]]:
        """Each athlete's export, this test's own copy."""
        return copy.deepcopy(self.seeded.exports)

    @functools.cached_property
    def proposals(self) -> dict[int, Any]:
        """Each athlete's proposal skipping w1s1, read by the admin (a version to describe)."""
        return {x: plans.get_version(self.admin, x, 2) for x in (self.a, self.b)}


def _log_all(ctx: ServiceContext, athlete_id: int) -> None:
    for kind, doc in _DOCS.items():
        LOGGERS[kind](ctx, athlete_id, doc())


_DOCS: dict[str, Callable[[], dict[str, Any]]] = {
    "workouts": lambda: workout(AT, ("barbell-back-squat", 5, 100, 2)),
    "cardio": lambda: {
        "activity_type": "cycling",
        "started_at": AT.isoformat(),
        "duration_s": "1h",
        "max_hr": 171,
    },
    "daily": lambda: {"day": "2026-11-18", "resting_hr": 50},
    "sleep": lambda: {"started_at": "2026-11-17T22:00Z", "ended_at": "2026-11-18T06:00Z"},
    "meals": lambda: {"eaten_at": AT.isoformat(), "calories_kcal": 700},
    "feedback": lambda: {"recorded_at": AT.isoformat(), "mood": 7},
}
LOGGERS: dict[str, Callable[..., training_log.Logged]] = {
    "workouts": training_log.log_workout,
    "cardio": training_log.log_cardio,
    "daily": training_log.log_daily,
    "sleep": training_log.log_sleep,
    "meals": training_log.log_meal,
    "feedback": training_log.log_feedback,
}


@dataclass(frozen=True)
class _Seeded:
    """The ids in the world's template database (the rest of ``World`` is read per test)."""

    a: int
    b: int
    athlete_a: Subject
    athlete_b: Subject
    coach: Subject
    spare_coach_id: int
    # Each athlete's export as the operator made it after seeding (the import operation's
    # document): made here once, as it is audited the rows are in the template too.
    exports: dict[int, dict[str, Any]]


def _seed_world(url: str) -> _Seeded:
    """Athletes A and B with everything to act on, committed to the database at ``url``."""
    engine = make_engine(url)
    with unit_of_work(make_session_factory(engine)) as session:
        ctx = ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))
        coach_id = athletes.create_staff_account(ctx, "coach@example.org", "Coach", Role.coach)
        spare = athletes.create_staff_account(ctx, "spare@example.org", "Spare", Role.coach)
        a, b = make_athlete(ctx), make_athlete(ctx)
        athletes.link_coach(ctx, coach_id, a.id)
        for athlete in (a, b):
            _log_all(ctx, athlete.id)
            plans.generate(ctx, athlete.id, start=PLAN_START)
            # Proposals to approve or reject (each permitted call uses a fresh one), then open
            # red flags to clear; flags come last because they block new proposals.
            for key in ("w1s1", "w1s2", "w2s1", "w2s2"):
                plans.propose_edit(ctx, athlete.id, {"op": "skip_session", "session": key})
            for _ in range(3):
                health.raise_flag(ctx, athlete.id, "acute_injury", note="ownership test")
            # A sensor recording with open alerts to clear (one per permitted call).
            store_recording(ctx, athlete.id, alerts=3)
            for n in range(3):  # files held for review, one to drop per permitted call
                _held(ctx, athlete.id, n)
            for n in range(3):  # imported files, one to take back per permitted call
                _imported(ctx, athlete.id, n)
            # Own exercises: one to read and change, three to delete (one per permitted call).
            for name in (OWN_ROW, *(f"{OWN_SPARE} {n}" for n in range(3))):
                own_exercises.keep(ctx, athlete.id, name)
        session.flush()
        exports = {x.id: portability.export_athlete(ctx, x.id) for x in (a, b)}
        seeded = _Seeded(
            a=a.id,
            b=b.id,
            athlete_a=subject_of(ctx, a),
            athlete_b=subject_of(ctx, b),
            coach=Subject(account_id=coach_id, role=Role.coach),
            spare_coach_id=spare,
            exports=exports,
        )
    engine.dispose()
    return seeded


# The world is built once per database kind and each test gets its own copy (as the conftest's
# ``database`` copies the migrated template): the operations write, so no test sees another's.
@pytest.fixture(scope="module")
def world_sqlite(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, _Seeded]:
    return seeded_sqlite(sqlite_template, tmp_path_factory, "world", _seed_world)


@pytest.fixture(scope="module")
def world_postgres(postgres_template: str) -> Iterator[tuple[str, _Seeded]]:
    with seeded_postgres(postgres_template, "world", _seed_world) as seeded:
        yield seeded


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A copy of the seeded world (in place of the conftest's empty database)."""
    template, _ = request.getfixturevalue(f"world_{request.param}")
    yield from copied_database(request.param, template, tmp_path)


@pytest.fixture
def world(
    request: pytest.FixtureRequest, database: Database, ctx: ServiceContext, tmp_path: Path
) -> World:
    _, seeded = request.getfixturevalue(f"world_{database.kind}")
    return World(
        a=seeded.a,
        b=seeded.b,
        athlete_a=seeded.athlete_a,
        athlete_b=seeded.athlete_b,
        coach=seeded.coach,
        spare_coach_id=seeded.spare_coach_id,
        tmp=tmp_path,
        seeded=seeded,
        admin=ctx,
    )


OWN_ROW = "Ownership Machine Row"
_ADDED = itertools.count(1)  # a new name for each permitted add
OWN_SPARE = "Ownership Spare Curl"


def _own_slug(ctx: ServiceContext, aid: int, name: str = OWN_ROW) -> str:
    """The slug of the athlete's own exercise ``name`` (as the slugs are made: no query, so
    that a refused call is refused by the operation itself)."""
    return f"own-{aid}-{name.lower().replace(' ', '-')}"


def _spare_slug(ctx: ServiceContext, aid: int) -> str:
    """An own exercise of the athlete's not yet deleted (one per permitted delete)."""
    names = {row["slug"] for row in own_exercises.listed(ctx, aid)}
    return next(s for n in range(3) if (s := _own_slug(ctx, aid, f"{OWN_SPARE} {n}")) in names)


def _is_own(result: Any, athlete_id: int) -> None:
    rows = result if isinstance(result, list) else [result]
    assert rows
    for row in rows:
        slug = row["slug"] if isinstance(row, dict) else row.slug
        assert slug.startswith(f"own-{athlete_id}-")


def _names_are_own(result: Any, athlete_id: int) -> None:
    """Names by slug: every own exercise among them is the athlete's, and theirs are there."""
    own = [slug for slug in result if slug.startswith("own-")]
    assert own
    assert all(slug.startswith(f"own-{athlete_id}-") for slug in own), own


def _planned_own(result: Any, athlete_id: int) -> None:
    """The planning library: the library and only this athlete's own exercises."""
    _names_are_own({r.slug: r.name for r in result}, athlete_id)


def _unpaused(ctx: ServiceContext, athlete_id: int) -> None:
    """Resolve the world's open flags as ``ctx``'s subject (refused like any other call for
    someone else's athlete): a guided workout refuses to run while a flag is open."""
    if health.open_flags(ctx, athlete_id):
        health.clear_open_flags(ctx, athlete_id, "ownership test: cleared to train")


@dataclass(frozen=True)
class Op:
    """One operation on an athlete's resources."""

    name: str
    function: Callable[..., Any]
    call: Callable[[ServiceContext, World, int], Any]
    # Checks what a permitted call returned for athlete ``athlete_id``.
    check: Callable[[Any, int], None] = lambda result, athlete_id: None
    coach_may: bool = True


_A_PLANNED_MEAL = PlannedMeal(
    meal="breakfast",
    foods=(
        PlannedFood("oats-rolled", "Oats", 50, 1, 190, 6.6, 34, 3.3),
        PlannedFood("milk-2pct", "Milk", 250, 1, 125, 8.3, 12, 5),
    ),
    totals=Totals(315, 14.9, 46, 8.3),
    target_kcal=600,
)


def _check_logged(logged: training_log.Logged, _aid: int) -> None:
    assert logged.id > 0


def _sets_of_own_workout(sets: dict[int, list[dict[str, Any]]], athlete_id: int) -> None:
    assert sets
    assert {s["athlete_id"] for rows in sets.values() for s in rows} == {athlete_id}


def _json_belongs(body: bytes, athlete_id: int) -> None:
    assert json.loads(body)["athlete_id"] == athlete_id


def _page_rows(ctx: ServiceContext, _w: World, aid: int) -> list[dict[str, Any]]:
    """The API's page of workouts (``history_json``), asked twice: computed, then kept."""
    training_log.history_json(ctx, aid, "workouts", Page[StoredWorkoutOut], limit=100)
    page = training_log.history_json(ctx, aid, "workouts", Page[StoredWorkoutOut], limit=100)
    items: list[dict[str, Any]] = json.loads(page)["items"]
    return items


def _rows_of(rows: list[dict[str, Any]], athlete_id: int) -> None:
    assert rows
    assert {r["athlete_id"] for r in rows} == {athlete_id}


def _history_op(kind: str) -> Op:
    return Op(
        f"history:{kind}",
        training_log.history,
        lambda ctx, w, aid: training_log.history(ctx, aid, kind),  # type: ignore[arg-type]
        _rows_of,
    )


def _snapshot_rows(ctx: ServiceContext, _w: World, aid: int) -> list[dict[str, Any]]:
    """Every kind read once into a snapshot, then each answered from it."""
    with training_log.snapshot(ctx, aid, dict.fromkeys(training_log.MODELS, (None, None))):
        return [r for kind in training_log.MODELS for r in training_log.history(ctx, aid, kind)]


def _log_op(kind: str) -> Op:
    def check(logged: training_log.Logged, _aid: int) -> None:
        assert logged.id > 0

    return Op(
        f"log:{kind}",
        LOGGERS[kind],
        lambda ctx, w, aid: LOGGERS[kind](ctx, aid, _DOCS[kind]()),
        check,
    )


def _own_meal(ctx: ServiceContext, aid: int) -> int:
    """The id of the athlete's meal, read past the scope (the operation must check it); a
    new one, logged by the operator, once an allowed call has deleted it."""
    from sqlalchemy import select

    from fitcoach.storage.access import Subject
    from fitcoach.storage.models import Meal

    found = ctx.session.scalars(select(Meal.id).where(Meal.athlete_id == aid)).first()
    if found is not None or aid == 10**6:
        return int(found or 0)
    operator = ServiceContext(session=ctx.session, subject=Subject.system(), clock=ctx.clock)
    return training_log.log_meal(operator, aid, _DOCS["meals"]()).id


def _check_entry(done: dict[str, Any], _aid: int) -> None:
    assert done["kind"] == "meals"
    assert done["id"] > 0


def _equals(value: Any, expected: Any) -> None:
    assert value == expected


def _check_athlete(out: Any, athlete_id: int) -> None:
    assert out.id == athlete_id


def _check_profile(profile: Any, _aid: int) -> None:
    assert profile.days_per_week == 2


def _check_records(prs: list[Any], _aid: int) -> None:
    assert [p.exercise for p in prs] == ["barbell-back-squat"]


def _check_trend(trend: list[Any], _aid: int) -> None:
    assert len(trend) == 1


def _check_last_load(last: Any, _aid: int) -> None:
    assert last is not None
    assert last.weight_kg > 0


def _check_export(doc: dict[str, Any], _aid: int) -> None:
    assert doc["workouts"]


def _check_written(counts: dict[str, int], _aid: int) -> None:
    assert counts["workouts"] == 1


def _check_zip(data: bytes, _aid: int) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert "workouts.csv" in zf.namelist()


def _check_import(report: Any, _aid: int) -> None:
    assert report is not None


def _check_substitutes(hits: list[Any], _aid: int) -> None:
    assert hits


def _json_belongs(result: bytes, athlete_id: int) -> None:
    assert json.loads(result)["athlete_id"] == athlete_id


def _belongs(result: Any, athlete_id: int) -> None:
    assert result is not None
    if isinstance(result, list):
        assert all(r.athlete_id == athlete_id for r in result)
    elif hasattr(result, "athlete_id"):
        assert result.athlete_id == athlete_id


def _plan_in_force(found: Any, athlete_id: int) -> None:
    assert found is not None
    _version, plan = found
    assert plan.athlete_id == athlete_id


def _served(sessions: list[Any], _aid: int) -> None:
    assert sessions == []  # the world's athletes have open red flags: nothing is served


def _nothing_while_flagged(proposal: Any, _aid: int) -> None:
    assert proposal is None  # an open red flag blocks every proposal


def _operator(ctx: ServiceContext) -> ServiceContext:
    return ServiceContext(session=ctx.session, subject=Subject.system(), clock=ctx.clock)


def _next_proposal(ctx: ServiceContext, athlete_id: int) -> int:
    """A version still waiting for approval (looked up as the operator: the test's plumbing,
    not the call under test); 1 when there is none (the call must fail before using it)."""
    try:
        waiting = plans.versions(_operator(ctx), athlete_id, status="proposed")
    except NotFound:
        return 1
    return min((v.version for v in waiting), default=1)


def _open_flag(ctx: ServiceContext, athlete_id: int) -> int:
    try:
        return health.open_flags(_operator(ctx), athlete_id)[0].id
    except NotFound:
        return 1


def _recording_of(ctx: ServiceContext, athlete_id: int) -> int:
    try:
        return sensors.list_recordings(_operator(ctx), athlete_id).items[0].id
    except NotFound:
        return 1


def _own_set(ctx: ServiceContext, aid: int) -> tuple[int, int]:
    """(workout id, set id) of one of the athlete's sets, read as the operator (the test's
    plumbing); a new workout, logged by the operator, once allowed calls have deleted them."""
    operator = _operator(ctx)
    for stored in training_log.history(operator, aid, "workouts"):
        if stored["sets"]:
            return stored["id"], stored["sets"][0]["id"]
    logged = training_log.log_workout(operator, aid, _DOCS["workouts"]())
    (stored,) = [w for w in training_log.history(operator, aid, "workouts") if w["id"] == logged.id]
    return logged.id, stored["sets"][0]["id"]


def _own_cardio(ctx: ServiceContext, aid: int) -> int:
    """The id of one of the athlete's cardio sessions, read (or logged) as the operator."""
    operator = _operator(ctx)
    for stored in training_log.history(operator, aid, "cardio"):
        return int(stored["id"])
    return training_log.log_cardio(operator, aid, _DOCS["cardio"]()).id


def _move(ctx: ServiceContext, aid: int) -> Any:
    """A planned session of the athlete's moved a day later (its day read as the operator)."""
    plan = plans.current(_operator(ctx), aid).plan
    assert plan is not None
    today = ctx.clock.now().date()
    day = wording.session_days(plan, today)["w3s1"] + timedelta(days=1)
    return plans.move_session(ctx, aid, "w3s1", day)


def _undo(ctx: ServiceContext, aid: int) -> Any:
    """Undo what the asking account logged last (a meal it logs first when it has none)."""
    last = training_log.last_entry(ctx, aid)
    if last is None:
        training_log.log_meal(ctx, aid, _DOCS["meals"]())
        last = training_log.last_entry(ctx, aid)
        assert last is not None
    return training_log.undo_last(ctx, aid, last.kind, last.id)


def _recording_as_session(ctx: ServiceContext, aid: int) -> Any:
    """The world's recording is still active: a permitted call is refused as too early
    (``Conflict``), only after the athlete's scope was checked (``NotFound`` otherwise)."""
    try:
        return sensors.log_recording_as_session(
            ctx, aid, _recording_of(ctx, aid), activity_type="cycling"
        )
    except Conflict:
        return None


def _open_alert(ctx: ServiceContext, athlete_id: int) -> int:
    try:
        return sensors.list_alerts(_operator(ctx), athlete_id, open_only=True).items[0].id
    except NotFound:
        return 1


def _page_of(page: Any, athlete_id: int) -> None:
    assert page.items
    assert {item.athlete_id for item in page.items} == {athlete_id}


def _versions(found: Any, _aid: int) -> None:
    assert isinstance(found, set)


def _check_vitals(rows: list[Any], _aid: int) -> None:
    assert rows


def _check_waveform(view: Any, _aid: int) -> None:
    assert view.counts


_HEVY = (
    b'"title","start_time","end_time","description","exercise_title","superset_id",'
    b'"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
    b'"duration_seconds","rpe"\n'
    b'"Odd","3 Nov 2026, 07:15","3 Nov 2026, 08:00","","Zercher Hold (Chains)",,"",0,'
    b'"normal",60,8,,,8\n'
)


def _held(ctx: ServiceContext, aid: int, n: int) -> None:
    """Hold a file for review (its exercise name is unknown to the library)."""
    data = _HEVY.replace(b"60,8", f"{60 + n},8".encode())
    summary = imports.import_files(ctx, aid, [imports.IncomingFile(f"odd-{n}.csv", data)])
    (held,) = summary.files
    assert held.status == "needs review", held


def _drop_one(ctx: ServiceContext, aid: int) -> None:
    """Drop one of the athlete's held files (found as the operator: the test's plumbing)."""
    imports.drop_pending(ctx, aid, imports.pending(_operator(ctx), aid).files[0].sha256)


_SLEEPS = (Path(__file__).parents[1] / "fixtures" / "imports" / "whoop" / "sleeps.csv").read_bytes()


def _imported(ctx: ServiceContext, aid: int, n: int) -> None:
    """Import WHOOP's sleeps, a year apart for each ``n`` (nights: no workouts, no records)."""
    data = _SLEEPS.replace(b"2024-", f"{2021 + n}-".encode())
    (done,) = imports.import_files(ctx, aid, [imports.IncomingFile(f"sleeps{n}.csv", data)]).files
    assert done.status == "imported", done
    assert done.records.get("sleep"), done


def _take_back_one(ctx: ServiceContext, aid: int) -> Any:
    """Take back one of the athlete's imports (found as the operator: the test's plumbing)."""
    files = imports.imported_files(_operator(ctx), aid)
    sha = next(f["sha256"] for f in files if f["can_take_back"])
    return imports.take_back(ctx, aid, sha)


def _chosen(ctx: ServiceContext, aid: int, name: str) -> None:
    exercise_names.choose(ctx, aid, name, "barbell-back-squat")
    exercise_names.forget(ctx, aid, name)


_GPX = (
    b'<?xml version="1.0"?><gpx version="1.1" creator="t" '
    b'xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
    b'<trkpt lat="46.0" lon="14.0"><time>2026-11-03T07:00:00Z</time></trkpt>'
    b'<trkpt lat="46.01" lon="14.0"><time>2026-11-03T07:10:00Z</time></trkpt>'
    b"</trkseg></trk></gpx>"
)


OPERATIONS = [
    # Body measurements (services/measurements.py).
    Op(
        "log_measurements",
        measurements.log_measurements,
        lambda ctx, w, aid: measurements.log_measurements(
            ctx, aid, {"day": "2026-11-18", "waist_cm": 84, "notes": "ownership"}
        ),
        lambda logged, aid: _equals(logged.day, date(2026, 11, 18)),
    ),
    Op(
        "measurement_history",
        measurements.history,
        lambda ctx, w, aid: measurements.history(ctx, aid),
    ),
    Op(
        "measurements_overview",
        measurements.overview,
        lambda ctx, w, aid: measurements.overview(ctx, aid, date(2026, 11, 20)),
        lambda view, aid: _equals(view.athlete_id, aid),
    ),
    Op(
        "delete_measurements",
        measurements.delete_measurements,
        lambda ctx, w, aid: measurements.delete_measurements(ctx, aid, date(2026, 11, 18)),
    ),
    Op(
        "entry",
        training_log.entry,
        lambda ctx, w, aid: training_log.entry(ctx, aid, "workouts", _own_set(ctx, aid)[0]),
        lambda row, aid: _equals(row["athlete_id"], aid),
    ),
    Op(
        "correct_set",
        training_log.correct_set,
        lambda ctx, w, aid: training_log.correct_set(ctx, aid, *_own_set(ctx, aid), {"reps": 4}),
    ),
    Op(
        "checked_workout_changes",
        training_log.checked_workout_changes,
        lambda ctx, w, aid: training_log.checked_workout_changes(ctx, aid, {"title": "Legs"}),
    ),
    Op(
        "workout_sets",
        training_log.workout_sets,
        lambda ctx, w, aid: training_log.workout_sets(ctx, aid, [_own_set(ctx, aid)[0]]),
        _sets_of_own_workout,
    ),
    Op(
        "correct_workout",
        training_log.correct_workout,
        lambda ctx, w, aid: training_log.correct_workout(
            ctx, aid, _own_set(ctx, aid)[0], {"title": "Legs"}
        ),
    ),
    Op(
        "delete_set",
        training_log.delete_set,
        lambda ctx, w, aid: training_log.delete_set(ctx, aid, *_own_set(ctx, aid)),
    ),
    Op(
        "feed",
        training_log.feed,
        lambda ctx, w, aid: training_log.feed(ctx, aid),
        lambda page, aid: _equals({i["athlete_id"] for i in page.items}, {aid}),
    ),
    Op(
        "logged_exercises",
        training_log.logged_exercises,
        lambda ctx, w, aid: training_log.logged_exercises(ctx, aid),
    ),
    Op(
        "exercise_progress",
        training_log.exercise_progress,
        lambda ctx, w, aid: training_log.exercise_progress(ctx, aid, "barbell-back-squat"),
    ),
    Op(
        "last_entry", training_log.last_entry, lambda ctx, w, aid: training_log.last_entry(ctx, aid)
    ),
    Op("undo_last", training_log.undo_last, lambda ctx, w, aid: _undo(ctx, aid)),
    Op(
        "cardio_words",
        training_log.cardio_words,
        lambda ctx, w, aid: training_log.cardio_words(ctx, aid, _own_cardio(ctx, aid), "metric"),
        lambda words, aid: None if words.startswith("Logged on ") else pytest.fail(words),
    ),
    Op(
        "workout_words",
        training_log.workout_words,
        lambda ctx, w, aid: training_log.workout_words(ctx, aid, _own_set(ctx, aid)[0], "metric"),
        lambda words, aid: None if words.startswith("Logged on ") else pytest.fail(words),
    ),
    Op(
        "entry_words",
        training_log.entry_words,
        lambda ctx, w, aid: training_log.entry_words(ctx, aid, "workouts", _own_set(ctx, aid)[0]),
        lambda words, aid: None if words else pytest.fail("no words for the athlete's workout"),
    ),
    Op(
        "drop_automatic_sessions",
        sensors.drop_automatic_sessions,
        lambda ctx, w, aid: sensors.drop_automatic_sessions(ctx, aid, "demo-"),
    ),
    Op(
        "log_recording_as_session",
        sensors.log_recording_as_session,
        lambda ctx, w, aid: _recording_as_session(ctx, aid),
    ),
    Op(
        "map_names",
        exercise_names.map_names,
        lambda ctx, w, aid: exercise_names.map_names(ctx, aid, ["Squat (Barbell)"]),
        lambda found, _aid: _equals(found["Squat (Barbell)"].exercise_slug, "barbell-back-squat"),
    ),
    Op(
        "choose",
        exercise_names.choose,
        lambda ctx, w, aid: exercise_names.choose(ctx, aid, "My Squat", "barbell-back-squat"),
    ),
    Op("choices", exercise_names.choices, lambda ctx, w, aid: exercise_names.choices(ctx, aid)),
    Op("forget", exercise_names.forget, lambda ctx, w, aid: _chosen(ctx, aid, "Their Squat")),
    Op(
        "remembered_slugs",
        exercise_names.remembered_slugs,
        lambda ctx, w, aid: exercise_names.remembered_slugs(ctx, aid),
    ),
    Op(
        "import_files",
        imports.import_files,
        lambda ctx, w, aid: imports.import_files(
            ctx, aid, [imports.IncomingFile("walk.gpx", _GPX)]
        ),
        lambda summary, aid: _equals((summary.athlete_id, summary.files[0].format), (aid, "gpx")),
    ),
    Op(
        "remember_choices",
        imports.remember_choices,
        lambda ctx, w, aid: imports.remember_choices(ctx, aid, {"My Row": "barbell-row"}),
    ),
    Op("pending", imports.pending, lambda ctx, w, aid: imports.pending(ctx, aid)),
    Op("resume", imports.resume, lambda ctx, w, aid: imports.resume(ctx, aid)),
    Op(
        "drop_pending",
        imports.drop_pending,
        lambda ctx, w, aid: _drop_one(ctx, aid),
    ),
    Op(
        "imported_files",
        imports.imported_files,
        lambda ctx, w, aid: imports.imported_files(ctx, aid),
    ),
    Op(
        "take_back",
        imports.take_back,
        lambda ctx, w, aid: _take_back_one(ctx, aid),
        lambda done, aid: _equals(set(done["removed"]), {"sleep"}),
    ),
    Op(
        "get_athlete",
        athletes.get_athlete,
        lambda ctx, w, aid: athletes.get_athlete(ctx, aid),
        _check_athlete,
    ),
    Op(
        "update_profile",
        athletes.update_profile,
        lambda ctx, w, aid: athletes.update_profile(ctx, aid, {"days_per_week": 2}),
        _check_profile,
    ),
    Op(
        "link_coach",
        athletes.link_coach,
        lambda ctx, w, aid: athletes.link_coach(ctx, w.spare_coach_id, aid),
        coach_may=False,
    ),
    Op(
        "delete_athlete",
        athletes.delete_athlete,
        lambda ctx, w, aid: athletes.delete_athlete(ctx, aid),
        coach_may=False,
    ),
    *(_log_op(kind) for kind in LOGGERS),
    *(_history_op(kind) for kind in training_log.MODELS),
    Op("snapshot", training_log.snapshot, _snapshot_rows, _rows_of),
    Op("history_json", training_log.history_json, _page_rows, _rows_of),
    Op(
        "correct_entry",
        training_log.correct_entry,
        lambda ctx, w, aid: training_log.correct_entry(
            ctx, aid, "meals", _own_meal(ctx, aid), {"calories_kcal": 500}
        ),
        _check_entry,
    ),
    Op(
        "delete_entry",
        training_log.delete_entry,
        lambda ctx, w, aid: training_log.delete_entry(ctx, aid, "meals", _own_meal(ctx, aid)),
        _check_entry,
    ),
    Op(
        "athlete_zone",
        training_log.athlete_zone,
        lambda ctx, w, aid: training_log.athlete_zone(ctx, aid),
        lambda zone, _aid: _equals(str(zone), "UTC"),
    ),
    Op(
        "change_sentences",
        plans.change_sentences,
        lambda ctx, w, aid: plans.change_sentences(ctx, aid, w.proposals[w.a]),
        lambda lines, _aid: _equals(bool(lines), True),
    ),
    Op(
        "agent_opted_in",
        plans.agent_opted_in,
        lambda ctx, w, aid: plans.agent_opted_in(ctx, aid),
        lambda on, _aid: _equals(on, False),
    ),
    Op(
        "set_agent_opt_in",
        plans.set_agent_opt_in,
        lambda ctx, w, aid: plans.set_agent_opt_in(ctx, aid, False),
        coach_may=False,
    ),
    Op(
        "agent_suggestion",
        plans.agent_suggestion,
        lambda ctx, w, aid: plans.agent_suggestion(ctx, aid),
        _belongs,
    ),
    Op(
        "daily_frame",
        monitoring.daily_frame,
        lambda ctx, w, aid: monitoring.daily_frame(ctx, aid, date(2026, 11, 1), date(2026, 11, 20)),
        lambda frame, _aid: _equals(len(frame), 20),
    ),
    Op(
        "plate_setup",
        guided.plate_setup,
        lambda ctx, w, aid: guided.plate_setup(ctx, aid),
        _belongs,
    ),
    Op(
        "load_sessions",
        training_log.load_sessions,
        lambda ctx, w, aid: [
            *training_log.load_sessions(ctx, aid, "workouts", AT.date(), AT.date()),
            *training_log.load_sessions(ctx, aid, "cardio", AT.date(), AT.date()),
        ],
        _rows_of,
    ),
    Op(
        "resting_hr_days",
        training_log.resting_hr_days,
        lambda ctx, w, aid: training_log.resting_hr_days(ctx, aid, date(2026, 11, 1), AT.date()),
        lambda hrs, _aid: _equals([hr for _day, hr in hrs], [50.0]),
    ),
    Op(
        "highest_max_hr",
        training_log.highest_max_hr,
        lambda ctx, w, aid: training_log.highest_max_hr(ctx, aid),
        lambda hr, _aid: _equals(hr, 171.0),
    ),
    Op(
        "records",
        training_log.records,
        lambda ctx, w, aid: training_log.records(ctx, aid),
        _check_records,
    ),
    Op(
        "e1rm_trend",
        training_log.e1rm_trend,
        lambda ctx, w, aid: training_log.e1rm_trend(ctx, aid, "barbell-back-squat"),
        _check_trend,
    ),
    Op(
        "last_working_load",
        training_log.last_working_load,
        lambda ctx, w, aid: training_log.last_working_load(ctx, aid, "barbell-back-squat"),
        _check_last_load,
    ),
    Op(
        "export_athlete",
        portability.export_athlete,
        lambda ctx, w, aid: portability.export_athlete(ctx, aid),
        _check_export,
    ),
    Op(
        "write_export",
        portability.write_export,
        lambda ctx, w, aid: portability.write_export(
            ctx, aid, w.tmp / f"export-{aid}-{ctx.subject.account_id}.json"
        ),
        _check_written,
    ),
    Op(
        "export_zip",
        portability.export_zip,
        lambda ctx, w, aid: portability.export_zip(ctx, aid, include_waveforms=True),
        _check_zip,
    ),
    Op(
        "import_document",
        portability.import_document,
        # The document was exported by the operator; the import itself must be refused.
        lambda ctx, w, aid: portability.import_document(
            ctx, w.exports.get(aid, w.exports[w.a]), athlete_id=aid
        ),
        _check_import,
    ),
    Op(
        "check_document",
        portability.check_document,
        lambda ctx, w, aid: portability.check_document(
            ctx, w.exports.get(aid, w.exports[w.a]), athlete_id=aid
        ),
        _check_import,
    ),
    Op(
        "import_export",
        imports.import_export,
        # The import of files' door for an export document: refused alike.
        lambda ctx, w, aid: imports.import_export(
            ctx, w.exports.get(aid, w.exports[w.a]), athlete_id=aid
        ),
        _check_import,
    ),
    Op(
        "resolve",
        exercises.resolve,
        lambda ctx, w, aid: exercises.resolve(ctx, OWN_ROW, athlete_id=aid),
        _is_own,
    ),
    Op(
        "resolve_many",
        exercises.resolve_many,
        lambda ctx, w, aid: exercises.resolve_many(ctx, [OWN_ROW], athlete_id=aid),
        _is_own,
    ),
    Op(
        "resolve_ids",
        exercises.resolve_ids,
        lambda ctx, w, aid: exercises.resolve_ids(ctx, [_own_slug(ctx, aid)], athlete_id=aid),
        lambda ids, aid: None if len(ids) == 1 and ids[0] > 0 else pytest.fail(f"{ids}"),
    ),
    Op(
        "own_exercises.add",
        own_exercises.add,
        lambda ctx, w, aid: own_exercises.add(
            ctx, aid, own_exercises.suggest(f"Ownership Added Press {next(_ADDED)}")
        ),
        _is_own,
    ),
    Op(
        "own_exercises.keep",
        own_exercises.keep,
        lambda ctx, w, aid: own_exercises.keep(ctx, aid, OWN_ROW),
        _is_own,
    ),
    Op(
        "own_exercises.kept",
        own_exercises.kept,
        lambda ctx, w, aid: own_exercises.kept(ctx, aid, own_exercises.suggest(OWN_ROW)),
        _is_own,
    ),
    Op(
        "own_exercises.kept_as",
        own_exercises.kept_as,
        lambda ctx, w, aid: own_exercises.kept_as(ctx, aid, own_exercises.suggest(OWN_ROW)),
        lambda found, aid: None if found > 0 else pytest.fail(f"{found}"),
    ),
    Op(
        "own_exercises.named",
        own_exercises.named,
        lambda ctx, w, aid: own_exercises.named(ctx, aid, OWN_ROW.lower()),
        _is_own,
    ),
    Op(
        "own_exercises.listed",
        own_exercises.listed,
        lambda ctx, w, aid: own_exercises.listed(ctx, aid),
        _is_own,
    ),
    Op(
        "own_exercises.update",
        own_exercises.update,
        lambda ctx, w, aid: own_exercises.update(
            ctx, aid, _own_slug(ctx, aid), primary_muscles=["lats"]
        ),
        _is_own,
    ),
    Op(
        "own_exercises.delete",
        own_exercises.delete,
        lambda ctx, w, aid: own_exercises.delete(ctx, aid, _spare_slug(ctx, aid)),
    ),
    Op(
        "own_exercises.own_row",
        own_exercises.own_row,
        lambda ctx, w, aid: own_exercises.own_row(ctx, aid, _own_slug(ctx, aid)),
        _is_own,
    ),
    Op(
        "own_exercises.names",
        own_exercises.names,
        lambda ctx, w, aid: own_exercises.names(ctx, aid),
        _names_are_own,
    ),
    Op(
        "own_exercises.exercise_names",
        own_exercises.exercise_names,
        lambda ctx, w, aid: own_exercises.exercise_names(ctx, aid),
        _names_are_own,
    ),
    Op(
        "own_exercises.not_planned_why",
        own_exercises.not_planned_why,
        lambda ctx, w, aid: own_exercises.not_planned_why(ctx, aid, _own_slug(ctx, aid)),
    ),
    Op(
        "own_exercises.plan_records",
        own_exercises.plan_records,
        lambda ctx, w, aid: own_exercises.plan_records(ctx, aid),
        _planned_own,
    ),
    Op(
        "own_exercises.plan_library",
        own_exercises.plan_library,
        lambda ctx, w, aid: list(own_exercises.plan_library(ctx, aid).values()),
        _planned_own,
    ),
    Op(
        "substitutes",
        exercises.substitutes,
        lambda ctx, w, aid: exercises.substitutes(ctx, "barbell-bench-press", athlete_id=aid),
        _check_substitutes,
    ),
    Op(
        "local_today",
        monitoring.local_today,
        lambda ctx, w, aid: monitoring.local_today(ctx, aid),
    ),
    Op(
        "training_load_json",
        monitoring.training_load_json,
        lambda ctx, w, aid: monitoring.training_load_json(
            ctx, aid, start=date(2026, 11, 1), end=date(2026, 11, 20)
        ),
        _json_belongs,
    ),
    Op(
        "training_load",
        monitoring.training_load,
        lambda ctx, w, aid: monitoring.training_load(
            ctx, aid, start=date(2026, 11, 1), end=date(2026, 11, 20)
        ),
        _belongs,
    ),
    Op(
        "readiness",
        monitoring.readiness,
        lambda ctx, w, aid: monitoring.readiness(ctx, aid, date(2026, 11, 20)),
        _belongs,
    ),
    Op(
        "readiness_json",
        monitoring.readiness_json,
        lambda ctx, w, aid: monitoring.readiness_json(ctx, aid, date(2026, 11, 20)),
        _json_belongs,
    ),
    Op(
        "readiness_range",
        monitoring.readiness_range,
        lambda ctx, w, aid: monitoring.readiness_range(
            ctx, aid, date(2026, 11, 14), date(2026, 11, 20)
        ),
        _belongs,
    ),
    Op(
        "raise_flag",
        health.raise_flag,
        lambda ctx, w, aid: health.raise_flag(ctx, aid, "fainting"),
    ),
    Op(
        "clear_flag",
        health.clear_flag,
        lambda ctx, w, aid: health.clear_flag(ctx, aid, _open_flag(ctx, aid), "seen by a physio"),
    ),
    Op(
        "raise_reported",
        health.raise_reported,
        lambda ctx, w, aid: health.raise_reported(ctx, aid, ["fainting"]),
    ),
    Op(
        "clear_open_flags",
        health.clear_open_flags,
        lambda ctx, w, aid: (
            health.raise_reported(ctx, aid, ["self_harm"]),
            health.clear_open_flags(ctx, aid, "seen by a physio"),
        )[1],
    ),
    Op(
        "ensure_can_train",
        health.ensure_can_train,
        lambda ctx, w, aid: (_unpaused(ctx, aid), health.ensure_can_train(ctx, aid)),
    ),
    Op(
        "list_flags",
        health.list_flags,
        lambda ctx, w, aid: health.list_flags(ctx, aid),
        _belongs,
    ),
    Op("open_flags", health.open_flags, lambda ctx, w, aid: health.open_flags(ctx, aid), _belongs),
    Op(
        "escalation_for", health.escalation_for, lambda ctx, w, aid: health.escalation_for(ctx, aid)
    ),
    Op(
        "safety_profile",
        health.safety_profile,
        lambda ctx, w, aid: health.safety_profile(ctx, aid),
        _belongs,
    ),
    Op(
        "planner_inputs",
        plans.planner_inputs,
        lambda ctx, w, aid: plans.planner_inputs(ctx, aid, weeks=4, start=PLAN_START),
        _belongs,
    ),
    Op(
        "generate",
        plans.generate,
        lambda ctx, w, aid: plans.generate(ctx, aid, start=PLAN_START),
        _belongs,
    ),
    Op(
        "generate_answer",
        plans.generate_answer,
        lambda ctx, w, aid: plans.generate_answer(ctx, aid, start=PLAN_START, seed=2).view,
        _belongs,
    ),
    Op("current", plans.current, lambda ctx, w, aid: plans.current(ctx, aid), _belongs),
    Op(
        "plan_in_force",
        plans.plan_in_force,
        lambda ctx, w, aid: plans.plan_in_force(ctx, aid),
        _plan_in_force,
    ),
    Op(
        "get_version",
        plans.get_version,
        lambda ctx, w, aid: plans.get_version(ctx, aid, 1),
        _belongs,
    ),
    Op("versions", plans.versions, lambda ctx, w, aid: plans.versions(ctx, aid), _belongs),
    Op(
        "forced_by_move",
        plans.forced_by_move,
        lambda ctx, w, aid: plans.forced_by_move(ctx, aid, plans.get_version(w.admin, aid, 1)),
    ),
    Op(
        "move_words",
        plans.move_words,
        lambda ctx, w, aid: plans.move_words(ctx, aid, plans.get_version(w.admin, aid, 1)),
    ),
    Op(
        "move_session",
        plans.move_session,
        lambda ctx, w, aid: _move(ctx, aid),
        lambda done, aid: _belongs(done.result, aid),
    ),
    Op(
        "propose_edit",
        plans.propose_edit,
        lambda ctx, w, aid: plans.propose_edit(ctx, aid, {"op": "skip_session", "session": "w3s1"}),
        _belongs,
    ),
    Op(
        "request_edit",
        plans.request_edit,
        lambda ctx, w, aid: plans.request_edit(ctx, aid, {"op": "skip_session", "session": "w3s2"}),
        _belongs,
    ),
    Op(
        "week_ahead",
        plans.week_ahead,
        lambda ctx, w, aid: plans.week_ahead(ctx, aid, may_generate=False),
        _belongs,
    ),
    Op(
        "approve",
        plans.approve,
        lambda ctx, w, aid: plans.approve(ctx, aid, _next_proposal(ctx, aid)),
        _belongs,
    ),
    Op(
        "reject",
        plans.reject,
        lambda ctx, w, aid: plans.reject(ctx, aid, _next_proposal(ctx, aid)),
        _belongs,
    ),
    Op("approvable", plans.approvable, lambda ctx, w, aid: plans.approvable(ctx, aid), _versions),
    Op(
        "next_sessions",
        plans.next_sessions,
        lambda ctx, w, aid: plans.next_sessions(ctx, aid, date(2026, 11, 20), limit=2),
        _served,
    ),
    Op(
        "propose_for_profile",
        plans.propose_for_profile,
        lambda ctx, w, aid: plans.propose_for_profile(
            ctx, aid, ["injuries"], proposed_by="athlete"
        ),
        _nothing_while_flagged,
    ),
    Op(
        "today",
        plans.today,
        lambda ctx, w, aid: plans.today(ctx, aid, date(2026, 11, 20)),
        _belongs,
    ),
    Op(
        "today_json",
        plans.today_json,
        lambda ctx, w, aid: plans.today_json(ctx, aid, date(2026, 11, 20)),
        _json_belongs,
    ),
    Op(
        "weekly_summary",
        reports.weekly_summary,
        lambda ctx, w, aid: reports.weekly_summary(ctx, aid, "2026-W46"),
        _belongs,
    ),
    Op(
        "planned_loads",
        plans.planned_loads,
        lambda ctx, w, aid: plans.planned_loads(ctx, aid, days=14),
        lambda loads, _aid: None if all(v > 0 for v in loads.values()) else pytest.fail(loads),
    ),
    Op(
        "review_week",
        plans.review_week,
        lambda ctx, w, aid: plans.review_week(ctx, aid, date(2026, 11, 20)),
        _belongs,
    ),
    Op(
        "preview_edit",
        plans.preview_edit,
        lambda ctx, w, aid: plans.preview_edit(ctx, aid, {"op": "skip_session", "session": "w3s1"}),
        _belongs,
    ),
    Op(
        "pain_advice",
        plans.pain_advice,
        lambda ctx, w, aid: plans.pain_advice(ctx, aid, GUIDED_DAY),
    ),
    Op(
        "log_guided_set",
        guided.log_guided_set,
        lambda ctx, w, aid: (
            _unpaused(ctx, aid),
            guided.log_guided_set(
                ctx,
                aid,
                GUIDED_DAY,
                "w1s1",
                {"exercise": "barbell-back-squat", "reps": 5, "weight_kg": 60},
            ),
        )[1],
        _belongs,
    ),
    Op(
        "exercise_feedback",
        guided.exercise_feedback,
        lambda ctx, w, aid: (
            _unpaused(ctx, aid),
            guided.exercise_feedback(
                ctx, aid, GUIDED_DAY, "w1s1", "barbell-back-squat", "too_easy"
            ),
        )[1],
        _belongs,
    ),
    Op(
        "finish_session",
        guided.finish_session,
        lambda ctx, w, aid: _finish(ctx, aid),
    ),
    Op(
        "guided_last_time",
        guided.last_time,
        lambda ctx, w, aid: guided.last_time(ctx, aid, GUIDED_DAY, "w1s1", ["barbell-back-squat"]),
    ),
    Op(
        "guided_steps",
        guided.steps,
        lambda ctx, w, aid: guided.steps(ctx, aid, GUIDED_DAY, _session(ctx, aid, "w1s1")),
    ),
    Op(
        "guided_summary",
        guided.summary,
        lambda ctx, w, aid: (
            _unpaused(ctx, aid),
            guided.log_guided_set(
                ctx,
                aid,
                GUIDED_DAY,
                "w1s1",
                {"exercise": "barbell-back-squat", "reps": 5, "weight_kg": 60},
            ),
            guided.summary(ctx, aid, GUIDED_DAY, "w1s1"),
        )[2],
    ),
    Op(
        "swap_exercise",
        guided.swap_exercise,
        lambda ctx, w, aid: _swap_on_pain(ctx, aid),
    ),
    Op(
        "guided_state",
        guided.guided_state,
        lambda ctx, w, aid: guided.guided_state(ctx, aid, GUIDED_DAY, "w1s1"),
        _belongs,
    ),
    Op(
        "nutrition_targets",
        nutrition.targets,
        lambda ctx, w, aid: nutrition.targets(ctx, aid, date(2026, 11, 20)),
        _belongs,
    ),
    Op(
        "meal_plan",
        nutrition.meal_plan,
        lambda ctx, w, aid: nutrition.meal_plan(ctx, aid, days=1, day=date(2026, 11, 20)),
        _belongs,
    ),
    Op(
        "stored_meal_plan",
        nutrition.stored_meal_plan,
        lambda ctx, w, aid: nutrition.stored_meal_plan(ctx, aid, days=1, day=date(2026, 11, 20)),
    ),
    Op(
        "log_dish",
        nutrition.log_dish,
        lambda ctx, w, aid: nutrition.log_dish(ctx, aid, "bibimbap", 1.0, meal_type="lunch"),
        _check_logged,
    ),
    Op(
        "log_food",
        nutrition.log_food,
        lambda ctx, w, aid: nutrition.log_food(ctx, aid, "banana", 120, meal_type="snack"),
        _check_logged,
    ),
    Op(
        "log_planned_meal",
        nutrition.log_planned_meal,
        lambda ctx, w, aid: nutrition.log_planned_meal(ctx, aid, _A_PLANNED_MEAL),
        _check_logged,
    ),
    Op(
        "list_recordings",
        sensors.list_recordings,
        lambda ctx, w, aid: sensors.list_recordings(ctx, aid),
        _page_of,
    ),
    Op(
        "get_recording",
        sensors.get_recording,
        lambda ctx, w, aid: sensors.get_recording(ctx, aid, _recording_of(ctx, aid)),
        _belongs,
    ),
    Op(
        "recording_vitals",
        sensors.recording_vitals,
        lambda ctx, w, aid: sensors.recording_vitals(ctx, aid, _recording_of(ctx, aid)),
        _check_vitals,
    ),
    Op(
        "waveform",
        sensors.waveform,
        lambda ctx, w, aid: sensors.waveform(ctx, aid, _recording_of(ctx, aid), "ecg", end_s=1),
        _check_waveform,
    ),
    Op(
        "list_alerts",
        sensors.list_alerts,
        lambda ctx, w, aid: sensors.list_alerts(ctx, aid),
        _page_of,
    ),
    Op(
        "clear_alert",
        sensors.clear_alert,
        lambda ctx, w, aid: sensors.clear_alert(ctx, aid, _open_alert(ctx, aid)),
        _belongs,
    ),
]


def _athlete_functions() -> set[str]:
    """Every public service function in the covered modules that acts on an athlete (for a
    package such as ``services.plans``: every one it re-exports from its modules)."""
    found = set()
    for module in COVERED_MODULES:
        for name, fn in vars(module).items():
            if (
                inspect.isfunction(fn)
                and (
                    fn.__module__ == module.__name__
                    or fn.__module__.startswith(f"{module.__name__}.")
                )
                and not name.startswith("_")
                and "athlete_id" in inspect.signature(fn).parameters
            ):
                found.add(
                    f"{fn.__module__}.{fn.__name__}"
                )  # its own name, also re-exported as another
    return found


def _session(ctx: ServiceContext, aid: int, key: str) -> Any:
    """A session of the athlete's plan in force (read as the asking subject)."""
    plan = plans.current(ctx, aid).plan
    assert plan is not None
    return next(s for s in plan.sessions() if s.key == key)


def _finish(ctx: ServiceContext, aid: int) -> Any:
    """A set, then the finish; a later call finds the session finished and finishes again
    (which only changes the RPE): no more sets can be logged into it."""
    _unpaused(ctx, aid)
    if guided.summary(ctx, aid, GUIDED_DAY, "w1s1") is None:
        guided.log_guided_set(
            ctx,
            aid,
            GUIDED_DAY,
            "w1s1",
            {"exercise": "barbell-back-squat", "reps": 5, "weight_kg": 60},
        )
    return guided.finish_session(ctx, aid, GUIDED_DAY, "w1s1", 6)


def _swap_on_pain(ctx: ServiceContext, aid: int) -> Any:
    """Pain on the bench press, then a tap on the first substitute offered."""
    _unpaused(ctx, aid)
    pain = guided.exercise_feedback(ctx, aid, GUIDED_DAY, "w1s1", "barbell-bench-press", "pain")
    return guided.swap_exercise(
        ctx, aid, GUIDED_DAY, "w1s1", "barbell-bench-press", pain.substitutes[0].slug
    )


def test_every_operation_is_covered() -> None:
    covered = {f"{op.function.__module__}.{op.function.__name__}" for op in OPERATIONS}
    assert _athlete_functions() == covered
    assert {op.name for op in OPERATIONS if op.name.startswith("history:")} == {
        f"history:{k}" for k in training_log.MODELS
    }


def _refused_without_change(ctx: ServiceContext, op: Op, world: World, athlete_id: int) -> None:
    before = row_counts(ctx.session)
    with pytest.raises(NotFound) as caught:
        op.call(ctx, world, athlete_id)
    assert caught.value.message == f"athlete {athlete_id} not found"
    assert changed(before, row_counts(ctx.session)) == {}


def _allowed(ctx: ServiceContext, op: Op, world: World, athlete_id: int) -> None:
    """A permitted call: it returns the athlete's data and touches no other athlete's rows."""
    other = world.b if athlete_id == world.a else world.a
    before = row_counts(ctx.session, other)
    op.check(op.call(ctx, world, athlete_id), athlete_id)
    assert row_counts(ctx.session, other) == before


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.name)
def test_ownership(ctx: ServiceContext, world: World, op: Op) -> None:
    as_b = as_subject(ctx, world.athlete_b)
    as_a = as_subject(ctx, world.athlete_a)
    coach = as_subject(ctx, world.coach)

    # Another athlete: not found, nothing changed, whichever of the two asks.
    _refused_without_change(as_b, op, world, world.a)
    _refused_without_change(as_a, op, world, world.b)
    # A coach: not found for an athlete they are not linked to.
    _refused_without_change(coach, op, world, world.b)
    # ... and ids that do not exist look the same as ids of others.
    _refused_without_change(as_b, op, world, 10**6)

    # The linked coach sees A (deleting or re-linking stays with the athlete or an admin).
    if op.coach_may:
        _allowed(coach, op, world, world.a)
    else:
        before = row_counts(ctx.session)
        with pytest.raises(PermissionDenied):
            op.call(coach, world, world.a)
        assert changed(before, row_counts(ctx.session)) == {}

    # The admin sees both.
    for athlete_id in (world.b, world.a):
        _allowed(ctx, op, world, athlete_id)
    ctx.session.commit()
