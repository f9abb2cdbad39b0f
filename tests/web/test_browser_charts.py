"""Every chart of the dashboard, live and recording pages in Chromium, at 1366 and 390 px.

What a person needs from a chart, checked through the drawn figure (Plotly's ``_fullLayout``
and the SVG): every axis titled, a number axis with its unit; titles inside the chart and
clear of each other and of the legend; distinct colours for hard sets below MEV, within
MEV-MRV and above MRV, named in the legend; vitals on their fixed ranges; sleep, weight and
HRV on separate charts; no sideways scroll. ``make screenshots`` keeps screenshots.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from tests.web.conftest import Live, shot, signed_in

from fitcoach.ingest.bus import InMemoryBus
from fitcoach.ingest.producers import publish_frames
from fitcoach.pipelines.live import InProcessWorkers, LiveDemo, wait_for
from fitcoach.sensors.simulator import Simulator
from fitcoach.services import sensors
from fitcoach.storage.db import make_engine, make_session_factory

WIDTHS = (1366, 390)
UNIT = re.compile(r"\S \([^()]+\)$")  # "heart rate (bpm)"
VOLUME = ("below MEV", "MEV to MRV", "above MRV")
VITAL_RANGES = {
    "hr_bpm": (40, 200),
    "spo2_pct": (80, 100),
    "breathing_rate_bpm": (0, 60),
    "etco2_mmhg": (0, 60),
}

# Every Plotly figure of the page: its axes as drawn, its traces, and where its titles and
# legend landed on the screen.
FIGURES = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map((gd) => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; };
  const full = gd._fullLayout;
  const axes = Object.keys(full).filter((k) => /^[xy]axis\\d*$/.test(k)).map((k) => ({
    name: k, type: full[k].type, visible: full[k].visible, range: full[k].range,
    title: (full[k].title && full[k].title.text) || '' }));
  const legend = gd.querySelector('.legend');
  return {
    id: gd.id, box: box(gd), axes,
    traces: gd._fullData.map((t) => ({ name: t.name, type: t.type, visible: t.visible,
      color: t.marker && t.marker.color, x: t.x, showlegend: t.showlegend })),
    titles: Array.from(gd.querySelectorAll('.infolayer text[class$="title"]'))
      .filter((t) => t.textContent).map((t) => ({ text: t.textContent, box: box(t) })),
    legend: legend ? { box: box(legend),
      items: Array.from(legend.querySelectorAll('.legendtext')).map((t) => t.textContent) } : null,
  };
})"""
SCROLL = "document.documentElement.scrollWidth - window.innerWidth"


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and (a["top"] < b["bottom"] and b["top"] < a["bottom"])
    )


def _inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (
        inner["left"] >= outer["left"] - 1
        and inner["right"] <= outer["right"] + 1
        and inner["top"] >= outer["top"] - 1
        and inner["bottom"] <= outer["bottom"] + 1
    )


def check_figures(page: Any, expected: set[str]) -> dict[str, dict[str, Any]]:
    """Every figure's axes titled (a unit on number axes), its titles inside it and clear of
    each other and the legend; the figures by id (``expected`` among them)."""
    figures = {f["id"]: f for f in page.evaluate(FIGURES)}
    assert expected <= set(figures), (expected, set(figures))
    for fig in figures.values():
        axes = [a for a in fig["axes"] if a["visible"]]
        assert axes, fig["id"]
        for ax in axes:
            where = f"{fig['id']} {ax['name']}"
            assert ax["title"].strip(), f"{where} has no title"
            if ax["type"] not in ("date", "category"):
                assert UNIT.search(ax["title"]), f"{where}: {ax['title']!r} names no unit"
        titles = fig["titles"]
        assert len(titles) == len(axes), (fig["id"], titles)
        for t in titles:
            assert _inside(t["box"], fig["box"]), (fig["id"], t)
            if fig["legend"] and fig["legend"]["items"]:
                assert not _overlap(t["box"], fig["legend"]["box"]), (fig["id"], t)
        for i, a in enumerate(titles):
            for b in titles[i + 1 :]:
                assert not _overlap(a["box"], b["box"]), (fig["id"], a, b)
        if fig["legend"]:
            assert _inside(fig["legend"]["box"], fig["box"]), fig["id"]
    return figures


