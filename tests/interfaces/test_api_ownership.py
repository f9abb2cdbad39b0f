"""Generated ownership tests over every athlete route of the API.

The routes are discovered from the app (its OpenAPI document, built from ``app.routes``): every
path under ``/api/v1/athletes/{athlete_id}``, with every method. Athlete B's token gets 404 on
athlete A's resources (the same answer as an id that does not exist) and the database is
unchanged; a coach's token reaches linked athletes only; an admin's reaches everyone.
``test_every_athlete_route_is_covered`` fails when a route is added without a request here.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import NOW, Database, copied_database, seeded_postgres, seeded_sqlite
from tests.factories import workout
from tests.fixtures.openapi import openapi_document
from tests.fixtures.tables import row_counts
from tests.interfaces.test_api_auth import Api, api_for, assert_error
from tests.interfaces.test_api_imports import GPX
from tests.interfaces.test_api_training_log import AT, DOCS
from tests.services.test_sensors_service import store_recording

from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import Role, TokenScope
from fitcoach.services import (
    athletes,
    form_check,
    health,
    measurements,
    own_exercises,
    plans,
    portability,
    training_log,
)
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_engine, make_session_factory

PREFIX = "/api/v1/athletes/{athlete_id}"
FORM_CHECK = form_check.FormCheck(
    set_id=0,
    exercise="squat",
    reps=3,
    logged_reps=3,
    form_score=92.0,
    breakdown=False,
    faults=[],
    angles_deg={"knee_bottom": 85.0},
    scored_by="rule",
    frames=120,
    person_found=1.0,
)
# A day of body measurements of each athlete (DELETE of the day is harmless to repeat: the
# coach, the owner and an admin each get 200, the later ones with nothing removed).
MEASURED = {"day": "2026-11-18", "waist_cm": 84, "neck_cm": 37, "notes": "ownership"}
LOGGERS: dict[str, Callable[..., training_log.Logged]] = {
    "workouts": training_log.log_workout,
    "cardio": training_log.log_cardio,
    "daily": training_log.log_daily,
    "sleep": training_log.log_sleep,
    "meals": training_log.log_meal,
    "feedback": training_log.log_feedback,
}


@pytest.fixture
def api(database: Any, clock: FixedClock) -> Iterator[Api]:
    with api_for(database, clock) as value:
        yield value


@dataclass
class World:
    """Athletes A and B with a record of every kind; a coach linked to A; an admin."""

    a: int
    b: int
    token_a: dict[str, str]
    token_b: dict[str, str]
    coach: dict[str, str]
    admin: dict[str, str]
    export_a: dict[str, Any]
    # A's recording, and an alert and a red flag of A's that are already cleared (clearing
    # them again is a conflict for everyone allowed, like deciding version 1).
    recording_a: int = 0
    alert_a: int = 0
    flag_a: int = 0
    set_a: int = 0  # a set of A's (the form check of a filmed set)
    workout_a: int = 0  # the workout that set is in
    own_a: str = ""  # A's own exercise (with a set logged: deleting it is a conflict)


def _seed_world(url: str) -> World:
    """Athletes A and B with everything to act on, committed to the database at ``url`` by
    the operator (the app is not needed: the tokens are rows like the rest)."""
    engine = make_engine(url)
    session = make_session_factory(engine)()
    clock = FixedClock(NOW)
    # Only the context is used by Api's helpers here (no requests while seeding).
    api = Api(None, ServiceContext(session=session, subject=Subject.system(), clock=clock), clock)  # type: ignore[arg-type]  # fmt: skip
    try:
        return _build_world(api)
    finally:
        session.close()
        engine.dispose()


def _build_world(api: Api) -> World:
    a, token_a = api.athlete()
    b, token_b = api.athlete()
    for athlete_id in (a.id, b.id):
        for kind, log in LOGGERS.items():
            log(api.ctx, athlete_id, DOCS[kind])
        measurements.log_measurements(api.ctx, athlete_id, MEASURED)
        plans.generate(api.ctx, athlete_id)  # version 1, in force
    # A's first set has a form check stored (the poll of it answers it).
    workouts = training_log.history(api.ctx, a.id, "workouts", date(2000, 1, 1), date(2100, 1, 1))
    set_a = workouts[0]["sets"][0]["id"]
    workout_a = workouts[0]["id"]
    form_check.store(api.ctx, a.id, set_a, FORM_CHECK.model_copy(update={"set_id": set_a}))
    sensor_ids = {}
    for athlete_id in (a.id, b.id):
        stored = store_recording(api.ctx, athlete_id, alerts=0, cleared=1)
        flag = health.raise_flag(api.ctx, athlete_id, "fainting")
        health.clear_flag(api.ctx, athlete_id, flag, "seen by my GP")
        sensor_ids[athlete_id] = (stored.recording_id, stored.alert_ids[0], flag)
    own_a = own_exercises.add(api.ctx, a.id, own_exercises.suggest("Ownership Row (Machine)"))
    training_log.log_workout(
        api.ctx, a.id, workout(datetime.fromisoformat(AT), (own_a["slug"], 3, 40, 3))
    )
    export_a = portability.export_athlete(api.ctx, a.id)
    api.ctx.session.commit()
    coach = api.coach("coach@example.org", a.id)
    admin_id = athletes.create_staff_account(api.ctx, "admin@example.org", "Admin", Role.admin)
    api.ctx.session.commit()
    return World(
        a.id,
        b.id,
        token_a,
        token_b,
        coach,
        api.headers(admin_id),
        export_a,
        *sensor_ids[a.id],
        set_a=set_a,
        workout_a=workout_a,
        own_a=own_a["slug"],
    )


# The world is built once per database kind (and worker) and each test gets its own copy of
# the database (as the conftest's ``database`` copies the migrated template): the requests
# write, so no test sees another's.
@pytest.fixture(scope="module")
def world_sqlite(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, World]:
    return seeded_sqlite(sqlite_template, tmp_path_factory, "api_world", _seed_world)


@pytest.fixture(scope="module")
def world_postgres(postgres_template: str) -> Iterator[tuple[str, World]]:
    with seeded_postgres(postgres_template, "api_world", _seed_world) as seeded:
        yield seeded


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A copy of the seeded world (in place of the conftest's empty database)."""
    template, _ = request.getfixturevalue(f"world_{request.param}")
    yield from copied_database(request.param, template, tmp_path)


