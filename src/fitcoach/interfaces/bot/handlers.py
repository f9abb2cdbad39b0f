"""The commands, free text, the approve/reject buttons, bad input and the one error handler.

Every handler answers: a result, a clear "what to do instead" for an expected failure (the
service's own message), or, for a bug, one generic apology while the log keeps ids only.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, time
from typing import Any

import structlog
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import ApplicationHandlerStop, ContextTypes, ConversationHandler

from fitcoach.analysis.strength import rir_from_rpe
from fitcoach.assistant import conversations
from fitcoach.assistant.nlu import bare_units, understand
from fitcoach.coach import wording
from fitcoach.core.errors import FitcoachError, InvalidInput
from fitcoach.core.units import Units, format_mass
from fitcoach.interfaces.bot import texts
from fitcoach.interfaces.bot.chart import weekly_chart_png
from fitcoach.interfaces.bot.ratelimit import Verdict
from fitcoach.interfaces.bot.runtime import services
from fitcoach.services import athletes, health, monitoring, plans, reports, training_log
from fitcoach.services import telegram as links
from fitcoach.services.context import ServiceContext, athlete_units

log = structlog.get_logger("bot")

Context = ContextTypes.DEFAULT_TYPE
Callback = Callable[[Update, Context], Coroutine[Any, Any, Any]]
APPROVE, REJECT = "approve", "reject"


async def reply(update: Update, text: str, **kwargs: Any) -> None:
    """Answer in the chat the update came from."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(texts.clip(text), **kwargs)


def answers_errors(fn: Callback) -> Callback:
    """Expected failures (not linked, bad input, not found ...) become their message."""

    @functools.wraps(fn)
    async def wrapper(update: Update, context: Context) -> Any:
        try:
            return await fn(update, context)
        except FitcoachError as exc:
            await reply(update, exc.message)
            return ConversationHandler.END

    return wrapper


def chat_id_of(update: Update) -> int:
    chat = update.effective_chat
    assert chat is not None
    return chat.id


# --- guards (groups -2 and -1: before any handler) -----------------------------------------------


async def throttle(update: Update, context: Context) -> None:
    """Private chats only, and at most ``telegram_messages_per_minute`` updates per chat."""
    chat = update.effective_chat
    if chat is None:
        return
    if chat.type != "private":
        if update.effective_message is not None:
            await reply(update, texts.NOT_PRIVATE)
        raise ApplicationHandlerStop
    svc = services(context)
    verdict = svc.limiter.hit(chat.id)
    if verdict is Verdict.ok:
        return
    log.info("bot_rate_limited", chat_id=chat.id, update_id=update.update_id)
    if verdict is Verdict.warn:
        message = texts.slow_down(svc.limiter.retry_after_s(chat.id))
        if update.callback_query is not None:
            await update.callback_query.answer(message, show_alert=True)
        else:
            await reply(update, message)
    raise ApplicationHandlerStop


async def too_long(update: Update, _context: Context) -> None:
    """Refuse oversized messages before any handler (or a language model) reads them."""
    message = update.effective_message
    length = len(message.text or "") if message is not None else 0
    await reply(update, texts.too_long(length))
    raise ApplicationHandlerStop


# --- simple commands --------------------------------------------------------------------------


async def help_command(update: Update, context: Context) -> None:
    try:  # the examples in the athlete's unit, once the chat is linked
        units = await services(context).as_athlete(chat_id_of(update), _units)
    except FitcoachError:
        units = None
    await reply(update, texts.help_text(units))


def _units(ctx: ServiceContext, athlete_id: int) -> Units:
    """The athlete's unit system: what every reply says weights and distances in."""
    return athlete_units(ctx, ctx.scope(athlete_id))


@answers_errors
async def today_command(update: Update, context: Context) -> None:
    view, units = await services(context).as_athlete(
        chat_id_of(update), lambda ctx, aid: (plans.today(ctx, aid), _units(ctx, aid))
    )
    await reply(update, texts.today_text(view, units))


