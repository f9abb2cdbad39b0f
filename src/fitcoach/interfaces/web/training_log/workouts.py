"""A logged workout's pages: its sets by exercise with their records, the workout's title,
start, duration, session RPE and notes to correct (asked first, then stored), and the workout
to delete. A set's own pages are in ``sets``.
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from fitcoach.coach import wording
from fitcoach.core.clock import zone_named
from fitcoach.core.errors import InvalidInput
from fitcoach.interfaces.web.render import Web, WebDep
from fitcoach.interfaces.web.training_log.forms import START_ERROR, _number, _started_at
from fitcoach.interfaces.web.training_log.views import (
    AthleteId,
    EntryId,
    _answered,
    _confirm_edit,
    _delete_session,
    _delete_session_page,
    _just_logged,
    _units,
    _writable,
    router,
)
from fitcoach.services import training_log

WORKOUT_TYPED = ("title", "started_at", "duration_min", "session_rpe", "notes")
WORKOUT_LABELS = {"title": "Title", "started_at": "Start", "duration_s": "Duration",
                  "session_rpe": "Session RPE", "notes": "Notes"}  # fmt: skip


def _groups(sets: list[dict[str, Any]]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """Consecutive sets of one exercise together: (slug, name, sets), in the order done; each
    set with its ``number`` in the workout (1-based)."""
    groups: list[tuple[str, str, list[dict[str, Any]]]] = []
    for number, one in enumerate(sets, start=1):
        s = {**one, "number": number}
        if groups and groups[-1][0] == s["exercise"]:
            groups[-1][2].append(s)
        else:
            groups.append((s["exercise"], s["exercise_name"], [s]))
    return groups


@router.get("/athletes/{athlete_id}/workouts/{workout_id}")
def workout_entry(athlete_id: AthleteId, workout_id: EntryId, web: WebDep) -> HTMLResponse:
    """A logged workout: its sets by exercise, each to correct or delete, the exercises'
    records; the workout to delete; Undo right after it was logged."""
    athlete = web.athlete(athlete_id)
    ctx = web.ctx
    workout = training_log.entry(ctx, athlete_id, "workouts", workout_id)
    groups = _groups(workout["sets"])
    records = {
        r.exercise: r
        for slug in dict.fromkeys(slug for slug, _, _ in groups)
        for r in training_log.records(ctx, athlete_id, slug)
    }
    params = web.request.query_params
    logged = params.get("logged") == "1"
    return web.page(
        "workout_entry.html",
        workout["title"] or "Strength session",
        athlete,
        workout=workout,
        groups=groups,
        records=records,
        last=_just_logged(web, athlete_id, "workouts", workout_id),
        # Right after the quick log: the workout in the words the chat says a log in.
        logged=training_log.workout_words(ctx, athlete_id, workout_id, _units(web, athlete_id))
        if logged
        else None,
        saved=params.get("saved") == "1",
        saved_workout=params.get("saved") == "workout",
        deleted=params.get("deleted") == "set",
        writable=_writable(web),
    )


def _workout_typed(web: Web, athlete_id: int, workout: dict[str, Any]) -> dict[str, str]:
    """The edit form's values for a stored workout: its start in the athlete's time zone."""
    zone = zone_named(web.athlete(athlete_id).timezone)
    started = workout["started_at"].astimezone(zone).replace(tzinfo=None)
    duration = workout["duration_s"]
    return {
        "title": workout["title"] or "",
        "started_at": started.isoformat(timespec="minutes"),
        "duration_min": "" if duration is None else wording.number(duration / 60, "min"),
        "session_rpe": ""
        if workout["session_rpe"] is None
        else wording.number(workout["session_rpe"], "rpe"),
        "notes": workout["notes"] or "",
    }


def _workout_form(
    web: Web, athlete_id: int, form: FormData, workout: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """What the edit form changes (``WorkoutChanges`` fields that differ from the stored
    workout), the errors by field, and what was typed."""
    typed = {k: str(form.get(k, "")).strip()[: 5000 if k == "notes" else 200] for k in WORKOUT_TYPED}  # fmt: skip
    errors: dict[str, str] = {}
    values: dict[str, Any] = {"title": typed["title"], "notes": typed["notes"]}
    zone = zone_named(web.athlete(athlete_id).timezone)
    try:
        values["started_at"] = _started_at(typed["started_at"], zone)
    except ValueError:
        errors["started_at"] = START_ERROR
    for key, name, unit in (("duration_min", "duration", 60.0), ("session_rpe", "session RPE", 1.0)):  # fmt: skip
        try:
            value = _number(typed[key], name)
        except InvalidInput as exc:
            errors[key] = exc.message
            continue
        values["duration_s" if key == "duration_min" else key] = None if value is None else value * unit  # fmt: skip
    shown = _workout_typed(web, athlete_id, workout)
    changes = {
        key: value
        for key, value in values.items()
        # The start and the duration as the form showed them (to the minute): not a change.
        if not (key == "started_at" and typed["started_at"] == shown["started_at"])
        and not (key == "duration_s" and typed["duration_min"] == shown["duration_min"])
        and value != workout[key]
    }
    return changes, errors, typed


def _workout_words(key: str, value: Any) -> str:
    """A workout's field as the confirmation says it."""
    if value is None or value == "":
        return "—"
    if key == "started_at":
        return f"{wording.day_text(value.date())}, {value:%H:%M}"
    if key == "duration_s":
        return wording.duration_text(value)
    if key == "session_rpe":
        return wording.number(value, "rpe")
    return f"“{value}”"


