"""Body measurements from Telegram: the same chat path as the web (the offline assistant's
measurement reader and the log_measurements tool), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from tests.fixtures.tables import row_counts
from tests.interfaces.bot.conftest import Bot, linked_athlete

from fitcoach.assistant.llm import Assistant
from fitcoach.services import measurements

CHAT = 9042


@pytest.fixture
def assistant() -> Assistant:
    """The assistant as `fitcoach bot` builds it with no language model configured."""
    return Assistant()


def test_measurements_sent_on_telegram_are_stored_and_quoted(bot: Bot) -> None:
    athlete_id = linked_athlete(bot, CHAT)
    [answer] = bot.say(CHAT, "waist 84 cm, hips 98")
    assert "waist 84 cm, hips 98 cm" in answer
    ctx = bot.operator()
    [day] = measurements.history(ctx, athlete_id)
    ctx.session.close()
    assert day.values_cm == {"waist": 84.0, "hips": 98.0}
    [shown] = bot.say(CHAT, "how has my waist changed?")
    assert "waist 84 cm" in shown


def test_a_value_a_tape_cannot_read_is_refused_on_telegram(bot: Bot) -> None:
    linked_athlete(bot, CHAT)
    [answer] = bot.say(CHAT, "waist 8400")
    assert "outside what a tape reads there: 40–200 cm" in answer
    ctx = bot.operator()
    counts = row_counts(ctx.session)
    ctx.session.close()
    assert counts["body_measurements"] == 0  # the conversation is kept; no reading is
    assert counts["messages"] == 2
