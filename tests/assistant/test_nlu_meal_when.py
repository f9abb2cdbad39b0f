"""A meal told only by when or where it was eaten ("grabbed a snack between meetings", "had
breakfast on the train") names no food: the chat asks what was eaten instead of storing the
time as the food (issue 57, stop 93, corpus-57o wrong stores). A food beside such words is
stored as said ("beans on toast", "a protein bar on my break")."""

from __future__ import annotations

from datetime import date

import pytest

from fitcoach.assistant.nlu import read_log

TODAY = date(2026, 11, 18)


@pytest.mark.parametrize(
    "text",
    [
        "grabbed a snack between meetings",
        "ate dinner late at the office",
        "had breakfast on the train",
        "had lunch during my shift",
    ],
)
def test_a_meal_told_only_by_when_asks_what_was_eaten(text: str) -> None:
    assert any("what did you eat" in p for p in read_log(text, today=TODAY).problems)


@pytest.mark.parametrize(
    "text",
    [
        "had beans on toast for lunch",
        "had a protein bar on my break",
        "had a kebab on the way home",
    ],
)
def test_a_food_beside_when_is_stored(text: str) -> None:
    reading = read_log(text, today=TODAY)
    assert reading.problems == []
    assert [e.intent for e in reading.entries] == ["log_meal"]
