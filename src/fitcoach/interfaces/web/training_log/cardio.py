"""A logged cardio session's pages: what was logged (Undo right after), its duration, distance
(in the athlete's unit), average heart rate and session RPE to correct (asked first, then
stored), and the session to delete.
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fitcoach.coach import wording
from fitcoach.core.errors import InvalidInput
from fitcoach.core.units import Units, distance_number, format_distance
from fitcoach.interfaces.web.render import Web, WebDep
from fitcoach.interfaces.web.training_log.forms import (
    CARDIO_TYPED,
    _cardio_value,
    _duration_typed,
    _service_errors,
)
from fitcoach.interfaces.web.training_log.views import (
    AthleteId,
    EntryId,
    _answered,
    _confirm_edit,
    _delete_session,
    _delete_session_page,
    _just_logged,
    _session_words,
    _units,
    _writable,
    router,
)
from fitcoach.services import training_log

CARDIO_LABELS = {"duration_s": "Duration", "distance_m": "Distance", "avg_hr": "Average heart rate",
                 "session_rpe": "Session RPE"}  # fmt: skip


@router.get("/athletes/{athlete_id}/cardio/{cardio_id}")
def cardio_entry(athlete_id: AthleteId, cardio_id: EntryId, web: WebDep) -> HTMLResponse:
    """A logged cardio session: what was logged, correcting and deleting it; Undo right after
    it was logged."""
    athlete = web.athlete(athlete_id)
    row = training_log.entry(web.ctx, athlete_id, "cardio", cardio_id)
    params = web.request.query_params
    return web.page(
        "cardio_entry.html",
        str(row["activity_type"]).replace("_", " ").capitalize(),
        athlete,
        cardio=row,
        # Right after the cardio log: the session in the words the chat says a log in.
        logged=training_log.cardio_words(web.ctx, athlete_id, cardio_id, _units(web, athlete_id))
        if params.get("logged") == "1"
        else None,
        last=_just_logged(web, athlete_id, "cardio", cardio_id),
        saved=params.get("saved") == "1",
        writable=_writable(web),
    )


def _cardio_typed(row: dict[str, Any], units: Units) -> dict[str, str]:
    """The edit form's values for a stored session: the distance in the athlete's unit."""
    return {
        "duration": _duration_typed(row["duration_s"]),
        "distance": distance_number(row["distance_m"], units),
        "avg_hr": "" if row["avg_hr"] is None else wording.number(row["avg_hr"], "bpm"),
        "session_rpe": ""
        if row["session_rpe"] is None
        else wording.number(row["session_rpe"], "rpe"),
    }


def _cardio_words(key: str, value: Any, units: Units) -> str:
    """A session's number as the confirmation says it, in the athlete's unit."""
    if value is None:
        return "—"
    if key == "duration_s":
        return wording.duration_text(value)
    if key == "distance_m":
        return format_distance(value, units)
    if key == "session_rpe":
        return f"{wording.number(value, 'rpe')} of 10"
    return f"{wording.number(value, 'bpm')} bpm"


def _cardio_edit_page(
    web: Web,
    athlete_id: int,
    row: dict[str, Any],
    *,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    response = web.page(
        "cardio_edit.html",
        "Edit cardio session",
        web.athlete(athlete_id),
        cardio=row,
        typed=typed or _cardio_typed(row, _units(web, athlete_id)),
        errors=errors or {},
    )
    return _answered(web, response, status)


@router.get("/athletes/{athlete_id}/cardio/{cardio_id}/edit")
def edit_cardio_page(athlete_id: AthleteId, cardio_id: EntryId, web: WebDep) -> HTMLResponse:
    """A cardio session's duration, distance (in the athlete's unit), average heart rate and
    session RPE, to correct: what ``training_log.correct_entry`` changes for a session."""
    row = training_log.entry(web.ctx, athlete_id, "cardio", cardio_id)
    return _cardio_edit_page(web, athlete_id, row)


def _cardio_changes(
    typed: dict[str, str], row: dict[str, Any], units: Units, errors: dict[str, str]
) -> dict[str, Any]:
    """The stored columns the edit form changes (by column), in stored units and checked as
    the service will store them; each bad field's error goes in ``errors``."""
    shown = _cardio_typed(row, units)
    changes: dict[str, Any] = {}
    for key, name in CARDIO_TYPED.items():
        # A field sent back as the form showed it (rounded to the unit's places) is no change:
        # 5000 m shown as 3.11 mi must not be stored as 5005 m.
        if typed[name] == shown[name]:
            continue
        try:
            value = _cardio_value(key, typed[name], units)
        except InvalidInput as exc:
            errors[name] = exc.message
            continue
        if key == "duration_s" and value is None:
            errors[name] = "duration: how long it lasted, e.g. 30 (minutes) or 1:05:00"
        elif value != row[key]:
            changes[key] = value
    if not errors and not changes:
        errors["form"] = "nothing changed: type the corrections, or go back"
    if not errors:
        try:  # checked before the question, as it will be stored
            checked = training_log.checked_corrections("cardio", changes, units)
        except InvalidInput as exc:
            _service_errors(exc, errors, CARDIO_TYPED)
        else:
            # Rounded to what is stored (a metre, a second), a value may be the stored one.
            changes = {k: v for k, v in checked.items() if v != row[k]}
            if not changes:
                errors["form"] = "nothing changed: type the corrections, or go back"
    return changes