@pytest.fixture
def world(request: pytest.FixtureRequest, database: Database) -> World:
    _, seeded = request.getfixturevalue(f"world_{database.kind}")
    return copy.deepcopy(seeded)


def _body(w: World, method: str, path: str) -> Any:
    """The request body that would succeed for athlete A on this route."""
    if method == "PATCH" and path.endswith("/sets/{set_id}"):
        return {"reps": 4, "weight_kg": "135 lb"}
    if method == "PATCH" and path.endswith("/workouts/{workout_id}"):
        return {"title": "Legs, corrected", "session_rpe": 7.5}
    if method == "PATCH" and path.endswith("/own-exercises/{slug}"):
        return {"movement_pattern": "horizontal_pull", "equipment": ["machine"]}
    if method == "PATCH":
        return {"days_per_week": 2}
    if path.endswith("/own-exercises"):  # routers/own_exercises.py: keeping twice keeps once
        return {"name": "Zorblax Row (Machine)"}
    if path.endswith("/consents"):  # routers/consent.py
        return {"consents": {"model_training": True}}
    if path.endswith("/import"):
        return w.export_a
    if path.endswith("/plan/agent"):
        return {"enabled": True}
    if path.endswith("/plan/edits"):
        return {"op": "set_session_minutes", "minutes": 45, "propose": True}
    if path.endswith("/flags/{flag_id}/clear"):
        return {"reason": "seen by my GP, cleared to train"}
    if path.endswith(("/plan", "/plan/review", "/approve", "/reject", "/clear")):
        return None
    if path.endswith(("/chat", "/chat/stream")):  # routers/chat.py
        return {"text": "what was my resting HR last week?"}
    if path.endswith("/flags"):
        return {"kind": "fainting", "note": "ownership"}
    if path.endswith("/recordings/{recording_id}/session"):
        return {"activity_type": "cycling"}
    if path.endswith("/form"):  # a filmed set: not a video, so refused after the ownership check
        return ("upload", "video", ("notes.txt", b"not a video", "text/plain"))
    if path.endswith("/meals/photo"):  # not a picture: refused after the ownership check
        return ("upload", "photo", ("notes.txt", b"not a photo", "text/plain"))
    if path.endswith("/meals/photo/log"):  # the dish a person confirmed after a photo
        return {"dish": "bibimbap", "portion": 1.5, "meal_type": "lunch"}
    if path.endswith("/imports"):  # routers/imports.py: a GPX run (then "already imported")
        return ("upload", "files", ("run.gpx", GPX, "application/gpx+xml"))
    if path.endswith("/imports/review"):
        return {"choices": {"Zorblax Flip": None}}
    if path.endswith("/measurements"):  # routers/measurements.py
        return {"day": "2026-11-19", "hips_cm": "38 in", "source": "ownership"}
    if "/workout/" in path:  # routers/guided.py
        lift = {"session": "w1s1", "exercise": "barbell-back-squat"}
        return {
            "sets": {**lift, "reps": 5, "weight_kg": 40},
            "feedback": {**lift, "kind": "too_easy"},
            "finish": {"session": "w1s1", "session_rpe": 6},
            "swap": {**lift, "to": "leg-press"},
        }[path.rsplit("/", 1)[-1]]
    kind = path.rsplit("/", 1)[-1]
    if kind == "workouts":
        return workout(datetime.fromisoformat(AT), ("barbell-back-squat", 3, 60, 3))
    return {**DOCS[kind], "source": "ownership", "source_id": kind}


