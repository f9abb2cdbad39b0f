"""The sensor and red-flag endpoints: recordings, vitals, waveforms, alerts and flags."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from tests.interfaces.test_api_auth import Api, api_for, assert_error
from tests.services.test_sensors_service import SECONDS, Stored, end_recording, store_recording

from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import TokenScope
from fitcoach.sensors.frames import Channel
from fitcoach.services import athletes


@pytest.fixture
def api(database: Any, clock: FixedClock) -> Iterator[Api]:
    with api_for(database, clock) as value:
        yield value


@dataclass
class Setup:
    athlete_id: int
    headers: dict[str, str]
    stored: Stored
    other_headers: dict[str, str]
    other_id: int


@pytest.fixture
def setup(api: Api) -> Setup:
    athlete, headers = api.athlete()
    other, other_headers = api.athlete()
    stored = store_recording(api.ctx, athlete.id, cleared=1)
    api.ctx.session.commit()
    return Setup(athlete.id, headers, stored, other_headers, other.id)


def _url(s: Setup, rest: str = "") -> str:
    return f"/api/v1/athletes/{s.athlete_id}{rest}"


def test_list_recordings(api: Api, setup: Setup) -> None:
    response = api.client.get(_url(setup, "/recordings"), headers=setup.headers)
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] == 1
    assert page["count"] == 1
    assert page["limit"] == 100
    item = page["items"][0]
    assert item["id"] == setup.stored.recording_id
    ecg = next(c for c in item["channels"] if c["name"] == "ecg")
    assert ecg["samples"] == SECONDS * 250
    assert ecg["channel"] == int(Channel.ECG)
    empty = api.client.get(
        _url(setup, "/recordings"),
        params={"from": "2026-11-20", "to": "2026-11-20"},
        headers=setup.headers,
    ).json()
    assert empty["total"] == 0
    bad = api.client.get(_url(setup, "/recordings"), params={"limit": 501}, headers=setup.headers)
    assert_error(bad, 422, "invalid_input")
    reversed_days = api.client.get(
        _url(setup, "/recordings"),
        params={"from": "2026-11-20", "to": "2026-11-19"},
        headers=setup.headers,
    )
    assert_error(reversed_days, 422, "invalid_input")


def test_get_recording(api: Api, setup: Setup) -> None:
    rid = setup.stored.recording_id
    body = api.client.get(_url(setup, f"/recordings/{rid}"), headers=setup.headers).json()
    assert body["id"] == rid
    assert body["vitals"]["rows"] == SECONDS
    assert body["vitals"]["hr_bpm"]["count"] == SECONDS
    assert len(body["events"]) == 3
    assert [e["open"] for e in body["events"]] == [True, True, False]
    missing = api.client.get(_url(setup, "/recordings/999999"), headers=setup.headers)
    assert_error(missing, 404, "not_found")
    assert missing.json()["error"]["message"] == "recording 999999 not found"
    assert_error(
        api.client.get(_url(setup, "/recordings/0"), headers=setup.headers), 422, "invalid_input"
    )


def test_recording_of_another_athlete_is_404(api: Api, setup: Setup) -> None:
    rid = setup.stored.recording_id
    for rest in (f"/recordings/{rid}", f"/recordings/{rid}/vitals", f"/recordings/{rid}/waveform"):
        # Another athlete's token on the owner's path, and the other athlete's own path.
        assert_error(
            api.client.get(_url(setup, rest), headers=setup.other_headers), 404, "not_found"
        )
        own = api.client.get(
            f"/api/v1/athletes/{setup.other_id}{rest}", headers=setup.other_headers
        )
        assert_error(own, 404, "not_found")
        assert own.json()["error"]["message"] == f"recording {rid} not found"


def test_vitals_json_and_csv(api: Api, setup: Setup) -> None:
    url = _url(setup, f"/recordings/{setup.stored.recording_id}/vitals")
    rows = api.client.get(url, headers=setup.headers).json()
    assert len(rows) == SECONDS
    assert rows[3]["t_s"] == 3.0
    window = api.client.get(url, params={"from_s": 2, "to_s": 4}, headers=setup.headers).json()
    assert [r["t_s"] for r in window] == [2.0, 3.0]
    response = api.client.get(url, params={"format": "csv"}, headers=setup.headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert ".csv" in response.headers["content-disposition"]
    parsed = list(csv.DictReader(io.StringIO(response.text)))
    assert len(parsed) == SECONDS
    assert float(parsed[5]["hr_bpm"]) == rows[5]["hr_bpm"]
    assert_error(
        api.client.get(url, params={"format": "xml"}, headers=setup.headers), 422, "invalid_input"
    )
    assert_error(
        api.client.get(url, params={"from_s": 4, "to_s": 2}, headers=setup.headers),
        422,
        "invalid_input",
    )


def test_waveform_json_csv_and_errors(api: Api, setup: Setup) -> None:
    url = _url(setup, f"/recordings/{setup.stored.recording_id}/waveform")
    ecg = setup.stored.stream.signals[Channel.ECG]
    body = api.client.get(
        url, params={"channel": "ecg", "from_s": 1, "to_s": 2}, headers=setup.headers
    ).json()
    assert body["counts"] == [int(x) for x in ecg[250:500]]
    assert body["decimated"] is False
    assert body["unit"] == "mV"
    small = api.client.get(url, params={"max_points": 50}, headers=setup.headers).json()
    assert small["decimated"] is True
    assert len(small["counts"]) == 50
    assert max(small["counts"]) == int(ecg.max())
    response = api.client.get(
        url, params={"channel": "co2", "format": "csv", "to_s": 1}, headers=setup.headers
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "co2.csv" in response.headers["content-disposition"]
    lines = response.text.splitlines()
    assert lines[0] == "t_s,counts,value_mmHg"
    assert len(lines) == 1 + 20
    bad = api.client.get(url, params={"channel": "eeg"}, headers=setup.headers)
    assert "ppg_red" in assert_error(bad, 422, "invalid_input")["message"]
    window = api.client.get(url, params={"from_s": 3, "to_s": 3}, headers=setup.headers)
    assert_error(window, 422, "invalid_input")
    too_many = api.client.get(url, params={"max_points": 100_001}, headers=setup.headers)
    assert_error(too_many, 422, "invalid_input")
    negative = api.client.get(url, params={"from_s": -1}, headers=setup.headers)
    assert_error(negative, 422, "invalid_input")


def test_alerts_list_and_clear(api: Api, setup: Setup) -> None:
    url = _url(setup, "/alerts")
    page = api.client.get(url, headers=setup.headers).json()
    assert page["total"] == 3
    assert [a["id"] for a in page["items"]] == list(reversed(setup.stored.alert_ids))
    assert api.client.get(url, params={"open": True}, headers=setup.headers).json()["total"] == 2
    critical = api.client.get(url, params={"severity": "critical"}, headers=setup.headers)
    assert critical.json()["total"] == 1
    assert_error(
        api.client.get(url, params={"severity": "loud"}, headers=setup.headers),
        422,
        "invalid_input",
    )
    later = api.client.get(url, params={"from": "2026-11-20"}, headers=setup.headers).json()
    assert later["total"] == 0

    alert = setup.stored.alert_ids[0]
    read = api.headers(api.account_id(_athlete(api, setup.athlete_id)), TokenScope.read)
    assert_error(api.client.post(f"{url}/{alert}/clear", headers=read), 403, "permission_denied")
    assert_error(
        api.client.post(f"{url}/{alert}/clear", headers=setup.other_headers), 404, "not_found"
    )
    cleared = api.client.post(f"{url}/{alert}/clear", headers=setup.headers)
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["open"] is False
    assert cleared.json()["cleared_at"] is not None
    assert_error(api.client.post(f"{url}/{alert}/clear", headers=setup.headers), 409, "conflict")
    assert_error(api.client.post(f"{url}/999999/clear", headers=setup.headers), 404, "not_found")
    assert api.client.get(url, params={"open": True}, headers=setup.headers).json()["total"] == 1


def _athlete(api: Api, athlete_id: int) -> Any:
    return athletes.get_athlete(api.ctx, athlete_id)


def test_a_recording_is_logged_as_a_session_on_request(api: Api, setup: Setup) -> None:
    """POST .../recordings/{id}/session: 409 until the recording has ended, then 201 with the
    cardio session (once: again answers it with created false), named in the recording."""
    rid = setup.stored.recording_id
    url = _url(setup, f"/recordings/{rid}/session")
    body = {"activity_type": "cycling", "session_rpe": 7}
    assert_error(api.client.post(url, json=body, headers=setup.headers), 409, "conflict")
    end_recording(api.ctx, setup.athlete_id, setup.stored)
    api.ctx.session.commit()
    assert api.client.get(_url(setup, "/cardio"), headers=setup.headers).json()["items"] == []
    read = api.headers(api.account_id(_athlete(api, setup.athlete_id)), TokenScope.read)
    assert_error(api.client.post(url, json=body, headers=read), 403, "permission_denied")
    assert_error(api.client.post(url, json=body, headers=setup.other_headers), 404, "not_found")
    bad = api.client.post(url, json={"activity_type": "", "session_rpe": 11}, headers=setup.headers)
    assert_error(bad, 422, "invalid_input")

    logged = api.client.post(url, json=body, headers=setup.headers)
    assert logged.status_code == 201, logged.text
    answer = logged.json()
    assert (answer["recording_id"], answer["created"]) == (rid, True)
    [cardio] = api.client.get(_url(setup, "/cardio"), headers=setup.headers).json()["items"]
    assert cardio["id"] == answer["cardio_session_id"]
    assert (cardio["activity_type"], cardio["session_rpe"]) == ("cycling", 7)
    again = api.client.post(url, json=body, headers=setup.headers).json()
    assert (again["cardio_session_id"], again["created"]) == (cardio["id"], False)
    detail = api.client.get(_url(setup, f"/recordings/{rid}"), headers=setup.headers).json()
    assert detail["cardio_session_id"] == cardio["id"]


def test_flags_raise_list_and_clear(api: Api, setup: Setup) -> None:
    url = _url(setup, "/flags")
    assert api.client.get(url, headers=setup.headers).json() == []
    raised = api.client.post(
        url,
        json={"kind": "low resting spo2", "value": 87, "note": "pulse oximeter"},
        headers=setup.headers,
    )
    assert raised.status_code == 201, raised.text
    flag = raised.json()
    assert flag["kind"] == "low_resting_spo2"
    assert flag["value"] == 87
    assert flag["cleared_at"] is None
    listed = api.client.get(url, headers=setup.headers).json()
    assert [f["id"] for f in listed] == [flag["id"]]

    no_value = api.client.post(url, json={"kind": "low_resting_spo2"}, headers=setup.headers)
    assert_error(no_value, 422, "invalid_input")
    unknown = api.client.post(url, json={"kind": "sore thumb"}, headers=setup.headers)
    assert_error(unknown, 422, "invalid_input")
    assert_error(api.client.post(url, json={}, headers=setup.headers), 422, "invalid_input")

    read = api.headers(api.account_id(_athlete(api, setup.athlete_id)), TokenScope.read)
    assert_error(
        api.client.post(url, json={"kind": "fainting"}, headers=read), 403, "permission_denied"
    )
    clear = f"{url}/{flag['id']}/clear"
    why = {"reason": "GP checked me, cleared to train"}
    assert_error(api.client.post(clear, json=why, headers=read), 403, "permission_denied")
    assert_error(api.client.post(clear, json=why, headers=setup.other_headers), 404, "not_found")
    # A reason is required: none, a blank one or a too-short one is refused.
    for body in (None, {}, {"reason": "   "}, {"reason": "ok"}, {"reason": "x" * 501}):
        refused = api.client.post(clear, json=body, headers=setup.headers)
        assert_error(refused, 422, "invalid_input")
    assert api.client.get(url, headers=setup.headers).json()[0]["cleared_at"] is None
    # A coach of another athlete cannot; the linked coach can, and is recorded.
    stranger = api.coach("stranger@example.org", setup.other_id)
    assert_error(api.client.post(clear, json=why, headers=stranger), 404, "not_found")
    coach = api.coach("coach@example.org", setup.athlete_id)
    done = api.client.post(clear, json=why, headers=coach)
    assert done.status_code == 200, done.text
    assert done.json()["cleared_at"] is not None
    assert done.json()["resolution_note"] == why["reason"]
    assert done.json()["resolved_by_account_id"] is not None
    assert_error(api.client.post(clear, json=why, headers=setup.headers), 409, "conflict")
    assert api.client.get(url, headers=setup.headers).json() == []
    everything = api.client.get(url, params={"include_cleared": True}, headers=setup.headers)
    assert [f["id"] for f in everything.json()] == [flag["id"]]


def test_every_sensor_route_needs_a_token(api: Api, setup: Setup) -> None:
    rid = setup.stored.recording_id
    alert = setup.stored.alert_ids[0]
    for method, rest in (
        ("GET", "/recordings"),
        ("GET", f"/recordings/{rid}"),
        ("GET", f"/recordings/{rid}/vitals"),
        ("GET", f"/recordings/{rid}/waveform"),
        ("POST", f"/recordings/{rid}/session"),
        ("GET", "/alerts"),
        ("POST", f"/alerts/{alert}/clear"),
        ("GET", "/flags"),
        ("POST", "/flags"),
        ("POST", "/flags/1/clear"),
    ):
        response = api.client.request(method, _url(setup, rest), json={"kind": "fainting"})
        assert_error(response, 401, "unauthenticated")
        assert response.headers["www-authenticate"] == 'Bearer realm="fitcoach"'
