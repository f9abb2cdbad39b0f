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
import threading
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fitcoach.core.errors import ServiceUnavailable
from fitcoach.services.context import ServiceContext
from fitcoach.services.reports import WeeklySummary, weekly_summary

if TYPE_CHECKING:
    import jinja2
    from matplotlib.axes import Axes
    from matplotlib.typing import RcKeyType

TEMPLATES = Path(__file__).resolve().parent / "templates"
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
PDF_TIMEOUT_S = 60
WIDTH_IN = 6.4
HEIGHT_IN = 2.6
READINESS_HEIGHT_IN = 2.2
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


STYLE: dict[RcKeyType, Any] = {  # matplotlib settings of every chart
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


@cache
def _matplotlib() -> Any:
    """matplotlib with the report's style, imported on first use (not at CLI start-up)."""
    import matplotlib

    matplotlib.rcParams.update(STYLE)
    return matplotlib


# matplotlib is not thread-safe and the SVG ids come from a global setting: one chart at a
# time per process (the API renders reports on worker threads; the work is CPU-bound anyway).
_LOCK = threading.Lock()


class _Canvas:
    """A chart's Figure and Axes, made once per process and redrawn for every report.

    Making a Figure with its Axes (spines, axes, ticks) costs about as much as drawing it, and
    a batch draws thousands: each report's chart removes the last one's artists and data limits
    and adds its own, so its SVG depends on its data only (tests compare it with a fresh
    Figure's, byte for byte).
    """

    def __init__(self, twin: bool) -> None:
        from matplotlib.figure import Figure

        _matplotlib()
        self.figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN))
        self.axes = self.figure.add_subplot()
        self.twin = self._twin() if twin else None

    def _twin(self) -> Axes:
        twin = self.axes.twinx()
        twin.grid(False)
        twin.spines["right"].set_visible(True)
        return twin

    def clear(self) -> None:
        for ax in (self.axes, self.twin):
            if ax is None:
                continue
            for container in list(ax.containers):
                container.remove()  # a bar call's patches with it
            for artist in (*ax.lines, *ax.patches, *ax.texts, *ax.collections):
                artist.remove()
            if ax.legend_ is not None:
                ax.legend_.remove()
            ax.relim()  # data limits from the (no) artists left: autoscale starts afresh


_CANVASES: dict[str, _Canvas] = {}


def _svg(
    name: str,
    draw: Callable[[Axes, Axes | None], None],
    height: float = HEIGHT_IN,
    margins: tuple[float, float, float, float] = (0.75, 0.2, 0.45, 0.35),
    *,
    canvas: str | None = None,
    twin: bool = False,
) -> str:
    """One chart as an inline ``<svg>`` (no XML prolog, no metadata, ids unique per chart).

    ``draw`` gets the Axes (and the right-hand twin Axes when ``twin``) of the process's
    canvas for this chart (``canvas``, default ``name``). ``margins`` (left, right, bottom,
    top) are inches: fixed margins instead of ``tight_layout``, which costs about as much as
    drawing the chart."""
    key = canvas or name
    with _LOCK:
        if key not in _CANVASES:
            _CANVASES[key] = _Canvas(twin)
        chart = _CANVASES[key]
        chart.clear()
        fig = chart.figure
        fig.set_size_inches(WIDTH_IN, height)
        left, right, bottom, top = margins
        fig.subplots_adjust(
            left=left / WIDTH_IN,
            right=1 - right / WIDTH_IN,
            bottom=bottom / height,
            top=1 - top / height,
        )
        draw(chart.axes, chart.twin)
        _matplotlib().rcParams["svg.hashsalt"] = name  # ids from the chart's name: stable
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        chart.clear()  # hold no athlete's data between reports
    text = _METADATA.sub("", _XML_HEAD.sub("", buffer.getvalue(), count=1))
    return text.replace("<svg ", f'<svg role="img" aria-label="{name}" ', 1)


def _bars(
    ax: Axes,
    positions: Sequence[float],
    lengths: Sequence[float],
    width: float,
    colours: str | Sequence[str],
    *,
    horizontal: bool = False,
    **style: Any,
) -> None:
    """Bars from 0 to ``lengths`` as one path per colour: what ``ax.bar`` (``ax.barh`` when
    ``horizontal``) draws, without an artist per bar.

    ``bar`` makes a Rectangle per bar, each with its own limits update and SVG element, and
    42 of them cost more than the rest of their chart. As with ``bar`` the value axis sticks
    at 0 and a labelled series gets its legend entry even when all its bars are missing; every
    slot counts in the data limits, so a day without data (NaN) does not move the axis."""
    import numpy as np
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath

    at = np.asarray(positions, dtype=float)
    size = np.asarray(lengths, dtype=float)
    each = [colours] * len(at) if isinstance(colours, str) else list(colours)
    lo, hi, zero = at - width / 2, at + width / 2, np.zeros_like(at)
    x0, x1, y0, y1 = (zero, size, lo, hi) if horizontal else (lo, hi, zero, size)
    corners = np.stack([x0, y0, x1, y0, x1, y1, x0, y1, x0, y0], axis=1).reshape(-1, 5, 2)
    drawn = np.isfinite(size) & (size != 0)
    codes = [MplPath.MOVETO, MplPath.LINETO, MplPath.LINETO, MplPath.LINETO, MplPath.CLOSEPOLY]
    for colour in dict.fromkeys(each):  # in order of first use
        pick = drawn & np.array([c == colour for c in each], dtype=bool)
        path = MplPath(corners[pick].reshape(-1, 2), codes * int(pick.sum()))
        patch = PathPatch(path, facecolor=colour, edgecolor="none", **style)
        (patch.sticky_edges.x if horizontal else patch.sticky_edges.y).append(0.0)
        ax.add_patch(patch)
    base = np.concatenate(
        [np.stack([x0, y0], axis=1), np.stack([x0, y1] if horizontal else [x1, y0], axis=1)]
    )
    ax.update_datalim(base[np.isfinite(base).all(axis=1)])
    ax.autoscale_view()


