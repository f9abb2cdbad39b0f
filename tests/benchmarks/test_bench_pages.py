"""Smoke test of the page benchmark: one repeat of each page load in Chromium; it checks the
results' shape and that each load reached what it waits for (the benchmark fails otherwise:
charts drawn, the meal plan shown, the sign-in answered 303), never the timings."""

from __future__ import annotations

import pytest
from tests.conftest import service_missing

from benchmarks import bench_pages as bench
from benchmarks import common


@pytest.mark.slow
@pytest.mark.browser
def test_pages_are_timed_beside_a_static_page() -> None:
    if not bench.CHROMIUM.exists():
        service_missing("Chromium", f"{bench.CHROMIUM} is missing; apt-get install chromium")
    results = bench.main(common.BenchArgs(repeat=1, warmup=False))

    assert [r.name for r in results] == [
        "dashboard, 1366 px",
        "dashboard, 1366 px, repeat visit",
        "dashboard, 390 px",
        "dashboard, 390 px, repeat visit",
        "nutrition, first view",
        "sign-in",
    ]
    for result in results:
        assert result.group == bench.NAME
        assert result.unit == "s"
        assert result.figure is not None
        assert result.figure > 0
        assert result.baseline is not None
        assert result.baseline > 0
        assert result.ratio == pytest.approx(result.figure / result.baseline)
        assert len(result.samples) == len(result.baseline_samples) == 1
        assert result.extra["browser_s"] > 0
    by_name = {r.name: r for r in results}
    for width in ("1366 px", "390 px"):
        dashboard = by_name[f"dashboard, {width}"]
        # The figure is ``load``; every chart is drawn (waited for) after it.
        assert dashboard.extra["charts_drawn_s"] >= dashboard.figure
    nutrition = by_name["nutrition, first view"]
    assert nutrition.extra["plan_s"] >= nutrition.figure  # the plan comes after the page
    sign_in = by_name["sign-in"]
    assert sign_in.extra["to_dashboard_s"] > sign_in.figure
