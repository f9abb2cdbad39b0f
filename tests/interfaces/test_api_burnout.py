"""GET /athletes/{id}/readiness/burnout: the risk as shown (load rule or validated model) with
its reasons, or why there is none."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests.interfaces.test_api_auth import Api, api_for, assert_error

from fitcoach.core.clock import FixedClock


@pytest.fixture
def api(database: Any, clock: FixedClock) -> Iterator[Api]:
    with api_for(database, clock) as value:
        yield value


def test_burnout_endpoint_says_when_history_is_short_and_is_scoped(api: Api) -> None:
    athlete, headers = api.athlete()
    url = f"/api/v1/athletes/{athlete.id}/readiness/burnout"
    got = api.client.get(url, headers=headers)
    assert got.status_code == 200, got.text
    body = got.json()
    assert (body["status"], body["shown"], body["level"], body["day"]) == (
        "insufficient_data",
        "load_rule",
        None,
        "2026-11-20",
    )
    assert "28 days of training load" in body["summary"]
    assert body["load_rule"]["status"] == "insufficient_data"
    assert body["model"]["status"] == "insufficient_data"
    assert "42 days" in body["model"]["note"]
    _other, other_headers = api.athlete()
    assert api.client.get(url, headers=other_headers).status_code in {403, 404}
    assert_error(api.client.get(url + "?day=2027-01-01", headers=headers), 422, "invalid_input")
