"""The training log on the web: every session in a history (filterable by exercise and days,
paged), a workout's page with its sets to correct or delete, undo of the last entry,
progress and records per exercise with charts, and a quick log for a workout the plan does not
hold.

Every change asks first: an edit or a delete shows what will happen and a second submit does
it, with plain forms (no script needed). The pages call the services only
(``training_log``, ``exercises``): a set corrected or deleted folds the exercise's personal
records again there, and the training load reads the stored rows, so both follow.
"""

from __future__ import annotations

import math
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import Path, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from fitcoach.coach import wording
from fitcoach.coach.schemas import MAX_CARDIO_DISTANCE_M, MAX_CARDIO_DURATION_S
from fitcoach.core.clock import zone_named
from fitcoach.core.domain import TokenScope
from fitcoach.core.errors import Conflict, InvalidInput, NotFound
from fitcoach.core.units import (
    Units,
    distance_number,
    format_distance,
    format_mass,
    mass_number,
    parse_distance_for,
    parse_duration_s,
    parse_mass_for,
    units_or_default,
)
from fitcoach.interfaces.api.deps import MAX_ID
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.web.render import Web, WebDep, WebRoute
from fitcoach.services import exercises, own_exercises, training_log

router = IndexedRouter(route_class=WebRoute, include_in_schema=False)

AthleteId = Annotated[int, Path(ge=1, le=MAX_ID)]
EntryId = Annotated[int, Path(ge=1, le=MAX_ID)]
PAGE_SIZE = 20
QUICK_ROWS = 5  # set rows the quick log starts with
MORE_ROWS = 3  # rows "More rows" adds
MAX_ROWS = 30
MAX_SETS_PER_ROW = 20
LIBRARY_NAMES = 1000  # more than the library holds: every name, for the name field's list
NONCE = re.compile(r"^[0-9a-f]{32}$")
KIND_WORDS = {
    "workouts": "workout",
    "cardio": "cardio session",
    "meals": "meal",
    "sleep": "night's sleep",
    "set": "set",
}


def _writable(web: Web) -> bool:
    """Whether the session may change anything (a read-only session sees no edit buttons)."""
    return web.session.scope == TokenScope.write


def _day(text: str, name: str, errors: list[str]) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.append(f"{name}: a date like 2026-11-20 (got {text[:40]!r})")
        return None


def _number(text: str, name: str, *, whole: bool = False) -> float | None:
    """A number typed in a form (comma or point), None when empty; ``InvalidInput`` naming
    the field otherwise."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or (whole and not value.is_integer()):
        example = "5" if whole else "2.5"
        raise InvalidInput(f"{name}: write a {'whole ' if whole else ''}number, e.g. {example} (got {text[:40]!r})")  # fmt: skip
    return value


def _units(web: Web, athlete_id: int) -> Units:
    """The athlete's unit system: what a bare weight typed is in, how loads are written."""
    profile = web.athlete(athlete_id).profile
    return units_or_default(profile.units if profile is not None else None)


def _weight(text: str, name: str, units: Units) -> float | None:
    """A load typed as ``100``, ``100 kg`` or ``225 lb`` (a bare number in the athlete's unit),
    in kg; None: empty."""
    text = text.strip()
    if not text:
        return None
    try:
        return parse_mass_for(text.replace(",", "."), units)
    except InvalidInput as exc:
        raise InvalidInput(f"{name}: {exc.message}") from None


_last_words = training_log.last_entry_words  # what an undo would take back, in words


# --------------------------------------------------------------------------- the history


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


def _answered(web: Web, response: HTMLResponse, status: int) -> HTMLResponse:
    """``response`` with ``status``; a page refusing a form (422, 409) marks the request failed,
    so that its unit of work is rolled back: nothing of a refused form is kept."""
    if status != 200:
        web.request.state.failed = True
        response.status_code = status
    return response


def _history(
    web: Web,
    athlete_id: int,
    exercise: str,
    start_text: str,
    end_text: str,
    page: int,
    *,
    problem: str | None = None,
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
        undone=KIND_WORDS.get(params.get("undone", "")),
        writable=_writable(web),
    )
    return _answered(web, response, status)


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


