"""The API's body measurements: log, page, overview and delete; refusals say the range and
the unit and store nothing; a linked coach reads them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests.fixtures.tables import row_counts
from tests.interfaces.test_api_auth import Api, api_for, assert_error

from fitcoach.core.clock import FixedClock

URL = "/api/v1/athletes/{}/measurements"


@pytest.fixture
def api(database: Any, clock: FixedClock) -> Iterator[Api]:
    with api_for(database, clock) as value:
        yield value


def test_log_page_replace_and_delete(api: Api) -> None:
    # As everywhere in the API, a number is in the field's unit (cm) and text may say its own.
    athlete, token = api.athlete(sex="male", height_cm=180, units="imperial")
    url = URL.format(athlete.id)
    first = api.client.post(
        url,
        json={"day": "2026-11-19", "waist_cm": "34 in", "neck_cm": '15"', "notes": "morning"},
        headers=token,
    )
    assert first.status_code == 201, first.text
    assert first.json() == {
        "day": "2026-11-19",
        "created": ["neck", "waist"],
        "replaced": [],
        "unchanged": [],
        "before": {},
    }
    again = api.client.post(url, json={"day": "2026-11-19", "waist_cm": 85}, headers=token)
    assert again.json()["replaced"] == ["waist"]
    assert again.json()["before"] == {"waist": 86.4}  # 34 in, stored in cm
    api.client.post(url, json={"day": "2026-11-12", "waist_cm": 87.5}, headers=token)
    page = api.client.get(url, headers=token)
    assert page.status_code == 200
    body = page.json()
    assert body["count"] == 2
    newest = body["items"][0]
    assert newest["day"] == "2026-11-19"
    assert newest["values_cm"] == {"neck": 38.1, "waist": 85.0}
    assert newest["notes"] == "morning"
    estimate = newest["body_fat_estimate"]
    assert estimate["estimated"] is True
    assert estimate["see_pct"] == 3.52
    assert estimate["low_pct"] < estimate["percent"] < estimate["high_pct"]
    assert "Hodgdon & Beckett 1984" in estimate["method"]
    window = api.client.get(url, params={"from": "2026-11-01", "to": "2026-11-15"}, headers=token)
    assert [d["day"] for d in window.json()["items"]] == ["2026-11-12"]
    overview = api.client.get(f"{url}/overview", headers=token).json()
    waist = next(c for c in overview["changes"] if c["kind"] == "waist")
    assert (waist["first"], waist["latest"], waist["since_start"]) == (87.5, 85.0, -2.5)
    assert overview["series"]["waist"]["values"] == [87.5, 85.0]
    deleted = api.client.delete(f"{url}/2026-11-19", params={"site": "neck"}, headers=token)
    assert deleted.json() == {"day": "2026-11-19", "removed": ["neck"]}
    assert api.client.delete(f"{url}/2026-11-19", headers=token).json()["removed"] == ["waist"]
    assert api.client.delete(f"{url}/2026-11-19", headers=token).json()["removed"] == []
    assert api.client.get(url, headers=token).json()["count"] == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"waist_cm": 840}, "waist 840 cm is outside what a tape reads there: 40–200 cm"),
        ({"hips_cm": "19 in"}, "hips 48.3 cm is outside what a tape reads there: 50–200 cm"),
        ({"body_fat_pct": 1}, "body fat 1 % is outside the plausible range 2–70 %"),
        ({"notes": "nothing measured"}, "give at least one measurement"),
        ({"day": "2027-01-01", "waist_cm": 84}, "in the future"),
    ],
)
def test_refusals_say_the_range_and_unit_and_store_nothing(
    api: Api, body: dict[str, Any], message: str
) -> None:
    athlete, token = api.athlete()
    before = row_counts(api.ctx.session)
    response = api.client.post(
        URL.format(athlete.id), json={"day": "2026-11-19", **body}, headers=token
    )
    error = assert_error(response, 422, "invalid_input")
    assert message in error["message"]
    api.ctx.session.rollback()
    assert row_counts(api.ctx.session) == before


def test_an_unknown_kind_to_delete_is_refused(api: Api) -> None:
    athlete, token = api.athlete()
    response = api.client.delete(
        f"{URL.format(athlete.id)}/2026-11-19", params={"site": "elbow"}, headers=token
    )
    assert "unknown measurement elbow" in assert_error(response, 422, "invalid_input")["message"]


def test_a_linked_coach_reads_and_another_athlete_does_not(api: Api) -> None:
    athlete, token = api.athlete()
    _, other = api.athlete()
    coach = api.coach("coach-tape@example.org", athlete.id)
    api.client.post(URL.format(athlete.id), json={"day": "2026-11-19", "waist_cm": 80}, headers=token)  # fmt: skip
    seen = api.client.get(URL.format(athlete.id), headers=coach)
    assert seen.json()["items"][0]["values_cm"] == {"waist": 80.0}
    assert_error(api.client.get(URL.format(athlete.id), headers=other), 404, "not_found")
