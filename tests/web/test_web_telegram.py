"""The Connect Telegram page: a one-time code shown once, used in the bot, chats disconnected."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from telegram import Update
from tests.factories import make_athlete
from tests.interfaces.bot.conftest import TOKEN, ScriptedAssistant, settings_for
from tests.interfaces.bot.fake_telegram import FakeTelegram, message_update
from tests.web.conftest import Site

from fitcoach.interfaces.bot import build_application
from fitcoach.services import telegram as links

pytestmark = pytest.mark.parametrize("database", ["sqlite"], indirect=True)
CODE = re.compile(r'id="telegram-code"><strong[^>]*>([A-Z0-9]{8})</strong>')
CHAT = 8001


def _code(site: Site) -> str:
    page = site.client.post(
        f"/athletes/{site.athlete_id}/telegram/code",
        data={"csrf_token": site.csrf(f"/athletes/{site.athlete_id}/telegram")},
    )
    assert page.status_code == 200, page.text
    assert page.headers["cache-control"] == "no-store"
    found = CODE.search(page.text)
    assert found, page.text
    assert f"/link {found.group(1)}" in page.text
    return found.group(1)


def test_a_code_from_the_page_links_the_bot(site: Site, database: Any) -> None:
    page = site.client.get(f"/athletes/{site.athlete_id}/telegram")
    assert page.status_code == 200
    assert "Get a link code" in page.text
    assert "No chat is connected yet" in page.text
    assert f'href="/athletes/{site.athlete_id}/telegram"' in page.text  # in the menu
    code = _code(site)

    fake = FakeTelegram(TOKEN).start()

    async def converse() -> None:
        app = build_application(
            settings_for(database, fake), database.factory, ScriptedAssistant(), clock=site.clock
        )
        await app.initialize()
        for text in (f"/link {code}", "/today"):
            data = {"update_id": fake.next_update_id(), **message_update(CHAT, text)}
            await app.process_update(Update.de_json(data, app.bot))
        await app.shutdown()

    try:
        # A thread of its own: a browser test in this worker may have left Playwright's event
        # loop running in the main thread.
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, converse()).result()
    finally:
        fake.stop()
    answers = [c.text for c in fake.sent("sendMessage", CHAT)]
    assert answers[0].startswith("Connected")
    assert "Fri 20 Nov" in answers[1]

    listed = site.client.get(f"/athletes/{site.athlete_id}/telegram")
    assert str(CHAT) in listed.text
    gone = site.client.post(
        f"/athletes/{site.athlete_id}/telegram/unlink",
        data={"csrf_token": site.csrf(), "chat_id": str(CHAT)},
        follow_redirects=False,
    )
    assert gone.status_code == 303
    assert links.chat_link(site.ctx, CHAT) is None


def test_the_page_refuses_without_csrf_and_for_other_athletes(site: Site) -> None:
    refused = site.client.post(f"/athletes/{site.athlete_id}/telegram/code", data={})
    assert refused.status_code == 403
    other = make_athlete(site.ctx)
    site.ctx.session.commit()
    assert site.client.get(f"/athletes/{other.id}/telegram").status_code == 404
    stolen = site.client.post(
        f"/athletes/{other.id}/telegram/code", data={"csrf_token": site.csrf()}
    )
    assert stolen.status_code == 404
    bad = site.client.post(
        f"/athletes/{site.athlete_id}/telegram/unlink",
        data={"csrf_token": site.csrf(), "chat_id": "12345"},
    )
    assert bad.status_code == 422
    assert "not connected" in bad.text


def test_the_page_sets_the_morning_check_in_reminders_hour(site: Site) -> None:
    """The reminder's hour, chosen on the web, is the chat's (the athlete's own time zone);
    empty turns it off; a chat of another athlete is refused."""
    links.link_new_athlete(site.ctx, site.athlete_id, CHAT)
    site.ctx.session.commit()
    page = site.client.get(f"/athletes/{site.athlete_id}/telegram").text
    assert "Morning check-in reminder" in page
    path = f"/athletes/{site.athlete_id}/telegram/morning"
    done = site.client.post(
        path,
        data={"csrf_token": site.csrf(), "chat_id": str(CHAT), "morning_at": "06:15"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    site.ctx.session.expire_all()
    link = links.chat_link(site.ctx, CHAT)
    assert link is not None
    assert (link.morning_at, link.notify_readiness) == ("06:15", True)
    assert 'value="06:15"' in site.client.get(f"/athletes/{site.athlete_id}/telegram").text
    off = site.client.post(
        path, data={"csrf_token": site.csrf(), "chat_id": str(CHAT), "morning_at": ""}
    )
    assert off.status_code == 200
    site.ctx.session.expire_all()
    link = links.chat_link(site.ctx, CHAT)
    assert link is not None
    assert link.notify_readiness is False
    bad = site.client.post(
        path, data={"csrf_token": site.csrf(), "chat_id": str(CHAT), "morning_at": "25:99"}
    )
    assert bad.status_code == 422
    assert "write it as HH:MM" in bad.text
    other = make_athlete(site.ctx)
    links.link_new_athlete(site.ctx, other.id, CHAT + 1)
    site.ctx.session.commit()
    refused = site.client.post(
        path, data={"csrf_token": site.csrf(), "chat_id": str(CHAT + 1), "morning_at": "06:00"}
    )
    assert refused.status_code == 422
    assert "not connected to this athlete" in refused.text
