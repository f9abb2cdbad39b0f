"""What every web page shares: templates, the signed-in context, the route class, errors.

Pages call the coach services directly with the signed-in subject (the same scoping as the
API: another athlete's id is "not found"). The route class turns the service errors into pages:
not signed in → the login page (coming back afterwards), anything else → an error page with
the message and the right status.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

import fitcoach
from fitcoach.coach import wording
from fitcoach.coach.explanations import Reason, counted
from fitcoach.coach.plan import Item
from fitcoach.coach.schemas import AthleteOut
from fitcoach.core.clock import zone_named
from fitcoach.core.domain import OWN_EXERCISE_PREFIX, Role
from fitcoach.core.errors import FitcoachError, Unauthenticated
from fitcoach.core.units import (
    MassKind,
    Units,
    distance_unit,
    format_distance,
    format_length,
    format_mass,
    format_pace,
    length_number,
    length_unit,
    mass_number,
    mass_unit,
    quantities_in_text,
    units_or_default,
)
from fitcoach.interfaces.api import sessions as web_session
from fitcoach.interfaces.api import upload_gate
from fitcoach.interfaces.api.deps import (
    SessionDep,
    clock_of,
    gated,
    validation_error,
    writes_nothing,
)
from fitcoach.interfaces.web.assets import static_version
from fitcoach.services import accounts, athletes, own_exercises
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import Session

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")


def said_counted(value: Any) -> Any:
    """Every value a page writes, with "3 training day(s)" said as "3 training days"
    (``explanations.counted``): texts from services and rules that write "(s)" for a count
    read as a person would say them, however they reach a page."""
    if isinstance(value, str) and "(s)" in value:
        return Markup(counted(str(value))) if isinstance(value, Markup) else counted(value)
    return value


templates.env.finalize = said_counted


def first_upper(value: Any) -> str:
    """The ``capitalize`` filter the pages use: the first letter upper-case and the rest as
    written. Jinja's own lowers the rest, so "Full body A" read "Full body a" and "HRV"
    "Hrv"."""
    text = str(value)
    return text[:1].upper() + text[1:]


templates.env.filters["capitalize"] = first_upper


def to_script_json(value: Any) -> Markup:
    """JSON safe inside a ``<script type="application/json">`` block (no ``</script>``)."""
    text = json.dumps(value, default=str, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


templates.env.filters["script_json"] = to_script_json
templates.env.globals["app_version"] = fitcoach.__version__  # no page passes this name
# In every static file's URL (``?v=``): a digest of the files, so a changed file gets a new URL
# and browsers keep each one as long as it is current (``assets``).
templates.env.globals["static_version"] = static_version()


# --- what people read: names, numbers, one date and time format -------------------------------
#
# Every page writes a date as "Mon 23 Nov" (with the year when it is not this year), a time as
# "18:05" (24-hour; alerts add seconds), both in the athlete's timezone: the athlete the page is
# about, else the signed-in athlete's own; pages about nobody (admin) write UTC and say so.
# ``static/fitcoach.js`` has the same formats for what the scripts write (``fc.day``,
# ``fc.clock``, ``fc.when``, ``fc.num``).


def _page_zone(context: Context) -> ZoneInfo | None:
    """The timezone of the athlete the page is about (or of the signed-in athlete)."""
    athlete = context.get("athlete")
    if athlete is None:
        web = context.get("web")
        own = web.own_athlete_id if web is not None else None
        athlete = next((a for a in web.athletes if a.id == own), None) if web else None
    return zone_named(athlete.timezone) if athlete is not None else None


def _local(context: Context, value: datetime) -> tuple[datetime, bool]:
    """``value`` in the page's timezone, and whether that is a fallback to UTC."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    zone = _page_zone(context)
    return aware.astimezone(zone or UTC), zone is None


def _today(context: Context) -> date | None:
    web = context.get("web")
    if web is None:
        return None
    now: datetime = web.ctx.clock.now()
    return now.astimezone(_page_zone(context) or UTC).date()


