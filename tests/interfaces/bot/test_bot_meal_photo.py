"""A meal photo in Telegram: the real client downloads it from the fake Bot API, the web's
food-photo service suggests dishes, and the buttons log it (with the web's consent check),
change the portion or cancel; a picture that is not food, or is broken, logs nothing."""

from __future__ import annotations

import io
import re
from typing import Any

import numpy as np
import pytest
from tests.conftest import unavailable
from tests.interfaces.bot.conftest import Bot, linked_athlete
from tests.interfaces.bot.fake_telegram import (
    Call,
    callback_update,
    message_update,
    photo_sizes,
)

from fitcoach.interfaces.bot import texts
from fitcoach.ml.splits.blind_food101 import default_food_dir
from fitcoach.services import consent, food_photo, training_log

CHAT, OTHER_CHAT = 6101, 6102
BIBIMBAP = default_food_dir() / "bibimbap" / "1002297.jpg"  # a dev photo, as the web tests use
pytestmark = pytest.mark.parametrize("database", ["sqlite"], indirect=True)


@pytest.fixture
def athlete_id(bot: Bot) -> int:
    return linked_athlete(bot, CHAT)


def _image(pixels: np.ndarray[Any, Any]) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="JPEG")
    return buf.getvalue()


def _send(bot: Bot, data: bytes, file_id: str = "meal", chat: int = CHAT) -> Call:
    """Send ``data`` as a photo from ``chat``; the bot's one reply."""
    bot.fake.add_file(file_id, data)
    calls = bot.update(message_update(chat, photo=photo_sizes(file_id, len(data))))
    (sent,) = [c for c in calls if c.method == "sendMessage"]
    return sent


def _bibimbap(bot: Bot) -> Call:
    if not BIBIMBAP.is_file():
        unavailable(f"the food101-10 photos are not at {BIBIMBAP.parent.parent}")
    return _send(bot, BIBIMBAP.read_bytes())


def _buttons(call: Call) -> dict[str, str]:
    """Button label → callback data."""
    markup = call.reply_markup or {}
    return {b["text"]: b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row}


def _press(bot: Bot, call: Call, label: str, chat: int = CHAT) -> list[Call]:
    data = next(d for text, d in _buttons(call).items() if label in text)
    return bot.update(callback_update(chat, data, call.text))


def _edited(calls: list[Call]) -> Call:
    (edit,) = [c for c in calls if c.method == "editMessageText"]
    return edit


def _meals(bot: Bot, athlete_id: int) -> list[dict[str, Any]]:
    ctx = bot.operator()
    try:
        return training_log.history(ctx, athlete_id, "meals")
    finally:
        ctx.session.close()


def test_a_photo_suggests_dishes_with_buttons_and_log_stores_the_macros(
    bot: Bot, athlete_id: int
) -> None:
    shown = _bibimbap(bot)
    assert bot.fake.downloads == ["/file/bot" + bot.fake.token + "/photos/meal.jpg"]  # the largest
    assert "This looks like bibimbap (87%)" in shown.text
    assert re.search(r"Likeliest: Bibimbap 87% · \w.* \d+% · \w.* \d+%", shown.text)
    assert "White rice, long-grain, cooked 200 g" in shown.text
    labels = list(_buttons(shown))
    assert labels[:5] == ["✅ Log it", "×0.5", "• ×1", "×1.5", "×2"]
    assert "✖ Cancel" in labels
    assert _meals(bot, athlete_id) == []  # nothing before the person confirms

    done = _edited(_press(bot, shown, "Log it"))
    expected = food_photo.describe("bibimbap", 0.87, 1.0)
    assert done.text.startswith("✅ Logged: Bibimbap, 1 serving")
    assert f"{expected.kcal:.0f} kcal · protein {expected.protein_g:.0f} g" in done.text
    (meal,) = _meals(bot, athlete_id)
    assert meal["source"] == "telegram-photo"
    assert meal["calories_kcal"] == pytest.approx(expected.kcal)
    assert meal["protein_g"] == pytest.approx(expected.protein_g)
    assert "White rice, long-grain, cooked 200 g" in str(meal["description"])
    # The same button again logs nothing more.
    again = _press(bot, shown, "Log it")
    assert [c.params.get("text") for c in again if c.method == "answerCallbackQuery"] == [
        "That photo's buttons have expired; send the photo again."
    ]
    assert len(_meals(bot, athlete_id)) == 1


