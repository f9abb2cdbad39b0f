"""The dark theme in Chromium with the browser's colour scheme emulated, at 1366 and 390 px.

With ``prefers-color-scheme: dark`` the pages turn dark (the same pages in the light scheme
stay light): every visible piece of text is measured against what it sits on (its computed
colour over the composited backgrounds of its ancestors) and keeps a WCAG contrast ratio of
at least 4.5:1 (3:1 for large text); the charts' text, grid and lines follow the theme, their
text at 4.5:1 and their lines at 3:1 against the card. Full-page screenshots are kept
(``test-output/screenshots/dark-*.png``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from tests.web.conftest import Live, shot, signed_in
from tests.web.test_browser_charts import recording_id  # noqa: F401  (a fixture)

WIDTHS = (1366, 390)
DARK_BG = (13, 17, 23)  # fitcoach.css: --bg in the dark theme
LIGHT_BG = (246, 247, 249)  # --bg in the light theme

# Each visible element that holds text of its own (or is a form control), with its colour,
# the background it is seen on (its ancestors' backgrounds composited, innermost last) and
# its size. Plotly's SVG is measured separately; a disabled control is exempt (WCAG 1.4.3).
TEXTS = r"""() => {
  const parse = (c) => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const behind = (el) => { const layers = [];
    for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    let out = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) out = [r * a + out[0] * (1 - a), g * a + out[1] * (1 - a), b * a + out[2] * (1 - a)];
    return out; };
  const visible = (el) => { const s = getComputedStyle(el); const r = el.getBoundingClientRect();
    return s.visibility === 'visible' && s.display !== 'none' && r.width > 0 && r.height > 0 && el.closest('[hidden]') === null; };
  const own = (el) => Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg, script, style, option, .js-plotly-plot') || el.disabled) continue;
    const control = el.matches('input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea, button');
    if (!(control || own(el)) || !visible(el)) continue;
    const s = getComputedStyle(el);
    out.push({ tag: el.tagName.toLowerCase(), cls: el.className && String(el.className),
      text: (el.value || el.textContent || '').trim().slice(0, 40), color: parse(s.color).slice(0, 3),
      bg: behind(el), size: parseFloat(s.fontSize), weight: Number(s.fontWeight) || 400 });
  }
  return out;
}"""
# The charts as drawn: text, grid and trace colours (Plotly's resolved layout) and the
# background of the card they sit on.
CHARTS = r"""() => Array.from(document.querySelectorAll('.js-plotly-plot')).map((gd) => {
  const full = gd._fullLayout;
  const axes = Object.keys(full).filter((k) => /^[xy]axis\d*$/.test(k)).map((k) => full[k]);
  let card = gd; while (card && getComputedStyle(card).backgroundColor === 'rgba(0, 0, 0, 0)') card = card.parentElement;
  return { id: gd.id, font: full.font.color, card: card ? getComputedStyle(card).backgroundColor : 'rgb(255, 255, 255)',
    grid: axes.map((a) => a.gridcolor), ticks: axes.map((a) => a.tickfont.color),
    lines: gd._fullData.filter((t) => t.type === 'scatter' && t.mode && t.mode.includes('lines')).map((t) => t.line.color) };
})"""
SCROLL = "document.documentElement.scrollWidth - window.innerWidth"


def rgb(text: str) -> tuple[float, float, float]:
    """``rgb(1, 2, 3)``, ``rgba(...)`` or ``#rrggbb`` as three channels 0–255."""
    if text.startswith("#"):
        return (int(text[1:3], 16), int(text[3:5], 16), int(text[5:7], 16))
    found = re.findall(r"[\d.]+", text)
    return (float(found[0]), float(found[1]), float(found[2]))


def luminance(colour: tuple[float, float, float]) -> float:
    """WCAG 2.x relative luminance."""
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in (v / 255 for v in colour)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_is_computed_as_wcag_defines_it() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((255, 255, 255), (255, 255, 255)) == pytest.approx(1.0)
    assert contrast(rgb("#767676"), rgb("#ffffff")) == pytest.approx(4.54, abs=0.01)


@pytest.fixture
def opened(browser: Any, live: Live) -> Iterator[Callable[[int, str, str], Any]]:
    """A page signed in as the demo athlete at a width and colour scheme, at ``path``;
    anything the CSP blocked fails the test."""
    contexts: list[Any] = []
    blocked: list[str] = []

    def open_at(width: int, scheme: str, path: str) -> Any:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.on(
            "console",
            lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
        )
        signed_in(page, live, f"/athletes/{live.athlete_id}{path}")
        return page

    yield open_at
    for context in contexts:
        context.close()
    assert not blocked, blocked


