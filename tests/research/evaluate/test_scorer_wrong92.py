"""The logging scorer where the gold and the store mean the same thing in other words (wrong92):
a cardio entry the message names by its own name for the gold's activity ("indoor cycling" and
Zwift's Moderate Stationary Cycling; "indoor rowing" and "erg intervals", Vigorous Rowing), and
two days' readings of one kind, whose read-back holds the latest day's value."""

from __future__ import annotations

from typing import Any

import pytest

from research.evaluate.assistant.logging_scores import compare_logged
from research.evaluate.chat_eval import latest_daily_last


@pytest.fixture(scope="module")
def records() -> list[Any]:
    from fitcoach.assistant.nlu import ExerciseMatcher

    return list(ExerciseMatcher.from_library().records)


def _problems(records: list[Any], activity: str, slug: str, said: str) -> list[str]:
    want = [{"what": "cardio", "activity": activity, "minutes": 45.0}]
    return compare_logged(want, {"cardio": [{"activity": slug, "minutes": 45.0}]}, records, said)[0]  # fmt: skip


_NAMED = ["Zwift - flat route 45:00 · 30 km", "Peloton 45 min climb ride", "45 min on the bike trainer"]  # fmt: skip


@pytest.mark.parametrize("said", _NAMED)
def test_an_entry_the_message_names_for_the_gold_activity_is_right(records: list[Any], said: str) -> None:  # fmt: skip
    assert _problems(records, "indoor cycling", "moderate-stationary-cycling", said) == []


def test_the_gold_activity_at_the_intensity_the_message_names_is_right(records: list[Any]) -> None:
    said = "erg intervals tonight, 45 min all in"
    assert _problems(records, "indoor rowing", "vigorous-rowing", said) == []
    # Unnamed by the message, or an intensity the gold says, it stays wrong.
    assert _problems(records, "indoor rowing", "vigorous-rowing", "45 min on the rower")
    assert _problems(records, "moderate rowing", "vigorous-rowing", said)
    assert _problems(records, "ski touring", "downhill-skiing", "skied 45 min")


def test_two_days_readings_compare_the_latest_day() -> None:
    want: list[dict[str, Any]] = [
        {"what": "daily", "date": "2026-11-18", "weight_kg": 90.3},
        {"what": "meal", "date": "2026-11-18", "description": "toast"},
        {"what": "daily", "date": "2026-11-17", "weight_kg": 91.3},
    ]
    assert [e.get("weight_kg") for e in latest_daily_last(want)] == [91.3, None, 90.3]
    plain = [{k: v for k, v in e.items() if k != "date"} for e in latest_daily_last(want) if e["what"] == "daily"]  # fmt: skip
    assert compare_logged(plain, {"daily": {"weight_kg": 90.3}}, [])[0] == []
