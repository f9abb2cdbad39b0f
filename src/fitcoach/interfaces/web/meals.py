"""A logged meal on the web: edited (what it was, energy and macros) or deleted, from the
nutrition page's list of what was eaten today. The training log's own corrections and deletes
(``training_log.correct_entry``, ``delete_entry``), as the history pages use for sessions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fitcoach.core.errors import InvalidInput
from fitcoach.interfaces.api.deps import MAX_ID
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.web.render import Web, WebDep, WebRoute
from fitcoach.services import training_log

router = IndexedRouter(route_class=WebRoute, include_in_schema=False)

AthleteId = Annotated[int, Path(ge=1, le=MAX_ID)]
MealId = Annotated[int, Path(ge=1, le=MAX_ID)]
# The fields a meal's form edits, as a person reads them (never the stored names).
FIELDS = {
    "description": "what it was",
    "calories_kcal": "energy (kcal)",
    "protein_g": "protein (g)",
    "carbs_g": "carbohydrate (g)",
    "fat_g": "fat (g)",
}


def _number(value: Any) -> str:
    return "" if value is None else f"{float(value):g}"


def _edit_page(
    web: Web,
    athlete_id: int,
    meal_id: int,
    *,
    values: dict[str, str] | None = None,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    meal = training_log.entry(web.ctx, athlete_id, "meals", meal_id)
    shown = values or {
        name: (str(meal.get(name) or "") if name == "description" else _number(meal.get(name)))
        for name in FIELDS
    }
    response = web.page(
        "meal_edit.html",
        "Edit a meal",
        web.athlete(athlete_id),
        meal=meal,
        labels=FIELDS,
        values=shown,
        error=error,
        back=f"/athletes/{athlete_id}/nutrition#log",
    )
    response.status_code = status
    if status >= 400:
        web.request.state.failed = True
    return response


@router.get("/athletes/{athlete_id}/meals/{meal_id}/edit")
def edit_meal_page(athlete_id: AthleteId, meal_id: MealId, web: WebDep) -> HTMLResponse:
    """The meal's form: what it was, energy and macros; and the way to delete it."""
    return _edit_page(web, athlete_id, meal_id)


@router.post("/athletes/{athlete_id}/meals/{meal_id}/edit")
async def edit_meal(athlete_id: AthleteId, meal_id: MealId, web: WebDep) -> Response:
    """Store the changed fields (checked as when the meal was logged); a bad one is named."""
    data = await web.request.form()
    web.check_csrf(str(data.get("csrf_token", "")))
    meal = training_log.entry(web.ctx, athlete_id, "meals", meal_id)
    values = {name: str(data.get(name, "")).strip() for name in FIELDS}
    changes: dict[str, Any] = {}
    for name, text in values.items():
        was = str(meal.get(name) or "") if name == "description" else _number(meal.get(name))
        if text != was:
            changes[name] = text if name == "description" or text else None
    if changes:
        try:
            training_log.correct_entry(web.ctx, athlete_id, "meals", meal_id, changes)
        except InvalidInput as exc:
            message = exc.message
            for name, label in FIELDS.items():
                message = message.replace(name, label)
            return _edit_page(web, athlete_id, meal_id, values=values, error=message, status=422)
    return RedirectResponse(f"/athletes/{athlete_id}/nutrition?saved=edited#log", status_code=303)


@router.get("/athletes/{athlete_id}/meals/{meal_id}/delete")
def delete_meal_page(athlete_id: AthleteId, meal_id: MealId, web: WebDep) -> HTMLResponse:
    """What deleting the meal removes, and the button that does it."""
    meal = training_log.entry(web.ctx, athlete_id, "meals", meal_id)
    kcal = meal.get("calories_kcal")
    line = str(meal.get("description") or "A meal") + (f" · {kcal:.0f} kcal" if kcal else "")
    back = f"/athletes/{athlete_id}/meals/{meal_id}/edit"
    return web.page(
        "confirm.html",
        "Delete this meal?",
        web.athlete(athlete_id),
        heading="Delete this meal?",
        lines=[line],
        when=meal["eaten_at"],
        note="It cannot be brought back; today's totals no longer count it.",
        action=f"/athletes/{athlete_id}/meals/{meal_id}/delete",
        fields={},
        submit="Delete meal",
        danger=True,
        cancel=back,
    )


@router.post("/athletes/{athlete_id}/meals/{meal_id}/delete")
async def delete_meal(athlete_id: AthleteId, meal_id: MealId, web: WebDep) -> Response:
    data = await web.request.form()
    web.check_csrf(str(data.get("csrf_token", "")))
    web.athlete(athlete_id)
    training_log.delete_entry(web.ctx, athlete_id, "meals", meal_id)
    return RedirectResponse(f"/athletes/{athlete_id}/nutrition?saved=deleted#log", status_code=303)
