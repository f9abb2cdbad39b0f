"""``fitcoach bot``: the Telegram bot by long polling; ``telegram-code``: a link code.

Webhook mode needs no command of its own: ``fitcoach serve`` with
``FITCOACH_TELEGRAM_WEBHOOK_URL`` set runs the bot inside the API app (``attach_webhook``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import typer

from fitcoach.cli.athletes import athlete_id
from fitcoach.cli.common import console, errors, service_context, settings
from fitcoach.core.errors import InvalidInput

if TYPE_CHECKING:
    from fitcoach.core.settings import Settings

ATHLETE = typer.Option(..., "--athlete", "-a", help="Athlete id or e-mail.")


def _quiet_http_logs() -> None:
    # httpx logs every request URL at INFO, and a Bot API URL contains the bot's token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def _application(s: Settings, *, polling: bool, bus: Any = None) -> Any:
    from fitcoach.assistant.llm import Assistant
    from fitcoach.ingest.bus import make_bus
    from fitcoach.interfaces.bot import build_application
    from fitcoach.storage.db import make_engine, make_session_factory, ping_when_idle

    factory = make_session_factory(ping_when_idle(make_engine(s.sqlalchemy_url)))
    return build_application(s, factory, Assistant.from_settings(s), make_bus(s), polling=polling)


def bot() -> None:
    """Run the Telegram bot by long polling (Ctrl+C stops).

    Needs FITCOACH_TELEGRAM_BOT_TOKEN (from @BotFather). Sensor alerts are forwarded when the
    bus is shared with the vitals worker (FITCOACH_REDIS_URL). For webhook mode set
    FITCOACH_TELEGRAM_WEBHOOK_URL and FITCOACH_TELEGRAM_WEBHOOK_SECRET and run `fitcoach serve`
    instead. See docs/telegram.md.

    Example: FITCOACH_TELEGRAM_BOT_TOKEN=123456:ABC... fitcoach bot
    """
    with errors():
        s = settings()
        if s.telegram_webhook_url:
            raise InvalidInput(
                "FITCOACH_TELEGRAM_WEBHOOK_URL is set, so the bot runs in webhook mode inside "
                "`fitcoach serve`; unset it to poll with `fitcoach bot`"
            )
        _quiet_http_logs()
        application = _application(s, polling=True)
    console.print("fitcoach bot polling Telegram (Ctrl+C stops)")
    # drop_pending_updates=False: messages sent while the bot was down are still answered.
    application.run_polling(allowed_updates=["message", "edited_message", "callback_query"])


def attach_webhook(app: Any, s: Settings) -> str | None:
    """Mount the bot's webhook on the API ``app`` when the settings ask for it; its URL."""
    if not s.telegram_webhook_url:
        return None
    if s.telegram_webhook_secret is None:
        raise InvalidInput(
            "FITCOACH_TELEGRAM_WEBHOOK_SECRET must be set with FITCOACH_TELEGRAM_WEBHOOK_URL "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))')"
        )
    from fitcoach.interfaces.bot import mount_webhook, webhook_url

    _quiet_http_logs()
    # The app's own bus: with ``serve --simulate`` the vitals worker publishes alerts on it.
    application = _application(s, polling=False, bus=getattr(app.state, "bus", None))
    mount_webhook(
        app, application, s.telegram_webhook_url, s.telegram_webhook_secret.get_secret_value()
    )
    return webhook_url(s.telegram_webhook_url)


def telegram_code(athlete: str = ATHLETE) -> None:
    """A one-time code (10 minutes) that links a Telegram chat to an athlete.

    The athlete sends `/link CODE` to the bot. Athletes get their own codes on the web page
    Connect Telegram; this is the operator's way.

    Example: fitcoach athlete telegram-code -a alex@example.org
    """
    from fitcoach.services import telegram as links

    with service_context() as ctx:
        issued = links.create_link_code(ctx, athlete_id(ctx, athlete))
    console.print(
        f"code [bold]{issued.code}[/] (works once, until {issued.expires_at:%H:%M} UTC): "
        f"send /link {issued.code} to the bot",
        highlight=False,
    )
