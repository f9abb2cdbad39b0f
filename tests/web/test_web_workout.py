"""The guided workout page over HTTP and the JSON calls its script makes."""

from __future__ import annotations

import json
import re

from tests.factories import make_athlete
from tests.fixtures.tables import row_counts
from tests.services.test_plans_serving import KNEE, squat_day
from tests.web.conftest import Site

from fitcoach.coach.safety import default_library
from fitcoach.services import athletes, health, monitoring, plans, training_log


def _data(html: str) -> dict:  # type: ignore[type-arg]
    found = re.search(r'<script type="application/json" id="workout-data">(.*?)</script>', html)
    assert found, html[:2000]
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def _training_day(site: Site) -> None:
    """Make today a training day: a plan that starts today."""
    plans.generate(
        site.ctx, site.athlete_id, start=monitoring.local_today(site.ctx, site.athlete_id)
    )
    site.ctx.session.commit()


def test_workout_page_steps_and_logging(site: Site) -> None:
    _training_day(site)
    page = site.client.get(f"/athletes/{site.athlete_id}/workout")
    assert page.status_code == 200
    view = plans.today(site.ctx, site.athlete_id)
    assert view.session is not None, "today must be a training day for this test"
    data = _data(page.text)
    assert data["session"] == view.session.key
    step = next(s for s in data["steps"] if s["kind"] == "strength")
    assert step["sets"] >= 1
    assert step["rest_s"] >= 15
    api = data["api"]
    body = {
        "session": data["session"],
        "exercise": step["exercise"],
        "reps": 8,
        "weight_kg": 40,
        "rir": 2,
    }
    assert site.client.post(f"{api}/sets", json=body).status_code == 403  # no CSRF header
    headers = {"X-CSRF-Token": site.csrf()}
    stored = site.client.post(f"{api}/sets", json={**body, "set_number": 1}, headers=headers)
    assert stored.status_code == 201, stored.text
    assert stored.json()["session_created"]
    again = site.client.post(f"{api}/sets", json={**body, "set_number": 1}, headers=headers)
    assert again.json()["created"] is False
    before = row_counts(site.ctx.session)
    bad = site.client.post(f"{api}/sets", json={**body, "exercise": "moon squat"}, headers=headers)
    assert bad.status_code == 422
    assert "unknown exercise" in bad.json()["error"]["message"]
    site.ctx.session.rollback()
    assert row_counts(site.ctx.session) == before
    feel = site.client.post(
        f"{api}/feedback",
        json={"session": data["session"], "exercise": step["exercise"], "kind": "pain"},
        headers=headers,
    )
    assert feel.status_code == 201, feel.text
    assert feel.json()["stopped"] is True
    refused = site.client.post(f"{api}/sets", json=body, headers=headers)
    assert refused.status_code == 409
    page = site.client.get(f"/athletes/{site.athlete_id}/workout")
    again_data = _data(page.text)
    assert [s["reps"] for s in again_data["sets"]] == [8]
    assert step["exercise"] in again_data["stopped"]
    rows = training_log.history(site.ctx, site.athlete_id, "workouts")
    assert any(r["source"] == "guided" for r in rows)


def test_the_workout_and_plan_pages_follow_an_injury_noted_after_approval(site: Site) -> None:
    _, stored = squat_day(site.ctx, existing=site.athlete_id)
    athletes.update_profile(site.ctx, site.athlete_id, {"injuries": [KNEE]})
    site.ctx.session.commit()
    page = site.client.get(f"/athletes/{site.athlete_id}/workout")
    assert page.status_code == 200
    data = _data(page.text)
    assert data["session"] == stored.key
    library = default_library()
    steps = [s["exercise"] for s in data["steps"]]
    assert steps
    assert not [x for x in steps if library[x].contraindications(["knee"])]
    assert "deep knee flexion under load: not with a knee injury" in page.text
    assert "Barbell Back Squat replaced by" in page.text
    plan_page = site.client.get(f"/athletes/{site.athlete_id}/plan")
    assert plan_page.status_code == 200
    assert 'id="served"' in plan_page.text
    assert "Barbell Back Squat replaced by" in plan_page.text


def test_blocked_day_shows_the_escalation_and_no_training(site: Site) -> None:
    health.raise_flag(site.ctx, site.athlete_id, "chest_pain", note="at rest")
    site.ctx.session.commit()
    page = site.client.get(f"/athletes/{site.athlete_id}/workout")
    assert page.status_code == 200
    assert 'id="blocked"' in page.text
    assert "workout-data" not in page.text
    assert 'id="done-set"' not in page.text


def test_another_athletes_workout_is_not_found(site: Site) -> None:
    other = make_athlete(site.ctx)
    plans.generate(site.ctx, other.id)
    site.ctx.session.commit()
    assert site.client.get(f"/athletes/{other.id}/workout").status_code == 404
    headers = {"X-CSRF-Token": site.csrf()}
    before = row_counts(site.ctx.session)
    response = site.client.post(
        f"/api/v1/athletes/{other.id}/workout/sets",
        json={"session": "w1s1", "exercise": "barbell-back-squat", "reps": 5},
        headers=headers,
    )
    assert response.status_code == 404
    site.ctx.session.rollback()
    assert row_counts(site.ctx.session) == before


def test_a_finished_workout_shows_its_summary_and_no_more_sets(site: Site) -> None:
    _training_day(site)
    view = plans.today(site.ctx, site.athlete_id)
    assert view.session is not None, "today must be a training day for this test"
    data = _data(site.client.get(f"/athletes/{site.athlete_id}/workout").text)
    step = next(s for s in data["steps"] if s["kind"] == "strength")
    assert step["loaded"] is True
    assert step["rir"] == next(
        i.target_rir for i in view.session.items if i.exercise == step["exercise"]
    )
    headers = {"X-CSRF-Token": site.csrf()}
    api = data["api"]
    body = {"session": data["session"], "exercise": step["exercise"], "reps": 8, "rir": 2}
    refused = site.client.post(f"{api}/sets", json=body, headers=headers)
    assert refused.status_code == 422
    assert refused.json()["error"]["message"].startswith("weight_kg: ")
    stored = site.client.post(f"{api}/sets", json={**body, "weight_kg": 50}, headers=headers)
    assert stored.status_code == 201, stored.text
    finished = site.client.post(
        f"{api}/finish", json={"session": data["session"], "session_rpe": 7}, headers=headers
    )
    assert finished.status_code == 200, finished.text
    page = site.client.get(f"/athletes/{site.athlete_id}/workout")
    assert page.status_code == 200
    assert 'id="summary"' in page.text
    assert "Workout finished" in page.text
    assert "8 reps × 50 kg · RIR 2" in page.text
    assert "First time logged: " in page.text  # a first workout beats nothing, it sets records
    assert "No record beaten this time." not in page.text
    assert "workout-data" not in page.text
    assert 'id="done-set"' not in page.text
    assert "workout.js" not in page.text
