"""Every page of the web, as an athlete, a coach and an admin see it, at 390 and 1366 px.

Chromium visits each page at both widths (``make screenshots`` keeps a full-page screenshot of
each, ``layout-*.png``) and checks what a person on a phone would notice first:

- **No sideways scroll**: ``document.documentElement.scrollWidth <= innerWidth`` at both
  widths (a wide table scrolls inside its own box, not the page), with every ``<details>``
  closed as the page comes and again with all of them open.
- **Touch targets at least 44 × 44 px at 390 px**: every visible button, form field (a
  checkbox or radio counts by its label, which is what the thumb presses), ``summary`` and
  ``a.button`` in the page's content, the menu button, and the menu's links once it is open.
  Links inside running text are not targets of their own (WCAG 2.5.8 exempts them). Plotly's
  own chart controls are left out.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest
from tests.web.conftest import PASSWORD, Live, shot

from fitcoach.core.domain import Role
from fitcoach.ingest.producers import publish_frames
from fitcoach.pipelines.live import InProcessWorkers, wait_for
from fitcoach.sensors.simulator import Simulator
from fitcoach.services import accounts, athletes, reports

PHONE, DESKTOP = 390, 1366
MIN_TARGET_PX = 44
# A chart or a live wave not drawn yet: the pages' scripts draw into an empty element (Plotly's
# SVG, or charts.js's ``chart-empty`` with its line of text); the weekly report's charts are
# SVG the server wrote.
UNDRAWN = ".chart:not(.chart-empty):not(:has(svg)), .wave:not(:has(svg))"
COACH, ADMIN = "layout-coach@example.org", "layout-admin@example.org"

# What counts as a touch target (see the module notes).
TARGETS_JS = """
(min) => {
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none";
  };
  const selector = [
    "main button", "main input:not([type=hidden])", "main select", "main textarea",
    "main summary", "main a.button", "header .menu-button", "header .menu a",
    "header .menu button",
  ].join(",");
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest(".chart, .js-plotly-plot")) continue;
    const target = el.matches("input[type=checkbox], input[type=radio]")
      ? (el.closest("label") || el) : el;
    if (!shown(target)) continue;
    const r = target.getBoundingClientRect();
    if (r.height < min - 0.5 || r.width < min - 0.5) {
      const text = (target.innerText || target.value || target.name || "").trim().slice(0, 40);
      small.push(`${target.tagName.toLowerCase()} "${text}" ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
  }
  return small;
}
"""
OVERFLOW_JS = """
() => {
  const width = window.innerWidth;
  const wide = document.documentElement.scrollWidth;
  if (wide <= width) return null;
  const culprits = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 && r.width > 0 && !el.closest(".scroll")) {
      culprits.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${el.className}`);
    }
  }
  return `scrollWidth ${wide} > ${width}: ${culprits.slice(0, 5).join(", ")}`;
}
"""

# The ``.scroll`` boxes (among ``selector``'s) whose content is wider than the box: the page fits,
# yet a person on a phone still swipes inside the box to read a row. For the tables that fold
# into lines on a phone (``table.stack`` in fitcoach.css).
SCROLLED_JS = """
(selector) => Array.from(document.querySelectorAll(selector))
  .filter((box) => box.scrollWidth > box.clientWidth + 1)
  .map((box) => `${(box.querySelector('[id]') || box).id || 'a box'}: ${box.scrollWidth} > ${box.clientWidth}`)
