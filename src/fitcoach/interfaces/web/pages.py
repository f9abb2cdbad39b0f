"""Sign-in and the everyday pages: dashboard, daily check-in, nutrition, the coach's athletes."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import Form, Path, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import ValidationError

from fitcoach.coach.schemas import DailyMetricsIn
from fitcoach.core.clock import zone_named
from fitcoach.core.domain import Role, TokenKind, TokenScope
from fitcoach.core.errors import FitcoachError, InvalidInput, NotFound, Unauthenticated
from fitcoach.core.units import mass_number, mass_unit, parse_mass_for, units_or_default
from fitcoach.interfaces.api import sessions as web_session
from fitcoach.interfaces.api.auth import limiter_of, login_keys
from fitcoach.interfaces.api.deps import MAX_ID, SessionDep, clock_of
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.web import measurements as tape_pages
from fitcoach.interfaces.web.render import (
    AnyScopeWebDep,
    LoginRequired,
    Web,
    WebDep,
    WebRoute,
    home_for,
    signed_in,
    templates,
)
from fitcoach.services import (
    accounts,
    burnout,
    health,
    installation,
    measurements,
    monitoring,
    plans,
    signup,
    training_log,
)
from fitcoach.services.context import ServiceContext, validation_context
from fitcoach.storage.access import Subject
from fitcoach.storage.db import Session

router = IndexedRouter(route_class=WebRoute, include_in_schema=False)

AthleteId = Annotated[int, Path(ge=1, le=MAX_ID)]
FlagId = Annotated[int, Path(ge=1, le=MAX_ID)]
DASHBOARD_DAYS = 84  # twelve weeks of fitness/fatigue/form
TREND_DAYS = 56


def _safe_next(target: str | None) -> str:
    """Only a path of this site (never ``//host`` or a scheme) is followed after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/app"


def _login_form(
    request: Request, *, error: str | None = None, email: str = "", status: int = 200
) -> HTMLResponse:
    token = web_session.new_login_csrf()
    response = templates.TemplateResponse(
        request,
        "login.html",
        {
            "web": None,
            "title": "Sign in",
            "csrf": token,
            "error": error,
            "email": email,
            "next": _safe_next(request.query_params.get("next")),
        },
        status_code=status,
    )
    web_session.set_login_csrf_cookie(request, response, token)
    return response


@router.get("/login")
def login_page(request: Request) -> HTMLResponse:
    return _login_form(request)


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next_: Annotated[str, Form(alias="next", max_length=2000)] = "/app",
) -> Response:
    """Check the password (rate-limited) and start a session."""
    web_session.check_login_csrf(request, csrf_token)
    limiter = limiter_of(request)
    keys = login_keys(request, email)
    try:
        limiter.check_sign_in(keys)
    except FitcoachError as exc:
        refused = _login_form(request, error=exc.message, email=email, status=exc.status_code)
        if (retry := exc.details.get("retry_after_s")) is not None:
            refused.headers["Retry-After"] = str(retry)
        return refused
    ctx = ServiceContext(session=session, subject=Subject.system(), clock=clock_of(request))
    try:
        issued = accounts.login(
            ctx,
            email,
            password,
            scope=TokenScope.write,
            name=web_session.SESSION_NAME,
            kind=TokenKind.session,
            lifetime=web_session.SESSION_MAX_AGE,
        )
    except Unauthenticated as exc:
        limiter.fail_sign_in(keys)
        request.state.failed = True
        return _login_form(request, error=exc.message, email=email, status=401)
    limiter.succeed_sign_in(keys)
    response = RedirectResponse(_safe_next(next_), status_code=303)
    web_session.start_session(request, response, issued.secret)
    return response


