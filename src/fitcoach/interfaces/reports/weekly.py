"""The weekly report as one self-contained HTML file (and, with Chromium, a PDF).

Charts are inline SVG written by ``svg`` (text kept as text, a few kilobytes each); styles are
inline; there is no script and no external URL, so the file reads the same offline, on a phone
and on paper. Every piece of athlete text goes through Jinja's autoescaping; the charts carry no
athlete text.
"""

from __future__ import annotations

import math
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fitcoach.analysis import load as load_analysis
from fitcoach.core.errors import ServiceUnavailable
from fitcoach.core.units import (
    KG_PER_LB,
    M_PER_KM,
    M_PER_MI,
    Units,
    format_length,
    length_unit,
    length_value,
    mass_number,
    mass_unit,
)
from fitcoach.interfaces.reports import svg
from fitcoach.services.context import ServiceContext
from fitcoach.services.reports import Comparison, WeeklySummary, weekly_summary

if TYPE_CHECKING:
    import jinja2

TEMPLATES = Path(__file__).resolve().parent / "templates"
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
PDF_TIMEOUT_S = 60
WIDTH_IN = 6.4
HEIGHT_IN = 2.6
READINESS_HEIGHT_IN = 2.3
SMALL_HEIGHT_IN = 1.9  # each of the small multiples (sleep, weight)
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
# Weekly hard sets against the volume landmarks in three classes, the web's colours and names
# (static/charts.js: Okabe-Ito, told apart with colour-blindness too). Between MAV and MRV is
# still recoverable, so MEV to MRV is one class.
VOLUME_CLASSES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("below MEV", "#56b4e9", ("below_mev",)),
    ("MEV to MRV", "#009e73", ("productive", "above_mav")),
    ("above MRV", "#d55e00", ("above_mrv",)),
)
NO_LANDMARKS = ("no landmarks", "#afb8c1")
VOLUME_STATUS_TEXT = {
    "below_mev": "below MEV",
    "productive": "MEV to MAV",
    "above_mav": "MAV to MRV",
    "above_mrv": "above MRV",
}
# What the load axes measure: session-RPE × minutes per session, summed per day (arbitrary
# units); CTL, ATL and TSB are averages (and their difference) of that daily load.
LOAD_LABEL = "training load (AU)\nsession-RPE × minutes"
LOAD_PER_DAY_LABEL = "training load (AU per day)\nsession-RPE × minutes"
DAY_LABEL = "day of the week"
DATE_LABEL = "date (ticks on Mondays)"


@cache
def _said_counted(value: Any) -> Any:
    """A written value with each "N thing(s)" as a person says it (``explanations.counted``)."""
    from fitcoach.coach.explanations import counted

    return counted(value) if isinstance(value, str) and "(s)" in value else value


def _environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.finalize = _said_counted  # "2 planned session(s)" → "2 planned sessions"
    env.filters["capitalize"] = lambda v: str(v)[:1].upper() + str(v)[1:]  # keeps "A", "HRV"
    env.filters["num"] = _num
    env.filters["signed"] = _signed
    env.filters["words"] = _words
    return env


def _words(text: str) -> str:
    """Engine text as people read it: days for ISO dates, names for exercise slugs."""
    from fitcoach.coach import wording

    return wording.humanize(text)


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

MARGINS = (0.95, 0.2, 0.5, 0.35)  # left, right, bottom, top (inches): room for legend and labels
SMALL_MARGINS = (0.95, 0.2, 0.5, 0.3)  # the small multiples: the same x extent as the others


def _weekday_labels() -> list[str]:
    return ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def _load_chart(s: WeeklySummary) -> str:
    by_day = {d.day: d.load_au for d in s.load_days}
    this = [by_day.get(s.week_start + timedelta(days=i), 0.0) for i in range(7)]
    last = [by_day.get(s.week_start - timedelta(days=7 - i), 0.0) for i in range(7)]
    chart = svg.Chart("Daily training load, this week against last", WIDTH_IN, HEIGHT_IN, MARGINS)
    x = chart.x_scale(*svg.limits([-0.4, 6.4]))
    y = chart.y_scale(*svg.limits([0.0, *this, *last], sticky=[0.0]))
    chart.bars(x, y, [i - 0.2 for i in range(7)], last, 0.4, COLOURS["last"])
    chart.bars(x, y, [i + 0.2 for i in range(7)], this, 0.4, COLOURS["this"])
    chart.x_axis(x, list(range(7)), _weekday_labels(), grid=False)
    chart.x_label(DAY_LABEL)
    chart.y_label(LOAD_LABEL, chart.y_axis(y, svg.ticks(y.lo, y.hi, chart.y_bins())))
    chart.spines()
    chart.legend(
        [
            svg.Entry("last week", COLOURS["last"], "bar"),
            svg.Entry("this week", COLOURS["this"], "bar"),
        ],
        "right",
    )
    return chart.svg()


