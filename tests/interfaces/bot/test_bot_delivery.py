"""Proactive messages (sensor alerts, morning readiness, weekly report), the webhook route and
real polling (getUpdates) end to end."""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from telegram.request import HTTPXRequest
from tests.conftest import Database
from tests.factories import make_athlete
from tests.interfaces.bot.conftest import Bot, ScriptedAssistant, settings_for
from tests.interfaces.bot.fake_telegram import FakeTelegram, message_update

from fitcoach.core.clock import FixedClock
from fitcoach.ingest.bus import InMemoryBus
from fitcoach.ingest.producers import STREAM_ALERTS
from fitcoach.interfaces.bot import WEBHOOK_PATH, build_application, mount_webhook
from fitcoach.interfaces.bot import app as bot_app
from fitcoach.interfaces.bot.proactive import forward_alerts, send_scheduled
from fitcoach.interfaces.bot.runtime import SERVICES_KEY, BotServices
from fitcoach.interfaces.bot.webhook import SECRET_HEADER
from fitcoach.services import plans
from fitcoach.services import telegram as links
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject

pytestmark = pytest.mark.parametrize("database", ["sqlite"], indirect=True)
CHAT = 7001
SECRET = "a-webhook-secret-of-some-length"


def _linked(bot: Bot, chat_id: int = CHAT, *, plan: bool = True) -> int:
    ctx = bot.operator()
    athlete = make_athlete(ctx)
    if plan:
        plans.generate(ctx, athlete.id, start=bot.clock.now().date())
    links.link_new_athlete(ctx, athlete.id, chat_id)
    ctx.session.commit()
    ctx.session.close()
    return athlete.id


def _alert(athlete_id: int, at: datetime, state: str = "raised") -> dict[str, Any]:
    return {
        "athlete_id": athlete_id,
        "recording_key": "r1",
        "at": at.isoformat(),
        "kind": "spo2_low",
        "severity": "critical",
        "state": state,
        "value": 86.0,
        "message": "SpO2 estimate 86 % below 90 % for 10 s",
    }


def _services(bot: Bot) -> BotServices:
    found = bot.app.bot_data[SERVICES_KEY]
    assert isinstance(found, BotServices)
    return found


def test_sensor_alerts_go_to_the_athletes_chat_once(bot: Bot) -> None:
    mine = _linked(bot, plan=False)
    other = _linked(bot, CHAT + 1, plan=False)
    svc = _services(bot)
    bot.bus.ensure_group(svc.alerts_stream, svc.alerts_group)
    now = bot.clock.now()
    bot.bus.publish(STREAM_ALERTS, _alert(mine, now - timedelta(hours=2)))  # stale: not sent
    bot.bus.publish(STREAM_ALERTS, _alert(mine, now))
    bot.bus.publish(STREAM_ALERTS, _alert(mine, now, state="cleared"))
    bot.bus.publish(STREAM_ALERTS, {"garbage": True})
    assert bot.run(forward_alerts(bot.app, svc)) == 1
    sent = bot.fake.sent("sendMessage")
    assert [c.chat_id for c in sent] == [CHAT]
    assert "Sensor alert: SpO2 estimate 86 %" in sent[0].text
    assert "get medical help" in sent[0].text
    assert bot.run(forward_alerts(bot.app, svc)) == 0  # acked: not again
    assert bot.bus.pending(svc.alerts_stream, svc.alerts_group) == {}  # type: ignore[attr-defined]
    # The other athlete turned alerts off: nothing reaches their chat.
    ctx = bot.operator()
    links.set_preferences(ctx, CHAT + 1, alerts=False)
    ctx.session.commit()
    ctx.session.close()
    bot.bus.publish(STREAM_ALERTS, _alert(other, now))
    assert bot.run(forward_alerts(bot.app, svc)) == 0