@pass_context
def day_filter(context: Context, value: date | datetime | str | None) -> str:
    """``Mon 23 Nov``: a date, or a datetime's day in the page's timezone."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = _local(context, value)[0].date()
    return wording.day_text(value, _today(context))


@pass_context
def clock_filter(context: Context, value: datetime | None, seconds: bool = False) -> str:
    """``18:05`` (``18:05:07`` with seconds) in the page's timezone."""
    if value is None:
        return "—"
    local, utc = _local(context, value)
    text = local.strftime("%H:%M:%S" if seconds else "%H:%M")
    return f"{text} UTC" if utc else text


@pass_context
def when_filter(context: Context, value: datetime | None, seconds: bool = False) -> str:
    """``Mon 23 Nov, 18:05`` in the page's timezone (UTC, said, on pages about nobody)."""
    if value is None:
        return "—"
    local, utc = _local(context, value)
    text = f"{wording.day_text(local.date(), _today(context))}, "
    text += local.strftime("%H:%M:%S" if seconds else "%H:%M")
    return f"{text} UTC" if utc else text


def num_filter(value: Any, unit: str | None = None, places: int | None = None) -> str:
    """A number with its unit's precision: ``72.57477920000001|num("body_kg")`` → ``72.6``."""
    if isinstance(value, str):
        try:
            return wording.number(float(value), unit, places=places)
        except ValueError:
            return value
    return wording.number(value, unit, places=places)


@pass_context
def reason_filter(context: Context, value: Reason | str) -> str:
    """A reason's sentence with names for slugs and days for dates and session keys (the
    page's ``session_days`` when it has them)."""
    days = context.get("session_days") or {}
    names = _page_names(context)
    if isinstance(value, Reason):
        text = wording.reason_text(value, days, names, today=_today(context))
    else:
        text = wording.humanize(str(value), days, names, today=_today(context))
    text = quantities_in_text(text, page_units(context))  # the engine writes kg and km
    return text[:1].upper() + text[1:]  # "hypertrophy plan: ..." starts a sentence


@pass_context
def session_day_filter(context: Context, key: str) -> str:
    """A session key as its day (``w1s2`` → ``Tue 24 Nov``), from the page's
    ``session_days``."""
    days = context.get("session_days") or {}
    return wording.day_text(days[key], _today(context)) if key in days else key


PROPOSERS = {
    "athlete": "the athlete",
    "coach": "the coach",
    "assistant": "the assistant in chat",
    "rl": "the learned policy",
    "review": "the weekly review",
}


def proposer_filter(value: str | None) -> str:
    """Who proposed a plan version, in words (``rl`` → ``the learned policy``)."""
    return PROPOSERS.get(value or "", (value or "—").replace("_", " "))


# Weights and distances: stored in kg and m, written in the unit system of the athlete the page
# is about (else the signed-in athlete's own; metric on pages about nobody), by the one helper
# every interface uses (``core.units.format_mass`` ...). ``static/fitcoach.js`` reads the same
# system from ``<meta name="units">`` (``fc.mass``, ``fc.distance``).


def _page_athlete(context: Context) -> AthleteOut | None:
    athlete = context.get("athlete")
    if athlete is None:
        web = context.get("web")
        own = web.own_athlete_id if web is not None else None
        athlete = next((a for a in web.athletes if a.id == own), None) if web else None
    return athlete if isinstance(athlete, AthleteOut) else None


@pass_context
def page_units(context: Context) -> Units:
    """The unit system the page writes weights and distances in."""
    athlete = _page_athlete(context)
    return units_or_default(athlete.profile.units if athlete and athlete.profile else None)


