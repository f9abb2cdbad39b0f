"""Each athlete's units on the web: the check-in and the profile take "176 lb", "80 kg" or a bare
number in the athlete's unit; the pages show weights and distances in it (kg and km, or lb and
miles); what is stored stays kg. SQLite and PostgreSQL."""

from __future__ import annotations

import html
import re

from tests.web.conftest import Site

from fitcoach.coach.plan import StrengthItem
from fitcoach.services import athletes, monitoring, plans, training_log


def _imperial(site: Site) -> None:
    athletes.update_profile(site.ctx, site.athlete_id, {"units": "imperial"})
    site.ctx.session.commit()


def _checkin(site: Site, **fields: str) -> float | None:
    """Post the check-in; the body weight stored for today afterwards."""
    path = f"/athletes/{site.athlete_id}/checkin"
    done = site.client.post(
        path, data={"csrf_token": site.csrf(), **fields}, follow_redirects=False
    )
    assert done.status_code == 303, re.findall(r'class="error"[^>]*>([^<]*)', done.text)
    site.ctx.session.rollback()
    day = monitoring.local_today(site.ctx, site.athlete_id)
    rows = training_log.history(site.ctx, site.athlete_id, "daily", day, day)
    return rows[0]["weight_kg"] if rows else None


def test_the_checkin_takes_176_lb_from_a_metric_athlete(site: Site) -> None:
    page = site.client.get(f"/athletes/{site.athlete_id}/checkin").text
    assert "Body weight (kg)" in page
    assert _checkin(site, weight_kg="176 lb") == 79.8
    assert _checkin(site, weight_kg="81,5") == 81.5  # a bare number: kg
    assert 'value="81.5"' in site.client.get(f"/athletes/{site.athlete_id}/checkin").text


def test_the_checkin_takes_176_lb_and_a_bare_176_from_an_imperial_athlete(site: Site) -> None:
    _imperial(site)
    page = site.client.get(f"/athletes/{site.athlete_id}/checkin").text
    assert "Body weight (lb)" in page
    assert _checkin(site, weight_kg="176 lb") == 79.8
    assert _checkin(site, weight_kg="180") == 81.6  # lb
    assert _checkin(site, weight_kg="80 kg") == 80.0  # a unit always wins
    shown = site.client.get(f"/athletes/{site.athlete_id}/checkin").text
    assert 'name="weight_kg" inputmode="decimal" value="176"' in shown  # 80 kg, in lb
    # Sent back as the form showed it (to the whole pound), the weight stays as stored.
    assert _checkin(site, weight_kg="176", mood="4") == 80.0


def test_a_weight_that_is_no_number_is_refused_with_how_to_write_it(site: Site) -> None:
    _imperial(site)
    bad = site.client.post(
        f"/athletes/{site.athlete_id}/checkin",
        data={"csrf_token": site.csrf(), "weight_kg": "eighty"},
    )
    assert bad.status_code == 422
    message = html.unescape(bad.text)
    assert "body weight: write a number, e.g. 176, or with its unit (80 kg, 176 lb)" in message
    too_light = site.client.post(
        f"/athletes/{site.athlete_id}/checkin",
        data={"csrf_token": site.csrf(), "weight_kg": "20"},  # 20 lb: 9.1 kg
    )
    assert too_light.status_code == 422
    assert "greater than 20" in too_light.text


def _profile_form(site: Site, **change: str) -> dict[str, str | list[str]]:
    page = site.client.get(f"/athletes/{site.athlete_id}/profile").text
    form: dict[str, str | list[str]] = {"csrf_token": site.csrf()}
    for name, value in re.findall(r'<input name="([a-z_0-9-]+)"[^>]*? value="([^"]*)"', page):
        form[name] = html.unescape(value)
    for name in ("goals", "equipment", "conditions", "dietary_restrictions"):
        form[name] = re.findall(rf'name="{name}" value="([a-z_]+)" checked', page)
    for name in ("sex", "units", "experience_level", "injury-0-region", "injury-0-severity"):
        chosen = re.search(rf'<select name="{name}".*?<option value="([^"]*)" selected', page, re.S)
        form[name] = chosen.group(1) if chosen else ""
    form["injury-0-region"] = ""  # the empty "add an injury" row (its regex ran on)
    form.update(change)
    return form