@router.post("/athletes/{athlete_id}/undo")
async def undo(athlete_id: AthleteId, web: WebDep) -> Response:
    """Take back the last entry, the one the page showed (its kind and id are in the form):
    when another was logged since or the window passed, nothing is removed and the history
    says why."""
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
        training_log.undo_last(web.ctx, athlete_id, kind, entry_id)  # type: ignore[arg-type]
    except (NotFound, Conflict) as exc:
        return _history(web, athlete_id, "", "", "", 1, problem=exc.message, status=exc.status_code)
    return RedirectResponse(f"/athletes/{athlete_id}/history?undone={kind}", status_code=303)


# --------------------------------------------------------------------------- one session


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
    last = _undoable(web, athlete_id) if params.get("logged") == "1" else None
    return web.page(
        "history_workout.html",
        workout["title"] or "Strength session",
        athlete,
        workout=workout,
        groups=groups,
        records=records,
        last=last if last and (last.kind, last.id) == ("workouts", workout_id) else None,
        logged=params.get("logged") == "1",
        saved=params.get("saved") == "1",
        saved_workout=params.get("saved") == "workout",
        deleted=params.get("deleted") == "set",
        writable=_writable(web),
    )


# --------------------------------------------------------------------------- the workout itself

WORKOUT_TYPED = ("title", "started_at", "duration_min", "session_rpe", "notes")


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
        started = datetime.fromisoformat(typed["started_at"])
        values["started_at"] = started.replace(tzinfo=zone) if started.tzinfo is None else started
    except ValueError:
        errors["started_at"] = "when: a date and time like 2026-11-20T18:30"
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


WORKOUT_LABELS = {"title": "Title", "started_at": "Start", "duration_s": "Duration",
                  "session_rpe": "Session RPE", "notes": "Notes"}  # fmt: skip


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
        "history_workout_edit.html",
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

        return web.page(
            "history_confirm.html",
            "Save these changes?",
            athlete,
            heading=f"Change {workout['title'] or 'this strength session'}?",
            lines=[
                f"{WORKOUT_LABELS[k]}: {_workout_words(k, local(k, workout[k]))} → "
                f"{_workout_words(k, local(k, v))}"
                for k, v in changes.items()
            ],
            note="The training load follows the session RPE and duration; personal records "
            "are dated by the workout's start.",
            action=f"{target}/edit",
            fields={**typed, "confirm": "yes"},
            submit="Save changes",
            danger=False,
            cancel=f"{target}/edit",
        )
    try:
        training_log.correct_workout(web.ctx, athlete_id, workout_id, changes)
    except InvalidInput as exc:
        errors = {"form": exc.message}
        return _workout_edit_page(web, athlete_id, workout, typed=typed, errors=errors, status=422)
    return RedirectResponse(f"{target}?saved=workout", status_code=303)


def _set_in(workout: dict[str, Any], set_id: int) -> tuple[int, dict[str, Any]]:
    """The set ``set_id`` of the workout and its number in it (1-based)."""
    for number, s in enumerate(workout["sets"], start=1):
        if s["id"] == set_id:
            return number, s
    raise NotFound(f"no set {set_id} in workout {workout['id']}")


def _set_words(s: dict[str, Any], units: Units) -> str:
    """``5 × 100 kg, RIR 2, warm-up`` (the load in the athlete's unit; ``24 kg per hand`` for a
    dumbbell in each hand, as the workout's page writes it)."""
    hand = wording.per_hand(s["exercise"])
    load = format_mass(s["weight_kg"], units, per_hand=hand) if s["weight_kg"] else "bodyweight"
    text = f"{s['reps']} × {load}"
    if s["rir"] is not None:
        text += f", RIR {wording.number(s['rir'], 'rir')}"
    return text + (", warm-up" if s["is_warmup"] else "")