def test_morning_readiness_once_a_day_at_the_chats_time(bot: Bot) -> None:
    _linked(bot)
    svc = _services(bot)
    early = datetime(2026, 11, 20, 7, 0, tzinfo=UTC)
    assert bot.run(send_scheduled(bot.app, svc, early)) == {"morning": 0, "weekly": 0}
    later = datetime(2026, 11, 20, 7, 45, tzinfo=UTC)
    assert bot.run(send_scheduled(bot.app, svc, later)) == {"morning": 1, "weekly": 0}
    text = bot.fake.sent("sendMessage", CHAT)[0].text
    assert text.startswith("Good morning! No check-in yet — how do you feel?")  # asked, no score
    assert bot.run(send_scheduled(bot.app, svc, later + timedelta(hours=3)))["morning"] == 0


def test_the_check_in_reminder_comes_at_the_athletes_own_hour_with_its_buttons(bot: Bot) -> None:
    """An athlete in New York who chose 06:30: nothing at 06:20 their time, then the check-in's
    first question with one button per answer at 06:35 (11:35 UTC), once; a tap answers it.
    The next morning, already checked in, the message is readiness led by what was said."""
    from fitcoach.services import athletes, training_log

    ctx = bot.operator()
    athlete = athletes.create_athlete(
        ctx, {"name": "Nora", "email": "nora@example.org", "timezone": "America/New_York"}
    )
    links.link_new_athlete(ctx, athlete.id, CHAT)
    links.set_preferences(ctx, CHAT, morning_at="06:30")
    ctx.session.commit()
    ctx.session.close()
    svc = _services(bot)
    before = datetime(2026, 11, 20, 11, 20, tzinfo=UTC)  # 06:20 in New York
    assert bot.run(send_scheduled(bot.app, svc, before))["morning"] == 0
    at = datetime(2026, 11, 20, 11, 35, tzinfo=UTC)
    assert bot.run(send_scheduled(bot.app, svc, at))["morning"] == 1
    sent = bot.fake.sent("sendMessage", CHAT)[0]
    assert sent.text.startswith("Good morning! No check-in yet — how do you feel?")
    assert "/100" not in sent.text
    markup = sent.reply_markup
    assert markup is not None
    assert [b["callback_data"] for b in markup["inline_keyboard"][0]] == [
        f"ci:energy:{v}" for v in range(1, 6)
    ]
    assert bot.run(send_scheduled(bot.app, svc, at + timedelta(hours=1)))["morning"] == 0
    # Answered the next morning before the reminder: the message is readiness instead.
    ctx = bot.operator()
    next_day = {"day": "2026-11-21", "energy": 4, "soreness": 2, "mood": 4}
    training_log.log_daily(ctx, athlete.id, next_day)
    ctx.session.commit()
    ctx.session.close()
    bot.clock.set(datetime(2026, 11, 21, 11, 40, tzinfo=UTC))
    assert bot.run(send_scheduled(bot.app, svc, bot.clock.now()))["morning"] == 1
    text = bot.fake.sent("sendMessage", CHAT)[-1].text
    assert text.startswith("Good morning! Readiness ")
    assert "You said 75/100 in your check-in" in text


def test_weekly_report_on_monday(bot: Bot) -> None:
    _linked(bot)
    svc = _services(bot)
    monday = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    bot.clock.set(monday)
    ctx = bot.operator()
    links.set_preferences(ctx, CHAT, readiness=False)
    ctx.session.commit()
    ctx.session.close()
    assert bot.run(send_scheduled(bot.app, svc, monday)) == {"morning": 0, "weekly": 1}
    photo = bot.fake.sent("sendPhoto", CHAT)[0]
    assert photo.files["photo"].startswith(b"\x89PNG")
    assert photo.params["caption"].startswith("Week 2026-W47")
    assert bot.run(send_scheduled(bot.app, svc, monday + timedelta(hours=1)))["weekly"] == 0