@pass_context
def mass_filter(
    context: Context,
    kg: float | None,
    kind: MassKind = "load",
    per_hand: bool = False,
    places: int | None = None,
) -> str:
    """``80|mass`` → ``80 kg`` or ``176.4 lb``; ``|mass("body")`` a body weight's precision;
    ``per_hand=True`` for a dumbbell load (``exercise|per_hand``)."""
    return format_mass(kg, page_units(context), kind=kind, per_hand=per_hand, places=places)


@pass_context
def mass_number_filter(
    context: Context, kg: float | None, kind: MassKind = "load", places: int | None = None
) -> str:
    """The number alone, for a form field labelled with ``mass_unit()``; "" for None."""
    return mass_number(kg, page_units(context), kind=kind, places=places)


@pass_context
def masses_filter(context: Context, text: str) -> str:
    """Engine text with its "N kg" in the page's unit ("heaviest set 100 kg" → "220.5 lb")."""
    return quantities_in_text(str(text), page_units(context))


@pass_context
def distance_filter(context: Context, metres: float | None) -> str:
    """``5000|distance`` → ``5 km`` or ``3.11 mi``."""
    return format_distance(metres, page_units(context))


@pass_context
def pace_filter(context: Context, seconds_per_km: float | None) -> str:
    """A pace stored per km: ``330|pace`` → ``5:30/km`` or ``8:51/mi``."""
    return format_pace(seconds_per_km, page_units(context))


@pass_context
def page_mass_unit(context: Context) -> str:
    """``kg`` or ``lb``: the label of a weight field (a bare number typed is in it)."""
    return mass_unit(page_units(context))


@pass_context
def page_distance_unit(context: Context) -> str:
    """``km`` or ``mi``."""
    return distance_unit(page_units(context))


@pass_context
def length_filter(context: Context, cm: float | None, signed: bool = False) -> str:
    """A body measurement: ``84|tape`` → ``84 cm`` or ``33.1 in``; ``signed`` for a change
    (``+1.2 cm``, ``−0.5 in``)."""
    return format_length(cm, page_units(context), signed=signed)


@pass_context
def length_number_filter(context: Context, cm: float | None) -> str:
    """The number alone, for a form field labelled with ``length_unit()``; "" for None."""
    return length_number(cm, page_units(context))


@pass_context
def page_length_unit(context: Context) -> str:
    """``cm`` or ``in``: the label of a tape measurement's field."""
    return length_unit(page_units(context))


@pass_context
def prescription_filter(context: Context, item: Item) -> str:
    """A plan item's prescription in the page's units: ``3 × 8–12 at 132.3 lb, RIR 2``."""
    return wording.item_summary(item, page_units(context))


templates.env.globals["page_units"] = page_units
templates.env.globals["mass_unit"] = page_mass_unit
templates.env.globals["distance_unit"] = page_distance_unit
templates.env.globals["length_unit"] = page_length_unit
# "tape", not "length": Jinja's own ``length`` counts items.
templates.env.filters["tape"] = length_filter
templates.env.filters["tape_number"] = length_number_filter
templates.env.filters["mass"] = mass_filter
templates.env.filters["mass_number"] = mass_number_filter
templates.env.filters["masses"] = masses_filter
templates.env.filters["distance"] = distance_filter
templates.env.filters["pace"] = pace_filter
templates.env.filters["per_hand"] = wording.per_hand


def _page_names(context: Context) -> dict[str, str] | None:
    """The library's names with the page's athlete's own exercises' (None: no athlete)."""
    web, athlete = context.get("web"), context.get("athlete")
    if isinstance(web, Web) and isinstance(athlete, AthleteOut):
        return web.exercise_names(athlete.id)
    return None


@pass_context
def exercise_filter(context: Context, slug: str) -> str:
    """An exercise's name: the library's, or the page's athlete's own exercise's name as they
    wrote it (a slug alone would lose its case and its accents)."""
    if slug.startswith(OWN_EXERCISE_PREFIX):
        found = (_page_names(context) or {}).get(slug)
        if found is not None:
            return found
    return wording.exercise_name(slug)


