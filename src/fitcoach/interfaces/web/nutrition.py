"""The nutrition page: targets against what was eaten today, meals logged by searching the
shipped food table (grams in, energy and macros computed), and a three-day meal plan.

The meal plan comes from ``nutrition.meal_plan``, which keeps plans by their inputs: the
optimiser runs when the targets, the profile's restrictions or dislikes, the day or the food
table change, not on every view. The plan starts today and its seed is the day, so each day
brings a fresh plan while views within a day show the same one.

A view never waits for the optimiser (a second of CPU, several on a busy machine): a plan made
already is on the page; otherwise the page says the plan is being made and its script asks for
it (``/nutrition/plan``, the plan's section alone) and puts it in place. Without the script, the
page's link asks for the page with the plan (``?plan=now``), which waits for it.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Annotated, Any

from fastapi import Path
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from fitcoach.analysis.energy import NutritionTargets
from fitcoach.coach.nutrition import MEAL_TYPES, meal_of_hour, protein_sources
from fitcoach.coach.schemas import MealIn
from fitcoach.core.clock import zone_named
from fitcoach.core.errors import FitcoachError, InvalidInput, NotFound
from fitcoach.core.units import parse_food_grams
from fitcoach.interfaces.api import photos
from fitcoach.interfaces.api.deps import MAX_ID, outside_write_slot
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.web.render import UploadRoute, Web, WebDep, WebRoute
from fitcoach.services import food_photo, monitoring, nutrition, training_log

router = IndexedRouter(route_class=WebRoute, include_in_schema=False)
uploads = IndexedRouter(route_class=UploadRoute, include_in_schema=False)

AthleteId = Annotated[int, Path(ge=1, le=MAX_ID)]
PLAN_DAYS = 3
MACROS = ("calories_kcal", "protein_g", "carbs_g", "fat_g")
MEAL_CHOICES = (*MEAL_TYPES, "meal")
SAVED = {
    "food": "Logged.",
    "planned": "The planned meal is logged as eaten.",
    "typed": "Meal logged.",
    "photo": "The meal from the photo is logged.",
    "edited": "The meal is changed.",
    "deleted": "The meal is deleted.",
}


def plan_seed(day: date) -> int:
    """Each day a fresh plan, the same one all day."""
    return day.toordinal()


def _grams(text: str) -> float:
    value = text.strip().replace(",", ".")
    try:
        grams = float(value)
    except ValueError:
        grams = math.nan
    if not math.isfinite(grams):
        raise InvalidInput(f"grams: write a number, e.g. 150 (got {text[:40]!r})", field="grams")
    return grams


def _portion(text: str) -> float:
    value = text.strip().replace(",", ".") or "1"
    try:
        portion = float(value)
    except ValueError:
        portion = math.nan
    if not math.isfinite(portion):
        raise InvalidInput(
            f"portion: write how many servings, e.g. 1.5 (got {text[:40]!r})", field="portion"
        )
    return portion


def _page(
    web: Web,
    athlete_id: int,
    *,
    query: str = "",
    meal: str | None = None,
    picked: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    wait_for_plan: bool = False,
    photo: food_photo.PhotoSuggestion | None = None,
) -> HTMLResponse:
    athlete = web.athlete(athlete_id)
    ctx = web.ctx
    today = monitoring.local_today(ctx, athlete_id)
    zone = zone_named(athlete.timezone)
    targets, targets_missing = _targets(web, athlete_id, today)
    start = datetime.combine(today, time.min, tzinfo=zone)
    meals = [
        m
        for m in training_log.history(
            ctx, athlete_id, "meals", today - timedelta(days=1), today + timedelta(days=1)
        )
        if start <= m["eaten_at"] < start + timedelta(days=1)
    ]
    eaten = {key: round(sum(m.get(key) or 0 for m in meals), 1) for key in MACROS}
    found = nutrition.search_foods(query) if query.strip() else []
    now_meal = meal_of_hour(ctx.clock.now().astimezone(zone).hour)
    response = web.page(
        "nutrition.html",
        "Nutrition",
        athlete,
        today=today,
        targets=targets,
        targets_missing=targets_missing,
        **_plan_part(web, athlete_id, today, targets, wait=wait_for_plan),
        meals=meals,
        eaten=eaten,
        query=query,
        found=found,
        meal=meal if meal in MEAL_CHOICES else now_meal,
        meal_choices=MEAL_CHOICES,
        picked=picked or {},
        typed=typed or {},
        errors=errors or {},
        photo=photo,
        saved=SAVED.get(web.request.query_params.get("saved", "")),
    )
    response.status_code = status
    if status >= 400:
        web.request.state.failed = True
    return response


def _targets(web: Web, athlete_id: int, today: date) -> tuple[NutritionTargets | None, str | None]:
    """The day's targets, or why there are none (what the profile lacks)."""
    try:
        return nutrition.targets(web.ctx, athlete_id, today), None
    except (NotFound, InvalidInput) as exc:
        return None, exc.message


