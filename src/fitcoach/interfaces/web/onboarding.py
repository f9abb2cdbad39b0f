"""The first-run steps (``/welcome``): the profile a first plan needs, then the plan.

A new account lands here after sign-up, and an athlete without a plan in force after sign-in
(``pages.start``). Six short steps, one form each: goals and experience; days a week and
minutes a session; equipment (a preset like the bot's, or item by item); injuries and
conditions; units (metric: kg and km, or imperial: lb and mi) and, optionally, the country
(pre-filled from the time zone where it names one; it picks the crisis line); height, weight
and sex in those units (what nutrition targets are computed from; each may be left for later). Each step is checked by the
profile schema (``ProfileFields``, the bounds the API and the bot use) and saved when it is
sent, so leaving half-way keeps what was given; a bad field is named beside itself and
nothing of that step is stored. The last step generates the plan (``plans.generate``, through
the safety validator) and lands on today's page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Path
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.schemas import AthleteOut, ProfileFields, ProfileOut
from fitcoach.core.countries import country_of_zone
from fitcoach.core.domain import Role
from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.core.units import Units, height_number, mass_number, mass_unit, units_or_default
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.web.profile import COUNTRIES
from fitcoach.interfaces.web.render import Web, WebDep, WebRoute, home_for
from fitcoach.services import athletes, health, monitoring, plans
from fitcoach.services.context import validation_context

router = IndexedRouter(route_class=WebRoute, include_in_schema=False)


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    fields: tuple[str, ...]


STEPS = (
    Step("goals", "Your goals", ("goals", "experience_level")),
    Step("week", "Your week", ("days_per_week", "session_minutes")),
    Step("equipment", "Where you train", ("equipment",)),
    Step("health", "Injuries and conditions", ("injuries", "conditions")),
    Step("units", "Units and country", ("units", "country")),
    Step("body", "Your body", ("height_cm", "weight_kg", "sex")),
)
BY_KEY = {s.key: s for s in STEPS}
StepKey = Annotated[str, Path(max_length=20)]
PRESETS = {
    "none": "No equipment (bodyweight)",
    "home_dumbbells": "Dumbbells and a bench",
    "home_gym": "A home gym (barbell, rack, dumbbells, pull-up bar)",
    "full_gym": "A full gym",
}
UNIT_LABELS = {"metric": "Metric: kg and km", "imperial": "Imperial: lb and miles"}
SEX_LABELS = {"female": "Female", "male": "Male", "other": "Other, or rather not say"}
# What each body field is called on the page (never its stored name).
BODY_LABELS = {"height_cm": "height", "weight_kg": "weight", "sex": "sex"}
# The bar and plates an imperial lifter most likely has (when they have told of none yet).
LB_PLATES = {"unit": "lb", "bar": 45, "plates": [45, 35, 25, 10, 5, 2.5]}


def _own(web: Web) -> AthleteOut:
    """The signed-in athlete (the steps are theirs alone)."""
    own = web.own_athlete_id
    if web.role != Role.athlete or own is None:
        raise NotFound("the first-run steps are for a signed-in athlete")
    return web.athlete(own)


def _preset_of(equipment: list[str]) -> str:
    wanted = set(equipment)
    return next((k for k in PRESETS if set(vocab.EQUIPMENT_PRESETS[k]) == wanted), "custom")


def _values(profile: ProfileOut, timezone: str) -> dict[str, Any]:
    """The steps' form values for a stored profile (the country, when none is stored, the one
    the time zone is named for: a suggestion the athlete sees and may clear)."""
    return {
        "goals": list(profile.goals),
        "experience_level": profile.experience_level,
        "days_per_week": str(profile.days_per_week),
        "session_minutes": str(profile.session_minutes),
        "preset": _preset_of(profile.equipment),
        "equipment": list(profile.equipment),
        "injuries": [i["region"] for i in profile.injuries],
        "conditions": list(profile.conditions),
        "units": profile.units,
        "country": profile.country or country_of_zone(timezone) or "",
        "height_cm": height_number(profile.height_cm, profile.units),
        "weight_kg": mass_number(profile.weight_kg, profile.units, kind="body"),
        "sex": profile.sex or "",
    }


def _page(
    web: Web,
    athlete: AthleteOut,
    step: Step,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    assert athlete.profile is not None  # every athlete has one
    index = STEPS.index(step)
    response = web.page(
        "welcome.html",
        f"Welcome: {step.title.lower()}",
        athlete,
        step=step,
        steps=STEPS,
        index=index,
        previous=STEPS[index - 1] if index else None,
        last=index == len(STEPS) - 1,
        values=values or _values(athlete.profile, athlete.timezone),
        errors=errors or {},
        goals=vocab.GOALS,
        levels=vocab.LEVELS,
        presets=PRESETS,
        equipment=vocab.EQUIPMENT,
        regions=vocab.BODY_REGIONS,
        conditions=vocab.CONDITIONS,
        unit_labels=UNIT_LABELS,
        countries=COUNTRIES,
        sex_labels=SEX_LABELS,
        mass_unit=mass_unit(athlete.profile.units),
        flags=health.open_flags(web.ctx, athlete.id),
    )
    response.status_code = status
    if status >= 400:
        web.request.state.failed = True
    return response


def _step(key: str) -> Step:
    step = BY_KEY.get(key)
    if step is None:
        raise NotFound(f"no first-run step {key[:20]!r}; they are {', '.join(BY_KEY)}")
    return step


@router.get("/welcome")
def welcome(web: WebDep) -> RedirectResponse:
    """The first step (someone who is not an athlete goes to their own start)."""
    if web.role != Role.athlete or web.own_athlete_id is None:
        return RedirectResponse(home_for(web), status_code=303)
    return RedirectResponse(f"/welcome/{STEPS[0].key}", status_code=303)


@router.get("/welcome/{key}")
def welcome_step(key: StepKey, web: WebDep) -> HTMLResponse:
    """One step's form, filled in with what the profile holds."""
    return _page(web, _own(web), _step(key))


