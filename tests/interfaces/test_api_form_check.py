"""The form check of a filmed set over the API: bounded ids, the upload's name never a path, a
background job (202, then a poll) that runs outside the write slot in a bounded pool, the
route's own body limit, the video's limits, and jobs whose process died.

The pose environment is faked where the test is about the job and not about MediaPipe: a
script in its place (``Settings.pose_python``) that waits for the test to release it and then
answers as the worker does (landmarks of a generated squat, or "cannot open"). The tests of the
video's limits and of a real video use the real pose environment (``make pose-env``).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.conftest import NOW, REPO, unavailable
from tests.factories import workout
from tests.fixtures.openapi import openapi_document
from tests.interfaces.test_api_auth import Api, assert_error

from fitcoach.core.clock import FixedClock
from fitcoach.core.settings import MULTIPART_ENVELOPE_BYTES, Settings
from fitcoach.interfaces.api.app import create_app
from fitcoach.pipelines.form.handwritten import HANDWRITTEN, build
from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject, scope_for
from fitcoach.storage.models import FormCheckJob, FormJobStatus
from fitcoach.storage.repositories import form_checks as job_repo

VIDEOS = REPO / "tests" / "fixtures" / "video"
MP4 = VIDEOS / "astronaut.mp4"  # 20 frames, 10 fps, 192 × 192: a person in every frame
WEBM = VIDEOS / "astronaut.webm"
POSE_PYTHON = REPO / ".venv-pose" / "bin" / "python"
AT = "2026-11-18T17:00:00+00:00"
WAIT_S = 60.0  # generous: a loaded two-core machine


def _url(athlete_id: int, set_id: int | str) -> str:
    return f"/api/v1/athletes/{athlete_id}/workout/sets/{set_id}/form"


class FakePose:
    """A pose interpreter in the environment's place: it marks that it started, waits until
    ``release()`` (or at once when made released), then prints a generated squat's landmarks
    as the worker would, or fails as the worker does on an unreadable file."""

    def __init__(
        self, folder: Path, *, released: bool = False, fails: bool = False, spec: int = 0
    ) -> None:
        self.folder = folder
        self.python = folder / "python"
        self.payload = folder / "payload.json"
        seq = build(HANDWRITTEN[spec])  # by default a clean squat set
        rows = [[[*p, 1.0] for p in frame.tolist()] for frame in seq.landmarks]
        self.payload.write_text(
            json.dumps(
                {
                    "fps": 30.0,
                    "width": 640,
                    "height": 480,
                    "frames": [{"t_s": i / 30, "image": r, "world": r} for i, r in enumerate(rows)],
                }
            )
        )
        answer = 'echo "cannot open the video" >&2; exit 2' if fails else f'cat "{self.payload}"'
        self.python.write_text(
            "#!/bin/sh\n"
            f'touch "{folder}/started-$$"\n'
            f'while [ ! -e "{folder}/release" ]; do sleep 0.05; done\n'
            f"{answer}\n"
        )
        self.python.chmod(0o755)
        if released:
            self.release()

    def release(self) -> None:
        (self.folder / "release").touch()

    def started(self) -> int:
        return len(list(self.folder.glob("started-*")))

    def wait_started(self, count: int) -> None:
        deadline = time.monotonic() + WAIT_S
        while self.started() < count:
            assert time.monotonic() < deadline, f"{self.started()} of {count} workers started"
            time.sleep(0.02)


@dataclass
class FormApi(Api):
    """``Api`` with the app, to read its state."""

    app: Any = None

    def set_of(self, athlete_id: int) -> int:
        """A new logged set of the athlete's (a back squat)."""
        training_log.log_workout(
            self.ctx, athlete_id, workout(NOW - timedelta(days=2), ("barbell-back-squat", 5, 60, 2))
        )
        self.ctx.session.commit()
        days = training_log.history(self.ctx, athlete_id, "workouts")
        self.ctx.session.rollback()
        return int(days[-1]["sets"][-1]["id"])

    def post(self, athlete_id: int, set_id: int, headers: dict[str, str], **files: Any) -> Any:
        video = files.get("video", ("set.mp4", MP4.read_bytes(), "video/mp4"))
        return self.client.post(_url(athlete_id, set_id), files={"video": video}, headers=headers)

    def wait(self, athlete_id: int, set_id: int, headers: dict[str, str]) -> dict[str, Any]:
        """Poll until the check is not running; its last answer."""
        deadline = time.monotonic() + WAIT_S
        while True:
            got = self.client.get(_url(athlete_id, set_id), headers=headers)
            assert got.status_code == 200, got.text
            body: dict[str, Any] = got.json()
            if body["status"] != "running":
                return body
            assert time.monotonic() < deadline, body
            time.sleep(0.05)


