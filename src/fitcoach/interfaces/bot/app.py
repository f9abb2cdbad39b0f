"""The python-telegram-bot ``Application``: handlers in order, the guards, the error handler.

Handler groups run in order; within a group the first matching handler wins:

* group -2: ``throttle`` (private chats only; per-chat rate limit) for every update;
* group -1: messages over the length limit are refused before anything reads them;
* group 0: the ``/start`` onboarding conversation (a photo in its middle is re-asked there),
  ``/checkin`` and its buttons (one tap per item, no conversation state), the meal photos and
  their buttons, the commands, the plan buttons, free text to the assistant, then an answer for
  everything else (unknown command, sticker, voice, file, a stale button).
"""

from __future__ import annotations

import functools
import ssl
from typing import TYPE_CHECKING, Any

import httpx
from telegram import BotCommand, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from fitcoach.core.clock import Clock, SystemClock
from fitcoach.core.errors import InvalidInput
from fitcoach.core.settings import Settings
from fitcoach.interfaces.bot import handlers, texts
from fitcoach.interfaces.bot.checkin import checkin_handler, tap_handler
from fitcoach.interfaces.bot.meal_photo import meal_photo_handler
from fitcoach.interfaces.bot.onboarding import onboarding_handler
from fitcoach.interfaces.bot.proactive import consumer_name, start_jobs
from fitcoach.interfaces.bot.ratelimit import RateLimiter
from fitcoach.interfaces.bot.runtime import SERVICES_KEY, BotServices
from fitcoach.storage.db import Session, sessionmaker

if TYPE_CHECKING:
    from fitcoach.assistant.conversations import AssistantLike
    from fitcoach.ingest.bus import Bus

DEFAULT_BASE_URL = "https://api.telegram.org"


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One verifying TLS context per process, as httpx builds by default (certifi, or
    ``SSL_CERT_FILE``/``SSL_CERT_DIR``): loading the CA bundle takes 0.05-0.2 s of CPU, and
    the builder's own requests load it twice per application (the bot's calls and polling)."""
    return httpx.create_ssl_context()


def _request(pool_size: int) -> HTTPXRequest:
    """What ``ApplicationBuilder`` makes by default (pool size, timeouts, HTTP/1.1), over the
    shared TLS context."""
    return HTTPXRequest(connection_pool_size=pool_size, httpx_kwargs={"verify": _tls_context()})


class _TooLong(filters.MessageFilter):
    """A text longer than the bot reads."""

    def filter(self, message: Any) -> bool:
        return bool(message.text) and len(message.text) > texts.MAX_INPUT


def add_handlers(application: Application) -> None:  # type: ignore[type-arg]
    """Register every handler (see the module docstring for the order)."""
    private = filters.ChatType.PRIVATE
    application.add_handler(TypeHandler(Update, handlers.throttle), group=-2)
    application.add_handler(MessageHandler(_TooLong(), handlers.too_long), group=-1)
    application.add_handler(onboarding_handler())
    application.add_handler(checkin_handler())
    application.add_handler(meal_photo_handler())
    commands = {
        "help": handlers.help_command,
        "today": handlers.today_command,
        "plan": handlers.plan_command,
        "log": handlers.log_command,
        "metrics": handlers.metrics_command,
        "report": handlers.report_command,
        "link": handlers.link_command,
        "unlink": handlers.unlink_command,
        "notify": handlers.notify_command,
        "resolve": handlers.resolve_command,
    }
    for name, callback in commands.items():
        application.add_handler(CommandHandler(name, callback, filters=private))
    application.add_handler(CallbackQueryHandler(handlers.plan_decision, pattern=r"^plan:"))
    application.add_handler(tap_handler())
    application.add_handler(CallbackQueryHandler(handlers.stray_button))
    application.add_handler(MessageHandler(filters.COMMAND & private, handlers.unknown_command))
    application.add_handler(
        MessageHandler(
            filters.TEXT & ~filters.COMMAND & private & filters.UpdateType.MESSAGE,
            handlers.free_text,
        )
    )
    application.add_handler(
        MessageHandler(private & filters.UpdateType.MESSAGE & ~filters.TEXT, handlers.not_text)
    )
    application.add_error_handler(handlers.on_error)


async def _post_init(application: Application) -> None:  # type: ignore[type-arg]
    await application.bot.set_my_commands([BotCommand(n, d) for n, d in texts.COMMANDS])
    start_jobs(application)


def build_application(
    settings: Settings,
    factory: sessionmaker[Session],
    assistant: AssistantLike,
    bus: Bus | None = None,
    *,
    clock: Clock | None = None,
    limiter: RateLimiter | None = None,
    polling: bool = True,
) -> Application:  # type: ignore[type-arg]
    """The bot for ``settings`` (token, Bot API server, rate limit) over ``factory``'s database.

    ``bus`` carries the sensor alerts (none: no alert forwarding). ``polling`` False builds it
    for webhook mode (no ``Updater``; updates come from ``webhook_router``).
    """
    if settings.telegram_bot_token is None:
        raise InvalidInput(
            "FITCOACH_TELEGRAM_BOT_TOKEN is not set; create a bot with @BotFather and set it "
            "(see docs/telegram.md)"
        )
    base = (settings.telegram_base_url or DEFAULT_BASE_URL).rstrip("/")
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .post_init(_post_init)
        .request(_request(256))
        .get_updates_request(_request(1))
    )
    if not polling:
        builder = builder.updater(None)
    application = builder.build()
    application.bot_data[SERVICES_KEY] = BotServices(
        settings=settings,
        factory=factory,
        assistant=assistant,
        clock=clock or SystemClock(),
        bus=bus,
        limiter=limiter or RateLimiter(settings.telegram_messages_per_minute),
        consumer=consumer_name(),
    )
    add_handlers(application)
    return application
