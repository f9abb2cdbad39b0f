"""The dosing agent's card, on the plan's "How next week is decided" page (issue 60: research
is not on a new user's plan page, only a link to it): the rules' decision beside the agent's
suggestion, the measured comparison with the rules that decides whether the agent may drive,
and the athlete's opt-in stored through the form only when it may."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.ml.dosing_agents import composition_metrics, forget_agents, point_app_at, store_agent
from tests.web.conftest import Site

from fitcoach.services import plans


@pytest.fixture
def model_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path / "models"
    point_app_at(monkeypatch, root)
    yield root
    forget_agents()


def test_an_agent_that_may_drive_offers_the_opt_in_with_its_evidence(
    site: Site, model_dir: Path
) -> None:
    store_agent(model_dir, composition_metrics(-0.01, -0.01))
    page = site.client.get(f"/athletes/{site.athlete_id}/plan/next-week")
    assert page.status_code == 200
    assert 'id="agent"' in page.text
    assert "The rules decided" in page.text
    assert "The agent suggests" in page.text
    assert "Shown only: nothing changes unless you opt in" in page.text
    suggestion = plans.agent_suggestion(site.ctx, site.athlete_id)
    assert suggestion.status == "suggested", suggestion.message
    assert suggestion.change is not None
    assert suggestion.change in page.text
    assert suggestion.may_drive
    assert (
        "compared with the rules alone on 1,500 simulated athletes (3 separate sets of 500, "
        "26-week seasons). Under an injury model driven by load spikes (acute:chronic ratio, "
        "monotony) they had 0.06 fewer injuries per athlete a season (0.40 against 0.46 for "
        "the rules alone; 95 % CI from 0.11 fewer to 0.01 fewer)" in page.text
    )
    assert "so you may let it adjust your plan" in page.text
    assert 'id="agent-form"' in page.text
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
    page = site.client.get(f"/athletes/{site.athlete_id}/plan/next-week")
    assert "You opted in" in page.text
    assert "Stop applying the agent" in page.text


def test_an_agent_with_more_injuries_in_simulation_is_shown_only(
    site: Site, model_dir: Path
) -> None:
    """The strain model's CI reaches +0.03: the screen says so and offers no opt-in."""
    store_agent(model_dir, composition_metrics(-0.01, 0.03))
    page = site.client.get(f"/athletes/{site.athlete_id}/plan/next-week")
    assert page.status_code == 200
    assert "The agent suggests" in page.text
    assert (
        "under a second injury model, driven by cumulative strain and hidden fragility, 0.02 "
        "fewer injuries per athlete a season (0.33 against 0.35 for the rules alone; 95 % CI "
        "from 0.07 fewer to 0.03 more)" in page.text
    )
    assert "it only makes suggestions: it cannot change your plan" in page.text
    assert "Shown only: this agent cannot change your plan. The rules decide." in page.text
    assert 'id="agent-form"' not in page.text
    # An athlete who opted in earlier keeps the choice (and a way out); it takes no effect.
    plans.set_agent_opt_in(site.ctx, site.athlete_id, True)
    site.ctx.session.commit()
    page = site.client.get(f"/athletes/{site.athlete_id}/plan/next-week")
    assert "Shown only: this agent cannot change your plan, although you opted in." in page.text
    assert "Stop applying the agent" in page.text


def test_the_shipped_agent_states_its_own_stored_comparison(site: Site) -> None:
    """Whatever the shipped artefact's evaluation says, the page states it and acts on it."""
    from fitcoach.services.plans import dosing

    suggestion = plans.agent_suggestion(site.ctx, site.athlete_id)
    page = site.client.get(f"/athletes/{site.athlete_id}/plan/next-week")
    if suggestion.status != "suggested":  # no usable model: the page says why
        assert suggestion.message in page.text
        return
    gate = dosing.agent_gate()
    assert suggestion.may_drive == gate.allowed
    assert suggestion.evidence == gate.statement()
    assert gate.comparisons, "the shipped agent carries its composition's evaluation"
    first = gate.comparisons[0]
    assert f"on {first.athletes:,} simulated athletes ({first.seed_sets} separate sets" in page.text
    assert ('id="agent-form"' in page.text) == gate.allowed


def test_the_plan_page_shows_the_plan_and_links_the_research(site: Site, model_dir: Path) -> None:
    """A new user's plan page opens with their plan: no simulated athletes, no injury models,
    no agent; one link leads to them."""
    store_agent(model_dir, composition_metrics(-0.01, -0.01))
    page = site.client.get(f"/athletes/{site.athlete_id}/plan")
    assert page.status_code == 200
    assert 'id="current"' in page.text
    for research in ("simulated", "injury model", "The agent suggests", 'id="agent"'):
        assert research not in page.text
    link = f'href="/athletes/{site.athlete_id}/plan/next-week"'
    assert link in page.text
    assert "How next week is decided" in page.text
    done = site.client.post(
        f"/athletes/{site.athlete_id}/plan/agent",
        data={"csrf_token": site.csrf(), "enabled": "1"},
        follow_redirects=False,
    )
    assert done.headers["location"] == f"/athletes/{site.athlete_id}/plan/next-week#agent"
