"""The quick logs: a workout the plan does not hold (rows of exercise, sets, reps, load, RIR,
with the library's suggestions beside a name it does not know) and a run, ride or row. Nothing
is stored until every field is right; the same form sent twice (its nonce) is stored once.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any

from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from fitcoach.core.clock import zone_named
from fitcoach.core.errors import InvalidInput
from fitcoach.core.units import Units
from fitcoach.interfaces.web.render import Web, WebDep
from fitcoach.interfaces.web.training_log.forms import (
    NONCE,
    START_ERROR,
    _cardio_value,
    _number,
    _service_errors,
    _started_at,
    _weight,
)
from fitcoach.interfaces.web.training_log.views import (
    AthleteId,
    _answered,
    _local_now,
    _units,
    router,
)
from fitcoach.services import exercises, own_exercises, training_log

QUICK_ROWS = 5  # set rows the quick log starts with
MORE_ROWS = 3  # rows "More rows" adds
MAX_ROWS = 30
MAX_SETS_PER_ROW = 20
LIBRARY_NAMES = 1000  # more than the library holds: every name, for the name field's list
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


# --------------------------------------------------------------------------- a workout


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
        "quick_log.html",
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
        started = _started_at(typed["started_at"], zone)
    except ValueError:
        errors.append(START_ERROR)
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


# --------------------------------------------------------------------------- a cardio session


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
        "cardio_log.html",
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


def _cardio_spec(
    typed: dict[str, str], units: Units, zone: tzinfo
) -> tuple[dict[str, Any], dict[str, str]]:
    """What ``training_log.log_cardio`` is given for the typed form, and the errors by field."""
    errors: dict[str, str] = {}
    spec: dict[str, Any] = {"source": "web", "source_id": f"quick-log-{typed['nonce']}"}
    if typed["kind"]:
        spec["activity_type"] = typed["kind"][:40]
    else:
        errors["kind"] = "kind: what it was, e.g. run, ride or row"
    try:
        spec["started_at"] = _started_at(typed["started_at"], zone)
    except ValueError:
        errors["started_at"] = START_ERROR
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
    return spec, errors


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
    spec, errors = _cardio_spec(typed, _units(web, athlete_id), zone_named(athlete.timezone))
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
