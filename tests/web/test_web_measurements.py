"""The Measurements page, the check-in's tape fields and the dashboard's tile over HTTP (SQLite
and PostgreSQL): typed in cm or in, refused with the range and the unit (nothing stored), a
second entry replaces, the estimate labelled as one, a linked coach sees them."""

from __future__ import annotations

import json
import re
from datetime import date

from fastapi.testclient import TestClient
from tests.factories import make_athlete
from tests.fixtures.internal_strings import internal_strings, visible
from tests.fixtures.tables import row_counts
from tests.web.conftest import PASSWORD, Site, login

from fitcoach.core.domain import Role
from fitcoach.services import athletes, measurements, training_log

TODAY = date(2026, 11, 20)


def _url(site: Site) -> str:
    return f"/athletes/{site.athlete_id}/measurements"


def _post(site: Site, **fields: str) -> object:
    return site.client.post(
        _url(site), data={"csrf_token": site.csrf(_url(site)), **fields}, follow_redirects=False
    )


def _chart_data(html: str) -> dict[str, object]:
    match = re.search(r'<script type="application/json" id="measurements-data">(.*?)</script>', html, re.S)  # fmt: skip
    assert match, html[:500]
    return json.loads(match.group(1))  # type: ignore[no-any-return]


def test_the_page_before_any_measurement_says_what_to_do(site: Site) -> None:
    page = site.client.get(_url(site))
    assert page.status_code == 200
    assert "Add a day's measurements" in page.text
    assert "No measurements yet" in page.text
    assert "Log neck and waist (and hips, for women) on the same day" in page.text
    assert re.search(rf'href="{_url(site)}"[^>]*>Measurements</a>', page.text)  # the nav's


def test_a_day_typed_in_cm_is_stored_and_shown_with_the_estimate(site: Site) -> None:
    response = _post(site, day="2026-11-19", neck_cm="33", waist_cm="76", hips_cm="98,5", notes="after a rest day")  # fmt: skip
    assert response.status_code == 303  # type: ignore[attr-defined]
    page = site.client.get(response.headers["location"])  # type: ignore[attr-defined]
    assert "Saved: neck, waist, hips." in page.text
    [day] = measurements.history(site.ctx, site.athlete_id)
    assert day.values_cm == {"neck": 33.0, "waist": 76.0, "hips": 98.5}
    assert day.notes == "after a rest day"
    assert "Estimated from the tape:" in page.text
    assert "An estimate, not a measurement" in page.text
    assert "± 3.72" in page.text
    assert "after a rest day" in page.text
    data = _chart_data(page.text)
    assert data["length_unit"] == "cm"
    torso = data["charts"]["torso"]  # type: ignore[index]
    assert [s["name"] for s in torso] == ["neck", "waist", "hips"]
    assert data["body_fat"]["estimate"]["days"] == ["2026-11-19"]  # type: ignore[index]
    again = _post(site, day="2026-11-19", waist_cm="75")
    page = site.client.get(again.headers["location"])  # type: ignore[attr-defined]
    assert "replaced that day's waist" in page.text
    assert measurements.history(site.ctx, site.athlete_id)[0].values_cm["waist"] == 75.0


def test_an_imperial_athlete_types_and_reads_inches(site: Site) -> None:
    athletes.update_profile(site.ctx, site.athlete_id, {"units": "imperial"})
    site.ctx.session.commit()
    _post(site, waist_cm="33", chest_cm="100 cm")
    [day] = measurements.history(site.ctx, site.athlete_id)
    assert day.values_cm == {"chest": 100.0, "waist": 83.8}
    page = site.client.get(_url(site))
    assert "Waist (in)" in page.text
    assert "33 in" in page.text
    assert "39.4 in" in page.text
    data = _chart_data(page.text)
    assert data["length_unit"] == "in"
    assert {s["name"]: s["values"] for s in data["charts"]["torso"]} == {"chest": [39.4], "waist": [33.0]}  # type: ignore[index]  # fmt: skip


def test_a_refused_value_shows_the_form_again_and_stores_nothing(site: Site) -> None:
    before = row_counts(site.ctx.session)
    response = _post(site, waist_cm="840", hips_cm="98", body_fat_pct="99")
    assert response.status_code == 422  # type: ignore[attr-defined]
    text = response.text  # type: ignore[attr-defined]
    assert "waist 840 cm is outside what a tape reads there: 40–200 cm" in text
    assert "body fat 99 % is outside the plausible range 2–70 %" in text
    assert 'name="waist_cm" inputmode="decimal" autocomplete="off" value="840"' in text
    site.ctx.session.rollback()
    assert row_counts(site.ctx.session) == before
    empty = _post(site, notes="just a note")
    assert empty.status_code == 422  # type: ignore[attr-defined]
    assert "Type at least one measurement" in empty.text  # type: ignore[attr-defined]


