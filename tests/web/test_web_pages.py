"""The web pages over HTTP: sign-in, sessions, CSRF, scoping, the everyday pages."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.conftest import unavailable
from tests.factories import make_athlete, workout
from tests.fixtures.tables import row_counts
from tests.web.conftest import PASSWORD, Site, login

from fitcoach.core.domain import Role
from fitcoach.interfaces.reports import weekly as weekly_reports
from fitcoach.interfaces.web import reports as web_reports
from fitcoach.services import accounts, athletes, health, training_log


def test_pages_need_a_session(site: Site) -> None:
    anonymous = TestClient(site.client.app)
    for path in (f"/athletes/{site.athlete_id}", "/coach", f"/athletes/{site.athlete_id}/checkin"):
        response = anonymous.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")


def test_wrong_password_is_refused_and_rate_limited(site: Site) -> None:
    anonymous = TestClient(site.client.app)
    for _ in range(5):
        response = login(anonymous, site.email, "wrong password!")
        assert response.status_code == 401
        assert "wrong e-mail or password" in response.text
    response = login(anonymous, site.email, PASSWORD)
    assert response.status_code == 429
    assert "too many failed sign-in attempts" in response.text
    assert "fitcoach_session" not in response.cookies


def test_login_form_needs_its_csrf_cookie(site: Site) -> None:
    anonymous = TestClient(site.client.app)
    response = anonymous.post(
        "/login",
        data={"email": site.email, "password": PASSWORD, "csrf_token": "forged"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert "fitcoach_session" not in response.cookies


def test_sign_in_goes_back_only_to_a_local_page(site: Site) -> None:
    anonymous = TestClient(site.client.app)
    response = login(anonymous, site.email, PASSWORD, next_="https://evil.example/steal")
    assert response.headers["location"] == "/app"
    anonymous = TestClient(site.client.app)
    response = login(anonymous, site.email, PASSWORD, next_="//evil.example")
    assert response.headers["location"] == "/app"
    anonymous = TestClient(site.client.app)
    response = login(anonymous, site.email, PASSWORD, next_="/coach")
    assert response.headers["location"] == "/coach"


def test_session_cookie_is_httponly_and_hashed(site: Site) -> None:
    anonymous = TestClient(site.client.app)
    response = login(anonymous, site.email, PASSWORD)
    header = response.headers["set-cookie"]
    assert "HttpOnly" in header
    assert "SameSite=lax" in header
    secret = anonymous.cookies["fitcoach_session"]
    tokens = accounts.list_tokens(site.ctx)
    assert any(t.name == "web session" for t in tokens)
    assert all(secret not in repr(t) for t in tokens)  # only the hash is stored


def test_logout_revokes_the_session(site: Site) -> None:
    secret = site.client.cookies["fitcoach_session"]
    csrf = site.csrf()
    assert site.client.post("/logout", data={"csrf_token": "nope"}).status_code == 403
    response = site.client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303
    replay = TestClient(site.client.app)
    replay.cookies.set("fitcoach_session", secret)
    assert replay.get(f"/athletes/{site.athlete_id}", follow_redirects=False).status_code == 303
    assert replay.get(f"/api/v1/athletes/{site.athlete_id}").status_code == 401


def test_dashboard_shows_readiness_today_and_charts(site: Site) -> None:
    day = site.clock.now() - timedelta(days=1)
    session = workout(day, ("barbell-back-squat", 3, 80, 2))
    training_log.log_workout(
        site.ctx, site.athlete_id, {**session, "duration_s": 3600, "session_rpe": 7}
    )
    site.ctx.session.commit()
    response = site.client.get(f"/athletes/{site.athlete_id}")
    assert response.status_code == 200
    html = response.text
    assert "Readiness" in html
    assert "Fitness, fatigue and form" in html
    assert 'id="chart-load"' in html
    assert "/static/vendor/plotly-basic.min.js?v=" in html
    data = re.search(r'<script type="application/json" id="dashboard-data">(.*?)</script>', html)
    assert data
    charts = json.loads(data.group(1))
    assert len(charts["load"]["days"]) == 84
    loads = dict(zip(charts["load"]["days"], charts["load"]["load"], strict=True))
    assert loads[day.date().isoformat()] == 420  # 60 min x RPE 7 (Foster's session-RPE)
    assert charts["load"]["projection"]["days"], "the plan in force projects the next weeks"
    assert all(x > 0 for x in charts["load"]["projection"]["planned"] if x)


def test_the_dashboard_leads_with_what_the_athlete_said(site: Site) -> None:
    """A first check-in is the score from the first morning: the tile leads with what the
    athlete said and names HRV and resting HR as still building their baseline."""
    today = site.clock.now().date()
    training_log.log_daily(
        site.ctx, site.athlete_id, {"day": today, "soreness": 1, "energy": 5, "mood": 5}
    )
    site.ctx.session.commit()
    html = site.client.get(f"/athletes/{site.athlete_id}").text
    tile = html[html.index('id="readiness"') : html.index('id="today"')]
    assert "You said <strong>100</strong> / 100 in your check-in" in tile
    assert '<span class="big">100</span> / 100 · green' in tile
    assert "HRV (none recorded in the last 28 days)" in tile
    home = site.client.get("/app").text
    assert "No check-in yet" not in home


def test_without_a_check_in_every_page_asks_instead_of_scoring(site: Site) -> None:
    """Sleep, HRV and resting HR logged but no check-in: no number on the home page, the
    dashboard or the check-in page; each asks how the athlete feels (the home page with the
    one-tap items right there)."""
    today = site.clock.now().date()
    for back in range(20):
        training_log.log_daily(
            site.ctx,
            site.athlete_id,
            {
                "day": today - timedelta(days=back),
                "sleep_s": 7 * 3600,
                "hrv_rmssd_ms": 60.0,
                "resting_hr": 50,
            },
        )
    site.ctx.session.commit()
    for path, anchor in (
        ("/", 'id="home-readiness"'),
        (f"/athletes/{site.athlete_id}", 'id="readiness"'),
        (f"/athletes/{site.athlete_id}/checkin", 'id="readiness-said"'),
    ):
        html = site.client.get(path).text
        tile = html[html.index(anchor) : html.index("</section>", html.index(anchor))]
        assert 'data-status="no_checkin"' in tile, path
        assert "No check-in yet — how do you feel?" in tile, path
        assert 'class="big"' not in tile, path
        assert "/ 100" not in tile, path
    home = site.client.get("/").text
    assert 'id="home-checkin-energy"' in home  # the question, one tap per item, on the page


def test_another_athlete_is_not_found(site: Site) -> None:
    other = make_athlete(site.ctx)
    site.ctx.session.commit()
    for path in (f"/athletes/{other.id}", f"/athletes/{other.id}/checkin"):
        response = site.client.get(path)
        assert response.status_code == 404
        assert f"athlete {other.id} not found" in response.text
    before = row_counts(site.ctx.session)
    response = site.client.post(
        f"/athletes/{other.id}/checkin", data={"csrf_token": site.csrf(), "mood": "3"}
    )
    assert response.status_code == 404
    site.ctx.session.rollback()
    assert row_counts(site.ctx.session) == before


def test_checkin_stores_and_refuses_bad_input(site: Site) -> None:
    path = f"/athletes/{site.athlete_id}/checkin"
    csrf = site.csrf()
    before = row_counts(site.ctx.session)
    bad = site.client.post(path, data={"csrf_token": csrf, "sleep_h": "7", "weight_kg": "eighty"})
    assert bad.status_code == 422
    assert "write a number" in bad.text
    out_of_range = site.client.post(path, data={"csrf_token": csrf, "mood": "9"})
    assert out_of_range.status_code == 422
    forged = site.client.post(path, data={"csrf_token": "forged", "mood": "3"})
    assert forged.status_code == 403
    site.ctx.session.rollback()
    assert row_counts(site.ctx.session) == before
    ok = site.client.post(
        path,
        data={"csrf_token": csrf, "sleep_h": "7,5", "mood": "4", "weight_kg": "64.2"},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    day = site.clock.now().date()
    rows = training_log.history(site.ctx, site.athlete_id, "daily", day, day)
    assert rows[0]["sleep_s"] == 27000
    assert rows[0]["mood"] == 4
    assert rows[0]["weight_kg"] == 64.2
    assert "Saved" in site.client.get(ok.headers["location"]).text


def test_checkin_refuses_numbers_that_do_not_fit(site: Site) -> None:
    """A 401-digit number is inf as a float (round(inf) raised: a 500 before)."""
    before = row_counts(site.ctx.session)
    path = f"/athletes/{site.athlete_id}/checkin"
    csrf = site.csrf()
    for field in ("sleep_h", "mood", "weight_kg"):
        for value in ("9" * 401, "nan", "inf", "-1e999"):
            bad = site.client.post(path, data={"csrf_token": csrf, field: value})
            assert bad.status_code == 422, (field, value)
            assert "write a number" in bad.text
    site.ctx.session.rollback()
    assert row_counts(site.ctx.session) == before


def test_a_meal_with_a_nul_character_is_refused(site: Site) -> None:
    before = row_counts(site.ctx.session)
    response = site.client.post(
        f"/athletes/{site.athlete_id}/meals",
        data={"csrf_token": site.csrf(), "meal_type": "lunch", "description": "rice\x00"},
    )
    assert response.status_code == 422
    assert "NUL" in response.text
    site.ctx.session.rollback()
    assert row_counts(site.ctx.session) == before


def test_nutrition_page_and_meal_log(site: Site) -> None:
    path = f"/athletes/{site.athlete_id}/nutrition"
    page = site.client.get(path)
    assert page.status_code == 200
    assert "Targets for" in page.text
    assert "Meal plan" in page.text
    response = site.client.post(
        f"/athletes/{site.athlete_id}/meals",
        data={
            "csrf_token": site.csrf(),
            "meal_type": "lunch",
            "description": "rice & <b>beans</b>",
            "calories_kcal": "650",
            "protein_g": "32",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = site.client.get(path)
    assert "rice &amp; &lt;b&gt;beans&lt;/b&gt;" in page.text  # escaped, not markup
    assert "650 kcal" in page.text


def test_coach_sees_only_linked_athletes(site: Site) -> None:
    other = make_athlete(site.ctx)
    coach_id = athletes.create_staff_account(site.ctx, "coach@example.org", "Cole", Role.coach)
    athletes.link_coach(site.ctx, coach_id, site.athlete_id)
    health.raise_flag(site.ctx, site.athlete_id, "chest_pain", note="during intervals")
    site.ctx.session.commit()
    site.account("coach@example.org")
    coach = TestClient(site.client.app)
    assert login(coach, "coach@example.org", PASSWORD).headers["location"] == "/app"
    page = coach.get("/coach")
    assert page.status_code == 200
    assert f'href="/athletes/{site.athlete_id}"' in page.text
    assert f'href="/athletes/{other.id}"' not in page.text
    assert "1 open" in page.text  # the red flag
    assert coach.get(f"/athletes/{other.id}").status_code == 404
    dashboard = coach.get(f"/athletes/{site.athlete_id}")
    assert "Training advice is paused" in dashboard.text


def test_api_accepts_the_session_with_csrf(site: Site) -> None:
    path = f"/api/v1/athletes/{site.athlete_id}/feedback"
    body: dict[str, Any] = {"recorded_at": "2026-11-20T08:00:00Z", "energy": 6}
    assert site.client.get(f"/api/v1/athletes/{site.athlete_id}/readiness").status_code == 200
    refused = site.client.post(path, json=body)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    accepted = site.client.post(path, json=body, headers={"X-CSRF-Token": site.csrf()})
    assert accepted.status_code == 201, accepted.text


def test_weekly_reports_are_listed_and_served(site: Site) -> None:
    listing = site.client.get(f"/athletes/{site.athlete_id}/reports")
    assert listing.status_code == 200
    assert "2026-W47" in listing.text  # today's week (2026-11-20), then twelve before it
    assert "2026-W35" in listing.text
    report = site.client.get(f"/athletes/{site.athlete_id}/reports/2026-W46")
    assert report.status_code == 200, re.findall(r"class=\"error\">([^<]*)", report.text)
    assert "<svg" in report.text
    assert "week of 9–15 November 2026" in report.text
    bad = site.client.get(f"/athletes/{site.athlete_id}/reports/last-week")
    assert bad.status_code == 422
    assert "YYYY-Www" in bad.text
    other = make_athlete(site.ctx)
    site.ctx.session.commit()
    assert site.client.get(f"/athletes/{other.id}/reports/2026-W46").status_code == 404


def test_a_report_downloads_as_html_and_pdf_from_the_web(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = f"/athletes/{site.athlete_id}/reports"
    listing = site.client.get(base).text
    assert "fitcoach report" not in listing  # no command line shown to a person
    assert "--pdf" not in listing
    assert f'href="{base}/2026-W46/report.html" download' in listing
    page = site.client.get(f"{base}/2026-W46").text
    html = site.client.get(f"{base}/2026-W46/report.html")
    assert html.status_code == 200
    assert html.headers["content-disposition"] == (
        f'attachment; filename="report-{site.athlete_id}-2026-W46.html"'
    )
    assert html.text == page  # the same document as the page
    assert site.client.get(f"{base}/last-week/report.html").status_code == 422
    other = make_athlete(site.ctx)
    site.ctx.session.commit()
    assert site.client.get(f"/athletes/{other.id}/reports/2026-W46/report.pdf").status_code == 404

    printed: list[str] = []

    def fake_pdf(document: str, out: Path) -> Path:  # Chromium's part, checked on its own
        printed.append(document)
        out.write_bytes(b"%PDF-1.4 test")
        return out

    monkeypatch.setattr(web_reports.weekly, "chromium", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(web_reports, "to_pdf", fake_pdf)
    assert f'href="{base}/2026-W46/report.pdf" download' in site.client.get(base).text
    pdf = site.client.get(f"{base}/2026-W46/report.pdf")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == (
        f'attachment; filename="report-{site.athlete_id}-2026-W46.pdf"'
    )
    assert pdf.content == b"%PDF-1.4 test"
    assert printed == [page]  # the report itself went to the printer

    # Without Chromium: no PDF link, the browser's printing offered, and a PDF asked for anyway
    # is a page that says what to do.
    monkeypatch.setattr(web_reports.weekly, "chromium", lambda: None)
    monkeypatch.setattr(web_reports, "to_pdf", weekly_reports.to_pdf)
    listing = site.client.get(base).text
    assert "report.pdf" not in listing
    assert "Save as PDF" in listing
    refused = site.client.get(f"{base}/2026-W46/report.pdf")
    assert refused.status_code == 503
    assert "Chromium" in refused.text


def test_a_report_pdf_is_printed_by_chromium(site: Site) -> None:
    if weekly_reports.chromium() is None:
        unavailable("Chromium is not installed (apt-get install chromium; .ci/run does)")
    pdf = site.client.get(f"/athletes/{site.athlete_id}/reports/2026-W46/report.pdf")
    assert pdf.status_code == 200, pdf.text[:500]
    assert pdf.content.startswith(b"%PDF")
    assert len(pdf.content) > 10_000  # charts and tables, not an empty page


def test_the_access_log_page_does_not_send_a_person_to_the_command_line(site: Site) -> None:
    text = site.client.get(f"/athletes/{site.athlete_id}/access-log").text
    assert "Who opened your data" in text
    assert "fitcoach athlete" not in text
    assert "command line" not in text
