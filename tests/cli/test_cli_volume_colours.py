"""``fitcoach load``'s hard-set table colours each muscle by the web's three volume classes:
below MEV, MEV to MRV and above MRV in three distinct colours (the web's), never two alike."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from fitcoach.cli import monitoring as cli
from fitcoach.services.monitoring import LoadReport, LoadWeek, MuscleWeek

CHARTS_JS = Path(cli.__file__).parents[1] / "interfaces/web/static/charts.js"


def _report() -> LoadReport:
    def muscle(name: str, sets: float, status: str | None) -> MuscleWeek:
        return MuscleWeek(muscle=name, sets=sets, mev=8, mav=14, mrv=20, status=status)  # type: ignore[arg-type]

    hard = [
        muscle("chest", 4, "below_mev"),
        muscle("lats", 10, "productive"),
        muscle("quads", 16, "above_mav"),
        muscle("glutes", 24, "above_mrv"),
    ]
    week = LoadWeek(
        week_start=date(2026, 11, 16), days=7, load_au=2000, trimp=None, atl=300, ctl=250,
        tsb=-50, acwr=1.1, acwr_ewma=1.1, monotony=1.2, strain=2400, hard_sets=hard,
    )  # fmt: skip
    return LoadReport(
        athlete_id=1, start=date(2026, 11, 16), end=date(2026, 11, 22), level="intermediate",
        days=[], weeks=[week], sessions=[], projection=[], e1rm_trends=[],
        resting_hr_bpm=None, max_hr_bpm=None, max_hr_source=None, notes=[],
    )  # fmt: skip


def _colour_of(html: str, text: str) -> str:
    """The colour Rich gave ``text`` in its HTML export."""
    match = re.search(rf'<span style="color: (#[0-9a-f]{{6}})[^"]*">{re.escape(text)}</span>', html)
    assert match, (text, html[:2000])
    return match.group(1)


def test_the_three_volume_classes_have_three_colours(monkeypatch: pytest.MonkeyPatch) -> None:
    out = Console(record=True, force_terminal=True, color_system="truecolor", width=120)
    monkeypatch.setattr(cli, "console", out)
    cli._print_load(_report())
    html = out.export_html(inline_styles=True)
    below = _colour_of(html, "below MEV")
    low_within, high_within = _colour_of(html, "MEV to MAV"), _colour_of(html, "MAV to MRV")
    above = _colour_of(html, "above MRV")
    assert low_within == high_within  # one class: MEV to MRV
    assert len({below, low_within, above}) == 3
    # The web's colours for the same classes.
    web = CHARTS_JS.read_text(encoding="utf-8")
    for name, colour in (("below MEV", below), ("MEV to MRV", low_within), ("above MRV", above)):
        assert f'{{ name: "{name}", color: "{colour}"' in web
