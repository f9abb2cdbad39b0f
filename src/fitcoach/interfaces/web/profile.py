"""The profile page: what the plan, the safety rules and the nutrition targets are made from.

Every field of the profile in one form (the athlete, a linked coach or an admin, as the API's
``PATCH /athletes/{id}``). Only the fields that differ from what is stored are written, so a
change to an injury, a condition, the equipment, the level or the birth date proposes the plan
made safe exactly as the API does. A bad field is named beside itself and nothing is stored;
every value typed stays in the form.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.schemas import PlateSetup, ProfileFields, ProfileOut
from fitcoach.core.countries import country_names, country_of_zone
from fitcoach.core.errors import InvalidInput
from fitcoach.core.units import UNIT_SYSTEMS, height_number, mass_number
from fitcoach.interfaces.api.deps import MAX_ID
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.web.render import Web, WebDep, WebRoute
from fitcoach.services import athletes, plans
from fitcoach.services.context import validation_context

router = IndexedRouter(route_class=WebRoute, include_in_schema=False)

AthleteId = Annotated[int, Path(ge=1, le=MAX_ID)]
LISTS = ("goals", "equipment", "conditions", "dietary_restrictions")
WORDS = ("sports", "preferences", "dislikes")
NUMBERS = ("height_cm", "weight_kg", "days_per_week", "session_minutes")
CHOICES = {
    "goals": vocab.GOALS,
    "equipment": vocab.EQUIPMENT,
    "conditions": vocab.CONDITIONS,
    "dietary_restrictions": vocab.DIETARY_RESTRICTIONS,
    "experience_level": vocab.LEVELS,
    "sex": ("female", "male", "other"),
    "region": vocab.BODY_REGIONS,
    "severity": ("mild", "moderate", "severe"),
    "plate_unit": ("kg", "lb"),
    "units": UNIT_SYSTEMS,
}
DEFAULT_PLATES = PlateSetup()  # a 20 kg bar and standard kg plates
MAX_INJURIES = 20
PLATE_FIELDS = ("plate_unit", "bar", "plates")
# The country select's choices, by name (code, name): optional, for the crisis line.
COUNTRIES = sorted(country_names().items(), key=lambda item: item[1])


def form_of(profile: ProfileOut, timezone: str) -> dict[str, Any]:
    """The form's values for a stored profile (strings, and lists for the checkboxes); the
    country, when none is stored, the one ``timezone`` is named for (a suggestion to keep or
    clear: saved only with the form)."""
    values: dict[str, Any] = {
        "country": profile.country or country_of_zone(timezone) or "",
        "birth_date": profile.birth_date.isoformat() if profile.birth_date else "",
        "sex": profile.sex or "",
        "units": profile.units,
        "experience_level": profile.experience_level,
        "injuries": [
            {
                "region": i.get("region", ""),
                "severity": i.get("severity", "moderate"),
                "note": i.get("note", ""),
                "since": str(i.get("since") or ""),
            }
            for i in profile.injuries
        ],
    }
    for name in NUMBERS:
        value = getattr(profile, name)
        values[name] = "" if value is None else f"{value:g}"
    # The weight and the height in the unit the form labels them with (the athlete's: 176 lb,
    # 5 ft 10); typed back, they read the same.
    values["weight_kg"] = mass_number(profile.weight_kg, profile.units, kind="body")
    values["height_cm"] = height_number(profile.height_cm, profile.units)
    for name in LISTS:
        values[name] = list(getattr(profile, name))
    for name in WORDS:  # stored as codes ("strength_training"), read back the same from words
        values[name] = ", ".join(w.replace("_", " ") for w in getattr(profile, name))
    setup = profile.plates or DEFAULT_PLATES
    values["plate_unit"] = setup.unit
    values["bar"] = f"{setup.bar:g}"
    values["plates"] = ", ".join(f"{p:g}" for p in setup.plates)
    return values


def _read(data: Any) -> dict[str, Any]:
    """The submitted form as the page shows it again (every value as typed)."""
    values: dict[str, Any] = {
        k: str(data.get(k, "")).strip()
        for k in (
            "birth_date",
            "sex",
            "units",
            "country",
            "experience_level",
            *NUMBERS,
            *WORDS,
            *PLATE_FIELDS,
        )
    }
    for name in LISTS:
        values[name] = [str(v) for v in data.getlist(name)]
    injuries = []
    for i in range(MAX_INJURIES + 1):
        region = str(data.get(f"injury-{i}-region", "")).strip()
        if not region or data.get(f"injury-{i}-remove") == "1":
            continue
        injuries.append(
            {
                "region": region,
                "severity": str(data.get(f"injury-{i}-severity", "moderate")),
                "note": str(data.get(f"injury-{i}-note", "")).strip(),
                "since": str(data.get(f"injury-{i}-since", "")).strip(),
            }
        )
    values["injuries"] = injuries
    return values


def changes_of(
    values: dict[str, Any], stored: ProfileOut, web: Web
) -> tuple[dict[str, Any], dict[str, str]]:
    """The fields that differ from the stored profile, validated one by one, and the
    problems by field (nothing is written while there is one)."""
    wanted: dict[str, Any] = {
        "birth_date": values["birth_date"] or None,
        "sex": values["sex"] or None,
        "country": values["country"] or None,
        "experience_level": values["experience_level"],
        "injuries": [
            {k: v for k, v in i.items() if v or k == "region"} for i in values["injuries"]
        ],
    }
    if values.get("units"):  # a form without the choice leaves it as it is
        wanted["units"] = values["units"]
    for name in NUMBERS:
        text = values[name].replace(",", ".")
        wanted[name] = text or None
    for name in LISTS:
        wanted[name] = values[name]
    for name in WORDS:
        wanted[name] = [w.strip() for w in values[name].split(",") if w.strip()]
    wanted["plates"] = {
        "unit": values["plate_unit"] or "kg",
        "bar": values["bar"].replace(",", ".") or None,
        "plates": [p.strip() for p in values["plates"].replace(";", ",").split(",") if p.strip()],
    }
    errors: dict[str, str] = {}
    changes: dict[str, Any] = {}
    # A weight typed without a unit is in the unit the form showed it in: the stored one (the
    # label does not follow a change of the unit choice until the page is saved).
    context = validation_context(web.ctx.clock, stored.units)
    for name, value in wanted.items():
        try:
            checked = ProfileFields.model_validate({name: value}, context=context)
        except ValidationError as exc:
            errors[name] = "; ".join(
                e["msg"].removeprefix("Value error, ")
                + (f" ({'.'.join(str(p) for p in e['loc'][1:])})" if len(e["loc"]) > 1 else "")
                for e in exc.errors()
            )
            continue
        new = checked.model_dump()[name]
        if _same(name, new, getattr(stored, name)):
            continue
        shown = {
            "weight_kg": mass_number(stored.weight_kg, stored.units, kind="body"),
            "height_cm": height_number(stored.height_cm, stored.units),
        }
        if name in shown and values[name] == shown[name]:
            continue  # as the form showed it (to the whole pound, or inch): not a change
        # A weight or a height goes on as kg or cm: the service reads text without a unit by
        # the unit system the same change sets, and this form's number is in the one it showed.
        changes[name] = new if name in shown else value
    return changes, errors


def _same(name: str, new: Any, old: Any) -> bool:
    if name == "plates":  # nothing stored is the default set-up
        return bool(new == (old or DEFAULT_PLATES).model_dump())
    if name == "injuries":

        def key(items: list[Any]) -> list[tuple[str, str, str]]:
            return [
                (i["region"], i.get("severity") or "moderate", i.get("note") or "") for i in items
            ]

        return key(new or []) == key(old)
    return bool(new == old)


def _page(
    web: Web,
    athlete_id: int,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    athlete = web.athlete(athlete_id)
    assert athlete.profile is not None  # every athlete has one
    response = web.page(
        "profile.html",
        "Profile",
        athlete,
        values=values or form_of(athlete.profile, athlete.timezone),
        errors=errors or {},
        choices=CHOICES,
        countries=COUNTRIES,
        saved=web.request.query_params.get("saved") == "1",
        max_injuries=MAX_INJURIES,
    )
    response.status_code = status
    if status >= 400:
        web.request.state.failed = True
    return response


@router.get("/athletes/{athlete_id}/profile")
def profile_page(athlete_id: AthleteId, web: WebDep) -> HTMLResponse:
    """Every profile field in one form."""
    return _page(web, athlete_id)


@router.post("/athletes/{athlete_id}/profile")
async def save_profile(athlete_id: AthleteId, web: WebDep) -> Response:
    """Write the fields that changed (the API's profile update, the plan proposal included)."""
    data = await web.request.form()
    web.check_csrf(str(data.get("csrf_token", "")))
    athlete = web.athlete(athlete_id)
    assert athlete.profile is not None
    values = _read(data)
    changes, errors = changes_of(values, athlete.profile, web)
    if not errors and changes:
        try:
            athletes.update_profile(web.ctx, athlete_id, changes)
        except InvalidInput as exc:
            errors["form"] = exc.message
        else:
            plans.propose_for_profile(
                web.ctx, athlete_id, changes.keys(), proposed_by=plans.proposer_for(web.ctx)
            )
    if errors:
        return _page(web, athlete_id, values, errors, status=422)
    return RedirectResponse(f"/athletes/{athlete_id}/profile?saved=1", status_code=303)
