"""The history and progress pages: every session, newest first, a page at a time (filtered by
an exercise and by days), the Undo of the last entry, and per exercise its e1RM over time, best
sets and records with charts.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import Query
from fastapi.responses import HTMLResponse, Response

from fitcoach.core.errors import Conflict, InvalidInput, NotFound
from fitcoach.interfaces.web.render import Web, WebDep
from fitcoach.interfaces.web.training_log.forms import _day
from fitcoach.interfaces.web.training_log.views import (
    KIND_WORDS,
    AthleteId,
    _answered,
    _undoable,
    _writable,
    router,
)
from fitcoach.services import training_log

PAGE_SIZE = 20


@router.get("/athletes/{athlete_id}/history")
def history_page(
    athlete_id: AthleteId,
    web: WebDep,
    exercise: Annotated[str, Query(max_length=200)] = "",
    start_text: Annotated[str, Query(alias="from", max_length=40)] = "",
    end_text: Annotated[str, Query(alias="to", max_length=40)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """Every workout and cardio session, newest first, a page at a time; filtered by an
    exercise the athlete has logged and by days. The last entry, while it may be undone."""
    return _history(web, athlete_id, exercise, start_text, end_text, page)


def _history(
    web: Web,
    athlete_id: int,
    exercise: str,
    start_text: str,
    end_text: str,
    page: int,
    *,
    problem: str | None = None,
    undone: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    athlete = web.athlete(athlete_id)
    ctx = web.ctx
    logged = training_log.logged_exercises(ctx, athlete_id)
    errors: list[str] = [problem] if problem else []
    start = _day(start_text, "from", errors)
    end = _day(end_text, "to", errors)
    if start and end and end < start:
        errors.append("to: the last day lies before the first; swap them")
    if exercise and exercise not in {slug for slug, _ in logged}:
        errors.append("exercise: choose one of the exercises you have logged")
    found = None
    if not errors or problem:
        found = training_log.feed(
            ctx,
            athlete_id,
            exercise=exercise or None,
            start=start,
            end=end,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
    elif status == 200:
        status = 422
    pages = max(1, -(-found.total // PAGE_SIZE)) if found else 1
    kept = {"exercise": exercise, "from": start_text.strip(), "to": end_text.strip()}
    query = urlencode({k: v for k, v in kept.items() if v})
    params = web.request.query_params
    response = web.page(
        "history.html",
        "History",
        athlete,
        found=found,
        logged=logged,
        exercise=exercise,
        start=start_text,
        end=end_text,
        page=page,
        pages=pages,
        query=f"&{query}" if query else "",
        errors=errors,
        last=_undoable(web, athlete_id),
        deleted=KIND_WORDS.get(params.get("deleted", "")),
        undone=undone,
        writable=_writable(web),
    )
    return _answered(web, response, status)


@router.post("/athletes/{athlete_id}/undo")
async def undo(athlete_id: AthleteId, web: WebDep) -> Response:
    """Take back the last entry, the one the page showed (its kind and id are in the form),
    and show the history saying what was removed in the chat's words (``said``: the entry is
    gone, so a later page could no longer name it). When another was logged since or the
    window passed, nothing is removed and the history says why; so does sending the form
    again."""
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    web.athlete(athlete_id)
    kind = str(form.get("kind", ""))
    if kind not in training_log.UNDOABLE.values():
        raise InvalidInput("kind: the entry to undo is missing; use the Undo button")
    try:
        entry_id = int(str(form.get("entry_id", "")))
    except ValueError:
        raise InvalidInput("entry_id: the entry to undo is missing; use the Undo button") from None
    try:
        removed = training_log.undo_last(web.ctx, athlete_id, kind, entry_id)  # type: ignore[arg-type]
    except (NotFound, Conflict) as exc:
        return _history(web, athlete_id, "", "", "", 1, problem=exc.message, status=exc.status_code)
    return _history(web, athlete_id, "", "", "", 1, undone=str(removed["said"]))


@router.get("/athletes/{athlete_id}/progress")
def progress_page(
    athlete_id: AthleteId, web: WebDep, exercise: Annotated[str, Query(max_length=200)] = ""
) -> HTMLResponse:
    """Per exercise: e1RM over time and the best sets (heaviest, most reps, biggest volume)
    with charts; every exercise's records."""
    athlete = web.athlete(athlete_id)
    ctx = web.ctx
    records = training_log.records(ctx, athlete_id)
    logged = training_log.logged_exercises(ctx, athlete_id)
    names = dict(logged)
    chosen = exercise or (records[0].exercise if records else (logged[0][0] if logged else ""))
    if chosen and chosen not in names:
        raise NotFound(f"no sets of {exercise!r} logged; choose one of the exercises you logged")
    progress = training_log.exercise_progress(ctx, athlete_id, chosen) if chosen else None
    chart = None
    if progress is not None:
        chart = {
            "name": progress.name,
            "days": [d.day for d in progress.days],
            "e1rm_kg": [round(d.e1rm_kg, 1) for d in progress.days],
            "heaviest_kg": [d.heaviest_kg for d in progress.days],
            "heaviest_reps": [d.heaviest_reps for d in progress.days],
            "volume_kg": [round(d.best_set_volume_kg, 1) for d in progress.days],
            "most_reps": [d.most_reps for d in progress.days],
        }
    return web.page(
        "progress.html",
        f"Progress: {progress.name}" if progress else "Progress",
        athlete,
        records=records,
        names=names,
        logged=logged,
        chosen=chosen,
        progress=progress,
        chart=chart,
    )
