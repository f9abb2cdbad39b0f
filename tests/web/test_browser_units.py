"""The pages' scripts in the athlete's units, in Chromium: ``fc.mass`` and ``fc.distance``
write what ``core.units`` writes, the dashboard's weight chart is in lb, and the guided workout
shows and takes lb for an athlete who chose imperial units (what is stored stays kg)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from typing import Any

from tests.web.conftest import Live, browser_login, signed_in
from tests.web.test_browser_workout import _workout_day, training_day

from fitcoach.core.clock import FixedClock
from fitcoach.core.units import format_distance, format_mass
from fitcoach.services import athletes, guided, monitoring, plans, training_log

MASSES = [0, 1.25, 2.5, 20, 24, 61.23, 72.57477920000001, 80, 100.01, 102.06, 142.88, 317.5]
DISTANCES = [0, 400, 1609.344, 4989, 5000, 21097.5, 42195]


def _units(live: Live, units: str) -> None:
    for ctx in live.context():
        athletes.update_profile(ctx, live.athlete_id, {"units": units})


def _script_says(page: Any) -> dict[str, list[str]]:
    return page.evaluate(  # type: ignore[no-any-return]
        """([masses, distances]) => ({
          load: masses.map((kg) => fc.mass(kg)),
          body: masses.map((kg) => fc.mass(kg, "body")),
          hand: masses.map((kg) => fc.mass(kg, "load", true)),
          distance: distances.map((m) => fc.distance(m)),
        })""",
        [MASSES, DISTANCES],
    )


def _python_says(units: Any) -> dict[str, list[str]]:
    return {
        "load": [format_mass(kg, units) for kg in MASSES],
        "body": [format_mass(kg, units, kind="body") for kg in MASSES],
        "hand": [format_mass(kg, units, per_hand=True) for kg in MASSES],
        "distance": [format_distance(m, units) for m in DISTANCES],
    }


def test_the_scripts_write_weights_and_distances_as_core_units(page: Any, live: Live) -> None:
    page.goto(f"{live.url}/login")  # about nobody: metric
    assert page.get_attribute('meta[name="units"]', "content") == "metric"
    assert _script_says(page) == _python_says("metric")
    _units(live, "imperial")
    try:
        browser_login(page, live)
        assert page.get_attribute('meta[name="units"]', "content") == "imperial"
        assert _script_says(page) == _python_says("imperial")
        assert page.evaluate("() => [fc.typedMass('225'), fc.typedMass('100 kg')]") == [
            "225 lb",
            "100 kg",
        ]
        # The dashboard's body weight chart: pounds, on the axis and in the points.
        page.wait_for_function("() => document.getElementById('chart-weight').data")
        axis = page.evaluate(
            "() => document.getElementById('chart-weight').layout.yaxis.title.text"
        )
        assert axis == "body weight (lb)"
        shown = page.evaluate("() => document.getElementById('chart-weight').data[0].y")
        kg = page.evaluate("() => fc.data('dashboard-data').trends.weight_kg")
        expected = [
            None if v is None else float(format_mass(v, "imperial", kind="body")[:-3]) for v in kg
        ]
        assert shown == expected
        assert any(v is not None for v in shown)
    finally:
        _units(live, "metric")


def test_an_imperial_guided_workout_shows_and_takes_lb(page: Any, live: Live) -> None:
    day, key, first, _second, _best = _workout_day(live, 130)  # 60 kg sets logged before
    _units(live, "imperial")
    live.app.state.clock = FixedClock(datetime.combine(day, time(18), tzinfo=UTC))
    try:
        signed_in(page, live, f"/athletes/{live.athlete_id}/workout")
        page.wait_for_selector("#step-name:not(:empty)")
        data = page.evaluate("() => fc.data('workout-data')")
        step = data["steps"][0]
        assert step["exercise"] == first
        hand = " per hand" if step["per_hand"] else ""
        assert page.locator("#set-rows tr").nth(0).locator("td.last").inner_text() == (
            f"8 reps × 132.3 lb{hand} · RIR 2"  # 60 kg
        )
        assert page.inner_text("#kg-label").startswith("lb")
        assert " kg" not in page.inner_text("#step-target")
        page.fill("#in-reps", "8")
        page.fill("#in-kg", "135")
        page.fill("#in-rir", "2")
        page.click("#done-set")
        page.wait_for_selector("#set-rows tr.done")
        assert page.locator("#set-rows tr.done td.today").inner_text() == (
            f"8 reps × 135 lb{hand} · RIR 2 ✓"
        )
        for ctx in live.context():
            state = guided.guided_state(ctx, live.athlete_id, day, key)
        assert [(s.exercise, s.weight_kg) for s in state.sets] == [(first, 61.23)]  # 135 lb
    finally:
        live.app.state.clock = None
        _units(live, "metric")


# What the pages' scripts write too (charts' axes and hover text, the workout's set table and
# plates, the progress charts): the page's text as Chromium renders it, less the choices a
# form offers (its <select>s) and the scripts' sources.
RENDERED_TEXT = """() => {
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll("script, style, select, noscript").forEach((e) => e.remove());
  return copy.textContent.replace(/\\s+/g, " ");
}"""
CHARTS_DRAWN = """() => [...document.querySelectorAll("div.chart")].every(
  (c) => c.classList.contains("js-plotly-plot") || c.classList.contains("chart-empty"))"""
METRIC = re.compile(r"(?<![\w-])(?:kg|kgs|kilos?|km|kms|cm)(?![\w-])|/km\b")


def test_an_athlete_who_reads_lb_sees_no_metric_unit_on_the_drawn_pages(
    page: Any, live: Live
) -> None:
    """With lb plates (as the first-run steps set for an athlete who chose lb), every page the
    athlete uses daily, once its scripts have drawn, says lb, miles, feet and inches only.

    The server's clock is set to the plan's next training day: on a rest day the workout page
    shows no weight at all (it failed on a Saturday when the real clock was used)."""
    for ctx in live.context():
        athletes.update_profile(
            ctx, live.athlete_id,
            {"units": "imperial", "height_cm": 178, "plates": {"unit": "lb", "bar": 45, "plates": [45, 35, 25, 10, 5, 2.5]}},
        )  # fmt: skip
        wid = training_log.history(ctx, live.athlete_id, "workouts", latest=True, limit=1)[0]["id"]
        day = training_day(
            plans.today(ctx, live.athlete_id, monitoring.local_today(ctx, live.athlete_id))
        )
    live.app.state.clock = FixedClock(datetime.combine(day, time(12), tzinfo=UTC))
    a = f"/athletes/{live.athlete_id}"
    try:
        signed_in(page, live, a)
        page.set_default_timeout(60_000)
        found: dict[str, list[str]] = {}
        for path in ("", "/workout", "/history", f"/workouts/{wid}", f"/workouts/{wid}/edit",
                     "/progress?exercise=barbell-back-squat", "/plan", "/nutrition", "/checkin",
                     "/profile", "/log", "/chat"):  # fmt: skip
            page.goto(f"{live.url}{a}{path}", wait_until="load")
            page.wait_for_function(CHARTS_DRAWN)  # the scripts draw (charts, set table, plates)
            text = page.evaluate(RENDERED_TEXT)
            if METRIC.search(text):
                found[path or "/"] = [text[max(0, m.start() - 50) : m.end() + 20] for m in METRIC.finditer(text)][:3]  # fmt: skip
            assert re.search(r"\blb\b", text) or path in ("/chat", f"/workouts/{wid}/edit"), path
        assert not found, found
    finally:
        live.app.state.clock = None
        _units(live, "metric")
        for ctx in live.context():
            athletes.update_profile(ctx, live.athlete_id, {"plates": None})
