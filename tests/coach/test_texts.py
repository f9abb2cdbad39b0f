"""A plan item as text, in its two forms (``coach.texts.item_text``): the one-line form plan
diffs store and the command line prints, and the prescription in words the pages show."""

from __future__ import annotations

import pytest

from fitcoach.coach import edits, wording
from fitcoach.coach.plan import CardioItem, Intensity, Interval, Item, Load, StrengthItem
from fitcoach.coach.texts import item_text, load_text

BENCH = StrengthItem(
    exercise="barbell-bench-press",
    sets=3,
    rep_min=8,
    rep_max=12,
    target_rir=2.0,
    load=Load(kind="kg", value=62.5),
    rest_s=120,
)
RUN = CardioItem(
    exercise="running",
    duration_s=1800,
    distance_m=5000.0,
    intensity=Intensity(kind="hr_zone", value=2),
)
INTERVALS = CardioItem(
    exercise="rowing-machine",
    duration_s=1230,
    intensity=Intensity(kind="pace", value=330.6),
    intervals=Interval(
        repeats=6, work_s=60, rest_s=90, work_intensity=Intensity(kind="rpe", value=8)
    ),
)


@pytest.mark.parametrize(
    ("item", "line", "words"),
    [
        (BENCH, "barbell-bench-press 3x8-12 @RIR2, 62.5 kg", "3 × 8–12 at 62.5 kg, RIR 2"),
        (RUN, "running 30 min / 5 km at zone 2", "30 min / 5 km in zone 2"),
        (
            INTERVALS,
            "rowing-machine 20.5 min at 5:30/km (6x60s on / 90s off)",
            "20 min 30 s at 5:31/km, 6 × 1 min on / 90 s off",
        ),
    ],
)
def test_an_item_in_both_forms(item: Item, line: str, words: str) -> None:
    assert item_text(item) == line == edits.item_text(item)
    assert item_text(item, style="words") == words == wording.item_summary(item)


def test_a_load_in_both_forms() -> None:
    pct = Load(kind="pct_e1rm", value=0.75)
    assert [load_text(pct), load_text(pct, style="words")] == ["75 % of e1RM", "at 75 % of e1RM"]
    by_feel = Load(kind="by_rir")
    assert [load_text(by_feel), load_text(by_feel, style="words")] == ["by feel (RIR)", "by feel"]
