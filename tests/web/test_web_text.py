"""Every page as a person reads it: exercise names, not slugs; days, not session keys or
diff paths; no float noise; one date format; plan changes as sentences; the landing page, the
favicon and the web app manifest."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, time, timedelta

import pytest
from tests.conftest import NOW
from tests.factories import make_athlete, workout
from tests.web.conftest import PASSWORD, Site, login
from tests.web.test_chat_page import Proposer, _athlete_ctx

from fitcoach.assistant import conversations
from fitcoach.coach import wording
from fitcoach.coach.library import library_records
from fitcoach.coach.plan import StrengthItem
from fitcoach.coach.schemas import DailyMetricsIn
from fitcoach.core.domain import Role
from fitcoach.services import athletes, plans, training_log

LONG_FLOAT = re.compile(r"\d+\.\d{4,}")
INTERNAL = re.compile(r"\bw\d+s\d+\b|items\[\d+\]|\.exercise\b")
ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
DAY_MONTH = re.compile(rf"(\w+ )?\b\d{{1,2}} (?:{MONTHS})\b")
WEEKDAYS = ("Mon ", "Tue ", "Wed ", "Thu ", "Fri ", "Sat ", "Sun ")
SLUGS = sorted((r.slug for r in library_records() if "-" in r.slug), key=len, reverse=True)
SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
STYLE = re.compile(r"<style\b.*?</style>", re.S)
TAG = re.compile(r"<[^>]+>")


def visible(html: str) -> str:
    """The text a person reads: no scripts, styles, tags or attribute values."""
    text = TAG.sub(" ", STYLE.sub(" ", SCRIPT.sub(" ", html)))
    return re.sub(r"\s+", " ", text.replace("&amp;", "&").replace("&#39;", "'"))


def slug_in(text: str) -> str | None:
    return next((s for s in SLUGS if re.search(rf"(?<![\w-]){s}(?![\w-])", text)), None)


def assert_readable(path: str, html: str) -> None:
    text = visible(html)
    assert slug_in(text) is None, (path, slug_in(text))
    assert not INTERNAL.search(text), (path, INTERNAL.search(text))
    assert not LONG_FLOAT.search(SCRIPT.sub(" ", html)), (path, LONG_FLOAT.search(html))
    assert not ISO_DAY.search(text), (path, ISO_DAY.search(text))
    for found in DAY_MONTH.finditer(text):  # "Fri 20 Nov", never "20 Nov" or "20 Nov 2026"
        assert (found.group(1) or "") in WEEKDAYS, (path, found.group(0))


@pytest.fixture
def proposed(site: Site) -> tuple[int, int]:
    """Two proposals waiting: a swap by the coach and shorter sessions by the assistant."""
    plan = plans.current(site.ctx, site.athlete_id).plan
    assert plan is not None
    session = plan.sessions()[2]
    lift = next(i for i in session.items if isinstance(i, StrengthItem))
    swap = plans.propose_edit(
        site.ctx,
        site.athlete_id,
        {"op": "replace_exercise", "session": session.key, "exercise": lift.exercise,
         "to": "dumbbell-bench-press"},
        proposed_by="coach",
    )  # fmt: skip
    shorter = plans.propose_edit(
        site.ctx, site.athlete_id, {"op": "set_session_minutes", "minutes": 40},
        proposed_by="assistant",
    )  # fmt: skip
    assert swap.version is not None
    assert shorter.version is not None
    site.ctx.session.commit()
    return swap.version, shorter.version


def test_every_page_shows_names_days_and_tidy_numbers(
    site: Site, proposed: tuple[int, int]
) -> None:
    training_log.log_daily(
        site.ctx,
        site.athlete_id,
        DailyMetricsIn(
            day=NOW.date(), weight_kg=72.57477920000001, resting_hr=51.33333333, source="web"
        ),
    )
    site.ctx.session.commit()
    base = f"/athletes/{site.athlete_id}"
    paths = [
        "/",
        base,
        f"{base}/plan",
        f"{base}/plan/versions/1",
        f"{base}/plan/versions/{proposed[0]}",
        f"{base}/plan/versions/{proposed[1]}",
        f"{base}/checkin",
        f"{base}/chat",
        f"{base}/recordings",
        f"{base}/reports",
        f"{base}/access-log",
        f"{base}/privacy",
        f"{base}/telegram",
        f"{base}/live",
        "/coach",
    ]
    for path in paths:
        page = site.client.get(path)
        assert page.status_code == 200, (path, page.text[:300])
        assert_readable(path, page.text)
    checkin = site.client.get(f"{base}/checkin").text
    assert 'value="72.6"' in checkin
    assert 'value="51"' in checkin


def test_plan_changes_read_as_sentences(site: Site, proposed: tuple[int, int]) -> None:
    swap, shorter = proposed
    current = plans.current(site.ctx, site.athlete_id)
    assert current.plan is not None
    assert current.version is not None
    view = plans.get_version(site.ctx, site.athlete_id, swap)
    key = view.diff[0].path.split(".")[0]
    old = current.plan.session(key)
    before = next(i for i in old.items if isinstance(i, StrengthItem)).exercise
    on = wording.session_days(current.plan, NOW.date())[key]
    sentence = (
        f"{wording.day_text(on)} · {old.name}</strong>: {wording.exercise_name(before)} → "
        "Dumbbell Bench Press"
    )
    base = f"/athletes/{site.athlete_id}"
    plan_page = site.client.get(f"{base}/plan").text
    assert sentence in plan_page
    assert "because your coach asked." in plan_page
    assert "Plan</strong>: sessions of 60 → 40 min, because you asked in the chat." in plan_page
    assert "more changes</summary>" in plan_page  # a long diff folds after four sentences
    version_page = site.client.get(f"{base}/plan/versions/{swap}").text
    assert sentence in version_page
    assert "Proposed by <strong>the coach</strong> on " in version_page
    assert "What made it: exercise swapped" in version_page
    # The chat's script reads the same sentences for a proposal that arrives while it is open.
    changes = site.client.get(f"{base}/plan/versions/{shorter}/changes")
    assert changes.status_code == 200
    body = changes.json()
    assert body["version"] == shorter
    assert body["status"] == "proposed"
    assert body["changes"][0]["sentence"] == (
        "Plan: sessions of 60 → 40 min, because you asked in the chat."
    )
    assert all(slug_in(c["sentence"]) is None for c in body["changes"])
    assert site.client.get(f"{base}/plan/versions/99/changes").status_code == 404


def test_a_chat_proposal_says_what_it_changes(site: Site, proposed: tuple[int, int]) -> None:
    swap, _ = proposed
    conversations.chat(
        _athlete_ctx(site), site.athlete_id, "swap the bench", channel="web",
        assistant=Proposer(swap),
    )  # fmt: skip
    site.ctx.session.commit()
    html = site.client.get(f"/athletes/{site.athlete_id}/chat").text
    assert "→ Dumbbell Bench Press" in html
    assert "because your coach asked." in html
    # What the coach did, in its own words and folded; no tool's name (that is the admin's).
    assert "What the coach did</summary>" in html
    assert "Session length changed" in html
    assert "propose plan edit" not in html
    assert "propose_plan_edit" not in visible(html)
    config = json.loads(
        re.search(r'id="chat-data">(.*?)</script>', html).group(1)  # type: ignore[union-attr]
    )
    assert config["plan_changes"] == f"/athletes/{site.athlete_id}/plan/versions"


def test_the_landing_page_is_the_product(site: Site) -> None:
    home = site.client.get("/")
    assert home.status_code == 200
    assert 'id="home-today"' in home.text
    assert 'id="home-week"' in home.text
    week = re.findall(r'<span class="when">([^<]+)</span>', home.text)
    assert len(week) == 7
    assert week[0].startswith("Mon ")
    plan = plans.current(site.ctx, site.athlete_id).plan
    assert plan is not None
    upcoming = plans.next_sessions(site.ctx, site.athlete_id, limit=1)
    assert upcoming
    assert upcoming[0].name in home.text
    # A coach starts at their athletes; nobody signed in gets what fitcoach is and a sign-in.
    coach_id = athletes.create_staff_account(site.ctx, "cole@example.org", "Cole", Role.coach)
    athletes.link_coach(site.ctx, coach_id, site.athlete_id)
    site.ctx.session.commit()
    site.account("cole@example.org")
    site.client.cookies.clear()
    intro = site.client.get("/")
    assert intro.status_code == 200
    assert "Your open-source personal trainer" in intro.text
    assert 'action="/login"' in intro.text
    assert 'name="csrf_token"' in intro.text
    assert "fitcoach_login_csrf=" in intro.headers["set-cookie"]  # the form's double submit
    assert "<tr><td>athletes</td><td>" in intro.text
    assert login(site.client, "cole@example.org", PASSWORD).status_code == 303
    coach_home = site.client.get("/", follow_redirects=False)
    assert coach_home.status_code == 303
    assert coach_home.headers["location"] == "/coach"
    # A session cookie that no longer signs anyone in reads as nobody.
    site.client.cookies.clear()
    site.client.cookies.set("fitcoach_session", "not-a-session")
    assert "Your open-source personal trainer" in site.client.get("/").text


def test_the_manifest_and_the_favicon_are_linked_and_served(site: Site) -> None:
    page = site.client.get(f"/athletes/{site.athlete_id}").text
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert '<link rel="icon" href="/static/icons/fitcoach.svg" type="image/svg+xml">' in page
    assert '<meta name="theme-color" content="#0d1b2a">' in page
    assert '<meta name="timezone" content="UTC">' in page
    manifest = site.client.get("/manifest.webmanifest")
    assert manifest.status_code == 200
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    data = manifest.json()
    assert data["start_url"] == "/"
    assert data["display"] == "standalone"
    assert data["theme_color"] == "#0d1b2a"
    sizes = {i["sizes"] for i in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(i.get("purpose") == "maskable" for i in data["icons"])
    for icon in data["icons"]:
        served = site.client.get(icon["src"])
        assert served.status_code == 200, icon
        assert served.headers["content-type"].startswith(icon["type"]), icon
        if icon["type"] == "image/png":
            width, height = (int(x) for x in icon["sizes"].split("x"))
            assert served.content[:8] == b"\x89PNG\r\n\x1a\n"
            assert int.from_bytes(served.content[16:20], "big") == width
            assert int.from_bytes(served.content[20:24], "big") == height
    favicon = site.client.get("/favicon.ico")
    assert favicon.status_code == 200
    assert favicon.headers["content-type"] == "image/png"
    # The policy lets the page load its manifest and icons (they come from this origin).
    csp = site.client.get("/").headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "img-src 'self'" in csp
    assert "manifest-src" not in csp


def test_the_week_shows_what_was_done_and_what_is_planned(site: Site) -> None:
    monday = NOW.date() - timedelta(days=NOW.weekday())  # NOW is a Friday
    at = datetime.combine(monday, time(18), tzinfo=UTC)
    training_log.log_workout(
        site.ctx, site.athlete_id, workout(at, ("barbell-back-squat", 5, 90.0, 2), title="Legs")
    )
    site.ctx.session.commit()
    html = site.client.get("/").text
    days = html[html.index('class="week-strip"') :].split("</li>")[:7]
    assert wording.day_text(monday) in days[0]
    assert '<span class="done">✓ Legs</span>' in days[0]
    assert "today" in days[NOW.weekday()]
    planned = plans.next_sessions(site.ctx, site.athlete_id, until=monday + timedelta(days=6))
    for served in planned:
        assert served.name in days[served.on.weekday()]


def test_the_landing_page_without_a_plan_or_readings(site: Site) -> None:
    fresh = make_athlete(site.ctx)
    site.ctx.session.commit()
    site.account(fresh.email)
    site.client.cookies.clear()
    assert login(site.client, fresh.email, PASSWORD, next_="/").status_code == 303
    home = site.client.get("/")
    assert home.status_code == 200
    today = visible(home.text[home.text.index('id="home-today"') :])
    assert "No plan yet" in today  # not a dead end:
    assert "Build my first plan" in today
    assert 'href="/welcome"' in home.text
    assert "No check-in yet — how do you feel?" in home.text  # asked, one tap per item
    assert 'id="home-checkin-energy"' in home.text
    assert home.text.count('<span class="rest">Rest</span>') == 7 - NOW.weekday()  # from today
    assert_readable("/", home.text)