@router.post("/logout")
def logout(
    web: AnyScopeWebDep, csrf_token: Annotated[str, Form(max_length=200)] = ""
) -> RedirectResponse:
    web.check_csrf(csrf_token)
    response = RedirectResponse("/login", status_code=303)
    web_session.end_session(web.request, response, web.ctx)
    return response


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep) -> Response:
    """The product's front page: for a signed-in athlete today at a glance (readiness, today's
    session, the week, where to go next); for anyone else what fitcoach is and the sign-in. A
    coach or an admin goes on to their athletes. A client asking for JSON only gets the
    original health message."""
    accept = request.headers.get("accept", "")
    if "application/json" in accept and "text/html" not in accept:
        return JSONResponse({"message": "fitcoach is running", "status": "ok"})
    try:
        web = signed_in(request, session)
    except (LoginRequired, Unauthenticated):  # nobody, or a session that ended
        return _intro(request, session)
    own = web.own_athlete_id
    if web.role != Role.athlete or own is None:
        return RedirectResponse(home_for(web), status_code=303)
    return _today_page(web, own)


def _intro(request: Request, session: Session) -> HTMLResponse:
    """What fitcoach is, with the sign-in form and what this installation holds."""
    token = web_session.new_login_csrf()
    response = templates.TemplateResponse(
        request,
        "intro.html",
        {
            "web": None,
            "title": "Your open-source personal trainer",
            "csrf": token,
            "next": "/",
            "holdings": installation.holdings(session),
        },
    )
    web_session.set_login_csrf_cookie(request, response, token)
    return response


def _today_page(web: Web, athlete_id: int) -> HTMLResponse:
    """Readiness, today's session, this week (Monday to Sunday: what was done, what is planned)
    and the links an athlete uses every day."""
    ctx = web.ctx
    athlete = web.athlete(athlete_id)
    today = monitoring.local_today(ctx, athlete_id)
    readiness = monitoring.readiness(ctx, athlete_id, today)
    risk = burnout.load_report(ctx, athlete_id, today)
    today_view, no_plan = _try(plans.today, ctx, athlete_id, today)
    flags = health.open_flags(ctx, athlete_id)
    stored = training_log.history(ctx, athlete_id, "daily", today, today)
    monday = today - timedelta(days=today.weekday())
    sunday = monday + timedelta(days=6)
    zone = zone_named(athlete.timezone)
    week: dict[date, dict[str, list[str]]] = {
        monday + timedelta(days=i): {"done": [], "planned": []} for i in range(7)
    }
    for kind in ("workouts", "cardio"):
        for row in training_log.history(ctx, athlete_id, kind, monday, sunday + timedelta(days=1)):
            day = row["started_at"].astimezone(zone).date()
            if day in week:
                title = row.get("title") or str(row.get("activity_type") or "Training")
                words = title.replace("_", " ")  # "Full body A" keeps its capital A
                week[day]["done"].append(words[:1].upper() + words[1:])
    upcoming, _ = _try(plans.next_sessions, ctx, athlete_id, today, until=sunday)
    for served in upcoming or []:
        if served.on in week and not (served.on == today and week[today]["done"]):
            week[served.on]["planned"].append(served.name)
    return web.page(
        "home.html",
        f"{athlete.name}: today",
        athlete,
        today=today,
        readiness=readiness,
        burnout=risk,
        today_view=today_view,
        no_plan=no_plan,
        flags=flags,
        week=week,
        stored=stored[0] if stored else {},
    )


@router.get("/app")
def start(web: WebDep) -> RedirectResponse:
    """The signed-in account's first page: for an athlete without a plan in force, the
    first-run steps that end with one."""
    own = web.own_athlete_id
    if web.role == Role.athlete and own is not None and signup.needs_onboarding(web.ctx, own):
        return RedirectResponse("/welcome", status_code=303)
    return RedirectResponse(home_for(web), status_code=303)


def _try(call: Any, *args: Any, **kwargs: Any) -> tuple[Any, str | None]:
    """A service answer, or None and the reason it is missing (no plan yet, ...)."""
    try:
        return call(*args, **kwargs), None
    except (NotFound, InvalidInput) as exc:
        return None, exc.message


