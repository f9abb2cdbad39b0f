"""The Measurements page in Chromium at 1366 and 390 px: the form logs a day (in cm, and in
inches for an athlete who chose them), the charts draw every site beside body weight on the
same dates with the units on their axes, the estimate's band is drawn, nothing scrolls
sideways and every control is big enough to press on a phone; the dashboard's tile draws its
chart; a linked coach sees the page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from tests.web.conftest import PASSWORD, Live, browser_login, shot
from tests.web.test_browser_charts import check_figures
from tests.web.test_browser_layout import MIN_TARGET_PX, OVERFLOW_JS, TARGETS_JS

from fitcoach.core.clock import SystemClock
from fitcoach.core.domain import Role
from fitcoach.services import accounts, athletes, measurements, monitoring

PHONE, DESKTOP = 390, 1366
COACH = "tape-coach@example.org"


@pytest.fixture(scope="module")
def measured(live: Live) -> list[str]:
    """Six weeks of the demo athlete's tape (every site, weekly), and a linked coach; the
    days logged, oldest first."""
    days = []
    for ctx in live.context():
        athletes.update_profile(ctx, live.athlete_id, {"sex": "male", "height_cm": 180})
        today = monitoring.local_today(ctx, live.athlete_id)
        for week in range(6):
            day = today - timedelta(days=7 * (6 - week))
            days.append(day.isoformat())
            measurements.log_measurements(
                ctx,
                live.athlete_id,
                {
                    "day": day.isoformat(),
                    "neck_cm": 39,
                    "chest_cm": 102 - week * 0.2,
                    "waist_cm": 90 - week * 0.5,
                    "hips_cm": 100,
                    "upper_arm_left_cm": 35 + week * 0.1,
                    "upper_arm_right_cm": 35.5 + week * 0.1,
                    "thigh_left_cm": 58,
                    "calf_right_cm": 38,
                    **({"body_fat_pct": 19 - week * 0.3} if week % 2 else {}),
                },
            )
        coach = athletes.create_staff_account(ctx, COACH, "Tay Coach", Role.coach)
        athletes.link_coach(ctx, coach, live.athlete_id)
        accounts.set_password(ctx, coach, PASSWORD)
    return days


def _problems(page: Any, width: int) -> list[str]:
    found = []
    if (wide := page.evaluate(OVERFLOW_JS)) is not None:
        found.append(f"{width}px scrolls sideways: {wide}")
    if width == PHONE:
        found += [f"small target {s}" for s in page.evaluate(TARGETS_JS, MIN_TARGET_PX)]
    return found


def _chart(page: Any, element: str) -> dict[str, Any]:
    page.wait_for_function(f"() => document.getElementById('{element}').data")
    return page.evaluate(  # type: ignore[no-any-return]
        f"""() => {{
          const el = document.getElementById('{element}');
          return {{ names: el.data.map((t) => t.name || ''), x: el.data.map((t) => t.x),
                    y: el.data.map((t) => t.y), fill: el.data.map((t) => t.fill || ''),
                    values: el.data.map((t) => t.customdata || null),
                    ytitle: el.layout.yaxis.title.text, xrange: el.layout.xaxis.range }};
        }}"""
    )


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_the_page_draws_every_site_beside_weight_and_fits(
    page: Any, live: Live, measured: list[str], width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    browser_login(page, live)
    page.goto(f"{live.url}/athletes/{live.athlete_id}/measurements")
    torso = _chart(page, "chart-torso")
    # Each site as its change since its first reading (neck and chest differ by ~60 cm), the
    # value itself in the hover's data.
    assert torso["ytitle"] == "change since first (cm)"
    assert torso["names"] == ["neck", "chest", "waist", "hips"]  # no shoulders measured
    assert torso["x"][2] == measured  # waist, weekly
    assert torso["y"][2] == [0.0, -0.5, -1.0, -1.5, -2.0, -2.5]
    assert torso["values"][2] == [90.0, 89.5, 89.0, 88.5, 88.0, 87.5]
    weight = _chart(page, "chart-weight")
    assert weight["ytitle"] == "body weight (kg)"
    assert weight["y"][0]
    assert all(isinstance(v, int | float) for v in weight["y"][0])
    assert weight["xrange"] == torso["xrange"]  # the same dates: weight beside the tape
    limbs = _chart(page, "chart-limbs")
    assert limbs["names"] == ["left upper arm", "right upper arm", "left thigh", "right calf"]
    fat = _chart(page, "chart-fat")
    assert "estimate's band (± 1 standard error)" in fat["names"]
    assert "tonexty" in fat["fill"]
    assert fat["names"][2] == "estimated from the tape (US Navy)"
    assert len(fat["y"][2]) == 6
    assert len(fat["y"][3]) == 3
    # Every axis titled (number axes with their unit), titles and legends inside the figures.
    check_figures(page, {"chart-torso", "chart-weight", "chart-limbs", "chart-fat"})
    assert page.locator("#estimate").inner_text().count("An estimate, not a measurement") == 1
    assert "−2.5 cm" in page.locator("#changes").inner_text()  # the waist since the first
    problems = _problems(page, width)
    shot(page, f"measurements-{width}")
    assert not problems, "\n".join(problems)


def test_the_form_logs_a_day_on_a_phone(page: Any, live: Live, measured: list[str]) -> None:
    page.set_viewport_size({"width": PHONE, "height": 900})
    browser_login(page, live)
    page.goto(f"{live.url}/athletes/{live.athlete_id}/measurements")
    page.fill("input[name=waist_cm]", "86.5")
    page.fill("input[name=upper_arm_left_cm]", "14 in")
    page.fill("textarea[name=notes]", "after the holiday")
    page.click("#measure-form button[type=submit]")
    page.wait_for_selector("#saved")
    assert "Saved: waist, left upper arm." in page.locator("#saved").inner_text()
    row = page.locator("#measurement-days tbody tr").first.inner_text()
    assert "86.5 cm" in row
    assert "35.6 cm" in row
    assert "after the holiday" in row
    for ctx in live.context(SystemClock()):
        [today] = measurements.history(ctx, live.athlete_id, limit=1)
        assert today.values_cm["upper_arm_left"] == 35.6  # 14 in
    # A value a tape cannot read: the form comes back with it and the range, nothing stored.
    page.fill("input[name=hips_cm]", "1000")
    page.click("#measure-form button[type=submit]")
    page.wait_for_selector("p.error")
    assert "hips 1000 cm is outside what a tape reads there: 50–200 cm" in page.locator("p.error").inner_text()  # fmt: skip
    assert page.input_value("input[name=hips_cm]") == "1000"
    shot(page, "measurements-refused-390")


def test_an_imperial_athlete_sees_inches(page: Any, live: Live, measured: list[str]) -> None:
    for ctx in live.context():
        athletes.update_profile(ctx, live.athlete_id, {"units": "imperial"})
    try:
        page.set_viewport_size({"width": DESKTOP, "height": 900})
        browser_login(page, live)
        page.goto(f"{live.url}/athletes/{live.athlete_id}/measurements")
        torso = _chart(page, "chart-torso")
        assert torso["ytitle"] == "change since first (in)"
        assert torso["values"][2][0] == 35.4  # 90 cm
        assert torso["y"][2][:2] == [0.0, -0.2]  # 89.5 cm is 35.2 in
        assert _chart(page, "chart-weight")["ytitle"] == "body weight (lb)"
        assert "Waist (in)" in page.locator("#measure-form").inner_text()
    finally:
        for ctx in live.context():
            athletes.update_profile(ctx, live.athlete_id, {"units": "metric"})


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_the_dashboard_tile_and_a_coachs_view(
    page: Any, live: Live, measured: list[str], width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    browser_login(page, live)
    tile = _chart(page, "tape-torso")
    assert tile["ytitle"] == "change since first (cm)"
    assert "Waist" in page.locator("#measurements").inner_text()
    # The dashboard's own weight chart is still the dashboard's (not redrawn by the tile).
    weight = page.evaluate("() => document.getElementById('chart-weight').layout.height")
    assert weight == 190
    problems = _problems(page, width)
    page.goto(f"{live.url}/logout")
    page.context.clear_cookies()
    page.goto(f"{live.url}/login")
    page.fill("input[name=email]", COACH)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/coach")
    page.goto(f"{live.url}/athletes/{live.athlete_id}/measurements")
    assert _chart(page, "chart-torso")["names"]
    assert "Viewing" in page.locator("p.viewing").inner_text()
    problems += _problems(page, width)
    shot(page, f"measurements-coach-{width}")
    assert not problems, "\n".join(problems)
