"""The plan page over HTTP: view, preview (stores nothing), apply, propose, approve, reject."""

from __future__ import annotations

from fastapi.testclient import TestClient
from tests.factories import make_athlete
from tests.fixtures.tables import row_counts
from tests.web.conftest import PASSWORD, Site, login

from fitcoach.coach.plan import StrengthItem
from fitcoach.core.domain import Role
from fitcoach.services import athletes, health, plans


def _lift(site: Site) -> tuple[str, str, int]:
    plan = plans.current(site.ctx, site.athlete_id).plan
    assert plan is not None
    session = plan.sessions()[0]
    item = next(i for i in session.items if isinstance(i, StrengthItem))
    return session.key, item.exercise, item.sets


def test_plan_page_shows_weeks_sessions_and_history(site: Site) -> None:
    page = site.client.get(f"/athletes/{site.athlete_id}/plan")
    assert page.status_code == 200
    assert "In force: version 1" in page.text
    assert "Week 1" in page.text
    assert 'id="history"' in page.text
    assert f'href="/athletes/{site.athlete_id}/plan/versions/1"' in page.text
    version = site.client.get(f"/athletes/{site.athlete_id}/plan/versions/1")
    assert version.status_code == 200
    assert "Plan version 1" in version.text
    assert site.client.get(f"/athletes/{site.athlete_id}/plan/versions/9").status_code == 404


def test_preview_stores_nothing(site: Site) -> None:
    key, lift, sets = _lift(site)
    new = 2 if sets != 2 else 3
    before = row_counts(site.ctx.session)
    data = {"csrf_token": site.csrf(), "op": "change_sets", "session": key, "exercise": lift}
    response = site.client.post(
        f"/athletes/{site.athlete_id}/plan/preview", data={**data, "sets": str(new)}
    )
    assert response.status_code == 200, response.text
    assert 'id="preview"' in response.text
    assert f"{sets} × " in response.text
    assert f"{new} × " in response.text
    assert "Safety check: <strong>ok</strong>" in response.text
    site.ctx.session.rollback()
    assert row_counts(site.ctx.session) == before


def test_apply_and_bad_input(site: Site) -> None:
    key, lift, sets = _lift(site)
    path = f"/athletes/{site.athlete_id}/plan/edits"
    csrf = site.csrf()
    before = row_counts(site.ctx.session)
    bad = site.client.post(path, data={"csrf_token": csrf, "op": "change_sets", "exercise": lift})
    assert bad.status_code == 422
    assert "sets: required" in bad.text
    junk = site.client.post(
        path, data={"csrf_token": csrf, "op": "change_sets", "exercise": lift, "sets": "many"}
    )
    assert junk.status_code == 422
    assert "whole number" in junk.text
    unknown = site.client.post(path, data={"csrf_token": csrf, "op": "drop_table"})
    assert unknown.status_code == 422
    # The validator refuses a jump in weekly sets: shown with its reasons, nothing stored.
    refused = site.client.post(
        path,
        data={"csrf_token": csrf, "op": "change_sets", "exercise": lift, "sets": "10"},
    )
    if refused.status_code == 409:
        assert "Not allowed" in refused.text
    forged = site.client.post(
        path, data={"csrf_token": "forged", "op": "change_sets", "exercise": lift, "sets": "2"}
    )
    assert forged.status_code == 403
    site.ctx.session.rollback()
    if refused.status_code == 409:
        assert row_counts(site.ctx.session) == before
    new = 2 if sets != 2 else 3
    ok = site.client.post(
        path,
        data={
            "csrf_token": csrf,
            "op": "change_sets",
            "session": key,
            "exercise": lift,
            "sets": str(new),
            "action": "apply",
        },
        follow_redirects=False,
    )
    assert ok.status_code == 303
    assert ok.headers["location"].endswith("done=applied")
    site.ctx.session.rollback()
    current = plans.current(site.ctx, site.athlete_id)
    assert current.proposed_by == "athlete"
    assert current.plan is not None
    item = next(i for i in current.plan.session(key).items if i.exercise == lift)
    assert isinstance(item, StrengthItem)
    assert item.sets == new
    assert "The change is in force" in site.client.get(ok.headers["location"]).text