def _plan_part(
    web: Web, athlete_id: int, today: date, targets: NutritionTargets | None, *, wait: bool
) -> dict[str, Any]:
    """What the plan's section shows: the plan (made already, or made now when ``wait``), why
    there is none, or that it is being made (``plan_pending``)."""
    meal_plan, plan_missing = None, None
    if targets is not None:
        try:
            meal_plan = (nutrition.meal_plan if wait else nutrition.stored_meal_plan)(
                web.ctx,
                athlete_id,
                days=PLAN_DAYS,
                seed=plan_seed(today),
                day=today,
                for_targets=targets,
            )
        except (NotFound, InvalidInput) as exc:
            plan_missing = exc.message
    return {
        "dates": [today + timedelta(days=i) for i in range(PLAN_DAYS)],
        "meal_plan": meal_plan,
        "protein_why": [protein_sources(d, meal_plan.targets.protein_g) for d in meal_plan.days]
        if meal_plan is not None
        else [],
        "plan_missing": plan_missing,
        "plan_pending": targets is not None and meal_plan is None and plan_missing is None,
    }


@router.get("/athletes/{athlete_id}/nutrition")
def nutrition_page(athlete_id: AthleteId, web: WebDep) -> HTMLResponse:
    """Targets with reasons, today's meals, the food search and a three-day meal plan (at
    once when it is made already; ``?plan=now`` waits for it)."""
    params = web.request.query_params
    return _page(
        web,
        athlete_id,
        query=params.get("q", "")[:100],
        meal=params.get("meal"),
        wait_for_plan=params.get("plan") == "now",
    )


@router.get("/athletes/{athlete_id}/nutrition/plan")
def nutrition_plan_part(athlete_id: AthleteId, web: WebDep) -> HTMLResponse:
    """The meal plan's section alone, made now if it is not yet (the page's script puts it in
    place of the section that says it is being made)."""
    athlete = web.athlete(athlete_id)
    today = monitoring.local_today(web.ctx, athlete_id)
    targets, _ = _targets(web, athlete_id, today)
    return web.page(
        "_nutrition_plan.html",
        "Nutrition",
        athlete,
        today=today,
        **_plan_part(web, athlete_id, today, targets, wait=True),
    )


async def _form(web: Web) -> dict[str, str]:
    data = await web.request.form()
    web.check_csrf(str(data.get("csrf_token", "")))
    return {k: str(v) for k, v in data.items() if k != "csrf_token"}


def _meal_type(form: dict[str, str]) -> str:
    meal = form.get("meal_type", "meal")
    if meal not in MEAL_CHOICES:
        raise InvalidInput(
            f"meal: choose one of {', '.join(MEAL_CHOICES)} (got {meal[:20]!r})", field="meal"
        )
    return meal


@router.post("/athletes/{athlete_id}/meals/food")
async def log_food(athlete_id: AthleteId, web: WebDep) -> Response:
    """Log grams of a food found by the search; energy and macros come from the table."""
    form = await _form(web)
    web.athlete(athlete_id)
    query = form.get("q", "")[:100]
    try:
        meal = _meal_type(form)
        nutrition.log_food(
            web.ctx,
            athlete_id,
            form.get("slug", ""),
            parse_food_grams(form.get("grams", "").strip()),  # "150", "150 g", "6 oz"
            meal_type=meal,
            source="web",
        )
    except (InvalidInput, NotFound) as exc:
        return _page(
            web,
            athlete_id,
            query=query,
            meal=form.get("meal_type"),
            picked={"slug": form.get("slug", ""), "grams": form.get("grams", "")},
            errors={"food": exc.message},
            status=422 if isinstance(exc, InvalidInput) else 404,
        )
    return RedirectResponse(f"/athletes/{athlete_id}/nutrition?saved=food#log", status_code=303)