# Every athlete route and how a permitted caller's request must turn out.
EXPECTED: dict[tuple[str, str], int] = {
    ("GET", PREFIX): 200,
    ("PATCH", PREFIX): 200,
    ("DELETE", PREFIX): 200,
    ("GET", f"{PREFIX}/export"): 200,
    ("GET", f"{PREFIX}/access-log"): 200,
    ("POST", f"{PREFIX}/import"): 200,
    ("GET", f"{PREFIX}/records"): 200,
    # One workout, read and corrected (routers/training_log.py).
    ("GET", f"{PREFIX}/workouts/{{workout_id}}"): 200,
    ("PATCH", f"{PREFIX}/workouts/{{workout_id}}"): 200,
    ("PATCH", f"{PREFIX}/workouts/{{workout_id}}/sets/{{set_id}}"): 200,
    **{("GET", f"{PREFIX}/{kind}"): 200 for kind in LOGGERS},
    **{("POST", f"{PREFIX}/{kind}"): 201 for kind in LOGGERS},
    # Coaching (routers/coaching.py). Approving or deciding version 1, the plan in force, is a
    # conflict for everyone allowed: only proposed versions can be decided.
    ("POST", f"{PREFIX}/plan"): 201,
    ("GET", f"{PREFIX}/plan"): 200,
    ("GET", f"{PREFIX}/plan/versions"): 200,
    ("GET", f"{PREFIX}/plan/versions/{{version}}"): 200,
    ("POST", f"{PREFIX}/plan/edits"): 200,
    ("POST", f"{PREFIX}/plan/versions/{{version}}/approve"): 409,
    ("POST", f"{PREFIX}/plan/versions/{{version}}/reject"): 409,
    ("GET", f"{PREFIX}/plan/today"): 200,
    ("POST", f"{PREFIX}/plan/review"): 200,
    # The dosing agent: everyone allowed reads its suggestion; only the athlete opts in.
    ("GET", f"{PREFIX}/plan/agent"): 200,
    ("PUT", f"{PREFIX}/plan/agent"): 200,
    ("GET", f"{PREFIX}/load"): 200,
    ("GET", f"{PREFIX}/readiness"): 200,
    ("GET", f"{PREFIX}/readiness/burnout"): 200,
    ("GET", f"{PREFIX}/nutrition/targets"): 200,
    ("GET", f"{PREFIX}/nutrition/plan"): 200,
    # A meal from a photo (routers/coaching.py): the upload is not a picture (422 once the
    # athlete is known); the confirmed dish is logged.
    ("POST", f"{PREFIX}/meals/photo"): 422,
    ("POST", f"{PREFIX}/meals/photo/log"): 201,
    # Guided workout (routers/guided.py). Finishing a session with no set logged is a conflict,
    # and so is a pain swap with no pain reported.
    ("GET", f"{PREFIX}/reports/weekly/{{week}}"): 200,
    ("GET", f"{PREFIX}/workout"): 200,
    ("POST", f"{PREFIX}/workout/sets"): 201,
    ("POST", f"{PREFIX}/workout/sets/{{set_id}}/form"): 422,
    ("GET", f"{PREFIX}/workout/sets/{{set_id}}/form"): 200,
    ("POST", f"{PREFIX}/workout/feedback"): 201,
    ("POST", f"{PREFIX}/workout/finish"): 409,
    ("POST", f"{PREFIX}/workout/swap"): 409,
    # Sensors and red flags (routers/sensors.py). The alert and flag in the paths are already
    # cleared: clearing again is a conflict (a linked coach may resolve a red flag too).
    ("GET", f"{PREFIX}/recordings"): 200,
    ("GET", f"{PREFIX}/recordings/{{recording_id}}"): 200,
    ("GET", f"{PREFIX}/recordings/{{recording_id}}/vitals"): 200,
    ("GET", f"{PREFIX}/recordings/{{recording_id}}/waveform"): 200,
    # A's recording has not ended (no summary): logging it as a session is a conflict.
    ("POST", f"{PREFIX}/recordings/{{recording_id}}/session"): 409,
    ("GET", f"{PREFIX}/alerts"): 200,
    ("POST", f"{PREFIX}/alerts/{{alert_id}}/clear"): 409,
    ("GET", f"{PREFIX}/flags"): 200,
    ("POST", f"{PREFIX}/flags"): 201,
    ("POST", f"{PREFIX}/flags/{{flag_id}}/clear"): 409,
    # Chat (routers/chat.py): only the athlete chats; a coach or an admin reads the messages.
    ("POST", f"{PREFIX}/chat"): 200,
    ("POST", f"{PREFIX}/chat/stream"): 200,
    ("GET", f"{PREFIX}/chat/messages"): 200,
    # Consent (routers/consent.py): everyone allowed reads; only the athlete changes it.
    ("GET", f"{PREFIX}/consents"): 200,
    ("PUT", f"{PREFIX}/consents"): 200,
    # Imports (routers/imports.py). No file is held: dropping one is 404 for everyone allowed
    # too, with its own message (not the athlete's "not found").
    ("POST", f"{PREFIX}/imports"): 200,
    ("GET", f"{PREFIX}/imports"): 200,
    ("POST", f"{PREFIX}/imports/review"): 200,
    ("DELETE", f"{PREFIX}/imports/pending/{{sha256}}"): 404,
    # Taking an import back: no file was imported, so 404 with its own message too.
    ("DELETE", f"{PREFIX}/imports/{{sha256}}"): 404,
    # Body measurements (routers/measurements.py).
    ("POST", f"{PREFIX}/measurements"): 201,
    ("GET", f"{PREFIX}/measurements"): 200,
    ("GET", f"{PREFIX}/measurements/overview"): 200,
    ("DELETE", f"{PREFIX}/measurements/{{day}}"): 200,
    # Own exercises (routers/own_exercises.py). A's has a set logged: deleting it is a conflict.
    ("GET", f"{PREFIX}/own-exercises"): 200,
    ("POST", f"{PREFIX}/own-exercises"): 200,
    ("PATCH", f"{PREFIX}/own-exercises/{{slug}}"): 200,
    ("DELETE", f"{PREFIX}/own-exercises/{{slug}}"): 409,
}
COACH_FORBIDDEN: set[tuple[str, str]] = set()  # a linked coach may resolve a red flag too
# Acting in the athlete's name: the athlete only (a coach and an admin get 403).
OWNER_ONLY = {
    ("POST", f"{PREFIX}/chat"),
    ("POST", f"{PREFIX}/chat/stream"),
    ("PUT", f"{PREFIX}/consents"),
    ("PUT", f"{PREFIX}/plan/agent"),
}
ROUTES = sorted(EXPECTED)


