"""Safety over HTTP: a red flag typed in the API chat opens a health flag; then the facade's
``/workout/{id}``, today's plan and the guided workout answer with the escalation and no
session; a coach of another athlete cannot resolve it (404); the athlete resolves it with a
reason and training comes back. SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests.interfaces.test_api_auth import Api, api_for, assert_error

from fitcoach.core.clock import FixedClock
from fitcoach.services import plans


@pytest.fixture
def api(database: Any, clock: FixedClock) -> Iterator[Api]:
    with api_for(database, clock) as value:
        yield value


def _url(athlete_id: int, tail: str = "") -> str:
    return f"/api/v1/athletes/{athlete_id}{tail}"


def test_a_chat_red_flag_pauses_every_training_route_until_resolved(api: Api) -> None:
    athlete, headers = api.athlete()
    other, _ = api.athlete()
    plans.generate(api.ctx, athlete.id)
    api.ctx.session.commit()
    week = api.client.get(f"/workout/{athlete.id}", headers=headers).json()
    assert week["sessions"]
    assert week["escalation"] is None
    session_key = week["sessions"][0]["key"]

    said = api.client.post(
        _url(athlete.id, "/chat"), json={"text": "I blacked out during deadlifts"}, headers=headers
    )
    assert said.status_code == 200, said.text
    flags = api.client.get(_url(athlete.id, "/flags"), headers=headers).json()
    assert [(f["kind"], f["source"]) for f in flags] == [("fainting", "athlete")]
    escalation = said.json()["text"]
    assert "emergency number" in escalation

    paused = api.client.get(f"/workout/{athlete.id}", headers=headers).json()
    assert (paused["status"], paused["sessions"], paused["escalation"]) == (
        "blocked",
        [],
        escalation,
    )
    today = api.client.get(_url(athlete.id, "/plan/today"), headers=headers).json()
    assert (today["status"], today["session"]) == ("blocked", None)
    lift = {"session": session_key, "exercise": "barbell-back-squat", "reps": 5, "weight_kg": 60}
    refused = api.client.post(_url(athlete.id, "/workout/sets"), json=lift, headers=headers)
    error = assert_error(refused, 409, "training_paused")
    assert error["message"] == escalation
    state = api.client.get(_url(athlete.id, "/workout"), headers=headers)
    assert_error(state, 409, "training_paused")

    # Only someone who may see the athlete resolves it, and only with a reason.
    flag_id = flags[0]["id"]
    clear = _url(athlete.id, f"/flags/{flag_id}/clear")
    stranger = api.coach("stranger@example.org", other.id)
    assert_error(
        api.client.post(clear, json={"reason": "fine now"}, headers=stranger), 404, "not_found"
    )
    assert_error(api.client.post(clear, json={"reason": ""}, headers=headers), 422, "invalid_input")
    assert api.client.get(f"/workout/{athlete.id}", headers=headers).json()["sessions"] == []
    done = api.client.post(
        clear, json={"reason": "cardiologist: cleared to train"}, headers=headers
    )
    assert done.status_code == 200, done.text
    assert done.json()["resolution_note"] == "cardiologist: cleared to train"

    back = api.client.get(f"/workout/{athlete.id}", headers=headers).json()
    assert back == week
    logged = api.client.post(_url(athlete.id, "/workout/sets"), json=lift, headers=headers)
    assert logged.status_code == 201, logged.text