"""


@pytest.fixture(scope="module")
def people(live: Live) -> dict[str, str]:
    """A coach linked to the demo athlete, an admin, and a recording to look at."""
    for ctx in live.context():
        coach = athletes.create_staff_account(ctx, COACH, "Casey Coach", Role.coach)
        athletes.link_coach(ctx, coach, live.athlete_id)
        admin = athletes.create_staff_account(ctx, ADMIN, "Ada Admin", Role.admin)
        for account in (coach, admin):
            accounts.set_password(ctx, account, PASSWORD)
        # An API token of the coach's: /account lists it beside the signed-in browsers.
        accounts.create_token(ctx, coach, name="layout script")
    frames = Simulator("rest", 1).frames(12.0).frames
    publish_frames(live.bus, frames, athlete_id=live.athlete_id, recording_key="layout-rec")
    workers = InProcessWorkers(live.bus, live.app.state.session_factory)
    workers.start()
    assert wait_for(
        lambda: workers.vitals.stats.seconds >= 5 and workers.frames.stats.samples > 0, 30.0
    )
    workers.drain(["layout-rec"])
    return {"coach": COACH, "admin": ADMIN}


def _recording(page: Any, live: Live) -> str | None:
    page.goto(f"{live.url}/athletes/{live.athlete_id}/recordings")
    link = page.locator(f"a[href^='/athletes/{live.athlete_id}/recordings/']").first
    return link.get_attribute("href") if link.count() else None


def _pages(page: Any, live: Live, role: str) -> list[str]:
    a = f"/athletes/{live.athlete_id}"
    week = reports.week_label(datetime.now(UTC).date())
    shared = [a, f"{a}/plan", f"{a}/nutrition", f"{a}/profile", f"{a}/reports",
              f"{a}/access-log", f"{a}/privacy", f"{a}/chat", "/account"]  # fmt: skip
    if role == "athlete":
        recording = _recording(page, live)
        return [
            *shared, f"{a}/workout", f"{a}/checkin", f"{a}/nutrition?q=chicken", f"{a}/live",
            f"{a}/recordings", *([recording] if recording else []), f"{a}/telegram",
            f"{a}/plan/versions/1", f"{a}/plan/next-week", f"{a}/reports/{week}", f"{a}/no-such-page",
        ]  # fmt: skip
    if role == "coach":
        return ["/coach", *shared, f"{a}/recordings", "/invitations"]
    return ["/admin", "/coach", a, f"{a}/profile", "/account", "/invitations"]


def _sign_in(page: Any, live: Live, email: str) -> None:
    page.goto(f"{live.url}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/(athletes/\d+|coach)$"))


def _check(page: Any, url: str, name: str) -> list[str]:
    from playwright.sync_api import expect

    problems = []
    for width in (PHONE, DESKTOP):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url, wait_until="load")
        # The pages' scripts draw their charts (the recording's waveform after a fetch): each
        # drawn, or replaced by its line of text, before the page is measured and shot. (A
        # fixed 150 ms wait before: idle time on a quiet machine, too short on a loaded one.)
        expect(page.locator(UNDRAWN)).to_have_count(0, timeout=15_000)
        shot(page, f"layout-{name}-{width}")
        if (wide := page.evaluate(OVERFLOW_JS)) is not None:
            problems.append(f"{url} at {width}px scrolls sideways: {wide}")
        toggle = page.locator("header .menu-button")
        if width == DESKTOP and toggle.count() and toggle.is_visible():
            problems.append(f"{url} at {width}px shows the phone's menu button")
        page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        if width == PHONE:
            page.evaluate(
                "(() => { const t = document.getElementById('menu-toggle'); if (t) t.checked = true; })()"
            )
        if (wide := page.evaluate(OVERFLOW_JS)) is not None:
            problems.append(f"{url} at {width}px, opened, scrolls sideways: {wide}")
        if width == PHONE:
            small = page.evaluate(TARGETS_JS, MIN_TARGET_PX)
            problems.extend(
                f"{url} at {width}px: small target {s}" + (f" (×{n})" if n > 1 else "")
                for s, n in Counter(small).items()
            )
    return problems


# The athlete's lists that fold into lines on a phone (``table.stack``): read without a swipe.
FOLDED = {
    "/plan": "#versions",
    "/progress": "#records-table",
    "/recordings": "#recordings",
}


@pytest.mark.parametrize("path", sorted(FOLDED))
def test_the_athletes_lists_read_without_a_swipe_on_a_phone(
    page: Any, live: Live, people: dict[str, str], path: str
) -> None:
    """The page fits at 390 px (every page does), and so does each of these lists inside its
    own box, row by row, with none of its columns left out."""
    page.set_viewport_size({"width": PHONE, "height": 900})
    _sign_in(page, live, live.email)
    page.goto(f"{live.url}/athletes/{live.athlete_id}{path}")
    rows = page.locator(f"{FOLDED[path]} tbody tr")
    assert rows.count() >= 1
    shot(page, f"folded-{path.strip('/')}-{PHONE}")
    assert page.evaluate(OVERFLOW_JS) is None
    assert page.evaluate(SCROLLED_JS, "main .scroll") == []
    heads = page.locator(f"{FOLDED[path]} thead th").count()
    assert rows.first.locator("td").count() == heads
    for cell in rows.first.locator("td").all():
        if cell.inner_text().strip():  # a cell with something to show shows it
            assert cell.is_visible(), cell.inner_html()


# The other pages' lists that fold on a phone (``table.stack``), as the person who reads each
# sees them: who signs in, the path (``{a}``: the demo athlete's pages) and the tables on it that
# must have a row to look at.
FOLDED_ELSEWHERE = {
    "privacy": ("athlete", "{a}/privacy", ("#consent-history",)),
    "account": ("coach", "/account", ("#tokens table", "#sessions table")),
    "coach": ("coach", "/coach", ("#athletes",)),
    "admin": ("admin", "/admin", ("#accounts table", "#tokens table", "#devices table",
                                  "#ingestion table")),
}  # fmt: skip

# For each table in a ``.scroll`` box of the page's content: a header gone (screen readers read
# it), a row whose cells do not add up to the header's columns, a cell with text that is off
# the screen, or one that shows only part of its text (innerText leaves out what is not drawn,
# textContent does not; they differ in spaces and line breaks, so both are compared without).
HIDDEN_CELLS_JS = """
() => {
  const found = [];
  const squeeze = (s) => s.replace(/\\s+/g, "").toLowerCase();
  for (const table of document.querySelectorAll("main .scroll table")) {
    const name = table.id || (table.closest("[id]") || {}).id || "a table";
    const heads = table.querySelectorAll("thead th").length;
    if (!heads || getComputedStyle(table.tHead).display === "none") found.push(`${name}: no header`);
    Array.from(table.tBodies[0].rows).forEach((row, i) => {
      const columns = Array.from(row.cells).reduce((n, cell) => n + cell.colSpan, 0);
      if (columns !== heads) found.push(`${name} row ${i}: ${columns} cells for ${heads} columns`);
      for (const cell of row.cells) {
        const all = squeeze(cell.textContent);
        if (!all) continue;
        const r = cell.getBoundingClientRect();
        const shown = squeeze(cell.innerText);
        if (r.width === 0 || r.height === 0 || r.left < -1 || r.right > window.innerWidth + 1) {
          found.push(`${name} row ${i}: "${all.slice(0, 30)}" is off the screen`);
        } else if (shown !== all) {
          found.push(`${name} row ${i}: "${all.slice(0, 30)}" shows "${shown.slice(0, 30)}"`);
        }
      }
    });
  }
  return found;
}
"""


@pytest.mark.parametrize("name", sorted(FOLDED_ELSEWHERE))
def test_the_other_lists_read_without_a_swipe_on_a_phone(
    page: Any, live: Live, people: dict[str, str], name: str
) -> None:
    """The consent history, the account's tokens and browsers, the coach's athletes and the
    admin's tables fit their boxes at 390 px too: every row with all of its columns, every cell
    on the screen with all of its text (a folded-away <details> opened), the header kept."""
    role, path, tables = FOLDED_ELSEWHERE[name]
    page.set_viewport_size({"width": PHONE, "height": 900})
    _sign_in(page, live, live.email if role == "athlete" else people[role])
    page.goto(live.url + path.format(a=f"/athletes/{live.athlete_id}"))
    for table in tables:
        assert page.locator(f"{table} tbody tr").count() >= 1, table
    page.evaluate("document.querySelectorAll('main details').forEach((d) => { d.open = true; })")
    shot(page, f"folded-{name}-{PHONE}")
    assert page.evaluate(OVERFLOW_JS) is None
    assert page.evaluate(SCROLLED_JS, "main .scroll") == []
    assert page.evaluate(HIDDEN_CELLS_JS) == []


@pytest.mark.parametrize("role", ["athlete", "coach", "admin"])
def test_every_page_fits_a_phone_and_a_laptop(
    page: Any, live: Live, people: dict[str, str], role: str
) -> None:
    problems = _check(page, f"{live.url}/login", "login") if role == "athlete" else []
    _sign_in(page, live, live.email if role == "athlete" else people[role])
    paths = _pages(page, live, role)
    for path in paths:
        name = f"{role}-" + (re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home")
        problems.extend(_check(page, f"{live.url}{path}", name))
    assert not problems, "\n".join(problems)
