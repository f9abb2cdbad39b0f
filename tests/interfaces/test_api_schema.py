"""Property-based tests of the API against its own OpenAPI schema (schemathesis).

The schema is read from the app at run time, so every route that exists then is covered
(web pages are ``include_in_schema=False`` and stay out). Requests carry a real write token
of the seeded demo athlete (8 weeks of history, on one migrated SQLite database for the
module), and every case that names an athlete (``athlete_id`` / ``user_id`` in the path or
``athlete_id`` in the query) is sent twice: as generated, and with that id pinned to the
demo athlete, so that generated input also reaches real rows and the services behind them.
A pinned case names one of the demo athlete's sets (``set_id``), and the form check's upload
carries a real video (``tests/fixtures/video``, MP4 and WebM in turn) instead of generated
bytes, so that the route runs as far as a real check; ``test_a_real_video_is_checked_to_the_end``
follows one such check through its poll to its result.

Checks on every response: no 5xx (``not_a_server_error``), the body matches the schema the
operation documents for its status (``response_schema_conformance``: a route's response model
must be true) in a documented media type (``content_type_conformance``), and every 4xx body is
the documented error shape ``{"error": {"code", "message", "details"}}``.

``make fuzz`` runs this module longer: ``FITCOACH_FUZZ_EXAMPLES`` examples per operation
(default here 10, derandomized, as in CI; set, the examples are random each run). Deleting the demo
athlete would leave every later case with a dead token, so a case that would delete it
deletes a throwaway athlete of its own instead (with that athlete's token).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis import Case, CheckContext, Response
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)
from tests.conftest import NOW, REPO
from tests.factories import make_athlete
from tests.interfaces.test_api_form_check import FakePose

from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import TokenScope
from fitcoach.core.settings import Settings
from fitcoach.interfaces.api.app import create_app
from fitcoach.pipelines.demo import seed_demo
from fitcoach.pipelines.form.handwritten import HANDWRITTEN
from fitcoach.services import accounts, form_check, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work
from fitcoach.storage.repositories import athletes as athlete_repo

FUZZ_EXAMPLES = os.environ.get("FITCOACH_FUZZ_EXAMPLES")
VIDEOS = [
    REPO / "tests" / "fixtures" / "video" / name for name in ("astronaut.mp4", "astronaut.webm")
]
FORM_PATH = "/api/v1/athletes/{athlete_id}/workout/sets/{set_id}/form"
MAX_EXAMPLES = int(FUZZ_EXAMPLES) if FUZZ_EXAMPLES else 10
ATHLETE_PARAMETERS = ("athlete_id", "user_id")
ATHLETE_PATH = "/api/v1/athletes/{athlete_id}"


@dataclass
class Seeded:
    """The app over the module's database, the demo athlete and a write token of theirs."""

    app: FastAPI
    url: str
    athlete_id: int
    token: str
    set_id: int  # one of the demo athlete's sets
    uploads: int = 0  # form check uploads sent with a real video

    @contextmanager
    def context(self) -> Iterator[ServiceContext]:
        engine = make_engine(self.url)
        try:
            with unit_of_work(make_session_factory(engine)) as session:
                yield ServiceContext(
                    session=session, subject=Subject.system(), clock=FixedClock(NOW)
                )
        finally:
            engine.dispose()

    def throwaway(self) -> tuple[int, str]:
        """A new athlete and a write token of theirs (for a case that deletes an athlete)."""
        with self.context() as ctx:
            athlete = make_athlete(ctx)
            account = athlete_repo.account_by_email(ctx.session, athlete.email)
            assert account is not None
            issued = accounts.create_token(ctx, account.id, scope=TokenScope.write, name="schema")
            return athlete.id, issued.secret


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Seeded:
    path = tmp_path_factory.mktemp("schema") / "schema.sqlite3"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite:///{path}"
    clock = FixedClock(NOW)
    engine = make_engine(url)
    with unit_of_work(make_session_factory(engine)) as session:
        ctx = ServiceContext(session=session, subject=Subject.system(), clock=clock)
        report = seed_demo(ctx)
        account = athlete_repo.account_by_email(session, report.email)
        assert account is not None
        token = accounts.create_token(ctx, account.id, scope=TokenScope.write).secret
        workouts = training_log.history(
            ctx, report.athlete_id, "workouts", date(2000, 1, 1), date(2100, 1, 1)
        )
        set_id = workouts[-1]["sets"][0]["id"]
    engine.dispose()
    app = create_app(Settings(database_url=url, _env_file=None))  # type: ignore[call-arg]
    app.state.clock = clock
    return Seeded(app, url, report.athlete_id, token, set_id)


