"""The chat page: the conversation with the coach, phone-first.

The history is rendered here; ``static/chat.js`` sends a message to the JSON API's stream
(``POST /api/v1/athletes/{id}/chat/stream`` with the session cookie and the CSRF header) and
shows the answer as it arrives, the tools the coach called, and approve / reject buttons for a
plan version the answer proposed (the plan API's approve and reject routes). A coach or an
admin reads the conversation; only the athlete writes in it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from fastapi.responses import HTMLResponse

from fitcoach.assistant import conversations
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
    return web.page(
        "chat.html",
        f"{athlete.name}: coach chat",
        athlete,
        messages=shown,
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
