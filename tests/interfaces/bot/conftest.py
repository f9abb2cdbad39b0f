"""The bot under test: the real python-telegram-bot ``Application`` against ``FakeTelegram``.

``bot`` builds the application over the test database with the Bot API's base URL pointing at
the fake server, initialises it (``getMe`` over real HTTP) and drives updates through
``Application.process_update`` on an event loop of its own; every send goes over HTTP to the
fake, which records it. ``ScriptedAssistant`` stands in for the assistant where a test needs a
proposal deterministically: it proposes a real plan change through the coach services.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

import pytest
from telegram import Update
from telegram.ext import Application
from tests.conftest import Database
from tests.factories import log_weeks, make_athlete
from tests.interfaces.bot.fake_telegram import Call, FakeTelegram, message_update

from fitcoach.assistant.registry import ToolContext
from fitcoach.assistant.reply import Reply, Turn
from fitcoach.core.clock import FixedClock
from fitcoach.core.settings import Settings
from fitcoach.ingest.bus import Bus, InMemoryBus
from fitcoach.interfaces.bot import build_application
from fitcoach.interfaces.bot.ratelimit import RateLimiter
from fitcoach.services import plans
from fitcoach.services import telegram as links
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject

TOKEN = "123456:TEST-token-for-the-fake-server"
T = TypeVar("T")


@dataclass
class ScriptedAssistant:
    """Proposes skipping the next session when asked to "skip"; otherwise echoes an intent."""

    seen: list[tuple[int, str]] = field(default_factory=list)

    def reply(
        self, tctx: ToolContext, text: str, *, history: Sequence[Turn] = (), memory: str = ""
    ) -> Reply:
        self.seen.append((tctx.athlete_id, text))
        if "skip" in text.lower():
            result = plans.propose_edit(
                tctx.service,
                tctx.athlete_id,
                {"op": "skip_session", "session": "w1s2"},
                proposed_by="assistant",
            )
            return Reply(
                text=f"I can skip session w1s2; approve version {result.version}?",
                intent="move_session",
                source="offline",
                proposed_version=result.version,
            )
        return Reply(
            text=f"scripted answer to {len(text)} characters", intent="unknown", source="offline"
        )

    def stream(
        self, tctx: ToolContext, text: str, *, history: Sequence[Turn] = (), memory: str = ""
    ) -> Iterator[str | Reply]:
        yield self.reply(tctx, text, history=history, memory=memory)


def settings_for(database: Database, fake: FakeTelegram, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database.url,
        "telegram_bot_token": TOKEN,
        "telegram_base_url": fake.base_url,
        "telegram_messages_per_minute": 20,
        **extra,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@dataclass
class Bot:
    """The application, the fake server, the loop it runs on, and an operator context."""

    app: Application  # type: ignore[type-arg]
    fake: FakeTelegram
    loop: asyncio.AbstractEventLoop
    database: Database
    clock: FixedClock
    bus: Bus

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(coro)

    def update(self, data: dict[str, Any]) -> list[Call]:
        """Process one update through the real application; the calls it made."""
        before = len(self.fake.calls)
        data = {"update_id": self.fake.next_update_id(), **data}
        self.run(self.app.process_update(Update.de_json(data, self.app.bot)))
        return self.fake.calls[before:]

    def say(self, chat_id: int, text: str | None = None, **extra: Any) -> list[str]:
        """Send a message from ``chat_id``; the texts the bot answered with."""
        calls = self.update(message_update(chat_id, text, **extra))
        return [c.text for c in calls if c.method in ("sendMessage", "sendPhoto")]

    def operator(self) -> ServiceContext:
        """A fresh operator context on the test database (commit to make writes visible)."""
        return ServiceContext(self.database.factory(), Subject.system(), self.clock)


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    server = FakeTelegram(TOKEN).start()
    yield server
    server.stop()


@pytest.fixture
def assistant() -> ScriptedAssistant:
    return ScriptedAssistant()


@pytest.fixture
def bot(database: Database, fake: FakeTelegram, clock: FixedClock, assistant: Any) -> Iterator[Bot]:
    loop = asyncio.new_event_loop()
    bus = InMemoryBus()
    app = build_application(
        settings_for(database, fake),
        database.factory,
        assistant,
        bus,
        clock=clock,
        limiter=RateLimiter(20),
    )
    loop.run_until_complete(app.initialize())
    try:
        yield Bot(app, fake, loop, database, clock, bus)
    finally:
        loop.run_until_complete(app.shutdown())
        loop.close()


def linked_athlete(bot: Bot, chat: int) -> int:
    """An athlete with three weeks of squats and a plan, linked to the Telegram ``chat``."""
    ctx = bot.operator()
    athlete = make_athlete(ctx)
    log_weeks(ctx, athlete.id, bot.clock.now() - timedelta(weeks=3), 3)
    plans.generate(ctx, athlete.id, start=bot.clock.now().date())
    links.link_new_athlete(ctx, athlete.id, chat)
    ctx.session.commit()
    ctx.session.close()
    return athlete.id