def _x(days: list[date], week_start: date) -> tuple[list[float], float, list[float], list[str]]:
    """Days as numbers (days from the first), the week's start, and Monday ticks with labels."""
    first = days[0]
    xs = [float((d - first).days) for d in days]
    mondays = [(float((d - first).days), f"{d:%d %b}") for d in days if d.weekday() == 0]
    return xs, float((week_start - first).days), [m[0] for m in mondays], [m[1] for m in mondays]


def _fitness_chart(s: WeeklySummary) -> str:
    days, week, ticks, labels = _x([d.day for d in s.load_days], s.week_start)
    series = [
        ("ctl", "fitness (CTL)", [d.ctl for d in s.load_days]),
        ("atl", "fatigue (ATL)", [d.atl for d in s.load_days]),
        ("tsb", "form (TSB)", [d.tsb for d in s.load_days]),
    ]
    chart = svg.Chart("Fitness, fatigue and form over six weeks", WIDTH_IN, HEIGHT_IN, MARGINS)
    x = chart.x_scale(*svg.limits([*days, week - 0.5, week + 6.5]))
    y = chart.y_scale(*svg.limits([0.0, *(v for _, _, values in series for v in values)]))
    chart.span(x, week - 0.5, week + 6.5, "#dbeafe", 0.6)
    chart.hline(y, 0.0, "#64748b", 0.6)
    for key, _label, values in series:
        chart.line(x, y, days, values, COLOURS[key])
    chart.x_axis(x, ticks, labels)
    chart.x_label(DATE_LABEL)
    chart.y_label(LOAD_PER_DAY_LABEL, chart.y_axis(y, svg.ticks(y.lo, y.hi, chart.y_bins())))
    chart.spines()
    chart.legend([svg.Entry(label, COLOURS[key], "line") for key, label, _ in series], "left")
    return chart.svg()


def _readiness_chart(s: WeeklySummary) -> str:
    by_day = {r.day: r for r in s.readiness}
    days = [s.week_start + timedelta(days=i) for i in range(7)]
    scores = [float(by_day[d].score or 0) if d in by_day else 0.0 for d in days]
    colours = [
        COLOURS.get(by_day[d].colour or "none", COLOURS["none"]) if d in by_day else "white"
        for d in days
    ]
    chart = svg.Chart("Readiness per day", WIDTH_IN, READINESS_HEIGHT_IN, (0.95, 0.2, 0.5, 0.1))
    x = chart.x_scale(*svg.limits([-0.3, 6.3]))
    y = chart.y_scale(0.0, 110.0)
    chart.bars(x, y, range(7), scores, 0.6, colours)
    for i, (d, score) in enumerate(zip(days, scores, strict=True)):
        r = by_day.get(d)
        if r is not None:
            # A day's state in words: "no check-in", "no data", "calibrating" ...
            words = r.status.replace("checkin", "check-in").replace("_", " ")
            shown = str(r.score) if r.score is not None else words
            chart.annotate(x(i), y(score), shown)
    chart.x_axis(x, list(range(7)), _weekday_labels(), grid=False)
    chart.x_label(DAY_LABEL)
    chart.y_label("readiness (0-100)", chart.y_axis(y, svg.ticks(0.0, 110.0, chart.y_bins())))
    chart.spines()
    return chart.svg()


def _muscle_chart(s: WeeklySummary) -> str:
    muscles = list(reversed(s.muscles))
    names = [m.muscle.replace("_", " ") for m in muscles]
    colours = [volume_class(m.status)[1] for m in muscles]
    ranged = [
        (y, m.mev, m.mrv) for y, m in enumerate(muscles) if m.mev is not None and m.mrv is not None
    ]
    chart = svg.Chart(
        "Hard sets per muscle against landmarks",
        WIDTH_IN,
        _muscles_height(len(muscles)),
        (1.2, 0.2, 0.5, 0.35),
    )
    sets = [m.sets for m in muscles]
    x = chart.x_scale(
        *svg.limits([0.0, *sets, *(v for _, mev, mrv in ranged for v in (mev, mrv))], sticky=[0.0])
    )
    y = chart.y_scale(*svg.limits([-0.3, len(muscles) - 0.7]))
    chart.bars(x, y, range(len(muscles)), sets, 0.6, colours, horizontal=True)
    # MEV to MRV: one line per muscle (one path in all) and a mark at either end.
    ink = "#0f172a"
    for row, mev, mrv in ranged:
        chart.line(x, y, [mev, mrv], [row, row], ink, width=0.8, opacity=0.5)
    chart.marks(x, y, [(v, row) for row, mev, mrv in ranged for v in (mev, mrv)], ink, 8.0)
    chart.x_axis(x, svg.ticks(x.lo, x.hi, chart.x_bins()))
    chart.y_axis(y, list(range(len(muscles))), names, grid=False)
    chart.x_label("hard sets this week (bars); MEV to MRV (lines)")
    chart.spines()
    entries = [svg.Entry(name, colour, "bar") for name, colour, _ in VOLUME_CLASSES]
    if NO_LANDMARKS in (volume_class(m.status) for m in muscles):
        entries.append(svg.Entry(*NO_LANDMARKS, "bar"))
    chart.legend(entries, "right")
    return chart.svg()


