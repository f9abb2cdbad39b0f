"""The weekly report as one self-contained HTML file (and, with Chromium, a PDF).

Charts are inline SVG drawn with matplotlib (the Agg backend, saved as SVG with text kept as
text, so a chart weighs a few kilobytes); styles are inline; there is no script and no external URL, so
the file reads the same offline, on a phone and on paper. Every piece of athlete text goes
through Jinja's autoescaping; the charts carry no athlete text.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fitcoach.coach.services.context import ServiceContext
from fitcoach.coach.services.reports import WeeklySummary, weekly_summary
from fitcoach.core.errors import ServiceUnavailable

if TYPE_CHECKING:
    import jinja2
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

TEMPLATES = Path(__file__).resolve().parent / "templates"
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
PDF_TIMEOUT_S = 60
WIDTH_IN = 6.4
HEIGHT_IN = 2.6
COLOURS = {
    "this": "#2563eb",
    "last": "#94a3b8",
    "ctl": "#2563eb",
    "atl": "#dc2626",
    "tsb": "#16a34a",
    "green": "#16a34a",
    "yellow": "#eab308",
    "red": "#dc2626",
    "none": "#cbd5e1",
    "sleep": "#6366f1",
    "weight": "#ea580c",
}
_XML_HEAD = re.compile(r"^.*?(?=<svg)", re.DOTALL)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["num"] = _num
    env.filters["signed"] = _signed
    return env


def _num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _signed(value: float | None, digits: int = 1) -> str:
    if value is None:
        return ""
    if abs(value) < 10 ** (-digits) / 2:
        return "±0"
    return ("+" if value > 0 else "−") + _num(abs(value), digits)


# --- charts ------------------------------------------------------------------------------------


@cache
def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=False)
    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",
            "font.size": 9,
            "font.family": "sans-serif",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.edgecolor": "#64748b",
            "axes.labelcolor": "#334155",
            "xtick.color": "#475569",
            "ytick.color": "#475569",
            "axes.grid": True,
            "grid.color": "#e2e8f0",
            "grid.linewidth": 0.6,
            "legend.frameon": False,
            "legend.fontsize": 8,
        }
    )
    import matplotlib.pyplot as plt

    return plt


def _svg(
    name: str,
    draw: Callable[[Axes], None],
    height: float = HEIGHT_IN,
    margins: tuple[float, float, float, float] = (0.75, 0.2, 0.45, 0.35),
) -> str:
    """One chart as an inline ``<svg>`` (no XML prolog, no metadata, ids unique per chart).

    ``margins`` (left, right, bottom, top) are inches: fixed margins instead of
    ``tight_layout``, which costs about as much as drawing the chart."""
    import matplotlib

    plt = _pyplot()
    matplotlib.rcParams["svg.hashsalt"] = name
    fig: Figure = plt.figure(figsize=(WIDTH_IN, height))
    try:
        ax = fig.add_subplot()
        left, right, bottom, top = margins
        fig.subplots_adjust(
            left=left / WIDTH_IN,
            right=1 - right / WIDTH_IN,
            bottom=bottom / height,
            top=1 - top / height,
        )
        draw(ax)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    finally:
        plt.close(fig)
    text = _METADATA.sub("", _XML_HEAD.sub("", buffer.getvalue(), count=1))
    return text.replace("<svg ", f'<svg role="img" aria-label="{name}" ', 1)


def _weekday_labels() -> list[str]:
    return ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def _load_chart(s: WeeklySummary) -> str:
    by_day = {d.day: d.load_au for d in s.load_days}
    this = [by_day.get(s.week_start + timedelta(days=i), 0.0) for i in range(7)]
    last = [by_day.get(s.week_start - timedelta(days=7 - i), 0.0) for i in range(7)]

    def draw(ax: Axes) -> None:
        xs = range(7)
        ax.bar([x - 0.2 for x in xs], last, 0.4, label="last week", color=COLOURS["last"])
        ax.bar([x + 0.2 for x in xs], this, 0.4, label="this week", color=COLOURS["this"])
        ax.set_xticks(list(xs), _weekday_labels())
        ax.set_ylabel("load (AU)")
        ax.grid(axis="x", visible=False)
        ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2)

    return _svg("Daily training load, this week against last", draw)


def _x(days: list[date], week_start: date) -> tuple[list[float], float, list[float], list[str]]:
    """Days as numbers (days from the first), the week's start, and Monday ticks with labels."""
    first = days[0]
    xs = [float((d - first).days) for d in days]
    mondays = [(float((d - first).days), f"{d:%d %b}") for d in days if d.weekday() == 0]
    return xs, float((week_start - first).days), [m[0] for m in mondays], [m[1] for m in mondays]


