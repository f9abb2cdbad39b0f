"""``/checkin``: last night's sleep, then energy, mood and soreness on 1-5, stored for today.

Four short questions with buttons; the answers go to the daily metrics (the same row the web
check-in writes), which the readiness score reads the next time it is asked. ``/cancel`` stops
and stores nothing.
"""

from __future__ import annotations

import re
from typing import Any

from telegram import ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.ext import CommandHandler, ConversationHandler, MessageHandler, filters

from fitcoach.core.errors import FitcoachError
from fitcoach.interfaces.bot.handlers import Context, chat_id_of, reply
from fitcoach.interfaces.bot.runtime import services
from fitcoach.services import monitoring, training_log
from fitcoach.services.context import ServiceContext

KEY = "checkin"
SLEEP, ENERGY, MOOD, SORENESS = range(4)
SCALE = ReplyKeyboardMarkup(
    [["1", "2", "3", "4", "5"]], one_time_keyboard=True, resize_keyboard=True
)
SCALES = {
    ENERGY: ("energy", "Energy today? 1 = drained, 5 = full of it"),
    MOOD: ("mood", "Mood? 1 = low, 5 = great"),
    SORENESS: ("soreness", "Muscle soreness? 1 = none, 5 = very sore"),
}
_HOURS = re.compile(r"^\s*(\d{1,2}(?:[.,]\d+)?)\s*(?:h|hrs?|hours?)?\s*$")
_HOURS_MINUTES = re.compile(r"^\s*(\d{1,2})\s*h(?:ours?)?\s*(\d{1,2})\s*(?:m|min|minutes?)?\s*$")


def parse_sleep_h(text: str) -> float | None:
    """``7``, ``7.5``, ``7,5 h``, ``6h30`` → hours; None when it is not a plausible night."""
    value = text.strip().lower()
    if m := _HOURS_MINUTES.match(value):
        hours = int(m.group(1)) + int(m.group(2)) / 60
    elif m := _HOURS.match(value):
        hours = float(m.group(1).replace(",", "."))
    else:
        return None
    return hours if 0 <= hours <= 16 else None


def parse_scale(text: str) -> int | None:
    value = text.strip()
    return int(value) if value in ("1", "2", "3", "4", "5") else None


async def begin(update: Update, context: Context) -> int:
    """Only a linked chat checks in (the answers are the athlete's data)."""
    if await services(context).link_of(chat_id_of(update)) is None:
        await reply(
            update,
            "Connect this chat first: /start creates a profile, /link CODE connects an account.",
        )
        return ConversationHandler.END
    if context.chat_data is not None:
        context.chat_data[KEY] = {}
    await reply(
        update, "How many hours did you sleep last night? (e.g. 7.5, or 6h30; /cancel stops)"
    )
    return SLEEP


async def sleep(update: Update, context: Context) -> int:
    text = update.effective_message.text if update.effective_message else ""
    hours = parse_sleep_h(text or "")
    if hours is None:
        await reply(update, "Please send hours of sleep between 0 and 16, e.g. 7.5 or 6h30.")
        return SLEEP
    _answers(context)["sleep_s"] = round(hours * 3600)
    await reply(update, SCALES[ENERGY][1], reply_markup=SCALE)
    return ENERGY


def _answers(context: Context) -> dict[str, Any]:
    if context.chat_data is None:
        return {}
    found: dict[str, Any] = context.chat_data.setdefault(KEY, {})
    return found


async def _scale(update: Update, context: Context, state: int) -> int:
    text = update.effective_message.text if update.effective_message else ""
    value = parse_scale(text or "")
    field, question = SCALES[state]
    if value is None:
        await reply(
            update, f"Please answer with a number from 1 to 5.\n{question}", reply_markup=SCALE
        )
        return state
    _answers(context)[field] = value
    if state < SORENESS:
        await reply(update, SCALES[state + 1][1], reply_markup=SCALE)
        return state + 1
    return await _save(update, context)


async def energy(update: Update, context: Context) -> int:
    return await _scale(update, context, ENERGY)


async def mood(update: Update, context: Context) -> int:
    return await _scale(update, context, MOOD)


async def soreness(update: Update, context: Context) -> int:
    return await _scale(update, context, SORENESS)


async def _save(update: Update, context: Context) -> int:
    values = dict(_answers(context))
    if context.chat_data is not None:
        context.chat_data.pop(KEY, None)

    def work(ctx: ServiceContext, aid: int) -> str:
        day = monitoring.local_today(ctx, aid)
        training_log.log_daily(ctx, aid, {"day": day.isoformat(), **values})
        ready = monitoring.readiness(ctx, aid, day)
        score = f" {ready.score}/100" if ready.score is not None else ""
        return f"Saved for {day:%a %d %b}. Readiness{score}: {ready.summary}"

    try:
        text = await services(context).as_athlete(chat_id_of(update), work)
    except FitcoachError as exc:
        text = exc.message
    await reply(update, text, reply_markup=ReplyKeyboardRemove())
    return ConversationHandler.END


async def cancel(update: Update, context: Context) -> int:
    if context.chat_data is not None:
        context.chat_data.pop(KEY, None)
    await reply(update, "Check-in stopped; nothing was stored.", reply_markup=ReplyKeyboardRemove())
    return ConversationHandler.END


async def text_please(update: Update, _context: Context) -> None:
    await reply(update, "Please answer in text, or /cancel to stop the check-in.")


def checkin_handler() -> ConversationHandler[Context]:
    """The ``/checkin`` conversation."""
    text = filters.TEXT & ~filters.COMMAND
    return ConversationHandler(
        entry_points=[CommandHandler("checkin", begin)],
        states={
            SLEEP: [MessageHandler(text, sleep)],
            ENERGY: [MessageHandler(text, energy)],
            MOOD: [MessageHandler(text, mood)],
            SORENESS: [MessageHandler(text, soreness)],
        },
        fallbacks=[CommandHandler("cancel", cancel), MessageHandler(filters.ALL, text_please)],
        name="checkin",
        allow_reentry=True,
    )
