"""The template filters every page uses: names for slugs, numbers by unit, one date and time
format in the athlete's timezone, reasons in words."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from fitcoach.coach.explanations import reason
from fitcoach.core.clock import FixedClock
from fitcoach.interfaces.web.render import templates

AT = datetime(2026, 11, 20, 17, 5, 7, tzinfo=UTC)


def render(source: str, **context: Any) -> str:
    return templates.env.from_string(source).render(**context)


def athlete(zone: str) -> SimpleNamespace:
    return SimpleNamespace(id=7, timezone=zone)


def web(zone: str, now: datetime = AT, own: int | None = 7) -> SimpleNamespace:
    """What the filters read of a signed-in page: the clock and the signed-in athlete."""
    return SimpleNamespace(
        ctx=SimpleNamespace(clock=FixedClock(now)),
        own_athlete_id=own,
        athletes=[athlete(zone)],
    )


def test_when_day_and_clock_use_the_athletes_timezone() -> None:
    page = {"athlete": athlete("Europe/Berlin"), "web": web("Europe/Berlin")}
    assert render("{{ at|when }}", at=AT, **page) == "Fri 20 Nov, 18:05"
    assert render("{{ at|clock }}", at=AT, **page) == "18:05"
    assert render("{{ at|clock(seconds=true) }}", at=AT, **page) == "18:05:07"
    assert render("{{ at|day }}", at=AT, **page) == "Fri 20 Nov"
    late = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)  # already Saturday in Berlin
    assert render("{{ at|day }}", at=late, **page) == "Sat 21 Nov"
    assert render("{{ d|day }}", d=date(2025, 3, 1), **page) == "Sat 1 Mar 2025"
    assert render("{{ d|day }}", d="2026-11-23", **page) == "Mon 23 Nov"
    naive = datetime(2026, 11, 20, 17, 5)  # read as UTC
    assert render("{{ at|when }}", at=naive, **page) == "Fri 20 Nov, 18:05"
    assert render("{{ none|when }}", **page) == "—"


def test_pages_about_nobody_write_utc_and_say_so() -> None:
    admin = web("UTC", own=None)
    assert render("{{ at|when }}", at=AT, web=admin) == "Fri 20 Nov, 17:05 UTC"
    assert render("{{ at|when }}", at=AT, web=None) == "Fri 20 Nov, 17:05 UTC"
    # Without a page athlete the signed-in athlete's own zone is used.
    assert render("{{ at|when }}", at=AT, web=web("America/New_York")) == "Fri 20 Nov, 12:05"
    assert render("{{ page_timezone() }}", web=web("Asia/Tokyo")) == "Asia/Tokyo"
    assert render("{{ page_timezone() }}", web=None) == "None"
    # An unknown zone name reads as UTC rather than failing the page.
    assert render("{{ at|clock }}", at=AT, athlete=athlete("Mars/Olympus"), web=None) == "17:05"


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("{{ 72.57477920000001|num('body_kg') }}", "72.6"),
        ("{{ 84.994|num('kg') }}", "84.99"),
        ("{{ 80.0|num('kg') }}", "80"),
        ("{{ 1.3456|num('ratio') }}", "1.35"),
        ("{{ -3.4|num('AU') }}", "-3"),
        ("{{ '7.25'|num('h') }}", "7.2"),
        ("{{ 'n/a'|num }}", "n/a"),
        ("{{ none|num('kg') }}", "—"),
        ("{{ 'barbell-bench-press'|exercise }}", "Barbell Bench Press"),
        ("{{ 150|duration }}", "2 min 30 s"),
        ("{{ 'rl'|proposer }}", "the learned policy"),
        ("{{ 'coach'|proposer }}", "the coach"),
    ],
)
def test_numbers_names_and_words(source: str, shown: str) -> None:
    assert render(source) == shown


def test_reasons_read_names_days_and_start_with_a_capital() -> None:
    edit = reason("edit_applied", what="barbell-row set to 4 set(s) in w1s3", who="your coach")
    days = {"w1s3": date(2026, 11, 26)}
    assert render("{{ r|reason }}", r=edit, session_days=days) == (
        "Changed: Barbell Bent-Over Row set to 4 sets on Thu 26 Nov (asked by your coach)."
    )
    plain = "no readings for 2026-11-23: log HRV"
    assert render("{{ r|reason }}", r=plain) == "No readings for Mon 23 Nov: log HRV"
    assert render("{{ 'w1s3'|session_day }}", session_days=days) == "Thu 26 Nov"
    assert render("{{ 'w9s9'|session_day }}", session_days=days) == "w9s9"
