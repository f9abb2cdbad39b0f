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
from fitcoach.services import athletes, reports
from fitcoach.services.context import ServiceContext

WEEK = "2026-W46"
HOSTILE = "<script>alert(1)</script>"
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def test_the_report_is_one_self_contained_file_with_its_charts(
    ctx: ServiceContext, demo: int
) -> None:
    html = render_weekly_html(ctx, demo, WEEK)
    assert html.startswith("<!DOCTYPE html>")
    assert EXTERNAL.search(html) is None
    assert "<script" not in html.lower()
    assert "<link" not in html.lower()  # styles are inline
    assert html.count("<svg") >= 6  # load, fitness, readiness, muscles, sleep, weight
    for label in (
        "Daily training load, this week against last",
        "Fitness, fatigue and form over six weeks",
        "Readiness per day",
        "Hard sets per muscle against landmarks",
        "Sleep per night over six weeks",
        "Body weight over six weeks",
    ):
        assert f'aria-label="{label}"' in html
    assert "<?xml" not in html
    assert "<!DOCTYPE svg" not in html
    assert 'name="viewport"' in html
    assert "@media print" in html
    for text in ("This week against last week", "Planned against done", "week 46 of 2026"):
        assert text in html
    # Titled with the athlete's name and the week's days, never "athlete 1".
    assert "<title>Alex Demo — week of 9–15 November 2026</title>" in html
    assert f"athlete {demo}" not in html


def test_the_title_names_the_weeks_days() -> None:
    assert weekly.week_title("Ana", date(2026, 11, 16), date(2026, 11, 22)) == (
        "Ana — week of 16–22 November 2026"
    )
    assert weekly.week_title("Ana", date(2026, 11, 30), date(2026, 12, 6)) == (
        "Ana — week of 30 November – 6 December 2026"
    )
    assert weekly.week_title("Ana", date(2025, 12, 29), date(2026, 1, 4)) == (
        "Ana — week of 29 December 2025 – 4 January 2026"
    )


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


def _x_title(svg_text: str) -> str:
    """The x axis title: the lowest text of the chart that is not rotated."""
    found = [
        (float(y), text)
        for y, text in re.findall(
            r'<text x="[\d.]+" y="([\d.]+)" style="[^"]*">([^<]*)</text>', svg_text
        )
    ]
    return max(found)[1]


def _rotated(svg_text: str) -> list[str]:
    return re.findall(r'transform="rotate\(-90[^"]*"[^>]*>([^<]*)</text>', svg_text)


def test_charts_show_their_titles_series_units_and_colours(ctx: ServiceContext, demo: int) -> None:
    summary = reports.weekly_summary(ctx, demo, WEEK)
    drawn = weekly.charts(summary)
    assert list(drawn) == ["load", "fitness", "readiness", "muscles", "sleep", "weight"]
    assert list(weekly.chart_heights(summary)) == list(drawn)
    # Every x axis has a title; every y axis one that says what is measured.
    assert {name: _x_title(chart) for name, chart in drawn.items()} == {
        "load": "day of the week",
        "fitness": "date (ticks on Mondays)",
        "readiness": "day of the week",
        "muscles": "hard sets this week (bars); MEV to MRV (lines)",
        "sleep": "date (ticks on Mondays)",
        "weight": "date (ticks on Mondays)",
    }
    assert _rotated(drawn["load"]) == ["training load (AU)", "session-RPE × minutes"]
    assert _rotated(drawn["fitness"]) == ["training load (AU per day)", "session-RPE × minutes"]
    assert "AU per day" not in _texts(drawn["fitness"])  # never on its own, unexplained

    load = drawn["load"]
    assert {"last week", "this week"} | WEEKDAYS <= _texts(load)
    week_days = {summary.week_start + timedelta(days=i) for i in range(7)}
    loaded = [d for d in summary.load_days if d.day in week_days and d.load_au]
    assert loaded
    assert _bars(load, weekly.COLOURS["this"]) == len(loaded)

    fitness = drawn["fitness"]
    assert {"fitness (CTL)", "fatigue (ATL)", "form (TSB)"} <= _texts(fitness)
    for colour in ("ctl", "atl", "tsb"):
        assert f"stroke: {weekly.COLOURS[colour]}" in fitness

    readiness = drawn["readiness"]
    assert {"readiness (0-100)"} | WEEKDAYS <= _texts(readiness)
    scored = [r for r in summary.readiness if r.score is not None]
    assert scored
    assert {str(r.score) for r in scored} <= _texts(readiness)

    muscles = drawn["muscles"]
    assert {m.muscle.replace("_", " ") for m in summary.muscles} <= _texts(muscles)

    # Sleep and weight: two small multiples, each on its own axis, over the same six weeks.
    sleep, weight = drawn["sleep"], drawn["weight"]
    assert _rotated(sleep) == ["sleep (h)"]
    assert _rotated(weight) == ["body weight (kg)"]
    slept = [t for t in summary.trend if t.sleep_h is not None]
    assert slept
    assert _bars(sleep, weekly.COLOURS["sleep"]) == len(slept)
    assert f"stroke: {weekly.COLOURS['weight']}" not in sleep
    assert f"stroke: {weekly.COLOURS['weight']}" in weight
    assert _bars(weight, weekly.COLOURS["sleep"]) == 0
    assert len(_tick_xs(sleep)) == 6  # a Monday a week
    assert _tick_xs(sleep) == _tick_xs(weight)  # the same x positions: they read together


