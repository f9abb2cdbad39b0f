"""The access log over HTTP: a coach's page of many reads makes one entry per kind, written
after the response; the athlete reads the log through the API and the web page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from tests.interfaces.test_api_auth import Api, api_for, assert_error
from tests.web.conftest import PASSWORD, login

from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import Role
from fitcoach.services import accounts, athletes, plans
from fitcoach.storage.models import AuditEntry


@pytest.fixture
def api(database: Any, clock: FixedClock) -> Iterator[Api]:
    with api_for(database, clock) as value:
        yield value


def _entries(api: Api) -> list[tuple[int | None, str]]:
    api.ctx.session.rollback()
    rows = api.ctx.session.execute(
        select(AuditEntry.actor_account_id, AuditEntry.entity)
        .where(AuditEntry.action == "access")
        .order_by(AuditEntry.id)
    )
    return [(r[0], r[1]) for r in rows]


def test_coach_reads_are_logged_once_and_the_athlete_sees_them(api: Api) -> None:
    a, token_a = api.athlete()
    plans.generate(api.ctx, a.id)
    api.ctx.session.commit()
    coach = api.coach("coach@example.org", a.id)
    coach_id = accounts.account_for(api.ctx, "coach@example.org").id
    base = f"/api/v1/athletes/{a.id}"

    for _ in range(5):  # the same reads, again and again within the minute
        assert api.client.get(base, headers=coach).status_code == 200
        assert api.client.get(f"{base}/plan/versions", headers=coach).status_code == 200
    assert _entries(api) == [(coach_id, "profile"), (coach_id, "plans")]
    # The athlete's own reads are not entries.
    assert api.client.get(f"{base}/plan/versions", headers=token_a).status_code == 200
    assert len(_entries(api)) == 2

    api.clock.set(api.clock.now() + timedelta(minutes=1))
    assert api.client.get(base, headers=coach).status_code == 200
    assert _entries(api)[-1] == (coach_id, "profile")
    assert len(_entries(api)) == 3

    log = api.client.get(f"{base}/access-log", headers=token_a)
    assert log.status_code == 200, log.text
    body = log.json()
    assert [(e["viewer_account_id"], e["role"], e["kind"]) for e in body] == [
        (coach_id, "coach", "profile"),
        (coach_id, "coach", "plans"),
        (coach_id, "coach", "profile"),
    ]
    assert body[0]["viewer_name"] == "Coach"
    assert_error(
        api.client.get(f"{base}/access-log?limit=0", headers=token_a), 422, "invalid_input"
    )


def test_a_coach_sees_only_their_own_entries(api: Api) -> None:
    a, _ = api.athlete()
    one = api.coach("one@example.org", a.id)
    two = api.coach("two@example.org", a.id)
    base = f"/api/v1/athletes/{a.id}"
    api.client.get(base, headers=one)
    api.client.get(base, headers=two)
    one_id = accounts.account_for(api.ctx, "one@example.org").id
    seen = api.client.get(f"{base}/access-log", headers=one).json()
    assert {e["viewer_account_id"] for e in seen} == {one_id}
    admin_id = athletes.create_staff_account(api.ctx, "admin@example.org", "Ad", Role.admin)
    api.ctx.session.commit()
    admin = api.headers(admin_id)
    everything = api.client.get(f"{base}/access-log", headers=admin).json()
    assert len({e["viewer_account_id"] for e in everything}) == 2  # both coaches
    # The admin's own reading is written after that response: the next answer lists it.
    again = api.client.get(f"{base}/access-log", headers=admin).json()
    assert {(e["viewer_account_id"], e["kind"]) for e in again} >= {(admin_id, "access_log")}


def test_the_web_page_lists_who_opened_the_data(api: Api) -> None:
    a, _ = api.athlete()
    accounts.set_password(api.ctx, accounts.account_for(api.ctx, a.email).id, PASSWORD)
    api.ctx.session.commit()
    coach = api.coach("coach@example.org", a.id)
    api.client.get(f"/api/v1/athletes/{a.id}", headers=coach)
    assert login(api.client, a.email, PASSWORD).status_code == 303
    page = api.client.get(f"/athletes/{a.id}/access-log")
    assert page.status_code == 200
    assert "Who opened your data" in page.text
    assert "Coach" in page.text
    assert "profile" in page.text
    assert f'href="/athletes/{a.id}/access-log"' in page.text  # in the menu


def test_a_failed_request_leaves_no_entry(api: Api) -> None:
    a, _ = api.athlete()
    plans.generate(api.ctx, a.id)
    api.ctx.session.commit()
    coach = api.coach("coach@example.org", a.id)
    # Approving the plan in force is a conflict: rolled back, no access entry either.
    refused = api.client.post(f"/api/v1/athletes/{a.id}/plan/versions/1/approve", headers=coach)
    assert_error(refused, 409, "conflict")
    assert _entries(api) == []
