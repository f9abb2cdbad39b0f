"""Pages as a person waits for them, in headless Chromium, beside a static page.

Setup (not timed): the demo athlete of ``bench_cli.seed`` (6 weeks, a password, a plan) in a
temporary SQLite file, served by ``fitcoach serve`` in a process of its own (as ``make run``
starts it; ``FITCOACH_LOG_LEVEL=WARNING``), and Debian's Chromium driven by Playwright; one
sign-in gives the session cookie the page loads reuse. Every page loads once untimed first.

Measured, each in a new browser context (nothing cached) unless it says so, the paths in turn
within a round (the first one rotating) so a change in the machine's load falls on all:

- **baseline**: a static page at the server's origin (an HTML document given by the benchmark,
  with the stylesheet and script every page loads from the server), to its ``load`` event.
- **dashboard** at 1366 px and at 390 px (a phone), to its ``load`` event (the figure; its
  charts are below the first screen, and plotly.js comes after ``load``: ``charts.js``'s
  ``data-plotly``), and beside it (``charts drawn``) to the moment every chart is drawn (an
  SVG, or the line saying it has no data); and again in the same context (a **repeat visit**:
  static files from the browser's cache).
- **nutrition, first view**: the page when the meal plan for the day is not made yet (the
  athlete's dislikes change before each one, so the optimiser must run), to ``load``; and
  when the plan is on the page (``plan_s`` in the JSON).
- **sign-in**: from sending the form to the browser's receipt of the answer (the password
  checked, the session started); and on to the dashboard drawn (``to_dashboard_s``).

Figures are medians of wall time from the browser's navigation start (``performance.now()``);
ratio = figure / the static page. Beside each: the browser's main-thread time
(``TaskDuration`` of the Chrome DevTools Protocol's ``Performance.getMetrics``) and the
server's CPU time (``/proc``), which a busy machine inflates far less than the wall time.
Goals: the dashboard to ``load`` within 1 s at both widths (1.5 s to every chart
drawn was the earlier goal), the first nutrition view under 1 s, sign-in under 0.5 s.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.bench_cli import EMAIL, PASSWORD, environment, seed
from benchmarks.bench_startup import CLI_ENTRY, START_TIMEOUT_S, _answers, _cpu_of, free_port
from benchmarks.common import BenchArgs, BenchmarkError, Result, Timing

NAME = "pages"
DEFAULT_REPEAT = 5
QUICK_REPEAT = 2
CHROMIUM = Path("/usr/bin/chromium")
WIDTHS = {"1366 px": (1366, 768), "390 px": (390, 844)}
GOALS = {"dashboard": 1.0, "nutrition": 1.0, "sign-in": 0.5}
STATIC_PATH = "/bench-static-page"
# A fruit disliked per nutrition view: each gives the plan new inputs, so the optimiser runs.
FRUITS = ("banana", "apple", "orange", "pear", "mango", "kiwi", "peach", "plum", "grapes")

# Every chart of the dashboard drawn (plotly's SVG, or the text saying there is no data), after
# ``load``: when, in ms since the navigation started; else null.
CHARTS_DRAWN = """() => {
  const charts = [...document.querySelectorAll('.chart')];
  const drawn = charts.length > 0 && charts.every(
    (el) => el.classList.contains('chart-empty') || el.querySelector('svg.main-svg'));
  const nav = performance.getEntriesByType('navigation')[0];
  return drawn && nav && nav.loadEventEnd > 0 ? performance.now() : null;
}"""
LOADED = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  return nav && nav.loadEventEnd > 0 ? nav.loadEventEnd : null;
}"""
PLAN_SHOWN = """() => document.querySelector('#plan ul.planned') ? performance.now() : null"""


@dataclass(frozen=True)
class Load:
    """One page load: wall seconds, the browser's main-thread seconds, the server's CPU."""

    wall_s: float
    browser_s: float
    server_s: float | None
    extra: dict[str, float]


@dataclass
class Site:
    url: str
    pid: int
    athlete_id: int
    database_url: str
    cookies: list[dict[str, Any]]


def _static_html(url: str, version: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>static</title><link rel="stylesheet" href="{url}/static/fitcoach.css?v={version}">'
        "</head><body><main><h1>A static page</h1><p>The same stylesheet and script as every "
        f'page.</p></main><script src="{url}/static/fitcoach.js?v={version}"></script>'
        "</body></html>"
    )


