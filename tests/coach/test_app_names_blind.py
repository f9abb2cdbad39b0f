"""The import's automatic mapping of app exercise names, measured on a labelled set (issue 37).

tests/fixtures/blind/app_exercise_names.yaml was written by a helper who saw only the library
data, not the resolver. It was measured once before any change to the resolver (first pass:
124 of 162 mappable names auto-mapped right, 5 wrong auto-maps, 94 of 99 unmappable names sent
to review), then the resolver and the library's aliases were improved on it: it is a TUNED
set now (after: 148 right, 0 wrong, 99 of 99 to review). The held-out sister set
(app_exercise_names_2.yaml) is the lead's to measure; this test never reads it.

A wrong auto-map files an athlete's sets under another exercise without asking, so its bound
is the tight one; a mappable name sent to review only costs the athlete a click.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from fitcoach.coach.exercise_names import evaluate_app_names

SET = Path(__file__).parents[1] / "fixtures" / "blind" / "app_exercise_names.yaml"


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    items = yaml.safe_load(SET.read_text())["items"]
    return evaluate_app_names(items)


def test_the_set_is_the_one_measured(report: dict[str, Any]) -> None:
    assert (report["items"], report["mappable"], report["unmappable"]) == (
        261,
        178,
        83,
    )  # Clean and Jerk (Barbell), Pendlay Row (Barbell), Zercher Squat: entries since issue 57;
    # nine more since library16 (deficit and stiff-legged deadlifts, hang clean, ring dip ...),
    # Snowboarding, which the downhill skiing entry names (Compendium 19160), Power Snatch
    # (Barbell), an entry since lib93, and Sumo Deadlift High Pull (Barbell), since oly94, and Kipping Pull Up, since plans31 (stop 95)


def test_no_name_is_auto_mapped_wrongly(report: dict[str, Any]) -> None:
    assert report["wrong"] <= 1, report["wrong_items"]


def test_most_mappable_names_are_auto_mapped(report: dict[str, Any]) -> None:
    assert report["correct"] >= 144, report  # 148 after tuning, 124 before
    assert report["review_rate_mappable"] <= 0.12, report


def test_unmappable_names_go_to_review(report: dict[str, Any]) -> None:
    assert report["review_rate_unmappable"] >= 0.98, report["wrong_items"]


def test_assistance_is_flagged(report: dict[str, Any]) -> None:
    assert report["assisted_checked"] == 261
    assert report["assisted_right"] == report["assisted_checked"]