def _weekday_labels() -> list[str]:
    return ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def _load_chart(s: WeeklySummary) -> str:
    by_day = {d.day: d.load_au for d in s.load_days}
    this = [by_day.get(s.week_start + timedelta(days=i), 0.0) for i in range(7)]
    last = [by_day.get(s.week_start - timedelta(days=7 - i), 0.0) for i in range(7)]

    def draw(ax: Axes, _twin: Axes | None) -> None:
        xs = range(7)
        _bars(ax, [x - 0.2 for x in xs], last, 0.4, COLOURS["last"], label="last week")
        _bars(ax, [x + 0.2 for x in xs], this, 0.4, COLOURS["this"], label="this week")
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

    def draw(ax: Axes, _twin: Axes | None) -> None:
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

    def draw(ax: Axes, _twin: Axes | None) -> None:
        _bars(ax, range(7), scores, 0.6, colours)
        for x, (d, score) in enumerate(zip(days, scores, strict=True)):
            r = by_day.get(d)
            label = "" if r is None else (str(r.score) if r.score is not None else r.status)
            ax.annotate(
                label,
                (x, score),
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

    return _svg("Readiness per day", draw, READINESS_HEIGHT_IN, margins=(0.75, 0.2, 0.35, 0.1))


def _muscle_chart(s: WeeklySummary) -> str:
    muscles = list(reversed(s.muscles))
    names = [m.muscle.replace("_", " ") for m in muscles]

    def draw(ax: Axes, _twin: Axes | None) -> None:
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
        _bars(ax, ys, [m.sets for m in muscles], 0.6, colours, horizontal=True)
        # MEV to MRV: one line broken by NaNs and one set of end marks, not three artists
        # per muscle.
        ranged = [
            (y, m.mev, m.mrv)
            for y, m in zip(ys, muscles, strict=True)
            if m.mev is not None and m.mrv is not None
        ]
        if ranged:
            nan = float("nan")
            ax.plot(
                [x for _, mev, mrv in ranged for x in (mev, mrv, nan)],
                [v for y, _, _ in ranged for v in (y, y, nan)],
                color="#0f172a",
                linewidth=0.8,
                alpha=0.5,
            )
            ax.plot(
                [x for _, mev, mrv in ranged for x in (mev, mrv)],
                [y for y, _, _ in ranged for _ in (0, 1)],
                "|",
                color="#0f172a",
                markersize=8,
            )
        ax.set_yticks(list(ys), names)
        ax.set_xlabel("hard sets (bars); MEV to MRV (lines)")
        ax.grid(axis="y", visible=False)

    return _svg(
        "Hard sets per muscle against landmarks",
        draw,
        _muscles_height(len(muscles)),
        margins=(1.2, 0.2, 0.5, 0.1),
    )


def _muscles_height(muscles: int) -> float:
    return 0.9 + 0.22 * muscles


def _trend_chart(s: WeeklySummary) -> str:
    days, week, ticks, labels = _x([t.day for t in s.trend], s.week_start)
    sleep = [t.sleep_h if t.sleep_h is not None else float("nan") for t in s.trend]
    weight = [t.weight_kg if t.weight_kg is not None else float("nan") for t in s.trend]

    weighed = any(w == w for w in weight)

    def draw(ax: Axes, twin: Axes | None) -> None:
        _bars(ax, days, sleep, 0.8, COLOURS["sleep"], alpha=0.55, label="sleep (h)")
        ax.set_ylabel("sleep (h)")
        ax.axvspan(week - 0.5, week + 6.5, color="#dbeafe", alpha=0.5, linewidth=0, zorder=0)
        ax.set_xticks(ticks, labels)
        if twin is not None:  # weight on a right-hand axis, when any was logged
            twin.plot(days, weight, color=COLOURS["weight"], marker=".", label="weight (kg)")
            twin.set_ylabel("weight (kg)")
            twin.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0))
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0))

    name = "Sleep and weight over six weeks"
    margins = (0.75, 0.75, 0.45, 0.35)
    if weighed:
        return _svg(name, draw, margins=margins, canvas="trend with weight", twin=True)
    return _svg(name, draw, margins=margins)


def chart_heights(summary: WeeklySummary) -> dict[str, float]:
    """The charts the report draws for ``summary``, by name, with their heights in inches
    (all are ``WIDTH_IN`` wide); a chart with no data is left out."""
    heights = {"load": HEIGHT_IN}
    if summary.load_days:
        heights["fitness"] = HEIGHT_IN
    if summary.readiness:
        heights["readiness"] = READINESS_HEIGHT_IN
    if summary.muscles:
        heights["muscles"] = _muscles_height(len(summary.muscles))
    if any(t.sleep_h is not None or t.weight_kg is not None for t in summary.trend):
        heights["trend"] = HEIGHT_IN
    return heights


_CHARTS: dict[str, Callable[[WeeklySummary], str]] = {
    "load": _load_chart,
    "fitness": _fitness_chart,
    "readiness": _readiness_chart,
    "muscles": _muscle_chart,
    "trend": _trend_chart,
}


def charts(summary: WeeklySummary) -> dict[str, str]:
    """The report's charts as inline SVG, by name (those of ``chart_heights``)."""
    return {name: _CHARTS[name](summary) for name in chart_heights(summary)}


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
