"""The import API: device files and app exports uploaded, names held for review, the review.

Uploads are real multipart requests through the app; the files are a real GPX track from the
shared device files, a small hand-written GPX run with heart rate, and a hand-written Hevy
export whose invented exercise names fitcoach cannot know (so they are held for review).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.conftest import shared_data
from tests.fixtures.tables import row_counts
from tests.interfaces.test_api_auth import Api, api_for, assert_error

from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import TokenScope
from fitcoach.core.settings import Settings
from fitcoach.interfaces.api.app import create_app
from fitcoach.services import exercise_names

# A 9-minute run with heart rate (Garmin's TrackPointExtension), one point a minute.
GPX = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<gpx version="1.1" creator="fitcoach tests" xmlns="http://www.topografix.com/GPX/1/1" '
    'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
    "<trk><name>Morning run</name><type>running</type><trkseg>"
    + "".join(
        f'<trkpt lat="{46.05 + i * 0.002:.4f}" lon="14.5000"><time>2026-11-10T07:0{i}:00Z</time>'
        f"<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{120 + i}</gpxtpx:hr>"
        "</gpxtpx:TrackPointExtension></extensions></trkpt>"
        for i in range(10)
    )
    + "</trkseg></trk></gpx>\n"
).encode()

HEVY_HEADER = (
    '"title","start_time","end_time","description","exercise_title","superset_id",'
    '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
    '"duration_seconds","rpe"\n'
)
# "Bench Press (Barbell)" is known; the two invented names are not: the file is held.
HEVY = (
    HEVY_HEADER
    + "".join(
        f'"Push Day","12 Nov 2026, 07:15","12 Nov 2026, 08:05","","{name}",,"",{i},'
        f'"normal",{weight},8,,,\n'
        for i, (name, weight) in enumerate(
            [
                ("Bench Press (Barbell)", 60),
                ("Bench Press (Barbell)", 62.5),
                ("Zorblax Flip", 40),
                ("Zorblax Flip", 40),
                ("Quibber Hold", 10),
            ]
        )
    )
).encode()
UNKNOWN = ("Zorblax Flip", "Quibber Hold")


@pytest.fixture
def api(database: Any, clock: FixedClock) -> Iterator[Api]:
    with api_for(database, clock) as value:
        yield value


def upload(
    api: Api,
    athlete_id: int,
    headers: dict[str, str],
    *files: tuple[str, bytes],
    **form: str,
) -> Any:
    return api.client.post(
        f"/api/v1/athletes/{athlete_id}/imports",
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
        data=form,
        headers=headers,
    )


def by_name(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in body["files"]}


def test_a_device_file_becomes_a_cardio_session_once(api: Api) -> None:
    athlete, headers = api.athlete()
    real = (shared_data("wearable-files") / "gpx" / "around-visnjan-with-car.gpx").read_bytes()
    response = upload(api, athlete.id, headers, ("visnjan.gpx", real))
    assert response.status_code == 200, response.text
    body = response.json()
    (outcome,) = body["files"]
    assert outcome["status"] == "imported"
    assert outcome["format"] == "gpx"
    assert outcome["counts"] == {"cardio": 1}
    assert len(outcome["sha256"]) == 64
    assert body["totals"] == {"cardio": 1}
    assert body["summary"] == "1 cardio session imported"
    assert body["all_failed"] is False
    cardio = api.client.get(f"/api/v1/athletes/{athlete.id}/cardio", headers=headers).json()
    (session,) = cardio["items"]
    assert session["started_at"].startswith("2020-12-18T06:15:50")
    assert session["duration_s"] == 514
    assert session["distance_m"] == pytest.approx(2736.3, abs=0.5)
    assert session["source"] == "import:gpx"
    listed = api.client.get(f"/api/v1/athletes/{athlete.id}/imports", headers=headers).json()
    assert [(f["name"], f["format"], f["counts"]) for f in listed["imported"]] == [
        ("visnjan.gpx", "gpx", {"cardio": 1})
    ]
    assert listed["pending"] == listed["review"] == []

    # The same bytes under another name: recognised, nothing stored again.
    again = upload(api, athlete.id, headers, ("copy of visnjan.gpx", real)).json()
    (outcome,) = again["files"]
    assert outcome["status"] == "already imported"
    assert outcome["counts"] == {}
    assert "nothing was stored again" in outcome["message"]
    assert again["summary"] == "nothing new imported; 1 file already imported"
    cardio = api.client.get(f"/api/v1/athletes/{athlete.id}/cardio", headers=headers).json()
    assert len(cardio["items"]) == 1


def test_a_broken_file_fails_alone(api: Api) -> None:
    athlete, headers = api.athlete()
    response = upload(
        api,
        athlete.id,
        headers,
        ("watch.fit", b"this is not a FIT file at all"),
        ("C:\\Users\\ana\\run.gpx", GPX),
        ("notes.txt", b"just some words\nand more\n"),
        weight_unit="kg",
    )
    assert response.status_code == 200, response.text
    body = response.json()
    files = by_name(body)
    assert list(files) == ["watch.fit", "run.gpx", "notes.txt"]  # the folders are not kept
    assert files["watch.fit"]["status"] == "failed"
    assert "no FIT header" in files["watch.fit"]["message"]
    assert files["notes.txt"]["status"] == "failed"
    assert "cannot tell what this file is" in files["notes.txt"]["message"]
    assert files["run.gpx"]["status"] == "imported"
    assert files["run.gpx"]["counts"]["cardio"] == 1
    assert body["all_failed"] is False
    assert body["summary"].endswith("; 2 files failed")
    cardio = api.client.get(f"/api/v1/athletes/{athlete.id}/cardio", headers=headers).json()
    assert [c["activity_type"] for c in cardio["items"]] == ["running"]

    # Every file failed: still 200, and the answer says so.
    only_broken = upload(api, athlete.id, headers, ("watch.fit", b"still not a FIT file"))
    assert only_broken.status_code == 200
    assert only_broken.json()["all_failed"] is True
    assert only_broken.json()["summary"] == "nothing new imported; 1 file failed"


def test_bad_uploads_are_refused_as_a_whole(api: Api) -> None:
    athlete, headers = api.athlete()
    before = row_counts(api.ctx.session)
    no_files = api.client.post(
        f"/api/v1/athletes/{athlete.id}/imports", data={"weight_unit": "kg"}, headers=headers
    )
    assert "files" in assert_error(no_files, 422, "invalid_input")["message"]
    stone = upload(api, athlete.id, headers, ("run.gpx", GPX), weight_unit="stone")
    assert "weight_unit" in assert_error(stone, 422, "invalid_input")["message"]
    api.ctx.session.rollback()
    assert row_counts(api.ctx.session) == before


def test_a_request_over_the_import_limit_is_413_with_what_to_do(
    database: Any, clock: FixedClock
) -> None:
    settings = Settings(database_url=database.url, max_import_bytes=4096, _env_file=None)  # type: ignore[call-arg]
    with api_for(database, clock) as api:
        athlete, headers = api.athlete()
    app = create_app(settings)
    app.state.clock = clock
    with TestClient(app) as client:
        small = client.post(
            f"/api/v1/athletes/{athlete.id}/imports",
            files=[("files", ("run.gpx", GPX, "application/gpx+xml"))],
            headers=headers,
        )
        assert small.status_code == 200, small.text  # the file and its envelope fit
        large = client.post(
            f"/api/v1/athletes/{athlete.id}/imports",
            files=[("files", ("run.gpx", GPX * 3, "application/gpx+xml"))],
            headers=headers,
        )
    error = assert_error(large, 413, "payload_too_large")
    assert error["details"]["max_bytes"] == 4096
    assert "several uploads" in error["message"]


def test_names_to_review_hold_their_sets_until_the_athlete_chooses(api: Api) -> None:
    athlete, headers = api.athlete()
    base = f"/api/v1/athletes/{athlete.id}"
    body = upload(api, athlete.id, headers, ("hevy.csv", HEVY)).json()
    (outcome,) = body["files"]
    assert outcome["status"] == "needs review", outcome
    assert outcome["format"] == "hevy"
    # The resolved sets are stored at once; only the doubtful names' sets wait.
    assert outcome["counts"] == {"workouts": 1, "sets": 2}
    assert {r["name"]: r["sets"] for r in body["review"]} == {UNKNOWN[0]: 2, UNKNOWN[1]: 1}
    assert body["summary"] == "1 workout, 2 sets imported; 2 exercise names need your review"
    (partial,) = api.client.get(f"{base}/workouts", headers=headers).json()["items"]
    assert [s["exercise"] for s in partial["sets"]] == ["barbell-bench-press"] * 2

    held = api.client.get(f"{base}/imports", headers=headers).json()
    assert [(f["name"], f["status"], f["sha256"]) for f in held["pending"]] == [
        ("hevy.csv", "needs review", outcome["sha256"])
    ]
    assert sorted(r["name"] for r in held["review"]) == sorted(UNKNOWN)
    assert all(r["files"] == ["hevy.csv"] for r in held["review"])
    assert held["imported"] == []

    # A choice that is no library exercise: 422 naming the app's name; nothing remembered.
    bad = api.client.post(
        f"{base}/imports/review",
        json={"choices": {UNKNOWN[0]: "barbell-back-squat", UNKNOWN[1]: "not an exercise"}},
        headers=headers,
    )
    assert repr(UNKNOWN[1]) in assert_error(bad, 422, "invalid_input")["message"]
    api.ctx.session.rollback()
    assert exercise_names.choices(api.ctx, athlete.id) == []

    # One name is a squat, the other is left out: the held file is imported with them.
    done = api.client.post(
        f"{base}/imports/review",
        json={"choices": {UNKNOWN[0]: "barbell-back-squat", UNKNOWN[1]: None}},
        headers=headers,
    )
    assert done.status_code == 200, done.text
    (outcome,) = done.json()["files"]
    assert outcome["status"] == "imported"
    assert outcome["counts"] == {"workouts": 1, "sets": 4}
    assert any("1 set(s) left out" in n for n in outcome["notes"])
    (workout,) = api.client.get(f"{base}/workouts", headers=headers).json()["items"]
    exercises = [s["exercise"] for s in workout["sets"]]
    assert exercises.count("barbell-back-squat") == 2
    assert len(exercises) == 4
    listed = api.client.get(f"{base}/imports", headers=headers).json()
    assert listed["pending"] == []
    assert [f["name"] for f in listed["imported"]] == ["hevy.csv"]
    api.ctx.session.rollback()
    remembered = {c.name: c.exercise_slug for c in exercise_names.choices(api.ctx, athlete.id)}
    assert remembered == {UNKNOWN[0]: "barbell-back-squat", UNKNOWN[1]: None}


def test_a_held_file_is_dropped(api: Api) -> None:
    athlete, headers = api.athlete()
    base = f"/api/v1/athletes/{athlete.id}"
    sha = upload(api, athlete.id, headers, ("hevy.csv", HEVY)).json()["files"][0]["sha256"]
    dropped = api.client.delete(f"{base}/imports/pending/{sha}", headers=headers)
    assert dropped.status_code == 204, dropped.text
    assert dropped.content == b""
    listed = api.client.get(f"{base}/imports", headers=headers).json()
    assert listed["pending"] == listed["review"] == listed["imported"] == []
    assert_error(
        api.client.delete(f"{base}/imports/pending/{sha}", headers=headers), 404, "not_found"
    )
    assert_error(
        api.client.delete(f"{base}/imports/pending/not-a-hash", headers=headers),
        422,
        "invalid_input",
    )


def test_another_athlete_gets_404_and_a_read_token_cannot_write(api: Api) -> None:
    athlete, headers = api.athlete()
    _other, other_headers = api.athlete()
    base = f"/api/v1/athletes/{athlete.id}"
    sha = upload(api, athlete.id, headers, ("hevy.csv", HEVY)).json()["files"][0]["sha256"]
    read = api.headers(api.account_id(athlete), TokenScope.read)
    api.ctx.session.rollback()
    before = row_counts(api.ctx.session)
    calls = {
        "upload": lambda h: upload(api, athlete.id, h, ("run.gpx", GPX)),
        "list": lambda h: api.client.get(f"{base}/imports", headers=h),
        "review": lambda h: api.client.post(
            f"{base}/imports/review", json={"choices": {UNKNOWN[0]: None}}, headers=h
        ),
        "drop": lambda h: api.client.delete(f"{base}/imports/pending/{sha}", headers=h),
    }
    for call in calls.values():
        assert_error(call(other_headers), 404, "not_found")
    for what in ("upload", "review", "drop"):
        error = assert_error(calls[what](read), 403, "permission_denied")
        assert "read-only" in error["message"]
    assert calls["list"](read).status_code == 200
    api.ctx.session.rollback()
    assert row_counts(api.ctx.session) == before


def test_an_import_is_taken_back_and_imported_again(api: Api) -> None:
    from tests.services.test_import_take_back import _strong

    athlete, headers = api.athlete()
    base = f"/api/v1/athletes/{athlete.id}"
    data = _strong(api.ctx)
    sent = upload(api, athlete.id, headers, ("strong.csv", data)).json()
    assert sent["totals"] == {"workouts": 2, "sets": 6}, sent
    (listed,) = api.client.get(f"{base}/imports", headers=headers).json()["imported"]
    assert listed["can_take_back"] is True
    back = api.client.delete(f"{base}/imports/{listed['sha256']}", headers=headers)
    assert back.status_code == 200, back.text
    assert back.json()["removed"] == {"workouts": 2, "sets": 6}
    assert_error(
        api.client.delete(f"{base}/imports/{listed['sha256']}", headers=headers), 404, "not_found"
    )
    again = upload(api, athlete.id, headers, ("strong.csv", data)).json()
    assert again["files"][0]["status"] == "imported"
