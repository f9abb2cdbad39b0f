"""The weekly report's chart as a PNG (matplotlib, Agg), sized for a phone screen.

Two panels: the training load of each day of the week with fitness (CTL) and fatigue (ATL),
and sleep with readiness scores. Drawn from ``WeeklySummary`` alone, so the picture shows the
same numbers as the report on the web and in the CLI.
"""

from __future__ import annotations

import io
import threading
from datetime import timedelta
from typing import Any

from fitcoach.services.reports import WeeklySummary

_LOCK = threading.Lock()  # pyplot's state is global: one figure at a time


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def weekly_chart_png(summary: WeeklySummary) -> bytes:
    """A 900 x 700 px PNG of the week's load, fitness, fatigue, sleep and readiness."""
    days = [summary.week_start + timedelta(days=i) for i in range(7)]
    labels = [f"{d:%a}\n{d:%d}" for d in days]
    load = {p.day: p for p in summary.load_days}
    sleep = {t.day: t.sleep_h for t in summary.trend}
    ready = {r.day: r.score for r in summary.readiness}
    with _LOCK:
        plt = _pyplot()
        fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 7), dpi=100, sharex=True)
        try:
            x = list(range(7))
            top.bar(x, [load[d].load_au if d in load else 0.0 for d in days], color="#4c78a8")
            top.plot(
                x,
                [load[d].ctl if d in load else None for d in days],
                color="#54a24b",
                label="fitness (CTL)",
            )
            top.plot(
                x,
                [load[d].atl if d in load else None for d in days],
                color="#e45756",
                label="fatigue (ATL)",
            )
            top.set_ylabel(f"load ({summary.load_unit})")
            top.set_title(f"{summary.athlete_name} · week {summary.week}")
            top.legend(loc="upper left", fontsize=8)
            sleep_h = [sleep.get(d) for d in days]
            bottom.bar(x, [v or 0.0 for v in sleep_h], color="#72b7b2", label="sleep (h)")
            bottom.set_ylabel("sleep (h)")
            bottom.set_ylim(0, max([9.0, *[v for v in sleep_h if v is not None]]) + 1)
            right = bottom.twinx()
            right.plot(
                x,
                [ready.get(d) for d in days],
                marker="o",
                color="#f58518",
                label="readiness",
            )
            right.set_ylim(0, 100)
            right.set_ylabel("readiness")
            bottom.set_xticks(x, labels)
            fig.tight_layout()
            out = io.BytesIO()
            fig.savefig(out, format="png")
        finally:
            plt.close(fig)
    return out.getvalue()
