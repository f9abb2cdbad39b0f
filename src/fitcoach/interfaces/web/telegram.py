"""Connect Telegram: a one-time code for the bot, and the chats linked to the athlete.

The code is shown once, in the answer to the POST that made it (never in a URL, so it stays out
of browser history and proxy logs), and lasts ten minutes. Only the athlete themself (or an
admin) can make one: a chat linked with it acts as the athlete's own account.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fitcoach.core.errors import InvalidInput
from fitcoach.interfaces.api.deps import MAX_ID
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.web.render import Web, WebDep, WebRoute
from fitcoach.services import telegram as links

router = IndexedRouter(route_class=WebRoute, include_in_schema=False)

AthleteId = Annotated[int, Path(ge=1, le=MAX_ID)]
MINUTES = int(links.CODE_TTL.total_seconds() // 60)


def _page(web: Web, athlete_id: int, issued: links.IssuedCode | None = None) -> HTMLResponse:
    athlete = web.athlete(athlete_id)
    return web.page(
        "telegram.html",
        "Connect Telegram",
        athlete,
        chats=links.chats(web.ctx, athlete_id),
        issued=issued,
        minutes=MINUTES,
        unlinked=web.request.query_params.get("done") == "unlinked",
        morning_saved=web.request.query_params.get("done") == "morning",
        zone=athlete.timezone,
    )


async def _form(web: Web) -> dict[str, str]:
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    return {k: str(v) for k, v in form.items()}


@router.get("/athletes/{athlete_id}/telegram")
def telegram_page(athlete_id: AthleteId, web: WebDep) -> HTMLResponse:
    """How to connect the bot, and the chats already connected."""
    return _page(web, athlete_id)


@router.post("/athletes/{athlete_id}/telegram/code")
async def new_code(athlete_id: AthleteId, web: WebDep) -> Response:
    """A new one-time code, shown on the page this request answers with."""
    await _form(web)
    issued = links.create_link_code(web.ctx, athlete_id)
    response = _page(web, athlete_id, issued)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/athletes/{athlete_id}/telegram/unlink")
async def unlink(athlete_id: AthleteId, web: WebDep) -> Response:
    """Disconnect one chat of this athlete."""
    form = await _form(web)
    web.athlete(athlete_id)
    try:
        chat_id = int(form.get("chat_id", ""))
    except ValueError:
        raise InvalidInput(
            "chat_id: which chat to disconnect (a number)", field="chat_id"
        ) from None
    if chat_id not in {c.chat_id for c in links.chats(web.ctx, athlete_id)}:
        raise InvalidInput("that chat is not connected to this athlete")
    links.unlink(web.ctx, chat_id)
    return RedirectResponse(f"/athletes/{athlete_id}/telegram?done=unlinked", status_code=303)


@router.post("/athletes/{athlete_id}/telegram/morning")
async def morning(athlete_id: AthleteId, web: WebDep) -> Response:
    """The hour of one chat's morning check-in reminder, in the athlete's own time zone (the
    same setting as ``/notify morning HH:MM`` in the chat); an empty hour turns it off."""
    form = await _form(web)
    web.athlete(athlete_id)
    try:
        chat_id = int(form.get("chat_id", ""))
    except ValueError:
        raise InvalidInput(
            "chat_id: which chat the reminder is for (a number)", field="chat_id"
        ) from None
    if chat_id not in {c.chat_id for c in links.chats(web.ctx, athlete_id)}:
        raise InvalidInput("that chat is not connected to this athlete")
    at = form.get("morning_at", "").strip()
    if at:
        links.set_preferences(web.ctx, chat_id, readiness=True, morning_at=at)
    else:
        links.set_preferences(web.ctx, chat_id, readiness=False)
    return RedirectResponse(f"/athletes/{athlete_id}/telegram?done=morning", status_code=303)
