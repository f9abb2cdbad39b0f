"""Import: bring a training history in (device files and app exports), review the exercise
names fitcoach is not sure of, and take everything out again ("download my data").

The upload goes through the same code as the API's (``interfaces.api.uploads``) and answers
the page with what became of each file; the names held for review are each offered with the library's
suggestions, "leave these sets out" and a field for any library exercise. Choices are checked
together: one that names no library exercise is shown beside its name and nothing is
remembered. The download is the API's zip export (``services.portability``), with its
permission check: whoever may see the athlete may take the export, as with the API.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import Path, Query, Response
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from fitcoach.coach.own_exercises import UNKNOWN
from fitcoach.core.domain import TokenScope
from fitcoach.ingest.files.detect import FORMATS
from fitcoach.interfaces.api.deps import MAX_ID, takes_write_turns, write_turns
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.api.uploads import chosen, import_uploads, limits_of, resume_held
from fitcoach.interfaces.web.render import UploadRoute, Web, WebDep, WebRoute
from fitcoach.services import exercise_names, exercises, imports, portability
from fitcoach.services.imports import ImportSummary
from fitcoach.services.imports.outcome import COUNT_WORDS

AthleteId = Annotated[int, Path(ge=1, le=MAX_ID)]
SKIP = "__skip__"  # the radio button "leave these sets out"
MAX_REVIEW_FIELDS = 500  # as many names as the API takes in one review
LIBRARY_NAMES = 1000  # more than the library holds: every name, for the search field


router = IndexedRouter(route_class=WebRoute, include_in_schema=False)
uploads = IndexedRouter(route_class=UploadRoute, include_in_schema=False)


def counts_text(counts: dict[str, int]) -> str:
    """``{"workouts": 3, "sets": 40}`` → ``3 workouts, 40 sets``."""
    parts = []
    for key, n in counts.items():
        one, many = COUNT_WORDS.get(key, (key, key))
        parts.append(f"{n:,} {one if n == 1 else many}")
    return ", ".join(parts)


def own_words(own: dict[str, Any]) -> str:
    """What "keep as my own exercise" keeps, in words: "horizontal pull · machine · upper
    back, lats" ("pattern not known" where the name says none)."""
    pattern = own.get("movement_pattern") or UNKNOWN
    equipment = list(own.get("equipment") or [])
    muscles = list(own.get("primary_muscles") or [])
    return " · ".join(
        (
            "pattern not known" if pattern == UNKNOWN else str(pattern).replace("_", " "),
            "equipment not known"
            if UNKNOWN in equipment
            else ", ".join(e.replace("_", " ") for e in equipment) or "bodyweight",
            ", ".join(m.replace("_", " ") for m in muscles) or "muscles not known",
        )
    )


