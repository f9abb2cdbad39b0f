"""The chat page: the conversation with the coach, phone-first.

The history is rendered here; ``static/chat.js`` sends a message to the JSON API's stream
(``POST /api/v1/athletes/{id}/chat/stream`` with the session cookie and the CSRF header) and
shows the answer as it arrives, what the coach did (in words, folded; the tools' names only
for an admin), and approve / reject buttons for a
plan version the answer proposed (the plan API's approve and reject routes). A coach or an
admin reads the conversation; only the athlete writes in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Path, Query
from fastapi.responses import HTMLResponse

from fitcoach.assistant import conversations
from fitcoach.assistant.conversations import MessageView
from fitcoach.core.domain import Role
from fitcoach.core.errors import NotFound
from fitcoach.interfaces.api.deps import MAX_ID
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.web.plan import version_lines
from fitcoach.interfaces.web.render import WebDep, WebRoute
from fitcoach.services import plans

router = IndexedRouter(route_class=WebRoute, include_in_schema=False)

AthleteId = Annotated[int, Path(ge=1, le=MAX_ID)]
PAGE = 50
# Where a message was written, in words (the stored channel is a code).
CHANNELS = {
    "web": "on the web",
    "telegram": "via Telegram",
    "mcp": "via an assistant app",
    "cli": "at the command line",
}


@dataclass(frozen=True)
class Step:
    """One thing the coach did for a reply, as a person reads it: what it found or changed
    (the tool's own summary, or why it failed). ``tool`` (the registry's name) and ``source``
    are for the operator's eyes only."""

    ok: bool
    text: str
    tool: str | None = None


def steps(message: MessageView, debug: bool) -> list[Step]:
    """What the coach did for ``message`` that its text does not already say; every call,
    with the tools' names, for an admin (``debug``)."""
    out = []
    for call in message.tool_calls:
        said = call.summary or call.error or ""
        if not debug and (not said or said in message.text):
            continue
        text = said or ("done" if call.ok else "it did not work")
        out.append(Step(call.ok, text, call.tool if debug else None))
    return out


@router.get("/athletes/{athlete_id}/chat")
def chat_page(
    athlete_id: AthleteId,
    web: WebDep,
    before: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> HTMLResponse:
    """The last messages (or those before ``?before=``), and the message box for the athlete."""
    athlete = web.athlete(athlete_id)
    found = conversations.messages(web.ctx, athlete_id, limit=PAGE + 1, before_id=before)
    more = len(found) > PAGE
    shown = found[-PAGE:]
    can_chat = web.role == Role.athlete and web.own_athlete_id == athlete_id
    pending = {v.version for v in plans.versions(web.ctx, athlete_id, status="proposed")}
    changes = {}  # what each proposed version changes, in sentences
    for version in dict.fromkeys(m.proposed_version for m in shown if m.proposed_version):
        try:
            view = plans.get_version(web.ctx, athlete_id, version)
        except NotFound:
            continue
        changes[version] = version_lines(web, athlete_id, view)
    debug = web.role == Role.admin
    return web.page(
        "chat.html",
        f"{athlete.name}: coach chat",
        athlete,
        messages=shown,
        steps={m.id: steps(m, debug) for m in shown},
        channels=CHANNELS,
        debug=debug,
        changes=changes,
        earlier=shown[0].id if more else None,
        newer=before is not None,
        can_chat=can_chat,
        pending=pending,
        config={
            "athlete_id": athlete_id,
            "stream": f"/api/v1/athletes/{athlete_id}/chat/stream",
            "plan_versions": f"/api/v1/athletes/{athlete_id}/plan/versions",
            "plan_page": f"/athletes/{athlete_id}/plan",
            "plan_changes": f"/athletes/{athlete_id}/plan/versions",
            "max_chars": conversations.MAX_TEXT,
        },
    )