def _workout_edit_page(
    web: Web,
    athlete_id: int,
    workout: dict[str, Any],
    *,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    response = web.page(
        "workout_edit.html",
        "Edit workout",
        web.athlete(athlete_id),
        workout=workout,
        typed=typed or _workout_typed(web, athlete_id, workout),
        errors=errors or {},
    )
    return _answered(web, response, status)


@router.get("/athletes/{athlete_id}/workouts/{workout_id}/edit")
def edit_workout_page(athlete_id: AthleteId, workout_id: EntryId, web: WebDep) -> HTMLResponse:
    """A workout's title, start, duration, session RPE and notes, to correct."""
    workout = training_log.entry(web.ctx, athlete_id, "workouts", workout_id)
    return _workout_edit_page(web, athlete_id, workout)


@router.post("/athletes/{athlete_id}/workouts/{workout_id}/edit")
async def edit_workout(athlete_id: AthleteId, workout_id: EntryId, web: WebDep) -> Response:
    """First submit: the changes to confirm (old → new). Second (``confirm``): stored by
    ``training_log.correct_workout`` (validated as a logged workout; records re-dated when
    the start moves; the load follows the RPE and duration)."""
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    athlete = web.athlete(athlete_id)
    workout = training_log.entry(web.ctx, athlete_id, "workouts", workout_id)
    changes, errors, typed = _workout_form(web, athlete_id, form, workout)
    if errors:
        return _workout_edit_page(web, athlete_id, workout, typed=typed, errors=errors, status=422)
    if not changes:
        errors = {"form": "nothing changed: type the corrections, or go back"}
        return _workout_edit_page(web, athlete_id, workout, typed=typed, errors=errors, status=422)
    try:  # checked before the question, as it will be stored
        training_log.checked_workout_changes(web.ctx, athlete_id, changes)
    except InvalidInput as exc:
        errors = {"form": exc.message}
        return _workout_edit_page(web, athlete_id, workout, typed=typed, errors=errors, status=422)
    target = f"/athletes/{athlete_id}/workouts/{workout_id}"
    if form.get("confirm") != "yes":
        zone = zone_named(athlete.timezone)

        def local(key: str, value: Any) -> Any:
            return value.astimezone(zone) if key == "started_at" and value else value

        return _confirm_edit(
            web,
            athlete,
            "Save these changes?",
            action=f"{target}/edit",
            heading=f"Change {workout['title'] or 'this strength session'}?",
            lines=[
                f"{WORKOUT_LABELS[k]}: {_workout_words(k, local(k, workout[k]))} → "
                f"{_workout_words(k, local(k, v))}"
                for k, v in changes.items()
            ],
            note="The training load follows the session RPE and duration; personal records "
            "are dated by the workout's start.",
            typed=typed,
            submit="Save changes",
        )
    try:
        training_log.correct_workout(web.ctx, athlete_id, workout_id, changes)
    except InvalidInput as exc:
        errors = {"form": exc.message}
        return _workout_edit_page(web, athlete_id, workout, typed=typed, errors=errors, status=422)
    return RedirectResponse(f"{target}?saved=workout", status_code=303)


@router.get("/athletes/{athlete_id}/workouts/{workout_id}/delete")
def delete_workout_page(athlete_id: AthleteId, workout_id: EntryId, web: WebDep) -> HTMLResponse:
    """What deleting the workout would remove, and the button that does it."""
    return _delete_session_page(web, athlete_id, "workouts", workout_id)


@router.post("/athletes/{athlete_id}/workouts/{workout_id}/delete")
async def delete_workout(athlete_id: AthleteId, workout_id: EntryId, web: WebDep) -> Response:
    return await _delete_session(web, athlete_id, "workouts", workout_id)
