"""Sign-up (``/signup``) and the invitations that open it (``/invitations``).

``FITCOACH_SIGNUP`` says who may sign up: ``open`` (anyone), ``invite`` (with a code an admin or
a coach made here or with ``fitcoach invite create``) or ``off`` (the page says so and whom to
ask). The form asks the name, the e-mail, a password twice, the birth date (16 or over: the
profile schema's rule) and the consent choices, with the texts of ``consent.yaml`` and the
defaults every onboarding records (model training never). A good form makes the athlete
(``services.signup``), signs the browser in and goes on to the first-run steps
(``onboarding``). Before sign-in the form's CSRF check is a double-submit cookie, as the
login form's; every attempt that reaches the service (an account made, a wrong invitation
code, an e-mail that has an account) counts against the client's address in the sign-in
rate limiter, under a key of its own.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import pass_context
from jinja2.runtime import Context

from fitcoach.core.domain import Role, TokenKind, TokenScope
from fitcoach.core.errors import Conflict, FitcoachError, InvalidInput, PermissionDenied
from fitcoach.core.units import units_for_languages
from fitcoach.interfaces.api import sessions as web_session
from fitcoach.interfaces.api.auth import TooManyRequests, limiter_of, login_keys
from fitcoach.interfaces.api.deps import MAX_ID, SessionDep, clock_of
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.web.privacy import LABELS as CONSENT_LABELS
from fitcoach.interfaces.web.render import Web, WebDep, WebRoute, templates
from fitcoach.services import accounts, consent, invitations, signup
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject

router = IndexedRouter(route_class=WebRoute, include_in_schema=False)

SIGNUP_PATH = "/signup"
InvitationId = Annotated[int, Path(ge=1, le=MAX_ID)]
FIELDS = ("name", "email", "birth_date", "invite", "timezone")


def _settings(request: Request) -> tuple[signup.Mode, str]:
    settings = web_session.settings_of(request)
    return settings.signup, settings.signup_contact


def _signup_key(request: Request) -> str:
    """The rate-limit key of sign-ups from the client's address (apart from sign-in's own)."""
    return "signup-" + login_keys(request, "").source


def _form_page(
    request: Request,
    *,
    values: dict[str, str] | None = None,
    consents: dict[str, bool] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    ctx: ServiceContext | None = None,
) -> HTMLResponse:
    mode, contact = _settings(request)
    values = values or {"invite": request.query_params.get("invite", "")[:64]}
    errors = dict(errors or {})
    inviter = None
    retry: int | None = None
    if mode == "invite" and values.get("invite") and ctx is not None and "invite" not in errors:
        # A code from the link is checked before the form is filled in. That check is a guess
        # like a sign-up's: a wrong code counts against the address, and past the limit no
        # code is checked at all. The form's own check (a POST) counted already.
        limiter = limiter_of(request) if request.method == "GET" else None
        try:
            if limiter is not None:
                limiter.check(_signup_key(request))
            found = invitations.check_code(ctx, values["invite"])
        except TooManyRequests as exc:
            errors["invite"] = exc.message.replace("sign-in", "sign-up")
            retry = exc.details.get("retry_after_s")
            status = max(status, exc.status_code)
        except InvalidInput as exc:
            errors["invite"] = exc.message
            if limiter is not None:
                limiter.fail(_signup_key(request))
        else:
            # A coach's name, never their e-mail: the page is open to whoever has the link.
            inviter = found.created_by_name if found.created_by_role == Role.coach else None
    token = web_session.new_login_csrf()
    text = consent.consent_text()
    response = templates.TemplateResponse(
        request,
        "signup.html",
        {
            "web": None,
            "title": "Sign up",
            "mode": mode,
            "closed": signup.closed_message(contact),
            "contact": contact,
            "csrf": token,
            "values": values,
            "errors": errors,
            "consents": consents or signup.default_consents(),
            "purposes": [
                (p.value, CONSENT_LABELS[p.value], text.purposes[p]) for p in consent.PURPOSES
            ],
            "consent_version": text.version,
            "min_password": accounts.MIN_PASSWORD_LENGTH,
            "inviter": inviter,
        },
        status_code=status,
    )
    if status >= 400:
        request.state.failed = True
    if retry is not None:
        response.headers["Retry-After"] = str(retry)
    web_session.set_login_csrf_cookie(request, response, token, path=SIGNUP_PATH)
    return response


@pass_context
def signup_offer(context: Context) -> dict[str, str]:
    """For the sign-in forms (login, the front page): the installation's sign-up mode and
    whom to ask for an account."""
    mode, contact = _settings(context["request"])
    return {"mode": mode, "contact": contact.strip() or "the administrator"}


templates.env.globals["signup_offer"] = signup_offer


def _anonymous(request: Request, session: SessionDep) -> ServiceContext:
    return ServiceContext(session=session, subject=Subject.system(), clock=clock_of(request))


@router.get(SIGNUP_PATH)
def signup_page(request: Request, session: SessionDep) -> HTMLResponse:
    """The sign-up form (or, with sign-up off, whom to ask for an account)."""
    return _form_page(request, ctx=_anonymous(request, session))


@router.post(SIGNUP_PATH)
def sign_up(
    request: Request,
    session: SessionDep,
    name: Annotated[str, Form(max_length=200)] = "",
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    repeat: Annotated[str, Form(max_length=1024)] = "",
    birth_date: Annotated[str, Form(max_length=40)] = "",
    timezone: Annotated[str, Form(max_length=64)] = "",
    invite: Annotated[str, Form(max_length=64)] = "",
    consent_choices: Annotated[list[str] | None, Form(alias="consent")] = None,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Make the athlete account, sign in and go on to the first-run steps."""
    web_session.check_login_csrf(request, csrf_token)
    mode, _ = _settings(request)
    ctx = _anonymous(request, session)
    values = {
        "name": name,
        "email": email,
        "birth_date": birth_date,
        "invite": invite,
        "timezone": timezone,
    }  # never the password
    known = {p.value for p in consent.PURPOSES}
    ticked = set(consent_choices or ()) & known  # an unticked box sends nothing
    chosen = {p: p in ticked for p in known}
    if mode == "off":
        return _form_page(request, status=403, ctx=ctx)
    limiter = limiter_of(request)
    key = _signup_key(request)
    try:
        limiter.check(key)
    except FitcoachError as exc:
        refused = _form_page(
            request,
            values=values,
            consents=chosen,
            errors={"form": exc.message.replace("sign-in", "sign-up")},
            status=exc.status_code,
        )
        if (retry := exc.details.get("retry_after_s")) is not None:
            refused.headers["Retry-After"] = str(retry)
        return refused
    form = signup.SignUpForm(
        name=name,
        email=email,
        password=password,
        repeat=repeat,
        birth_date=birth_date,
        consents=signup.consents_of(ticked),
        timezone=timezone,
        invite=invite,
        units=units_for_languages(request.headers.get("accept-language")),
    )
    try:
        made = signup.sign_up(ctx, mode, form)
    except (InvalidInput, Conflict) as exc:
        field = exc.field or "form"
        problems = exc.problems if isinstance(exc, InvalidInput) else ()
        errors = {p.field or "form": p.message for p in problems} or {field: exc.message}
        if field in ("invite", "email"):  # a guessed code, a probed address: they count
            limiter.fail(key)
        status = 409 if isinstance(exc, Conflict) else 422
        return _form_page(request, values=values, consents=chosen, errors=errors, status=status)
    limiter.fail(key)  # an account made counts too: one address cannot make accounts in bulk
    issued = accounts.login(
        ctx,
        made.email,
        password,
        scope=TokenScope.write,
        name=web_session.SESSION_NAME,
        kind=TokenKind.session,
        lifetime=web_session.SESSION_MAX_AGE,
    )
    response = RedirectResponse("/welcome", status_code=303)
    web_session.start_session(request, response, issued.secret)
    response.delete_cookie(web_session.LOGIN_CSRF_COOKIE, path=SIGNUP_PATH)
    return response


