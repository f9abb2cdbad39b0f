"""The twenty-eighth set's plan requests (tune28b, issue 57), in words of our own: a skip whose
why names other cardio ("long run got moved", "big ride sunday") skips the session named, not
only its cardio."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fitcoach.assistant.nlu import understand

TODAY = date(2026, 11, 18)  # a Wednesday


def _read(text: str) -> tuple[str, dict[str, Any]]:
    u = understand(text, today=TODAY)
    return u.intent, dict(u.slots)


@pytest.mark.parametrize(
    "text",
    [
        "cancel friday's weights please, the club ride got moved to saturday",
        "drop thursday's lifting session, I've a long run sunday and want fresh legs",
        "skip tomorrow's gym. swim squad moved to the morning",
    ],
)
def test_cardio_in_the_why_after_the_skip_names_no_session(text: str) -> None:
    intent, got = _read(text)
    assert (intent, got.get("cardio")) == ("skip_session", None)


@pytest.mark.parametrize(
    "text", ["skip tomorrow's run, knee is sore", "cancel friday's ride please, too windy"]
)
def test_cardio_named_in_the_skip_stays_the_cardio(text: str) -> None:
    intent, got = _read(text)
    assert (intent, got.get("cardio")) == ("skip_session", True)