@contextmanager
def serve(env: dict[str, str], log: Path) -> Iterator[tuple[str, int]]:
    """``fitcoach serve`` on a free port until the block ends: (its URL, its pid)."""
    port = free_port()
    args = [sys.executable, "-c", CLI_ENTRY, "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            start = time.perf_counter()
            while not _answers(port):
                if process.poll() is not None:
                    raise BenchmarkError(f"fitcoach serve exited: {log.read_text()[-2000:]}")
                if time.perf_counter() - start > START_TIMEOUT_S:
                    raise BenchmarkError(f"no answer on /health within {START_TIMEOUT_S:.0f} s")
                time.sleep(0.05)
            yield f"http://127.0.0.1:{port}", process.pid
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _dislike(database_url: str, athlete_id: int, fruit: str) -> None:
    """Give the athlete a new dislike (a new meal plan's inputs), as the profile page does."""
    from fitcoach.core.clock import SystemClock
    from fitcoach.services import athletes
    from fitcoach.services.context import ServiceContext
    from fitcoach.storage.access import Subject
    from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work

    engine = make_engine(database_url)
    with unit_of_work(make_session_factory(engine)) as session:
        ctx = ServiceContext(session=session, subject=Subject.system(), clock=SystemClock())
        athletes.update_profile(ctx, athlete_id, {"dislikes": [fruit]})
    engine.dispose()


class Browser:
    """Page loads in Chromium, each measured as ``Load``."""

    def __init__(self, chromium: Any, site: Site) -> None:
        self.chromium = chromium
        self.site = site

    def context(self, width: str = "1366 px", *, signed_in: bool = True) -> Any:
        w, h = WIDTHS[width]
        context = self.chromium.new_context(viewport={"width": w, "height": h})
        if signed_in:
            context.add_cookies(self.site.cookies)
        return context

    def load(self, context: Any, path: str, done: str, more: dict[str, str] | None = None) -> Load:
        """Open ``path`` in a new page of ``context`` until ``done`` answers a time (ms)."""
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")
        before = _cpu_of(self.site.pid)
        try:
            page.goto(self.site.url + path, wait_until="commit")
            wall_ms = float(page.wait_for_function(done, polling=10, timeout=120_000).json_value())
            extra = {
                key: float(page.wait_for_function(js, polling=10, timeout=120_000).json_value())
                / 1000
                for key, js in (more or {}).items()
            }
            metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        finally:
            after = _cpu_of(self.site.pid)
            page.close()
        server = None if before is None or after is None else after - before
        return Load(wall_ms / 1000, float(metrics.get("TaskDuration", 0.0)), server, extra)

    def sign_in(self) -> Load:
        """From sending the login form to the answer, then on to the dashboard drawn."""
        context = self.context(signed_in=False)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")
        try:
            page.goto(self.site.url + "/login")
            page.fill("input[name=email]", EMAIL)
            page.fill("input[name=password]", PASSWORD)
            before = _cpu_of(self.site.pid)
            start = time.perf_counter()
            with page.expect_response(
                lambda r: r.request.method == "POST" and r.url.endswith("/login")
            ) as answer:
                page.click("button[type=submit]")
            if answer.value.status != 303:
                raise BenchmarkError(f"sign-in answered {answer.value.status}")
            signed = time.perf_counter() - start
            after = _cpu_of(self.site.pid)
            page.wait_for_url(f"**/athletes/{self.site.athlete_id}", wait_until="commit")
            page.wait_for_function(CHARTS_DRAWN, polling=10, timeout=120_000)
            drawn = time.perf_counter() - start
            metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        finally:
            context.close()
        server = None if before is None or after is None else after - before
        return Load(
            signed, float(metrics.get("TaskDuration", 0.0)), server, {"to_dashboard_s": drawn}
        )


def _cookies(chromium: Any, url: str) -> list[dict[str, Any]]:
    context = chromium.new_context()
    page = context.new_page()
    page.goto(url + "/login")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/athletes/*", wait_until="commit")
    cookies: list[dict[str, Any]] = context.cookies()
    context.close()
    return cookies


def _paths(browser: Browser, version: str) -> dict[str, Callable[[], Load]]:
    site = browser.site
    dashboard = f"/athletes/{site.athlete_id}"
    fruits = itertools.cycle(FRUITS)

    def static() -> Load:
        context = browser.context()
        context.route(
            site.url + STATIC_PATH,
            lambda route: route.fulfill(
                status=200, content_type="text/html", body=_static_html(site.url, version)
            ),
        )
        try:
            return browser.load(context, STATIC_PATH, LOADED)
        finally:
            context.close()

    def dashboard_at(width: str, *, repeat_visit: bool) -> Callable[[], Load]:
        def run() -> Load:
            context = browser.context(width)
            try:
                if repeat_visit:
                    browser.load(context, dashboard, CHARTS_DRAWN)
                return browser.load(context, dashboard, LOADED, {"charts_drawn_s": CHARTS_DRAWN})
            finally:
                context.close()

        return run

    def nutrition() -> Load:
        _dislike(site.database_url, site.athlete_id, next(fruits))
        context = browser.context()
        try:
            return browser.load(context, f"{dashboard}/nutrition", LOADED, {"plan_s": PLAN_SHOWN})
        finally:
            context.close()

    paths: dict[str, Callable[[], Load]] = {"static page": static}
    for width in WIDTHS:
        paths[f"dashboard, {width}"] = dashboard_at(width, repeat_visit=False)
        paths[f"dashboard, {width}, repeat visit"] = dashboard_at(width, repeat_visit=True)
    paths["nutrition, first view"] = nutrition
    paths["sign-in"] = browser.sign_in
    return paths


def _alternate(
    paths: dict[str, Callable[[], Load]], times: int, *, warmup: bool = True
) -> dict[str, list[Load]]:
    names = list(paths)
    for name in names if warmup else []:
        paths[name]()  # untimed: the server's first answers, the browser's first start
    out: dict[str, list[Load]] = {name: [] for name in names}
    for round_ in range(times):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            out[name].append(paths[name]())
    return out


def _median(values: list[float]) -> float:
    return Timing(tuple(values)).median


def _goal(name: str) -> float | None:
    return next((g for key, g in GOALS.items() if name.startswith(key)), None)


def _results(runs: dict[str, list[Load]], times: int) -> list[Result]:
    base = runs["static page"]
    base_wall = _median([r.wall_s for r in base])
    out = []
    for name, loads in runs.items():
        if name == "static page":
            continue
        wall = _median([r.wall_s for r in loads])
        browser_s = _median([r.browser_s for r in loads])
        servers = [r.server_s for r in loads if r.server_s is not None]
        server_s = _median(servers) if len(servers) == len(loads) else None
        goal = _goal(name)
        notes = [f"browser main thread {browser_s:.3f} s"]
        if server_s is not None:
            notes.append(f"server CPU {server_s:.3f} s")
        extra: dict[str, Any] = {
            "repeats": times,
            "p95_s": Timing(tuple(r.wall_s for r in loads)).p95,
            "browser_s": browser_s,
            "server_cpu_s": server_s,
            "baseline_browser_s": _median([r.browser_s for r in base]),
            "load_average": os.getloadavg(),
        }
        for key in loads[0].extra:
            extra[key] = _median([r.extra[key] for r in loads])
            notes.append(f"{key.removesuffix('_s').replace('_', ' ')} {extra[key]:.3f} s")
        if goal is not None and "repeat visit" not in name:
            notes.insert(0, f"goal < {goal:g} s: {'met' if wall < goal else 'NOT met'}")
        out.append(
            Result(
                name=name,
                figure=wall,
                unit="s",
                baseline=base_wall,
                ratio=wall / base_wall,
                notes="; ".join(notes),
                baseline_name="a static page (same stylesheet and script)",
                group=NAME,
                samples=[r.wall_s for r in loads],
                baseline_samples=[r.wall_s for r in base],
                extra=extra,
            )
        )
    return out


def _skipped(reason: str) -> list[Result]:
    return [Result(name="pages", figure=None, unit="s", notes=reason, group=NAME)]


def main(args: BenchArgs) -> list[Result]:
    if not CHROMIUM.exists():
        return _skipped(f"skipped: {CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return _skipped("skipped: Playwright is not installed (make setup)")
    from fitcoach.interfaces.web.assets import static_version

    times = args.repeat or (QUICK_REPEAT if args.quick else DEFAULT_REPEAT)
    with tempfile.TemporaryDirectory(prefix="fitcoach-bench-pages-") as tmp:
        root = Path(tmp)
        args.progress("seeding the demo athlete")
        database_url, athlete_id = seed(root)
        args.progress("starting fitcoach serve and Chromium")
        with (
            serve(environment(database_url, root), root / "serve.log") as (url, pid),
            sync_playwright() as playwright,
        ):
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                site = Site(url, pid, athlete_id, database_url, _cookies(chromium, url))
                paths = _paths(Browser(chromium, site), static_version())
                args.progress(f"{len(paths)} page loads, {times} times each")
                runs = _alternate(paths, times, warmup=args.warmup)
            finally:
                chromium.close()
    return _results(runs, times)


if __name__ == "__main__":
    for result in main(BenchArgs(progress=lambda m: print(m, file=sys.stderr))):
        print(f"{result.name}: {result.figure} s; {result.notes}")