def test_the_portion_buttons_and_typed_grams_set_the_logged_grams(
    bot: Bot, athlete_id: int
) -> None:
    shown = _bibimbap(bot)
    doubled = _edited(_press(bot, shown, "×2"))
    assert "Bibimbap, 2 servings" in doubled.text
    assert "White rice, long-grain, cooked 400 g" in doubled.text
    assert "• ×2" in _buttons(doubled)
    _press(bot, doubled, "Log it")
    (meal,) = _meals(bot, athlete_id)
    assert "White rice, long-grain, cooked 400 g" in str(meal["description"])
    assert meal["calories_kcal"] == pytest.approx(food_photo.describe("bibimbap", 1, 2.0).kcal)

    shown = _bibimbap(bot)
    asked = [c.text for c in _press(bot, shown, "Type the grams") if c.method == "sendMessage"]
    assert asked == [texts.PHOTO_GRAMS_QUESTION]
    assert "from 100 to 1600" in bot.say(CHAT, "lots")[0]  # a plate is 400 g: 0.25 to 4 of it
    (typed,) = bot.say(CHAT, "600 g")
    assert "Bibimbap, 1.5 servings (about 600 g)" in typed
    assert "White rice, long-grain, cooked 300 g" in typed
    again = bot.fake.sent("sendMessage", CHAT)[-1]
    _press(bot, again, "Log it")
    assert "White rice, long-grain, cooked 300 g" in str(_meals(bot, athlete_id)[-1]["description"])
    assert len(_meals(bot, athlete_id)) == 2
    # The conversation is over: text goes to the assistant again, not to the grams.
    assert bot.say(CHAT, "600")[0].startswith("scripted answer")


def test_cancel_stores_nothing(bot: Bot, athlete_id: int) -> None:
    shown = _bibimbap(bot)
    assert "nothing was logged" in _edited(_press(bot, shown, "Cancel")).text
    _press(bot, shown, "Log it")
    assert _meals(bot, athlete_id) == []


def test_not_food_asks_what_it_was_and_unsure_asks_which_dish(bot: Bot, athlete_id: int) -> None:
    dark = _send(bot, _image(np.zeros((200, 200, 3), dtype=np.uint8)), "dark")
    assert "does not look like a dish I know" in dark.text
    assert texts.PHOTO_WHAT_WAS_IT in dark.text
    assert dark.reply_markup is None
    ramp = np.tile(np.linspace(0, 255, 200).astype(np.uint8)[None, :, None], (200, 1, 3))
    unsure = _send(bot, _image(ramp), "ramp")
    assert "I am not sure what this is" in unsure.text
    assert "Which is it?" in unsure.text
    labels = list(_buttons(unsure))
    assert len([label for label in labels if label.startswith("It is ")]) == 3
    assert not any("Log it" in label for label in labels)  # no guess is offered to log
    assert _meals(bot, athlete_id) == []
    chosen = _edited(_press(bot, unsure, "It is "))
    assert "Log it" in "".join(_buttons(chosen))
    assert "kcal" in chosen.text


def test_without_consent_the_log_is_refused(bot: Bot, athlete_id: int) -> None:
    ctx = bot.operator()
    consent.withdraw(ctx, athlete_id, "training_logs")
    ctx.session.commit()
    ctx.session.close()
    shown = _bibimbap(bot)
    said = [c.text for c in _press(bot, shown, "Log it") if c.method == "sendMessage"]
    assert len(said) == 1
    assert "has not granted consent for training_logs; nothing was stored" in said[0]
    assert _meals(bot, athlete_id) == []


def test_another_athletes_data_and_buttons_are_not_touched(bot: Bot, athlete_id: int) -> None:
    other_id = linked_athlete(bot, OTHER_CHAT)
    shown = _bibimbap(bot)
    # The other chat pressing this chat's button: its own chat has no such photo.
    pressed = _press(bot, shown, "Log it", chat=OTHER_CHAT)
    assert [c.params.get("text") for c in pressed if c.method == "answerCallbackQuery"] == [
        "That photo's buttons have expired; send the photo again."
    ]
    _press(bot, shown, "Log it")
    assert len(_meals(bot, athlete_id)) == 1
    assert _meals(bot, other_id) == []


def test_broken_huge_and_missing_photos_get_a_clear_reply(bot: Bot, athlete_id: int) -> None:
    assert "not a picture this can read" in _send(bot, b"hello, not a jpeg", "junk").text
    huge = food_photo.MAX_PHOTO_BYTES + 1
    (big,) = bot.say(CHAT, photo=photo_sizes("huge", huge))
    assert big == texts.PHOTO_TOO_BIG
    (missing,) = bot.say(CHAT, photo=photo_sizes("gone", 5000))
    assert missing == texts.PHOTO_UNREADABLE
    assert all("huge" not in path for path in bot.fake.downloads)  # refused before downloading
    assert _meals(bot, athlete_id) == []


def test_unlinked_chats_and_onboarding_keep_the_text_reply(bot: Bot) -> None:
    (unlinked,) = bot.say(7001, photo=photo_sizes("x", 5000))
    assert "only read text" in unlinked
    bot.say(7002, "/start")
    (during,) = bot.say(7002, photo=photo_sizes("y", 5000))
    assert "Please answer in text" in during
    assert bot.fake.downloads == []