@answers_errors
async def plan_command(update: Update, context: Context) -> None:
    def work(ctx: ServiceContext, aid: int) -> str:
        view = plans.current(ctx, aid)
        shown = view.plan is not None and view.escalation is None
        upcoming = plans.next_sessions(ctx, aid, limit=4) if shown else []
        text = texts.plan_text(view, upcoming, _units(ctx, aid))
        waiting = plans.versions(ctx, aid, "proposed")
        if waiting:
            text += f"\n\nWaiting for your decision: v{', v'.join(str(v.version) for v in waiting)}"
        return text

    await reply(update, await services(context).as_athlete(chat_id_of(update), work))


@answers_errors
async def metrics_command(update: Update, context: Context) -> None:
    def work(ctx: ServiceContext, aid: int) -> str:
        today = monitoring.local_today(ctx, aid)
        ready = monitoring.readiness(ctx, aid, today)
        summary = reports.weekly_summary(ctx, aid, reports.week_label(today))
        return texts.metrics_text(ready, summary)

    await reply(update, await services(context).as_athlete(chat_id_of(update), work))


@answers_errors
async def report_command(update: Update, context: Context) -> None:
    """Last complete week's report (or ``/report 2026-W46``) as a chart with a caption."""
    week_arg = context.args[0] if context.args else None

    def work(ctx: ServiceContext, aid: int) -> tuple[bytes, str]:
        week = week_arg or reports.last_complete_week(monitoring.local_today(ctx, aid))
        summary = reports.weekly_summary(ctx, aid, week)
        return weekly_chart_png(summary), texts.report_caption(summary)

    png, caption = await services(context).as_athlete(chat_id_of(update), work)
    message = update.effective_message
    assert message is not None
    await message.reply_photo(photo=png, caption=caption, filename="weekly-report.png")


def workout_from(text: str, ctx: ServiceContext, athlete_id: int, source_id: str) -> dict[str, Any]:
    """The workout a ``/log`` line describes, or ``InvalidInput`` saying what is missing."""
    today = monitoring.local_today(ctx, athlete_id)
    profile = athletes.get_athlete(ctx, athlete_id).profile
    units = profile.units if profile else None
    with bare_units(units):  # "/log squat 3x5 225": the athlete's unit
        found = understand(text, today=today)
    if found.intent != "log_sets" or not found.slots.get("groups"):
        raise InvalidInput(f"I could not read sets in that.\n{texts.log_usage(units)}")
    if found.problems:
        raise InvalidInput("; ".join(found.problems) + f".\n{texts.log_usage(units)}")
    sets: list[dict[str, Any]] = []
    for group in found.slots["groups"]:
        rir = group.get("rir")
        if rir is None and group.get("rpe") is not None:
            rir = rir_from_rpe(float(group["rpe"]))
        one = {
            "exercise": group["exercise"],
            "reps": group["reps"],
            "weight_kg": group.get("weight_kg"),
            "rir": rir,
        }
        sets.extend(dict(one) for _ in range(int(group.get("sets", 1))))
    day = found.slots.get("date", today)
    now = ctx.clock.now()
    started = now if day == today else datetime.combine(day, time(12), tzinfo=UTC)
    return {
        "started_at": started.isoformat(),
        "sets": sets,
        "source": "telegram",
        "source_id": source_id,
    }