@router.post("/athletes/{athlete_id}/cardio/{cardio_id}/edit")
async def edit_cardio(athlete_id: AthleteId, cardio_id: EntryId, web: WebDep) -> Response:
    """First submit: the changes to confirm (old → new, in the athlete's unit). Second
    (``confirm``): stored by ``training_log.correct_entry(kind="cardio")``."""
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    athlete = web.athlete(athlete_id)
    row = training_log.entry(web.ctx, athlete_id, "cardio", cardio_id)
    units = _units(web, athlete_id)
    typed = {name: str(form.get(name, "")).strip()[:40] for name in CARDIO_TYPED.values()}
    errors: dict[str, str] = {}
    changes = _cardio_changes(typed, row, units, errors)
    if errors:
        return _cardio_edit_page(web, athlete_id, row, typed=typed, errors=errors, status=422)
    target = f"/athletes/{athlete_id}/cardio/{cardio_id}"
    if form.get("confirm") != "yes":
        return _confirm_edit(
            web,
            athlete,
            "Save these changes?",
            action=f"{target}/edit",
            heading=f"Change this {_session_words('cardio', row)[0].lower()} session?",
            when=row["started_at"],
            lines=[
                f"{CARDIO_LABELS[k]}: {_cardio_words(k, row[k], units)} → "
                f"{_cardio_words(k, v, units)}"
                for k, v in changes.items()
            ],
            note="The training load is worked out again from the new numbers.",
            typed=typed,
            submit="Save changes",
        )
    try:
        training_log.correct_entry(web.ctx, athlete_id, "cardio", cardio_id, changes)
    except InvalidInput as exc:
        _service_errors(exc, errors, CARDIO_TYPED)
        return _cardio_edit_page(web, athlete_id, row, typed=typed, errors=errors, status=422)
    return RedirectResponse(f"{target}?saved=1", status_code=303)


@router.get("/athletes/{athlete_id}/cardio/{cardio_id}/delete")
def delete_cardio_page(athlete_id: AthleteId, cardio_id: EntryId, web: WebDep) -> HTMLResponse:
    """What deleting the cardio session would remove, and the button that does it."""
    return _delete_session_page(web, athlete_id, "cardio", cardio_id)


@router.post("/athletes/{athlete_id}/cardio/{cardio_id}/delete")
async def delete_cardio(athlete_id: AthleteId, cardio_id: EntryId, web: WebDep) -> Response:
    return await _delete_session(web, athlete_id, "cardio", cardio_id)
