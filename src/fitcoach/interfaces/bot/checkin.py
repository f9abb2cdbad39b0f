"""``/checkin`` and the morning reminder: energy, soreness and mood on 1-5, one button tap each.

The check-in is one message with an inline keyboard: a tap stores that item for today at once
(the same daily row the web check-in writes; other readings of the day kept) and the message
turns into the next question, then into readiness, led by what the athlete said. A button
carries its item and value (``ci:energy:4``), so nothing waits in memory: a tap after a
restart, or on yesterday's message (it stores for today, the athlete's own day), still works.
The morning reminder at the chat's own local time is this same first question when there is
no check-in yet (``proactive``).
"""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from fitcoach.core.errors import FitcoachError
from fitcoach.interfaces.bot.handlers import Context, chat_id_of, reply
from fitcoach.interfaces.bot.runtime import services
from fitcoach.services import monitoring, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.monitoring import ReadinessReport

PREFIX = "ci"
ITEMS = ("energy", "soreness", "mood")  # in the order asked
QUESTIONS = {
    "energy": "Energy today? 1 = drained, 5 = full of it",
    "soreness": "Muscle soreness? 1 = none, 5 = very sore",
    "mood": "Mood? 1 = low, 5 = great",
}
ASK = "No check-in yet — how do you feel?"
_DATA = re.compile(rf"^{PREFIX}:({'|'.join(ITEMS)}):([1-5])$")


def buttons(item: str) -> InlineKeyboardMarkup:
    """One row of five buttons for ``item``."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(str(v), callback_data=f"{PREFIX}:{item}:{v}") for v in range(1, 6)]]
    )


def first_question(lead: str = "How do you feel this morning? One tap each.") -> str:
    return f"{lead}\n{QUESTIONS[ITEMS[0]]}"


def readiness_text(ready: ReadinessReport) -> str:
    """Readiness as the bot says it: what the athlete said first, or the question."""
    if ready.score is None:
        return ASK
    return f"Readiness {ready.score}/100 ({ready.colour}). {ready.summary}"


async def begin(update: Update, context: Context) -> None:
    """Only a linked chat checks in (the answers are the athlete's data)."""
    if await services(context).link_of(chat_id_of(update)) is None:
        await reply(
            update,
            "Connect this chat first: /start creates a profile, /link CODE connects an account.",
        )
        return
    await reply(update, first_question(), reply_markup=buttons(ITEMS[0]))


async def tapped(update: Update, context: Context) -> None:
    """One tap: store the item for today, then ask the next one or give readiness."""
    query = update.callback_query
    assert query is not None
    found = _DATA.match(query.data or "")
    if found is None:
        await query.answer("That button is no longer valid.")
        return
    item, value = found.group(1), int(found.group(2))

    def work(ctx: ServiceContext, aid: int) -> tuple[str, ReadinessReport]:
        day = monitoring.local_today(ctx, aid)
        training_log.log_daily(
            ctx,
            aid,
            {
                "day": day.isoformat(),
                item: value,
                "source": "telegram",
                "source_id": f"checkin-{day}",
            },
        )
        return f"{day:%a %d %b}", monitoring.readiness(ctx, aid, day)

    try:
        day, ready = await services(context).as_athlete(chat_id_of(update), work)
    except FitcoachError as exc:
        await query.answer(exc.message[:200], show_alert=True)
        return
    await query.answer(f"{item.capitalize()} {value}/5 saved.")
    following = ITEMS[ITEMS.index(item) + 1 :]
    said = f"{item.capitalize()} {value}/5 ✓"
    original = query.message.text if isinstance(query.message, Message) else None
    done = [line for line in (original or "").splitlines() if line.endswith("✓")]
    if following:
        text = "\n".join([*done, said, QUESTIONS[following[0]]])
        await query.edit_message_text(text, reply_markup=buttons(following[0]))
        return
    text = "\n".join([*done, said, f"Saved for {day}.", readiness_text(ready)])
    await query.edit_message_text(text, reply_markup=None)


def checkin_handler() -> CommandHandler[Context, None]:
    """The ``/checkin`` command."""
    return CommandHandler("checkin", begin)


def tap_handler() -> CallbackQueryHandler[Context, None]:
    """The check-in's buttons (the command's and the morning reminder's)."""
    return CallbackQueryHandler(tapped, pattern=rf"^{PREFIX}:")
