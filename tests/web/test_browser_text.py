"""The landing page, the plan and a plan version in Chromium at desktop (1366 px) and phone
(390 px) width: no sideways scrolling, names and sentences shown, the web app manifest and the
favicon linked, served and read by the browser. ``make screenshots`` keeps screenshots."""

from __future__ import annotations

import re
from typing import Any

import pytest
from tests.web.conftest import Live, shot

from fitcoach.coach import wording
from fitcoach.coach.plan import StrengthItem
from fitcoach.services import plans

WIDTHS = (1366, 390)
SLUG = re.compile(r"\b[a-z]+(?:-[a-z]+){2,}\b")  # barbell-bench-press, not "read-only"


@pytest.fixture(scope="module")
def swap(live: Live) -> tuple[int, str, str]:
    """A coach's proposal that swaps the first lift of the third session: (version, the old
    exercise's name, the new one's)."""
    for ctx in live.context():
        plan = plans.current(ctx, live.athlete_id).plan
        assert plan is not None
        session = plan.sessions()[2]
        lift = next(i for i in session.items if isinstance(i, StrengthItem))
        to = "dumbbell-bench-press" if lift.exercise != "dumbbell-bench-press" else "push-up"
        result = plans.propose_edit(
            ctx,
            live.athlete_id,
            {"op": "replace_exercise", "session": session.key, "exercise": lift.exercise, "to": to},
            proposed_by="coach",
        )
        assert result.status == "proposed"
        assert result.version is not None
        made = (result.version, wording.exercise_name(lift.exercise), wording.exercise_name(to))
    return made  # after the loop: leaving the context commits


def _no_sideways_scroll(page: Any, where: str) -> None:
    wide, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert wide <= inner, f"{where}: {wide} px wide in a {inner} px window"


def _open(browser: Any, width: int) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    blocked: list[str] = []
    page.on(
        "console",
        lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return context, page, blocked


@pytest.mark.parametrize("width", WIDTHS)
def test_landing_plan_and_version_pages_read_well(
    browser: Any, live: Live, swap: tuple[int, str, str], width: int
) -> None:
    version, old, new = swap
    context, page, blocked = _open(browser, width)
    try:
        # Nobody signed in: what fitcoach is, and the sign-in right there.
        page.goto(f"{live.url}/")
        assert page.locator("h1").inner_text() == "fitcoach"
        assert page.locator("#sign-in form").is_visible()
        shot(page, f"intro-{width}")
        _no_sideways_scroll(page, f"intro at {width}")
        _check_icons_and_manifest(context, page, live)

        page.fill("#sign-in input[name=email]", live.email)
        page.fill("#sign-in input[name=password]", live.password)
        page.click("#sign-in button[type=submit]")
        page.wait_for_selector("#home-week")
        assert page.url.rstrip("/") == live.url
        strip = page.locator("#home-week .week-strip li")
        assert strip.count() == 7
        assert "today" in page.locator("#home-week li.today").inner_text()
        today = page.locator("#home-today").inner_text()
        assert not SLUG.search(today), today
        shot(page, f"home-{width}")
        _no_sideways_scroll(page, f"home at {width}")

        page.goto(f"{live.url}/athletes/{live.athlete_id}/plan")
        proposal = page.locator(f"#proposal-{version}").inner_text()
        assert f"{old} → {new}" in proposal, proposal
        assert "because your coach asked" in proposal
        assert not SLUG.search(page.locator("main").inner_text())
        assert not re.search(r"\bw\d+s\d+\b", page.locator("main").inner_text())
        shot(page, f"text-plan-{width}")
        _no_sideways_scroll(page, f"plan at {width}")

        page.goto(f"{live.url}/athletes/{live.athlete_id}/plan/versions/{version}")
        changes = page.locator("ul.changes").inner_text()
        assert f"{old} → {new}" in changes
        assert "because your coach asked" in changes
        assert not SLUG.search(page.locator("main").inner_text())
        shot(page, f"text-plan-version-{width}")
        _no_sideways_scroll(page, f"plan version at {width}")
    finally:
        context.close()
    assert not blocked, blocked


def _check_icons_and_manifest(context: Any, page: Any, live: Live) -> None:
    """The page links a manifest and icons, the server serves them, and Chromium reads the
    manifest without errors (what "Install app" / "Add to Home screen" uses)."""
    manifest_href = page.locator('link[rel="manifest"]').get_attribute("href")
    icon_href = page.locator('link[rel="icon"][type="image/svg+xml"]').get_attribute("href")
    touch_href = page.locator('link[rel="apple-touch-icon"]').get_attribute("href")
    assert manifest_href == "/manifest.webmanifest"
    for href, kind in ((manifest_href, "application/manifest+json"), (icon_href, "image/svg+xml"),
                       (touch_href, "image/png"), ("/favicon.ico", "image/png")):  # fmt: skip
        served = page.request.get(f"{live.url}{href}")
        assert served.status == 200, href
        assert served.headers["content-type"].startswith(kind), (href, served.headers)
    cdp = context.new_cdp_session(page)
    read = cdp.send("Page.getAppManifest")
    assert read["url"].endswith("/manifest.webmanifest")
    assert read["errors"] == [], read["errors"]
    assert '"display": "standalone"' in read["data"]