def _page(
    web: Web,
    athlete_id: int,
    *,
    result: ImportSummary | None = None,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    athlete = web.athlete(athlete_id)
    held = imports.pending(web.ctx, athlete_id, limits_of(web.request))
    review = held.review
    library = [hit.name for hit in exercises.search(web.ctx, limit=LIBRARY_NAMES)] if review else []
    settings = web.request.app.state.settings
    response = web.page(
        "import.html",
        "Import",
        athlete,
        result=result,
        held=held,
        review=review,
        # Sets per name: the held list keeps only the names; this upload's result counted them.
        sets={r.name: r.sets for r in result.review} if result is not None else {},
        library=library,
        imported=imports.imported_files(web.ctx, athlete_id),
        choices=exercise_names.choices(web.ctx, athlete_id),
        formats=FORMATS.values(),
        max_mib=settings.max_import_bytes / 2**20,
        writable=web.session.scope == TokenScope.write,
        errors=errors or {},
        typed=typed or {},
        skip=SKIP,
        keep_own=imports.KEEP_OWN,
        own_words=own_words,
        counts_text=counts_text,
        dropped=web.request.query_params.get("done") == "dropped",
        taken_back=web.request.query_params.get("done") == "taken-back",
    )
    response.status_code = status
    if status >= 400:
        web.request.state.failed = True  # nothing of the refused form is kept
    return response


@router.get("/athletes/{athlete_id}/import")
def import_page(athlete_id: AthleteId, web: WebDep) -> HTMLResponse:
    """The upload form, the names held for review and the files imported so far."""
    return _page(web, athlete_id)


@uploads.post("/athletes/{athlete_id}/import")
@takes_write_turns
async def upload(athlete_id: AthleteId, web: WebDep) -> Response:
    """Import the chosen files and show what became of each (the page, not a redirect: the
    result is this upload's only). The import takes the write slot a short transaction at a
    time (``write_turns``), not for the whole upload."""
    form = await web.request.form()  # read already, after the sign-in check (``UploadRoute``)
    web.check_csrf(str(form.get("csrf_token", "")))
    turn = await write_turns(web.request)
    # Reading and storing the files takes a while: in a worker thread, not on the event loop.
    return await run_in_threadpool(_upload, web, athlete_id, form, turn)


def _upload(web: Web, athlete_id: int, form: FormData, turn: imports.Turn) -> HTMLResponse:
    web.athlete(athlete_id)
    given = chosen(form.getlist("files"))
    if not given:
        return _page(web, athlete_id, errors={"files": "choose at least one file"}, status=422)
    unit = str(form.get("weight_unit", "")).strip() or None
    if unit not in (None, "kg", "lb"):
        return _page(web, athlete_id, errors={"weight_unit": "kg or lb"}, status=422)
    distance = str(form.get("distance_unit", "")).strip() or None
    if distance not in (None, "km", "mi"):
        return _page(web, athlete_id, errors={"distance_unit": "km or mi"}, status=422)
    result = import_uploads(
        web.ctx, athlete_id, given, unit, distance, request=web.request, turn=turn
    )
    return _page(web, athlete_id, result=result)


def _review_form(form: FormData) -> tuple[dict[str, str | None], dict[str, str]]:
    """The names decided on the form (name → exercise, None: leave out) and what was typed in
    each search field (by name, to show again). A name left undecided is not sent."""
    decided: dict[str, str | None] = {}
    typed: dict[str, str] = {}
    for index in range(MAX_REVIEW_FIELDS):
        name = str(form.get(f"name-{index}", "")).strip()
        if not name:
            continue
        other = str(form.get(f"other-{index}", "")).strip()
        choice = str(form.get(f"choice-{index}", "")).strip()
        if other:
            typed[name] = other
            decided[name] = other
        elif choice == SKIP:
            decided[name] = None
        elif choice == imports.KEEP_OWN:
            decided[name] = imports.KEEP_OWN
        elif choice:
            decided[name] = choice
    return decided, typed


@router.post("/athletes/{athlete_id}/import/review")
@takes_write_turns
async def review(athlete_id: AthleteId, web: WebDep) -> Response:
    """Remember the choices made and import the held files with them."""
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    turn = await write_turns(web.request)
    # Importing the held files reads and writes for a while: in a worker thread, not on the
    # event loop, taking the write slot a short transaction at a time.
    return await run_in_threadpool(_review, web, athlete_id, form, turn)


def _review(web: Web, athlete_id: int, form: FormData, turn: imports.Turn) -> HTMLResponse:
    web.athlete(athlete_id)
    decided, typed = _review_form(form)
    if not decided:
        return _page(
            web, athlete_id, errors={"review": "choose what at least one name is"}, status=422
        )
    # Every choice is checked before any file is imported: a name that is no library exercise
    # is shown beside itself and none of the choices is remembered.
    problems = imports.remember_choices(web.ctx, athlete_id, decided, turn=turn)
    if problems:
        errors = {name: exc.message for name, exc in problems.items()}
        return _page(web, athlete_id, errors=errors, typed=typed, status=422)
    result = resume_held(web.ctx, athlete_id, request=web.request, turn=turn)
    return _page(web, athlete_id, result=result)


@router.post("/athletes/{athlete_id}/import/drop")
async def drop(athlete_id: AthleteId, web: WebDep) -> Response:
    """Forget a held file without importing it."""
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    imports.drop_pending(web.ctx, athlete_id, str(form.get("sha256", ""))[:64])
    return RedirectResponse(f"/athletes/{athlete_id}/import?done=dropped", status_code=303)


@router.post("/athletes/{athlete_id}/import/take-back")
async def take_back(athlete_id: AthleteId, web: WebDep) -> Response:
    """Take an import back as a whole (what it stored is deleted; it may be imported again)."""
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    imports.take_back(web.ctx, athlete_id, str(form.get("sha256", ""))[:64])
    return RedirectResponse(f"/athletes/{athlete_id}/import?done=taken-back", status_code=303)


@router.get("/athletes/{athlete_id}/export.zip")
def download(
    athlete_id: AthleteId,
    web: WebDep,
    waveforms: Annotated[bool, Query()] = False,
) -> FileResponse:
    """Everything of the athlete as the zip form of the export (``fitcoach export --format
    zip``); ``waveforms`` adds the raw sensor waveforms. Written to a temporary file and sent
    from there, so that a long history is not held in memory."""
    folder = tempfile.mkdtemp(prefix="fitcoach-export-")
    path = FilePath(folder) / f"athlete-{athlete_id}-export.zip"
    try:
        portability.write_export(web.ctx, athlete_id, path, "zip", include_waveforms=waveforms)
    except BaseException:
        _remove(folder)
        raise
    return FileResponse(
        path,
        media_type="application/zip",
        filename=path.name,
        headers={"Cache-Control": "no-store"},
        background=BackgroundTask(_remove, folder),
    )


def _remove(folder: str) -> None:
    shutil.rmtree(folder, ignore_errors=True)
