"""No page, chat reply or report shows the program's own identifiers to a person.

Every web page the app serves (found from its routes, so that a page added later is read too)
is fetched for the demo athlete (eight weeks of history, a plan, a sensor recording, a chat),
and the coach's views for a linked coach; each page's visible text (no tags, attributes, URLs
or scripts) is scanned for internal strings (``tests/fixtures/internal_strings.py``): Python
representations, hexadecimal ids, model documentation paths, session keys, exercise and
vocabulary slugs, sensor channel codes, chat source badges, tool names, "athlete 1" and
snake_case words. Each pattern is first shown to catch a planted example.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.conftest import NOW, Database
from tests.factories import workout
from tests.fixtures.internal_strings import (
    context,
    internal_strings,
    metric_units,
    quantities_visible,
    visible,
)
from tests.services.test_sensors_service import store_recording
from tests.web.conftest import PASSWORD, Site, login
from tests.web.test_web_security import _routes

from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import Role
from fitcoach.core.settings import Settings
from fitcoach.interfaces.api.app import create_app
from fitcoach.interfaces.reports import render_weekly_html
from fitcoach.interfaces.web.render import WebRoute
from fitcoach.services import accounts, athletes, plans, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject

# Pages that are no page to read: a download, an event stream, the operator's own page.
NOT_READ = {
    "/athletes/{athlete_id}/export.zip": "a zip download",
    "/athletes/{athlete_id}/live/stream": "a server-sent event stream (the live page is read)",
    "/athletes/{athlete_id}/reports/{week}/report.pdf": "a PDF of the page that is read",
    "/admin": "the operator's page, where model versions and device ids belong",
    "/coach": "a coach's page: read as the coach below",
}
# What the athlete asks the coach: logging, numbers, the plan, changes, an explanation.
CHAT = (
    "slept 7 hours",
    "3x8 squats at 100 kg RIR 2",
    "what was my resting HR last week?",
    "should I train hard today?",
    "what is my session today?",
    "make my sessions 45 minutes",
    "I have a pull-up bar and dumbbells at home",
    "why did my plan change?",
)
RED_FLAG = "I felt chest pain during the run"  # sent last: it pauses the training pages
WEEKS = ("2026-W46", "2026-W47")
PROFILE = {
    "birth_date": "1992-05-17", "sex": "female", "height_cm": 168, "weight_kg": 64,
    "goals": ["strength"], "experience_level": "beginner", "days_per_week": 3,
    "session_minutes": 60, "equipment": ["barbell", "squat_rack", "bench", "dumbbell"],
}  # fmt: skip


# --- the scanner catches each kind ----------------------------------------------------------

PLANTED = {
    "python repr": "Since datetime.date(2023, 3, 1) with {'region': 'knee'}",
    "None as a value": "plates None",
    "hex id": "Model a5ced152 suggests",
    "docs path": "its model card (docs/models/ppo.md) says",
    "session key": "Next: w1s1 Upper body A",
    "exercise slug": "Swap barbell-back-squat for a goblet squat",
    "vocabulary slug": "You train with pull_up_bar and dumbbells",
    "channel code": "Channels: ecg, ppg_red",
    "source badge": "Fri 20 Nov, 12:00 · web · guardrail",
    "tool name": "propose plan edit ✓ sessions of 45 min",
    "athlete number": "Weekly report for athlete 1",
    "snake_case word": "Scored from sleep; left out: hrv, resting_hr.",
}


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_the_scanner_catches_each_planted_string(name: str) -> None:
    assert name in {found for found, _ in internal_strings(PLANTED[name])}, PLANTED[name]


def test_the_scanner_lets_plain_words_through() -> None:
    text = (
        "Alex Demo — week of 16–22 November 2026. Week 1, session 1: Upper body A. Barbell "
        "Back Squat 3 × 8 at 100 kg; 20 push-ups; a pull-up bar and dumbbells; lower back "
        "spared; log sets as you go. None of your sessions was missed. Heart rate 61 bpm; "
        "ECG, pulse oximeter, CO2. Logged 7 h of sleep. Colour #2563eb, 20261120, version 12."
    )
    assert internal_strings(text) == []
    page = '<p class="w1s1" data-id="a5ced152"><a href="/docs/models/ppo.md">the card</a></p>'
    assert visible(page) == "the card"  # attributes and URLs are not read


# --- the demo athlete's pages -----------------------------------------------------------------


@contextmanager
def _signed_in(
    database: Database, clock: FixedClock, athlete_id: int, seed: Callable[[ServiceContext], Any]
) -> Iterator[Site]:
    """A client signed in as ``athlete_id`` (given a password), after ``seed(ctx)``."""
    app = create_app(Settings(database_url=database.url, _env_file=None))  # type: ignore[call-arg]
    app.state.clock = clock
    ctx = ServiceContext(session=database.factory(), subject=Subject.system(), clock=clock)
    email = athletes.get_athlete(ctx, athlete_id).email
    accounts.set_password(ctx, accounts.account_for(ctx, email).id, PASSWORD)
    seed(ctx)
    ctx.session.commit()
    try:
        with TestClient(app) as client:
            assert login(client, email, PASSWORD).status_code == 303
            yield Site(client, ctx, athlete_id, email, clock)
    finally:
        ctx.session.rollback()
        ctx.session.close()


@pytest.fixture
def demo_site(database: Database, demo: int, clock: FixedClock) -> Iterator[Site]:
    """The demo athlete signed in, with a sensor recording (and an alert) from this morning."""

    def seed(ctx: ServiceContext) -> None:
        store_recording(ctx, demo, started_at=NOW - timedelta(hours=3), alerts=1)

    with _signed_in(database, clock, demo, seed) as site:
        yield site


def _say(site: Site, text: str) -> str:
    """Send ``text`` through the chat's stream; the reply's text."""
    stream = f"/api/v1/athletes/{site.athlete_id}/chat/stream"
    headers = {"X-CSRF-Token": site.csrf(f"/athletes/{site.athlete_id}/chat")}
    sent = site.client.post(stream, json={"text": text}, headers=headers)
    assert sent.status_code == 200, (text, sent.text[:300])
    found = re.search(r"event: reply\ndata: (.*)\n", sent.text)
    assert found, (text, sent.text[-300:])
    return str(json.loads(found.group(1))["text"])


def _page_routes(app: Any) -> list[str]:
    """Every page the app serves for GET (its path templates)."""
    return sorted(
        path
        for path, route in _routes(app)
        if isinstance(route, WebRoute) and "GET" in (route.methods or set())
    )


def _readable(response: Any) -> str:
    """What a person reads of a response: a page's visible text, or the sentences of a JSON
    answer (the chat shows a plan change's sentences from one)."""
    kind = response.headers.get("content-type", "")
    if kind.startswith("application/json"):
        changes = response.json().get("changes", [])
        return " | ".join(f"{c.get('where', '')}: {c.get('said', '')}" for c in changes)
    assert kind.startswith("text/html"), (str(response.url), kind)
    return visible(response.text)


def _found(where: str, text: str) -> list[str]:
    return [
        f"{where}: {name} {hit!r} in …{context(text, hit)}…" for name, hit in internal_strings(text)
    ]


PARAMETER = re.compile(r"(\{[^}]+\})")


def _paths(template: str, values: dict[str, list[str]], pages: list[str]) -> list[str]:
    """Where ``template`` is read: up to two of the paths the pages read so far link to (a
    workout, a set, a cardio session ...), else the ``values`` given for its parameters;
    empty when neither (a later pass may find a link)."""
    pieces = PARAMETER.split(template)
    link = re.compile(
        "".join(r"[^/\"'?#<>\s]+" if p.startswith("{") else re.escape(p) for p in pieces)
        + r"(?=[\"'?#])"
    )
    linked = list(dict.fromkeys(m.group(0) for page in pages for m in link.finditer(page)))
    if linked:
        return linked[:2]
    paths = [template]
    for name, choices in values.items():
        if "{" + name + "}" in template:
            paths = [p.replace("{" + name + "}", c) for p in paths for c in choices]
    return [p for p in paths if "{" not in p]


def test_no_page_reply_or_report_shows_an_internal_string(demo_site: Site) -> None:
    site = demo_site
    problems: list[str] = []
    for text in CHAT:
        problems += _found(f"chat reply to {text!r}", _say(site, text))
    site.ctx.session.expire_all()
    listing = site.client.get(f"/athletes/{site.athlete_id}/recordings").text
    recordings = sorted(set(re.findall(rf"/athletes/{site.athlete_id}/recordings/(\d+)", listing)))
    assert recordings, "the recording is listed"
    values = {
        "version": [str(v.version) for v in plans.versions(site.ctx, site.athlete_id)],
        "recording_id": recordings,
        "week": list(WEEKS),
        "meal_id": [
            str(m["id"]) for m in training_log.history(site.ctx, site.athlete_id, "meals")[-1:]
        ],
    }
    routes = _page_routes(site.client.app)
    for known in ("/", "/athletes/{athlete_id}", "/athletes/{athlete_id}/plan",
                  "/athletes/{athlete_id}/chat", "/athletes/{athlete_id}/recordings/{recording_id}",
                  "/athletes/{athlete_id}/reports/{week}"):  # fmt: skip
        assert known in routes, f"{known} is not among the app's pages any more"
    # The pages without parameters first, then those whose parameters a page read links to.
    pending = [t.replace("{athlete_id}", str(site.athlete_id)) for t in routes if t not in NOT_READ]
    pages: list[str] = []
    staff_only: list[str] = []  # refused to the athlete: read as the coach below
    while pending:
        ready = {t: paths for t in pending if (paths := _paths(t, values, pages))}
        assert ready, f"no page read links to {pending}, and no value is given for them"
        for template, paths in ready.items():
            pending.remove(template)
            for path in paths:
                response = site.client.get(path)
                if response.status_code == 403:
                    staff_only.append(path)
                    continue
                assert response.status_code == 200, (path, response.status_code)
                problems += _found(path, _readable(response))
                pages.append(response.text)
    assert len(pages) >= 25
    recording = site.client.get(f"/athletes/{site.athlete_id}/recordings/{recordings[0]}").text
    assert "rec-" not in visible(recording)  # the producer's key for it is no name
    for week in WEEKS:
        problems += _found(f"weekly report {week}", visible(render_weekly_html(site.ctx, site.athlete_id, week)))  # fmt: skip

    # A red flag: the reply and the pages that pause.
    problems += _found(f"chat reply to {RED_FLAG!r}", _say(site, RED_FLAG))
    for path in ("", "/chat", "/plan", "/workout"):
        page = site.client.get(f"/athletes/{site.athlete_id}{path}")
        assert page.status_code == 200, path
        problems += _found(f"{path or '/'} with a red flag", visible(page.text))
    # Signed out: the landing page and the sign-in form.
    anonymous = TestClient(site.client.app)
    for path in ("/", "/login"):
        problems += _found(f"{path} signed out", visible(anonymous.get(path).text))
    # A coach linked to the athlete: their overview and the athlete's pages as they see them.
    coach_id = athletes.create_staff_account(site.ctx, "cole@example.org", "Cole", Role.coach)
    athletes.link_coach(site.ctx, coach_id, site.athlete_id)
    site.ctx.session.commit()
    site.account("cole@example.org")
    coach = TestClient(site.client.app)
    assert login(coach, "cole@example.org", PASSWORD).status_code == 303
    for path in ("/coach", f"/athletes/{site.athlete_id}", f"/athletes/{site.athlete_id}/chat",
                 f"/athletes/{site.athlete_id}/plan"):  # fmt: skip
        page = coach.get(path)
        assert page.status_code == 200, path
        problems += _found(f"{path} as the coach", visible(page.text))
    for path in staff_only:  # an admin's alone when the coach is refused too
        page = coach.get(path)
        assert page.status_code in (200, 403), (path, page.status_code)
        if page.status_code == 200:
            problems += _found(f"{path} as the coach", visible(page.text))
    assert not problems, "\n".join(dict.fromkeys(problems))


def test_a_new_athlete_is_not_quoted_a_ratio_of_one_workout(
    database: Database, clock: FixedClock
) -> None:
    """One workout in the chronic window read an acute:chronic ratio of 4.00: the agent card
    (on the plan's "How next week is decided" page) and the weekly report say how much history
    there is instead."""

    def seed(ctx: ServiceContext) -> None:
        session = workout(NOW - timedelta(days=2), ("barbell-back-squat", 3, 60.0, 2))
        training_log.log_workout(ctx, athlete.id, {**session, "duration_s": 3600, "session_rpe": 7})
        plans.generate(ctx, athlete.id)

    with database.factory() as session:
        ctx = ServiceContext(session=session, subject=Subject.system(), clock=clock)
        athlete = athletes.create_athlete(ctx, {"name": "Ana", "email": "ana@example.org",
                                                "profile": PROFILE})  # fmt: skip
        session.commit()
    with _signed_in(database, clock, athlete.id, seed) as site:
        plan = visible(site.client.get(f"/athletes/{athlete.id}/plan/next-week").text)
        suggestion = plans.agent_suggestion(site.ctx, athlete.id)
        assert suggestion.status == "suggested", suggestion.message  # the shipped policy
        assert "not enough history yet (3 of 28 days)" in plan, plan
        assert "4.00" not in plan
        assert "About this model" in plan
        report = visible(site.client.get(f"/athletes/{athlete.id}/reports/2026-W47").text)
        assert "not enough history yet (3 of 28 days)" in report
        assert not _found("plan", plan) + _found("report", report)


# --- an athlete who reads lb and miles: no metric unit anywhere ------------------------------

# What the athlete asks in lb and miles (a bare number is in their unit), and about numbers the
# replies quote in their unit.
IMPERIAL_CHAT = (
    "squat 3x5 225",
    "dumbbell bench press 3x10 at 50",
    "ran 3.1 miles in 27 minutes",
    "weight 176",
    "what was my weight this week?",
    "what is my session today?",
    "show me my plan",
    "why is my squat that heavy?",
    "increase my squat by 10 lb",
    "it was 235 not 225",
)


def _metric(where: str, text: str) -> list[str]:
    return [f"{where}: {u!r} in …{context(text, u)}…" for u in metric_units(text)]


def test_an_athlete_who_reads_lb_sees_no_metric_unit(demo_site: Site) -> None:
    """The demo athlete (eight weeks of history, a plan, a recording) switched to lb and miles:
    every page they read, every chat reply and both weekly reports say lb, miles, feet and
    inches, never kg, km or cm (a form's choices between the two systems are no quantity)."""
    site = demo_site
    athletes.update_profile(site.ctx, site.athlete_id, {"units": "imperial", "height_cm": 178})
    site.ctx.session.commit()
    problems: list[str] = []
    for text in IMPERIAL_CHAT:
        problems += _metric(f"chat reply to {text!r}", _say(site, text))
    site.ctx.session.expire_all()
    listing = site.client.get(f"/athletes/{site.athlete_id}/recordings").text
    values = {
        "version": [str(v.version) for v in plans.versions(site.ctx, site.athlete_id)],
        "recording_id": sorted(
            set(re.findall(rf"/athletes/{site.athlete_id}/recordings/(\d+)", listing))
        ),
        "week": list(WEEKS),
        "meal_id": [
            str(m["id"]) for m in training_log.history(site.ctx, site.athlete_id, "meals")[-1:]
        ],
    }
    pending = [
        t.replace("{athlete_id}", str(site.athlete_id))
        for t in _page_routes(site.client.app)
        if t not in NOT_READ
    ]
    pages: list[str] = []
    while pending:
        ready = {t: paths for t in pending if (paths := _paths(t, values, pages))}
        assert ready, f"no page read links to {pending}"
        for template, paths in ready.items():
            pending.remove(template)
            for path in paths:
                response = site.client.get(path)
                if response.status_code == 403:
                    continue  # a coach's or an admin's page
                assert response.status_code == 200, (path, response.status_code)
                if response.headers.get("content-type", "").startswith("text/html"):
                    problems += _metric(path, quantities_visible(response.text))
                else:
                    problems += _metric(path, _readable(response))
                pages.append(response.text)
    assert len(pages) >= 25
    profile = visible(site.client.get(f"/athletes/{site.athlete_id}/profile").text)
    if "Height (ft and in)" not in profile:
        problems.append(f"the profile labels the height otherwise: {profile[:400]}")
    for week in WEEKS:
        report = quantities_visible(render_weekly_html(site.ctx, site.athlete_id, week))
        problems += _metric(f"weekly report {week}", report)
    assert not problems, "\n".join(dict.fromkeys(problems))
