"""The weekly chart the bot sends: three panels, each axis titled with its unit, the data of
the week's summary."""

from __future__ import annotations

import math
import re
import struct
from datetime import timedelta

from fitcoach.interfaces.bot.chart import COLOURS, weekly_chart_png, weekly_figure
from fitcoach.services import reports
from fitcoach.services.context import ServiceContext

WEEK = "2026-W46"
UNIT = re.compile(r"\S \([^()]+\)$")


def test_three_panels_each_with_its_unit(ctx: ServiceContext, demo: int) -> None:
    summary = reports.weekly_summary(ctx, demo, WEEK)
    fig = weekly_figure(summary)

    axes = fig.get_axes()
    assert len(axes) == 3  # no second y axis laid over a panel
    labels = [ax.get_ylabel() for ax in axes]
    assert labels == ["load (AU/day)", "sleep (h)", "readiness (score 0-100)"]
    assert all(UNIT.search(label) for label in labels)
    assert axes[2].get_xlabel() == "day"
    assert axes[2].get_xticklabels()[0].get_text().startswith("Mon")

    days = [summary.week_start + timedelta(days=i) for i in range(7)]
    scores = {r.day: r.score for r in summary.readiness}
    drawn = list(axes[2].get_lines()[0].get_ydata())
    for day, y in zip(days, drawn, strict=True):
        score = scores.get(day)
        assert math.isnan(y) if score is None else y == score
    slept = {t.day: t.sleep_h for t in summary.trend}
    heights = [bar.get_height() for bar in axes[1].patches]
    for day, height in zip(days, heights, strict=True):
        hours = slept.get(day)
        assert math.isnan(height) if hours is None else height == hours
    assert {text.get_text() for text in axes[0].get_legend().get_texts()} == {
        "daily load",
        "fitness (CTL)",
        "fatigue (ATL)",
    }
    assert axes[0].get_lines()[0].get_color() == COLOURS["ctl"]

    png = weekly_chart_png(summary)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", png[16:24]) == (900, 800)
