"""A linked athlete's commands, free text, plan buttons, rate limit, bad input and errors."""

from __future__ import annotations

import re
from typing import Any

import pytest
from tests.factories import make_athlete
from tests.fixtures.internal_strings import metric_units
from tests.interfaces.bot.conftest import Bot, ScriptedAssistant, linked_athlete
from tests.interfaces.bot.fake_telegram import callback_update, message_update
from tests.services.test_plans_serving import KNEE, squat_day

from fitcoach.interfaces.bot import texts
from fitcoach.services import athletes, plans, training_log

CHAT = 6001
# The bot's own queries (chat links, codes) run on both databases in test_bot_onboarding; these
# conversations exercise the handlers, so SQLite alone keeps the file fast.
pytestmark = pytest.mark.parametrize("database", ["sqlite"], indirect=True)


@pytest.fixture
def athlete_id(bot: Bot) -> int:
    return linked_athlete(bot, CHAT)


def _sets(bot: Bot, athlete_id: int) -> list[dict[str, Any]]:
    ctx = bot.operator()
    try:
        day = bot.clock.now().date()
        return training_log.history(ctx, athlete_id, "workouts", day, day)
    finally:
        ctx.session.close()


def test_log_stores_the_sets_once(bot: Bot, athlete_id: int) -> None:
    update = message_update(CHAT, "/log 3x8 squats 100kg")
    first = bot.update(update)
    assert "Logged 3 sets" in first[0].text
    assert "Barbell Back Squat: 8 reps at 100 kg" in first[0].text  # a name, not a slug
    workouts = _sets(bot, athlete_id)
    assert len(workouts) == 1
    assert [(s["reps"], s["weight_kg"]) for s in workouts[0]["sets"]] == [(8, 100.0)] * 3
    # The same update delivered again (a webhook retry) logs nothing new.
    again = bot.update(update)
    assert "Already logged" in again[0].text
    assert len(_sets(bot, athlete_id)) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/log", "Write the sets after /log"),
        ("/log banana bread", "could not read sets"),
        ("/log 3x8 flibbertigibbet 40kg", "unknown exercise"),
    ],
)
def test_bad_log_syntax_explains_the_form(
    bot: Bot, athlete_id: int, text: str, expected: str
) -> None:
    replies = bot.say(CHAT, text)
    assert expected in replies[0]
    assert "/log 3x8 squats 100kg" in replies[0]
    assert _sets(bot, athlete_id) == []


def test_today_plan_and_metrics(bot: Bot, athlete_id: int) -> None:
    today = bot.say(CHAT, "/today")[0]
    assert f"{bot.clock.now():%a %d %b}" in today
    ctx = bot.operator()
    view = plans.today(ctx, athlete_id)
    ctx.session.close()
    if view.session is not None:
        assert view.session.name in today
    plan = bot.say(CHAT, "/plan")[0]
    assert plan.startswith("Plan v1:")
    metrics = bot.say(CHAT, "/metrics")[0]
    assert metrics.startswith("Readiness")
    assert "sessions" in metrics


def test_today_and_plan_follow_an_injury_noted_after_approval(bot: Bot, athlete_id: int) -> None:
    ctx = bot.operator()
    # The plan starts today: the three weeks of squats logged before it then mark none of its
    # sessions done (the day view counts logged sessions since the plan's start as done).
    squat_day(ctx, start=bot.clock.now().date(), existing=athlete_id)
    shown = bot_plan(bot, ctx)
    assert "Barbell Back Squat: " in shown, shown  # names, not slugs, with the prescription
    assert not re.search(r"\b[a-z]+-[a-z]+-?[a-z]*\b", shown.replace("–", " ")), shown
    athletes.update_profile(ctx, athlete_id, {"injuries": [KNEE]})
    ctx.session.commit()
    ctx.session.close()
    for command in ("/today", "/plan"):
        reply = bot.say(CHAT, command)[0]
        assert "Barbell Back Squat:" not in reply, reply
        assert not re.search(r"\d{4}-\d{2}-\d{2}", reply), reply  # days in words
        assert "deep knee flexion under load: not with a knee injury" in reply, reply


def bot_plan(bot: Bot, ctx: Any) -> str:
    """/plan as the bot answers it, after committing what ``ctx`` wrote."""
    ctx.session.commit()
    return bot.say(CHAT, "/plan")[0]


def test_report_sends_a_png_chart(bot: Bot, athlete_id: int) -> None:
    calls = bot.update(message_update(CHAT, "/report"))
    photos = [c for c in calls if c.method == "sendPhoto"]
    assert len(photos) == 1
    png = photos[0].files["photo"]
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 10_000
    assert photos[0].params["caption"].startswith("Week 2026-W46")
    assert "sessions" in photos[0].params["caption"]
    assert "not an ISO week" in bot.say(CHAT, "/report last-week")[0]


