"""The Privacy page: the athlete's consent per purpose, changed with a CSRF form, and history."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.factories import make_athlete
from tests.fixtures.tables import row_counts
from tests.web.conftest import CSRF_META, PASSWORD, Site, login

from fitcoach.core.domain import ConsentPurpose, Role
from fitcoach.core.errors import NotFound
from fitcoach.services import accounts, athletes, consent


def test_the_athlete_changes_their_consent_on_the_page(site: Site) -> None:
    url = f"/athletes/{site.athlete_id}/privacy"
    page = site.client.get(url)
    assert page.status_code == 200
    assert f'href="{url}"' in page.text  # in the menu
    assert consent.consent_text().version in page.text
    assert 'name="model_training" >' in page.text  # not ticked: off by default
    assert 'name="training_logs" checked' in page.text
    saved = site.client.post(
        url,
        data={"csrf_token": site.csrf(url), "training_logs": "on", "model_training": "on"},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    site.ctx.session.rollback()
    states = {s.purpose.value: s.granted for s in consent.current(site.ctx, site.athlete_id)}
    assert states == {
        "training_logs": True,
        "sensor_data": False,
        "coach_sharing": False,
        "model_training": True,
    }
    shown = site.client.get(f"{url}?done=saved")
    assert "Saved." in shown.text
    assert shown.text.count("withdrawn") >= 2  # sensor_data and coach_sharing in the history


def test_the_form_needs_csrf_and_other_athletes_get_404(site: Site) -> None:
    url = f"/athletes/{site.athlete_id}/privacy"
    assert site.client.post(url, data={"model_training": "on"}).status_code == 403
    other = make_athlete(site.ctx)
    site.ctx.session.commit()
    assert site.client.get(f"/athletes/{other.id}/privacy").status_code == 404
    stolen = site.client.post(
        f"/athletes/{other.id}/privacy", data={"csrf_token": site.csrf(), "model_training": "on"}
    )
    assert stolen.status_code == 404
    site.ctx.session.rollback()
    assert not consent.granted(site.ctx, other.id, "model_training")


def test_a_coach_reads_the_page_without_a_form_and_cannot_post(site: Site, database: Any) -> None:
    coach_id = athletes.create_staff_account(site.ctx, "coach@example.org", "Coach", Role.coach)
    athletes.link_coach(site.ctx, coach_id, site.athlete_id)
    accounts.set_password(site.ctx, coach_id, PASSWORD)
    site.ctx.session.commit()
    app = site.client.app
    with TestClient(app) as coach:
        assert login(coach, "coach@example.org", PASSWORD).status_code == 303
        url = f"/athletes/{site.athlete_id}/privacy"
        page = coach.get(url)
        assert page.status_code == 200
        assert 'id="consents"' in page.text
        assert 'id="consent-form"' not in page.text
        match = CSRF_META.search(page.text)
        assert match
        refused = coach.post(url, data={"csrf_token": match.group(1), "coach_sharing": "on"})
        assert refused.status_code == 403


def test_a_grant_under_an_earlier_text_says_so_until_saved_again(
    site: Site, monkeypatch: Any
) -> None:
    """The text names body measurements since its last version; a grant given under the earlier
    text is shown as such, and saving the form agrees to the text shown."""
    url = f"/athletes/{site.athlete_id}/privacy"
    now = consent.consent_text()
    assert "body measurements" in now.purposes[ConsentPurpose.training_logs]
    earlier = now.model_copy(update={"version": "2026-11-1"})
    monkeypatch.setattr(consent, "consent_text", lambda: earlier)
    consent.set_many(site.ctx, site.athlete_id, {"training_logs": False})
    consent.set_many(site.ctx, site.athlete_id, {"training_logs": True})
    site.ctx.session.commit()
    monkeypatch.undo()
    page = site.client.get(url).text
    assert "You agreed to an\n    earlier text (version 2026-11-1)" in page
    site.client.post(url, data={"csrf_token": site.csrf(url), "training_logs": "on"})
    site.ctx.session.rollback()
    state = {s.purpose.value: s for s in consent.current(site.ctx, site.athlete_id)}
    assert state["training_logs"].granted
    assert state["training_logs"].version == now.version
    assert "earlier text" not in site.client.get(url).text


def test_an_athlete_deletes_their_account_after_confirming_with_the_password(
    site: Site,
) -> None:
    """Privacy → "Delete my account…" → a page that says what goes and asks the password: a
    wrong one deletes nothing; the right one deletes the account and everything in it, says
    so, and signs the browser out."""
    url = f"/athletes/{site.athlete_id}/privacy"
    page = site.client.get(url)
    assert f'href="{url}/delete"' in page.text
    confirm = site.client.get(f"{url}/delete")
    assert confirm.status_code == 200
    assert "cannot be brought back" in confirm.text
    csrf = site.csrf(f"{url}/delete")
    before = row_counts(site.ctx.session)
    wrong = site.client.post(f"{url}/delete", data={"csrf_token": csrf, "password": "nope"})
    assert wrong.status_code == 422
    assert "that is not your password" in wrong.text
    site.ctx.session.rollback()
    assert row_counts(site.ctx.session) == before
    done = site.client.post(f"{url}/delete", data={"csrf_token": csrf, "password": PASSWORD})
    assert done.status_code == 200, done.text[:1000]
    assert "Your account is deleted" in done.text
    site.ctx.session.rollback()
    with pytest.raises(NotFound):
        athletes.get_athlete(site.ctx, site.athlete_id)
    after = site.client.get(f"/athletes/{site.athlete_id}", follow_redirects=False)
    assert after.status_code in (303, 307), after.status_code  # signed out: to the sign-in