def test_the_profile_page_chooses_the_units_and_shows_the_weight_in_them(site: Site) -> None:
    path = f"/athletes/{site.athlete_id}/profile"
    page = site.client.get(path).text
    assert "Weight (kg)" in page
    assert '<option value="metric" selected>kg and km</option>' in page
    chosen = site.client.post(path, data=_profile_form(site, units="imperial"))
    assert chosen.status_code == 200  # followed to the saved page
    site.ctx.session.rollback()
    profile = athletes.get_athlete(site.ctx, site.athlete_id).profile
    assert profile is not None
    assert (profile.units, profile.weight_kg) == ("imperial", 64.0)  # the weight untouched
    page = site.client.get(path).text
    assert "Weight (lb)" in page
    assert '<option value="imperial" selected>lb and miles</option>' in page
    assert 'name="weight_kg" inputmode="decimal" value="141"' in page  # 64 kg, to the pound
    athletes.update_profile(site.ctx, site.athlete_id, {"weight_kg": 64.1})  # 141.3 lb
    site.ctx.session.commit()
    assert 'name="weight_kg" inputmode="decimal" value="141"' in site.client.get(path).text
    # Saving another field sends the weight back as shown: it stays 64.1 kg, not the 64.0 kg
    # that 141 lb reads back as.
    again = site.client.post(path, data=_profile_form(site, session_minutes="50"))
    assert again.status_code == 200
    site.ctx.session.rollback()
    profile = athletes.get_athlete(site.ctx, site.athlete_id).profile
    assert profile is not None
    assert (profile.session_minutes, profile.weight_kg) == (50, 64.1)
    # A bare number is lb now; a unit always wins.
    site.client.post(path, data=_profile_form(site, weight_kg="150"))
    site.ctx.session.rollback()
    assert athletes.get_athlete(site.ctx, site.athlete_id).profile.weight_kg == 68.0  # type: ignore[union-attr]
    site.client.post(path, data=_profile_form(site, weight_kg="70 kg"))
    site.ctx.session.rollback()
    assert athletes.get_athlete(site.ctx, site.athlete_id).profile.weight_kg == 70.0  # type: ignore[union-attr]


def test_the_api_profile_has_the_units(site: Site) -> None:
    _imperial(site)
    token = site.csrf()
    got = site.client.get(f"/api/v1/athletes/{site.athlete_id}")
    assert got.status_code == 200, got.text
    assert got.json()["profile"]["units"] == "imperial"
    patched = site.client.patch(
        f"/api/v1/athletes/{site.athlete_id}",
        json={"units": "metric"},
        headers={"X-CSRF-Token": token},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["units"] == "metric"


def _first_loaded(site: Site) -> StrengthItem:
    plan = plans.current(site.ctx, site.athlete_id).plan
    assert plan is not None
    return next(
        i
        for w in plan.weeks
        for s in w.sessions
        for i in s.items
        if isinstance(i, StrengthItem) and i.load.kind == "kg" and i.load.value
    )


def test_the_plan_dashboard_and_workout_pages_show_lb_for_an_imperial_athlete(
    site: Site,
) -> None:
    item = _first_loaded(site)
    metric_plan = site.client.get(f"/athletes/{site.athlete_id}/plan").text
    assert " kg" in metric_plan
    assert " lb" not in metric_plan
    _imperial(site)
    assert item.load.value is not None
    lb = f"{item.load.value / 0.45359237:.1f}".rstrip("0").rstrip(".")
    plan_page = site.client.get(f"/athletes/{site.athlete_id}/plan").text
    assert f"@ {lb} lb" in plan_page
    assert re.search(r"\d kg\b", plan_page) is None, re.findall(r".{40}\d kg\b", plan_page)
    dashboard = site.client.get(f"/athletes/{site.athlete_id}").text
    assert '<meta name="units" content="imperial">' in dashboard  # the charts' scripts read it
    plans.generate(
        site.ctx, site.athlete_id, start=monitoring.local_today(site.ctx, site.athlete_id)
    )
    site.ctx.session.commit()
    workout = site.client.get(f"/athletes/{site.athlete_id}/workout").text
    assert '<meta name="units" content="imperial">' in workout
    found = re.search(r'<script type="application/json" id="workout-data">(.*?)</script>', workout)
    assert found, workout[:1000]
    assert re.search(r"\d kg\b", found.group(1)) is None  # the reasons said in lb too


def test_the_nutrition_page_says_the_body_weight_in_lb(site: Site) -> None:
    _imperial(site)
    page = html.unescape(site.client.get(f"/athletes/{site.athlete_id}/nutrition").text)
    assert "maintenance, 154 lb" in page  # the 70 kg reference athlete
    assert "weight 141.1 lb from the profile" in page  # 64 kg, said as loads are (0.1 lb)
    assert re.search(r"\d kg\b", page) is None, re.findall(r".{40}\d kg\b", page)


def test_the_profile_shows_and_takes_a_height_in_feet_and_inches_for_lb(site: Site) -> None:
    path = f"/athletes/{site.athlete_id}/profile"
    athletes.update_profile(site.ctx, site.athlete_id, {"height_cm": 178})
    site.ctx.session.commit()
    metric = site.client.get(path).text
    assert "Height (cm)" in metric
    assert 'name="height_cm" inputmode="decimal" value="178"' in metric
    _imperial(site)
    page = site.client.get(path).text
    assert "Height (ft and in)" in page
    assert 'name="height_cm" value="5 ft 10"' in page

    def height() -> float | None:
        site.ctx.session.rollback()
        profile = athletes.get_athlete(site.ctx, site.athlete_id).profile
        assert profile is not None
        return profile.height_cm

    # Sent back as shown (to the inch), the stored height stays; typed otherwise, it is read
    # in feet and inches, inches for a bare number, or its own unit.
    site.client.post(path, data=_profile_form(site, session_minutes="55"))
    assert height() == 178
    for typed, cm in (("6 ft 1", 185.4), ("70", 177.8), ("180 cm", 180.0), ("5'8\"", 172.7)):
        saved = site.client.post(path, data=_profile_form(site, height_cm=typed))
        assert saved.status_code == 200, (typed, saved.text[:300])
        assert height() == cm, typed
    bad = site.client.post(path, data=_profile_form(site, height_cm="5 ft 14"))
    assert bad.status_code == 422
    assert "the inches must be under 12" in html.unescape(bad.text)
