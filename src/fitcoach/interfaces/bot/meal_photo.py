"""A photo of a meal: the likeliest dishes with their foods in grams, then buttons to log it as
suggested, change the portion (×0.5 to ×2, or the plate's grams typed), or cancel.

The suggestion is ``services.food_photo.suggest`` (what the web page shows) and the log is
``services.nutrition.log_dish`` (the web's confirm step, which refuses without the athlete's
training_logs consent), so the bot adds only the conversation. Nothing is logged from a photo
alone: when the model is unsure it asks which dish it is, when the picture is not food it asks
what the meal was. The suggestion waiting for an answer lives in the chat's data under a short
id the buttons carry, so a button of an older photo, or one pressed twice, logs nothing.
"""

from __future__ import annotations

import asyncio
import math
import secrets
import warnings
from collections.abc import Callable
from typing import Any

import structlog
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, PhotoSize, Update
from telegram.error import TelegramError
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from fitcoach.coach.nutrition.dishes import DISHES, MAX_PORTION, MIN_PORTION
from fitcoach.core.errors import FitcoachError
from fitcoach.interfaces.bot import texts
from fitcoach.interfaces.bot.handlers import Context, chat_id_of, not_text, reply
from fitcoach.interfaces.bot.runtime import services
from fitcoach.services import food_photo, nutrition
from fitcoach.services.context import ServiceContext

log = structlog.get_logger("bot")

KEY = "meal_photo"
GRAMS = 0  # the conversation's one state: waiting for the plate's grams
PORTIONS = (0.5, 1.0, 1.5, 2.0)  # the portion buttons, in typical servings
PATTERN = r"^food:"
EXPIRED = "That photo's buttons have expired; send the photo again."


def _pending(context: Context) -> dict[str, Any] | None:
    found = context.chat_data.get(KEY) if context.chat_data is not None else None
    return found if isinstance(found, dict) else None


def _drop(context: Context) -> None:
    if context.chat_data is not None:
        context.chat_data.pop(KEY, None)


def _portion_label(portion: float) -> str:
    return f"{portion:g} serving" + ("" if portion == 1 else "s")


def dish_text(pending: dict[str, Any]) -> str:
    """The chosen dish at the chosen portion: its foods in grams and the macros."""
    dish = food_photo.describe(
        pending["dish"], pending["probs"][pending["dish"]], pending["portion"]
    )
    grams = sum(f.grams for f in dish.foods)
    lines = [
        f"{dish.name}, {_portion_label(pending['portion'])} (about {grams:.0f} g): "
        f"{dish.kcal:.0f} kcal · protein {dish.protein_g:.0f} g · carbs {dish.carbs_g:.0f} g "
        f"· fat {dish.fat_g:.0f} g",
        *(f"  • {f.name} {f.grams:.0f} g" for f in dish.foods),
    ]
    return "\n".join(lines)


def _head(pending: dict[str, Any]) -> str:
    likeliest = " · ".join(
        f"{DISHES[slug].name} {pending['probs'][slug]:.0%}" for slug in pending["dishes"]
    )
    return f"{pending['message']}\nLikeliest: {likeliest}"


def view(pending: dict[str, Any]) -> tuple[str, InlineKeyboardMarkup]:
    """The message and buttons for the suggestion as it stands (dish chosen or not)."""
    pid = pending["id"]
    others = [
        InlineKeyboardButton(f"It is {DISHES[slug].name.lower()}", callback_data=f"food:{pid}:d{i}")
        for i, slug in enumerate(pending["dishes"])
        if slug != pending["dish"]
    ]
    cancel = InlineKeyboardButton("✖ Cancel", callback_data=f"food:{pid}:x")
    if pending["dish"] is None:  # unsure: which dish is it?
        rows = [[b] for b in others] + [[cancel]]
        text = f"{_head(pending)}\n\nWhich is it? Or cancel and write what you ate."
        return texts.clip(text), InlineKeyboardMarkup(rows)
    portions = [
        InlineKeyboardButton(
            f"{'• ' if p == pending['portion'] else ''}×{p:g}", callback_data=f"food:{pid}:p{p:g}"
        )
        for p in PORTIONS
    ]
    rows = [
        [InlineKeyboardButton("✅ Log it", callback_data=f"food:{pid}:log")],
        portions,
        [InlineKeyboardButton("✏️ Type the grams", callback_data=f"food:{pid}:g"), cancel],
        *([b] for b in others),
    ]
    text = f"{_head(pending)}\n\n{dish_text(pending)}\n\nLog it, change the portion, or cancel."
    return texts.clip(text), InlineKeyboardMarkup(rows)


def _largest(sizes: tuple[PhotoSize, ...]) -> PhotoSize:
    return max(sizes, key=lambda p: (p.width * p.height, p.file_size or 0))


def _too_big(size: int | None) -> bool:
    return size is not None and size > food_photo.MAX_PHOTO_BYTES


async def _download(photo: PhotoSize) -> bytes | str:
    """The photo's bytes, or what to tell the person when it cannot be had."""
    if _too_big(photo.file_size):
        return texts.PHOTO_TOO_BIG
    try:
        file = await photo.get_file()
        if _too_big(file.file_size):
            return texts.PHOTO_TOO_BIG
        data = bytes(await file.download_as_bytearray())
    except TelegramError:
        return texts.PHOTO_UNREADABLE
    return texts.PHOTO_TOO_BIG if _too_big(len(data)) else data


