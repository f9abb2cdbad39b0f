"""Guided workout in Chromium: log a set, then see its session on the dashboard."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from tests.web.conftest import Live, browser_login, shot

from fitcoach.core.clock import FixedClock
from fitcoach.services import monitoring, plans


def test_log_a_set_in_guided_mode_and_see_it_on_the_dashboard(page: Any, live: Live) -> None:
    # The server's day becomes the plan's next training day, whatever the weekday of the run.
    for ctx in live.context():
        today = monitoring.local_today(ctx, live.athlete_id)
        plans.generate(ctx, live.athlete_id, start=today)
        view = plans.today(ctx, live.athlete_id, today)
        day = view.day if view.status != "rest" else view.scheduled_for
    assert day is not None
    live.app.state.clock = FixedClock(datetime.combine(day, time(18), tzinfo=UTC))
    browser_login(page, live)
    page.goto(f"{live.url}/athletes/{live.athlete_id}/workout")
    page.wait_for_selector("#step-name:not(:empty)")
    page.fill("#in-reps", "8")
    page.fill("#in-kg", "40")
    page.fill("#in-rir", "2")
    shot(page, "workout-phone-before")
    page.click("#done-set")
    page.wait_for_selector("#sets-done li")
    assert "8 reps" in page.locator("#sets-done").inner_text()
    assert page.locator("#rest").is_visible()
    shot(page, "workout-phone-rest")
    page.fill("#in-session-rpe", "7")
    page.click("#finish-button")
    page.wait_for_selector("#finish-result.ok")
    title = page.locator("#overview .status").inner_text().split(": ", 1)[1]
    page.goto(f"{live.url}/athletes/{live.athlete_id}")
    page.wait_for_selector("#chart-load .main-svg")
    assert title in page.locator("#recent-workouts").inner_text()
    shot(page, "workout-dashboard-after")
    live.app.state.clock = None
