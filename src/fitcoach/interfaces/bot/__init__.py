"""The Telegram bot (python-telegram-bot): onboarding and linking, commands, free text to the
assistant, meal photos, plan approvals, proactive messages; polling (``fitcoach bot``) or a
webhook route the CLI adds to the API app. See docs/telegram.md."""

from __future__ import annotations

from fitcoach.interfaces.bot.app import build_application
from fitcoach.interfaces.bot.webhook import (
    WEBHOOK_PATH,
    mount_webhook,
    webhook_lifespan,
    webhook_router,
    webhook_url,
)

__all__ = [
    "WEBHOOK_PATH",
    "build_application",
    "mount_webhook",
    "webhook_lifespan",
    "webhook_router",
    "webhook_url",
]
