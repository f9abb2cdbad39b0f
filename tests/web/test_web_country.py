"""The athlete's country, asked (optional, with why) on the first-run units step and the
profile page, pre-filled from the time zone's country, through the API and export/import; it
picks the crisis line. SQLite and PostgreSQL."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable

from tests.factories import make_athlete
from tests.web.conftest import Site
from tests.web.test_web_signup import Installation, athlete_of, form, post_step, sign_up
from tests.web.test_web_signup import install as install  # the fixture

from fitcoach.services import athletes, portability

WHY = "Asked so we can show the right crisis line if you ever need one."


def _selected(page: str) -> str:
    """The country the select shows chosen ("" for "not given")."""
    select = re.search(r'<select name="country".*?</select>', page, re.S)
    assert select, page[:2000]
    chosen = re.search(r'<option value="([A-Z]*)" selected', select.group(0))
    return chosen.group(1) if chosen else ""


def test_the_units_step_suggests_the_time_zones_country_and_keeps_what_is_chosen(
    install: Callable[..., Installation],
) -> None:
    site = install("open")
    assert sign_up(site.client, form(timezone="Europe/Madrid")).status_code == 303
    step = site.client.get("/welcome/units")
    assert _selected(step.text) == "ES"  # the country Europe/Madrid is named for
    assert WHY in html.unescape(step.text)
    assert athlete_of(site, "robin@example.org").profile.country is None  # only suggested
    cleared = post_step(site.client, "units", {"units": "metric", "country": ""})
    assert cleared.status_code == 303, cleared.text[:2000]
    assert athlete_of(site, "robin@example.org").profile.country is None  # optional
    chosen = post_step(site.client, "units", {"units": "metric", "country": "IE"})
    assert chosen.status_code == 303
    assert athlete_of(site, "robin@example.org").profile.country == "IE"
    assert _selected(site.client.get("/welcome/units").text) == "IE"
    bad = post_step(site.client, "units", {"units": "metric", "country": "XX"})
    assert bad.status_code == 422
    assert "unknown country" in html.unescape(bad.text)
    assert athlete_of(site, "robin@example.org").profile.country == "IE"


def _profile_form(site: Site, **change: str) -> dict[str, str | list[str]]:
    """The profile form as the page fills it in, with ``change`` typed over it."""
    page = site.client.get(f"/athletes/{site.athlete_id}/profile").text
    values: dict[str, str | list[str]] = {"csrf_token": site.csrf()}
    for name, value in re.findall(r'<input name="([a-z_0-9-]+)"[^>]*? value="([^"]*)"', page):
        values[name] = value
    for name in ("goals", "equipment", "conditions", "dietary_restrictions"):
        values[name] = re.findall(rf'name="{name}" value="([a-z_]+)" checked', page)
    for name in ("sex", "experience_level"):
        chosen = re.search(rf'name="{name}".*?<option value="([^"]*)" selected', page, re.S)
        values[name] = chosen.group(1) if chosen else ""
    values["injury-0-region"] = ""  # the empty "add an injury" row: the athlete has none
    values["country"] = _selected(page)
    values.update(change)
    return values


def _country(site: Site) -> str | None:
    site.ctx.session.rollback()
    profile = athletes.get_athlete(site.ctx, site.athlete_id).profile
    assert profile is not None
    return profile.country


def test_the_profile_page_round_trips_the_country(site: Site) -> None:
    path = f"/athletes/{site.athlete_id}/profile"
    page = site.client.get(path).text
    assert _selected(page) == ""  # a UTC athlete: no country suggested
    assert "Ireland" in page
    assert WHY.removeprefix("Asked") in html.unescape(page)
    saved = site.client.post(path, data=_profile_form(site, country="IE"), follow_redirects=False)
    assert saved.status_code == 303, re.findall(r"role=\"alert\">([^<]*)", saved.text)
    assert _country(site) == "IE"
    assert _selected(site.client.get(path).text) == "IE"
    # Saved again untouched, it stays; another field changed, it stays too.
    again = site.client.post(path, data=_profile_form(site, session_minutes="50"))
    assert again.status_code == 200  # followed to the saved page
    assert _country(site) == "IE"
    bad = site.client.post(path, data=_profile_form(site, country="XX", session_minutes="40"))
    assert bad.status_code == 422
    assert "unknown country" in html.unescape(bad.text)
    assert _country(site) == "IE"  # nothing stored
    cleared = site.client.post(path, data=_profile_form(site, country=""), follow_redirects=False)
    assert cleared.status_code == 303
    assert _country(site) is None


def test_the_api_reads_and_writes_the_country(site: Site) -> None:
    token = site.csrf()
    path = f"/api/v1/athletes/{site.athlete_id}"
    assert site.client.get(path).json()["profile"]["country"] is None
    patched = site.client.patch(path, json={"country": "ie"}, headers={"X-CSRF-Token": token})
    assert patched.status_code == 200, patched.text
    assert patched.json()["country"] == "IE"  # the code, upper case
    assert site.client.get(path).json()["profile"]["country"] == "IE"
    bad = site.client.patch(path, json={"country": "Ireland"}, headers={"X-CSRF-Token": token})
    assert bad.status_code == 422
    assert site.client.get(path).json()["profile"]["country"] == "IE"
    cleared = site.client.patch(path, json={"country": None}, headers={"X-CSRF-Token": token})
    assert cleared.status_code == 200
    assert cleared.json()["country"] is None


def test_the_country_is_exported_and_imported(site: Site) -> None:
    ctx = site.ctx
    source = make_athlete(ctx, country="NZ")
    plain = make_athlete(ctx)
    document = portability.export_athlete(ctx, source.id)
    assert document["athlete"]["profile"]["country"] == "NZ"
    assert "country" not in portability.export_athlete(ctx, plain.id)["athlete"]["profile"]
    document["athlete"]["email"] = "moved@example.org"
    report = portability.import_document(ctx, json.loads(json.dumps(document)))
    moved = athletes.get_athlete(ctx, report.athlete_id).profile
    assert moved is not None
    assert moved.country == "NZ"