def volume_class(status: str | None) -> tuple[str, str]:
    """A muscle's volume status as its class on the chart: (name, colour)."""
    for name, colour, statuses in VOLUME_CLASSES:
        if status in statuses:
            return name, colour
    return NO_LANDMARKS


def _muscles_height(muscles: int) -> float:
    return 1.15 + 0.22 * muscles


def _six_weeks(
    s: WeeklySummary, name: str, height: float
) -> tuple[svg.Chart, svg.Scale, list[float]]:
    """A small multiple over the six weeks: its frame, the report week shaded, Mondays
    ticked and the x axis titled (the same x extent in each), and the days as x values."""
    days, week, ticks, labels = _x([t.day for t in s.trend], s.week_start)
    chart = svg.Chart(name, WIDTH_IN, height, SMALL_MARGINS)
    x = chart.x_scale(*svg.limits([days[0] - 0.4, days[-1] + 0.4, week - 0.5, week + 6.5]))
    chart.span(x, week - 0.5, week + 6.5, "#dbeafe", 0.5)
    chart.x_axis(x, ticks, labels)
    chart.x_label(DATE_LABEL)
    return chart, x, days


def _sleep_chart(s: WeeklySummary) -> str:
    sleep = [t.sleep_h if t.sleep_h is not None else math.nan for t in s.trend]
    chart, x, days = _six_weeks(s, "Sleep per night over six weeks", SMALL_HEIGHT_IN)
    y = chart.y_scale(*svg.limits([0.0, *sleep], sticky=[0.0]))
    chart.bars(x, y, days, sleep, 0.8, COLOURS["sleep"], opacity=0.55)
    chart.y_label("sleep (h)", chart.y_axis(y, svg.ticks(y.lo, y.hi, chart.y_bins())))
    chart.spines()
    return chart.svg()


def _weight_chart(s: WeeklySummary) -> str:
    # In the athlete's unit (kg or lb), to the precision a body weight is shown in.
    weight = [
        float(mass_number(t.weight_kg, s.units, kind="body", places=2))
        if t.weight_kg is not None
        else math.nan
        for t in s.trend
    ]
    chart, x, days = _six_weeks(s, "Body weight over six weeks", SMALL_HEIGHT_IN)
    y = chart.y_scale(*svg.limits(weight))
    chart.line(x, y, days, weight, COLOURS["weight"], dots=True)
    label = f"body weight ({mass_unit(s.units)})"
    chart.y_label(label, chart.y_axis(y, svg.ticks(y.lo, y.hi, chart.y_bins())))
    chart.spines()
    return chart.svg()


# The tape's torso sites drawn over the six weeks (the limbs are in the table): Okabe-Ito.
TAPE_SITES = (("waist", "#0072b2"), ("hips", "#d55e00"), ("chest", "#009e73"), ("neck", "#cc79a7"), ("shoulders", "#e69f00"))  # fmt: skip
TAPE_HEIGHT_IN = 2.2


def _tape_points(s: WeeklySummary) -> dict[str, dict[date, float]]:
    """The torso sites' readings inside the six weeks of the trend, by site and day."""
    if s.measurements is None or not s.trend:
        return {}
    first, last = s.trend[0].day, s.trend[-1].day
    out: dict[str, dict[date, float]] = {}
    for site, _colour in TAPE_SITES:
        series = s.measurements.series.get(site)
        if series is None:
            continue
        inside = {
            d: v for d, v in zip(series.days, series.values, strict=True) if first <= d <= last
        }
        if inside:
            out[site] = inside
    return out