def axis(fig: dict[str, Any], name: str) -> dict[str, Any]:
    return next(a for a in fig["axes"] if a["name"] == name)


@pytest.fixture
def opened(browser: Any, live: Live) -> Iterator[Callable[..., Any]]:
    """Open a signed-in page at a width, at ``path`` (default: the dashboard); anything the CSP
    blocked fails the test."""
    contexts: list[Any] = []
    blocked: list[str] = []

    def open_at(width: int, path: str = "") -> Any:
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.on(
            "console",
            lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
        )
        signed_in(page, live, path)
        return page

    yield open_at
    for context in contexts:
        context.close()
    assert not blocked, blocked


@pytest.mark.parametrize("width", WIDTHS)
def test_dashboard_charts(opened: Callable[..., Any], width: int) -> None:
    page = opened(width)
    page.wait_for_selector("#chart-load .main-svg")
    data = json.loads(page.locator("#dashboard-data").text_content())
    trends = {"sleep_h": "chart-sleep", "weight_kg": "chart-weight", "hrv_ms": "chart-hrv"}
    drawn = {trends[k] for k, values in data["trends"].items() if k in trends and any(values)}
    assert "chart-sleep" in drawn  # the demo logs sleep every night
    for chart in drawn:
        page.wait_for_selector(f"#{chart} .main-svg")
    expected = {"chart-load", *drawn} | ({"chart-sets"} if data["sets"] else set())
    figures = check_figures(page, expected)

    # Load above CTL/ATL/TSB, one x axis: no second y axis laid over the first.
    load = figures["chart-load"]
    assert [a["name"] for a in load["axes"]] == ["xaxis", "yaxis", "yaxis2"]
    assert axis(load, "yaxis")["title"] == "CTL · ATL · TSB (AU/day)"
    assert axis(load, "yaxis2")["title"] == "load (AU)"
    assert {"daily load", "fitness (CTL)", "fatigue (ATL)", "form (TSB)"} <= set(
        load["legend"]["items"]
    )

    # Sleep, weight and HRV: one chart each, one series each, titled with its unit.
    titles = {"chart-sleep": "sleep (h)", "chart-weight": "body weight (kg)"}
    titles["chart-hrv"] = "HRV RMSSD (ms)"
    for chart in drawn:
        assert len(figures[chart]["traces"]) == 1, chart
        assert axis(figures[chart], "yaxis")["title"] == titles[chart]
    for chart in set(titles) - drawn:  # nothing logged: a line of text, not an empty frame
        assert "logged" in page.locator(f"#{chart}").inner_text()
    lo, hi = axis(figures["chart-sleep"], "yaxis")["range"]
    slept = [v for v in data["trends"]["sleep_h"] if v is not None]
    assert lo <= min(min(slept), 4)
    assert hi >= max(max(slept), 10)

    if data["sets"]:
        sets = figures["chart-sets"]
        bars = {t["name"]: t for t in sets["traces"] if t["type"] == "bar"}
        assert set(VOLUME) <= set(bars)
        colours = {bars[name]["color"] for name in VOLUME}
        assert len(colours) == 3, colours  # three classes, three colours
        assert set(VOLUME) | {"MEV", "MAV", "MRV"} <= set(sets["legend"]["items"])
        classes = {"below_mev": 0, "productive": 1, "above_mav": 1, "above_mrv": 2}
        for i, muscle in enumerate(data["sets"]):  # each muscle's bar in its own class
            if muscle["status"] in classes:
                name = VOLUME[classes[muscle["status"]]]
                assert bars[name]["x"][i] == muscle["sets"], muscle
                others = [bars[n]["x"][i] for n in VOLUME if n != name]
                assert others == [None, None], muscle

    assert page.evaluate(SCROLL) <= 0
    shot(page, f"dashboard-{width}")


# A week with a muscle in every class (the demo's own week may have no sets yet on a Monday).
WEEK = [
    {"muscle": "chest", "sets": 4.0, "mev": 8.0, "mav": 16.0, "mrv": 22.0, "status": "below_mev"},
    {"muscle": "lats", "sets": 14.0, "mev": 10.0, "mav": 20.0, "mrv": 25.0, "status": "productive"},
    {"muscle": "quads", "sets": 19.0, "mev": 8.0, "mav": 18.0, "mrv": 20.0, "status": "above_mav"},
    {
        "muscle": "side_delts",
        "sets": 30.0,
        "mev": 8.0,
        "mav": 22.0,
        "mrv": 26.0,
        "status": "above_mrv",
    },
]
DATA_BLOCK = re.compile(
    r'(<script type="application/json" id="dashboard-data">)(.*?)(</script>)', re.S
)


