"""The logging scorer pairs each gold meal with the stored meal that holds its foods, not with
the one at the same place in the read-back (wrong93: a day's meals come back in the store's
order, a snack before the dinner told before it)."""

from __future__ import annotations

from typing import Any

from research.evaluate.assistant.logging_scores import compare_logged


def _meals(*descriptions: str) -> list[dict[str, Any]]:
    return [{"what": "meal", "date": "2026-11-18", "description": d} for d in descriptions]


def test_meals_read_back_in_another_order_are_right() -> None:
    said = "lunch: ham salad. dinner: beef stew with mash. snack: greek yogurt and honey"
    want = _meals("ham salad", "beef stew with mash", "greek yogurt with honey")
    got = {"meal": [{"description": d} for d in ("ham salad", "greek yogurt and honey", "beef stew with mash")]}  # fmt: skip
    assert compare_logged(want, got, [], said)[0] == []


def test_a_meal_missing_or_misread_stays_wrong() -> None:
    said = "lunch: ham salad. dinner: beef stew with mash"
    want = _meals("ham salad", "beef stew with mash")
    got = {"meal": [{"description": "beef stew with mash"}]}
    assert compare_logged(want, got, [], said)[0]
    got = {"meal": [{"description": "beef stew"}, {"description": "ham"}]}
    assert compare_logged(want, got, [], said)[0]
