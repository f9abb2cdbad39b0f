"""Every page of the dashboard works under the Content-Security-Policy the app sends.

The ``page`` fixture fails a test on anything the policy blocked (Chromium reports each on the
console); this walks the pages whose scripts the other browser tests do not drive.
"""

from __future__ import annotations

from typing import Any

from tests.web.conftest import Live, signed_in

PAGES = ("checkin", "nutrition", "chat", "recordings", "reports", "telegram", "plan", "workout")


def test_every_page_runs_under_the_policy(page: Any, live: Live) -> None:
    signed_in(page, live)
    for name in PAGES:
        response = page.goto(f"{live.url}/athletes/{live.athlete_id}/{name}")
        assert response is not None
        assert response.status == 200, name
        assert response.headers["content-security-policy"].startswith("default-src 'self'")
        page.wait_for_load_state("networkidle")
    # The chat page's script runs and talks to the API with the session cookie and its CSRF
    # header (connect-src 'self'): the coach's answer arrives and is shown.
    page.goto(f"{live.url}/athletes/{live.athlete_id}/chat")
    page.fill("#chat-text", "how did I sleep last week?")
    page.click("#chat-send")
    page.wait_for_selector("#chat-log li.msg.assistant:not(.pending) .meta", timeout=30_000)
    assert page.locator("#chat-log li.msg.assistant .text").last.inner_text().strip()
    assert page.locator("#chat-error").is_hidden()
