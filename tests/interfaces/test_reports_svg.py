"""The report's SVG charts: matplotlib's tick choice and margins, tick labels, well-formed
SVG with every label inside the picture, escaped text."""

from __future__ import annotations

import math
import random
import re
from xml.etree import ElementTree

import pytest
from matplotlib.ticker import MaxNLocator

from fitcoach.interfaces.reports import svg, weekly
from fitcoach.services import reports
from fitcoach.services.context import ServiceContext

NS = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("seed", range(40))
def test_ticks_are_matplotlibs(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(25):
        scale = 10 ** rng.uniform(-2, 4)
        lo = rng.uniform(-1, 1) * scale * rng.choice([0, 1, 3])
        hi = lo + rng.uniform(0.05, 5) * scale
        if rng.random() < 0.1:
            lo, hi = 1000.0, 1000.0 + rng.uniform(0.5, 3)  # far from 0: an offset
        bins = rng.randint(1, 9)
        want = [
            v
            for v in MaxNLocator(nbins=bins, steps=[1, 2, 2.5, 5, 10]).tick_values(lo, hi)
            if lo - 1e-9 * (hi - lo) <= v <= hi + 1e-9 * (hi - lo)
        ]
        assert svg.ticks(lo, hi, bins) == pytest.approx(want, rel=1e-9, abs=1e-9 * scale)


def test_tick_labels_show_every_value_alike() -> None:
    assert svg.tick_labels([0.0, 100.0, 200.0]) == ["0", "100", "200"]
    assert svg.tick_labels([79.0, 79.25, 79.5]) == ["79.00", "79.25", "79.50"]
    assert svg.tick_labels([-200.0, -100.0, 0.0]) == ["\u2212200", "\u2212100", "0"]
    assert svg.tick_labels([0.5, 1.0, 1.5]) == ["0.5", "1.0", "1.5"]
    assert svg.tick_labels([-0.0000000001, 0.5]) == ["0.0", "0.5"]


def test_limits_add_margins_and_keep_bars_on_zero() -> None:
    assert svg.limits([2.0, 12.0]) == pytest.approx((1.5, 12.5))
    assert svg.limits([0.0, 10.0], sticky=[0.0]) == pytest.approx((0.0, 10.5))
    assert svg.limits([-4.0, 6.0], sticky=[0.0]) == pytest.approx((-4.5, 6.5))  # 0 inside
    assert svg.limits([math.nan, 3.0, 5.0]) == pytest.approx((2.9, 5.1))
    assert svg.limits([math.nan]) == (0.0, 1.0)
    lo, hi = svg.limits([80.0])
    assert lo < 80.0 < hi


def test_text_is_escaped_and_measured() -> None:
    chart = svg.Chart("a <b> & c", 3.0, 2.0, (0.5, 0.1, 0.4, 0.3))
    y = chart.y_scale(0.0, 1.0)
    chart.y_label("x < y", chart.y_axis(y, [0.0, 1.0]))
    out = chart.svg()
    ElementTree.fromstring(out)
    assert 'aria-label="a &lt;b&gt; &amp; c"' in out
    assert ">x &lt; y</text>" in out
    assert svg.text_width("Mon", 9) == pytest.approx(9 * (863 + 612 + 634) / 1000)


@pytest.fixture
def summary(ctx: ServiceContext, demo: int) -> reports.WeeklySummary:
    return reports.weekly_summary(ctx, demo, "2026-W46")


def test_each_chart_is_well_formed_with_its_labels_inside(
    summary: reports.WeeklySummary,
) -> None:
    for name, chart in weekly.charts(summary).items():
        root = ElementTree.fromstring(chart)
        assert root.tag == f"{NS}svg", name
        width, height = (float(v) for v in root.attrib["viewBox"].split()[2:])
        assert root.attrib["width"] == f"{width:g}pt"
        assert root.find(f"{NS}title") is not None
        texts = root.iter(f"{NS}text")
        for text in texts:
            x, y = float(text.attrib["x"]), float(text.attrib["y"])
            style = text.attrib.get("style", "")
            size = float(m.group(1)) if (m := re.search(r"font-size: ([\d.]+)px", style)) else 9.0
            span = svg.text_width(text.text or "", size)
            if "rotate(-90" in text.attrib.get("transform", ""):
                assert 0 <= x - size <= x <= width, (name, text.text)
                assert 0 <= y - span / 2 < y + span / 2 <= height, (name, text.text)
                continue
            if "text-anchor: middle" in style:
                left = x - span / 2
            elif "text-anchor: end" in style:
                left = x - span
            else:
                left = x
            assert 0 <= left < left + span <= width, (name, text.text)
            assert 0 <= y - size * svg.ASCENT < y <= height, (name, text.text)
