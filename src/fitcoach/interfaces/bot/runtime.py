"""What every handler shares: the database, the assistant, the clock, and who a chat acts as.

Each update runs in its own unit of work (commit on success, roll back on error), in a worker
thread so the event loop keeps serving other chats while the database or a language model
works. A linked chat acts as the athlete's own account (``Subject`` of role athlete), never as
the operator: the services then scope every query to that athlete. The operator subject is used
only before anyone is known (looking the chat up, redeeming a code, creating a new athlete in
onboarding) and by the proactive jobs to list the linked chats.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from telegram.ext import ContextTypes

from fitcoach.core.clock import Clock, SystemClock
from fitcoach.core.errors import FitcoachError
from fitcoach.core.settings import Settings
from fitcoach.interfaces.bot.ratelimit import RateLimiter
from fitcoach.services import telegram as links
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import Session, sessionmaker, unit_of_work

if TYPE_CHECKING:
    from fitcoach.assistant.conversations import AssistantLike
    from fitcoach.ingest.bus import Bus

T = TypeVar("T")
SERVICES_KEY = "fitcoach"


class NotLinked(FitcoachError):
    """The chat is not linked to an athlete yet."""

    status_code = 401
    code = "not_linked"

    def __init__(self) -> None:
        super().__init__(
            "This chat is not connected to fitcoach yet. Send /start to create your profile, "
            "or /link CODE with a code from Connect Telegram in the fitcoach web app."
        )


@dataclass
class BotServices:
    """The bot's adapters: database sessions, assistant, clock, bus and the rate limiter."""

    settings: Settings
    factory: sessionmaker[Session]
    assistant: AssistantLike
    clock: Clock = field(default_factory=SystemClock)
    bus: Bus | None = None
    limiter: RateLimiter = field(default_factory=RateLimiter)
    alerts_stream: str = "fitcoach:alerts"
    alerts_group: str = "telegram"
    consumer: str = "bot"

    def _operator(self, session: Session) -> ServiceContext:
        return ServiceContext(session=session, subject=Subject.system(), clock=self.clock)

    async def operator(self, fn: Callable[[ServiceContext], T]) -> T:
        """Run ``fn`` in one unit of work as the operator (no athlete is known yet)."""

        def work() -> T:
            with unit_of_work(self.factory) as session:
                return fn(self._operator(session))

        return await asyncio.to_thread(work)

    async def as_athlete(self, chat_id: int, fn: Callable[[ServiceContext, int], T]) -> T:
        """Run ``fn(ctx, athlete_id)`` in one unit of work as the chat's athlete.

        ``NotLinked`` when the chat is not linked (or its account is disabled).
        """

        def work() -> T:
            with unit_of_work(self.factory) as session:
                link = links.chat_link(self._operator(session), chat_id)
                if link is None:
                    raise NotLinked
                ctx = ServiceContext(session=session, subject=link.subject, clock=self.clock)
                return fn(ctx, link.athlete_id)

        return await asyncio.to_thread(work)

    async def link_of(self, chat_id: int) -> links.ChatLink | None:
        """The chat's link, if any."""
        return await self.operator(lambda ctx: links.chat_link(ctx, chat_id))


def services(context: ContextTypes.DEFAULT_TYPE | Any) -> BotServices:
    """The ``BotServices`` stored on the application."""
    found = context.application.bot_data[SERVICES_KEY]
    assert isinstance(found, BotServices)
    return found