def _fitness_chart(s: WeeklySummary) -> str:
    days, week, ticks, labels = _x([d.day for d in s.load_days], s.week_start)

    def draw(ax: Axes) -> None:
        ax.plot(days, [d.ctl for d in s.load_days], color=COLOURS["ctl"], label="fitness (CTL)")
        ax.plot(days, [d.atl for d in s.load_days], color=COLOURS["atl"], label="fatigue (ATL)")
        ax.plot(days, [d.tsb for d in s.load_days], color=COLOURS["tsb"], label="form (TSB)")
        ax.axhline(0, color="#64748b", linewidth=0.6)
        ax.axvspan(week - 0.5, week + 6.5, color="#dbeafe", alpha=0.6, linewidth=0, zorder=0)
        ax.set_ylabel("AU per day")
        ax.set_xticks(ticks, labels)
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=3)

    return _svg("Fitness, fatigue and form over six weeks", draw)


def _readiness_chart(s: WeeklySummary) -> str:
    by_day = {r.day: r for r in s.readiness}
    days = [s.week_start + timedelta(days=i) for i in range(7)]
    scores = [float(by_day[d].score or 0) if d in by_day else 0.0 for d in days]
    colours = [
        COLOURS.get(by_day[d].colour or "none", COLOURS["none"]) if d in by_day else "white"
        for d in days
    ]

    def draw(ax: Axes) -> None:
        bars = ax.bar(range(7), scores, 0.6, color=colours)
        for bar, d in zip(bars, days, strict=True):
            r = by_day.get(d)
            label = "" if r is None else (str(r.score) if r.score is not None else r.status)
            ax.annotate(
                label,
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                ha="center",
                va="bottom",
                fontsize=8,
                xytext=(0, 2),
                textcoords="offset points",
            )
        ax.set_ylim(0, 110)
        ax.set_xticks(range(7), _weekday_labels())
        ax.set_ylabel("readiness (0-100)")
        ax.grid(axis="x", visible=False)

    return _svg("Readiness per day", draw, height=2.2, margins=(0.75, 0.2, 0.35, 0.1))


def _muscle_chart(s: WeeklySummary) -> str:
    muscles = list(reversed(s.muscles))
    names = [m.muscle.replace("_", " ") for m in muscles]

    def draw(ax: Axes) -> None:
        ys = range(len(muscles))
        colours = [
            COLOURS["red"]
            if m.status == "above_mrv"
            else COLOURS["yellow"]
            if m.status in ("below_mev", "above_mav")
            else COLOURS["green"]
            if m.status == "productive"
            else COLOURS["none"]
            for m in muscles
        ]
        ax.barh(list(ys), [m.sets for m in muscles], 0.6, color=colours, label="hard sets")
        for y, m in zip(ys, muscles, strict=True):
            if m.mev is not None and m.mrv is not None:
                ax.plot([m.mev, m.mrv], [y, y], color="#0f172a", linewidth=0.8, alpha=0.5)
                ax.plot([m.mev], [y], "|", color="#0f172a", markersize=8)
                ax.plot([m.mrv], [y], "|", color="#0f172a", markersize=8)
        ax.set_yticks(list(ys), names)
        ax.set_xlabel("hard sets (bars); MEV to MRV (lines)")
        ax.grid(axis="y", visible=False)

    height = 0.9 + 0.22 * len(muscles)
    return _svg(
        "Hard sets per muscle against landmarks", draw, height, margins=(1.2, 0.2, 0.5, 0.1)
    )


