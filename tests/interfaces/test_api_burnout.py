"""GET /athletes/{id}/readiness/burnout: the training load as facts (no risk level; the
deprecated ``level`` is always null) or the validated model, or why there is none."""

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
    assert "once you log training with an effort" in body["summary"]
    assert body["facts"] == []
    assert body["load_rule"]["status"] == "insufficient_data"
    assert body["load_rule"]["level"] is None
    assert body["model"]["status"] == "insufficient_data"
    assert "42 days" in body["model"]["note"]
    _other, other_headers = api.athlete()
    assert api.client.get(url, headers=other_headers).status_code in {403, 404}
    assert_error(api.client.get(url + "?day=2027-01-01", headers=headers), 422, "invalid_input")


def test_a_load_spike_is_described_with_facts_and_no_risk_level(api: Api) -> None:
    """The spike the old load rule called "high": the answer gives the facts with what each is
    evidence for, a null (deprecated) level and no experimental chance."""
    from tests.services.test_burnout import _write, overreaching

    athlete, headers = api.athlete()
    _write(api.ctx, athlete.id, overreaching(), api.clock.now().date())
    api.ctx.session.commit()
    body = api.client.get(
        f"/api/v1/athletes/{athlete.id}/readiness/burnout", headers=headers
    ).json()
    assert (body["status"], body["shown"], body["level"]) == ("ok", "load_rule", None)
    assert body["load_rule"]["level"] is None
    assert body["load_rule"]["acwr"] == pytest.approx(1.6, abs=0.01)
    codes = [f["code"] for f in body["facts"]]
    assert codes == ["acute_load", "chronic_load", "acwr", "spike", "monotony", "strain"]
    assert all(f["evidence"] and f["text"] and f["label"] for f in body["facts"])
    assert body["model"]["probability"] is None
    assert body["model"]["level"] is None
    from tests.fixtures.openapi import openapi_document

    schema = openapi_document()["components"]["schemas"]
    assert schema["LoadFactsReport"]["properties"]["level"]["deprecated"] is True
    assert "always null" in schema["LoadFactsReport"]["properties"]["level"]["description"]
