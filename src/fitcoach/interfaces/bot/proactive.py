"""Messages the bot sends on its own: sensor alerts, morning readiness, the weekly report.

* **Sensor alerts**: the vitals worker publishes an alert on the bus after storing it. The bot
  reads that stream with a consumer group of its own (``telegram``), so several bot processes
  share the work and each alert goes out once; a message is acked after it was sent (at least
  once: a crash between sending and acking may repeat an alert, never lose one).
* **The morning check-in** and the **weekly report** (Mondays) go out at each chat's own local
  time (``/notify morning 07:00``; athletes live in different time zones): without a check-in
  yet that morning, the reminder is the check-in's first question with its buttons (one tap
  each, ``checkin``); with one, readiness and today's session. A JobQueue job looks
  every minute for chats whose time has come and remembers what it sent, so a restart neither
  repeats nor skips a day.

Every athlete's data is read as that athlete's own account; the operator subject only lists the
linked chats.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

import anyio.to_thread
import structlog
from telegram import InlineKeyboardMarkup
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from fitcoach.core.clock import zone_named
from fitcoach.core.errors import FitcoachError
from fitcoach.interfaces.bot import checkin, texts
from fitcoach.interfaces.bot.chart import weekly_chart_png
from fitcoach.interfaces.bot.runtime import BotServices, services
from fitcoach.services import athletes, monitoring, plans, reports
from fitcoach.services import telegram as links
from fitcoach.services.context import ServiceContext, athlete_units

log = structlog.get_logger("bot")

ALERT_POLL_S = 2.0
SCHEDULE_POLL_S = 60.0
ALERT_BATCH = 100
# A new consumer group reads the stream from its start: older alerts are acked, not sent.
ALERT_MAX_AGE = timedelta(minutes=15)
SEVERITY_ICON = {"critical": "🚨", "warning": "⚠️"}


def consumer_name() -> str:
    """This process in the alerts consumer group."""
    return f"bot-{socket.gethostname()}-{os.getpid()}"


def alert_text(payload: dict[str, object], now: datetime) -> str | None:
    """The message for one published alert; None for a cleared, stale or malformed one."""
    if payload.get("state") != "raised" or not isinstance(payload.get("message"), str):
        return None
    try:
        at = datetime.fromisoformat(str(payload.get("at")))
    except ValueError:
        return None
    if at.tzinfo is None or now - at > ALERT_MAX_AGE:
        return None
    icon = SEVERITY_ICON.get(str(payload.get("severity")), "ℹ️")
    return (
        f"{icon} Sensor alert: {payload['message']}\n"
        "If you feel unwell (chest pain, faintness, severe breathlessness), stop and get "
        "medical help. fitcoach is not a medical device."
    )


async def forward_alerts(application: Application, svc: BotServices) -> int:  # type: ignore[type-arg]
    """Send the alerts published since the last look to the athletes' linked chats."""
    bus = svc.bus
    if bus is None:
        return 0
    messages = await anyio.to_thread.run_sync(
        lambda: bus.read(
            svc.alerts_stream, svc.alerts_group, svc.consumer, count=ALERT_BATCH, block_ms=0
        )
    )
    sent = 0
    done: list[str] = []
    now = svc.clock.now()
    for message in messages:
        athlete_id = message.payload.get("athlete_id")
        text = alert_text(message.payload, now)
        if text is None or not isinstance(athlete_id, int) or isinstance(athlete_id, bool):
            done.append(message.id)
            continue

        def chats_for(ctx: ServiceContext, aid: int = athlete_id) -> list[links.ChatLink]:
            return links.chats(ctx, aid)

        try:
            targets = await svc.operator(chats_for)
        except FitcoachError:  # the athlete was deleted meanwhile
            targets = []
        for link in targets:
            if not link.notify_alerts:
                continue
            try:
                await application.bot.send_message(link.chat_id, text)
                sent += 1
            except TelegramError as exc:
                log.warning("bot_alert_not_sent", chat_id=link.chat_id, error=type(exc).__name__)
        done.append(message.id)
        log.info("bot_alert_forwarded", athlete_id=athlete_id, chats=len(targets))
    if done:
        await anyio.to_thread.run_sync(lambda: bus.ack(svc.alerts_stream, svc.alerts_group, done))
    return sent


