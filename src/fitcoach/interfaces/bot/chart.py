"""The weekly report's chart as a PNG (matplotlib, Agg), sized for a phone screen.

Three panels on the week's days, each with its own axis and unit (no second y axis laid over
another): the training load of each day with fitness (CTL) and fatigue (ATL), sleep, and the
readiness score. Drawn from ``WeeklySummary`` alone, so the picture shows the same numbers as
the report on the web and in the CLI.
"""

from __future__ import annotations

import io
import threading
from datetime import timedelta
from typing import TYPE_CHECKING

from fitcoach.services.reports import WeeklySummary

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_LOCK = threading.Lock()  # matplotlib's text and font caches are shared: one figure at a time

# The web dashboard's colours (interfaces/web/static/charts.js), so a series looks the same
# on every screen.
COLOURS = {
    "load": "#8fb0dc",
    "ctl": "#1f6feb",
    "atl": "#cf222e",
    "sleep": "#6f42c1",
    "readiness": "#b35900",
}


def weekly_figure(summary: WeeklySummary) -> Figure:
    """The chart as a matplotlib Figure (900 x 800 px at 100 dpi), not yet drawn."""
    from matplotlib.figure import Figure

    days = [summary.week_start + timedelta(days=i) for i in range(7)]
    labels = [f"{d:%a}\n{d:%d}" for d in days]
    load = {p.day: p for p in summary.load_days}
    sleep = {t.day: t.sleep_h for t in summary.trend}
    ready = {r.day: r.score for r in summary.readiness}
    x = list(range(7))
    nan = float("nan")

    fig = Figure(figsize=(9, 8), dpi=100)
    top, middle, bottom = fig.subplots(3, 1, sharex=True, height_ratios=(1.3, 1, 1))
    fig.suptitle(f"{summary.athlete_name} · week {summary.week}", fontsize=13)

    top.bar(
        x,
        [load[d].load_au if d in load else 0.0 for d in days],
        color=COLOURS["load"],
        label="daily load",
    )
    top.plot(
        x,
        [load[d].ctl if d in load else nan for d in days],
        color=COLOURS["ctl"],
        marker="o",
        label="fitness (CTL)",
    )
    top.plot(
        x,
        [load[d].atl if d in load else nan for d in days],
        color=COLOURS["atl"],
        marker="o",
        label="fatigue (ATL)",
    )
    top.set_ylabel("load (AU/day)")  # summary.load_unit spells AU out; too long here
    top.legend(loc="upper left", fontsize=9, ncols=3, frameon=False)
    top.set_ylim(0, top.get_ylim()[1] * 1.2)  # room for the legend above the bars

    slept = [sleep.get(d) for d in days]
    middle.bar(x, [nan if v is None else v for v in slept], color=COLOURS["sleep"])
    middle.set_ylabel("sleep (h)")
    middle.set_ylim(0, max([10.0, *[v for v in slept if v is not None]]) + 0.5)

    scores = [ready.get(d) for d in days]
    bottom.plot(
        x,
        [nan if v is None else float(v) for v in scores],
        color=COLOURS["readiness"],
        marker="o",
    )
    bottom.set_ylim(0, 100)
    bottom.set_ylabel("readiness (score 0-100)")
    bottom.set_xticks(x, labels)
    bottom.set_xlabel("day")
    for ax in (top, middle, bottom):
        ax.grid(axis="y", color="#e3e8ee")
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    fig.align_ylabels((top, middle, bottom))
    fig.tight_layout()
    return fig


def weekly_chart_png(summary: WeeklySummary) -> bytes:
    """A 900 x 800 px PNG of the week's load, fitness, fatigue, sleep and readiness."""
    with _LOCK:  # a Figure without pyplot: savefig draws on an Agg canvas of its own
        fig = weekly_figure(summary)
        out = io.BytesIO()
        fig.savefig(out, format="png")
    return out.getvalue()