@router.get("/athletes/{athlete_id}")
def dashboard(athlete_id: AthleteId, web: WebDep) -> HTMLResponse:
    """Readiness with reasons, today's session, load with the plan's projection, sets per
    muscle against landmarks, sleep, weight and HRV trends."""
    return _dashboard(web, athlete_id)


def _dashboard(
    web: Web,
    athlete_id: int,
    *,
    flag_error: tuple[int, str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    """The dashboard; ``flag_error``: a resolve form sent back (flag id, message, the reason
    as typed)."""
    athlete = web.athlete(athlete_id)
    ctx = web.ctx
    today = monitoring.local_today(ctx, athlete_id)
    readiness = monitoring.readiness(ctx, athlete_id, today)
    risk = burnout.load_report(ctx, athlete_id, today)
    today_view, no_plan = _try(plans.today, ctx, athlete_id, today)
    planned = plans.planned_loads(ctx, athlete_id)
    load = monitoring.training_load(
        ctx,
        athlete_id,
        start=today - timedelta(days=DASHBOARD_DAYS - 1),
        end=today,
        planned=planned or None,
    )
    since = today - timedelta(days=TREND_DAYS)
    daily = training_log.history(ctx, athlete_id, "daily", since, today)
    # Sleep by the one rule every view reads it by (a night's check-in, else its sessions,
    # overlapping ones never added): the nights told in the chat or by a device show too.
    nights = training_log.history(ctx, athlete_id, "sleep", since, today)
    slept = training_log.sleep_hours(daily, nights, zone_named(athlete.timezone))
    rows = {r["day"]: r for r in daily}
    days = sorted(rows.keys() | {d for d in slept if since <= d <= today})
    flags = health.open_flags(ctx, athlete_id)
    this_week = load.weeks[-1] if load.weeks else None
    charts = {
        "load": {
            "days": [d.day for d in load.days],
            "load": [d.load_au for d in load.days],
            "ctl": [d.ctl for d in load.days],
            "atl": [d.atl for d in load.days],
            "tsb": [d.tsb for d in load.days],
            "projection": {
                "days": [p.day for p in load.projection],
                "planned": [p.planned_load_au for p in load.projection],
                "ctl": [p.ctl for p in load.projection],
                "atl": [p.atl for p in load.projection],
                "tsb": [p.tsb for p in load.projection],
            },
        },
        "sets": [m.model_dump(mode="json") for m in (this_week.hard_sets if this_week else [])],
        "trends": {
            "days": days,
            "sleep_h": [round(slept[d], 2) if d in slept else None for d in days],
            **{
                key: [rows[d][column] if d in rows else None for d in days]
                for key, column in (
                    ("weight_kg", "weight_kg"),
                    ("hrv_ms", "hrv_rmssd_ms"),
                    ("resting_hr", "resting_hr"),
                )
            },
        },
    }
    recent = training_log.history(ctx, athlete_id, "workouts", today - timedelta(days=14), today)
    tape = measurements.overview(ctx, athlete_id, today)  # the tile of body measurements
    units = units_or_default(athlete.profile.units if athlete.profile else None)
    response = web.page(
        "dashboard.html",
        f"{athlete.name}: dashboard",
        athlete,
        today=today,
        readiness=readiness,
        burnout=risk,
        today_view=today_view,
        no_plan=no_plan,
        load=load,
        flags=flags,
        escalation=health.escalation_for(ctx, athlete_id) if flags else None,
        resolved=web.request.query_params.get("resolved") == "1",
        charts=charts,
        recent=list(reversed(recent))[:5],
        flag_error=flag_error,
        tape=tape,
        tape_charts=tape_pages.chart_data(tape, units, tape_pages.TILE_CHARTS),
    )
    response.status_code = status
    if status >= 400:
        web.request.state.failed = True
    return response


@router.post("/athletes/{athlete_id}/flags/{flag_id}/resolve")
async def resolve_flag(athlete_id: AthleteId, flag_id: FlagId, web: WebDep) -> Response:
    """Resolve a red flag with the reason typed in the dashboard's form (the athlete, a linked
    coach or an admin; stored with the flag and audited)."""
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    web.athlete(athlete_id)
    reason = str(form.get("reason", ""))[:2000]
    try:
        health.clear_flag(web.ctx, athlete_id, flag_id, reason)
    except InvalidInput as exc:  # too short or too long: the form again, the text kept
        return _dashboard(web, athlete_id, flag_error=(flag_id, exc.message, reason), status=422)
    return RedirectResponse(f"/athletes/{athlete_id}?resolved=1#flags", status_code=303)


CHECKIN_FIELDS = ("sleep_h", "sleep_quality", "weight_kg", "resting_hr", "hrv_rmssd_ms")
SCALES = ("mood", "energy", "soreness", "stress")
MORE_SCALES = ("stress",)  # in the optional part of the page; the three items are one tap each


@router.get("/athletes/{athlete_id}/checkin")
def checkin_page(athlete_id: AthleteId, web: WebDep) -> HTMLResponse:
    athlete = web.athlete(athlete_id)
    today = monitoring.local_today(web.ctx, athlete_id)
    rows = training_log.history(web.ctx, athlete_id, "daily", today, today)
    units = units_or_default(athlete.profile.units if athlete.profile else None)
    return web.page(
        "checkin.html",
        "Daily check-in",
        athlete,
        today=today,
        stored=rows[0] if rows else {},
        scales=MORE_SCALES,
        saved=web.request.query_params.get("saved") == "1",
        errors=[],
        tape=tape_pages.checkin_tape(web, athlete_id, today, units),
        readiness=monitoring.readiness(web.ctx, athlete_id, today),
    )


def _number(value: str, field: str) -> float | None:
    text = value.strip().replace(",", ".")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):  # "nan", "inf" and 401-digit numbers (inf) too
        raise InvalidInput(f"{field}: write a number, e.g. 7.5 (got {value[:40]!r})")
    return number


@router.post("/athletes/{athlete_id}/checkin")
async def checkin(athlete_id: AthleteId, web: WebDep) -> Response:
    """Store today's readings; fields left empty keep what is stored."""
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    athlete = web.athlete(athlete_id)
    today = monitoring.local_today(web.ctx, athlete_id)
    values: dict[str, Any] = {"day": today, "source": "web", "source_id": f"checkin-{today}"}
    errors: list[str] = []
    units = athlete.profile.units if athlete.profile else None
    # The weight the form showed (in whole pounds for lb): sent back unchanged, it stays as stored.
    stored = training_log.history(web.ctx, athlete_id, "daily", today, today)
    shown = mass_number(stored[0]["weight_kg"], units, kind="body") if stored else ""
    for field in (*CHECKIN_FIELDS, *SCALES):
        if field == "weight_kg":  # "176 lb", "80 kg", or a number in the athlete's unit
            if (typed := str(form.get(field, "")).strip()) and typed != shown:
                try:
                    parse_mass_for(typed, units)  # the schema's parser: its range checks follow
                except InvalidInput:
                    example = "176" if mass_unit(units) == "lb" else "80"
                    errors.append(
                        f"body weight: write a number, e.g. {example}, or with its unit "
                        f"(80 kg, 176 lb); got {typed[:40]!r}"
                    )
                values[field] = typed
            continue
        try:
            number = _number(str(form.get(field, "")), field.replace("_", " "))
        except InvalidInput as exc:
            errors.append(exc.message)
            continue
        if number is None:
            continue
        if field == "sleep_h":
            values["sleep_s"] = round(number * 3600)
        elif field in (*SCALES, "sleep_quality"):
            values[field] = round(number)
        else:
            values[field] = number
    # The optional tape measurements: checked with the rest, stored with them.
    typed_tape = tape_pages.form_values(form, tape_pages.CHECKIN_FIELDS)
    tape, problems = tape_pages.checked(typed_tape, today, units_or_default(units), source="checkin")  # fmt: skip
    errors.extend(problems)
    if not errors:
        try:
            spec = DailyMetricsIn.model_validate(values, context=validation_context(None, units))
            if tape is None or spec.model_fields_set - {"day", "source", "source_id"}:
                training_log.log_daily(web.ctx, athlete_id, spec)
            if tape is not None:
                measurements.log_measurements(web.ctx, athlete_id, tape)
        except ValidationError as exc:
            errors = [
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}".replace("_", " ")
                for e in exc.errors()
            ]
        except InvalidInput as exc:
            errors = [exc.message]
    if errors:
        web.request.state.failed = True
        response = web.page(
            "checkin.html",
            "Daily check-in",
            athlete,
            today=today,
            stored={**values, **{k: str(form.get(k, "")) for k in CHECKIN_FIELDS}},
            scales=MORE_SCALES,
            saved=False,
            errors=errors,
            tape=tape_pages.checkin_tape(
                web, athlete_id, today, units_or_default(units), typed_tape
            ),
            readiness=monitoring.readiness(web.ctx, athlete_id, today),
        )
        response.status_code = 422
        return response
    return RedirectResponse(f"/athletes/{athlete_id}/checkin?saved=1", status_code=303)


