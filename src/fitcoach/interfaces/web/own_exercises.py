"""Exercises: the athlete's own exercises (names the library lacks, kept as theirs at an
import or here), each with its pattern, equipment and muscles, changed or deleted here; and
a form to keep a new one, what is left empty being suggested from its name.

Every action goes through ``services.own_exercises`` (scoped to the athlete in the path); a
refused change shows the page again with the problem in words, and changes nothing."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import Path
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.own_exercises import UNKNOWN
from fitcoach.core.errors import Conflict, InvalidInput, NotFound
from fitcoach.interfaces.api.deps import MAX_ID
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.web.render import Web, WebDep, WebRoute
from fitcoach.services import own_exercises

AthleteId = Annotated[int, Path(ge=1, le=MAX_ID)]
SlugPath = Annotated[str, Path(min_length=1, max_length=80)]
FIELDS = ("name", "movement_pattern", "equipment", "primary_muscles", "secondary_muscles")

router = IndexedRouter(route_class=WebRoute, include_in_schema=False)


def _page(
    web: Web,
    athlete_id: int,
    *,
    errors: list[str] | None = None,
    typed: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    athlete = web.athlete(athlete_id)
    response = web.page(
        "exercises.html",
        "Exercises",
        athlete,
        own=own_exercises.listed(web.ctx, athlete_id),
        patterns=(UNKNOWN, *vocab.MOVEMENT_PATTERNS),
        # As a person writes them; what is typed back is read as the vocabulary (``_words``).
        equipment_words=", ".join(w.replace("_", " ") for w in vocab.EQUIPMENT),
        muscle_words=", ".join(w.replace("_", " ") for w in vocab.MUSCLES),
        unknown=UNKNOWN,
        errors=errors or [],
        typed=typed or {},
        done=web.request.query_params.get("done", "")[:20],
    )
    response.status_code = status
    if status >= 400:
        web.request.state.failed = True
    return response


def _words(text: str) -> list[str]:
    """A comma-separated field as vocabulary words ("upper back, lats" → upper_back, lats);
    "none" or "bodyweight" is no equipment."""
    items = [w.strip().lower().replace(" ", "_") for w in text.split(",") if w.strip()]
    return [] if items in (["none"], ["bodyweight"]) else items


def _typed(form: FormData) -> dict[str, str]:
    return {k: str(form.get(k, "")).strip()[:200] for k in FIELDS}


def _changes(typed: dict[str, str]) -> dict[str, Any]:
    """The fields typed (empty: left as they are, or suggested for a new one)."""
    out: dict[str, Any] = {}
    if typed["name"]:
        out["name"] = typed["name"]
    if typed["movement_pattern"]:
        out["movement_pattern"] = typed["movement_pattern"]
    for key in ("equipment", "primary_muscles", "secondary_muscles"):
        if typed[key]:
            out[key] = _words(typed[key])
    return out


@router.get("/athletes/{athlete_id}/exercises")
def exercises_page(athlete_id: AthleteId, web: WebDep) -> HTMLResponse:
    """The athlete's own exercises, and the form to keep a new one."""
    return _page(web, athlete_id)


@router.post("/athletes/{athlete_id}/exercises")
async def keep(athlete_id: AthleteId, web: WebDep) -> Response:
    """Keep a name as an own exercise; what is left empty is suggested from its name."""
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    web.athlete(athlete_id)
    typed = _typed(form)
    if not typed["name"]:
        return _page(web, athlete_id, errors=["Name the exercise."], typed=typed, status=422)
    draft = replace(own_exercises.suggest(typed["name"]), **_changes(typed))
    try:
        own_exercises.add(web.ctx, athlete_id, draft)
    except (InvalidInput, Conflict) as exc:
        return _page(web, athlete_id, errors=[exc.message], typed=typed, status=422)
    return RedirectResponse(f"/athletes/{athlete_id}/exercises?done=kept", status_code=303)


@router.post("/athletes/{athlete_id}/exercises/{slug}")
async def change(athlete_id: AthleteId, slug: SlugPath, web: WebDep) -> Response:
    """Change an own exercise (its sets stay with it)."""
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    web.athlete(athlete_id)
    try:
        own_exercises.update(web.ctx, athlete_id, slug, **_changes(_typed(form)))
    except (InvalidInput, Conflict) as exc:
        return _page(web, athlete_id, errors=[exc.message], status=422)
    return RedirectResponse(f"/athletes/{athlete_id}/exercises?done=changed", status_code=303)


@router.post("/athletes/{athlete_id}/exercises/{slug}/delete")
async def delete(athlete_id: AthleteId, slug: SlugPath, web: WebDep) -> Response:
    """Delete an own exercise no set is logged under."""
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    web.athlete(athlete_id)
    try:
        own_exercises.delete(web.ctx, athlete_id, slug)
    except (Conflict, NotFound) as exc:
        return _page(web, athlete_id, errors=[exc.message], status=409)
    return RedirectResponse(f"/athletes/{athlete_id}/exercises?done=deleted", status_code=303)
