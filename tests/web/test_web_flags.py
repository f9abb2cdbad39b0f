"""The dashboard shows an open red flag with its escalation and a form to resolve it with a
reason (CSRF-checked); the athlete or a linked coach resolves it, a coach of another athlete
gets 404. SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from tests.factories import make_athlete
from tests.fixtures.tables import row_counts
from tests.web.conftest import PASSWORD, Site, login

from fitcoach.core.domain import Role
from fitcoach.services import athletes, health


def _resolve(client: TestClient, athlete_id: int, flag_id: int, csrf: str, reason: str) -> Any:
    return client.post(
        f"/athletes/{athlete_id}/flags/{flag_id}/resolve",
        data={"csrf_token": csrf, "reason": reason},
        follow_redirects=False,
    )


def test_the_athlete_resolves_a_flag_with_a_reason(site: Site) -> None:
    flag_id = health.raise_flag(site.ctx, site.athlete_id, "fainting", note="after intervals")
    site.ctx.session.commit()
    page = site.client.get(f"/athletes/{site.athlete_id}")
    assert "Training advice is paused" in page.text
    assert "emergency number" in page.text
    assert f'action="/athletes/{site.athlete_id}/flags/{flag_id}/resolve"' in page.text

    csrf = site.csrf()
    forged = _resolve(site.client, site.athlete_id, flag_id, "forged", "GP cleared me")
    assert forged.status_code == 403
    blank = _resolve(site.client, site.athlete_id, flag_id, csrf, "  ")
    assert blank.status_code == 422
    assert "say why" in blank.text
    site.ctx.session.rollback()
    assert health.open_flags(site.ctx, site.athlete_id)[0].id == flag_id

    done = _resolve(site.client, site.athlete_id, flag_id, csrf, "GP checked me, cleared")
    assert done.status_code == 303
    after = site.client.get(done.headers["location"])
    assert "Flag resolved" in after.text
    assert "Training advice is paused" not in after.text
    site.ctx.session.rollback()
    [flag] = health.list_flags(site.ctx, site.athlete_id, include_cleared=True)
    assert (flag.open, flag.resolution_note) == (False, "GP checked me, cleared")
    again = _resolve(site.client, site.athlete_id, flag_id, csrf, "GP checked me, cleared")
    assert again.status_code == 409


def test_a_coach_resolves_only_a_linked_athletes_flag(site: Site) -> None:
    other = make_athlete(site.ctx)
    coach_id = athletes.create_staff_account(site.ctx, "coach@example.org", "Cole", Role.coach)
    athletes.link_coach(site.ctx, coach_id, other.id)  # not site's athlete
    flag_id = health.raise_flag(site.ctx, site.athlete_id, "chest_pain")
    site.ctx.session.commit()
    site.account("coach@example.org")
    coach = TestClient(site.client.app)
    assert login(coach, "coach@example.org", PASSWORD).status_code == 303
    csrf = Site(coach, site.ctx, other.id, "coach@example.org", site.clock).csrf()
    before = row_counts(site.ctx.session)
    refused = _resolve(coach, site.athlete_id, flag_id, csrf, "looked fine to me")
    assert refused.status_code == 404
    site.ctx.session.rollback()
    assert row_counts(site.ctx.session) == before
    assert health.open_flags(site.ctx, site.athlete_id)[0].open

    athletes.link_coach(site.ctx, coach_id, site.athlete_id)
    site.ctx.session.commit()
    done = _resolve(coach, site.athlete_id, flag_id, csrf, "cardiologist letter: cleared")
    assert done.status_code == 303
    site.ctx.session.rollback()
    assert health.open_flags(site.ctx, site.athlete_id) == []
