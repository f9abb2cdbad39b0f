"""GET/PUT /api/v1/athletes/{id}/consents, and what a withdrawal does to the other routes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from tests.interfaces.test_api_auth import Api, api_for, assert_error
from tests.interfaces.test_api_training_log import DOCS

from fitcoach.core.clock import FixedClock
from fitcoach.services import consent


@pytest.fixture
def api(database: Any, clock: FixedClock) -> Iterator[Api]:
    with api_for(database, clock) as value:
        yield value


def test_the_athlete_reads_and_changes_their_consent(api: Api, clock: FixedClock) -> None:
    a, token = api.athlete()
    url = f"/api/v1/athletes/{a.id}/consents"
    got = api.client.get(url, headers=token)
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["text_version"] == consent.consent_text().version
    assert {c["purpose"]: c["granted"] for c in body["consents"]} == {
        "training_logs": True,
        "sensor_data": True,
        "coach_sharing": True,
        "model_training": False,
    }
    assert all(c["text"] for c in body["consents"])
    assert len(body["history"]) == 4

    clock.set(clock.now() + timedelta(hours=1))
    put = api.client.put(
        url, json={"consents": {"model_training": True, "coach_sharing": False}}, headers=token
    )
    assert put.status_code == 200, put.text
    now = {c["purpose"]: c for c in put.json()["consents"]}
    assert now["model_training"]["granted"] is True
    assert now["coach_sharing"]["granted"] is False
    assert now["model_training"]["source"] == "athlete"
    assert now["model_training"]["at"].startswith(clock.now().isoformat()[:19])
    assert len(put.json()["history"]) == 6

    bad_bodies: list[dict[str, Any]] = [
        {"consents": {"telepathy": True}},
        {"consents": {}},
        {"other": 1},
    ]
    for bad in bad_bodies:
        assert_error(api.client.put(url, json=bad, headers=token), 422, "invalid_input")


def test_a_coach_reads_but_cannot_change_and_loses_access_on_withdrawal(api: Api) -> None:
    a, token = api.athlete()
    coach = api.coach("coach@example.org", a.id)
    url = f"/api/v1/athletes/{a.id}/consents"
    assert api.client.get(url, headers=coach).status_code == 200
    assert_error(
        api.client.put(url, json={"consents": {"coach_sharing": True}}, headers=coach),
        403,
        "permission_denied",
    )
    assert api.client.get(f"/api/v1/athletes/{a.id}", headers=coach).status_code == 200
    withdrawn = api.client.put(url, json={"consents": {"coach_sharing": False}}, headers=token)
    assert withdrawn.status_code == 200
    assert_error(api.client.get(f"/api/v1/athletes/{a.id}", headers=coach), 404, "not_found")
    assert_error(api.client.get(url, headers=coach), 404, "not_found")
    assert api.client.get("/api/v1/athletes", headers=coach).json() == []


def test_logging_without_training_logs_consent_is_409_with_how_to_grant(api: Api) -> None:
    a, token = api.athlete()
    url = f"/api/v1/athletes/{a.id}/consents"
    api.client.put(url, json={"consents": {"training_logs": False}}, headers=token)
    refused = api.client.post(f"/api/v1/athletes/{a.id}/meals", json=DOCS["meals"], headers=token)
    assert_error(refused, 409, "consent_required")
    assert "training_logs" in refused.json()["error"]["message"]
    assert refused.json()["error"]["details"] == {"purpose": "training_logs"}
    assert api.client.get(f"/api/v1/athletes/{a.id}/meals", headers=token).json()["count"] == 0
    api.client.put(url, json={"consents": {"training_logs": True}}, headers=token)
    stored = api.client.post(f"/api/v1/athletes/{a.id}/meals", json=DOCS["meals"], headers=token)
    assert stored.status_code == 201
