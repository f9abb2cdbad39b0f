"""Approving a coach's proposed plan change in Chromium."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import Live, browser_login, shot

from fitcoach.services import plans


def test_approve_a_proposed_plan_change(page: Any, live: Live) -> None:
    for ctx in live.context():
        current = plans.current(ctx, live.athlete_id)
        result = plans.propose_edit(
            ctx,
            live.athlete_id,
            {"op": "set_session_minutes", "minutes": 45},
            proposed_by="coach",
        )
        assert result.status == "proposed", result
        version = result.version
    browser_login(page, live)
    page.goto(f"{live.url}/athletes/{live.athlete_id}/plan")
    page.wait_for_selector(f"#proposal-{version}")
    assert "proposed by the coach" in page.locator(f"#proposal-{version}").inner_text()
    shot(page, "plan-phone-proposal")
    page.click(f"#proposal-{version} button.approve")
    page.wait_for_selector("p.ok")
    assert f"In force: version {version}" in page.locator("#current h2").inner_text()
    assert current.version != version
    shot(page, "plan-phone-approved")
