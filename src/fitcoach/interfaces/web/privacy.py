"""Privacy: the athlete's consent per purpose, with the text they agree to, and its history;
and the deletion of their account with everything in it.

Everyone who may see the athlete reads the page; only the athlete themself gets the form (the
service refuses anyone else with 403). The form sends every purpose: an unticked box is a
withdrawal, and a purpose whose state does not change gets no new record. Deleting the account
is the athlete's own (``athletes.delete_athlete``): a page says what goes and asks for the
password again (counted against the sign-in rate limit), then the browser is signed out.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fitcoach.core.domain import Role
from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.interfaces.api import sessions as web_session
from fitcoach.interfaces.api.auth import limiter_of, login_keys
from fitcoach.interfaces.api.deps import MAX_ID
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.web.render import Web, WebDep, WebRoute
from fitcoach.services import accounts, athletes, consent

router = IndexedRouter(route_class=WebRoute, include_in_schema=False)

AthleteId = Annotated[int, Path(ge=1, le=MAX_ID)]
LABELS = {
    "training_logs": "Store my training logs",
    "sensor_data": "Store my sensor and wearable data",
    "coach_sharing": "Share my data with my linked coach",
    "model_training": "Use my anonymised data to train models",
}


def _page(web: Web, athlete_id: int) -> HTMLResponse:
    athlete = web.athlete(athlete_id)
    return web.page(
        "privacy.html",
        "Privacy",
        athlete,
        states=consent.current(web.ctx, athlete_id),
        history=list(reversed(consent.history(web.ctx, athlete_id))),
        consent_version=consent.consent_text().version,
        labels=LABELS,
        editable=web.role == Role.athlete,
        deletable=web.role == Role.athlete and web.own_athlete_id == athlete_id,
        saved=web.request.query_params.get("done") == "saved",
    )


@router.get("/athletes/{athlete_id}/privacy")
def privacy_page(athlete_id: AthleteId, web: WebDep) -> HTMLResponse:
    """Each purpose: granted or not, since when, under which text version; and the history."""
    return _page(web, athlete_id)


@router.post("/athletes/{athlete_id}/privacy")
async def save(athlete_id: AthleteId, web: WebDep) -> Response:
    """Record the athlete's choices (ticked: granted, unticked: withdrawn)."""
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    web.athlete(athlete_id)
    decisions = {p.value: form.get(p.value) == "on" for p in consent.PURPOSES}
    consent.set_many(web.ctx, athlete_id, decisions)
    return RedirectResponse(f"/athletes/{athlete_id}/privacy?done=saved", status_code=303)


def _own(web: Web, athlete_id: int) -> None:
    """Only the athlete deletes their own account here (an admin uses the command line)."""
    if web.role != Role.athlete or web.own_athlete_id != athlete_id:
        raise NotFound("only the athlete deletes their own account")


def _delete_page(
    web: Web, athlete_id: int, error: str | None = None, status: int = 200
) -> HTMLResponse:
    response = web.page(
        "delete_account.html", "Delete my account", web.athlete(athlete_id), error=error
    )
    response.status_code = status
    if status >= 400:
        web.request.state.failed = True
    return response


@router.get("/athletes/{athlete_id}/privacy/delete")
def delete_account_page(athlete_id: AthleteId, web: WebDep) -> HTMLResponse:
    """What deleting the account removes, and the password asked again to do it."""
    _own(web, athlete_id)
    return _delete_page(web, athlete_id)


@router.post("/athletes/{athlete_id}/privacy/delete")
async def delete_account(athlete_id: AthleteId, web: WebDep) -> Response:
    """Delete the account and everything in it, then sign the browser out."""
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    _own(web, athlete_id)
    limiter = limiter_of(web.request)
    keys = login_keys(web.request, web.email)
    limiter.check(*keys)
    try:
        accounts.check_own_password(web.ctx, str(form.get("password", "")))
    except InvalidInput as exc:
        limiter.fail(*keys)
        return _delete_page(web, athlete_id, error=exc.message, status=422)
    limiter.succeed(keys[0])
    athletes.delete_athlete(web.ctx, athlete_id, bus=web.request.app.state.bus)
    response = web.page("account_deleted.html", "Account deleted", None)
    web_session.end_session(web.request, response, web.ctx)
    return response
