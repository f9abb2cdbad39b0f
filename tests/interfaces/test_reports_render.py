"""The weekly report's HTML: one self-contained file with inline SVG charts, escaped text."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import unavailable
from tests.factories import make_athlete

from fitcoach.coach.services import athletes, plans, reports
from fitcoach.coach.services.context import ServiceContext
from fitcoach.core.errors import ServiceUnavailable
from fitcoach.interfaces.reports import render_weekly, render_weekly_html, weekly
from fitcoach.pipelines.demo import seed_demo

WEEK = "2026-W46"
HOSTILE = "<script>alert(1)</script>"
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


@pytest.fixture
def demo(ctx: ServiceContext) -> int:
    seeded = seed_demo(ctx, weeks=8)
    plans.generate(ctx, seeded.athlete_id, start=date(2026, 11, 2))
    return seeded.athlete_id


def test_the_report_is_one_self_contained_file_with_its_charts(
    ctx: ServiceContext, demo: int
) -> None:
    html = render_weekly_html(ctx, demo, WEEK)
    assert html.startswith("<!DOCTYPE html>")
    assert EXTERNAL.search(html) is None
    assert "<script" not in html.lower()
    assert "<link" not in html.lower()  # styles are inline
    assert html.count("<svg") >= 5  # load, fitness, readiness, muscles, sleep/weight
    for label in (
        "Daily training load, this week against last",
        "Fitness, fatigue and form over six weeks",
        "Readiness per day",
        "Hard sets per muscle against landmarks",
        "Sleep and weight over six weeks",
    ):
        assert f'aria-label="{label}"' in html
    assert "<?xml" not in html
    assert "<!DOCTYPE svg" not in html
    assert 'name="viewport"' in html
    assert "@media print" in html
    for text in ("Alex Demo", "This week against last week", "Planned against done", WEEK):
        assert text in html


def test_without_charts_only_tables(ctx: ServiceContext, demo: int) -> None:
    summary = reports.weekly_summary(ctx, demo, WEEK)
    html = render_weekly(summary, with_charts=False)
    assert "<svg" not in html
    assert "Working sets" in html


def test_athlete_text_is_escaped(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    athletes.get_athlete(ctx, athlete.id)
    from fitcoach.storage.models import Athlete

    row = ctx.session.get(Athlete, athlete.id)
    assert row is not None
    row.name = HOSTILE
    ctx.session.flush()
    html = render_weekly_html(ctx, athlete.id, WEEK)
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "No training plan" in html


def test_a_red_flag_shows_the_pause_banner(ctx: ServiceContext) -> None:
    from fitcoach.coach.services import health

    athlete = make_athlete(ctx)
    health.raise_flag(ctx, athlete.id, "chest_pain")
    html = render_weekly_html(ctx, athlete.id, WEEK)
    assert "Training advice is paused" in html
    assert "health professional" in html


def test_pdf_without_chromium_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(weekly, "chromium", lambda: None)
    with pytest.raises(ServiceUnavailable, match="install"):
        weekly.to_pdf("<html></html>", tmp_path / "r.pdf")


def test_pdf_with_chromium(tmp_path: Path) -> None:
    if weekly.chromium() is None:
        unavailable("Chromium is not installed (apt-get install chromium; .ci/run does)")
    out = weekly.to_pdf("<!DOCTYPE html><html><body><h1>Hi</h1></body></html>", tmp_path / "r.pdf")
    assert out.read_bytes().startswith(b"%PDF")
