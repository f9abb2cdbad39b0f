"""The chat page: over HTTP (history, who may write, CSRF, paging) and in Chromium (a message
typed, the answer streamed, a proposed plan change approved)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

from fastapi.testclient import TestClient
from tests.assistant.test_conversations import Recorder
from tests.factories import as_subject, make_athlete
from tests.web.conftest import Live, Site, login, shot, signed_in

from fitcoach.assistant import conversations
from fitcoach.assistant.registry import ToolContext, ToolResult
from fitcoach.assistant.reply import Reply, ToolCall, Turn
from fitcoach.core.domain import Role
from fitcoach.services import accounts, athletes, plans
from fitcoach.storage.access import Subject


def _data(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="chat-data">(.*?)</script>', html)
    assert found, html[:2000]
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def _athlete_ctx(site: Site) -> Any:
    account = accounts.account_for(site.ctx, site.email)
    return as_subject(site.ctx, Subject(account_id=account.id, role=Role.athlete))


class Proposer:
    """An assistant whose answer proposes a stored plan version (the page shows its buttons)."""

    def __init__(self, version: int) -> None:
        self.version = version

    def _reply(self) -> Reply:
        result = ToolResult(
            "propose_plan_edit",
            ok=True,
            summary="Session length changed",
            proposed_version=self.version,
        )
        return Reply(
            text=f"I proposed plan version {self.version}; approve it to put it in force.",
            intent="edit_plan",
            source="offline",
            tool_calls=[ToolCall("propose_plan_edit", {"op": "set_session_minutes"}, result)],
            proposed_version=self.version,
        )

    def reply(
        self, tctx: ToolContext, text: str, *, history: Sequence[Turn] = (), memory: str = ""
    ) -> Reply:
        return self._reply()

    def stream(
        self, tctx: ToolContext, text: str, *, history: Sequence[Turn] = (), memory: str = ""
    ) -> Iterator[str | Reply]:
        yield self._reply()


def test_the_page_shows_the_history_and_the_message_box(site: Site) -> None:
    url = f"/athletes/{site.athlete_id}/chat"
    empty = site.client.get(url)
    assert empty.status_code == 200
    assert 'id="chat-empty"' in empty.text
    assert 'id="chat-form"' in empty.text
    assert f'href="{url}" aria-current="page">Chat</a>' in empty.text  # the menu, marked
    config = _data(empty.text)
    assert config["stream"] == f"/api/v1/athletes/{site.athlete_id}/chat/stream"

    # Without the CSRF header the browser session may not chat; with it, it may.
    stream = config["stream"]
    assert site.client.post(stream, json={"text": "weight 72.4"}).status_code == 403
    headers = {"X-CSRF-Token": site.csrf(url)}
    sent = site.client.post(stream, json={"text": "weight 72.4"}, headers=headers)
    assert sent.status_code == 200, sent.text
    assert "event: reply" in sent.text

    page = site.client.get(url)
    assert 'id="chat-empty"' not in page.text
    assert page.text.count('class="msg user"') == 1
    assert page.text.count('class="msg assistant') == 1
    assert "weight 72.4" in page.text
    # The athlete reads what was done in words: no tool's name, no "offline" badge.
    assert "<code>" not in page.text
    assert "log_daily_metrics" not in page.text
    assert "· offline" not in page.text
    assert "· on the web" in page.text
    # The operator sees which tool ran and where the answer came from.
    athletes.create_staff_account(site.ctx, "ops@example.org", "Ops", Role.admin)
    site.ctx.session.commit()
    site.account("ops@example.org")
    admin = TestClient(site.client.app)
    assert login(admin, "ops@example.org", "correct horse battery").status_code == 303
    debug = admin.get(url).text
    assert "<code>log_daily_metrics</code>" in debug
    assert "· offline" in debug


def test_a_proposed_version_gets_approve_and_reject_buttons(site: Site) -> None:
    proposed = plans.propose_edit(
        site.ctx, site.athlete_id, {"op": "set_session_minutes", "minutes": 30}
    )
    assert proposed.status == "proposed"
    assert proposed.version is not None
    conversations.chat(
        _athlete_ctx(site),
        site.athlete_id,
        "make it 30 minutes",
        channel="web",
        assistant=Proposer(proposed.version),
    )
    site.ctx.session.commit()
    url = f"/athletes/{site.athlete_id}/chat"
    html = site.client.get(url).text
    assert f'data-version="{proposed.version}"' in html
    assert 'data-decide="approve"' in html
    assert 'data-decide="reject"' in html
    # Once decided, the message links the plan instead.
    plans.reject(site.ctx, site.athlete_id, proposed.version)
    site.ctx.session.commit()
    html = site.client.get(url).text
    assert 'data-decide="approve"' not in html
    assert f"Plan version {proposed.version} was proposed." in html


def test_a_coach_reads_without_a_message_box_and_others_get_not_found(site: Site) -> None:
    conversations.chat(
        _athlete_ctx(site), site.athlete_id, "slept 7 hours", channel="telegram",
        assistant=Recorder(),
    )  # fmt: skip
    coach_id = athletes.create_staff_account(site.ctx, "coach@example.org", "Coach", Role.coach)
    athletes.link_coach(site.ctx, coach_id, site.athlete_id)
    other = make_athlete(site.ctx)
    site.ctx.session.commit()
    site.account("coach@example.org")
    site.client.cookies.clear()
    assert login(site.client, "coach@example.org", "correct horse battery").status_code == 303
    page = site.client.get(f"/athletes/{site.athlete_id}/chat")
    assert page.status_code == 200
    assert "slept 7 hours" in page.text
    assert "· via Telegram" in page.text
    assert 'id="chat-form"' not in page.text
    assert "can read the conversation" in page.text
    assert site.client.get(f"/athletes/{other.id}/chat").status_code == 404


def test_long_histories_are_paged(site: Site) -> None:
    mine = _athlete_ctx(site)
    for n in range(27):  # 54 messages: one page of 50 and an earlier one
        conversations.chat(mine, site.athlete_id, f"note {n}", channel="web", assistant=Recorder())
    site.ctx.session.commit()
    url = f"/athletes/{site.athlete_id}/chat"
    latest = site.client.get(url).text
    assert latest.count('class="msg ') == 50
    assert "note 2<" in latest
    assert "note 1<" not in latest
    earlier = re.search(r'href="\?before=(\d+)">Earlier messages', latest)
    assert earlier
    older = site.client.get(f"{url}?before={earlier.group(1)}").text
    assert older.count('class="msg ') == 4
    assert "note 0<" in older
    assert "Latest messages" in older
    assert "Earlier messages" not in older


def test_chat_in_the_browser_streams_the_answer(page: Any, live: Live) -> None:
    signed_in(page, live, f"/athletes/{live.athlete_id}/chat")
    page.fill("#chat-text", "slept 7 hours")
    page.press("#chat-text", "Enter")
    answer = page.locator(".msg.assistant:not(.pending)").last
    answer.locator(".meta").wait_for()
    assert page.locator(".msg.user").last.inner_text().startswith("slept 7 hours")
    said = answer.locator(".text").inner_text()
    assert "7" in said
    # What was done is in the answer's words: no tool's name, no "offline" badge.
    assert answer.locator("code").count() == 0
    assert answer.locator(".meta").inner_text().endswith("· on the web")
    assert page.locator("#chat-error").is_hidden()
    assert page.locator("#chat-text").input_value() == ""
    shot(page, "chat-phone-slept")
    # The answer was stored: it is there after a reload.
    page.reload()
    assert said in page.locator(".msg.assistant").last.inner_text()


def test_a_proposed_change_is_approved_from_the_chat(page: Any, live: Live) -> None:
    for ctx in live.context():
        proposed = plans.propose_edit(
            ctx, live.athlete_id, {"op": "set_session_minutes", "minutes": 45}
        )
    assert proposed.version is not None
    live.app.state.assistant, kept = Proposer(proposed.version), live.app.state.assistant
    try:
        signed_in(page, live, f"/athletes/{live.athlete_id}/chat")
        page.fill("#chat-text", "make it 45 minutes")
        page.click("#chat-send")
        decide = page.locator(f'.decide[data-version="{proposed.version}"]').last
        # What the version changes, in sentences, above its buttons (read from the plan pages).
        changes = page.locator(".msg.assistant ul.changes").last
        changes.wait_for()
        assert "sessions of 60 → 45 min" in changes.inner_text()
        decide.locator("button[data-decide=approve]").click()
        decide.locator("text=is now your plan").wait_for()
        shot(page, "chat-phone-approved")
    finally:
        live.app.state.assistant = kept
    for ctx in live.context():
        assert plans.current(ctx, live.athlete_id).version == proposed.version