@pass_context
def page_timezone(context: Context) -> str | None:
    """The timezone the page writes times in (None: UTC, said); the scripts read it from
    ``<meta name="timezone">``."""
    zone = _page_zone(context)
    return zone.key if zone is not None else None


templates.env.globals["page_timezone"] = page_timezone
templates.env.filters["proposer"] = proposer_filter
templates.env.filters["exercise"] = exercise_filter
templates.env.filters["num"] = num_filter
templates.env.filters["day"] = day_filter
templates.env.filters["clock"] = clock_filter
templates.env.filters["when"] = when_filter
templates.env.filters["duration"] = wording.duration_text
templates.env.filters["reason"] = reason_filter
templates.env.filters["session_day"] = session_day_filter
templates.env.filters["prescription"] = prescription_filter


class LoginRequired(Exception):
    """Raised inside a page when nobody is signed in: the route class redirects."""


class WebRoute(APIRoute):
    """A page whose errors become pages: the login form, or an error page.

    A form is read before the write slot is taken (the handler parses what Starlette keeps),
    so that a slow client's body keeps no other write waiting; a route marked
    ``outside_write_slot`` (it stores nothing) takes no write slot at all."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        writes = not writes_nothing(self.endpoint)

        async def respond(request: Request) -> Response:
            return await gated(request, lambda: self._page(handler, request), writes=writes)

        async def handle(request: Request) -> Response:
            if request.method in web_session.SAFE_METHODS:
                page = await respond(request)
            else:
                page = await self.read_first(request, respond)
            page = web_session.with_access_log(request, page)
            return web_session.with_use_stamp(request, page)

        return handle

    async def read_first(
        self, request: Request, respond: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """Read the body, then answer."""
        await read_form(request)
        return await respond(request)

    @staticmethod
    async def _page(
        handler: Callable[[Request], Coroutine[Any, Any, Response]], request: Request
    ) -> Response:
        try:
            return await handler(request)
        except (Unauthenticated, LoginRequired):
            request.state.failed = True
            target = request.url.path
            if request.url.query:
                target += "?" + request.url.query
            if request.method != "GET":
                target = "/app"
            return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        except FitcoachError as exc:
            request.state.failed = True
            return error_page(request, exc.status_code, exc.message)
        except RequestValidationError as exc:
            request.state.failed = True
            return error_page(request, 422, validation_error(exc).message)


class UploadRoute(WebRoute):
    """A page that takes an upload (files: megabytes over a phone's network). Its body is
    read only for a signed-in browser whose session may write (others are sent to the login
    page, or refused, before a byte is read, and the connection is closed so that they stop
    sending) and while the account holds one of its upload places (``upload_gate``)."""

    async def read_first(
        self, request: Request, respond: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        try:
            account_id = await run_in_threadpool(_writing_account, request)
        except (Unauthenticated, LoginRequired):
            request.state.failed = True
            refused: Response = RedirectResponse("/login?next=%2Fapp", status_code=303)
        except FitcoachError as exc:
            request.state.failed = True
            refused = error_page(request, exc.status_code, exc.message)
        else:
            try:
                async with upload_gate.places_of(request.app).place(account_id):
                    await read_form(request)
                    return await respond(request)
            except FitcoachError as exc:
                request.state.failed = True
                refused = error_page(request, exc.status_code, exc.message)
        refused.headers["Connection"] = "close"
        return refused


def _writing_account(request: Request) -> int:
    """The account of the request's browser session, checked in a session of its own (closed
    before the body is read); ``LoginRequired``, or ``PermissionDenied`` for a read-only one."""
    if web_session.session_secret(request) is None:
        raise LoginRequired
    factory = request.app.state.session_factory
    with factory() as session:
        anonymous = ServiceContext(
            session=session, subject=Subject.system(), clock=clock_of(request)
        )
        browser = web_session.load_session(request, anonymous)
    web_session.require_write(browser)
    return browser.subject.account_id or 0


async def read_form(request: Request) -> None:
    """Read the request's body: a form is parsed (Starlette keeps it for the handler), any
    other body kept as bytes."""
    content_type = request.headers.get("content-type", "").lower()
    if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        await request.form()
    else:
        await request.body()


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    titles = {
        403: "Not allowed",
        408: "The upload stopped",
        413: "Too large",
        404: "Not found",
        409: "Not possible now",
        422: "Please check the input",
        429: "Too many attempts",
        503: "Unavailable",
    }
    return templates.TemplateResponse(
        request,
        "error.html",
        {"title": titles.get(status, "Something went wrong"), "message": message, "web": None},
        status_code=status,
    )


@dataclass
class Web:
    """A signed-in page request: the service context, the session and who is signed in."""

    request: Request
    ctx: ServiceContext
    session: web_session.WebSession
    name: str
    email: str
    athletes: list[AthleteOut]
    # The exercises' names with each athlete's own, read once a page (``exercise_names``).
    _names: dict[int, dict[str, str]] = field(default_factory=dict)

    @property
    def role(self) -> Role:
        return self.session.subject.role

    @property
    def csrf(self) -> str:
        return self.session.csrf

    @property
    def own_athlete_id(self) -> int | None:
        """The athlete profile of the signed-in account (athletes have exactly one)."""
        return next((a.id for a in self.athletes if a.email == self.email), None)

    def check_csrf(self, form_value: str | None = None) -> None:
        web_session.check_csrf(self.request, self.session, form_value)

    def page(
        self, template: str, title: str, athlete: AthleteOut | None = None, **data: Any
    ) -> HTMLResponse:
        """Render a page with the layout's context."""
        return templates.TemplateResponse(
            self.request,
            template,
            {"web": self, "title": title, "athlete": athlete, **data},
        )

    def exercise_names(self, athlete_id: int) -> dict[str, str]:
        """The library's names by slug with the athlete's own exercises' (read once a
        request)."""
        found = self._names.get(athlete_id)
        if found is None:
            found = self._names[athlete_id] = own_exercises.exercise_names(self.ctx, athlete_id)
        return found

    def athlete(self, athlete_id: int) -> AthleteOut:
        """An athlete the subject may see (``NotFound`` otherwise)."""
        return athletes.get_athlete(self.ctx, athlete_id)