def _trend_chart(s: WeeklySummary) -> str:
    days, week, ticks, labels = _x([t.day for t in s.trend], s.week_start)
    sleep = [t.sleep_h if t.sleep_h is not None else float("nan") for t in s.trend]
    weight = [t.weight_kg if t.weight_kg is not None else float("nan") for t in s.trend]

    def draw(ax: Axes) -> None:
        ax.bar(days, sleep, 0.8, color=COLOURS["sleep"], alpha=0.55, label="sleep (h)")
        ax.set_ylabel("sleep (h)")
        ax.axvspan(week - 0.5, week + 6.5, color="#dbeafe", alpha=0.5, linewidth=0, zorder=0)
        ax.set_xticks(ticks, labels)
        if any(w == w for w in weight):
            twin = ax.twinx()
            twin.plot(days, weight, color=COLOURS["weight"], marker=".", label="weight (kg)")
            twin.set_ylabel("weight (kg)")
            twin.grid(False)
            twin.spines["right"].set_visible(True)
            twin.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0))
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0))

    return _svg("Sleep and weight over six weeks", draw, margins=(0.75, 0.75, 0.45, 0.35))


def charts(summary: WeeklySummary) -> dict[str, str]:
    """The report's charts as inline SVG, by name (a chart with no data is left out)."""
    out = {"load": _load_chart(summary)}
    if summary.load_days:
        out["fitness"] = _fitness_chart(summary)
    if summary.readiness:
        out["readiness"] = _readiness_chart(summary)
    if summary.muscles:
        out["muscles"] = _muscle_chart(summary)
    if any(t.sleep_h is not None or t.weight_kg is not None for t in summary.trend):
        out["trend"] = _trend_chart(summary)
    return out


# --- the document ------------------------------------------------------------------------------


def render_weekly(summary: WeeklySummary, *, with_charts: bool = True) -> str:
    """The weekly report as one HTML document (``with_charts=False``: tables only)."""
    from markupsafe import Markup

    drawn = charts(summary) if with_charts else {}
    template = _environment().get_template("weekly.html")
    return template.render(
        s=summary,
        charts={name: Markup(svg) for name, svg in drawn.items()},
        vital_labels={
            "hr_bpm": ("Heart rate", "bpm"),
            "hrv_rmssd_ms": ("HRV (RMSSD)", "ms"),
            "spo2_pct": ("SpO₂", "%"),
            "breathing_rate_bpm": ("Breathing rate", "/min"),
            "etco2_mmhg": ("EtCO₂", "mmHg"),
        },
    )


def render_weekly_html(ctx: ServiceContext, athlete_id: int, week: str) -> str:
    """Read the athlete's week through the services and render it."""
    return render_weekly(weekly_summary(ctx, athlete_id, week))


def chromium() -> str | None:
    """The path of a Chromium (or Chrome) binary, if one is installed."""
    for path in CHROMIUM_PATHS:
        if Path(path).exists():
            return path
    return shutil.which("chromium") or shutil.which("chromium-browser")


def to_pdf(html: str, out: Path) -> Path:
    """Print ``html`` to a PDF at ``out`` with headless Chromium.

    Without Chromium this is ``ServiceUnavailable`` saying how to install it.
    """
    binary = chromium()
    if binary is None:
        raise ServiceUnavailable(
            "PDF output needs Chromium, which is not installed; install it (e.g. "
            "`apt-get install chromium`) or keep the HTML report and print it from a browser"
        )
    out = out.resolve()
    with tempfile.TemporaryDirectory(prefix="fitcoach-report-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        command = [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={tmp}/profile",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=PDF_TIMEOUT_S, check=False
            )
        except subprocess.TimeoutExpired:
            raise ServiceUnavailable(
                f"Chromium did not print the PDF within {PDF_TIMEOUT_S} s"
            ) from None
    if done.returncode != 0 or not out.exists():
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise ServiceUnavailable(f"Chromium could not print the PDF ({last})")
    return out