def error_shape(_ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """Every 4xx answer is ``{"error": {"code", "message", "details"}}``."""
    if not 400 <= response.status_code < 500:
        return None
    where = f"{case.method.upper()} {case.formatted_path} -> {response.status_code}"
    try:
        body = response.json()
    except ValueError:
        raise AssertionError(
            f"{where}: the error body is not JSON: {response.text[:200]!r}"
        ) from None
    assert isinstance(body, dict), f"{where}: {body!r}"
    assert set(body) == {"error"}, f"{where}: {body!r}"
    error = body["error"]
    assert isinstance(error, dict), f"{where}: {body!r}"
    assert set(error) == {"code", "message", "details"}, f"{where}: {body!r}"
    assert isinstance(error["code"], str), f"{where}: {error!r}"
    assert error["code"], f"{where}: {error!r}"
    assert isinstance(error["message"], str), f"{where}: {error!r}"
    assert error["message"], f"{where}: {error!r}"
    assert isinstance(error["details"], dict), f"{where}: {error!r}"
    return None


CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    error_shape,
]


# Schemathesis fails a request after 10 s. The first request to some routes imports the
# heavy libraries behind them, which on a loaded two-core machine took longer than that once:
# the time is not what this test checks; a request that hangs still fails, only later.
REQUEST_TIMEOUT_S = 120


def _send(case: Case, app: FastAPI, token: str) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=CHECKS,
        app=app,
        timeout=REQUEST_TIMEOUT_S,
    )


def _pin(case: Case, seeded: Seeded) -> tuple[Case, str] | None:
    """The case again with its athlete pinned to the demo athlete, or None when it names
    none or names the demo athlete already. A case deleting the demo athlete gets a throwaway athlete and token instead."""
    path = dict(case.path_parameters or {})
    query = dict(case.query or {})
    names = [n for n in ATHLETE_PARAMETERS if n in path]
    named = [path[n] for n in names] + ([query["athlete_id"]] if "athlete_id" in query else [])
    athlete_id, token = seeded.athlete_id, seeded.token
    if case.method.upper() == "DELETE" and case.path == ATHLETE_PATH:
        athlete_id, token = seeded.throwaway()
    elif all(str(v) == str(seeded.athlete_id) for v in named):
        return None  # names no athlete, or already the demo athlete
    for name in names:
        path[name] = athlete_id
    if "athlete_id" in query:
        query["athlete_id"] = athlete_id
    if "set_id" in path:
        path["set_id"] = seeded.set_id
    if case.method.upper() == "POST" and case.path == FORM_PATH:
        video = VIDEOS[seeded.uploads % len(VIDEOS)]
        seeded.uploads += 1
        case.body = {"video": video.read_bytes()}
    case.path_parameters = path
    case.query = query
    return case, token


# The schema does not depend on the data: it is read from an app built at collection time
# (its engine never connects), and every case is sent to the seeded app (``app=``).
schema = schemathesis.openapi.from_asgi(
    "/openapi.json",
    create_app(Settings(database_url="sqlite://", _env_file=None)),  # type: ignore[call-arg]
)


