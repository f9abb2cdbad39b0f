"""Privacy: the athlete's consent per purpose, with the text they agree to, and its history.

Everyone who may see the athlete reads the page; only the athlete themself gets the form (the
service refuses anyone else with 403). The form sends every purpose: an unticked box is a
withdrawal, and a purpose whose state does not change gets no new record.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fitcoach.core.domain import Role
from fitcoach.interfaces.api.deps import MAX_ID
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.web.render import Web, WebDep, WebRoute
from fitcoach.services import consent

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
        version=consent.consent_text().version,
        labels=LABELS,
        editable=web.role == Role.athlete,
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