@answers_errors
async def log_command(update: Update, context: Context) -> None:
    """``/log 3x8 squats 100kg``: the sets go straight to the training log (no model)."""
    message = update.effective_message
    assert message is not None
    text = " ".join(context.args or [])
    if not text.strip():
        try:
            units = await services(context).as_athlete(chat_id_of(update), _units)
        except FitcoachError:
            units = None
        await reply(update, texts.log_usage(units))
        return
    # The message id makes a redelivered update (webhook retry) a no-op, not a second workout.
    source_id = f"{chat_id_of(update)}:{message.message_id}"

    def work(ctx: ServiceContext, aid: int) -> str:
        doc = workout_from(text, ctx, aid, source_id)
        logged = training_log.log_workout(ctx, aid, doc)
        units = _units(ctx, aid)
        lines: dict[str, int] = {}
        for s in doc["sets"]:
            slug = s["exercise"]  # the library's slug, as the understanding resolved it
            hand = wording.per_hand(slug)
            load = "" if s["weight_kg"] is None else f" at {format_mass(s['weight_kg'], units, per_hand=hand)}"  # fmt: skip
            key = f"{wording.exercise_name(slug)}: {s['reps']} reps{load}"
            lines[key] = lines.get(key, 0) + 1
        head = "Logged" if logged.created else "Already logged"
        body = "\n".join(f"  • {n} x {k}" for k, n in lines.items())
        return f"{head} {len(doc['sets'])} sets:\n{body}"

    await reply(update, await services(context).as_athlete(chat_id_of(update), work))


@answers_errors
async def link_command(update: Update, context: Context) -> None:
    """``/link CODE``: connect this chat to an existing account."""
    if not context.args:
        await reply(
            update,
            "Send the code with the command, e.g. /link ABCD2345. Get a code from "
            "Connect Telegram in the fitcoach web app (it lasts 10 minutes).",
        )
        return
    await redeem(update, context, context.args[0])


async def redeem(update: Update, context: Context, code: str) -> None:
    """Link the chat with a one-time code and greet the athlete by name."""
    chat_id = chat_id_of(update)
    link = await services(context).operator(lambda ctx: links.redeem(ctx, code, chat_id))
    log.info("bot_chat_linked", chat_id=chat_id, athlete_id=link.athlete_id)
    await reply(
        update,
        "Connected: this chat now acts as your fitcoach account. "
        "Try /today, /plan or just tell me what you did. /help lists everything.",
    )


@answers_errors
async def unlink_command(update: Update, context: Context) -> None:
    chat_id = chat_id_of(update)
    await services(context).as_athlete(chat_id, lambda ctx, _aid: links.unlink(ctx, chat_id))
    await reply(
        update,
        "Disconnected. Your data stays in fitcoach; /link CODE connects this chat again.",
    )


@answers_errors
async def notify_command(update: Update, context: Context) -> None:
    """``/notify`` shows the settings; ``/notify alerts off``, ``/notify morning 06:45`` change."""
    chat_id = chat_id_of(update)
    args = [a.lower() for a in context.args or []]
    changes: dict[str, Any] = {}
    if args:
        if len(args) != 2:
            raise InvalidInput(
                "write /notify WHAT VALUE, e.g. /notify alerts off or /notify morning 07:00"
            )
        what, value = args
        if what == "morning":
            changes["morning_at"] = value
        elif what in ("alerts", "readiness", "weekly"):
            if value not in ("on", "off"):
                raise InvalidInput(f"/notify {what}: write on or off (got {value!r})")
            changes[what] = value == "on"
        else:
            raise InvalidInput(
                f"I cannot change {what!r}; choose alerts, readiness, weekly or morning"
            )
    link = await services(context).as_athlete(
        chat_id, lambda ctx, _aid: links.set_preferences(ctx, chat_id, **changes)
    )
    await reply(update, ("Saved.\n" if changes else "") + texts.notify_text(link))


@answers_errors
async def resolve_command(update: Update, context: Context) -> None:
    """``/resolve REASON``: resolve the athlete's open health flags with a stated reason (stored
    and audited); training advice resumes."""
    reason = " ".join(context.args or []).strip()
    if not reason:
        await reply(update, texts.RESOLVE_USAGE)
        return

    def work(ctx: ServiceContext, aid: int) -> int:
        return len(health.clear_open_flags(ctx, aid, reason))

    count = await services(context).as_athlete(chat_id_of(update), work)
    log.info("bot_flags_resolved", chat_id=chat_id_of(update), flags=count)
    what = "the health flag" if count == 1 else f"{count} health flags"
    await reply(update, f"Resolved {what}: training advice resumes. /today shows your session.")