def _read(step: Step, data: Any, athlete: AthleteOut) -> tuple[dict[str, Any], dict[str, Any]]:
    """The step's form as shown again (``values``) and as the profile fields it sets."""
    profile = athlete.profile
    assert profile is not None  # every athlete has one
    values = _values(profile, athlete.timezone)
    fields: dict[str, Any] = {}
    if step.key == "goals":
        values["goals"] = [str(v) for v in data.getlist("goals")]
        values["experience_level"] = str(data.get("experience_level", ""))
        fields = {"goals": values["goals"], "experience_level": values["experience_level"]}
    elif step.key == "week":
        for name in step.fields:
            values[name] = str(data.get(name, "")).strip()
            fields[name] = values[name]
    elif step.key == "equipment":
        values["preset"] = str(data.get("preset", ""))
        values["equipment"] = [str(v) for v in data.getlist("equipment")]
        if values["preset"] in PRESETS:
            fields["equipment"] = list(vocab.EQUIPMENT_PRESETS[values["preset"]])
        elif values["preset"] == "custom":
            fields["equipment"] = values["equipment"]
        else:
            fields["equipment"] = None  # reported as missing
    elif step.key == "health":
        values["injuries"] = [str(v) for v in data.getlist("injuries")]
        values["conditions"] = [str(v) for v in data.getlist("conditions")]
        kept = {i["region"]: dict(i) for i in profile.injuries}  # a known injury keeps its note
        fields["injuries"] = [
            {k: v for k, v in kept.get(r, {"region": r}).items() if v is not None}
            for r in values["injuries"]
        ]
        fields["conditions"] = values["conditions"]
    elif step.key == "units":
        values["units"] = str(data.get("units", ""))
        fields["units"] = values["units"]
        values["country"] = str(data.get("country", "")).strip()
        fields["country"] = values["country"] or None  # optional: "not given" clears it
    elif step.key == "body":
        for name in step.fields:  # each optional: what is left empty is asked again later
            values[name] = str(data.get(name, "")).strip()
            if values[name]:
                fields[name] = values[name]
    return values, fields


MISSING = {
    "goals": "goals: pick at least one",
    "experience_level": "experience: pick one",
    "days_per_week": "days a week: write a number from 1 to 7",
    "session_minutes": "minutes a session: write a number from 10 to 300",
    "equipment": "equipment: pick what you have, or 'No equipment'",
    "units": "units: pick metric or imperial",
}


def _check(web: Web, fields: dict[str, Any], units: Units) -> dict[str, str]:
    """The problems of the step's fields, by field (the profile schema's words); a valid field
    is replaced by its stored value (a height typed "5 ft 10" becomes centimetres: a number
    typed without a unit is in the athlete's ``units``)."""
    errors: dict[str, str] = {}
    context = validation_context(web.ctx.clock, units)
    for name, value in fields.items():
        if name in MISSING and value in (None, "", []):
            errors[name] = MISSING[name]
            continue
        try:
            checked = ProfileFields.model_validate({name: value}, context=context)
        except ValidationError as exc:
            label = BODY_LABELS.get(name, name.replace("_", " "))
            errors[name] = f"{label}: " + "; ".join(
                e["msg"].removeprefix("Value error, ") for e in exc.errors()
            )
            continue
        if name in BODY_LABELS:
            fields[name] = getattr(checked, name)
    return errors


@router.post("/welcome/{key}")
async def save_step(key: StepKey, web: WebDep) -> Response:
    """Save one step and go on; the last one generates the first plan."""
    data = await web.request.form()
    web.check_csrf(str(data.get("csrf_token", "")))
    athlete = _own(web)
    step = _step(key)
    assert athlete.profile is not None
    values, fields = _read(step, data, athlete)
    errors = _check(web, fields, units_or_default(athlete.profile.units))
    if errors:
        return _page(web, athlete, step, values=values, errors=errors, status=422)
    if step.key == "units" and fields["units"] == "imperial" and athlete.profile.plates is None:
        fields["plates"] = LB_PLATES
    try:
        if fields:
            athletes.update_profile(web.ctx, athlete.id, fields)
    except InvalidInput as exc:
        return _page(web, athlete, step, values=values, errors={"form": exc.message}, status=422)
    index = STEPS.index(step)
    if index + 1 < len(STEPS):
        return RedirectResponse(f"/welcome/{STEPS[index + 1].key}", status_code=303)
    return _first_plan(web, athlete, values)


def _first_plan(web: Web, athlete: AthleteOut, values: dict[str, Any]) -> Response:
    """Generate the plan from the profile just given and land on today's page. With a plan in
    force already the new one waits for approval on the plan page; a red flag or the safety
    validator's refusal is said on the last step."""
    ctx = web.ctx
    view = plans.generate(ctx, athlete.id, start=monitoring.local_today(ctx, athlete.id))
    if view.status == "active":
        return RedirectResponse("/?welcome=1", status_code=303)
    if view.status == "proposed":
        return RedirectResponse(
            f"/athletes/{athlete.id}/plan?done=generated_proposed", status_code=303
        )
    reason = view.escalation or "; ".join(view.reasons_text[:3])
    message = f"No plan yet: {reason}" if reason else "No plan could be made from this profile yet."
    athlete = web.athlete(athlete.id)  # the profile as just saved
    return _page(web, athlete, STEPS[-1], values=values, errors={"form": message}, status=409)
