"""The admin page: accounts and tokens, sensor devices, ingestion health, background jobs.

Admins only (anyone else gets a 403 page; nobody signed in, the login page). Every change is a
POST form with the CSRF token, through the services, which check the admin role themselves.
fitcoach has no job queue: the "background jobs" are the threads this server process runs
(the simulated sensors and the stream workers of ``fitcoach serve --simulate``).
"""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import Path
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fitcoach.core.domain import Role
from fitcoach.core.errors import Conflict, InvalidInput, PermissionDenied
from fitcoach.interfaces.api.deps import MAX_ID
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.web.render import Web, WebDep, WebRoute
from fitcoach.services import accounts, admin, athletes

router = IndexedRouter(route_class=WebRoute, include_in_schema=False)

ItemId = Annotated[int, Path(ge=1, le=MAX_ID)]
NOTICES = {
    "created": "Account created.",
    "enabled": "Account enabled.",
    "disabled": "Account disabled: it can no longer sign in and its tokens stop working.",
    "revoked": "Token revoked.",
    "password": "Password set: the account can sign in with it.",
}


def _admin(web: Web) -> None:
    if web.role != Role.admin:
        raise PermissionDenied("only an admin may open the admin page")


def _jobs(web: Web) -> list[dict[str, Any]]:
    demo = getattr(web.request.app.state, "live_demo", None)
    jobs = getattr(demo, "jobs", None)
    return list(jobs()) if callable(jobs) else []


def _chat(web: Web) -> dict[str, str | None] | None:
    """The chat's student: loaded, loading, or rules only and why (``student_runtime``)."""
    assistant = getattr(web.request.app.state, "assistant", None)
    status = getattr(getattr(assistant, "intents", None), "status", None)
    return status().as_dict() if callable(status) else None


@router.get("/admin")
def admin_page(web: WebDep) -> HTMLResponse:
    return _page(web)


def _page(
    web: Web,
    *,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    """The admin page; ``form`` and ``errors``: a form sent back with what was typed."""
    _admin(web)
    ctx = web.ctx
    bus = web.request.app.state.bus
    response = web.page(
        "admin.html",
        "Admin",
        None,
        accounts=accounts.list_accounts(ctx),
        tokens=[t for t in accounts.list_tokens(ctx) if t.revoked_at is None],
        devices=admin.devices(ctx),
        streams=admin.ingestion_health(ctx, bus),
        bus_kind=type(bus).__name__,
        jobs=_jobs(web),
        chat=_chat(web),
        threads=sorted(t.name for t in threading.enumerate()),
        roles=[r.value for r in Role],
        notice=NOTICES.get(web.request.query_params.get("done", "")),
        form=form or {},
        errors=errors or {},
        min_password=accounts.MIN_PASSWORD_LENGTH,
    )
    response.status_code = status
    if status >= 400:
        web.request.state.failed = True
    return response


async def _form(web: Web) -> dict[str, str]:
    form = await web.request.form()
    web.check_csrf(str(form.get("csrf_token", "")))
    _admin(web)
    return {k: str(v) for k, v in form.items()}


@router.post("/admin/accounts")
async def create_account(web: WebDep) -> Response:
    form = await _form(web)
    email = form.get("email", "").strip()
    name = form.get("name", "").strip()
    role = form.get("role", "")
    password = form.get("password", "")
    errors: dict[str, str] = {}
    if role not in {r.value for r in Role}:
        errors["role"] = f"unknown role {role[:20]!r}"
    if not name:
        errors["name"] = "an account needs a name"
    if not email:
        errors["email"] = "an account needs an e-mail"
    if password and len(password) < accounts.MIN_PASSWORD_LENGTH:
        errors["password"] = (
            f"the password must be at least {accounts.MIN_PASSWORD_LENGTH} characters long"
        )
    if not errors:
        try:
            if role == Role.athlete:
                created = athletes.create_athlete(web.ctx, {"name": name, "email": email})
                account_id = accounts.account_for(web.ctx, str(created.id)).id
            else:
                account_id = athletes.create_staff_account(web.ctx, email, name, Role(role))
            if password:
                accounts.set_password(web.ctx, account_id, password)
        except (InvalidInput, Conflict) as exc:  # a bad e-mail, one already taken
            errors["new"] = exc.message
    if errors:
        kept = {"name": name, "email": email, "role": role}  # never the password
        return _page(web, form=kept, errors=errors, status=409 if "new" in errors else 422)
    return RedirectResponse("/admin?done=created#accounts", status_code=303)


@router.post("/admin/accounts/{account_id}/password")
async def set_password(account_id: ItemId, web: WebDep) -> Response:
    """Set an account's password (for someone who has none or forgot theirs)."""
    form = await _form(web)
    try:
        accounts.set_password(web.ctx, account_id, form.get("password", ""))
    except InvalidInput as exc:
        return _page(web, errors={f"password-{account_id}": exc.message}, status=422)
    return RedirectResponse(f"/admin?done=password#account-{account_id}", status_code=303)


@router.post("/admin/accounts/{account_id}/active")
async def set_active(account_id: ItemId, web: WebDep) -> Response:
    form = await _form(web)
    active = form.get("active") == "1"
    accounts.set_active(web.ctx, account_id, active)
    done = "enabled" if active else "disabled"
    return RedirectResponse(f"/admin?done={done}#accounts", status_code=303)


@router.post("/admin/tokens/{token_id}/revoke")
async def revoke_token(token_id: ItemId, web: WebDep) -> Response:
    await _form(web)
    accounts.revoke_token(web.ctx, token_id)
    return RedirectResponse("/admin?done=revoked#tokens", status_code=303)
