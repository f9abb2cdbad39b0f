"""One set of a logged workout: its reps, load, RIR and warm-up to correct, or the set to
delete; each asked first. The exercise's records are folded again by the service.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from fitcoach.coach import wording
from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.core.units import Units, format_mass, mass_number
from fitcoach.interfaces.web.render import Web, WebDep
from fitcoach.interfaces.web.training_log.forms import _number, _weight
from fitcoach.interfaces.web.training_log.views import (
    AthleteId,
    EntryId,
    _answered,
    _confirm_edit,
    _units,
    router,
)
from fitcoach.services import training_log


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
        "set_edit.html",
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
        return _confirm_edit(
            web,
            athlete,
            "Save this change?",
            action=f"{target}/sets/{set_id}/edit",
            heading=f"Change set {number} of {s['exercise_name']}?",
            lines=[f"Before: {_set_words(s, units)}", f"After: {_set_words(after, units)}"],
            note="Personal records and e1RM are worked out again from your sets.",
            typed=typed,
            submit="Save change",
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
        "confirm.html",
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