@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=not FUZZ_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@schema.parametrize()
def test_every_operation_answers_without_server_errors(case: Case, seeded: Seeded) -> None:
    path = case.path_parameters or {}
    deletes_demo = (
        case.method.upper() == "DELETE"
        and case.path == ATHLETE_PATH
        and str(path.get("athlete_id")) == str(seeded.athlete_id)
    )
    if not deletes_demo:
        _send(case, seeded.app, seeded.token)
    pinned = _pin(case, seeded)
    if pinned is not None:
        again, token = pinned
        _send(again, seeded.app, token)


def test_the_demo_athlete_survives(seeded: Seeded) -> None:
    """The token still works after the run (the cases above did not lock themselves out)."""
    with TestClient(seeded.app) as client:
        got = client.get(
            f"/api/v1/athletes/{seeded.athlete_id}",
            headers={"Authorization": f"Bearer {seeded.token}"},
        )
    assert got.status_code == 200, got.text


def test_a_real_video_is_checked_to_the_end(seeded: Seeded, tmp_path: Path) -> None:
    """The form check's upload with a real video of a demo set: 202 with a running job, then
    its poll until it ends; every answer checked against the schema as above (the job from a
    case above may still be running: this one starts when it has ended). The fixture clip has
    no exercise in it: refused (failed, no result). Then the landmarks of a set of the lift
    (the pose environment faked): done, with its result."""
    post, get = schema[FORM_PATH]["POST"], schema[FORM_PATH]["GET"]
    where = {"athlete_id": seeded.athlete_id, "set_id": seeded.set_id}
    headers = {"Authorization": f"Bearer {seeded.token}"}

    def poll() -> dict[str, object]:
        deadline = time.monotonic() + REQUEST_TIMEOUT_S
        while True:
            answer = get.Case(path_parameters=where).call_and_validate(
                headers=headers, checks=CHECKS, app=seeded.app, timeout=REQUEST_TIMEOUT_S
            )
            state: dict[str, object] = answer.json() if answer.status_code == 200 else {}
            if state.get("status") != "running":
                return state
            assert time.monotonic() < deadline, state
            time.sleep(0.1)

    # A fuzzed case above may have withdrawn the athlete's consent (the cases share the
    # database): storing a form check needs training_logs.
    with TestClient(seeded.app) as client:
        granted = client.put(
            f"/api/v1/athletes/{seeded.athlete_id}/consents",
            json={"consents": {"training_logs": True}},
            headers=headers,
        )
    assert granted.status_code == 200, granted.text
    poll()
    for video in VIDEOS:
        case = post.Case(
            path_parameters=where,
            body={"video": video.read_bytes()},
            media_type="multipart/form-data",
        )
        posted = case.call_and_validate(
            headers=headers, checks=CHECKS, app=seeded.app, timeout=REQUEST_TIMEOUT_S
        )
        assert posted.status_code == 202, posted.text
        assert posted.json()["status"] == "running"
        done = poll()
        assert done["status"] == "failed", done
        assert done["result"] is None
        assert "2–3 m away" in str(done["message"])
    with seeded.context() as ctx:
        days = training_log.history(
            ctx, seeded.athlete_id, "workouts", date(2000, 1, 1), date(2100, 1, 1)
        )
    slug = next(s["exercise"] for d in days for s in d["sets"] if s["id"] == seeded.set_id)
    lift = form_check.lift_of(slug)
    spec = next((i for i, s in enumerate(HANDWRITTEN) if s["exercise"] == lift), 0)
    fake = FakePose(tmp_path, released=True, spec=spec)
    settings_before = seeded.app.state.settings
    seeded.app.state.settings = settings_before.model_copy(update={"pose_python": fake.python})
    try:
        case = post.Case(
            path_parameters=where,
            body={"video": VIDEOS[0].read_bytes()},
            media_type="multipart/form-data",
        )
        posted = case.call_and_validate(
            headers=headers, checks=CHECKS, app=seeded.app, timeout=REQUEST_TIMEOUT_S
        )
        assert posted.status_code == 202, posted.text
        done = poll()
    finally:
        seeded.app.state.settings = settings_before
    assert done["status"] == "done", done
    result = done["result"]
    assert isinstance(result, dict)
    assert result["reps"] == HANDWRITTEN[spec]["reps"]