def _tape_chart(s: WeeklySummary) -> str:
    """The torso's circumferences over the same six weeks as body weight, in cm or in."""
    points = _tape_points(s)
    chart, x, days = _six_weeks(s, "Body measurements over six weeks", TAPE_HEIGHT_IN)
    values = {
        site: [
            length_value(by_day[t.day], s.units) or math.nan if t.day in by_day else math.nan
            for t in s.trend
        ]
        for site, by_day in points.items()
    }
    y = chart.y_scale(*svg.limits([v for vs in values.values() for v in vs]))
    entries = []
    for site, colour in TAPE_SITES:
        if site in values:
            # Points joined across the days without a reading (a tape is weekly, not daily).
            xs = [a for a, b in zip(days, values[site], strict=True) if math.isfinite(b)]
            ys = [b for b in values[site] if math.isfinite(b)]
            chart.line(x, y, xs, ys, colour, dots=True)
            entries.append(svg.Entry(site, colour, "dotted_line"))
    chart.y_label(f"circumference ({length_unit(s.units)})", chart.y_axis(y, svg.ticks(y.lo, y.hi, chart.y_bins())))  # fmt: skip
    chart.spines()
    chart.legend(entries, "left")
    return chart.svg()


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
    if any(t.sleep_h is not None for t in summary.trend):
        heights["sleep"] = SMALL_HEIGHT_IN
    if any(t.weight_kg is not None for t in summary.trend):
        heights["weight"] = SMALL_HEIGHT_IN
    if _tape_points(summary):
        heights["tape"] = TAPE_HEIGHT_IN
    return heights


_CHARTS: dict[str, Callable[[WeeklySummary], str]] = {
    "load": _load_chart,
    "fitness": _fitness_chart,
    "readiness": _readiness_chart,
    "muscles": _muscle_chart,
    "sleep": _sleep_chart,
    "weight": _weight_chart,
    "tape": _tape_chart,
}


def charts(summary: WeeklySummary) -> dict[str, str]:
    """The report's charts as inline SVG, by name (those of ``chart_heights``)."""
    return {name: _CHARTS[name](summary) for name in chart_heights(summary)}


# --- the document ------------------------------------------------------------------------------


def _in_units(row: Comparison, units: Units) -> Comparison:
    """A comparison row in the athlete's units: tonnage and body weight in kg or lb, distance
    in km or miles (``core.units``); other rows as they are."""
    if row.unit == "kg":
        factor, unit = (KG_PER_LB, "lb") if units == "imperial" else (1.0, "kg")
    elif row.unit == "km":
        factor, unit = (M_PER_MI / M_PER_KM, "mi") if units == "imperial" else (1.0, "km")
    else:
        return row

    def scaled(value: float | None) -> float | None:
        return None if value is None else value / factor

    return row.model_copy(
        update={
            "unit": unit,
            "this_week": scaled(row.this_week),
            "last_week": scaled(row.last_week),
            "delta": scaled(row.delta),
        }
    )


# Decimal places of a comparison row where tenths mean nothing to a person: tonnage in whole
# kg or lb (135 lb × 24 reps is "3,240 lb", not "3,239.7"), load and calories whole.
COMPARISON_PLACES = {"tonnage_kg": 0, "load_au": 0, "calories_kcal": 0}


def _tape_text(units: Units) -> Callable[..., str]:
    """The report's writer of a measurement or its change: cm or in (``core.units``), % for
    body fat; "–" for none."""

    def text(value: float | None, unit: str, signed: bool = False) -> str:
        if value is None:
            return "–"
        if unit == "%":
            return f"{_signed(value) if signed else _num(value)} %"
        return format_length(value, units, signed=signed)

    return text


def week_title(name: str, start: date, end: date) -> str:
    """``Ana — week of 16–22 November 2026``: whose week and its days, a month or a year said
    once when the week stays within it."""
    if start.year != end.year:
        days = f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"
    elif start.month != end.month:
        days = f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    else:
        days = f"{start.day}–{end.day} {end:%B %Y}"
    return f"{name} — week of {days}"


def render_weekly(summary: WeeklySummary, *, with_charts: bool = True) -> str:
    """The weekly report as one HTML document (``with_charts=False``: tables only)."""
    from markupsafe import Markup

    drawn = charts(summary) if with_charts else {}
    # The comparison's weights and distances in the athlete's units (the data keep kg and km).
    summary = summary.model_copy(
        update={"comparison": [_in_units(c, summary.units) for c in summary.comparison]}
    )
    template = _environment().get_template("weekly.html")
    at = summary.generated_at
    return template.render(
        s=summary,
        title=week_title(summary.athlete_name, summary.week_start, summary.week_end),
        iso_week=summary.week_start.isocalendar(),
        comparison_places=COMPARISON_PLACES,
        generated=f"{at.day} {at:%B %Y, %H:%M} UTC",
        chronic_days=load_analysis.CHRONIC_DAYS,
        volume_status=VOLUME_STATUS_TEXT,
        charts={name: Markup(svg) for name, svg in drawn.items()},
        tape=_tape_text(summary.units),
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