def test_the_muscle_chart_has_three_classes_with_a_legend(ctx: ServiceContext, demo: int) -> None:
    summary = reports.weekly_summary(ctx, demo, WEEK)
    base = summary.muscles[0]
    statuses = ["below_mev", "productive", "above_mav", "above_mrv", None]
    muscles = [
        base.model_copy(update={"muscle": f"muscle_{i}", "status": status, "sets": 3.0 + i})
        for i, status in enumerate(statuses)
    ]
    chart = weekly.charts(summary.model_copy(update={"muscles": muscles}))["muscles"]
    # The web's three colours (static/charts.js), one per class, and grey without landmarks.
    web = (Path(weekly.__file__).parents[1] / "web/static/charts.js").read_text()
    classes = [(name, colour) for name, colour, _ in weekly.VOLUME_CLASSES]
    for name, colour in classes:
        assert f'{{ name: "{name}", color: "{colour}"' in web
    colours = [colour for _, colour in classes]
    assert len(set(colours)) == 3
    below, within, above = colours
    assert _bars(chart, below) == 1
    assert _bars(chart, within) == 2  # MEV to MAV and MAV to MRV are one class
    assert _bars(chart, above) == 1
    assert _bars(chart, weekly.NO_LANDMARKS[1]) == 1
    # A legend names each class beside its swatch.
    assert {"below MEV", "MEV to MRV", "above MRV", "no landmarks"} <= _texts(chart)
    for colour in (*colours, weekly.NO_LANDMARKS[1]):
        assert re.search(rf'<rect [^>]*style="fill: {colour}"', chart), colour
    # Without a muscle lacking landmarks the legend has the three classes only.
    plain = weekly.charts(summary.model_copy(update={"muscles": muscles[:4]}))["muscles"]
    assert "no landmarks" not in _texts(plain)
    html = render_weekly(summary.model_copy(update={"muscles": muscles}))
    assert "<td>MAV to MRV</td>" in html
    assert "<td>below MEV</td>" in html


def test_without_weight_only_the_sleep_chart(ctx: ServiceContext, demo: int) -> None:
    summary = reports.weekly_summary(ctx, demo, WEEK)
    unweighed = summary.model_copy(
        update={"trend": [t.model_copy(update={"weight_kg": None}) for t in summary.trend]}
    )
    drawn = weekly.charts(unweighed)
    assert "sleep" in drawn
    assert "weight" not in drawn
    assert "No body weight logged in the last six weeks." in render_weekly(unweighed)


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
    full, gaps = weekly.charts(summary)["sleep"], weekly.charts(gappy)["sleep"]
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


def test_the_report_writes_days_and_states_in_words(ctx: ServiceContext, demo: int) -> None:
    """A morning without readings reads "no data", its reason names the day as the pages do
    (not ISO), in the table and on the chart."""
    summary = reports.weekly_summary(ctx, demo, WEEK)
    day = summary.week_start + timedelta(days=1)
    empty = reports.ReadinessOut(
        day=day,
        status="no_data",
        score=None,
        colour=None,
        reasons=[f"No readings for {day.isoformat()}: log HRV, resting HR, sleep or how you feel."],
    )
    others = [r for r in summary.readiness if r.day != day]
    quiet = summary.model_copy(update={"readiness": [*others, empty]})
    html = render_weekly(quiet)
    assert "no_data" not in html
    assert "No readings for Tue 10 Nov: log HRV" in html
    assert day.isoformat() not in html
    assert "no data" in _texts(weekly.charts(quiet)["readiness"])