@contextmanager
def form_api(database: Any, clock: FixedClock, **settings: Any) -> Iterator[FormApi]:
    app = create_app(Settings(database_url=database.url, _env_file=None, **settings))  # type: ignore[call-arg]
    app.state.clock = clock
    session = database.factory()
    ctx = ServiceContext(session=session, subject=Subject.system(), clock=clock)
    with TestClient(app) as client:
        yield FormApi(client, ctx, clock, app)
    session.rollback()
    session.close()


def _in_thread(call: Callable[[], Any]) -> Callable[[], Any]:
    """Run ``call`` in a thread; the returned function waits for its answer (or fails)."""
    out: list[Any] = []
    thread = threading.Thread(target=lambda: out.append(call()), daemon=True)
    thread.start()

    def answer() -> Any:
        thread.join(WAIT_S)
        assert out, "no answer in time"
        return out[0]

    return answer


def _multipart(name: bytes, content: bytes, content_type: bytes = b"video/mp4") -> Any:
    """A multipart body with the file name as raw bytes (clients escape a NUL; a probe need not)."""
    boundary = b"fitcoachboundary"
    body = (
        b"--" + boundary + b"\r\n"
        b'Content-Disposition: form-data; name="video"; filename="' + name + b'"\r\n'
        b"Content-Type: " + content_type + b"\r\n\r\n" + content + b"\r\n"
        b"--" + boundary + b"--\r\n"
    )
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary.decode()}"}


def _idle(api: FormApi) -> None:
    """Wait until every slot of the app's form check pool is free again (a worker gives its
    slot back just after it stored the result the poll saw)."""
    deadline = time.monotonic() + WAIT_S
    while api.app.state.form_checks.running:
        assert time.monotonic() < deadline, "a form check slot was never given back"
        time.sleep(0.02)


def _real_pose() -> Path:
    if not POSE_PYTHON.is_file():
        unavailable(f"the pose environment is missing ({POSE_PYTHON}); run `make pose-env`")
    return POSE_PYTHON


# --------------------------------------------------------------------------- bounded ids