@pytest.mark.parametrize("width", WIDTHS)
def test_volume_classes_are_told_apart(opened: Callable[..., Any], live: Live, width: int) -> None:
    page = opened(width)

    def with_week(route: Any) -> None:
        response = route.fetch()
        html = response.text()

        def swap(m: re.Match[str]) -> str:
            data = json.loads(m.group(2))
            data["sets"] = WEEK
            return m.group(1) + json.dumps(data).replace("</", "<\\/") + m.group(3)

        route.fulfill(response=response, body=DATA_BLOCK.sub(swap, html, count=1))

    page.route(f"{live.url}/athletes/{live.athlete_id}", with_week)
    page.goto(f"{live.url}/athletes/{live.athlete_id}")
    page.wait_for_selector("#chart-sets .main-svg")
    sets = check_figures(page, {"chart-sets"})["chart-sets"]
    bars = {t["name"]: t for t in sets["traces"] if t["type"] == "bar"}
    assert [bars[n]["x"] for n in VOLUME] == [
        [4.0, None, None, None],
        [None, 14.0, 19.0, None],
        [None, None, None, 30.0],
    ]
    # As drawn: the bars' fills, one colour per class, each shown in the legend beside its name.
    fills = page.evaluate(
        "Array.from(document.querySelectorAll('#chart-sets .barlayer .trace')).map("
        "(t) => Array.from(t.querySelectorAll('.point path')).map((p) => p.style.fill))"
    )
    drawn = [set(f) for f in fills if f]
    assert [len(f) for f in drawn] == [1, 1, 1], fills
    assert len(set.union(*drawn)) == 3
    swatches = page.evaluate(
        "Array.from(document.querySelectorAll('#chart-sets .legend .traces')).map((t) => "
        "[t.querySelector('.legendtext').textContent, "
        "(t.querySelector('.legendpoints path') || {style: {}}).style.fill])"
    )
    legend = {name: fill for name, fill in swatches if name in VOLUME}
    assert set(legend) == set(VOLUME)
    assert {legend[n] for n in VOLUME} == set.union(*drawn)
    assert page.evaluate(SCROLL) <= 0
    shot(page, f"volume-{width}")


@pytest.fixture(scope="module")
def recording_id(live: Live) -> int:
    """A stored recording of the demo athlete: 90 s of simulated intervals."""
    engine = make_engine(live.database_url)
    try:
        bus = InMemoryBus()
        frames = Simulator("intervals", 3).frames(90.0).frames
        publish_frames(bus, frames, athlete_id=live.athlete_id, recording_key="charts-1")
        workers = InProcessWorkers(bus, make_session_factory(engine))
        workers.start()
        assert wait_for(
            lambda: workers.vitals.stats.seconds >= 80 and workers.frames.stats.samples > 0, 60.0
        )
        workers.drain(["charts-1"])
    finally:
        engine.dispose()
    with contextmanager(live.context)() as ctx:
        found = sensors.list_recordings(ctx, live.athlete_id)
    return int(next(r.id for r in found.items if r.key == "charts-1"))


@pytest.mark.parametrize("width", WIDTHS)
def test_recording_charts(
    opened: Callable[..., Any], live: Live, recording_id: int, width: int
) -> None:
    page = opened(width, f"/athletes/{live.athlete_id}/recordings/{recording_id}")
    page.wait_for_selector("#chart-vitals .main-svg")
    page.wait_for_selector("#chart-wave .main-svg")
    figures = check_figures(page, {"chart-vitals", "chart-wave"})

    data = json.loads(page.locator("#recording-data").text_content())["vitals"]
    vitals = figures["chart-vitals"]
    assert [t["name"] for t in vitals["traces"]] == ["heart rate", "SpO₂", "breathing", "EtCO₂"]
    for name, (key, (lo, hi)) in zip(
        ("yaxis", "yaxis2", "yaxis3", "yaxis4"), VITAL_RANGES.items(), strict=True
    ):
        values = [v for v in data[key] if v is not None]
        assert values, key
        assert lo <= min(values), (key, min(values))
        assert max(values) <= hi, (key, max(values))
        assert axis(vitals, name)["range"] == [lo, hi], key  # the data fits: the fixed range
    assert axis(vitals, "xaxis")["title"] == "time (s)"
    wave = figures["chart-wave"]
    assert axis(wave, "yaxis")["title"] == "ECG (mV)"
    assert axis(wave, "xaxis")["title"] == "time (s)"

    # The fixed range widens only as far as data outside it needs, in either direction.
    widened = page.evaluate(
        "[fcCharts.span([38, 90, 215, null], [40, 200]), fcCharts.span([60, 120], [40, 200])]"
    )
    (lo, hi), inside = widened
    assert lo < 38
    assert hi > 215
    assert hi - lo < 1.15 * (215 - 38)  # a little room, no more
    assert inside == [40, 200]

    assert page.evaluate(SCROLL) <= 0
    shot(page, f"recording-{width}")


