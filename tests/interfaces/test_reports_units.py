"""The weekly report in the athlete's units: tonnage and body weight in lb, distance in miles
for an athlete who chose imperial units; kg and km otherwise. The JSON form keeps kg and km."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from tests.factories import make_athlete, workout

from fitcoach.interfaces.reports import render_weekly_html
from fitcoach.services import athletes, reports, training_log
from fitcoach.services.context import ServiceContext

WEEK = "2026-W46"  # Mon 9 to Sun 15 November 2026
MONDAY = datetime(2026, 11, 9, 18, 0, tzinfo=UTC)


def _week(ctx: ServiceContext, units: str) -> int:
    a = make_athlete(ctx, units=units)
    for n in range(3):
        at = MONDAY + timedelta(days=2 * n)
        training_log.log_workout(ctx, a.id, workout(at, *[("barbell-back-squat", 5, 100, 2)] * 3))
        training_log.log_daily(ctx, a.id, {"day": at.date().isoformat(), "weight_kg": 80})
    training_log.log_cardio(
        ctx,
        a.id,
        {
            "activity_type": "running",
            "started_at": (MONDAY + timedelta(days=1)).isoformat(),
            "duration_s": 1800,
            "distance_m": 8046.72,  # 5 mi
        },
    )
    return a.id


def _row(html: str, label: str) -> str:
    found = re.search(rf"<tr>\s*<td>{re.escape(label)}.*?</tr>", html, re.S)
    assert found, label
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0))).strip()


def test_an_imperial_athletes_report_says_lb_and_miles(ctx: ServiceContext) -> None:
    athlete = _week(ctx, "imperial")
    html = render_weekly_html(ctx, athlete, WEEK)
    assert _row(html, "Weight (average)").startswith("Weight (average) (lb) 176.4")  # 80 kg
    assert _row(html, "Cardio distance").startswith("Cardio distance (mi) 5")
    assert _row(html, "Tonnage").startswith("Tonnage (lb) 9,921 ")  # 4,500 kg, in whole lb
    assert "body weight (lb)" in html  # the chart's axis
    data = reports.weekly_summary(ctx, athlete, WEEK)
    assert (data.units, data.this_week.weight_kg, data.this_week.cardio_km) == (
        "imperial",
        80.0,
        8.05,
    )


def test_a_metric_athletes_report_says_kg_and_km(ctx: ServiceContext) -> None:
    athlete = _week(ctx, "metric")
    html = render_weekly_html(ctx, athlete, WEEK)
    assert _row(html, "Weight (average)").startswith("Weight (average) (kg) 80")
    assert _row(html, "Cardio distance").startswith("Cardio distance (km) 8.1")
    assert "body weight (kg)" in html
    athletes.update_profile(ctx, athlete, {"units": "imperial"})
    assert "body weight (lb)" in render_weekly_html(ctx, athlete, WEEK)


def test_tonnage_reads_in_whole_pounds_and_kilograms(ctx: ServiceContext) -> None:
    """Issue 60: 135 lb × 24 reps read "3,239.7 lb". A mass summed over a week is said in whole
    units, its change too; the body weight keeps its tenth."""
    for units, load_kg, said in (
        ("imperial", 135 * 0.45359237, "Tonnage (lb) 3,240 0 +3,240"),
        ("metric", 61.3, "Tonnage (kg) 1,471 0 +1,471"),
    ):
        a = make_athlete(ctx, units=units)
        training_log.log_workout(ctx, a.id, workout(MONDAY, *[("barbell-bench-press", 8, load_kg, 2)] * 3))  # fmt: skip
        row = _row(render_weekly_html(ctx, a.id, WEEK), "Tonnage")
        assert row.startswith(said), row
        assert not re.search(r"\d\.\d", row), row
