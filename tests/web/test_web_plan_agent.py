"""The plan page's dosing agent card: the rules' decision beside the agent's suggestion, and
the athlete's opt-in stored through the form."""

from __future__ import annotations

from tests.web.conftest import Site

from fitcoach.services import plans


def test_plan_page_shows_the_agent_beside_the_rules_and_the_opt_in(site: Site) -> None:
    page = site.client.get(f"/athletes/{site.athlete_id}/plan")
    assert page.status_code == 200
    assert 'id="agent"' in page.text
    assert "The rules decided" in page.text
    assert "The agent suggests" in page.text
    assert "Shown only: nothing changes unless you opt in" in page.text
    suggestion = plans.agent_suggestion(site.ctx, site.athlete_id)
    if suggestion.status == "suggested":
        assert suggestion.change is not None
        assert suggestion.change in page.text
    else:  # no usable model: the page says why
        assert suggestion.message in page.text
    assert not plans.agent_opted_in(site.ctx, site.athlete_id)

    path = f"/athletes/{site.athlete_id}/plan/agent"
    refused = site.client.post(path, data={"csrf_token": "wrong", "enabled": "1"})
    assert refused.status_code == 403
    done = site.client.post(
        path, data={"csrf_token": site.csrf(), "enabled": "1"}, follow_redirects=False
    )
    assert done.status_code == 303
    site.ctx.session.expire_all()
    assert plans.agent_opted_in(site.ctx, site.athlete_id)
    page = site.client.get(f"/athletes/{site.athlete_id}/plan")
    assert "You opted in" in page.text
    assert "Stop applying the agent" in page.text