@router.post("/athletes/{athlete_id}/meals/planned")
async def log_planned(athlete_id: AthleteId, web: WebDep) -> Response:
    """Log one of today's planned meals as eaten, in the planned amounts."""
    form = await _form(web)
    web.athlete(athlete_id)
    today = monitoring.local_today(web.ctx, athlete_id)
    plan = nutrition.meal_plan(
        web.ctx, athlete_id, days=PLAN_DAYS, seed=plan_seed(today), day=today
    )
    wanted = form.get("meal", "")
    meal = next((m for m in plan.days[0].meals if m.meal == wanted), None)
    if meal is None:
        raise InvalidInput(f"today's plan has no meal {wanted[:20]!r}")
    nutrition.log_planned_meal(web.ctx, athlete_id, meal, source="web")
    return RedirectResponse(f"/athletes/{athlete_id}/nutrition?saved=planned#log", status_code=303)


@router.post("/athletes/{athlete_id}/meals")
async def log_meal(athlete_id: AthleteId, web: WebDep) -> Response:
    """Log a meal that is not in the food table, with the values of its label."""
    form = await _form(web)
    web.athlete(athlete_id)
    values: dict[str, Any] = {
        "eaten_at": web.ctx.clock.now(),
        "description": form.get("description", "").strip(),
        "source": "web",
    }
    errors: list[str] = []
    try:
        values["meal_type"] = _meal_type(form)
    except InvalidInput as exc:
        errors.append(exc.message)
    for key in MACROS:
        text = form.get(key, "").strip()
        if not text:
            continue
        try:
            values[key] = _grams(text)
        except InvalidInput:
            errors.append(f"{key.split('_')[0]}: write a number, e.g. 450 (got {text[:40]!r})")
    if not errors:
        try:
            training_log.log_meal(web.ctx, athlete_id, MealIn.model_validate(values))
        except ValidationError as exc:
            errors = [
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}".replace("_", " ")
                for e in exc.errors()
            ]
        except InvalidInput as exc:
            errors = [exc.message]
    if errors:
        return _page(
            web,
            athlete_id,
            typed=form,
            meal=form.get("meal_type"),
            errors={"typed": "; ".join(errors)},
            status=422,
        )
    return RedirectResponse(f"/athletes/{athlete_id}/nutrition?saved=typed#log", status_code=303)


@uploads.post("/athletes/{athlete_id}/meals/photo")
@outside_write_slot
async def meal_photo(athlete_id: AthleteId, web: WebDep) -> Response:
    """A photo (uploaded or taken with the phone's camera) becomes suggested dishes with their
    foods; nothing is logged until the person confirms a dish and its portion. The photo is
    read after the sign-in check (``UploadRoute``) and analysed in a photo thread, never on
    the event loop (``api.photos``); the page's script shrinks a large photo before sending."""
    data = await web.request.form()  # read already, after the sign-in check
    web.check_csrf(str(data.get("csrf_token", "")))
    upload = data.get("photo")
    meal = str(data.get("meal_type", ""))
    photo = b""
    if upload is not None and not isinstance(upload, str) and (upload.filename or upload.size):
        photo = await upload.read(web.request.app.state.settings.food_photo_max_bytes + 1)
    portion = str(data.get("portion", "1"))
    # All of it in a photo thread: the analysis and the page, never the handlers' threads.
    return await photos.run(
        web.request.app, partial(_photo_page, web, athlete_id, photo, portion, meal)
    )


def _photo_page(web: Web, athlete_id: int, photo: bytes, portion: str, meal: str) -> Response:
    settings = web.request.app.state.settings
    try:
        web.athlete(athlete_id)
        if not photo:
            raise InvalidInput(
                "photo: choose a photo of the meal, or take one with the camera", field="photo"
            )
        suggestion = food_photo.suggest(
            photo, portion=_portion(portion), model_dir=settings.models_path, settings=settings
        )
    except FitcoachError as exc:
        return _page(web, athlete_id, meal=meal, errors={"photo": exc.message}, status=422)
    return _page(web, athlete_id, meal=meal, photo=suggestion)


@router.post("/athletes/{athlete_id}/meals/photo/log")
async def log_photo(athlete_id: AthleteId, web: WebDep) -> Response:
    """Log the dish the person confirmed from a photo, at the portion they set."""
    form = await _form(web)
    web.athlete(athlete_id)
    try:
        if not form.get("dish"):
            raise InvalidInput(
                "dish: choose which dish it is (or log the meal by its foods)", field="dish"
            )
        nutrition.log_dish(
            web.ctx,
            athlete_id,
            form["dish"],
            _portion(form.get("portion", "1")),
            meal_type=_meal_type(form),
            source="web-photo",
        )
    except InvalidInput as exc:
        return _page(
            web, athlete_id, meal=form.get("meal_type"), errors={"photo": exc.message}, status=422
        )
    return RedirectResponse(f"/athletes/{athlete_id}/nutrition?saved=photo#photo", status_code=303)
