"""The Measurements page: a day's tape measurements typed in the athlete's unit (cm or in), the
charts of every site over time beside body weight, each site's change since the first reading
and over the last four weeks, the U.S. Navy body-fat estimate with its error band, and the days
logged (with their notes). The athlete, a linked coach and an admin see it; the form writes
through the measurements service (its validation, units and consent)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Path
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fitcoach.analysis.body import CHANGE_WINDOW_DAYS
from fitcoach.coach.measurements import (
    BODY_FAT,
    BODY_FAT_FIELD,
    KINDS,
    NOTES_MAX,
    SITES,
    MeasurementsIn,
    label_of,
)
from fitcoach.core import bounds
from fitcoach.core.errors import InvalidInput
from fitcoach.core.units import (
    Units,
    length_number,
    length_unit,
    length_value,
    mass_number,
    mass_unit,
    units_or_default,
)
from fitcoach.interfaces.api.deps import MAX_ID
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.web.render import Web, WebDep, WebRoute
from fitcoach.services import measurements, monitoring
from fitcoach.services.context import validation_context
from fitcoach.services.measurements import Overview

router = IndexedRouter(route_class=WebRoute, include_in_schema=False)

AthleteId = Annotated[int, Path(ge=1, le=MAX_ID)]
DayPath = Annotated[bounds.Day, Path()]
DAYS_SHOWN = 60
# The form's groups of sites (every site once), as a tape goes round the body.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Torso", ("neck", "shoulders", "chest", "waist", "hips")),
    ("Arms", ("upper_arm_left", "upper_arm_right", "forearm_left", "forearm_right")),
    ("Legs", ("thigh_left", "thigh_right", "calf_left", "calf_right")),
)
# The charts: the torso's sites on one, the limbs' on another (their scales differ).
CHARTS = {"torso": GROUPS[0][1], "limbs": (*GROUPS[1][1], *GROUPS[2][1])}


# The sites the daily check-in offers (what the Navy estimate needs, and the chest); the
# Measurements page has them all.
CHECKIN_SITES = ("neck", "chest", "waist", "hips")
CHECKIN_FIELDS = (*(f"{k}_cm" for k in CHECKIN_SITES), BODY_FAT_FIELD)


def checkin_tape(
    web: Web, athlete_id: int, day: date, units: Units, typed: dict[str, str] | None = None
) -> list[dict[str, str]]:
    """The check-in's optional tape fields: each one's name, label and value (what was typed,
    else the day's stored reading in the athlete's unit)."""
    found = measurements.history(web.ctx, athlete_id, day, day)
    stored = found[0] if found else None
    fields = []
    for key in (*CHECKIN_SITES, BODY_FAT):
        name = f"{key}_cm" if key != BODY_FAT else BODY_FAT_FIELD
        if typed is not None:
            value = typed.get(name, "")
        elif stored is None:
            value = ""
        elif key == BODY_FAT:
            value = "" if stored.body_fat_pct is None else f"{stored.body_fat_pct:g}"
        else:
            value = length_number(stored.values_cm.get(key), units)
        unit = "%" if key == BODY_FAT else length_unit(units)
        fields.append({"name": name, "label": f"{label_of(key).capitalize()} ({unit})", "value": value})  # fmt: skip
    return fields


def form_values(form: Any, fields: tuple[str, ...]) -> dict[str, str]:
    """The typed text of the form's measurement fields (``waist_cm`` ...), empty ones left out."""
    out = {}
    for key in fields:
        text = str(form.get(key, "")).strip()[:40]
        if text:
            out[key] = text
    return out


def checked(
    values: dict[str, str], day: date, units: Units, notes: str = "", source: str = "web"
) -> tuple[MeasurementsIn | None, list[str]]:
    """The form's measurements validated in the athlete's unit, or the problems (one per field,
    saying its range and unit); ``(None, [])`` when no measurement was typed."""
    if not values:
        return None, []
    from pydantic import ValidationError

    doc = {
        **values,
        "day": day.isoformat(),
        "source": source,
        "source_id": f"{source}-{day.isoformat()}",
        **({"notes": notes} if notes else {}),
    }
    try:
        spec = MeasurementsIn.model_validate(doc, context=validation_context(None, units))
    except ValidationError as exc:
        return None, [e["msg"].removeprefix("Value error, ") for e in exc.errors()]
    return spec, []


PAGE_CHARTS = {"torso": "chart-torso", "weight": "chart-weight", "limbs": "chart-limbs", "fat": "chart-fat"}  # fmt: skip
TILE_CHARTS = {"torso": "tape-torso"}  # the dashboard's tile (its own weight chart is beside)


