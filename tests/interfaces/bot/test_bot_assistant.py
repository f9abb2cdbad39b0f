"""Free text through the real assistant (offline: no provider configured), stored as the
athlete's conversation; a plan change it proposes approved with the inline button."""

from __future__ import annotations

import pytest
from tests.interfaces.bot.conftest import Bot, linked_athlete
from tests.interfaces.bot.fake_telegram import callback_update, message_update

from fitcoach.assistant import conversations
from fitcoach.assistant.llm import Assistant
from fitcoach.services import plans, training_log

pytestmark = pytest.mark.parametrize("database", ["sqlite"], indirect=True)
CHAT = 9001


@pytest.fixture
def assistant() -> Assistant:
    """The assistant as `fitcoach bot` builds it with no language model configured."""
    found = Assistant()
    assert not found.configured
    return found


@pytest.fixture
def athlete_id(bot: Bot) -> int:
    return linked_athlete(bot, CHAT)


def test_free_text_logs_through_the_assistant_and_is_stored(bot: Bot, athlete_id: int) -> None:
    answer = bot.say(CHAT, "did 3x5 squats at 110 kg RIR 2")
    assert len(answer) == 1
    assert "110" in answer[0]
    ctx = bot.operator()
    day = bot.clock.now().date()
    workouts = training_log.history(ctx, athlete_id, "workouts", day, day)
    assert [(s["reps"], s["weight_kg"]) for s in workouts[0]["sets"]] == [(5, 110.0)] * 3
    stored = conversations.messages(ctx, athlete_id)
    ctx.session.close()
    assert [(m.role, m.channel) for m in stored[-2:]] == [
        ("user", "telegram"),
        ("assistant", "telegram"),
    ]


def test_a_red_flag_gets_no_training_advice(bot: Bot, athlete_id: int) -> None:
    answer = bot.say(CHAT, "I have chest pain when I train, what should I lift today?")
    assert len(answer) == 1
    assert "emergency" in answer[0].lower() or "medical" in answer[0].lower()


def test_a_swap_proposed_by_the_assistant_is_approved_with_the_button(
    bot: Bot, athlete_id: int
) -> None:
    ctx = bot.operator()
    exercises = {
        i.exercise for s in plans.current(ctx, athlete_id).plan.sessions() for i in s.items
    }  # type: ignore[union-attr]
    ctx.session.close()
    assert "barbell-back-squat" in exercises
    calls = bot.update(message_update(CHAT, "swap squats for goblet squats"))
    sent = [c for c in calls if c.method == "sendMessage"]
    markup = sent[0].reply_markup
    assert markup is not None, sent[0].text
    approve = markup["inline_keyboard"][0][0]["callback_data"]
    assert approve.startswith("plan:approve:")
    version = int(approve.rsplit(":", 1)[1])
    pressed = bot.update(callback_update(CHAT, approve, sent[0].text))
    assert f"Approved: plan v{version} is in force" in pressed[-1].text
    ctx = bot.operator()
    current = plans.current(ctx, athlete_id)
    ctx.session.close()
    assert current.version == version
    assert current.plan is not None
    assert "barbell-back-squat" not in {
        i.exercise for s in current.plan.sessions() for i in s.items if s.status == "planned"
    }
