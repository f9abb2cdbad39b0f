"""Typed responses answer the same JSON the routes answered before they had a model.

The routes that answered ``dict[str, Any]`` now declare what they return (so the OpenAPI
schema describes it and schemathesis checks it); for compatibility their JSON is unchanged:
here it equals the service's result encoded as before (``jsonable_encoder``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.encoders import jsonable_encoder
from tests.interfaces.test_api_auth import Api, api_for
from tests.interfaces.test_api_records import DOCS

from fitcoach.coach.services import nutrition, portability
from fitcoach.core.clock import FixedClock
from fitcoach.core.settings import Settings
from fitcoach.interfaces.api.app import create_app


@pytest.fixture
def api(database: Any, clock: FixedClock) -> Iterator[Api]:
    with api_for(database, clock) as value:
        yield value


def _url(athlete_id: int, rest: str = "") -> str:
    return f"/api/v1/athletes/{athlete_id}{rest}"


def test_no_route_answers_an_untyped_object() -> None:
    schema = create_app(Settings(database_url="sqlite://", _env_file=None)).openapi()  # type: ignore[call-arg]
    untyped = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                for media, content in response.get("content", {}).items():
                    if media == "application/json" and status.startswith("2"):
                        body = content.get("schema", {})
                        if not body or body.get("additionalProperties") is True:
                            untyped.append(f"{method.upper()} {path} {status}")
    assert untyped == []


def test_the_export_answers_the_document_as_before(api: Api) -> None:
    athlete, headers = api.athlete(sports=["running"], injuries=[{"region": "knee"}])
    for kind, doc in DOCS.items():
        logged = api.client.post(_url(athlete.id, f"/{kind}"), json=doc, headers=headers)
        assert logged.status_code == 201, logged.text
    answer = api.client.get(_url(athlete.id, "/export"), headers=headers)
    assert answer.status_code == 200, answer.text
    expected = jsonable_encoder(portability.export_athlete(api.ctx, athlete.id))
    body = answer.json()
    expected["exported_at"] = body["exported_at"]
    assert body == expected
    assert {k: len(v) for k, v in body.items() if isinstance(v, list)} == dict.fromkeys(DOCS, 1)


def test_nutrition_and_the_facade_answer_as_before(api: Api) -> None:
    athlete, headers = api.athlete()
    targets = api.client.get(_url(athlete.id, "/nutrition/targets"), headers=headers)
    assert targets.json() == jsonable_encoder(nutrition.targets(api.ctx, athlete.id))
    plan = api.client.get(_url(athlete.id, "/nutrition/plan?days=2&seed=3"), headers=headers)
    expected = jsonable_encoder(nutrition.meal_plan(api.ctx, athlete.id, days=2, seed=3))
    assert plan.json() == expected
    facade = api.client.get(f"/nutrition/{athlete.id}", headers=headers)
    assert facade.json() == jsonable_encoder(nutrition.meal_plan(api.ctx, athlete.id, days=3))
    week = api.client.get(f"/workout/{athlete.id}", headers=headers)
    assert week.status_code == 200, week.text
    body = week.json()
    assert set(body) == {
        "user_id",
        "from",
        "to",
        "plan_version",
        "status",
        "escalation",
        "sessions",
    }
    assert body["sessions"], body
    first = body["sessions"][0]
    assert {"date", "moved_from", "key", "items"} <= set(first)
    assert first["date"] >= body["from"]