def _wait(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError("timed out")


def test_webhook_route_checks_the_secret_and_answers_updates(
    database: Database, fake: FakeTelegram, clock: FixedClock
) -> None:
    settings = settings_for(
        database,
        fake,
        telegram_webhook_url="https://coach.example.org/",
        telegram_webhook_secret=SECRET,
    )
    application = build_application(
        settings, database.factory, ScriptedAssistant(), None, clock=clock, polling=False
    )

    @asynccontextmanager
    async def api_lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield

    api = FastAPI(lifespan=api_lifespan)
    mount_webhook(api, application, "https://coach.example.org/", SECRET)
    with TestClient(api) as client:
        assert fake.webhook is not None
        assert fake.webhook["url"] == f"https://coach.example.org{WEBHOOK_PATH}"
        assert fake.webhook["secret_token"] == SECRET
        assert [c["command"] for c in fake.commands][:3] == ["today", "plan", "log"]
        update = {"update_id": 1, **message_update(CHAT, "/help")}
        for headers in ({}, {SECRET_HEADER: "wrong"}):
            refused = client.post(WEBHOOK_PATH, json=update, headers=headers)
            assert refused.status_code == 403
            assert refused.json()["error"]["code"] == "permission_denied"
        assert fake.sent("sendMessage") == []
        bad = client.post(WEBHOOK_PATH, content=b"not json", headers={SECRET_HEADER: SECRET})
        assert bad.status_code == 400
        ok = client.post(WEBHOOK_PATH, json=update, headers={SECRET_HEADER: SECRET})
        assert ok.status_code == 200
        sent = fake.wait_for("sendMessage", chat_id=CHAT)
        assert "I am your fitcoach" in sent[0].text


def test_polling_end_to_end_with_alert_job(
    database: Database, fake: FakeTelegram, clock: FixedClock
) -> None:
    """The real Updater polls getUpdates on the fake; the JobQueue forwards an alert."""
    bus = InMemoryBus()
    application = build_application(
        settings_for(database, fake), database.factory, ScriptedAssistant(), bus, clock=clock
    )
    operator = ServiceContext(database.factory(), Subject.system(), clock)
    athlete = make_athlete(operator)
    links.link_new_athlete(operator, athlete.id, CHAT)
    operator.session.commit()
    operator.session.close()

    async def scenario() -> None:
        await application.initialize()
        assert application.post_init is not None
        await application.post_init(application)
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0.0, timeout=1)
        await application.start()
        try:
            fake.queue_update(message_update(CHAT, "/help"))
            fake.queue_update(message_update(CHAT, "how am I doing?"))
            await asyncio.to_thread(fake.wait_for, "sendMessage", 2, 10.0, CHAT)
            bus.publish(STREAM_ALERTS, _alert(athlete.id, clock.now()))
            await asyncio.to_thread(fake.wait_for, "sendMessage", 3, 10.0, CHAT)
        finally:
            await application.updater.stop()
            await application.stop()
            await application.shutdown()

    asyncio.run(scenario())
    texts = [c.text for c in fake.sent("sendMessage", CHAT)]
    assert "I am your fitcoach" in texts[0]
    assert texts[1] == "scripted answer to 15 characters"
    assert texts[2].startswith("🚨 Sensor alert")
    assert fake.commands  # setMyCommands at start


def test_applications_share_one_verifying_tls_context(
    database: Database, fake: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading the CA bundle costs 0.05-0.2 s of CPU: a process loads it once for every bot it
    builds, and the requests keep the builder's defaults and verify certificates."""
    made: list[ssl.SSLContext] = []
    create = httpx.create_ssl_context

    def counting() -> ssl.SSLContext:
        made.append(create())
        return made[-1]

    monkeypatch.setattr(bot_app.httpx, "create_ssl_context", counting)
    bot_app._tls_context.cache_clear()
    try:
        settings = settings_for(database, fake)
        apps = [
            build_application(settings, database.factory, ScriptedAssistant(), polling=polling)
            for polling in (True, False)
        ]
    finally:
        bot_app._tls_context.cache_clear()
    assert len(made) == 1
    assert made[0].verify_mode == ssl.CERT_REQUIRED
    assert made[0].check_hostname
    default = HTTPXRequest()
    for application in apps:
        for request, pool in ((application.bot.request, 256), (application.bot._request[0], 1)):
            assert isinstance(request, HTTPXRequest)
            assert request._client_kwargs["verify"] is made[0]
            assert request._client_kwargs["limits"].max_connections == pool
            assert request._client_kwargs["timeout"] == default._client_kwargs["timeout"]
            assert request._client_kwargs["http1"]
            assert not request._client_kwargs["http2"]