def chart_data(view: Overview, units: Units, ids: dict[str, str] | None = None) -> dict[str, Any]:
    """What the charts draw, already in the athlete's units (cm or in, kg or lb), and which
    element draws each (``static/measurements.js``): the page's four, or the tile's one."""

    def lengths(kind: str) -> dict[str, Any]:
        series = view.series[kind]
        return {
            "name": label_of(kind),
            "days": series.days,
            "values": [length_value(v, units) for v in series.values],
        }

    fat = view.series.get(BODY_FAT)
    return {
        "ids": ids or PAGE_CHARTS,
        "length_unit": length_unit(units),
        "mass_unit": mass_unit(units),
        "charts": {
            name: [lengths(k) for k in kinds if k in view.series] for name, kinds in CHARTS.items()
        },
        "weight": {
            "days": view.weight_kg.days,
            "values": [float(mass_number(v, units, kind="body")) for v in view.weight_kg.values],
        },
        "body_fat": {
            "entered": {"days": fat.days if fat else [], "values": fat.values if fat else []},
            "estimate": view.estimates.model_dump(mode="json"),
        },
    }


def _day_or_none(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _page(
    web: Web,
    athlete_id: int,
    *,
    typed: dict[str, str] | None = None,
    day_typed: str | None = None,
    notes: str = "",
    errors: list[str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    athlete = web.athlete(athlete_id)
    units = units_or_default(athlete.profile.units if athlete.profile else None)
    today = monitoring.local_today(web.ctx, athlete_id)
    view = measurements.overview(web.ctx, athlete_id, today)
    days = measurements.history(web.ctx, athlete_id, limit=DAYS_SHOWN)
    shown_sites = [s for s in SITES if any(s.key in d.values_cm for d in days)]
    params = web.request.query_params

    def labels(param: str) -> list[str]:
        return [label_of(k) for k in params.get(param, "").split(",") if k in KINDS]

    response = web.page(
        "measurements.html",
        "Body measurements",
        athlete,
        today=today,
        view=view,
        days=days,
        shown_sites=shown_sites,
        site_groups=[(name, [s for s in SITES if s.key in keys]) for name, keys in GROUPS],
        charts=chart_data(view, units),
        typed=typed or {},
        day_typed=day_typed or today.isoformat(),
        notes=notes,
        notes_max=NOTES_MAX,
        errors=errors or [],
        saved_labels=labels("saved"),
        replaced_labels=labels("replaced"),
        deleted=_day_or_none(params.get("deleted", "")),
        window_days=CHANGE_WINDOW_DAYS,
        body_fat_field=BODY_FAT_FIELD,
    )
    response.status_code = status
    if status >= 400:
        web.request.state.failed = True
    return response


@router.get("/athletes/{athlete_id}/measurements")
def measurements_page(athlete_id: AthleteId, web: WebDep) -> HTMLResponse:
    """The form, the estimate, the changes, the charts beside body weight and the days."""
    return _page(web, athlete_id)


@router.post("/athletes/{athlete_id}/measurements")
async def log_measurements(athlete_id: AthleteId, web: WebDep) -> Response:
    """Store the day's measurements typed in the form; a refusal shows the form again with what
    was typed and each field's problem (its range and unit), and stores nothing."""
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    athlete = web.athlete(athlete_id)
    units = units_or_default(athlete.profile.units if athlete.profile else None)
    typed = form_values(form, (*(s.field for s in SITES), BODY_FAT_FIELD))
    day_text = str(form.get("day", "")).strip()[:20]
    notes = str(form.get("notes", ""))[: NOTES_MAX + 1]
    try:
        day = date.fromisoformat(day_text) if day_text else monitoring.local_today(web.ctx, athlete_id)  # fmt: skip
    except ValueError:
        return _page(web, athlete_id, typed=typed, day_typed=day_text, notes=notes,
                     errors=[f"day: {day_text!r} is not a day like 2026-11-20"], status=422)  # fmt: skip
    if not typed:
        return _page(web, athlete_id, day_typed=day_text, notes=notes, status=422,
                     errors=["Type at least one measurement (e.g. waist) or body fat."])  # fmt: skip
    spec, problems = checked(typed, day, units, notes.strip())
    if spec is None:
        return _page(web, athlete_id, typed=typed, day_typed=day_text, notes=notes, errors=problems, status=422)  # fmt: skip
    try:
        logged = measurements.log_measurements(web.ctx, athlete_id, spec)
    except InvalidInput as exc:  # the day in the future, ...
        return _page(web, athlete_id, typed=typed, day_typed=day_text, notes=notes, errors=[exc.message], status=422)  # fmt: skip
    saved = ",".join((*logged.created, *logged.unchanged))
    replaced = ",".join(logged.replaced)
    return RedirectResponse(
        f"/athletes/{athlete_id}/measurements?saved={saved}&replaced={replaced}#saved",
        status_code=303,
    )


@router.post("/athletes/{athlete_id}/measurements/{day}/delete")
async def delete_day(athlete_id: AthleteId, day: DayPath, web: WebDep) -> Response:
    """Delete one day's measurements (the table's button)."""
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    web.athlete(athlete_id)
    measurements.delete_measurements(web.ctx, athlete_id, day)
    return RedirectResponse(
        f"/athletes/{athlete_id}/measurements?deleted={day.isoformat()}", status_code=303
    )
