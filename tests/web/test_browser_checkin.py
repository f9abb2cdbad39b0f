"""The morning check-in in Chromium on a 390 px phone: one tap per item, then readiness led by
what the athlete said."""

from __future__ import annotations

from typing import Any

import pytest
from tests.web.conftest import Live, signed_in

pytestmark = pytest.mark.browser

PHONE = 390


def test_three_taps_on_a_phone_give_readiness_from_what_was_said(page: Any, live: Live) -> None:
    page.set_viewport_size({"width": PHONE, "height": 844})
    signed_in(page, live, f"/athletes/{live.athlete_id}/checkin")
    taps = page.locator("#quick-checkin button.tap")
    assert taps.count() == 15  # five a row, three rows
    for box in (taps.nth(i).bounding_box() for i in range(15)):
        assert box is not None
        assert box["width"] >= 44
        assert box["height"] >= 44
    wide = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert wide, "the check-in scrolls sideways at 390 px"
    for item, value in (("energy", 4), ("soreness", 2), ("mood", 3)):
        with page.expect_navigation():
            page.click(f"#quick-checkin-{item} button[value='{value}']")
        chosen = page.locator(f"#quick-checkin-{item} button.tap.chosen")
        assert chosen.inner_text() == str(value)
    said = page.locator("#readiness-said")
    assert said.get_attribute("data-status") == "ok"
    assert "You said 67 / 100 in your check-in" in said.inner_text()
    score = int(said.locator(".big").inner_text())
    assert 0 <= score <= 67  # the reasons may lower it, never raise it