def test_a_day_is_deleted_from_the_table(site: Site) -> None:
    _post(site, day="2026-11-18", waist_cm="80")
    response = site.client.post(
        f"{_url(site)}/2026-11-18/delete",
        data={"csrf_token": site.csrf(_url(site))},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "Deleted the measurements of Wed 18 Nov" in site.client.get(response.headers["location"]).text  # fmt: skip
    assert measurements.history(site.ctx, site.athlete_id) == []
    forged = site.client.post(f"{_url(site)}/2026-11-18/delete", data={"csrf_token": "x"})
    assert forged.status_code == 403


def test_the_check_in_takes_the_tape_with_the_rest(site: Site) -> None:
    url = f"/athletes/{site.athlete_id}/checkin"
    page = site.client.get(url)
    assert "Tape measurements (optional)" in page.text
    response = site.client.post(
        url,
        data={"csrf_token": site.csrf(url), "weight_kg": "63.5", "waist_cm": "74", "neck_cm": "32"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    [day] = measurements.history(site.ctx, site.athlete_id)
    assert (day.day, day.values_cm, day.sources) == (TODAY, {"neck": 32.0, "waist": 74.0}, ["checkin"])  # fmt: skip
    assert training_log.history(site.ctx, site.athlete_id, "daily", TODAY, TODAY)[0]["weight_kg"] == 63.5  # fmt: skip
    shown = site.client.get(url).text
    assert 'name="waist_cm" inputmode="decimal" autocomplete="off" value="74"' in shown
    # Only a tape reading: no empty day of daily metrics is made.
    site.ctx.session.commit()


def test_a_refused_tape_value_at_the_check_in_stores_nothing_of_it(site: Site) -> None:
    url = f"/athletes/{site.athlete_id}/checkin"
    before = row_counts(site.ctx.session)
    response = site.client.post(
        url, data={"csrf_token": site.csrf(url), "weight_kg": "63.5", "hips_cm": "12"}
    )
    assert response.status_code == 422
    assert "hips 12 cm is outside what a tape reads there: 50–200 cm" in response.text
    assert 'name="hips_cm" inputmode="decimal" autocomplete="off" value="12"' in response.text
    site.ctx.session.rollback()
    assert row_counts(site.ctx.session) == before  # the weight neither


def test_the_dashboard_tile_shows_the_latest_and_the_change(site: Site) -> None:
    dashboard = f"/athletes/{site.athlete_id}"
    assert "No tape measurements yet" in site.client.get(dashboard).text
    _post(site, day="2026-10-30", waist_cm="78")
    _post(site, day="2026-11-19", waist_cm="76.5", neck_cm="32", hips_cm="97")
    page = site.client.get(dashboard).text
    assert "Waist <strong>76.5 cm</strong>" in page
    assert "(−1.5 cm in 4 weeks)" in page
    assert "Body fat estimated from the tape:" in page
    data = _chart_data(page)
    assert data["ids"] == {"torso": "tape-torso"}  # the dashboard's own weight chart stays its


def test_a_linked_coach_sees_the_page_and_another_athlete_does_not(site: Site) -> None:
    _post(site, waist_cm="80")
    coach_id = athletes.create_staff_account(site.ctx, "tape-coach@example.org", "Cole", Role.coach)  # fmt: skip
    athletes.link_coach(site.ctx, coach_id, site.athlete_id)
    other = make_athlete(site.ctx)
    site.ctx.session.commit()
    site.account("tape-coach@example.org")
    site.account(other.email)
    coach = TestClient(site.client.app)
    login(coach, "tape-coach@example.org", PASSWORD)
    seen = coach.get(_url(site))
    assert seen.status_code == 200
    assert "80 cm" in seen.text
    stranger = TestClient(site.client.app)
    login(stranger, other.email, PASSWORD)
    assert stranger.get(_url(site)).status_code == 404


def _internal(html: str) -> list[tuple[str, str]]:
    """The internal strings a person would read (the factory's athletes are named
    "Athlete N", which the scanner's athlete-number pattern would flag)."""
    return [f for f in internal_strings(visible(html)) if f[0] != "athlete number"]


def test_no_internal_string_on_the_page_the_check_in_or_the_tile(site: Site) -> None:
    _post(site, day="2026-11-18", neck_cm="33", waist_cm="76", hips_cm="98", upper_arm_left_cm="29", calf_right_cm="36", body_fat_pct="24", notes="tired")  # fmt: skip
    for path in (
        _url(site),
        f"/athletes/{site.athlete_id}/checkin",
        f"/athletes/{site.athlete_id}",
    ):
        page = site.client.get(path)
        assert page.status_code == 200
        assert _internal(page.text) == [], path
    refused = _post(site, waist_cm="840", calf_left_cm="abc")
    assert _internal(refused.text) == []  # type: ignore[attr-defined]
