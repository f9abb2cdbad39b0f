"""Telegram: a red flag in free text opens a health flag (through the real offline assistant);
/today and /plan then answer with the escalation and no session; /resolve needs a reason and
lets training resume. SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from tests.interfaces.bot.conftest import Bot, linked_athlete

from fitcoach.assistant.llm import Assistant
from fitcoach.interfaces.bot import texts
from fitcoach.services import health
from fitcoach.storage.models import AuditEntry

CHAT = 9101


@pytest.fixture
def assistant() -> Assistant:
    """The assistant as `fitcoach bot` builds it with no language model configured."""
    return Assistant()


@pytest.fixture
def athlete_id(bot: Bot) -> int:
    return linked_athlete(bot, CHAT)


def _open_kinds(bot: Bot, athlete_id: int) -> list[str]:
    ctx = bot.operator()
    try:
        return [f.kind for f in health.open_flags(ctx, athlete_id)]
    finally:
        ctx.session.close()


def test_a_red_flag_in_free_text_pauses_today_and_plan_until_resolved(
    bot: Bot, athlete_id: int
) -> None:
    plan_before = bot.say(CHAT, "/plan")[0]
    assert plan_before.startswith("Plan v1:")

    answer = bot.say(CHAT, "my left calf is swollen and red since the long flight home")[0]
    assert "blood clot" in answer
    assert _open_kinds(bot, athlete_id) == ["dvt_signs"]
    bot.say(CHAT, "calf still swollen after the flight")
    assert _open_kinds(bot, athlete_id) == ["dvt_signs"]  # once while open

    today = bot.say(CHAT, "/today")[0]
    assert today.startswith("No training today")
    assert "blood clot" in today
    assert "/resolve" in today
    plan = bot.say(CHAT, "/plan")[0]
    assert plan.startswith("No training for now")
    assert "blood clot" in plan
    assert "•" not in plan  # no session items
    assert "blood clot" in bot.say(CHAT, "what should I train today?")[0]

    assert bot.say(CHAT, "/resolve")[0] == texts.RESOLVE_USAGE
    assert "say why" in bot.say(CHAT, "/resolve ok")[0]
    assert _open_kinds(bot, athlete_id) == ["dvt_signs"]
    done = bot.say(CHAT, "/resolve ultrasound was clear, GP cleared me to train")[0]
    assert done.startswith("Resolved the health flag")
    assert _open_kinds(bot, athlete_id) == []
    assert not bot.say(CHAT, "/today")[0].startswith("No training today")
    assert bot.say(CHAT, "/plan")[0] == plan_before
    assert "no open flag" in bot.say(CHAT, "/resolve again, just in case")[0]

    ctx = bot.operator()
    try:
        [flag] = health.list_flags(ctx, athlete_id, include_cleared=True)
        assert flag.resolution_note == "ultrasound was clear, GP cleared me to train"
        assert flag.resolved_by_account_id is not None
        actions = ctx.session.execute(
            select(AuditEntry.action, AuditEntry.detail).where(AuditEntry.entity == "health_flag")
        ).all()
        assert [tuple(a) for a in actions] == [
            ("raise", {"source": "athlete"}),
            ("clear", {"by_role": "athlete"}),
        ]
    finally:
        ctx.session.close()