def test_checkin_is_one_button_tap_per_item(bot: Bot, athlete_id: int) -> None:
    """Energy, soreness and mood as inline buttons: each tap stores its item at once and the
    message becomes the next question, then readiness led by what was said."""
    ctx = bot.operator()
    day = bot.clock.now().date()
    training_log.log_daily(ctx, athlete_id, {"day": day, "sleep_s": 7 * 3600})
    ctx.session.commit()
    ctx.session.close()
    calls = bot.update(message_update(CHAT, "/checkin"))
    assert "Energy today? 1 = drained, 5 = full of it" in calls[0].text
    markup = calls[0].reply_markup
    assert markup is not None
    data = [b["callback_data"] for b in markup["inline_keyboard"][0]]
    assert data == [f"ci:energy:{v}" for v in range(1, 6)]
    text = calls[0].text
    for item, value, then in (("energy", 4, "Muscle soreness?"), ("soreness", 2, "Mood?")):
        pressed = bot.update(callback_update(CHAT, f"ci:{item}:{value}", text))
        assert [c.method for c in pressed] == ["answerCallbackQuery", "editMessageText"]
        text = pressed[1].text
        assert then in text
        assert f"{item.capitalize()} {value}/5 ✓" in text
    pressed = bot.update(callback_update(CHAT, "ci:mood:4", text))
    final = pressed[1].text
    assert "Energy 4/5 ✓\nSoreness 2/5 ✓\nMood 4/5 ✓\nSaved for" in final
    assert "You said 75/100 in your check-in" in final
    assert "reply_markup" not in pressed[1].params  # the buttons are gone
    ctx = bot.operator()
    rows = training_log.history(ctx, athlete_id, "daily", day, day)
    ctx.session.close()
    assert len(rows) == 1
    assert (rows[0]["sleep_s"], rows[0]["energy"], rows[0]["soreness"], rows[0]["mood"]) == (
        7 * 3600,
        4,
        2,
        4,
    )
    stale = bot.update(callback_update(CHAT, "ci:stress:9", final))
    assert [c.method for c in stale] == ["answerCallbackQuery"]
    assert "no longer valid" in stale[0].params["text"]


def test_readiness_without_a_check_in_asks(bot: Bot, athlete_id: int) -> None:
    """/metrics before any check-in: the question, not a number."""
    reply = bot.say(CHAT, "/metrics")[0]
    assert reply.startswith("Readiness: No check-in yet — how do you feel?")
    assert "/100" not in reply.split("\n")[0]


def test_free_text_goes_to_the_assistant_as_the_athlete(
    bot: Bot, athlete_id: int, assistant: ScriptedAssistant
) -> None:
    replies = bot.say(CHAT, "how is my squat going?")
    assert replies == ["scripted answer to 22 characters"]
    assert assistant.seen == [(athlete_id, "how is my squat going?")]


def test_a_proposed_change_approved_with_the_button(bot: Bot, athlete_id: int) -> None:
    calls = bot.update(message_update(CHAT, "please skip my next session"))
    markup = calls[0].reply_markup
    assert markup is not None
    buttons = [b["callback_data"] for b in markup["inline_keyboard"][0]]
    assert buttons == ["plan:approve:2", "plan:reject:2"]
    pressed = bot.update(callback_update(CHAT, buttons[0], calls[0].text))
    methods = [c.method for c in pressed]
    assert methods == ["answerCallbackQuery", "editMessageText"]
    assert "Approved: plan v2 is in force" in pressed[1].text
    assert "reply_markup" not in pressed[1].params  # the buttons are gone
    ctx = bot.operator()
    current = plans.current(ctx, athlete_id)
    ctx.session.close()
    assert current.version == 2
    assert current.status == "active"
    # Pressing again: already decided, said plainly.
    again = bot.update(callback_update(CHAT, buttons[1], calls[0].text))
    assert "only proposed versions can be approved or rejected" in again[0].params["text"]


def test_a_proposal_rejected_with_the_button(bot: Bot, athlete_id: int) -> None:
    calls = bot.update(message_update(CHAT, "skip it"))
    pressed = bot.update(callback_update(CHAT, "plan:reject:2", calls[0].text))
    assert "Rejected: plan v2 is dropped" in pressed[1].text
    ctx = bot.operator()
    assert plans.current(ctx, athlete_id).version == 1
    ctx.session.close()


def test_a_forged_button_cannot_touch_another_athletes_plan(bot: Bot, athlete_id: int) -> None:
    ctx = bot.operator()
    other = make_athlete(ctx)
    plans.generate(ctx, other.id, start=bot.clock.now().date())
    proposal = plans.propose_edit(ctx, other.id, {"op": "skip_session", "session": "w1s2"})
    ctx.session.commit()
    ctx.session.close()
    # The button names a version only; the chat's own athlete has no such proposal.
    pressed = bot.update(callback_update(CHAT, f"plan:approve:{proposal.version}"))
    assert pressed[0].method == "answerCallbackQuery"
    ctx = bot.operator()
    assert plans.versions(ctx, other.id, "proposed")[0].version == proposal.version
    ctx.session.close()
    assert (
        "no longer valid"
        in bot.update(callback_update(CHAT, "plan:delete:everything"))[0].params["text"]
    )