def low_contrast(page: Any) -> list[dict[str, Any]]:
    """The texts below 4.5:1 (3:1 when large: 24 px, or 18.66 px bold), with their ratio."""
    failing = []
    for t in page.evaluate(TEXTS):
        large = t["size"] >= 24 or (t["size"] >= 18.66 and t["weight"] >= 700)
        ratio = contrast(tuple(t["color"]), tuple(t["bg"]))
        if ratio < (3.0 if large else 4.5):
            failing.append({**t, "ratio": round(ratio, 2)})
    return failing


def body_colours(page: Any) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.body); return [s.backgroundColor, s.color]; }"
    )
    return rgb(style[0]), rgb(style[1])


# Pages with everything the theme has to reach: the dashboard's charts, tiles and week strip;
# the plan's calendar, forms and proposals; the recordings and an ended recording (vitals and
# waveform charts, the form that logs it as a session); the privacy page's forms; and the pages
# used every day: the history, progress (its charts and folded tables), the quick log, the
# check-in, the chat, nutrition and the guided workout.
PAGES = {
    "dashboard": "",
    "plan": "/plan",
    "recordings": "/recordings",
    "recording": "/recordings/{recording_id}",
    "privacy": "/privacy",
    "history": "/history",
    "progress": "/progress",
    "log": "/log",
    "checkin": "/checkin",
    "chat": "/chat",
    "nutrition": "/nutrition",
    "workout": "/workout",
}
CHART_OF = {"dashboard": "#chart-load", "recording": "#chart-vitals"}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_dark_page_keeps_its_text_readable(
    opened: Callable[[int, str, str], Any],
    request: pytest.FixtureRequest,
    width: int,
    name: str,
) -> None:
    path = PAGES[name]
    if "{recording_id}" in path:  # 90 s of simulated intervals, ended (test_browser_charts)
        path = path.format(recording_id=request.getfixturevalue("recording_id"))
    page = opened(width, "dark", path)
    if name in CHART_OF:
        page.wait_for_selector(f"{CHART_OF[name]} .main-svg")
    background, text = body_colours(page)
    assert background == DARK_BG
    assert contrast(text, background) >= 4.5
    assert (
        page.evaluate("() => getComputedStyle(document.documentElement).colorScheme") == "dark"
    )  # the browser's own controls and scroll bars are dark too
    failing = low_contrast(page)
    assert not failing, failing
    assert page.evaluate(SCROLL) <= 0
    shot(page, f"dark-{name}-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_charts_follow_the_theme(opened: Callable[[int, str, str], Any], width: int) -> None:
    drawn: dict[str, list[dict[str, Any]]] = {}
    for scheme in ("dark", "light"):
        page = opened(width, scheme, "")
        page.wait_for_selector("#chart-load .main-svg")
        page.wait_for_selector("#chart-sleep .main-svg")
        drawn[scheme] = page.evaluate(CHARTS)
        assert page.evaluate("() => fcCharts.dark()") is (scheme == "dark")
    assert {c["id"] for c in drawn["dark"]} >= {"chart-load", "chart-sleep"}
    for chart in drawn["dark"]:
        card = rgb(chart["card"])
        assert luminance(card) < 0.05, chart  # drawn on the dark card
        for colour in [chart["font"], *chart["ticks"]]:
            assert contrast(rgb(colour), card) >= 4.5, (chart["id"], colour)
        for colour in chart["lines"]:
            assert contrast(rgb(colour), card) >= 3.0, (chart["id"], colour)
        for colour in chart["grid"]:
            assert luminance(rgb(colour)) < 0.1, (chart["id"], colour)  # no bright grid
    light = {c["id"]: c for c in drawn["light"]}
    for chart in drawn["dark"]:
        assert chart["font"] != light[chart["id"]]["font"]
        assert chart["grid"] != light[chart["id"]]["grid"]


def test_the_light_scheme_stays_light(opened: Callable[[int, str, str], Any]) -> None:
    page = opened(390, "light", "/plan")
    background, text = body_colours(page)
    assert background == LIGHT_BG
    assert contrast(text, background) >= 4.5


def test_the_theme_follows_a_change_while_the_page_is_open(
    opened: Callable[[int, str, str], Any],
) -> None:
    page = opened(1366, "light", "")
    page.wait_for_selector("#chart-load .main-svg")
    assert body_colours(page)[0] == LIGHT_BG
    page.emulate_media(color_scheme="dark")
    assert body_colours(page)[0] == DARK_BG
    page.wait_for_function(
        "() => document.getElementById('chart-load')._fullLayout.font.color === '#e6edf3'"
    )
    failing = low_contrast(page)
    assert not failing, failing