CHECKIN_ITEMS = ("energy", "soreness", "mood")  # the one-tap check-in, in the order asked
_BACK = {"home": "/", "checkin": "checkin"}


@router.post("/athletes/{athlete_id}/checkin/item")
async def checkin_item(athlete_id: AthleteId, web: WebDep) -> Response:
    """One tap of the morning check-in: store that item's answer (1-5) for today, keep every
    other reading, and go back to the page it came from, at the next item."""
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    web.athlete(athlete_id)
    item, value = str(form.get("item", "")), str(form.get("value", ""))
    if item not in CHECKIN_ITEMS or value not in ("1", "2", "3", "4", "5"):
        raise InvalidInput("Tap a number from 1 to 5 for energy, soreness or mood.")
    today = monitoring.local_today(web.ctx, athlete_id)
    training_log.log_daily(
        web.ctx,
        athlete_id,
        {"day": today, item: int(value), "source": "web", "source_id": f"checkin-{today}"},
    )
    following = CHECKIN_ITEMS[CHECKIN_ITEMS.index(item) + 1 :]
    back = _BACK.get(str(form.get("back", "")), "checkin")
    path = "/" if back == "/" else f"/athletes/{athlete_id}/checkin"
    anchor = f"#quick-checkin-{following[0]}" if following else "#readiness-said"
    if back == "/":
        anchor = f"#home-checkin-{following[0]}" if following else "#home-readiness"
    return RedirectResponse(path + anchor, status_code=303)


@router.get("/coach")
def coach_view(web: WebDep) -> HTMLResponse:
    """Every athlete the subject may see: readiness, today's plan, load and open red flags."""
    rows = []
    for athlete in web.athletes:
        today = monitoring.local_today(web.ctx, athlete.id)
        readiness = monitoring.readiness(web.ctx, athlete.id, today)
        today_view, _ = _try(plans.today, web.ctx, athlete.id, today)
        load = monitoring.training_load(
            web.ctx, athlete.id, start=today - timedelta(days=41), end=today
        )
        last = load.days[-1] if load.days else None
        rows.append(
            {
                "athlete": athlete,
                "readiness": readiness,
                "today": today_view,
                "acwr": last.acwr if last else None,
                "tsb": last.tsb if last else None,
                "last_session": load.sessions[-1].day if load.sessions else None,
                "flags": health.open_flags(web.ctx, athlete.id),
            }
        )
    return web.page("coach.html", "Athletes", None, rows=rows)