# --- free text and the plan buttons -------------------------------------------------------------


def decision_buttons(version: int) -> InlineKeyboardMarkup:
    """Approve / Reject for a proposed plan version."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("✅ Approve", callback_data=f"plan:{APPROVE}:{version}"),
                InlineKeyboardButton("✖ Reject", callback_data=f"plan:{REJECT}:{version}"),
            ]
        ]
    )


@answers_errors
async def free_text(update: Update, context: Context) -> None:
    """Anything that is not a command goes to the assistant, as a stored conversation."""
    message = update.effective_message
    assert message is not None
    assert message.text is not None
    svc = services(context)
    text = message.text

    def work(ctx: ServiceContext, aid: int) -> Any:
        return conversations.chat(
            ctx,
            aid,
            text,
            channel="telegram",
            assistant=svc.assistant,
            memory_messages=svc.settings.conversation_memory_messages,
        )

    answer = await svc.as_athlete(chat_id_of(update), work)
    log.info(
        "bot_chat_reply",
        chat_id=chat_id_of(update),
        intent=answer.intent,
        source=answer.source,
        tools=len(answer.tool_calls),
    )
    markup = (
        decision_buttons(answer.proposed_version) if answer.proposed_version is not None else None
    )
    await reply(update, answer.text or "…", reply_markup=markup)


async def plan_decision(update: Update, context: Context) -> None:
    """An Approve or Reject button under a proposed plan change."""
    query = update.callback_query
    assert query is not None
    parts = (query.data or "").split(":")
    if len(parts) != 3 or parts[1] not in (APPROVE, REJECT) or not parts[2].isdigit():
        await query.answer("That button is no longer valid.")
        return
    action, version = parts[1], int(parts[2])

    def work(ctx: ServiceContext, aid: int) -> str:
        if action == APPROVE:
            result = plans.approve(ctx, aid, version)
            if result.applied:
                return f"✅ Approved: plan v{version} is in force. /today shows what it means."
            why = "; ".join(result.reasons_text[-2:])
            return f"The safety check refused v{version} now, so it is rejected. {why}".strip()
        plans.reject(ctx, aid, version)
        return f"✖ Rejected: plan v{version} is dropped, the plan in force stays."

    try:
        outcome = await services(context).as_athlete(chat_id_of(update), work)
    except FitcoachError as exc:
        outcome = exc.message
    await query.answer(outcome[:200])
    original = query.message.text if isinstance(query.message, Message) else None
    new_text = f"{original}\n\n{outcome}" if original else outcome
    await query.edit_message_text(texts.clip(new_text), reply_markup=None)


# --- bad input --------------------------------------------------------------------------------


async def unknown_command(update: Update, _context: Context) -> None:
    message = update.effective_message
    command = (message.text or "/").split()[0] if message is not None else "/"
    await reply(update, texts.unknown_command(command.split("@")[0]))


async def not_text(update: Update, _context: Context) -> None:
    await reply(update, texts.NOT_TEXT)


async def stray_button(update: Update, _context: Context) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer("That button is no longer valid.")


# --- the one error handler ----------------------------------------------------------------------


async def on_error(update: object, context: Context) -> None:
    """Log the failure with ids only (never message text), apologise once in the chat."""
    error = context.error
    where = None
    tb = error.__traceback__ if error is not None else None
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is not None:
        where = f"{tb.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno}"
    update_id = update.update_id if isinstance(update, Update) else None
    chat = update.effective_chat if isinstance(update, Update) else None
    log.error(
        "bot_update_failed",
        update_id=update_id,
        chat_id=chat.id if chat is not None else None,
        error=type(error).__name__,
        where=where,
    )
    if isinstance(update, Update):
        try:
            if update.callback_query is not None:
                await update.callback_query.answer(texts.ERROR)
            elif update.effective_message is not None:
                await update.effective_message.reply_text(texts.ERROR)
        except Exception as exc:  # the network may be what failed
            log.warning("bot_error_reply_failed", update_id=update_id, error=type(exc).__name__)
