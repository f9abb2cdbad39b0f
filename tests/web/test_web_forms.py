"""What the web refers to can be done in the web, and a bad field keeps the others' values:
generating a plan, resolving a red flag, the profile, API tokens and the password, the
check-in and the admin's forms. SQLite and PostgreSQL."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient
from tests.factories import make_athlete
from tests.fixtures.tables import row_counts
from tests.web.conftest import CSRF_META, PASSWORD, Site, login

from fitcoach.core.domain import Role, TokenKind
from fitcoach.services import accounts, athletes, health, plans, training_log


def _signed_in(site: Site, email: str) -> tuple[TestClient, str]:
    site.account(email)
    client = TestClient(site.client.app)
    assert login(client, email, PASSWORD).status_code == 303
    match = CSRF_META.search(client.get("/account").text)
    assert match
    return client, match.group(1)


# --- generating a plan ----------------------------------------------------------------------


def test_an_athlete_without_a_plan_generates_one(site: Site) -> None:
    fresh = make_athlete(site.ctx)
    site.ctx.session.commit()
    client, csrf = _signed_in(site, fresh.email)
    page = client.get(f"/athletes/{fresh.id}/plan")
    assert "No plan yet: generate one here." in page.text
    assert "generate one first" not in page.text  # no pointer to somewhere else
    assert 'id="generate-form"' in page.text
    dashboard = client.get(f"/athletes/{fresh.id}")
    assert f'href="/athletes/{fresh.id}/plan#generate-form"' in dashboard.text
    before = row_counts(site.ctx.session)
    bad = client.post(
        f"/athletes/{fresh.id}/plan/generate",
        data={"csrf_token": csrf, "weeks": "forty", "start": "2026-11-23"},
    )
    assert bad.status_code == 422
    assert "weeks: a whole number from 1 to 12" in bad.text
    assert 'value="forty"' in bad.text  # what was typed stays
    assert 'value="2026-11-23"' in bad.text  # and the other field too
    site.ctx.session.rollback()
    assert row_counts(site.ctx.session) == before
    done = client.post(
        f"/athletes/{fresh.id}/plan/generate",
        data={"csrf_token": csrf, "weeks": "6", "start": "2026-11-23"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"].endswith("done=generated")
    site.ctx.session.rollback()
    current = plans.current(site.ctx, fresh.id)
    assert current.plan is not None
    assert len(current.plan.weeks) == 6
    assert str(current.plan.start) == "2026-11-23"
    assert current.verdict.status in ("ok", "repaired")  # through the safety validator


def test_a_new_plan_waits_unless_the_athlete_replaces_theirs(site: Site) -> None:
    path = f"/athletes/{site.athlete_id}/plan/generate"
    csrf = site.csrf()
    form = {"csrf_token": csrf, "weeks": "4", "start": "2026-11-23"}
    waits = site.client.post(path, data=form, follow_redirects=False)
    assert waits.headers["location"].endswith("done=generated_proposed")
    site.ctx.session.rollback()
    newest = max(plans.versions(site.ctx, site.athlete_id), key=lambda v: v.version or 0)
    assert newest.status == "proposed"
    now = site.client.post(path, data={**form, "replace": "1"}, follow_redirects=False)
    assert now.headers["location"].endswith("done=generated")
    site.ctx.session.rollback()
    assert plans.current(site.ctx, site.athlete_id).version == 3


def test_a_coachs_generated_plan_always_waits(site: Site) -> None:
    coach_id = athletes.create_staff_account(site.ctx, "gen-coach@example.org", "G", Role.coach)
    athletes.link_coach(site.ctx, coach_id, site.athlete_id)
    site.ctx.session.commit()
    coach, csrf = _signed_in(site, "gen-coach@example.org")
    page = coach.get(f"/athletes/{site.athlete_id}/plan")
    assert 'name="replace"' not in page.text  # only the athlete may put it in force at once
    done = coach.post(
        f"/athletes/{site.athlete_id}/plan/generate",
        data={"csrf_token": csrf, "weeks": "4", "start": "2026-11-23", "replace": "1"},
        follow_redirects=False,
    )
    assert done.headers["location"].endswith("done=generated_proposed")
    site.ctx.session.rollback()
    last = max(plans.versions(site.ctx, site.athlete_id), key=lambda v: v.version or 0)
    assert (last.status, last.proposed_by) == ("proposed", "coach")


def test_a_red_flag_blocks_a_new_plan_and_points_to_resolving_it(site: Site) -> None:
    health.raise_flag(site.ctx, site.athlete_id, "chest_pain")
    site.ctx.session.commit()
    before = row_counts(site.ctx.session)
    blocked = site.client.post(
        f"/athletes/{site.athlete_id}/plan/generate",
        data={"csrf_token": site.csrf(), "weeks": "4", "start": "2026-11-23"},
    )
    assert blocked.status_code == 409
    assert "No plan while a red flag is open" in blocked.text
    assert f'href="/athletes/{site.athlete_id}#flags"' in blocked.text
    site.ctx.session.rollback()
    assert row_counts(site.ctx.session) == before


# --- red flags ------------------------------------------------------------------------------


def test_a_too_short_reason_keeps_the_text_and_the_flag(site: Site) -> None:
    flag_id = health.raise_flag(site.ctx, site.athlete_id, "fainting")
    site.ctx.session.commit()
    response = site.client.post(
        f"/athletes/{site.athlete_id}/flags/{flag_id}/resolve",
        data={"csrf_token": site.csrf(), "reason": "ok"},
    )
    assert response.status_code == 422
    assert "at least 3 characters" in response.text
    assert 'value="ok" aria-invalid="true"' in response.text
    assert "Training advice is paused" in response.text  # the dashboard, not an error page
    site.ctx.session.rollback()
    assert health.open_flags(site.ctx, site.athlete_id)[0].id == flag_id


def test_the_coach_page_links_each_open_flag_to_its_form(site: Site) -> None:
    coach_id = athletes.create_staff_account(site.ctx, "flag-coach@example.org", "F", Role.coach)
    athletes.link_coach(site.ctx, coach_id, site.athlete_id)
    health.raise_flag(site.ctx, site.athlete_id, "chest_pain")
    site.ctx.session.commit()
    coach, csrf = _signed_in(site, "flag-coach@example.org")
    assert f'href="/athletes/{site.athlete_id}#flags"' in coach.get("/coach").text
    [flag] = health.open_flags(site.ctx, site.athlete_id)
    done = coach.post(
        f"/athletes/{site.athlete_id}/flags/{flag.id}/resolve",
        data={"csrf_token": csrf, "reason": "cardiologist: cleared to train"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    site.ctx.session.rollback()
    [resolved] = health.list_flags(site.ctx, site.athlete_id, include_cleared=True)
    assert resolved.resolved_by_account_id == coach_id  # who = the signed-in coach


# --- profile --------------------------------------------------------------------------------


def _profile_form(site: Site, **change: str | list[str]) -> dict[str, str | list[str]]:
    page = site.client.get(f"/athletes/{site.athlete_id}/profile").text
    form: dict[str, str | list[str]] = {"csrf_token": site.csrf()}
    for name, value in re.findall(r'<input name="([a-z_0-9-]+)"[^>]*? value="([^"]*)"', page):
        form[name] = value
    for name in ("goals", "equipment", "conditions", "dietary_restrictions"):
        form[name] = re.findall(rf'name="{name}" value="([a-z_]+)" checked', page)
    for name in ("sex", "experience_level", "injury-0-region", "injury-0-severity"):
        chosen = re.search(rf'name="{name}".*?<option value="([^"]*)" selected', page, re.S)
        form[name] = chosen.group(1) if chosen else ""
    form.update(change)
    return form


def test_the_profile_saves_what_changed(site: Site) -> None:
    path = f"/athletes/{site.athlete_id}/profile"
    page = site.client.get(path)
    assert page.status_code == 200
    assert 'name="height_cm" inputmode="decimal" value="168"' in page.text
    form = _profile_form(
        site,
        session_minutes="45",
        dislikes="mushrooms, tuna",
        dietary_restrictions=["vegetarian"],
        **{"injury-0-region": "knee", "injury-0-severity": "mild", "injury-0-note": "jumper's"},
    )
    done = site.client.post(path, data=form, follow_redirects=False)
    assert done.status_code == 303, done.text[:2000]
    site.ctx.session.rollback()
    profile = athletes.get_athlete(site.ctx, site.athlete_id).profile
    assert profile is not None
    assert profile.session_minutes == 45
    assert profile.dislikes == ["mushrooms", "tuna"]
    assert profile.dietary_restrictions == ["vegetarian"]
    assert [(i["region"], i.get("severity")) for i in profile.injuries] == [("knee", "mild")]
    assert profile.height_cm == 168  # untouched


def test_a_bad_profile_field_keeps_every_value_typed(site: Site) -> None:
    path = f"/athletes/{site.athlete_id}/profile"
    before = row_counts(site.ctx.session)
    form = _profile_form(site, height_cm="tall", weight_kg="66.5", dislikes="okra")
    response = site.client.post(path, data=form)
    assert response.status_code == 422
    assert "nothing was saved" in response.text
    assert 'name="height_cm" inputmode="decimal" value="tall" aria-invalid="true"' in response.text
    assert 'value="66.5"' in response.text
    assert 'value="okra"' in response.text
    site.ctx.session.rollback()
    assert row_counts(site.ctx.session) == before
    profile = athletes.get_athlete(site.ctx, site.athlete_id).profile
    assert profile is not None
    assert profile.dislikes == []


def test_a_birth_date_under_16_years_back_is_refused_with_the_schemas_reason(site: Site) -> None:
    path = f"/athletes/{site.athlete_id}/profile"
    today = site.clock.now().date()
    young = today.replace(year=today.year - 5).isoformat()
    response = site.client.post(path, data=_profile_form(site, birth_date=young))
    assert response.status_code == 422
    assert "people aged 16 and over" in html.unescape(response.text)
    assert "makes you 5: if that is a typo, correct it" in html.unescape(response.text)
    site.ctx.session.rollback()
    profile = athletes.get_athlete(site.ctx, site.athlete_id).profile
    assert profile is not None
    assert profile.birth_date is not None
    assert profile.birth_date.isoformat() != young


def test_the_profile_sets_the_bar_and_plates(site: Site) -> None:
    path = f"/athletes/{site.athlete_id}/profile"
    page = site.client.get(path).text
    assert 'name="bar" inputmode="decimal" value="20"' in page  # the default: 20 kg bar
    assert 'value="25, 20, 15, 10, 5, 2.5, 1.25"' in page
    no_injury = {"injury-0-region": ""}  # the empty "add an injury" row
    unchanged = site.client.post(
        path, data=_profile_form(site, **no_injury), follow_redirects=False
    )
    assert unchanged.status_code == 303, re.findall(r"field-error[^>]*>([^<]*)", unchanged.text)
    site.ctx.session.rollback()
    profile = athletes.get_athlete(site.ctx, site.athlete_id).profile
    assert profile is not None
    assert profile.plates is None  # the default form writes nothing

    bad = _profile_form(
        site, plate_unit="lb", bar="45", plates="45, heavy", dislikes="okra", **no_injury
    )
    before = row_counts(site.ctx.session)
    refused = site.client.post(path, data=bad)
    assert refused.status_code == 422
    assert 'name="plates" inputmode="decimal" value="45, heavy"' in refused.text
    assert 'aria-invalid="true"' in refused.text
    assert 'value="okra"' in refused.text  # the other fields keep what was typed
    assert '<option value="lb" selected>' in refused.text
    site.ctx.session.rollback()
    assert row_counts(site.ctx.session) == before

    good = _profile_form(site, plate_unit="lb", bar="45", plates="45, 25, 10, 5, 2.5", **no_injury)
    assert site.client.post(path, data=good, follow_redirects=False).status_code == 303
    site.ctx.session.rollback()
    profile = athletes.get_athlete(site.ctx, site.athlete_id).profile
    assert profile is not None
    assert profile.plates is not None
    assert (profile.plates.unit, profile.plates.bar) == ("lb", 45)
    assert profile.plates.plates == [45, 25, 10, 5, 2.5]
    again = site.client.get(path).text
    assert '<option value="lb" selected>' in again
    assert 'value="45, 25, 10, 5, 2.5"' in again
    # The API reads and writes the same setting.
    api = site.client.get(f"/api/v1/athletes/{site.athlete_id}")
    assert api.json()["profile"]["plates"] == {
        "unit": "lb", "bar": 45.0, "plates": [45.0, 25.0, 10.0, 5.0, 2.5]
    }  # fmt: skip


# --- API tokens and the password --------------------------------------------------------------


def test_create_a_token_shown_once_then_revoke_it(site: Site) -> None:
    page = site.client.get("/account")
    assert page.status_code == 200
    assert "No API tokens yet." in page.text
    csrf = site.csrf()
    wrong = site.client.post(
        "/account/tokens",
        data={"csrf_token": csrf, "name": "my script", "scope": "write", "password": "nope"},
    )
    assert wrong.status_code == 422
    assert "password: it is not right" in wrong.text
    assert 'value="my script"' in wrong.text
    assert '<option value="write" selected>' in wrong.text
    made = site.client.post(
        "/account/tokens",
        data={"csrf_token": csrf, "name": "my script", "scope": "write", "password": PASSWORD},
    )
    assert made.status_code == 200
    assert made.headers["cache-control"] == "no-store"
    secret = re.search(r'<code class="secret" id="token-secret">([^<]+)</code>', made.text)
    assert secret
    site.ctx.session.rollback()
    [info] = [t for t in accounts.list_tokens(site.ctx) if t.name == "my script"]
    assert info.kind == TokenKind.api
    assert info.prefix == secret.group(1)[:8]
    assert secret.group(1) not in repr(accounts.list_tokens(site.ctx))  # only its hash is kept
    api = TestClient(site.client.app)
    bearer = {"Authorization": f"Bearer {secret.group(1)}"}
    assert api.get(f"/api/v1/athletes/{site.athlete_id}", headers=bearer).status_code == 200
    listed = site.client.get("/account").text
    assert "my script" in listed
    assert secret.group(1) not in listed  # never shown again
    revoked = site.client.post(
        f"/account/tokens/{info.id}/revoke", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert revoked.status_code == 303
    assert api.get(f"/api/v1/athletes/{site.athlete_id}", headers=bearer).status_code == 401


def test_another_accounts_token_cannot_be_revoked(site: Site) -> None:
    other = make_athlete(site.ctx)
    site.ctx.session.commit()
    client, _ = _signed_in(site, other.email)
    site.ctx.session.rollback()
    theirs = next(t for t in accounts.list_tokens(site.ctx) if t.email == other.email)
    refused = site.client.post(
        f"/account/tokens/{theirs.id}/revoke", data={"csrf_token": site.csrf()}
    )
    assert refused.status_code == 404
    assert client.get("/account").status_code == 200  # their session still works


def test_change_the_password(site: Site) -> None:
    other_browser = TestClient(site.client.app)
    assert login(other_browser, site.email, PASSWORD).status_code == 303
    csrf = site.csrf()
    new = "a much better passphrase"
    mismatch = site.client.post(
        "/account/password",
        data={"csrf_token": csrf, "current": PASSWORD, "new": new, "repeat": new + "!"},
    )
    assert mismatch.status_code == 422
    assert "the two new passwords differ" in mismatch.text
    wrong = site.client.post(
        "/account/password",
        data={"csrf_token": csrf, "current": "guess", "new": new, "repeat": new},
    )
    assert wrong.status_code == 422
    assert "current password: it is not right" in wrong.text
    short = site.client.post(
        "/account/password",
        data={"csrf_token": csrf, "current": PASSWORD, "new": "short", "repeat": "short"},
    )
    assert short.status_code == 422
    assert "at least 10 characters" in short.text
    done = site.client.post(
        "/account/password",
        data={"csrf_token": csrf, "current": PASSWORD, "new": new, "repeat": new},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert site.client.get("/account").status_code == 200  # this browser stays signed in
    gone = other_browser.get(f"/athletes/{site.athlete_id}", follow_redirects=False)
    assert gone.status_code == 303  # the other one is signed out
    assert login(TestClient(site.client.app), site.email, new).status_code == 303


# --- the check-in and the admin's forms -------------------------------------------------------


def test_a_bad_checkin_field_keeps_the_others(site: Site) -> None:
    response = site.client.post(
        f"/athletes/{site.athlete_id}/checkin",
        data={"csrf_token": site.csrf(), "sleep_h": "7.5", "weight_kg": "eighty", "mood": "4"},
    )
    assert response.status_code == 422
    assert 'name="sleep_h" inputmode="decimal" value="7.5"' in response.text
    assert 'name="weight_kg" inputmode="decimal" value="eighty"' in response.text
    # The mood sent stays chosen among the one-tap items.
    assert 'value="4" class="tap chosen" aria-pressed="true" aria-label="Mood 4 of 5"' in (
        response.text
    )


def test_the_admin_sets_a_password_and_a_bad_new_account_keeps_its_fields(site: Site) -> None:
    athletes.create_staff_account(site.ctx, "root@example.com", "Root", Role.admin)
    site.ctx.session.commit()
    admin, csrf = _signed_in(site, "root@example.com")
    short = admin.post(
        "/admin/accounts",
        data={
            "csrf_token": csrf,
            "name": "Nia",
            "email": "nia@example.org",
            "role": "coach",
            "password": "short",
        },
    )
    assert short.status_code == 422
    assert "at least 10 characters" in short.text
    assert 'value="Nia"' in short.text
    assert 'value="nia@example.org"' in short.text
    assert '<option value="coach" selected>' in short.text
    account = accounts.account_for(site.ctx, site.email)
    done = admin.post(
        f"/admin/accounts/{account.id}/password",
        data={"csrf_token": csrf, "password": "set by the admin 1"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert login(TestClient(site.client.app), site.email, "set by the admin 1").status_code == 303
    assert "No password yet" in TestClient(site.client.app).get("/login").text
    assert "fitcoach token" not in TestClient(site.client.app).get("/login").text


def test_one_tap_stores_one_check_in_item_and_keeps_the_rest(site: Site) -> None:
    """Each tap of the morning check-in stores its item for today at once (sleep logged
    earlier kept), goes back to the next item, and the third gives readiness from them."""
    today = site.clock.now().date()
    training_log.log_daily(site.ctx, site.athlete_id, {"day": today, "sleep_s": 8 * 3600})
    site.ctx.session.commit()
    path = f"/athletes/{site.athlete_id}/checkin/item"
    taps = (("energy", "4", "#quick-checkin-soreness"), ("soreness", "2", "#quick-checkin-mood"))
    for item, value, anchor in taps:
        done = site.client.post(
            path,
            data={"csrf_token": site.csrf(), "item": item, "value": value, "back": "checkin"},
            follow_redirects=False,
        )
        assert done.status_code == 303
        assert done.headers["location"] == f"/athletes/{site.athlete_id}/checkin{anchor}"
    home = site.client.post(
        path,
        data={"csrf_token": site.csrf(), "item": "mood", "value": "4", "back": "home"},
        follow_redirects=False,
    )
    assert home.headers["location"] == "/#home-readiness"
    site.ctx.session.expire_all()
    row = training_log.history(site.ctx, site.athlete_id, "daily", today, today)[0]
    assert (row["energy"], row["soreness"], row["mood"], row["sleep_s"]) == (4, 2, 4, 8 * 3600)
    page = site.client.get(f"/athletes/{site.athlete_id}/checkin").text
    assert "You said <strong>75</strong> / 100 in your check-in" in page
    bad = site.client.post(
        path, data={"csrf_token": site.csrf(), "item": "stress", "value": "9", "back": "home"}
    )
    assert bad.status_code == 422
    assert "Tap a number from 1 to 5" in bad.text
    forged = site.client.post(path, data={"csrf_token": "wrong", "item": "mood", "value": "1"})
    assert forged.status_code == 403
