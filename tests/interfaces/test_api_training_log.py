"""Every API endpoint's happy path and its expected failures (422 in the error shape, 404)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from tests.factories import workout
from tests.fixtures.tables import row_counts
from tests.interfaces.test_api_auth import Api, api_for, assert_error
from tests.services.test_monitoring import log_mornings
from tests.services.test_sensors_service import store_recording

from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import Role, TokenScope
from fitcoach.services import athletes, consent, health
from fitcoach.storage.models import Recording

AT = "2026-11-18T18:00:00+00:00"
DOCS: dict[str, dict[str, Any]] = {
    "workouts": workout(datetime.fromisoformat(AT), ("barbell-back-squat", 5, 100, 2)),
    "cardio": {"activity_type": "cycling", "started_at": AT, "duration_s": "1h"},
    "daily": {"day": "2026-11-18", "resting_hr": 50},
    "sleep": {"started_at": "2026-11-17T22:00Z", "ended_at": "2026-11-18T06:00Z"},
    "meals": {"eaten_at": AT, "calories_kcal": 700},
    "feedback": {"recorded_at": AT, "mood": 7},
}


@pytest.fixture
def api(database: Any, clock: FixedClock) -> Iterator[Api]:
    with api_for(database, clock) as value:
        yield value


def _url(athlete_id: int, rest: str = "") -> str:
    return f"/api/v1/athletes/{athlete_id}{rest}"


@pytest.mark.parametrize("kind", list(DOCS))
def test_log_then_page_through_each_kind(api: Api, kind: str) -> None:
    athlete, headers = api.athlete()
    response = api.client.post(_url(athlete.id, f"/{kind}"), json=DOCS[kind], headers=headers)
    assert response.status_code == 201, response.text
    logged = response.json()
    assert logged["id"] > 0
    assert logged["created"] is True
    page = api.client.get(_url(athlete.id, f"/{kind}"), headers=headers).json()
    assert page["count"] == 1
    assert page["limit"] == 100
    assert page["offset"] == 0
    assert page["items"][0]["id"] == logged["id"]
    assert page["items"][0]["athlete_id"] == athlete.id
    if kind == "workouts":
        assert page["items"][0]["sets"][0]["exercise"] == "barbell-back-squat"


def test_the_same_source_id_twice_stores_nothing_more(api: Api) -> None:
    athlete, headers = api.athlete()
    doc = {**DOCS["meals"], "source": "app", "source_id": "m-1"}
    first = api.client.post(_url(athlete.id, "/meals"), json=doc, headers=headers).json()
    again = api.client.post(_url(athlete.id, "/meals"), json=doc, headers=headers)
    assert again.status_code == 201
    assert again.json() == {**first, "created": False, "changed": False}


def test_pagination_and_date_range(api: Api) -> None:
    athlete, headers = api.athlete()
    for day in range(10, 20):
        meal = {"eaten_at": f"2026-11-{day}T12:00:00Z", "calories_kcal": day * 10}
        assert api.client.post(_url(athlete.id, "/meals"), json=meal, headers=headers).is_success
    url = _url(athlete.id, "/meals")
    page = api.client.get(url, params={"limit": 3, "offset": 2}, headers=headers).json()
    assert [m["calories_kcal"] for m in page["items"]] == [120, 130, 140]
    assert (page["limit"], page["offset"], page["count"]) == (3, 2, 3)
    ranged = api.client.get(
        url, params={"from": "2026-11-12", "to": "2026-11-14"}, headers=headers
    ).json()
    assert [m["calories_kcal"] for m in ranged["items"]] == [120, 130, 140]
    past_end = api.client.get(url, params={"offset": 50}, headers=headers).json()
    assert past_end["items"] == []
    assert past_end["count"] == 0


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({"limit": 501}, "limit"),
        ({"limit": -1}, "limit"),
        ({"offset": -1}, "offset"),
        ({"from": "yesterday"}, "from"),
        ({"from": "2026-11-14", "to": "2026-11-12"}, "before its start"),
    ],
)
def test_bad_paging_is_422(api: Api, params: dict[str, Any], needle: str) -> None:
    athlete, headers = api.athlete()
    response = api.client.get(_url(athlete.id, "/meals"), params=params, headers=headers)
    assert needle in assert_error(response, 422, "invalid_input")["message"]


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"reps": -1}, "sets.0.reps"),
        ({"rir": 15}, "sets.0.rir"),
        ({"weight_kg": "eighty"}, "sets.0.weight_kg"),
        ({"weight_kg": {}}, "sets.0.weight_kg"),  # was a 500 (TypeError in the unit parser)
        ({"weight_kg": [80]}, "sets.0.weight_kg"),
        ({"exercise": "no such lift at all"}, "no such lift"),
    ],
)
def test_a_bad_set_is_422_and_stores_nothing(api: Api, change: dict[str, Any], needle: str) -> None:
    athlete, headers = api.athlete()
    doc = workout(
        datetime.fromisoformat(AT),
        ("barbell-back-squat", 5, 100, 2),
        ("barbell-back-squat", 5, 100, 2),
    )
    doc["sets"][1] = {**doc["sets"][1], **change}
    if needle.startswith("sets.0"):
        doc["sets"] = [doc["sets"][1]]
    api.ctx.session.rollback()
    before = row_counts(api.ctx.session, athlete.id)
    response = api.client.post(_url(athlete.id, "/workouts"), json=doc, headers=headers)
    error = assert_error(response, 422, "invalid_input")
    assert needle in error["message"]
    api.ctx.session.rollback()
    assert row_counts(api.ctx.session, athlete.id) == before


def test_a_future_workout_and_unknown_fields_are_422(api: Api) -> None:
    athlete, headers = api.athlete()
    future = {**DOCS["meals"], "eaten_at": "2030-01-01T12:00:00Z"}
    assert_error(
        api.client.post(_url(athlete.id, "/meals"), json=future, headers=headers),
        422,
        "invalid_input",
    )
    extra = {**DOCS["meals"], "colour": "blue"}
    error = assert_error(
        api.client.post(_url(athlete.id, "/meals"), json=extra, headers=headers),
        422,
        "invalid_input",
    )
    assert "colour" in error["message"]
    assert_error(
        api.client.post(_url(athlete.id, "/meals"), content=b"{not json", headers=headers),
        422,
        "invalid_input",
    )


def test_unknown_athlete_is_404(api: Api) -> None:
    _athlete, headers = api.athlete()
    for method, rest in [("GET", ""), ("GET", "/meals"), ("GET", "/records"), ("GET", "/export")]:
        response = api.client.request(method, _url(999_999, rest), headers=headers)
        assert_error(response, 404, "not_found")
    assert_error(
        api.client.post(_url(999_999, "/meals"), json=DOCS["meals"], headers=headers),
        404,
        "not_found",
    )


@pytest.mark.parametrize("bad_id", ["abc", "0", str(2**63)])
def test_a_malformed_athlete_id_is_422(api: Api, bad_id: str) -> None:
    _athlete, headers = api.athlete()
    assert_error(
        api.client.get(f"/api/v1/athletes/{bad_id}/meals", headers=headers), 422, "invalid_input"
    )
    subs = api.client.get(
        "/api/v1/exercises/barbell-bench-press/substitutes",
        params={"athlete_id": bad_id},
        headers=headers,
    )
    assert_error(subs, 422, "invalid_input")


def test_athlete_get_patch_and_list(api: Api) -> None:
    athlete, headers = api.athlete()
    got = api.client.get(_url(athlete.id), headers=headers).json()
    assert got["id"] == athlete.id
    assert got["email"] == athlete.email
    patched = api.client.patch(
        _url(athlete.id), json={"days_per_week": 2, "weight_kg": "150 lb"}, headers=headers
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["days_per_week"] == 2
    assert patched.json()["weight_kg"] == 68.0  # 150 lb, to 0.1 kg
    assert api.client.get(_url(athlete.id), headers=headers).json()["profile"]["days_per_week"] == 2
    bad = api.client.patch(_url(athlete.id), json={"days_per_week": 9}, headers=headers)
    assert "days_per_week" in assert_error(bad, 422, "invalid_input")["message"]
    assert [a["id"] for a in api.client.get("/api/v1/athletes", headers=headers).json()] == [
        athlete.id
    ]


def test_an_admin_lists_everyone(api: Api) -> None:
    a, _ = api.athlete()
    b, _ = api.athlete()
    admin_id = athletes.create_staff_account(api.ctx, "admin@example.org", "Admin", Role.admin)
    api.ctx.session.commit()
    admin = api.headers(admin_id, TokenScope.read)
    ids = [x["id"] for x in api.client.get("/api/v1/athletes", headers=admin).json()]
    assert ids == [a.id, b.id]


def test_records_export_import_and_delete(api: Api) -> None:
    athlete, headers = api.athlete()
    api.client.post(_url(athlete.id, "/workouts"), json=DOCS["workouts"], headers=headers)
    records = api.client.get(_url(athlete.id, "/records"), headers=headers)
    assert records.status_code == 200
    assert [r["exercise"] for r in records.json()] == ["barbell-back-squat"]
    assert records.json()[0]["heaviest_kg"] == 100
    assert records.json()[0]["heaviest_reps"] == 5
    one = api.client.get(
        _url(athlete.id, "/records"), params={"exercise": "back squat"}, headers=headers
    )
    assert len(one.json()) == 1

    doc = api.client.get(_url(athlete.id, "/export"), headers=headers).json()
    assert doc["version"] == 4  # the latest format (measurements: version 4)
    assert len(doc["workouts"]) == 1
    other, other_headers = api.athlete()
    imported = api.client.post(_url(other.id, "/import"), json=doc, headers=other_headers)
    assert imported.status_code == 200, imported.text
    assert imported.json()["counts"]["workouts"]["inserted"] == 1
    again = api.client.post(_url(other.id, "/import"), json=doc, headers=other_headers).json()
    assert again["counts"]["workouts"] == {"read": 1, "inserted": 0, "skipped": 1}
    bad = api.client.post(_url(other.id, "/import"), json={"format": "x"}, headers=other_headers)
    assert_error(bad, 422, "invalid_input")

    deleted = api.client.delete(_url(athlete.id), headers=headers)
    assert deleted.status_code == 200, deleted.text
    assert deleted.json()["database"]["workout_sessions"] == 1
    api.ctx.session.rollback()
    assert row_counts(api.ctx.session, athlete.id)["workout_sessions"] == 0


def test_a_version_2_export_with_sensor_data(api: Api) -> None:
    """The export answers sensor data, flags and consent in JSON; with include_waveforms it
    answers the zip form. Importing sensor data into an athlete without sensor_data consent
    is refused (409 consent_required) and stores nothing; with consent it imports once."""
    athlete, headers = api.athlete()
    stored = store_recording(api.ctx, athlete.id, key="rec-api-1")
    recording = api.ctx.session.get(Recording, stored.recording_id)
    assert recording is not None
    recording.counters = {**recording.counters, "summary": {
        "duration_s": 12.0, "mean_hr_bpm": 61.0, "peak_hr_bpm": 64.0, "max_hr_bpm": 185.0,
        "zone_minutes": [0.2, 0.0, 0.0, 0.0, 0.0], "trimp_edwards": 0.2,
        "hr_recovery_bpm": None, "hr_recovery_reason": "the session is too short",
        "hrv": {"rmssd_ms": None, "sdnn_ms": None, "lf_hf": None, "n_beats": 12,
                "reason": "too few beats"}}}  # fmt: skip
    health.raise_flag(api.ctx, athlete.id, "fainting")
    api.ctx.session.commit()
    answer = api.client.get(_url(athlete.id, "/export"), headers=headers)
    assert answer.status_code == 200, answer.text
    doc = answer.json()
    assert doc["recordings"][0]["key"] == "rec-api-1"
    assert doc["recordings"][0]["counters"]["summary"]["mean_hr_bpm"] == 61.0
    assert len(doc["vitals"]) == 12
    assert doc["health_flags"][0]["kind"] == "fainting"
    assert {c["purpose"] for c in doc["consent"]} >= {"sensor_data"}

    packed = api.client.get(
        _url(athlete.id, "/export"), params={"include_waveforms": "true"}, headers=headers
    )
    assert packed.status_code == 200, packed.text
    assert packed.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(packed.content)) as zf:
        assert "waveforms/0001-ecg.csv" in zf.namelist()
        assert json.loads(zf.read("manifest.json"))["counts"]["waveforms"] == 4

    # Into the same athlete: everything is there already.
    again = api.client.post(_url(athlete.id, "/import"), json=doc, headers=headers).json()
    assert sum(c["inserted"] for c in again["counts"].values()) == 0
    # Another athlete who withdrew sensor_data consent (the key is this installation's, so
    # the recording goes under a new one).
    other, other_headers = api.athlete()
    consent.withdraw(api.ctx, other.id, "sensor_data")
    api.ctx.session.commit()
    doc["recordings"][0]["key"] = doc["vitals"][0]["recording"] = "rec-api-2"
    for row in doc["vitals"] + doc["events"]:
        row["recording"] = "rec-api-2"
    before = row_counts(api.ctx.session)
    refused = api.client.post(_url(other.id, "/import"), json=doc, headers=other_headers)
    assert_error(refused, 409, "consent_required")
    assert "sensor_data" in refused.json()["error"]["message"]
    api.ctx.session.rollback()
    assert row_counts(api.ctx.session) == before
    consent.grant(api.ctx, other.id, "sensor_data")
    api.ctx.session.commit()
    imported = api.client.post(_url(other.id, "/import"), json=doc, headers=other_headers)
    assert imported.status_code == 200, imported.text
    assert imported.json()["counts"]["vitals"]["inserted"] == 12
    assert imported.json()["counts"]["health_flags"]["inserted"] == 1


def test_a_coach_cannot_delete_a_linked_athlete(api: Api) -> None:
    athlete, _ = api.athlete()
    coach = api.coach("coach@example.org", athlete.id)
    assert api.client.get(_url(athlete.id), headers=coach).status_code == 200
    assert_error(api.client.delete(_url(athlete.id), headers=coach), 403, "permission_denied")


def test_exercise_search_get_and_substitutes(api: Api) -> None:
    athlete, headers = api.athlete(equipment=["dumbbell", "bench"])
    hits = api.client.get("/api/v1/exercises", params={"q": "bench pres"}, headers=headers)
    assert hits.status_code == 200
    assert hits.json()[0]["exercise"]["slug"] == "barbell-bench-press"
    by_muscle = api.client.get(
        "/api/v1/exercises",
        params={"muscle": "chest", "equipment": "none", "pattern": "horizontal_push"},
        headers=headers,
    ).json()
    assert by_muscle
    assert all(h["exercise"]["movement_pattern"] == "horizontal_push" for h in by_muscle)
    one = api.client.get("/api/v1/exercises/barbell-back-squat", headers=headers)
    assert one.json()["slug"] == "barbell-back-squat"
    assert_error(
        api.client.get("/api/v1/exercises/no-such-lift-zz", headers=headers), 404, "not_found"
    )
    subs = api.client.get(
        "/api/v1/exercises/barbell-bench-press/substitutes",
        params={"athlete_id": athlete.id},
        headers=headers,
    )
    assert subs.status_code == 200
    assert subs.json()
    assert_error(
        api.client.get("/api/v1/exercises/no-such-lift-zz/substitutes", headers=headers),
        404,
        "not_found",
    )
    assert all("barbell" not in h["exercise"]["equipment"] for h in subs.json())
    bad = api.client.get("/api/v1/exercises", params={"muscle": "wings"}, headers=headers)
    assert_error(bad, 422, "invalid_input")
    assert_error(api.client.get("/api/v1/exercises"), 401, "unauthenticated")


def test_openapi_lists_the_endpoints(api: Api) -> None:
    paths = api.client.get("/openapi.json").json()["paths"]
    assert "/api/v1/auth/token" in paths
    assert "/api/v1/athletes/{athlete_id}/workouts" in paths
    assert api.client.get("/docs").status_code == 200


WOKE = datetime(2026, 11, 20, 7, tzinfo=UTC)


def test_sleep_posted_again_for_a_night_replaces_it(api: Api) -> None:
    athlete, headers = api.athlete()
    log_mornings(api.ctx, athlete.id, 21, last=date(2026, 11, 19))  # readiness scores
    api.ctx.session.commit()
    night = {"ended_at": WOKE.isoformat()}
    first = api.client.post(
        _url(athlete.id, "/sleep"),
        json={**night, "started_at": "2026-11-20T02:00Z"},
        headers=headers,
    )
    assert first.status_code == 201, first.text
    assert first.json()["created"] is True
    for hours in (6, 7, 8, 6):  # "actually 6", then three more: the same night every time
        again = api.client.post(
            _url(athlete.id, "/sleep"),
            json={**night, "started_at": (WOKE - timedelta(hours=hours)).isoformat()},
            headers=headers,
        )
        assert again.status_code == 201, again.text
        assert {k: again.json()[k] for k in ("id", "created", "changed")} == {
            "id": first.json()["id"],
            "created": False,
            "changed": True,
        }
    page = api.client.get(_url(athlete.id, "/sleep?from=2026-11-20&to=2026-11-20"), headers=headers)
    (stored,) = page.json()["items"]
    assert stored["started_at"].startswith("2026-11-20T01:00")
    readiness = api.client.get(_url(athlete.id, "/readiness"), headers=headers)
    assert readiness.status_code == 200, readiness.text
    sleep = next(c for c in readiness.json()["components"] if c["name"] == "sleep")
    assert sleep["value"] == 6.0


def test_a_workout_and_its_sets_are_corrected_through_the_api(api: Api) -> None:
    """``GET``/``PATCH /workouts/{id}`` (title, start, session RPE) and ``PATCH`` of one set:
    validated as a logged workout, the records folded again, the workout answered as stored."""
    athlete, headers = api.athlete()
    doc = {**DOCS["workouts"], "session_rpe": 8, "duration_s": 3600, "title": "Legs"}
    wid = api.client.post(_url(athlete.id, "/workouts"), json=doc, headers=headers).json()["id"]
    shown = api.client.get(_url(athlete.id, f"/workouts/{wid}"), headers=headers)
    assert shown.status_code == 200, shown.text
    assert (shown.json()["title"], shown.json()["session_rpe"]) == ("Legs", 8)
    moved = "2026-11-16T07:30:00+00:00"
    patched = api.client.patch(
        _url(athlete.id, f"/workouts/{wid}"),
        json={"title": "Legs, heavy", "started_at": moved, "session_rpe": 6.5},
        headers=headers,
    )
    assert patched.status_code == 200, patched.text
    body = patched.json()
    assert (body["title"], body["session_rpe"], body["duration_s"]) == ("Legs, heavy", 6.5, 3600)
    assert body["started_at"].startswith("2026-11-16T07:30")
    set_id = body["sets"][0]["id"]
    heavier = api.client.patch(
        _url(athlete.id, f"/workouts/{wid}/sets/{set_id}"),
        json={"weight_kg": "245 lb", "reps": 4},
        headers=headers,
    )
    assert heavier.status_code == 200, heavier.text
    assert (heavier.json()["sets"][0]["reps"], heavier.json()["sets"][0]["weight_kg"]) == (4, 111.13)  # fmt: skip
    records = api.client.get(_url(athlete.id, "/records"), headers=headers).json()
    assert records[0]["heaviest_kg"] == 111.13
    assert records[0]["heaviest_at"].startswith("2026-11-16T07:30")
    for bad, needle in (
        ({"session_rpe": 11}, "session_rpe"),
        ({"started_at": "2027-01-01T10:00:00+00:00"}, "in the future"),
        ({"started_at": None}, "keeps a start time"),
        ({"colour": "red"}, "colour"),
        ({}, "give one or more of"),
    ):
        refused = api.client.patch(_url(athlete.id, f"/workouts/{wid}"), json=bad, headers=headers)
        assert_error(refused, 422, "invalid_input")
        assert needle in refused.text, (bad, refused.text)
    assert_error(api.client.get(_url(athlete.id, "/workouts/999999"), headers=headers), 404, "not_found")  # fmt: skip
    assert_error(
        api.client.patch(
            _url(athlete.id, f"/workouts/{wid}/sets/999999"), json={"reps": 3}, headers=headers
        ),
        404,
        "not_found",
    )
    assert api.client.get(_url(athlete.id, f"/workouts/{wid}"), headers=headers).json()["session_rpe"] == 6.5  # fmt: skip
