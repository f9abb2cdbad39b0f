"""A first hour in Chromium, at 1366 and 390 px: sign up, answer the first-run steps, see
today's session; no page of it scrolls sideways, and at 390 px every control is a 44 px
target (the layout test's checks). Screenshots of each page go to test-output/screenshots."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from tests.web.conftest import PASSWORD, Live, shot
from tests.web.test_browser_layout import MIN_TARGET_PX, OVERFLOW_JS, SCROLLED_JS, TARGETS_JS

from fitcoach.core.domain import Role
from fitcoach.services import accounts, athletes, invitations, plans


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
        "body": lambda: (
            page.fill("input[name=height_cm]", "5 ft 10"),
            page.fill("input[name=weight_kg]", "176"),
            page.check("input[name=sex][value=male]"),
        ),
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


@pytest.fixture
def invite_only(open_signup: Live) -> Iterator[Live]:
    """The module's server with sign-up by invitation, for one test."""
    app = open_signup.app
    before = app.state.settings
    app.state.settings = before.model_copy(update={"signup": "invite"})
    yield open_signup
    app.state.settings = before


@pytest.mark.parametrize("width", [1366, 390])
def test_an_admin_invites_and_the_invited_person_signs_up(
    browser: Any, invite_only: Live, width: int
) -> None:
    """Sign-up by invitation in Chromium: an admin makes one on the Invitations page, the
    person opens its link in a browser of their own, signs up with the code filled in, and
    starts the first-run steps; the invitation is then used. Every page fits the width."""
    live = invite_only
    admin, email = f"invites-{width}@example.org", f"invited-{width}@example.org"
    for ctx in live.context():
        staff = athletes.create_staff_account(ctx, admin, "Ida Admin", Role.admin)
        accounts.set_password(ctx, staff, PASSWORD)
    problems: list[str] = []
    contexts = [browser.new_context(viewport={"width": width, "height": 900}) for _ in "ab"]
    try:
        page, guest = (c.new_page() for c in contexts)
        page.goto(f"{live.url}/login")
        assert "Sign up with your invitation code" in page.inner_text("#signup-offer")
        page.fill("input[name=email]", admin)
        page.fill("input[name=password]", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(re.compile(r".*/(coach|admin)$"))
        page.goto(f"{live.url}/invitations")
        page.fill("#new-invitation input[name=note]", "Robin")
        page.fill("#new-invitation input[name=days]", "3")
        page.click("#new-invitation button[type=submit]")
        link = page.inner_text("#invite-link").strip()
        code = page.inner_text("#invite-code").strip()
        assert urlsplit(link).query == f"invite={code}"
        problems += _fits(page, width, "invitations")
        # The list, with each invitation's state and its Revoke button, read without a swipe.
        assert page.locator("#invitations tbody tr").count() >= 1
        assert page.evaluate(SCROLLED_JS, "main .scroll") == []
        shot(page, f"invitation-made-{width}")

        target = urlsplit(link)
        guest.goto(f"{live.url}{target.path}?{target.query}")
        assert "by invitation" in guest.inner_text("#signup")
        assert guest.input_value("input[name=invite]") == code
        problems += _fits(guest, width, "sign-up by invitation")
        guest.fill("input[name=name]", "Robin Invited")
        guest.fill("input[name=email]", email)
        guest.fill("input[name=password]", PASSWORD)
        guest.fill("input[name=repeat]", PASSWORD)
        guest.fill("input[name=birth_date]", "1992-06-15")
        shot(guest, f"signup-invited-{width}")
        guest.click("#signup-form button[type=submit]")
        guest.wait_for_url(re.compile(r".*/welcome/goals$"))
        problems += _fits(guest, width, "first step")
    finally:
        for context in contexts:
            context.close()
    for ctx in live.context():  # the operator's view: every invitation
        used = [i for i in invitations.list_invitations(ctx) if i.used_by == email]
        assert [(i.state, i.note, i.created_by) for i in used] == [("used", "Robin", admin)]
    assert not problems, "\n".join(problems)
