"""What every page of the training log shares: the path parameters, whether the session may
write, the athlete's units and local time, a refused form's status, the Undo offer, and the
pages and posts that are the same for a workout and a cardio session (the entry's Undo right
after it was logged, the delete question and the delete itself).

``router`` is the one router every page of the package registers on (a flat list of routes,
which ``IndexedRouter`` indexes; the package's ``__init__`` imports each part so that its routes
are on it). The pages call the services only (``training_log``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Path
from fastapi.responses import HTMLResponse, RedirectResponse

from fitcoach.coach.schemas import AthleteOut
from fitcoach.core.clock import zone_named
from fitcoach.core.domain import TokenScope
from fitcoach.core.units import Units, units_or_default
from fitcoach.interfaces.api.deps import MAX_ID
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.web.render import Web, WebRoute
from fitcoach.services import training_log

router = IndexedRouter(route_class=WebRoute, include_in_schema=False)
AthleteId = Annotated[int, Path(ge=1, le=MAX_ID)]
EntryId = Annotated[int, Path(ge=1, le=MAX_ID)]
KIND_WORDS = {
    "workouts": "workout",
    "cardio": "cardio session",
    "meals": "meal",
    "sleep": "night's sleep",
    "set": "set",
}
SessionKind = Literal["workouts", "cardio"]
PATHS: dict[str, str] = {"workouts": "workouts", "cardio": "cardio"}

_last_words = training_log.last_entry_words  # what an undo would take back, in words


def _writable(web: Web) -> bool:
    """Whether the session may change anything (a read-only session sees no edit buttons)."""
    return web.session.scope == TokenScope.write


def _units(web: Web, athlete_id: int) -> Units:
    """The athlete's unit system: what a bare weight typed is in, how loads are written."""
    profile = web.athlete(athlete_id).profile
    return units_or_default(profile.units if profile is not None else None)


def _local_now(web: Web, athlete_id: int) -> datetime:
    zone = zone_named(web.athlete(athlete_id).timezone)
    return web.ctx.clock.now().astimezone(zone).replace(second=0, microsecond=0, tzinfo=None)


def _answered(web: Web, response: HTMLResponse, status: int) -> HTMLResponse:
    """``response`` with ``status``; a page refusing a form (422, 409) marks the request failed,
    so that its unit of work is rolled back: nothing of a refused form is kept."""
    if status != 200:
        web.request.state.failed = True
        response.status_code = status
    return response


@dataclass(frozen=True)
class Undoable:
    """The last entry as the page offers to undo it."""

    kind: str
    id: int
    words: str
    logged_at: datetime
    minutes_left: int


def _undoable(web: Web, athlete_id: int) -> Undoable | None:
    if not _writable(web):
        return None
    last = training_log.last_entry(web.ctx, athlete_id)
    if last is None:
        return None
    left = training_log.UNDO_WINDOW - (web.ctx.clock.now() - last.logged_at)
    return Undoable(
        last.kind,
        last.id,
        _last_words(last),
        last.logged_at,
        max(1, math.ceil(left.total_seconds() / 60)),
    )


def _just_logged(web: Web, athlete_id: int, kind: SessionKind, entry_id: int) -> Undoable | None:
    """The Undo an entry's page offers right after it was logged (``?logged=1``): only while
    this entry is still the last one."""
    if web.request.query_params.get("logged") != "1":
        return None
    last = _undoable(web, athlete_id)
    return last if last and (last.kind, last.id) == (kind, entry_id) else None


def _session_words(kind: SessionKind, row: dict[str, Any]) -> list[str]:
    if kind == "workouts":
        sets = len(row["sets"])
        names = ", ".join(dict.fromkeys(s["exercise_name"] for s in row["sets"]))
        return [f"{sets} set{'' if sets == 1 else 's'}" + (f": {names}" if names else "")]
    words = str(row["activity_type"]).replace("_", " ")
    return [words[:1].upper() + words[1:]]


def _delete_session_page(
    web: Web, athlete_id: int, kind: SessionKind, entry_id: int
) -> HTMLResponse:
    """What deleting the workout or cardio session would remove, and the button that does it."""
    row = training_log.entry(web.ctx, athlete_id, kind, entry_id)
    target = f"/athletes/{athlete_id}/{PATHS[kind]}/{entry_id}"
    what = "workout" if kind == "workouts" else "cardio session"
    title = row.get("title") if kind == "workouts" else None
    note = "It cannot be brought back. The training load no longer counts it"
    note += "; personal records and e1RM are worked out again without its sets." if kind == "workouts" else "."  # fmt: skip
    page: HTMLResponse = web.page(
        "confirm.html",
        f"Delete this {what}?",
        web.athlete(athlete_id),
        heading=f"Delete the {what}{f' “{title}”' if title else ''}?",
        lines=_session_words(kind, row),
        when=row["started_at"],
        note=note,
        action=f"{target}/delete",
        fields={},
        submit=f"Delete {what}",
        danger=True,
        cancel=target,
    )
    return page


async def _delete_session(
    web: Web, athlete_id: int, kind: SessionKind, entry_id: int
) -> RedirectResponse:
    """The confirmed delete of a workout or cardio session; back to the history, which says so."""
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    web.athlete(athlete_id)
    training_log.delete_entry(web.ctx, athlete_id, kind, entry_id)
    return RedirectResponse(f"/athletes/{athlete_id}/history?deleted={kind}", status_code=303)


def _confirm_edit(
    web: Web,
    athlete: AthleteOut,
    title: str,
    *,
    action: str,
    heading: str,
    lines: list[str],
    note: str,
    typed: dict[str, str],
    submit: str,
    **extra: Any,
) -> HTMLResponse:
    """The question before a correction is stored (a workout's, a set's, a cardio session's):
    old → new, and the form sent back with ``confirm`` to store it, or back to the edit form."""
    page: HTMLResponse = web.page(
        "confirm.html",
        title,
        athlete,
        heading=heading,
        **extra,
        lines=lines,
        note=note,
        action=action,
        fields={**typed, "confirm": "yes"},
        submit=submit,
        danger=False,
        cancel=action,
    )
    return page