async def photo(update: Update, context: Context) -> int:
    """A photo from a linked chat becomes suggested dishes (an unlinked one: the "text" reply)."""
    message = update.effective_message
    assert message is not None
    svc = services(context)
    chat_id = chat_id_of(update)
    if not message.photo or await svc.link_of(chat_id) is None:
        await not_text(update, context)
        return ConversationHandler.END
    data = await _download(_largest(message.photo))
    if isinstance(data, str):
        log.info("bot_photo_refused", chat_id=chat_id, error="download")
        await reply(update, data)
        return ConversationHandler.END
    try:
        # The model runs in a worker thread: the loop keeps serving other chats meanwhile.
        suggestion = await asyncio.to_thread(
            food_photo.suggest, data, model_dir=svc.settings.models_path, settings=svc.settings
        )
    except FitcoachError as exc:
        log.info("bot_photo_refused", chat_id=chat_id, error=exc.code)
        await reply(update, exc.message)
        return ConversationHandler.END
    log.info(
        "bot_meal_photo",
        chat_id=chat_id,
        verdict=suggestion.verdict,
        model=suggestion.model_version,
    )
    _drop(context)
    if suggestion.verdict == "not_food":
        await reply(update, f"{suggestion.message}\n\n{texts.PHOTO_WHAT_WAS_IT}")
        return ConversationHandler.END
    pending: dict[str, Any] = {
        "id": secrets.token_hex(4),
        "message": suggestion.message,
        "dishes": [d.dish for d in suggestion.dishes],
        "probs": {d.dish: d.probability for d in suggestion.dishes},
        "dish": suggestion.dishes[0].dish if suggestion.verdict == "confident" else None,
        "portion": suggestion.portion,
    }
    if context.chat_data is not None:
        context.chat_data[KEY] = pending
    text, markup = view(pending)
    await reply(update, text, reply_markup=markup)
    return ConversationHandler.END


async def _show(query: Any, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    await query.edit_message_text(texts.clip(text), reply_markup=markup)


def _log(pending: dict[str, Any]) -> Callable[[ServiceContext, int], str]:
    dish, portion = pending["dish"], pending["portion"]

    def work(ctx: ServiceContext, aid: int) -> str:
        nutrition.log_dish(ctx, aid, dish, portion, source="telegram-photo")
        return f"✅ Logged: {dish_text(pending)}"

    return work


async def button(update: Update, context: Context) -> int:
    """A button under a suggestion: choose the dish, set the portion, log, type grams, cancel."""
    query = update.callback_query
    assert query is not None
    parts = (query.data or "").split(":")
    pending = _pending(context)
    if len(parts) != 3 or pending is None or pending["id"] != parts[1]:
        await query.answer(EXPIRED)
        return ConversationHandler.END
    action = parts[2]
    if action == "x":
        _drop(context)
        await query.answer("Cancelled")
        await _show(query, "Cancelled: nothing was logged from that photo.")
        return ConversationHandler.END
    if action.startswith("d") and action[1:].isdigit() and int(action[1:]) < len(pending["dishes"]):
        pending["dish"] = pending["dishes"][int(action[1:])]
    elif action.startswith("p") and _number(action[1:]) in PORTIONS:
        pending["portion"] = _number(action[1:])
    elif action == "g" and pending["dish"] is not None:
        await query.answer()
        await reply(update, texts.PHOTO_GRAMS_QUESTION)
        return GRAMS
    elif action == "log" and pending["dish"] is not None:
        try:
            done = await services(context).as_athlete(chat_id_of(update), _log(pending))
        except FitcoachError as exc:  # no consent, a portion out of range ...
            await query.answer()
            await reply(update, exc.message)
            return ConversationHandler.END
        _drop(context)
        log.info("bot_meal_photo_logged", chat_id=chat_id_of(update))
        await query.answer("Logged")
        await _show(query, done)
        return ConversationHandler.END
    else:
        await query.answer(EXPIRED)
        return ConversationHandler.END
    await query.answer()
    text, markup = view(pending)
    await _show(query, text, markup)
    return ConversationHandler.END


def _number(text: str) -> float:
    """A number as people type it ("1,5" too); NaN when it is not one."""
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return math.nan


async def typed_grams(update: Update, context: Context) -> int:
    """The plate's grams typed after "Type the grams": the portion follows, then the buttons."""
    message = update.effective_message
    assert message is not None
    pending = _pending(context)
    if pending is None or pending["dish"] is None:
        await reply(update, EXPIRED)
        return ConversationHandler.END
    grams = _number((message.text or "").lower().removesuffix("g"))
    one = sum(f.grams for f in food_photo.describe(pending["dish"], 1.0).foods)
    portion = round(grams / one, 2) if math.isfinite(grams) else math.nan
    if not (MIN_PORTION <= portion <= MAX_PORTION):
        await reply(update, texts.photo_grams_range(one * MIN_PORTION, one * MAX_PORTION))
        return GRAMS
    pending["portion"] = portion
    text, markup = view(pending)
    await reply(update, text, reply_markup=markup)
    return ConversationHandler.END


async def cancel(update: Update, context: Context) -> int:
    _drop(context)
    await reply(update, "Cancelled: nothing was logged from that photo.")
    return ConversationHandler.END


def meal_photo_handler() -> ConversationHandler[Context]:
    """Photos and their buttons; a conversation only while the plate's grams are awaited."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    with warnings.catch_warnings():  # per chat, not per message, is what is meant here
        warnings.filterwarnings("ignore", category=PTBUserWarning, message=".*per_message.*")
        return ConversationHandler(
            entry_points=[
                CallbackQueryHandler(button, pattern=PATTERN),
                MessageHandler(filters.PHOTO & private, photo),
            ],
            states={
                GRAMS: [MessageHandler(filters.TEXT & ~filters.COMMAND & private, typed_grams)]
            },
            fallbacks=[CommandHandler("cancel", cancel)],
            name="meal_photo",
            allow_reentry=True,
        )