def test_rate_limit_says_slow_down_once(bot: Bot, athlete_id: int) -> None:
    for _ in range(20):
        assert bot.say(CHAT, "/help")
    over = bot.say(CHAT, "/help")
    assert len(over) == 1
    assert over[0].startswith("Slow down")
    assert bot.say(CHAT, "/help") == []  # quiet for the rest of the window
    assert bot.say(CHAT + 1, "/help")  # other chats are not affected


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"text": "/frobnicate now"}, "I do not know the command /frobnicate"),
        ({"text": "x" * 1500}, "too long for me (1500 characters)"),
        (  # a photo is read as a meal; one Telegram no longer has says so
            {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 10, "height": 10}]},
            "could not fetch that photo",
        ),
        (
            {
                "sticker": {
                    "file_id": "s",
                    "file_unique_id": "s",
                    "width": 1,
                    "height": 1,
                    "is_animated": False,
                    "is_video": False,
                    "type": "regular",
                }
            },
            "only read text",
        ),
        ({"voice": {"file_id": "v", "file_unique_id": "v", "duration": 2}}, "only read text"),
    ],
)
def test_every_bad_input_gets_a_clear_reply(
    bot: Bot, athlete_id: int, extra: dict[str, Any], expected: str
) -> None:
    text = extra.pop("text", None)
    replies = bot.say(CHAT, text, **extra)
    assert len(replies) == 1
    assert expected in replies[0]


def test_group_chats_are_refused(bot: Bot) -> None:
    replies = bot.say(-100123, "/today", chat_type="group")
    assert replies == [texts.NOT_PRIVATE]


def test_unlinked_chat_is_told_how_to_connect(bot: Bot) -> None:
    for command in ("/today", "/log 3x5 squat 100", "/report", "/notify", "hi coach"):
        assert "not connected to fitcoach yet" in bot.say(CHAT + 5, command)[0]


def test_notify_preferences(bot: Bot, athlete_id: int) -> None:
    assert "Sensor alerts: on" in bot.say(CHAT, "/notify")[0]
    changed = bot.say(CHAT, "/notify morning 6.45")[0]
    assert "at 06:45" in changed
    assert "Sensor alerts: off" in bot.say(CHAT, "/notify alerts off")[0]
    assert "write on or off" in bot.say(CHAT, "/notify alerts maybe")[0]
    assert "HH:MM" in bot.say(CHAT, "/notify morning 25:00")[0]
    assert "choose alerts" in bot.say(CHAT, "/notify everything off")[0]


def test_unlink_disconnects(bot: Bot, athlete_id: int) -> None:
    assert "Disconnected" in bot.say(CHAT, "/unlink")[0]
    assert "not connected" in bot.say(CHAT, "/today")[0]


def test_a_bug_gets_one_apology_and_the_log_has_ids_only(
    bot: Bot, athlete_id: int, assistant: ScriptedAssistant, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("secret message text must not be logged")

    assistant.reply = broken  # type: ignore[method-assign]
    replies = bot.say(CHAT, "my private words")
    assert replies == [texts.ERROR]
    logged = capsys.readouterr()
    out = logged.out + logged.err
    assert "bot_update_failed" in out
    assert "RuntimeError" in out
    assert "my private words" not in out
    assert "secret message text" not in out


def test_an_athlete_who_reads_lb_reads_no_kg_from_the_bot(bot: Bot, athlete_id: int) -> None:
    """Every command's answer in lb (a bare number typed is lb too), a dumbbell per hand."""
    ctx = bot.operator()
    athletes.update_profile(ctx, athlete_id, {"units": "imperial"})
    ctx.session.commit()
    ctx.session.close()
    said: dict[str, str] = {}
    for text in ("/help", "/log", "/log squat 3x5 225", "/log dumbbell bench press 3x10 50",
                 "/log 3x8 flibbertigibbet 40", "/today", "/plan", "/metrics"):  # fmt: skip
        said[text] = "\n".join(bot.say(CHAT, text))
    photos = [c for c in bot.update(message_update(CHAT, "/report")) if c.method == "sendPhoto"]
    said["/report"] = photos[0].params["caption"]
    assert "Barbell Back Squat: 5 reps at 225 lb" in said["/log squat 3x5 225"]
    assert "Dumbbell Bench Press: 10 reps at 50 lb per hand" in said["/log dumbbell bench press 3x10 50"]  # fmt: skip
    assert "did 3x8 squats at 225 lb" in said["/help"]
    assert "/log 5x5 bench press 175 lb RIR 2" in said["/log"]
    assert " lb" in said["/plan"], said["/plan"]
    assert " lb" in said["/metrics"], said["/metrics"]
    assert " lb lifted" in said["/report"], said["/report"]
    workouts = _sets(bot, athlete_id)
    assert [(s["reps"], s["weight_kg"]) for w in workouts for s in w["sets"]][:3] == [(5, 102.06)] * 3  # fmt: skip
    found = {text: metric_units(reply) for text, reply in said.items() if metric_units(reply)}
    assert not found, {text: said[text] for text in found}
