"""The account page: API tokens (create, shown once; revoke), the password, the sessions.

Every signed-in account has one. A token is made for the account itself and only after its
password is typed again (as ``POST /api/v1/auth/token`` asks), so a stolen browser session
alone cannot mint a lasting credential; wrong passwords count against the sign-in rate limit.
The secret is shown once on the page that answers the form (``Cache-Control: no-store``) and
only its SHA-256 hash is stored (``services.accounts``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Path
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fitcoach.core.domain import TokenKind, TokenScope
from fitcoach.core.errors import InvalidInput
from fitcoach.interfaces.api.auth import limiter_of, login_keys
from fitcoach.interfaces.api.deps import MAX_ID
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.web.render import Web, WebDep, WebRoute
from fitcoach.services import accounts

router = IndexedRouter(route_class=WebRoute, include_in_schema=False)

TokenId = Annotated[int, Path(ge=1, le=MAX_ID)]
T = TypeVar("T")
DONE = {
    "revoked": "Token revoked: it no longer works.",
    "ended": "Signed out there.",
    "password": "Password changed. Other browsers were signed out; API tokens still work.",
}


def _page(
    web: Web,
    *,
    issued: accounts.IssuedToken | None = None,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    mine = [
        t
        for t in accounts.list_tokens(web.ctx)
        if t.account_id == web.session.subject.account_id and t.revoked_at is None
    ]
    response = web.page(
        "account.html",
        "Account",
        None,
        tokens=[t for t in mine if t.kind == TokenKind.api],
        sessions=[t for t in mine if t.kind == TokenKind.session],
        current=web.session.token_id,
        issued=issued,
        form=form or {"scope": "read"},
        errors=errors or {},
        scopes=[s.value for s in TokenScope],
        done=DONE.get(web.request.query_params.get("done", "")),
        min_password=accounts.MIN_PASSWORD_LENGTH,
    )
    response.status_code = status
    if status >= 400:
        web.request.state.failed = True
    if issued is not None:
        response.headers["Cache-Control"] = "no-store"  # the secret is on this page only
    return response


@router.get("/account")
def account_page(web: WebDep) -> HTMLResponse:
    """API tokens, the password and the signed-in browsers of the account."""
    return _page(web)


async def _form(web: Web) -> dict[str, str]:
    data = await web.request.form()
    web.check_csrf(str(data.get("csrf_token", "")))
    return {k: str(v) for k, v in data.items() if k != "csrf_token"}


def _checked(web: Web, field: str, call: Callable[[], T]) -> T:
    """Run a call that checks the account's password under the sign-in rate limit."""
    limiter = limiter_of(web.request)
    keys = login_keys(web.request, web.email)
    limiter.check_sign_in(keys)
    try:
        result = call()
    except InvalidInput as exc:
        if exc.field == field:
            limiter.fail_sign_in(keys)
        raise
    limiter.succeed_sign_in(keys)
    return result


@router.post("/account/tokens")
async def create_token(web: WebDep) -> Response:
    """A new API token for this account, shown once."""
    form = await _form(web)
    scope = form.get("scope", "read")
    errors: dict[str, str] = {}
    if scope not in {s.value for s in TokenScope}:
        errors["scope"] = f"scope: read or write (got {scope[:20]!r})"
    if not errors:
        try:
            issued = _checked(
                web,
                "password",
                lambda: accounts.create_own_token(
                    web.ctx,
                    form.get("password", ""),
                    scope=TokenScope(scope),
                    name=form.get("name", ""),
                ),
            )
        except InvalidInput as exc:
            errors[exc.field or "form"] = exc.message
        else:
            return _page(web, issued=issued)
    kept = {"name": form.get("name", ""), "scope": scope}  # never the password
    return _page(web, form=kept, errors=errors, status=422)


@router.post("/account/tokens/{token_id}/revoke")
async def revoke_token(token_id: TokenId, web: WebDep) -> Response:
    """Revoke one of the account's tokens or signed-in browsers (not this one: sign out)."""
    await _form(web)
    if token_id == web.session.token_id:
        raise InvalidInput("this is the browser you are using: sign out instead")
    info = accounts.revoke_token(web.ctx, token_id)
    done = "ended" if info.kind == TokenKind.session else "revoked"
    return RedirectResponse(f"/account?done={done}#tokens", status_code=303)


@router.post("/account/password")
async def change_password(web: WebDep) -> Response:
    """Change the password: the current one, the new one twice."""
    form = await _form(web)
    new = form.get("new", "")
    errors: dict[str, str] = {}
    if new != form.get("repeat", ""):
        errors["repeat"] = "repeat: the two new passwords differ"
    else:
        try:
            _checked(
                web,
                "current",
                lambda: accounts.change_password(
                    web.ctx, form.get("current", ""), new, keep_session=web.session.token_id
                ),
            )
        except InvalidInput as exc:  # the current password, or the new one too short
            field = exc.field or "new"
            errors["new" if field == "password" else field] = exc.message
    if errors:
        return _page(web, errors=errors, status=422)
    return RedirectResponse("/account?done=password#password", status_code=303)
