"""The weekly report's HTML: one self-contained file with inline SVG charts, escaped text."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest
from tests.conftest import unavailable
from tests.factories import make_athlete

from fitcoach.core.errors import ServiceUnavailable
from fitcoach.interfaces.reports import render_weekly, render_weekly_html, weekly
from fitcoach.pipelines.demo import seed_demo
from fitcoach.services import athletes, plans, reports
from fitcoach.services.context import ServiceContext

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
    from fitcoach.services import health

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


# --- the charts ---------------------------------------------------------------------------------

WEEKDAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
TEXT = re.compile(r"<text\b[^>]*>([^<]*)</text>")
PATH = re.compile(r'<path d="([^"]*)"[^>]*style="([^"]*)"')


def _texts(svg: str) -> set[str]:
    return set(TEXT.findall(svg))


def _bars(svg: str, colour: str) -> int:
    """Bars drawn in ``colour``: the closed shapes of the largest path filled with it (the
    legend's swatch is a path of its own)."""
    shapes = [d.count("z") for d, style in PATH.findall(svg) if f"fill: {colour}" in style]
    return max(shapes, default=0)


def _tick_xs(svg: str) -> list[str]:
    """The x positions of the date labels (``12 Oct``) on a six-week chart."""
    return re.findall(r'x="([\d.]+)"[^>]*>\d\d [A-Z][a-z]{2}</text>', svg)


def test_charts_show_their_titles_series_units_and_colours(ctx: ServiceContext, demo: int) -> None:
    summary = reports.weekly_summary(ctx, demo, WEEK)
    drawn = weekly.charts(summary)
    assert list(drawn) == ["load", "fitness", "readiness", "muscles", "trend"]
    assert list(weekly.chart_heights(summary)) == list(drawn)

    load = drawn["load"]
    assert {"last week", "this week", "load (AU)"} | WEEKDAYS <= _texts(load)
    week_days = {summary.week_start + timedelta(days=i) for i in range(7)}
    loaded = [d for d in summary.load_days if d.day in week_days and d.load_au]
    assert loaded
    assert _bars(load, weekly.COLOURS["this"]) == len(loaded)

    fitness = drawn["fitness"]
    assert {"fitness (CTL)", "fatigue (ATL)", "form (TSB)", "AU per day"} <= _texts(fitness)
    for colour in ("ctl", "atl", "tsb"):
        assert f"stroke: {weekly.COLOURS[colour]}" in fitness

    readiness = drawn["readiness"]
    assert {"readiness (0-100)"} | WEEKDAYS <= _texts(readiness)
    scored = [r for r in summary.readiness if r.score is not None]
    assert scored
    assert {str(r.score) for r in scored} <= _texts(readiness)

    muscles = drawn["muscles"]
    assert "hard sets (bars); MEV to MRV (lines)" in _texts(muscles)
    assert {m.muscle.replace("_", " ") for m in summary.muscles} <= _texts(muscles)

    trend = drawn["trend"]
    assert {"sleep (h)", "weight (kg)"} <= _texts(trend)
    slept = [t for t in summary.trend if t.sleep_h is not None]
    assert slept
    assert _bars(trend, weekly.COLOURS["sleep"]) == len(slept)
    assert f"stroke: {weekly.COLOURS['weight']}" in trend
    assert len(_tick_xs(trend)) == 6  # a Monday a week


def test_a_day_without_data_leaves_the_axis_where_it_was(ctx: ServiceContext, demo: int) -> None:
    summary = reports.weekly_summary(ctx, demo, WEEK)
    gappy = summary.model_copy(
        update={
            "trend": [
                t.model_copy(update={"sleep_h": None}) if i < 3 else t
                for i, t in enumerate(summary.trend)
            ]
        }
    )
    full, gaps = weekly.charts(summary)["trend"], weekly.charts(gappy)["trend"]
    assert _tick_xs(gaps) == _tick_xs(full)
    slept = sum(t.sleep_h is not None for t in gappy.trend)
    assert _bars(gaps, weekly.COLOURS["sleep"]) == slept < _bars(full, weekly.COLOURS["sleep"])


def test_the_same_data_draws_the_same_bytes(ctx: ServiceContext, demo: int) -> None:
    summary = reports.weekly_summary(ctx, demo, WEEK)
    sparse = reports.weekly_summary(ctx, make_athlete(ctx).id, WEEK)
    big = summary.model_copy(  # everything larger: stale limits would show
        update={
            "load_days": [
                d.model_copy(
                    update={k: getattr(d, k) * 5 for k in ("load_au", "atl", "ctl", "tsb")}
                )
                for d in summary.load_days
            ],
            "trend": [
                t.model_copy(update={"sleep_h": 20.0, "weight_kg": 300.0}) for t in summary.trend
            ],
            "muscles": [m.model_copy(update={"sets": m.sets * 3}) for m in summary.muscles],
        }
    )
    first = weekly.charts(summary)
    assert weekly.charts(sparse) != first
    assert weekly.charts(big) != first
    # Nothing of the last report may show in the next.
    assert weekly.charts(summary) == first
    assert render_weekly(summary) == render_weekly(summary)
    with ThreadPoolExecutor(max_workers=3) as pool:  # the API renders on worker threads
        drawn = list(pool.map(weekly.charts, [summary, big, summary, sparse, summary]))
    assert drawn[0] == drawn[2] == drawn[4] == first
