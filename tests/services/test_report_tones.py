"""Issue 60: the weekly report called a rise in soreness and a +66 % load jump green. A change
reads by what the figure is (``reports.change_tone``), not by its sign."""

from __future__ import annotations

import pytest

from fitcoach.services.reports import LOAD_JUMP, change_tone


@pytest.mark.parametrize(
    ("key", "this_week", "last_week", "tone"),
    [
        ("soreness", 3.5, 2.0, "caution"),  # sorer: not good news
        ("soreness", 2.0, 3.0, "good"),
        ("sleep_h", 7.5, 6.5, "good"),
        ("sleep_h", 6.0, 7.0, "caution"),
        ("mood", 4.0, 3.0, "good"),
        ("load_au", 1660.0, 1000.0, "caution"),  # +66 % in a week
        ("tonnage_kg", 1100.0, 1000.0, "good"),  # +10 %: a usual step
        ("sets", 1000.0 * (1 + LOAD_JUMP), 1000.0, "good"),  # the limit itself is fine
        ("load_au", 800.0, 1000.0, "neutral"),  # less training is not bad by itself
        ("sessions", 3.0, 0.0, "neutral"),  # after an empty week: no step to judge
        ("weight_kg", 80.0, 81.0, "neutral"),  # depends on the goal
        ("calories_kcal", 2500.0, 2100.0, "neutral"),
        ("mood", None, 3.0, "neutral"),
        ("soreness", 3.0, 3.0, "neutral"),
    ],
)
def test_a_change_reads_by_what_the_figure_is(
    key: str, this_week: float | None, last_week: float | None, tone: str
) -> None:
    assert change_tone(key, this_week, last_week) == tone
