"""The record pages over HTTP, kept per process and data version (issue 41): a write is seen
by the next read, a page is the bytes FastAPI answered before, another athlete's page is never
served, and a coach served from what is kept is in the athlete's access log as before."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, select
from tests.factories import workout
from tests.interfaces.test_api_auth import Api, api_for, assert_error
from tests.services.test_training_log_pages import as_fastapi_answered

from fitcoach.core.clock import FixedClock
from fitcoach.services import accounts, results, training_log
from fitcoach.storage.models import AuditEntry, CoachLink

AT = datetime(2026, 11, 18, 18, 0, tzinfo=UTC)


@pytest.fixture
def api(database: Any, clock: FixedClock) -> Iterator[Api]:
    results.PAGES.clear()  # see tests/services/test_training_log_pages.py
    with api_for(database, clock) as value:
        yield value


def _page(athlete_id: int, query: str = "") -> str:
    return f"/api/v1/athletes/{athlete_id}/workouts{query}"


def _log(api: Api, athlete_id: int, headers: dict[str, str], hours: int, kg: float) -> int:
    doc = workout(AT - timedelta(hours=hours), ("barbell-back-squat", 5, kg, 2))
    response = api.client.post(_page(athlete_id), json=doc, headers=headers)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _accesses(api: Api, athlete_id: int) -> list[tuple[int | None, str]]:
    api.ctx.session.rollback()
    rows = api.ctx.session.execute(
        select(AuditEntry.actor_account_id, AuditEntry.entity)
        .where(AuditEntry.action == "access", AuditEntry.athlete_id == athlete_id)
        .order_by(AuditEntry.id)
    )
    return [(r[0], r[1]) for r in rows]


def test_a_write_is_seen_by_the_next_read(api: Api) -> None:
    athlete, headers = api.athlete()
    _log(api, athlete.id, headers, 30, 100.0)
    first = api.client.get(_page(athlete.id), headers=headers)
    assert first.status_code == 200
    assert first.headers["content-type"] == "application/json"
    hits = results.PAGES.hits
    assert api.client.get(_page(athlete.id), headers=headers).content == first.content
    assert results.PAGES.hits == hits + 1  # the same page again: kept
    added = _log(api, athlete.id, headers, 2, 102.5)
    after = api.client.get(_page(athlete.id), headers=headers).json()
    assert [w["id"] for w in after["items"]][-1] == added
    assert after["count"] == 2
    # A corrected set and a deleted workout are seen too.
    set_id = after["items"][-1]["sets"][0]["id"]
    fixed = api.client.patch(
        _page(athlete.id, f"/{added}/sets/{set_id}"), json={"reps": 7}, headers=headers
    )
    assert fixed.status_code == 200, fixed.text
    page = api.client.get(_page(athlete.id), headers=headers).json()
    assert page["items"][-1]["sets"][0]["reps"] == 7
    training_log.delete_entry(api.ctx, athlete.id, "workouts", added)
    api.ctx.session.commit()
    page = api.client.get(_page(athlete.id), headers=headers).json()
    assert [w["id"] for w in page["items"]] == [w["id"] for w in after["items"]][:1]


def test_a_page_is_the_answer_fastapi_gave_before(api: Api) -> None:
    athlete, headers = api.athlete()
    for n in range(4):
        _log(api, athlete.id, headers, 24 * n + 1, 60.0 + 2.5 * n)
    for query, limit, offset in (("", 100, 0), ("?limit=2&offset=1", 2, 1)):
        items = training_log.history(api.ctx, athlete.id, "workouts", limit=limit, offset=offset)
        expected = as_fastapi_answered("workouts", items, limit, offset)
        for _ in range(2):  # computed, then kept
            assert api.client.get(_page(athlete.id, query), headers=headers).content == expected


def test_another_athletes_page_is_never_served(api: Api) -> None:
    one, one_headers = api.athlete()
    two, two_headers = api.athlete()
    _log(api, one.id, one_headers, 5, 140.0)
    _log(api, two.id, two_headers, 5, 40.0)
    for _ in range(2):  # before and after the page is kept
        mine = api.client.get(_page(one.id), headers=one_headers).json()
        assert [s["weight_kg"] for w in mine["items"] for s in w["sets"]] == [140.0]
        assert_error(api.client.get(_page(one.id), headers=two_headers), 404, "not_found")
        theirs = api.client.get(_page(two.id), headers=two_headers).json()
        assert [s["weight_kg"] for w in theirs["items"] for s in w["sets"]] == [40.0]


def test_a_coach_served_a_kept_page_is_logged_and_a_revoked_one_is_refused(api: Api) -> None:
    athlete, headers = api.athlete()
    _log(api, athlete.id, headers, 5, 100.0)
    coach = api.coach("coach@example.org", athlete.id)
    coach_id = accounts.account_for(api.ctx, "coach@example.org").id
    first = api.client.get(_page(athlete.id), headers=coach)
    assert first.status_code == 200
    assert _accesses(api, athlete.id) == [(coach_id, "training_log")]
    api.clock.set(api.clock.now() + timedelta(minutes=1))
    hits = results.PAGES.hits
    again = api.client.get(_page(athlete.id), headers=coach)
    assert results.PAGES.hits == hits + 1  # served from what was kept ...
    assert again.content == first.content
    assert _accesses(api, athlete.id) == [(coach_id, "training_log")] * 2  # ... and logged
    # The athlete's own read (kept page) is no entry.
    assert api.client.get(_page(athlete.id), headers=headers).status_code == 200
    assert len(_accesses(api, athlete.id)) == 2
    api.ctx.session.execute(delete(CoachLink).where(CoachLink.athlete_id == athlete.id))
    api.ctx.session.commit()
    assert_error(api.client.get(_page(athlete.id), headers=coach), 404, "not_found")
