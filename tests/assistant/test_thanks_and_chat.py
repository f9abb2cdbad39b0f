"""Thanks or a greeting that goes on with chat is a greeting (issue 57, the smalltalk of the
eleventh and twelfth sets, tested in other words); a change, a log or a question beside the
thanks is read as that, never as chat."""

from __future__ import annotations

from datetime import date

import pytest

from fitcoach.assistant.nlu import understand

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    "text",
    [
        "thx coach, honestly you're carrying me this month 🙌",
        "tysm!! best coach fr",
        "gracias coach, have a lovely weekend",
        "good evening coach, finally a quiet night at home with the dog",
    ],
)
def test_thanks_or_a_greeting_with_chat_after_is_a_greeting(text: str) -> None:
    assert understand(text, today=TODAY).intent == "greeting", text


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("cheers, take the lunges out and put step ups in", "swap_exercise"),
        ("thanks! swap the leg press for hack squats", "swap_exercise"),
        ("ty coach, walked 40 min at lunch", "log_cardio"),
        ("thanks coach, what's my squat max", "query_metric"),
    ],
)
def test_a_request_beside_the_thanks_is_the_request(text: str, intent: str) -> None:
    assert understand(text, today=TODAY).intent == intent, text
