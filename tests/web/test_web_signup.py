"""Sign-up on the web (open, by invitation, off), the invitations, and the first-run steps that
end with the first plan."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.conftest import Database
from tests.fixtures.tables import row_counts
from tests.web.conftest import PASSWORD, login

from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import ConsentPurpose, Role
from fitcoach.core.settings import Settings
from fitcoach.interfaces.api.app import create_app
from fitcoach.interfaces.api.sessions import LOGIN_CSRF_COOKIE, SESSION_COOKIE
from fitcoach.services import accounts, athletes, consent, invitations, nutrition, plans
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.models import Account

FORM_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
META_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
STEPS = ("goals", "week", "equipment", "health", "units", "body")


@dataclass
class Installation:
    """An app over the test database with one sign-up mode, and an operator context."""

    client: TestClient
    ctx: ServiceContext
    clock: FixedClock

    def new_client(self) -> TestClient:
        return TestClient(self.client.app)

    def accounts(self) -> int:
        self.ctx.session.rollback()  # see what the app committed
        return row_counts(self.ctx.session)["accounts"]


@pytest.fixture
def install(database: Database, clock: FixedClock) -> Iterator[Callable[..., Installation]]:
    session = database.factory()
    ctx = ServiceContext(session=session, subject=Subject.system(), clock=clock)
    opened: list[TestClient] = []

    def make(mode: str, **settings: Any) -> Installation:
        app = create_app(
            Settings(database_url=database.url, signup=mode, _env_file=None, **settings)  # type: ignore[call-arg]
        )
        app.state.clock = clock
        client = TestClient(app)
        client.__enter__()
        opened.append(client)
        return Installation(client, ctx, clock)

    yield make
    for client in opened:
        client.__exit__(None, None, None)
    session.rollback()
    session.close()


def form(**changes: Any) -> dict[str, Any]:
    """A good sign-up form, with ``changes``."""
    values: dict[str, Any] = {
        "name": "Robin Lifter",
        "email": "robin@example.org",
        "password": PASSWORD,
        "repeat": PASSWORD,
        "birth_date": "1994-03-09",
        "timezone": "Europe/Madrid",
        "consent": ["training_logs", "sensor_data", "coach_sharing"],
    }
    values.update(changes)
    return values


def sign_up(client: TestClient, data: dict[str, Any], query: str = "") -> Any:
    """Fill in the sign-up form as a browser does (its CSRF cookie and field included)."""
    page = client.get(f"/signup{query}")
    match = FORM_CSRF.search(page.text)
    assert match, page.text[:500]
    return client.post(
        "/signup", data={**data, "csrf_token": match.group(1)}, follow_redirects=False
    )


def post_step(client: TestClient, step: str, data: dict[str, Any]) -> Any:
    page = client.get(f"/welcome/{step}")
    assert page.status_code == 200, page.text[:500]
    token = META_CSRF.search(page.text)
    assert token
    return client.post(
        f"/welcome/{step}", data={**data, "csrf_token": token.group(1)}, follow_redirects=False
    )


def athlete_of(site: Installation, email: str) -> Any:
    site.ctx.session.rollback()
    athlete_id = accounts.athlete_by_email(site.ctx, email)
    assert athlete_id is not None
    return athletes.get_athlete(site.ctx, athlete_id)


# --------------------------------------------------------------------------- open sign-up


def test_open_sign_up_makes_the_athlete_and_signs_them_in(
    install: Callable[..., Installation],
) -> None:
    site = install("open")
    response = sign_up(site.client, form(email="Robin@Example.org"))
    assert response.status_code == 303, response.text[:500]
    assert response.headers["location"] == "/welcome"
    assert SESSION_COOKIE in site.client.cookies
    athlete = athlete_of(site, "robin@example.org")  # stored lower-case
    assert athlete.name == "Robin Lifter"
    assert athlete.timezone == "Europe/Madrid"
    assert athlete.profile.birth_date == date(1994, 3, 9)
    account = site.ctx.session.get(Account, accounts.account_for(site.ctx, str(athlete.id)).id)
    assert account is not None
    assert account.role == Role.athlete
    assert account.password_hash is not None
    assert account.password_hash.startswith("$argon2id$")
    assert PASSWORD not in account.password_hash
    states = {s.purpose: s for s in consent.current(site.ctx, athlete.id)}
    assert {p for p, s in states.items() if s.granted} == consent.ONBOARDING_GRANTS
    assert all(s.source == consent.SOURCE_ONBOARDING for s in states.values())
    assert states[ConsentPurpose.model_training].at is not None  # decided: not granted
    # Signed in: the first-run steps open, and the same password signs in again.
    assert site.client.get("/welcome", follow_redirects=False).headers["location"] == (
        "/welcome/goals"
    )
    assert login(site.new_client(), "robin@example.org", PASSWORD).status_code == 303


@pytest.mark.parametrize(
    ("languages", "units"),
    [
        ("en-US,en;q=0.9", "imperial"),
        ("en-GB,en;q=0.9", "metric"),
        ("de-DE,de;q=0.9,en-US;q=0.8", "metric"),
        ("fr;q=0.5, en-US;q=0.9", "imperial"),
        (None, "metric"),
    ],
)
def test_units_start_from_the_browsers_language(
    install: Callable[..., Installation], languages: str | None, units: str
) -> None:
    """Issue 60: an en-US browser started in metric. The first preferred language decides
    where to start (US, Liberia, Myanmar: imperial); the units step shows it, to change."""
    site = install("open")
    if languages is not None:
        site.client.headers["Accept-Language"] = languages
    assert sign_up(site.client, form()).status_code == 303
    assert athlete_of(site, "robin@example.org").profile.units == units
    step = site.client.get("/welcome/units")
    assert re.search(rf'value="{units}"[^>]*checked', step.text), step.text[:2000]


def test_the_consent_choices_are_recorded_as_ticked(install: Callable[..., Installation]) -> None:
    site = install("open")
    page = site.client.get("/signup")
    shown = html.unescape(page.text)
    for text in consent.consent_text().purposes.values():  # the texts the bot's onboarding uses
        assert text in shown
    assert 'value="model_training" >' in page.text  # not ticked before the person ticks it
    response = sign_up(site.client, form(consent=["training_logs", "model_training"]))
    assert response.status_code == 303
    athlete = athlete_of(site, "robin@example.org")
    granted = {s.purpose for s in consent.current(site.ctx, athlete.id) if s.granted}
    assert granted == {ConsentPurpose.training_logs, ConsentPurpose.model_training}


def test_bad_inputs_are_named_beside_their_fields_and_nothing_is_stored(
    install: Callable[..., Installation],
) -> None:
    site = install("open")
    before = site.accounts()
    response = sign_up(
        site.client,
        form(name="  ", email="robin-at-example", password="short", repeat="short", birth_date=""),
    )
    assert response.status_code == 422
    text = response.text
    assert "name: tell us what to call you" in text
    assert "e-mail: write an address like name@example.org" in text
    assert f"password: at least {accounts.MIN_PASSWORD_LENGTH} characters (got 5)" in text
    assert "birth date: needed to check you are 16 or over" in text
    assert 'value="robin-at-example"' in text  # what was typed stays, never the password
    assert "short" not in re.findall(r'value="([^"]*)"', text)
    assert SESSION_COOKIE not in site.client.cookies
    differ = sign_up(site.client, form(repeat=PASSWORD + "!"))
    assert differ.status_code == 422
    assert "repeat the password: the two passwords differ" in differ.text
    assert site.accounts() == before


def test_under_16_is_refused_with_the_schemas_reason(install: Callable[..., Installation]) -> None:
    site = install("open")
    today = site.clock.now().date()
    fifteen = today.replace(year=today.year - 15)
    before = site.accounts()
    response = sign_up(site.client, form(birth_date=fifteen.isoformat()))
    assert response.status_code == 422
    assert "plans are for people aged 16 and over" in response.text
    assert "makes you 15" in response.text
    assert site.accounts() == before
    sixteen = today.replace(year=today.year - 16)
    assert sign_up(site.client, form(birth_date=sixteen.isoformat())).status_code == 303


def test_an_email_with_an_account_is_refused(install: Callable[..., Installation]) -> None:
    site = install("open")
    assert sign_up(site.client, form()).status_code == 303
    before = site.accounts()
    again = sign_up(site.new_client(), form(email="ROBIN@example.org", name="Someone Else"))
    assert again.status_code == 409
    assert "an account with this e-mail exists already; sign in instead" in again.text
    assert site.accounts() == before


def test_the_form_needs_its_csrf_cookie(install: Callable[..., Installation]) -> None:
    site = install("open")
    before = site.accounts()
    forged = site.client.post("/signup", data={**form(), "csrf_token": "forged"})
    assert forged.status_code == 403
    other = site.new_client()
    token = FORM_CSRF.search(other.get("/signup").text)
    assert token
    stolen = site.new_client().post("/signup", data={**form(), "csrf_token": token.group(1)})
    assert stolen.status_code == 403  # the field alone, without its cookie
    assert site.accounts() == before


def test_sign_ups_are_rate_limited_per_address(install: Callable[..., Installation]) -> None:
    site = install("open", login_max_failures=2)
    assert sign_up(site.client, form(email="a@example.org")).status_code == 303
    assert sign_up(site.new_client(), form(email="b@example.org")).status_code == 303
    refused = sign_up(site.new_client(), form(email="c@example.org"))
    assert refused.status_code == 429
    assert "too many" in refused.text
    assert "sign-up" in refused.text
    assert int(refused.headers["Retry-After"]) >= 1
    site.ctx.session.rollback()
    assert accounts.athlete_by_email(site.ctx, "c@example.org") is None
    # Sign-in from the same address is counted apart.
    assert login(site.new_client(), "a@example.org", PASSWORD).status_code == 303


# --------------------------------------------------------------------------- modes


def test_sign_up_off_says_whom_to_ask(install: Callable[..., Installation]) -> None:
    site = install("off", signup_contact="coach Maria (maria@example.org)")
    page = site.client.get("/signup")
    assert page.status_code == 200
    assert "Sign-up is closed here" in page.text
    assert "Ask coach Maria (maria@example.org) for one" in page.text
    assert 'name="password"' not in page.text
    before = site.accounts()
    # A form made while sign-up was open, sent once it is off, is refused too.
    opened = install("open").client
    token = FORM_CSRF.search(opened.get("/signup").text)
    assert token
    site.client.cookies.set(LOGIN_CSRF_COOKIE, opened.cookies[LOGIN_CSRF_COOKIE])
    refused = site.client.post("/signup", data={**form(), "csrf_token": token.group(1)})
    assert refused.status_code == 403
    assert "Sign-up is closed here" in refused.text
    assert site.accounts() == before
    login_page = site.client.get("/login").text
    assert 'href="/signup"' not in login_page
    assert "Ask coach Maria (maria@example.org)" in login_page


def test_the_sign_in_pages_offer_sign_up_by_mode(install: Callable[..., Installation]) -> None:
    opened = install("open").client
    for path in ("/login", "/"):
        text = opened.get(path, headers={"accept": "text/html"}).text
        assert 'href="/signup"' in text, path
        assert "Create an account" in text, path
        assert "they set one on the admin page" not in text
    invited = install("invite").client.get("/login").text
    assert "Sign up with your invitation code" in invited
    assert "No password yet, or forgotten it? Ask the administrator to set one." in invited


def test_invite_mode_needs_a_valid_unused_code(install: Callable[..., Installation]) -> None:
    site = install("invite")
    page = site.client.get("/signup")
    assert 'name="invite"' in page.text
    assert "by invitation" in page.text
    before = site.accounts()
    missing = sign_up(site.client, form())
    assert missing.status_code == 422
    assert "invitation code: sign-up here is by invitation" in missing.text
    wrong = sign_up(site.client, form(invite="AAAA-BBBB-CCCC-DDDD"))
    assert wrong.status_code == 422
    assert "invitation code: not a valid code" in wrong.text
    assert site.accounts() == before

    issued = invitations.create_invitation(site.ctx, note="Robin", days=3)
    site.ctx.session.commit()
    code = issued.code
    prefilled = site.client.get(f"/signup?invite={code}")
    assert f'value="{code}"' in prefilled.text
    typed = code.replace("-", " ").lower()  # as someone might type it
    assert sign_up(site.client, form(invite=typed)).status_code == 303
    used = sign_up(site.new_client(), form(email="second@example.org", invite=code))
    assert used.status_code == 422
    assert "this invitation code has been used already; each works once" in used.text
    site.ctx.session.rollback()
    listed = {i.id: i for i in invitations.list_invitations(site.ctx)}
    assert listed[issued.info.id].state == "used"
    assert listed[issued.info.id].used_by == "robin@example.org"


def test_expired_and_revoked_codes_are_refused(install: Callable[..., Installation]) -> None:
    site = install("invite")
    late = invitations.create_invitation(site.ctx, days=1)
    withdrawn = invitations.create_invitation(site.ctx, days=7)
    invitations.revoke_invitation(site.ctx, withdrawn.info.id)
    site.ctx.session.commit()
    assert "has been withdrawn" in sign_up(site.client, form(invite=withdrawn.code)).text
    site.clock.set(site.clock.now() + timedelta(days=1, seconds=1))
    expired = sign_up(site.client, form(invite=late.code))
    assert expired.status_code == 422
    assert "this invitation code has expired; ask whoever invited you for a new one" in (
        expired.text
    )
    site.ctx.session.rollback()
    assert accounts.athlete_by_email(site.ctx, "robin@example.org") is None


def test_wrong_codes_count_against_the_address(install: Callable[..., Installation]) -> None:
    site = install("invite", login_max_failures=3)
    good = invitations.create_invitation(site.ctx)
    site.ctx.session.commit()
    for n in range(3):
        assert sign_up(site.client, form(invite=f"WRONG-CODE-{n}")).status_code == 422
    refused = sign_up(site.client, form(invite=good.code))
    assert refused.status_code == 429  # even the right code, once the address used its tries
    site.ctx.session.rollback()
    assert accounts.athlete_by_email(site.ctx, "robin@example.org") is None


def test_codes_checked_from_the_link_count_and_are_limited(
    install: Callable[..., Installation],
) -> None:
    """``/signup?invite=CODE`` checks the code before the form is filled in: each wrong code
    counts against the address like a wrong code on the form, and past the limit no code is
    checked at all (429 with Retry-After, the page says so), not even a good one."""
    site = install("invite", login_max_failures=3)
    good = invitations.create_invitation(site.ctx)
    site.ctx.session.commit()
    assert "Invited by" not in site.client.get(f"/signup?invite={good.code}").text
    for n in range(3):
        page = site.client.get(f"/signup?invite=WRONG-CODE-{n:04d}")
        assert page.status_code == 200
        assert "invitation code: not a valid code" in page.text
    refused = site.client.get(f"/signup?invite={good.code}")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "too many failed sign-up attempts" in refused.text
    assert sign_up(site.client, form(invite=good.code)).status_code == 429
    site.ctx.session.rollback()
    assert accounts.athlete_by_email(site.ctx, "robin@example.org") is None


def test_a_coachs_invitation_links_the_athlete_who_shares(
    install: Callable[..., Installation],
) -> None:
    site = install("invite")
    coach_id = athletes.create_staff_account(site.ctx, "coach@example.org", "Coach", Role.coach)
    as_coach = ServiceContext(
        session=site.ctx.session, subject=Subject(coach_id, Role.coach), clock=site.clock
    )
    sharing = invitations.create_invitation(as_coach, note="shares")
    private = invitations.create_invitation(as_coach, note="keeps to themself")
    site.ctx.session.commit()
    page = site.client.get(f"/signup?invite={sharing.code}")
    assert "Invited by your coach, Coach:" in page.text
    assert "coach@example.org" not in page.text  # a name at most, never the e-mail
    assert sign_up(site.client, form(invite=sharing.code)).status_code == 303
    keeps = form(email="private@example.org", invite=private.code, consent=["training_logs"])
    assert sign_up(site.new_client(), keeps).status_code == 303
    site.ctx.session.rollback()
    seen = {a.email for a in athletes.list_athletes(as_coach)}
    assert seen == {"robin@example.org"}
    assert {i.state for i in invitations.list_invitations(as_coach)} == {"used"}


# --------------------------------------------------------------------------- invitations page


def _staff(site: Installation, email: str, role: Role) -> TestClient:
    account_id = athletes.create_staff_account(site.ctx, email, email.split("@")[0], role)
    accounts.set_password(site.ctx, account_id, PASSWORD)
    site.ctx.session.commit()
    client = site.new_client()
    assert login(client, email, PASSWORD).status_code == 303
    return client


def test_admins_and_coaches_make_and_revoke_invitations_on_the_web(
    install: Callable[..., Installation],
) -> None:
    site = install("invite")
    admin = _staff(site, "root@example.org", Role.admin)
    page = admin.get("/invitations")
    assert page.status_code == 200
    token = META_CSRF.search(page.text)
    assert token
    made = admin.post(
        "/invitations", data={"csrf_token": token.group(1), "note": "Sam", "days": "3"}
    )
    assert made.status_code == 200
    assert made.headers["Cache-Control"] == "no-store"
    code = re.search(r'id="invite-code">([A-Z0-9-]+)<', made.text)
    assert code is not None
    assert f"/signup?invite={code.group(1)}" in made.text
    # Listed by its first characters only, never the code again.
    listed = admin.get("/invitations").text
    assert code.group(1) not in listed
    assert code.group(1)[:4] + "…" in listed
    assert '<td data-label="for">Sam</td>' in listed
    bad = admin.post("/invitations", data={"csrf_token": token.group(1), "days": "365"})
    assert bad.status_code == 422
    assert "days: an invitation lasts 1 to 90 days" in bad.text
    forged = admin.post("/invitations", data={"csrf_token": "forged", "days": "3"})
    assert forged.status_code == 403
    # A coach sees their own invitations only; an athlete none.
    coach = _staff(site, "coach@example.org", Role.coach)
    coach_page = coach.get("/invitations").text
    assert '<td data-label="for">Sam</td>' not in coach_page
    assert "None yet." in coach_page
    assert sign_up(site.new_client(), form(), query="").status_code == 422  # needs the code
    athlete = site.new_client()
    assert sign_up(athlete, form(invite=code.group(1))).status_code == 303
    assert athlete.get("/invitations").status_code == 403
    site.ctx.session.rollback()
    info = next(i for i in invitations.list_invitations(site.ctx) if i.note == "Sam")
    assert info.state == "used"
    other = invitations.create_invitation(site.ctx, note="Alex")
    site.ctx.session.commit()
    revoked = admin.post(
        f"/invitations/{other.info.id}/revoke",
        data={"csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert revoked.status_code == 303
    site.ctx.session.rollback()
    assert next(i for i in invitations.list_invitations(site.ctx) if i.note == "Alex").state == (
        "revoked"
    )


# --------------------------------------------------------------------------- first-run steps


def test_the_first_run_steps_end_with_the_first_plan_and_todays_page(
    install: Callable[..., Installation],
) -> None:
    site = install("open")
    client = site.client
    assert sign_up(client, form()).status_code == 303
    answers: dict[str, dict[str, Any]] = {
        "goals": {"goals": ["strength", "hypertrophy"], "experience_level": "intermediate"},
        "week": {"days_per_week": "4", "session_minutes": "75"},
        "equipment": {"preset": "home_gym"},
        "health": {"injuries": ["knee"], "conditions": ["asthma"]},
        "units": {"units": "imperial"},
        "body": {"height_cm": "5 ft 10", "weight_kg": "176", "sex": "male"},
    }
    for index, step in enumerate(STEPS):
        if step == "body":  # after the units step: asked in the athlete's units
            body = client.get("/welcome/body")
            assert "Height (e.g. 5 ft 10)" in body.text
            assert "Weight (lb)" in body.text
            assert "height_cm" not in re.sub(r'name="height_cm"', "", body.text)
        response = post_step(client, step, answers[step])
        assert response.status_code == 303, (step, response.text[:800])
        if index + 1 < len(STEPS):
            assert response.headers["location"] == f"/welcome/{STEPS[index + 1]}"
    assert response.headers["location"] == "/?welcome=1"
    athlete = athlete_of(site, "robin@example.org")
    profile = athlete.profile
    assert profile.goals == ["strength", "hypertrophy"]
    assert profile.experience_level == "intermediate"
    assert (profile.days_per_week, profile.session_minutes) == (4, 75)
    assert "barbell" in profile.equipment
    assert "squat_rack" in profile.equipment
    assert [i["region"] for i in profile.injuries] == ["knee"]
    assert profile.conditions == ["asthma"]
    assert profile.units == "imperial"
    assert profile.plates is not None
    assert profile.plates.unit == "lb"
    assert profile.height_cm == pytest.approx(177.8, abs=0.1)
    assert profile.weight_kg == pytest.approx(79.8, abs=0.1)
    assert profile.sex == "male"
    assert nutrition.targets(site.ctx, athlete.id).kcal > 0  # nutrition is not blocked
    plan = plans.current(site.ctx, athlete.id)
    assert plan.status == "active"
    assert plan.plan is not None
    assert plan.plan.days_per_week == 4
    today = client.get("/", headers={"accept": "text/html"})
    assert today.status_code == 200
    assert 'id="home-today"' in today.text
    assert "has no active plan" not in today.text
    # Signing in again goes to today's page, not back to the steps.
    again = site.new_client()
    login(again, "robin@example.org", PASSWORD)
    assert again.get("/app", follow_redirects=False).headers["location"] == (
        f"/athletes/{athlete.id}"
    )


def test_a_bad_step_is_named_and_not_saved(install: Callable[..., Installation]) -> None:
    site = install("open")
    assert sign_up(site.client, form()).status_code == 303
    empty = post_step(site.client, "goals", {"experience_level": "intermediate"})
    assert empty.status_code == 422
    assert "goals: pick at least one" in empty.text
    too_many = post_step(site.client, "week", {"days_per_week": "9", "session_minutes": "5"})
    assert too_many.status_code == 422
    assert "days per week: Input should be less than or equal to 7" in too_many.text
    assert "session minutes: Input should be greater than or equal to 10" in too_many.text
    unknown = post_step(site.client, "equipment", {"preset": "custom", "equipment": ["anvil"]})
    assert unknown.status_code == 422
    assert "unknown equipment ['anvil']" in html.unescape(unknown.text)
    tall = post_step(site.client, "body", {"height_cm": "9 ft 2", "weight_kg": "70"})
    assert tall.status_code == 422
    assert "height:" in tall.text
    assert "height_cm" not in re.sub(r'name="height_cm"', "", tall.text)
    units = post_step(site.client, "units", {"units": "furlongs"})
    assert units.status_code == 422
    assert "units:" in units.text
    profile = athlete_of(site, "robin@example.org").profile
    assert profile.experience_level == "beginner"
    assert profile.days_per_week == 3
    assert profile.units == "metric"
    assert site.client.get("/welcome/nowhere").status_code == 404


def test_signing_in_without_a_plan_leads_to_the_steps_and_today_offers_them(
    install: Callable[..., Installation],
) -> None:
    site = install("off")
    made = athletes.create_athlete(site.ctx, {"name": "Kim", "email": "kim@example.org"})
    accounts.set_password(site.ctx, accounts.account_for(site.ctx, str(made.id)).id, PASSWORD)
    site.ctx.session.commit()
    client = site.new_client()
    assert login(client, "kim@example.org", PASSWORD).headers["location"] == "/app"
    assert client.get("/app", follow_redirects=False).headers["location"] == "/welcome"
    today = client.get("/", headers={"accept": "text/html"}).text
    assert 'href="/welcome" id="home-first-plan"' in today
    assert "No plan yet" in today
    assert "generate one first" not in today