def _unbounded(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The integer schemas in ``schema`` (itself, or a member of anyOf/oneOf/allOf) without a
    lower or an upper bound."""
    found = []
    if schema.get("type") == "integer" and (
        not ({"minimum", "exclusiveMinimum"} & set(schema))
        or not ({"maximum", "exclusiveMaximum"} & set(schema))
    ):
        found.append(schema)
    for key in ("anyOf", "oneOf", "allOf"):
        for member in schema.get(key, []):
            found += _unbounded(member)
    return found


def test_every_integer_path_and_query_parameter_is_bounded() -> None:
    """An unbounded integer reaches the database as out of range (PostgreSQL's integers end
    at 2**31 - 1, SQLite's at 2**63 - 1): a 500. Every one has both bounds in the OpenAPI."""
    checked, missing = 0, []
    for path, operations in openapi_document()["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] not in ("path", "query"):
                    continue
                schema = parameter.get("schema", {})
                checked += bool(schema.get("type") == "integer" or "anyOf" in schema)
                if _unbounded(schema):
                    missing.append(f"{method.upper()} {path} {parameter['name']}")
    assert checked > 20
    assert missing == [], missing


def test_set_ids_out_of_range_are_refused(database: Any, clock: FixedClock) -> None:
    with form_api(database, clock) as api:
        athlete, headers = api.athlete()
        for set_id in (2**31, 2**63, 2**64):
            posted = api.post(athlete.id, set_id, headers)
            assert_error(posted, 422, "invalid_input")
            assert "set_id" in posted.json()["error"]["message"]
            assert_error(
                api.client.get(_url(athlete.id, set_id), headers=headers), 422, "invalid_input"
            )
        assert api.app.state.form_checks.running == 0  # every refused request gave its slot back


# --------------------------------------------------------------------------- the upload


def test_the_file_name_is_never_a_path(database: Any, clock: FixedClock, tmp_path: Path) -> None:
    """A NUL byte (or a path) in the file name: the name is ignored; the container is read from
    the file's first bytes, and a file that is not an allowed video is a clear 422."""
    pose = FakePose(tmp_path, released=True)
    with form_api(database, clock, pose_python=pose.python) as api:
        athlete, headers = api.athlete()
        set_id = api.set_of(athlete.id)
        url = _url(athlete.id, set_id)
        for name in (b"a.mp\x00", b"../../etc/passwd.txt"):
            body, head = _multipart(name, MP4.read_bytes())
            accepted = api.client.post(url, content=body, headers={**headers, **head})
            assert accepted.status_code == 202, accepted.text
            assert api.wait(athlete.id, set_id, headers)["status"] == "done"
        body, head = _multipart(b"a.mp4\x00", b"not a video at all", b"video/mp4")
        refused = api.client.post(url, content=body, headers={**headers, **head})
        assert "not a video" in assert_error(refused, 422, "invalid_input")["message"]
        photo = b"\xff\xd8\xff\xe0" + b"\0" * 100
        refused = api.post(athlete.id, set_id, headers, video=("set.mp4", photo, "video/mp4"))
        assert "a photo cannot show a set" in assert_error(refused, 422, "invalid_input")["message"]
        assert list(api.app.state.form_checks.folder.iterdir()) == []  # nothing left behind
        _idle(api)


# --------------------------------------------------------------------------- background jobs


def test_checks_run_in_the_background_outside_the_write_slot(
    database: Any, clock: FixedClock, tmp_path: Path
) -> None:
    """While as many checks run as the app has write slots, each was answered 202 at once,
    and another athlete's write is answered; the poll says running, then done."""
    pose = FakePose(tmp_path)
    with form_api(database, clock, pose_python=pose.python, form_check_workers=8) as api:
        checks = max(2, api.app.state.write_slots)
        athletes = [api.athlete() for _ in range(checks)]
        sets = [api.set_of(a.id) for a, _ in athletes]
        try:
            answers = [
                _in_thread(lambda a=a, h=h, s=s: api.post(a.id, s, h))
                for (a, h), s in zip(athletes, sets, strict=True)
            ]
            posted = [answer() for answer in answers]  # while every worker waits
            pose.wait_started(checks)
            for response, (athlete, _), set_id in zip(posted, athletes, sets, strict=True):
                assert response.status_code == 202, response.text
                job = response.json()
                assert job["status"] == "running"
                assert job["set_id"] == set_id
                assert job["url"] == _url(athlete.id, set_id)
                assert response.headers["location"] == job["url"]
            other, other_headers = api.athlete()
            meal = {"eaten_at": "2026-11-19T12:00:00Z", "calories_kcal": 600}
            ate = _in_thread(
                lambda: api.client.post(
                    f"/api/v1/athletes/{other.id}/meals", json=meal, headers=other_headers
                )
            )()
            assert ate.status_code == 201, ate.text
            athlete, headers = athletes[0]
            polled = api.client.get(_url(athlete.id, sets[0]), headers=headers)
            assert polled.json()["status"] == "running"
            assert api.app.state.form_checks.running == checks
        finally:
            pose.release()
        for (athlete, headers), set_id in zip(athletes, sets, strict=True):
            done = api.wait(athlete.id, set_id, headers)
            assert done["status"] == "done", done
            assert done["result"]["set_id"] == set_id
            assert done["result"]["frames"] == len(build(HANDWRITTEN[0]).landmarks)
            assert done["result"]["reps"] == 3  # the generated set's, 5 logged: flagged
            assert [f["code"] for f in done["result"]["flags"]] == ["rep_mismatch"]
            assert "3 reps counted in the video, 5 logged" in done["result"]["flags"][0]["message"]
            assert done["finished_at"]
        stored = training_log.history(api.ctx, athletes[0][0].id, "workouts")
        api.ctx.session.rollback()
        assert stored[-1]["sets"][-1]["form_check"]["reps"] == done["result"]["reps"]
        _idle(api)  # each slot is given back


def test_the_result_says_who_staged_the_squat(
    database: Any, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A squat's reps are counted from its frames' stages: the learned frame model's, or the
    calibrated rule's on every frame when the model is broken; the result says which, and when
    each rep bottomed out, as stored with the set."""
    from fitcoach.ml import registry
    from fitcoach.ml.form import real_frames

    pose = FakePose(tmp_path, released=True)  # a clean squat set: 3 reps
    with form_api(database, clock, pose_python=pose.python) as api:
        athlete, headers = api.athlete()
        first = api.set_of(athlete.id)
        assert api.post(athlete.id, first, headers).status_code == 202
        result = api.wait(athlete.id, first, headers)["result"]
        assert result["reps"] == 3
        assert result["reps_counted_from"] == "stages"
        assert result["stage_source"] == "model"
        assert len(result["rep_frames"]) == 3
        assert all(r["bottom_s"] is not None for r in result["rep_frames"])
        assert "by the learned model" in result["counting"]

        def broken() -> tuple[real_frames.FrameModels, str]:
            raise registry.ArtefactError("models.pkl.gz does not match its manifest")

        monkeypatch.setattr(real_frames, "_packaged", broken)
        second = api.set_of(athlete.id)
        assert api.post(athlete.id, second, headers).status_code == 202
        ruled = api.wait(athlete.id, second, headers)["result"]
        assert ruled["stage_source"] == "rule"
        assert ruled["reps"] == 3
        assert "does not match its manifest" in ruled["stages_by"]
        assert "the learned model is not available here" in ruled["counting"]
        stored = training_log.history(api.ctx, athlete.id, "workouts")
        api.ctx.session.rollback()
        checks = {s["id"]: s["form_check"] for day in stored for s in day["sets"]}
        assert checks[first]["stage_source"] == "model"
        assert checks[second]["stage_source"] == "rule"


def test_a_failed_check_says_why(database: Any, clock: FixedClock, tmp_path: Path) -> None:
    pose = FakePose(tmp_path, released=True, fails=True)
    with form_api(database, clock, pose_python=pose.python) as api:
        athlete, headers = api.athlete()
        set_id = api.set_of(athlete.id)
        assert api.post(athlete.id, set_id, headers).status_code == 202
        failed = api.wait(athlete.id, set_id, headers)
        assert failed["status"] == "failed"
        assert "could not be read" in failed["message"]
        assert failed["result"] is None


def test_a_full_pool_answers_503_with_retry_after(
    database: Any, clock: FixedClock, tmp_path: Path
) -> None:
    pose = FakePose(tmp_path)
    with form_api(database, clock, pose_python=pose.python, form_check_workers=1) as api:
        first, first_headers = api.athlete()
        second, second_headers = api.athlete()
        first_set, second_set = api.set_of(first.id), api.set_of(second.id)
        try:
            assert api.post(first.id, first_set, first_headers).status_code == 202
            busy = api.post(second.id, second_set, second_headers)
            error = assert_error(busy, 503, "form_checks_busy")
            assert int(busy.headers["retry-after"]) == error["details"]["retry_after_s"] > 0
        finally:
            pose.release()
        assert api.wait(first.id, first_set, first_headers)["status"] == "done"
        assert api.post(second.id, second_set, second_headers).status_code == 202
        assert api.wait(second.id, second_set, second_headers)["status"] == "done"


def test_one_check_at_a_time_per_athlete(database: Any, clock: FixedClock, tmp_path: Path) -> None:
    pose = FakePose(tmp_path)
    with form_api(database, clock, pose_python=pose.python) as api:
        athlete, headers = api.athlete()
        first, second = api.set_of(athlete.id), api.set_of(athlete.id)
        try:
            assert api.post(athlete.id, first, headers).status_code == 202
            error = assert_error(api.post(athlete.id, second, headers), 409, "conflict")
            assert error["details"]["set_id"] == first
            assert api.app.state.form_checks.running == 1  # the refused one gave its slot back
        finally:
            pose.release()
        assert api.wait(athlete.id, first, headers)["status"] == "done"


def test_a_check_left_running_by_a_dead_process_fails_on_the_next_poll(
    database: Any, clock: FixedClock, tmp_path: Path
) -> None:
    pose = FakePose(tmp_path, released=True)
    with form_api(database, clock, pose_python=pose.python) as api:
        athlete, headers = api.athlete()
        set_id = api.set_of(athlete.id)
        scope = scope_for(api.ctx.session, Subject.system(), athlete.id)
        job_repo.add(api.ctx.session, scope, set_id, at=NOW - timedelta(hours=1), deadline=NOW)
        api.ctx.session.commit()
        polled = api.client.get(_url(athlete.id, set_id), headers=headers).json()
        assert polled["status"] == "running"  # not yet overdue
        clock.set(NOW + timedelta(seconds=1))
        polled = api.wait(athlete.id, set_id, headers)
        assert polled["status"] == "failed"
        assert "send the video again" in polled["message"]
        row = api.ctx.session.get(FormCheckJob, polled["job_id"])
        assert row is not None
        assert row.status == FormJobStatus.failed  # stored, for every process's poll
        api.ctx.session.rollback()
        # Nor does it hold the athlete's next check back.
        assert api.post(athlete.id, set_id, headers).status_code == 202
        assert api.wait(athlete.id, set_id, headers)["status"] == "done"


def test_a_set_never_checked_is_404(database: Any, clock: FixedClock) -> None:
    with form_api(database, clock) as api:
        athlete, headers = api.athlete()
        set_id = api.set_of(athlete.id)
        missing = api.client.get(_url(athlete.id, set_id), headers=headers)
        assert "send a video" in assert_error(missing, 404, "not_found")["message"]


# --------------------------------------------------------------------------- size limits


def _padded(size: int) -> bytes:
    """A video file of ``size`` bytes: the MP4 fixture with filler after it."""
    data = MP4.read_bytes()
    return data + b"\0" * (size - len(data))


def test_the_form_route_takes_a_phone_sized_video(
    database: Any, clock: FixedClock, tmp_path: Path
) -> None:
    """The body limit of every other route (1 MiB) is not the form check's: a 4.4 MB clip is
    taken; the route's own limit is the service's largest video plus the multipart envelope,
    one setting."""
    pose = FakePose(tmp_path, released=True)
    max_bytes = 5_000_000
    with form_api(database, clock, pose_python=pose.python, form_check_max_bytes=max_bytes) as api:
        athlete, headers = api.athlete()
        set_id = api.set_of(athlete.id)
        phone = _padded(4_400_000)
        taken = api.post(athlete.id, set_id, headers, video=("clip.mp4", phone, "video/mp4"))
        assert taken.status_code == 202, taken.text
        assert api.wait(athlete.id, set_id, headers)["status"] == "done"
        # Larger than the service takes, inside the envelope: the service says so (422) ...
        over = _padded(max_bytes + 1)
        refused = api.post(athlete.id, set_id, headers, video=("clip.mp4", over, "video/mp4"))
        error = assert_error(refused, 422, "invalid_input")
        assert "film only the set" in error["message"]
        assert error["details"]["max_bytes"] == max_bytes
        # ... and past the envelope the middleware does, before the app reads it (413).
        huge = _padded(max_bytes + MULTIPART_ENVELOPE_BYTES + 1)
        refused = api.post(athlete.id, set_id, headers, video=("clip.mp4", huge, "video/mp4"))
        error = assert_error(refused, 413, "payload_too_large")
        assert error["details"]["max_bytes"] == max_bytes + MULTIPART_ENVELOPE_BYTES
        assert "film only the set" in error["message"]
        # Every other route keeps the general limit.
        meal = {"eaten_at": "2026-11-19T12:00:00Z", "notes": "x" * 2_000_000}
        big = api.client.post(f"/api/v1/athletes/{athlete.id}/meals", json=meal, headers=headers)
        assert assert_error(big, 413, "payload_too_large")["details"]["max_bytes"] == 1024 * 1024
        assert list(api.app.state.form_checks.folder.iterdir()) == []  # nothing left behind


# --------------------------------------------------------------------------- the video's limits


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"form_check_max_frames": 15}, "20 frames, at most 15"),
        ({"form_check_max_seconds": 1.5}, "2.0 s long, at most 1.5 s"),
        ({"form_check_max_pixels": 100 * 100}, "192×192 pixels"),
    ],
    ids=["frames", "seconds", "pixels"],
)
def test_a_video_over_a_limit_fails_with_what_to_do(
    database: Any, clock: FixedClock, settings: dict[str, Any], expected: str
) -> None:
    """The container's frame count, duration and frame size are read before a frame is
    decoded (the figures in the message are the container's)."""
    with form_api(database, clock, pose_python=_real_pose(), **settings) as api:
        athlete, headers = api.athlete()
        set_id = api.set_of(athlete.id)
        assert api.post(athlete.id, set_id, headers).status_code == 202
        failed = api.wait(athlete.id, set_id, headers)
        assert failed["status"] == "failed", failed
        assert expected in failed["message"]


def test_a_check_past_its_time_is_stopped(database: Any, clock: FixedClock, tmp_path: Path) -> None:
    pose = FakePose(tmp_path)  # never released: it would wait for ever
    with form_api(database, clock, pose_python=pose.python, form_check_timeout_s=1.0) as api:
        athlete, headers = api.athlete()
        set_id = api.set_of(athlete.id)
        assert api.post(athlete.id, set_id, headers).status_code == 202
        failed = api.wait(athlete.id, set_id, headers)
        assert failed["status"] == "failed"
        assert "took longer than 1 s" in failed["message"]
        assert "shorter clip" in failed["message"]


# The stored outcome (a failed job, no score on the set) is checked on each database; the
# container (the WebM's decoding, its content type at the route) does not depend on the
# database, so the WebM runs on one: each case is a real MediaPipe run (about a second of CPU).
@pytest.mark.parametrize(
    ("database", "video"),
    [
        ("sqlite", MP4),
        pytest.param("postgres", MP4, marks=pytest.mark.postgres),
        ("sqlite", WEBM),
    ],
    ids=["sqlite-mp4", "postgres-mp4", "sqlite-webm"],
    indirect=["database"],
)
def test_a_real_video_without_the_lift_in_it_is_refused(
    database: Any, clock: FixedClock, video: Path
) -> None:
    """The clip shows a person from the waist up, still: a back squat's knees and ankles are
    never in view, so there is nothing to score (issue 40: it once scored 0 reps, 100/100)."""
    with form_api(database, clock, pose_python=_real_pose()) as api:
        athlete, headers = api.athlete()
        set_id = api.set_of(athlete.id)
        content_type = "video/webm" if video.suffix == ".webm" else "video/mp4"
        posted = api.post(
            athlete.id, set_id, headers, video=("blob", video.read_bytes(), content_type)
        )
        assert posted.status_code == 202, posted.text
        done = api.wait(athlete.id, set_id, headers)
        assert done["status"] == "failed", done
        assert done["result"] is None
        assert "knees and ankles were out of view in 100% of 20 frames" in done["message"]
        assert "2–3 m away, with the whole body in frame" in done["message"]
        stored = training_log.history(api.ctx, athlete.id, "workouts")
        api.ctx.session.rollback()
        assert stored[-1]["sets"][-1]["form_check"] is None  # no score stored
        assert stored[-1]["sets"][-1]["form_breakdown"] is None