def athlete_routes() -> set[tuple[str, str]]:
    """(method, path) of every API route that names an athlete in its path."""
    found = set()
    for path, operations in openapi_document()["paths"].items():
        if path.startswith("/api/v1/athletes/{"):
            found |= {(method.upper(), path) for method in operations}
    return found


def test_every_athlete_route_is_covered() -> None:
    routes = athlete_routes()
    assert routes, "no athlete routes found"
    assert all("{athlete_id}" in path for _, path in routes)
    assert routes == set(EXPECTED), (
        "add the new athlete route to EXPECTED (and to _body if it takes one): "
        f"{sorted(routes ^ set(EXPECTED))}"
    )


def _call(
    api: Api, w: World, method: str, path: str, athlete_id: int, headers: dict[str, str]
) -> Any:
    body = _body(w, method, path) if method in ("POST", "PATCH", "PUT") else None
    url = path.format(
        athlete_id=athlete_id,
        version=1,
        recording_id=w.recording_a,
        alert_id=w.alert_a,
        flag_id=w.flag_a,
        week="2026-W46",
        set_id=w.set_a,
        workout_id=w.workout_a,
        sha256="0" * 64,
        day=MEASURED["day"],
        slug=w.own_a,
    )
    if isinstance(body, tuple) and body[0] == "upload":
        return api.client.request(method, url, files={body[1]: body[2]}, headers=headers)
    return api.client.request(method, url, json=body, headers=headers)