def test_validator_refusal_is_409_and_stores_nothing(site: Site) -> None:
    health.raise_flag(site.ctx, site.athlete_id, "chest_pain", note="at rest")
    site.ctx.session.commit()
    before = row_counts(site.ctx.session)
    response = site.client.post(
        f"/athletes/{site.athlete_id}/plan/edits",
        data={"csrf_token": site.csrf(), "op": "set_session_minutes", "minutes": "45"},
        follow_redirects=False,
    )
    assert response.status_code == 409
    assert "safety validator refused" in response.text
    site.ctx.session.rollback()
    assert row_counts(site.ctx.session) == before


def test_coach_proposes_and_athlete_approves_or_rejects(site: Site) -> None:
    key, lift, sets = _lift(site)
    coach_id = athletes.create_staff_account(site.ctx, "cole@example.org", "Cole", Role.coach)
    athletes.link_coach(site.ctx, coach_id, site.athlete_id)
    site.ctx.session.commit()
    site.account("cole@example.org")
    coach = TestClient(site.client.app)
    assert login(coach, "cole@example.org", PASSWORD).status_code == 303
    page = coach.get(f"/athletes/{site.athlete_id}/plan")
    assert ">Propose</button>" in page.text
    csrf = site.csrf()  # the athlete's
    coach_csrf = page.text.split('name="csrf-token" content="')[1].split('"')[0]
    for new in (2 if sets != 2 else 3, 4 if sets != 4 else 5):
        proposed = coach.post(
            f"/athletes/{site.athlete_id}/plan/edits",
            data={
                "csrf_token": coach_csrf,
                "op": "change_sets",
                "session": key,
                "exercise": lift,
                "sets": str(new),
                "action": "propose",
            },
            follow_redirects=False,
        )
        assert proposed.status_code == 303, proposed.text
        assert proposed.headers["location"].endswith("done=proposed")
    site.ctx.session.rollback()
    waiting = plans.versions(site.ctx, site.athlete_id, "proposed")
    assert [v.proposed_by for v in waiting] == ["coach", "coach"]
    assert plans.current(site.ctx, site.athlete_id).version == 1
    page = site.client.get(f"/athletes/{site.athlete_id}/plan")
    assert "Waiting for approval" in page.text
    assert "proposed by the coach" in page.text
    newest, older = waiting[0].version, waiting[1].version
    base = f"/athletes/{site.athlete_id}/plan/versions"
    # The coach cannot approve their own proposal (and is not offered the button).
    assert ">Approve</button>" not in coach.get(f"/athletes/{site.athlete_id}/plan").text
    mine = coach.post(f"{base}/{older}/approve", data={"csrf_token": coach_csrf})
    assert mine.status_code == 403
    assert site.client.post(f"{base}/{older}/approve", data={"csrf_token": "x"}).status_code == 403
    approved = site.client.post(
        f"{base}/{older}/approve", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert approved.status_code == 303
    assert approved.headers["location"].endswith("done=approved")
    rejected = site.client.post(
        f"{base}/{newest}/reject", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert rejected.headers["location"].endswith("done=rejected")
    site.ctx.session.rollback()
    assert plans.current(site.ctx, site.athlete_id).version == older
    assert plans.get_version(site.ctx, site.athlete_id, newest).status == "rejected"
    again = site.client.post(f"{base}/{newest}/approve", data={"csrf_token": csrf})
    assert again.status_code == 409


def test_another_athletes_plan_is_not_found(site: Site) -> None:
    other = make_athlete(site.ctx)
    plans.generate(site.ctx, other.id)
    site.ctx.session.commit()
    csrf = site.csrf()
    assert site.client.get(f"/athletes/{other.id}/plan").status_code == 404
    assert site.client.get(f"/athletes/{other.id}/plan/versions/1").status_code == 404
    before = row_counts(site.ctx.session)
    for path in ("plan/preview", "plan/edits", "plan/versions/1/approve", "plan/versions/1/reject"):
        response = site.client.post(
            f"/athletes/{other.id}/{path}",
            data={"csrf_token": csrf, "op": "set_session_minutes", "minutes": "45"},
        )
        assert response.status_code == 404, path
    site.ctx.session.rollback()
    assert row_counts(site.ctx.session) == before
