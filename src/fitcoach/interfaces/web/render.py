"""What every web page shares: templates, the signed-in context, the route class, errors.

Pages call the coach services directly with the signed-in subject (the same scoping as the
API: another athlete's id is "not found"). The route class turns the service errors into pages:
not signed in → the login page (coming back afterwards), anything else → an error page with
the message and the right status.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

import fitcoach
from fitcoach.coach.schemas import AthleteOut
from fitcoach.core.errors import FitcoachError, Unauthenticated
from fitcoach.interfaces.api import sessions as web_session
from fitcoach.interfaces.api.deps import SessionDep, clock_of, gated, validation_error
from fitcoach.services import accounts, athletes
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import Session
from fitcoach.storage.models import Role

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")


def to_script_json(value: Any) -> Markup:
    """JSON safe inside a ``<script type="application/json">`` block (no ``</script>``)."""
    text = json.dumps(value, default=str, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


templates.env.filters["script_json"] = to_script_json
templates.env.globals["version"] = fitcoach.__version__


class LoginRequired(Exception):
    """Raised inside a page when nobody is signed in: the route class redirects."""


class WebRoute(APIRoute):
    """A page whose errors become pages: the login form, or an error page."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            page = await gated(request, lambda: self._page(handler, request))
            page = web_session.with_access_log(request, page)
            return web_session.with_use_stamp(request, page)

        return handle

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


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    titles = {
        403: "Not allowed",
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