def _unchanged(api: Api, athlete_id: int) -> Callable[[], None]:
    """A check that nothing in the database, and nothing of the athlete, has changed."""
    api.ctx.session.rollback()
    counts = row_counts(api.ctx.session)
    doc = portability.export_athlete(api.ctx, athlete_id)
    api.ctx.session.rollback()

    def check() -> None:
        api.ctx.session.rollback()
        assert row_counts(api.ctx.session) == counts
        now = portability.export_athlete(api.ctx, athlete_id)
        api.ctx.session.rollback()
        assert {k: v for k, v in now.items() if k != "exported_at"} == {
            k: v for k, v in doc.items() if k != "exported_at"
        }

    return check


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_route_ownership(api: Api, world: World, method: str, path: str) -> None:
    # Another athlete: 404, the same answer as for an id that does not exist; nothing changes.
    unchanged = _unchanged(api, world.a)
    denied = _call(api, world, method, path, world.a, world.token_b)
    unknown = _call(api, world, method, path, 999_999, world.token_b)
    assert_error(denied, 404, "not_found")
    assert_error(unknown, 404, "not_found")
    assert denied.json()["error"]["message"] == unknown.json()["error"]["message"].replace(
        "999999", str(world.a)
    )
    unchanged()

    # A coach: 404 for an athlete not linked to them (nothing changes) ...
    unchanged_b = _unchanged(api, world.b)
    assert_error(_call(api, world, method, path, world.b, world.coach), 404, "not_found")
    unchanged_b()
    # ... and the linked athlete's resources, except deleting the athlete.
    response = _call(api, world, method, path, world.a, world.coach)
    if (method, path) == ("DELETE", PREFIX) or (method, path) in COACH_FORBIDDEN | OWNER_ONLY:
        assert_error(response, 403, "permission_denied")  # only the athlete or an admin
    else:
        assert response.status_code == EXPECTED[(method, path)], response.text

    # The owner and an admin.
    for headers in (world.token_a, world.admin):
        response = _call(api, world, method, path, world.a, headers)
        if headers is world.admin and (method, path) in OWNER_ONLY:
            assert_error(response, 403, "permission_denied")
            continue
        assert response.status_code == EXPECTED[(method, path)], response.text
        if (method, path) == ("DELETE", PREFIX):
            break  # A is gone; an admin deleting is covered in test_an_admin_deletes


def test_an_admin_deletes(api: Api, world: World) -> None:
    response = api.client.delete(f"/api/v1/athletes/{world.b}", headers=world.admin)
    assert response.status_code == 200
    report = response.json()
    assert report["athlete_id"] == world.b
    assert report["bus"] == "in-process"
    assert report["database"]["athletes"] == report["database"]["accounts"] == 1
    assert report["database"]["api_tokens"] >= 1  # the token B used is gone with B
    assert set(report["streams"]) >= {"fitcoach:frames", "fitcoach:vitals", "fitcoach:alerts"}
    assert_error(
        api.client.get(f"/api/v1/athletes/{world.b}", headers=world.admin), 404, "not_found"
    )
    assert_error(api.client.get("/api/v1/athletes", headers=world.token_b), 401, "unauthenticated")


def test_lists_show_only_what_the_subject_may_see(api: Api, world: World) -> None:
    def ids(headers: dict[str, str]) -> list[int]:
        response = api.client.get("/api/v1/athletes", headers=headers)
        assert response.status_code == 200
        return [a["id"] for a in response.json()]

    assert ids(world.token_a) == [world.a]
    assert ids(world.token_b) == [world.b]
    assert ids(world.coach) == [world.a]
    assert ids(world.admin) == [world.a, world.b]


def test_substitutes_for_another_athlete_are_404(api: Api, world: World) -> None:
    url = "/api/v1/exercises/barbell-bench-press/substitutes"
    own = api.client.get(url, params={"athlete_id": world.b}, headers=world.token_b)
    assert own.status_code == 200
    other = api.client.get(url, params={"athlete_id": world.a}, headers=world.token_b)
    assert_error(other, 404, "not_found")
    assert_error(
        api.client.get(url, params={"athlete_id": world.b}, headers=world.coach), 404, "not_found"
    )


def test_a_read_token_of_the_owner_cannot_write(api: Api, world: World) -> None:
    read = api.headers(api.account_id(athletes.get_athlete(api.ctx, world.a)), TokenScope.read)
    for method, path in ROUTES:
        if method == "GET":
            continue
        response = _call(api, world, method, path, world.a, read)
        assert_error(response, 403, "permission_denied")
