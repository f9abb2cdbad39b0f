"""The dashboard in Chromium: sign in, see readiness, today's session and the drawn charts."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import Live, browser_login, shot


def test_sign_in_and_see_the_dashboard(page: Any, live: Live) -> None:
    browser_login(page, live)
    page.wait_for_selector("#chart-load .main-svg")  # Plotly drew the load chart
    assert page.locator("#readiness").inner_text().startswith("Readiness")
    assert page.locator("#chart-load .scatterlayer .trace").count() >= 3
    shot(page, "dashboard-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_timeout(300)
    shot(page, "dashboard-desktop")
