"""Body measurements in the weekly report (SQLite and PostgreSQL): the torso's chart over the
six weeks beside body weight, each measurement's change since the first reading and over the
last four weeks, the tape's estimate labelled as one; in cm or in."""

from __future__ import annotations

import re
from datetime import date, timedelta

from tests.factories import make_athlete

from fitcoach.interfaces.reports import render_weekly_html
from fitcoach.services import athletes, measurements, reports, training_log
from fitcoach.services.context import ServiceContext

WEEK = "2026-W46"  # Mon 9 to Sun 15 November 2026
SUNDAY = date(2026, 11, 15)


def _measured(ctx: ServiceContext, units: str = "metric") -> int:
    a = make_athlete(ctx, sex="male", height_cm=180, units=units)
    for week in range(5):
        day = SUNDAY - timedelta(days=7 * (4 - week))
        measurements.log_measurements(
            ctx,
            a.id,
            {"day": day.isoformat(), "neck_cm": 39, "waist_cm": 92 - week, "thigh_left_cm": 58},
        )
        training_log.log_daily(ctx, a.id, {"day": day.isoformat(), "weight_kg": 84 - week * 0.4})
    # After the report's week: not in it.
    measurements.log_measurements(ctx, a.id, {"day": "2026-11-18", "waist_cm": 80})
    return a.id


def _row(html: str, label: str) -> str:
    section = html[html.index('<section id="measurements">') :]
    found = re.search(rf"<tr><td>{re.escape(label)}</td>.*?</tr>", section, re.S)
    assert found, label
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0))).strip()


def test_the_report_charts_and_tabulates_the_tape(ctx: ServiceContext) -> None:
    athlete = _measured(ctx)
    data = reports.weekly_summary(ctx, athlete, WEEK)
    assert data.measurements is not None
    waist = next(c for c in data.measurements.changes if c.kind == "waist")
    assert (waist.latest_day, waist.latest, waist.since_start, waist.recent) == (SUNDAY, 88.0, -4.0, -4.0)  # fmt: skip
    html = render_weekly_html(ctx, athlete, WEEK)
    assert "Body measurements over six weeks" in html  # the chart's title
    assert "circumference (cm)" in html  # its axis, with the unit
    assert "body weight (kg)" in html  # beside the weight chart
    assert _row(html, "waist") == "waist 88 cm (15 Nov) −4 cm −4 cm"
    assert _row(html, "left thigh") == "left thigh 58 cm (15 Nov) ±0 cm ±0 cm"
    assert "Body fat estimated from the tape on 15 Nov" in html
    assert "± 3.52" in html
    assert "not a measurement" in html
    assert "80 cm" not in html  # the reading after the week


def test_an_imperial_athletes_report_says_inches(ctx: ServiceContext) -> None:
    athlete = _measured(ctx, "imperial")
    html = render_weekly_html(ctx, athlete, WEEK)
    assert "circumference (in)" in html
    assert _row(html, "waist") == "waist 34.6 in (15 Nov) −1.6 in −1.6 in"
    athletes.update_profile(ctx, athlete, {"units": "metric"})
    assert "circumference (cm)" in render_weekly_html(ctx, athlete, WEEK)


def test_a_report_without_measurements_says_so(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    html = render_weekly_html(ctx, athlete.id, WEEK)
    assert "No body measurements logged yet." in html
    assert "Body measurements over six weeks" not in html