def test_live_charts(opened: Callable[..., Any], live: Live) -> None:
    # Both widths watch one simulated session, as two people may: waiting for its first EtCO2
    # (about 12 s) is most of this test's time, and it is waited for once.
    pages = {width: opened(width, f"/athletes/{live.athlete_id}/live") for width in WIDTHS}
    for page in pages.values():
        page.wait_for_selector("#wave-co2 .main-svg")
    engine = make_engine(live.database_url)
    demo = LiveDemo(
        live.bus, make_session_factory(engine), live.athlete_id, scenarios=("rest",), segment_s=60
    )
    demo.start()
    try:
        from playwright.sync_api import expect

        for page in pages.values():
            # The first vitals row (EtCO2 comes within a few seconds; waves stream before it).
            # Generous: the vitals worker runs in this process, on a busy machine it lags.
            expect(page.locator("#v-etco2 .value")).not_to_have_text("—", timeout=45_000)
            figures = check_figures(page, {"wave-ecg", "wave-ppg", "wave-co2"})
            titles = {f: axis(figures[f], "yaxis")["title"] for f in figures}
            assert titles == {
                "wave-ecg": "ECG (mV)",
                "wave-ppg": "PPG (counts)",
                "wave-co2": "CO₂ (mmHg)",
            }
            for name, base in (("ecg", [-1, 2]), ("co2", [0, 60])):
                y = page.evaluate(f"document.getElementById('wave-{name}').data[0].y")
                assert len(y) > 20
                shown = page.evaluate(
                    f"document.getElementById('wave-{name}')._fullLayout.yaxis.range"
                )
                if base[0] <= min(y) and max(y) <= base[1]:
                    assert shown == base, name
                else:
                    assert shown[0] <= min(y), name
                    assert shown[1] >= max(y), name
            assert page.evaluate(SCROLL) <= 0
    finally:
        demo.stop()
        engine.dispose()
    # Shot once the stream is still: a page redrawing three charts five times a second, twice
    # over, kept a busy renderer from ever handing Playwright a frame (a 20 s timeout in CI).
    for width, page in pages.items():
        page.bring_to_front()
        shot(page, f"live-{width}")


@pytest.mark.parametrize(
    ("x", "days"),
    [
        (["2026-11-23T18:40:00+00:00"], ["22 Nov", "23 Nov", "24 Nov", "25 Nov"]),
        (["2026-11-23"], ["22 Nov", "23 Nov", "24 Nov"]),
    ],
)
def test_a_chart_of_one_moment_is_ticked_in_days(
    opened: Callable[..., Any], x: list[str], days: list[str]
) -> None:
    """Issue 60: a chart of one point (one night, a first weigh-in) zoomed in to that instant
    and ticked its axis in milliseconds. The shared ``fcCharts.plot`` shows the day with one on
    each side instead, ticked as days."""
    page = opened(1366)
    # The dashboard fetches plotly.js after its load event (its charts are drawn then).
    page.wait_for_function("() => window.Plotly !== undefined")
    ticks = page.evaluate(
        """(x) => {
          const el = document.createElement("div");
          el.id = "one-moment"; el.style.width = "600px"; el.style.height = "200px";
          document.querySelector("main").appendChild(el);
          fcCharts.plot(el, [{ x, y: [7], mode: "markers" }], { height: 200 });
          return Array.from(el.querySelectorAll(".xtick text")).map((t) => t.textContent);
        }""",
        x,
    )
    assert ticks == days, ticks