def _set_form(
    form: FormData, units: Units
) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """The edit form's values (changes for ``correct_set``), errors by field, what was typed."""
    typed = {k: str(form.get(k, "")).strip()[:40] for k in ("reps", "weight", "rir")}
    typed["is_warmup"] = "1" if form.get("is_warmup") else ""
    values: dict[str, Any] = {"is_warmup": bool(typed["is_warmup"])}
    errors: dict[str, str] = {}
    fields: tuple[tuple[str, str, Callable[[str], float | None]], ...] = (
        ("reps", "reps", lambda t: _number(t, "reps", whole=True)),
        ("weight", "weight_kg", lambda t: _weight(t, "weight", units)),
        ("rir", "rir", lambda t: _number(t, "RIR")),
    )
    for name, key, parse in fields:
        try:
            values[key] = parse(typed[name])
        except InvalidInput as exc:
            errors[name] = exc.message
    if "reps" not in errors and values.get("reps") is None:
        errors["reps"] = "reps: how many reps, e.g. 5 (0 for a failed attempt)"
    if values.get("reps") is not None:
        values["reps"] = int(values["reps"])
    return values, errors, typed


def _set_page(
    web: Web,
    athlete_id: int,
    workout: dict[str, Any],
    set_id: int,
    *,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    number, s = _set_in(workout, set_id)
    if typed is None:
        typed = {
            "reps": str(s["reps"]),
            "weight": mass_number(s["weight_kg"], _units(web, athlete_id)),
            "rir": wording.number(s["rir"], "rir") if s["rir"] is not None else "",
            "is_warmup": "1" if s["is_warmup"] else "",
        }
    response = web.page(
        "history_set.html",
        f"Edit set {number}",
        web.athlete(athlete_id),
        workout=workout,
        set=s,
        number=number,
        typed=typed,
        errors=errors or {},
    )
    return _answered(web, response, status)


@router.get("/athletes/{athlete_id}/workouts/{workout_id}/sets/{set_id}/edit")
def edit_set_page(
    athlete_id: AthleteId, workout_id: EntryId, set_id: EntryId, web: WebDep
) -> HTMLResponse:
    """A set's reps, weight, RIR and warm-up, to correct."""
    workout = training_log.entry(web.ctx, athlete_id, "workouts", workout_id)
    return _set_page(web, athlete_id, workout, set_id)


@router.post("/athletes/{athlete_id}/workouts/{workout_id}/sets/{set_id}/edit")
async def edit_set(
    athlete_id: AthleteId, workout_id: EntryId, set_id: EntryId, web: WebDep
) -> Response:
    """First submit: the change to confirm (old → new). Second (``confirm``): the change is
    stored and the exercise's records folded again."""
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    athlete = web.athlete(athlete_id)
    workout = training_log.entry(web.ctx, athlete_id, "workouts", workout_id)
    number, s = _set_in(workout, set_id)
    units = _units(web, athlete_id)
    values, errors, typed = _set_form(form, units)
    if errors:
        return _set_page(web, athlete_id, workout, set_id, typed=typed, errors=errors, status=422)
    after = {**s, **values}
    if all(after[k] == s[k] for k in training_log.SET_FIELDS):
        errors = {"form": "nothing changed: type the corrected numbers, or go back"}
        return _set_page(web, athlete_id, workout, set_id, typed=typed, errors=errors, status=422)
    target = f"/athletes/{athlete_id}/workouts/{workout_id}"
    if form.get("confirm") != "yes":
        return web.page(
            "history_confirm.html",
            "Save this change?",
            athlete,
            heading=f"Change set {number} of {s['exercise_name']}?",
            lines=[f"Before: {_set_words(s, units)}", f"After: {_set_words(after, units)}"],
            note="Personal records and e1RM are worked out again from your sets.",
            action=f"{target}/sets/{set_id}/edit",
            fields={**typed, "confirm": "yes"},
            submit="Save change",
            danger=False,
            cancel=f"{target}/sets/{set_id}/edit",
        )
    training_log.correct_set(web.ctx, athlete_id, workout_id, set_id, values)
    return RedirectResponse(f"{target}?saved=1#set-{set_id}", status_code=303)


@router.get("/athletes/{athlete_id}/workouts/{workout_id}/sets/{set_id}/delete")
def delete_set_page(
    athlete_id: AthleteId, workout_id: EntryId, set_id: EntryId, web: WebDep
) -> HTMLResponse:
    """What deleting the set would remove, and the button that does it."""
    workout = training_log.entry(web.ctx, athlete_id, "workouts", workout_id)
    number, s = _set_in(workout, set_id)
    target = f"/athletes/{athlete_id}/workouts/{workout_id}"
    return web.page(
        "history_confirm.html",
        "Delete this set?",
        web.athlete(athlete_id),
        heading=f"Delete set {number} of {s['exercise_name']}?",
        lines=[_set_words(s, _units(web, athlete_id))],
        note="It cannot be brought back. Personal records and e1RM are worked out again "
        "from your other sets.",
        action=f"{target}/sets/{set_id}/delete",
        fields={},
        submit="Delete set",
        danger=True,
        cancel=target,
    )


@router.post("/athletes/{athlete_id}/workouts/{workout_id}/sets/{set_id}/delete")
async def delete_set(
    athlete_id: AthleteId, workout_id: EntryId, set_id: EntryId, web: WebDep
) -> RedirectResponse:
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    web.athlete(athlete_id)
    training_log.delete_set(web.ctx, athlete_id, workout_id, set_id)
    return RedirectResponse(
        f"/athletes/{athlete_id}/workouts/{workout_id}?deleted=set", status_code=303
    )


SessionKind = Literal["workouts", "cardio"]
PATHS: dict[str, str] = {"workouts": "workouts", "cardio": "cardio"}


def _session_words(kind: SessionKind, row: dict[str, Any]) -> list[str]:
    if kind == "workouts":
        sets = len(row["sets"])
        names = ", ".join(dict.fromkeys(s["exercise_name"] for s in row["sets"]))
        return [f"{sets} set{'' if sets == 1 else 's'}" + (f": {names}" if names else "")]
    words = str(row["activity_type"]).replace("_", " ")
    return [words[:1].upper() + words[1:]]


def _delete_session_page(web: Web, athlete_id: int, kind: SessionKind, entry_id: int) -> Any:
    row = training_log.entry(web.ctx, athlete_id, kind, entry_id)
    target = f"/athletes/{athlete_id}/{PATHS[kind]}/{entry_id}"
    what = "workout" if kind == "workouts" else "cardio session"
    title = row.get("title") if kind == "workouts" else None
    note = "It cannot be brought back. The training load no longer counts it"
    note += "; personal records and e1RM are worked out again without its sets." if kind == "workouts" else "."  # fmt: skip
    return web.page(
        "history_confirm.html",
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


@router.get("/athletes/{athlete_id}/workouts/{workout_id}/delete")
def delete_workout_page(athlete_id: AthleteId, workout_id: EntryId, web: WebDep) -> HTMLResponse:
    """What deleting the workout would remove, and the button that does it."""
    page: HTMLResponse = _delete_session_page(web, athlete_id, "workouts", workout_id)
    return page


@router.post("/athletes/{athlete_id}/workouts/{workout_id}/delete")
async def delete_workout(athlete_id: AthleteId, workout_id: EntryId, web: WebDep) -> Response:
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    web.athlete(athlete_id)
    training_log.delete_entry(web.ctx, athlete_id, "workouts", workout_id)
    return RedirectResponse(f"/athletes/{athlete_id}/history?deleted=workouts", status_code=303)


@router.get("/athletes/{athlete_id}/cardio/{cardio_id}")
def cardio_entry(athlete_id: AthleteId, cardio_id: EntryId, web: WebDep) -> HTMLResponse:
    """A logged cardio session: what was logged, correcting and deleting it; Undo right after
    it was logged."""
    athlete = web.athlete(athlete_id)
    row = training_log.entry(web.ctx, athlete_id, "cardio", cardio_id)
    params = web.request.query_params
    last = _undoable(web, athlete_id) if params.get("logged") == "1" else None
    return web.page(
        "history_cardio.html",
        str(row["activity_type"]).replace("_", " ").capitalize(),
        athlete,
        cardio=row,
        logged=params.get("logged") == "1",
        last=last if last and (last.kind, last.id) == ("cardio", cardio_id) else None,
        saved=params.get("saved") == "1",
        writable=_writable(web),
    )


# --------------------------------------------------------------------------- a cardio session's numbers

# The form's fields for what ``correct_entry(kind="cardio")`` may change, by stored column.
CARDIO_TYPED = {"duration_s": "duration", "distance_m": "distance", "avg_hr": "avg_hr",
                "session_rpe": "session_rpe"}  # fmt: skip
CARDIO_LABELS = {"duration_s": "Duration", "distance_m": "Distance", "avg_hr": "Average heart rate",
                 "session_rpe": "Session RPE"}  # fmt: skip


def _duration_typed(seconds: float | None) -> str:
    """A stored duration as a form shows it, in what ``parse_duration_s`` reads back to the
    same second: whole minutes (``45``), else ``45:30`` or ``1:02:03``."""
    if seconds is None:
        return ""
    total = round(seconds)
    if total % 60 == 0:
        return str(total // 60)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


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


def _cardio_value(key: str, text: str, units: Units) -> float | None:
    """One typed field of a cardio session in stored units (s, m, bpm); None: empty.
    ``InvalidInput`` names the field as the form labels it."""
    if key == "avg_hr":
        return _number(text, "average heart rate")
    if key == "session_rpe":
        return _number(text, "session RPE")
    # The unit parser reads "5,2" itself and refuses an ambiguous "1,000": the text goes as typed.
    text = text.strip()
    if not text:
        return None
    name = CARDIO_TYPED[key]
    try:
        if key == "duration_s":
            value = parse_duration_s(text)  # a bare number: minutes
            most, said = MAX_CARDIO_DURATION_S, wording.duration_text(MAX_CARDIO_DURATION_S)
        else:
            value = parse_distance_for(text, units)  # a bare number: km, or mi for imperial units
            most, said = MAX_CARDIO_DISTANCE_M, format_distance(MAX_CARDIO_DISTANCE_M, units)
    except InvalidInput as exc:
        raise InvalidInput(f"{name}: {exc.message}") from None
    # The limit in the units the person types, not the stored metres or seconds.
    if value > most:
        raise InvalidInput(f"{name}: at most {said}")
    return value


# A cardio form's fields as its messages name them.
FIELD_WORDS = {"kind": "kind", "started_at": "when", "duration": "duration", "distance": "distance",
               "avg_hr": "average heart rate", "session_rpe": "session RPE", "notes": "notes"}  # fmt: skip


def _service_errors(exc: InvalidInput, errors: dict[str, str], names: dict[str, str]) -> None:
    """The service's refusal put beside the form field it names (``Problem.field``), worded
    with the field's name; one it cannot place goes above the form."""
    for problem in exc.problems:
        if problem.field in names and problem.reason:
            name = names[problem.field]
            errors.setdefault(name, f"{FIELD_WORDS[name]}: {problem.reason}")
        else:
            errors.setdefault("form", problem.message.removeprefix("changes: "))


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
        "history_cardio_edit.html",
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
    shown = _cardio_typed(row, units)
    errors: dict[str, str] = {}
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
    if errors:
        return _cardio_edit_page(web, athlete_id, row, typed=typed, errors=errors, status=422)
    target = f"/athletes/{athlete_id}/cardio/{cardio_id}"
    if form.get("confirm") != "yes":
        return web.page(
            "history_confirm.html",
            "Save these changes?",
            athlete,
            heading=f"Change this {_session_words('cardio', row)[0].lower()} session?",
            when=row["started_at"],
            lines=[
                f"{CARDIO_LABELS[k]}: {_cardio_words(k, row[k], units)} → "
                f"{_cardio_words(k, v, units)}"
                for k, v in changes.items()
            ],
            note="The training load is worked out again from the new numbers.",
            action=f"{target}/edit",
            fields={**typed, "confirm": "yes"},
            submit="Save changes",
            danger=False,
            cancel=f"{target}/edit",
        )
    try:
        training_log.correct_entry(web.ctx, athlete_id, "cardio", cardio_id, changes)
    except InvalidInput as exc:
        _service_errors(exc, errors, CARDIO_TYPED)
        return _cardio_edit_page(web, athlete_id, row, typed=typed, errors=errors, status=422)
    return RedirectResponse(f"{target}?saved=1", status_code=303)


@router.get("/athletes/{athlete_id}/cardio/{cardio_id}/delete")
def delete_cardio_page(athlete_id: AthleteId, cardio_id: EntryId, web: WebDep) -> HTMLResponse:
    page: HTMLResponse = _delete_session_page(web, athlete_id, "cardio", cardio_id)
    return page


@router.post("/athletes/{athlete_id}/cardio/{cardio_id}/delete")
async def delete_cardio(athlete_id: AthleteId, cardio_id: EntryId, web: WebDep) -> Response:
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    web.athlete(athlete_id)
    training_log.delete_entry(web.ctx, athlete_id, "cardio", cardio_id)
    return RedirectResponse(f"/athletes/{athlete_id}/history?deleted=cardio", status_code=303)


# --------------------------------------------------------------------------- progress


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
        "history_progress.html",
        f"Progress: {progress.name}" if progress else "Progress",
        athlete,
        records=records,
        names=names,
        logged=logged,
        chosen=chosen,
        progress=progress,
        chart=chart,
    )


# --------------------------------------------------------------------------- quick log


@dataclass
class Row:
    """One line of the quick log: an exercise done for some sets of the same reps and load."""

    exercise: str = ""
    sets: str = "1"
    reps: str = ""
    weight: str = ""
    rir: str = ""
    warmup: bool = False
    errors: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Nothing typed: the row is left out."""
        return not (self.exercise or self.reps or self.weight or self.rir)


def _rows(form: FormData) -> list[Row]:
    try:
        count = int(str(form.get("rows", QUICK_ROWS)))
    except ValueError:
        count = QUICK_ROWS
    rows = []
    for i in range(max(1, min(count, MAX_ROWS))):
        rows.append(
            Row(
                exercise=str(form.get(f"exercise_{i}", "")).strip()[:200],
                sets=str(form.get(f"sets_{i}", "1")).strip()[:10] or "1",
                reps=str(form.get(f"reps_{i}", "")).strip()[:40],
                weight=str(form.get(f"weight_{i}", "")).strip()[:40],
                rir=str(form.get(f"rir_{i}", "")).strip()[:40],
                warmup=bool(form.get(f"warmup_{i}")),
            )
        )
        # A name the library suggested for the row, chosen: it replaces what was typed.
        choice = str(form.get(f"choice_{i}", "")).strip()[:200]
        if choice:
            rows[-1].exercise = choice
    return rows


def _local_now(web: Web, athlete_id: int) -> datetime:
    zone = zone_named(web.athlete(athlete_id).timezone)
    return web.ctx.clock.now().astimezone(zone).replace(second=0, microsecond=0, tzinfo=None)


def _quick_page(
    web: Web,
    athlete_id: int,
    *,
    rows: list[Row] | None = None,
    typed: dict[str, str] | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    athlete = web.athlete(athlete_id)
    typed = typed or {
        "started_at": _local_now(web, athlete_id).isoformat(timespec="minutes"),
        "nonce": secrets.token_hex(16),
    }
    response = web.page(
        "history_log.html",
        "Log a workout",
        athlete,
        rows=rows or [Row() for _ in range(QUICK_ROWS)],
        typed=typed,
        errors=errors or [],
        # The athlete's own exercises first, then the library, for the name field's list.
        library=[
            *(e["name"] for e in own_exercises.listed(web.ctx, athlete_id)),
            *(hit.name for hit in exercises.search(web.ctx, limit=LIBRARY_NAMES)),
        ],
        max_rows=MAX_ROWS,
    )
    return _answered(web, response, status)


@router.get("/athletes/{athlete_id}/log")
def quick_log_page(athlete_id: AthleteId, web: WebDep) -> HTMLResponse:
    """A form for a workout the plan does not hold: when (now by default), a title, effort,
    and rows of exercise, sets, reps, load, RIR."""
    return _quick_page(web, athlete_id)


def _parse_row(
    web: Web, row: Row, number: int, units: Units, athlete_id: int
) -> list[dict[str, Any]]:
    """The sets of one filled row (errors, with the library's suggestions, go on the row)."""
    where = f"row {number}"
    if not row.exercise:
        row.errors.append(f"{where}: which exercise? Type its name")
    else:
        try:
            # The athlete's own exercises (names the library lacks, kept as theirs) first.
            row.exercise = exercises.resolve(web.ctx, row.exercise, athlete_id=athlete_id).name
        except InvalidInput as exc:
            row.errors.append(f"{where}: {exc.message}")
            row.suggestions = [str(s) for s in exc.details.get("suggestions", [])]
    parsed: dict[str, Any] = {}
    checks: tuple[tuple[str, Callable[[], float | None]], ...] = (
        ("sets", lambda: _number(row.sets, f"{where} sets", whole=True)),
        ("reps", lambda: _number(row.reps, f"{where} reps", whole=True)),
        ("weight_kg", lambda: _weight(row.weight, f"{where} weight", units)),
        ("rir", lambda: _number(row.rir, f"{where} RIR")),
    )
    for key, parse in checks:
        try:
            parsed[key] = parse()
        except InvalidInput as exc:
            row.errors.append(exc.message)
    if "reps" in parsed and parsed["reps"] is None:
        row.errors.append(f"{where}: how many reps per set, e.g. 5")
    count = parsed.get("sets")
    if count is not None and not 1 <= count <= MAX_SETS_PER_ROW:
        row.errors.append(f"{where} sets: from 1 to {MAX_SETS_PER_ROW}")
    if row.errors:
        return []
    one = {
        "exercise": row.exercise,
        "reps": int(parsed["reps"]),
        "weight_kg": parsed["weight_kg"],
        "rir": parsed["rir"],
        "is_warmup": row.warmup,
    }
    return [dict(one) for _ in range(int(count or 1))]


@router.post("/athletes/{athlete_id}/log")
async def quick_log(athlete_id: AthleteId, web: WebDep) -> Response:
    """Log the workout (or, for "More rows", the form again with more). A name the library
    does not know, or knows several ways, keeps the form with the library's suggestions beside
    the row to choose from; nothing is stored until every row is right."""
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    web.athlete(athlete_id)
    rows = _rows(form)
    typed = {
        k: str(form.get(k, "")).strip()[:200]
        for k in ("started_at", "title", "duration_min", "session_rpe", "nonce")
    }
    if form.get("more"):
        rows += [Row() for _ in range(min(MORE_ROWS, MAX_ROWS - len(rows)))]
        return _quick_page(web, athlete_id, rows=rows, typed=typed)
    errors: list[str] = []
    if not NONCE.match(typed["nonce"]):
        typed["nonce"] = secrets.token_hex(16)
    zone = zone_named(web.athlete(athlete_id).timezone)
    try:
        started = datetime.fromisoformat(typed["started_at"])
        started = started.replace(tzinfo=zone) if started.tzinfo is None else started
    except ValueError:
        errors.append("when: a date and time like 2026-11-20T18:30")
        started = None
    spec: dict[str, Any] = {"title": typed["title"][:120], "source": "web"}
    for key, name, unit in (("duration_min", "duration", 60.0), ("session_rpe", "session RPE", 1.0)):  # fmt: skip
        try:
            value = _number(typed[key], name)
        except InvalidInput as exc:
            errors.append(exc.message)
            continue
        if value is not None:
            spec["duration_s" if key == "duration_min" else key] = value * unit
    units = _units(web, athlete_id)
    sets = [
        s
        for n, row in enumerate(rows, 1)
        if not row.empty
        for s in _parse_row(web, row, n, units, athlete_id)
    ]
    if not any(not row.empty for row in rows):
        errors.append("add at least one row: an exercise with its reps")
    if errors or any(row.errors for row in rows):
        return _quick_page(web, athlete_id, rows=rows, typed=typed, errors=errors, status=422)
    spec.update(started_at=started, sets=sets, source_id=f"quick-log-{typed['nonce']}")
    try:
        logged = training_log.log_workout(web.ctx, athlete_id, spec)
    except InvalidInput as exc:
        return _quick_page(
            web, athlete_id, rows=rows, typed=typed, errors=[exc.message], status=422
        )
    return RedirectResponse(
        f"/athletes/{athlete_id}/workouts/{logged.id}?logged=1", status_code=303
    )


# --------------------------------------------------------------------------- quick log: cardio

# What the kind field offers (any other word is taken too: "trail run", "hike").
CARDIO_KINDS = ("run", "ride", "row", "walk", "swim", "hike", "elliptical", "ski")
CARDIO_LOG_TYPED = ("kind", "started_at", "duration", "distance", "avg_hr", "session_rpe", "notes", "nonce")  # fmt: skip
# Where the service's refusals go on the form: the column's field.
CARDIO_LOG_FIELDS = {
    "activity_type": "kind",
    "started_at": "started_at",
    "duration_s": "duration",
    "distance_m": "distance",
    "avg_hr": "avg_hr",
    "session_rpe": "session_rpe",
    "notes": "notes",
}


def _cardio_log_page(
    web: Web,
    athlete_id: int,
    *,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    typed = typed or {
        "kind": "run",
        "started_at": _local_now(web, athlete_id).isoformat(timespec="minutes"),
        "nonce": secrets.token_hex(16),
    }
    response = web.page(
        "history_log_cardio.html",
        "Log a run, ride or row",
        web.athlete(athlete_id),
        typed=typed,
        errors=errors or {},
        kinds=CARDIO_KINDS,
    )
    return _answered(web, response, status)


@router.get("/athletes/{athlete_id}/log/cardio")
def cardio_log_page(athlete_id: AthleteId, web: WebDep) -> HTMLResponse:
    """A form for a run, ride or row the plan does not hold: the kind, when (now by default),
    how long, how far (in the athlete's unit, or with one), and, if known, the average heart
    rate and the session RPE."""
    return _cardio_log_page(web, athlete_id)


@router.post("/athletes/{athlete_id}/log/cardio")
async def cardio_log(athlete_id: AthleteId, web: WebDep) -> Response:
    """Log the session through ``training_log.log_cardio``; each bad field is named beside it
    and nothing is stored until every field is right. The same form sent twice (its nonce)
    is stored once."""
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    athlete = web.athlete(athlete_id)
    typed = {
        k: str(form.get(k, "")).strip()[: 5000 if k == "notes" else 200] for k in CARDIO_LOG_TYPED
    }
    if not NONCE.match(typed["nonce"]):
        typed["nonce"] = secrets.token_hex(16)
    errors: dict[str, str] = {}
    spec: dict[str, Any] = {"source": "web", "source_id": f"quick-log-{typed['nonce']}"}
    if typed["kind"]:
        spec["activity_type"] = typed["kind"][:40]
    else:
        errors["kind"] = "kind: what it was, e.g. run, ride or row"
    try:
        started = datetime.fromisoformat(typed["started_at"])
        zone = zone_named(athlete.timezone)
        spec["started_at"] = started.replace(tzinfo=zone) if started.tzinfo is None else started
    except ValueError:
        errors["started_at"] = "when: a date and time like 2026-11-20T18:30"
    units = _units(web, athlete_id)
    for key, name in (("duration_s", "duration"), ("distance_m", "distance"), ("avg_hr", "avg_hr")):  # fmt: skip
        try:
            value = _cardio_value(key, typed[name], units)
        except InvalidInput as exc:
            errors[name] = exc.message
            continue
        if value is not None:
            spec[key] = value
    if "duration" not in errors and "duration_s" not in spec:
        errors["duration"] = "duration: how long it lasted, e.g. 30 (minutes) or 1:05:00"
    try:
        rpe = _number(typed["session_rpe"], "session RPE")
        if rpe is not None:
            spec["session_rpe"] = rpe
    except InvalidInput as exc:
        errors["session_rpe"] = exc.message
    spec["notes"] = typed["notes"]
    if not errors:
        try:
            logged = training_log.log_cardio(web.ctx, athlete_id, spec)
        except InvalidInput as exc:
            _service_errors(exc, errors, CARDIO_LOG_FIELDS)
        else:
            return RedirectResponse(
                f"/athletes/{athlete_id}/cardio/{logged.id}?logged=1", status_code=303
            )
    return _cardio_log_page(web, athlete_id, typed=typed, errors=errors, status=422)