def _signed_in(request: Request, session: Session, *, writing: bool) -> Web:
    anonymous = ServiceContext(session=session, subject=Subject.system(), clock=clock_of(request))
    if web_session.session_secret(request) is None:
        raise LoginRequired
    browser = web_session.load_session(request, anonymous)
    if writing:
        web_session.require_write(browser)
    ctx = ServiceContext(
        session=session,
        subject=browser.subject,
        clock=clock_of(request),
        access_sink=web_session.access_sink(request),
    )
    me = accounts.me(ctx)
    return Web(
        request=request,
        ctx=ctx,
        session=browser,
        name=me.name,
        email=me.email,
        athletes=athletes.list_athletes(ctx),
    )


def signed_in(request: Request, session: SessionDep) -> Web:
    """The signed-in browser, or a redirect to the login page.

    Every state-changing request (any method but GET, HEAD, OPTIONS) needs a session with
    the ``write`` scope: the check is here, so no form can forget it.
    """
    return _signed_in(request, session, writing=request.method not in web_session.SAFE_METHODS)


def signed_in_any_scope(request: Request, session: SessionDep) -> Web:
    """The signed-in browser whatever its scope: only for signing out, which any session may."""
    return _signed_in(request, session, writing=False)


WebDep = Annotated[Web, Depends(signed_in)]
AnyScopeWebDep = Annotated[Web, Depends(signed_in_any_scope)]


def home_for(web: Web) -> str:
    """Where the signed-in account starts: an athlete's dashboard, a coach's athletes."""
    own = web.own_athlete_id
    if web.role == Role.athlete and own is not None:
        return f"/athletes/{own}"
    return "/coach"
