"""``GET /api/v1/athletes/{id}/reports/weekly/{week}``: HTML, JSON, errors, ownership."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from tests.factories import workout
from tests.interfaces.test_api_auth import Api, api_for, assert_error

from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import TokenScope
from fitcoach.services import training_log

WEEK = "2026-W46"


@pytest.fixture
def api(database: Any, clock: FixedClock) -> Iterator[Api]:
    with api_for(database, clock) as value:
        yield value


def _url(athlete_id: int, week: str = WEEK) -> str:
    return f"/api/v1/athletes/{athlete_id}/reports/weekly/{week}"


def test_the_report_as_html_and_as_json(api: Api) -> None:
    athlete, headers = api.athlete()
    training_log.log_workout(
        api.ctx,
        athlete.id,
        workout(
            datetime(2026, 11, 10, 17, tzinfo=UTC),
            ("barbell-back-squat", 5, 100.0, 2),
            ("barbell-back-squat", 5, 100.0, 2),
        ),
    )
    api.ctx.session.commit()
    page = api.client.get(_url(athlete.id), headers=headers)
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert "<svg" in page.text
    assert "week of 9–15 November 2026" in page.text  # WEEK's days
    data = api.client.get(_url(athlete.id) + "?format=json", headers=headers)
    assert data.status_code == 200, data.text
    body = data.json()
    assert (body["week"], body["athlete_id"]) == (WEEK, athlete.id)
    assert (body["this_week"]["sets"], body["this_week"]["tonnage_kg"]) == (2, 1000.0)


def test_a_read_token_may_read_it(api: Api) -> None:
    athlete, _ = api.athlete()
    read = api.headers(api.account_id(athlete), TokenScope.read)
    assert api.client.get(_url(athlete.id), headers=read).status_code == 200


def test_errors(api: Api) -> None:
    athlete, headers = api.athlete()
    other, _ = api.athlete()
    assert_error(api.client.get(_url(athlete.id, "2026-46"), headers=headers), 422, "invalid_input")
    assert_error(
        api.client.get(_url(athlete.id, "2026-W49"), headers=headers), 422, "invalid_input"
    )
    assert_error(
        api.client.get(_url(athlete.id) + "?format=pdf", headers=headers), 422, "invalid_input"
    )
    assert_error(api.client.get(_url(other.id), headers=headers), 404, "not_found")
    assert api.client.get(_url(athlete.id)).status_code == 401