def _local_now(ctx: ServiceContext, athlete_id: int, now: datetime) -> datetime:
    zone = athletes.get_athlete(ctx, athlete_id).timezone
    return now.astimezone(zone_named(zone))


def _morning(ctx: ServiceContext, athlete_id: int) -> tuple[str, InlineKeyboardMarkup | None]:
    """The morning message: the check-in's first question with its buttons while there is no
    check-in today, else readiness (led by what was said) and today's session."""
    today = monitoring.local_today(ctx, athlete_id)
    ready = monitoring.readiness(ctx, athlete_id, today)
    if ready.score is None:
        return checkin.first_question(f"Good morning! {checkin.ASK}"), checkin.buttons(
            checkin.ITEMS[0]
        )
    lines = [f"Good morning! {checkin.readiness_text(ready)}"]
    try:
        units = athlete_units(ctx, ctx.scope(athlete_id))
        lines += ["", texts.today_text(plans.today(ctx, athlete_id, today), units)]
    except FitcoachError:
        lines.append("No plan in force yet: ask me for one (e.g. “make me a 3-day plan”).")
    return texts.clip("\n".join(lines)), None


def _marker(
    chat_id: int, *, morning_on: date | None = None, weekly: str | None = None
) -> Callable[[ServiceContext, int], None]:
    def mark(ctx: ServiceContext, _athlete_id: int) -> None:
        links.mark_sent(ctx, chat_id, morning_on=morning_on, weekly=weekly)

    return mark


async def send_scheduled(
    application: Application,  # type: ignore[type-arg]
    svc: BotServices,
    now: datetime | None = None,
) -> dict[str, int]:
    """Send every morning message and weekly report that is due at ``now``; counts sent."""
    now = now or svc.clock.now()
    chats: Sequence[links.ChatLink] = await svc.operator(links.all_links)
    counts = {"morning": 0, "weekly": 0}
    for link in chats:
        if not (link.notify_readiness or link.notify_weekly):
            continue
        try:
            local = await svc.as_athlete(link.chat_id, lambda ctx, aid: _local_now(ctx, aid, now))
            if local.time() < link.morning_time:
                continue
            if link.notify_readiness and link.last_morning_on != local.date():
                text, markup = await svc.as_athlete(link.chat_id, _morning)
                await application.bot.send_message(link.chat_id, text, reply_markup=markup)
                await svc.as_athlete(link.chat_id, _marker(link.chat_id, morning_on=local.date()))
                counts["morning"] += 1
            week = reports.last_complete_week(local.date())
            if link.notify_weekly and local.weekday() == 0 and link.last_weekly != week:

                def weekly(ctx: ServiceContext, aid: int, w: str = week) -> tuple[bytes, str]:
                    summary = reports.weekly_summary(ctx, aid, w)
                    return weekly_chart_png(summary), texts.report_caption(summary)

                png, caption = await svc.as_athlete(link.chat_id, weekly)
                await application.bot.send_photo(
                    link.chat_id, photo=png, caption=caption, filename="weekly-report.png"
                )
                await svc.as_athlete(link.chat_id, _marker(link.chat_id, weekly=week))
                counts["weekly"] += 1
        except (FitcoachError, TelegramError) as exc:
            log.warning("bot_scheduled_not_sent", chat_id=link.chat_id, error=type(exc).__name__)
    return counts


async def alerts_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue callback: forward new sensor alerts."""
    await forward_alerts(context.application, services(context))


async def schedule_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue callback: morning readiness and weekly reports that are due."""
    await send_scheduled(context.application, services(context))


def start_jobs(application: Application) -> None:  # type: ignore[type-arg]
    """Schedule the proactive jobs (the JobQueue starts with the application)."""
    svc: BotServices = application.bot_data["fitcoach"]
    queue = application.job_queue
    if queue is None:
        raise RuntimeError("python-telegram-bot was installed without its job-queue extra")
    if svc.bus is not None:
        svc.bus.ensure_group(svc.alerts_stream, svc.alerts_group)
        queue.run_repeating(alerts_job, interval=ALERT_POLL_S, first=ALERT_POLL_S, name="alerts")
    queue.run_repeating(schedule_job, interval=SCHEDULE_POLL_S, first=10, name="schedule")
