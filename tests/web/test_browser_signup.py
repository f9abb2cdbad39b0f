"""A first hour in Chromium, at 1366 and 390 px: sign up, answer the first-run steps, see
today's session; no page of it scrolls sideways, and at 390 px every control is a 44 px
target (the layout test's checks). Screenshots of each page go to test-output/screenshots."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from tests.web.conftest import PASSWORD, Live, shot
from tests.web.test_browser_layout import MIN_TARGET_PX, OVERFLOW_JS, TARGETS_JS

from fitcoach.services import accounts, plans


@pytest.fixture(scope="module")
def open_signup(live: Live) -> Iterator[Live]:
    """The module's server with sign-up open (the settings are read on every request)."""
    app = live.app
    before = app.state.settings
    app.state.settings = before.model_copy(update={"signup": "open"})
    yield live
    app.state.settings = before


def _fits(page: Any, width: int, where: str) -> list[str]:
    problems = []
    if (wide := page.evaluate(OVERFLOW_JS)) is not None:
        problems.append(f"{where} at {width}px scrolls sideways: {wide}")
    if width < 500:
        problems.extend(
            f"{where} at {width}px: small target {s}"
            for s in page.evaluate(TARGETS_JS, MIN_TARGET_PX)
        )
    return problems


@pytest.mark.parametrize("width", [1366, 390])
def test_sign_up_answer_the_steps_and_see_todays_session(
    page: Any, open_signup: Live, width: int
) -> None:
    live = open_signup
    email = f"first-hour-{width}@example.org"
    page.set_viewport_size({"width": width, "height": 900})
    problems: list[str] = []
    page.goto(f"{live.url}/login")
    page.click("#signup-offer a")
    page.wait_for_url(re.compile(r".*/signup$"))
    problems += _fits(page, width, "sign-up")
    page.fill("input[name=name]", "Sam First")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=repeat]", "not the same password")
    page.fill("input[name=birth_date]", "1990-04-02")
    page.click("#signup-form button[type=submit]")
    assert "the two passwords differ" in page.inner_text("#signup")  # said beside the field
    assert page.input_value("input[name=email]") == email  # what was typed stays
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=repeat]", PASSWORD)
    page.check("input[name=consent][value=model_training]")
    shot(page, f"signup-form-{width}")
    page.click("#signup-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/welcome/goals$"))

    steps = {
        "goals": lambda: (
            page.check("input[name=goals][value=strength]"),
            page.uncheck("input[name=goals][value=general_fitness]"),
            page.check("input[name=experience_level][value=intermediate]"),
        ),
        "week": lambda: (
            page.fill("input[name=days_per_week]", "3"),
            page.fill("input[name=session_minutes]", "60"),
        ),
        "equipment": lambda: page.check("input[name=preset][value=full_gym]"),
        "health": lambda: page.check("input[name=injuries][value=shoulder]"),
        "units": lambda: page.check("input[name=units][value=imperial]"),
    }
    for key, answer in steps.items():
        page.wait_for_url(re.compile(rf".*/welcome/{key}$"))
        problems += _fits(page, width, f"step {key}")
        answer()
        shot(page, f"welcome-{key}-{width}")
        page.click("#welcome-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/\?welcome=1$"))
    today = page.inner_text("#home-today")
    assert "Today's session" in today
    assert "no active plan" not in today
    assert "Build my first plan" not in today
    problems += _fits(page, width, "today")
    shot(page, f"first-today-{width}")

    for ctx in live.context():
        athlete_id = accounts.athlete_by_email(ctx, email)
        assert athlete_id is not None
        view = plans.current(ctx, athlete_id)
        assert view.status == "active"
        assert view.plan is not None
        assert view.plan.days_per_week == 3
    assert not problems, "\n".join(problems)