# --- invitations ---------------------------------------------------------------------------


def _inviter(web: Web) -> None:
    if web.role not in (Role.admin, Role.coach):
        raise PermissionDenied("only an admin or a coach may invite people to sign up")


def _invitations_page(
    web: Web,
    *,
    issued: invitations.IssuedInvitation | None = None,
    form: dict[str, str] | None = None,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    _inviter(web)
    settings = web_session.settings_of(web.request)
    base = str(web.request.base_url).rstrip("/")
    response = web.page(
        "invitations.html",
        "Invitations",
        None,
        invitations=invitations.list_invitations(web.ctx),
        issued=issued,
        link=f"{base}{SIGNUP_PATH}?invite={issued.code}" if issued else None,
        form=form or {"days": str(settings.invitation_days), "note": ""},
        error=error,
        mode=settings.signup,
        max_days=invitations.MAX_DAYS,
        done=web.request.query_params.get("done") == "revoked",
    )
    response.status_code = status
    if status >= 400:
        web.request.state.failed = True
    if issued is not None:
        response.headers["Cache-Control"] = "no-store"  # the code is on this page only
    return response


@router.get("/invitations")
def invitations_page(web: WebDep) -> HTMLResponse:
    """Invitations to sign up: make one (its link shown once), see and revoke them."""
    return _invitations_page(web)


@router.post("/invitations")
async def create_invitation(web: WebDep) -> Response:
    data = await web.request.form()
    web.check_csrf(str(data.get("csrf_token", "")))
    _inviter(web)
    form = {"note": str(data.get("note", ""))[:200], "days": str(data.get("days", "")).strip()}
    try:
        days = int(form["days"])
    except ValueError:
        return _invitations_page(
            web,
            form=form,
            error=f"days: a whole number from 1 to {invitations.MAX_DAYS} (got {form['days']!r})",
            status=422,
        )
    try:
        issued = invitations.create_invitation(web.ctx, note=form["note"], days=days)
    except InvalidInput as exc:
        return _invitations_page(web, form=form, error=exc.message, status=422)
    return _invitations_page(web, issued=issued)


@router.post("/invitations/{invitation_id}/revoke")
async def revoke_invitation(invitation_id: InvitationId, web: WebDep) -> Response:
    data = await web.request.form()
    web.check_csrf(str(data.get("csrf_token", "")))
    invitations.revoke_invitation(web.ctx, invitation_id)
    return RedirectResponse("/invitations?done=revoked", status_code=303)
