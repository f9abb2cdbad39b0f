"""Browser sessions and API tokens are distinct credentials; every write needs the write scope.

The write-scope test is generated from the app's routes: every POST, PUT, PATCH and DELETE
route of the API and of the web pages is called with read-scoped credentials (an API token as
bearer, a browser session with its CSRF token) and must answer 403 "read-only" and store
nothing, so a new write route cannot skip the check.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.web.conftest import PASSWORD, Site, login

from fitcoach.core.domain import Role, TokenKind, TokenScope
from fitcoach.interfaces.api import sessions as web_session
from fitcoach.interfaces.api.deps import ApiRoute
from fitcoach.interfaces.web.render import WebRoute
from fitcoach.services import accounts, athletes
from fitcoach.storage.db import Base
from fitcoach.storage.models.tokens import ApiToken

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
NEEDS_NO_CREDENTIAL = {("POST", "/api/v1/auth/token"), ("POST", "/login"), ("POST", "/signup")}
ANY_SCOPE = {("POST", "/logout")}  # signing out is allowed to every session
TEMPLATES = Path(__file__).resolve().parents[2] / "src/fitcoach/interfaces/web/templates"


def _session_token(site: Site, email: str, scope: TokenScope) -> str:
    issued = accounts.login(
        site.ctx,
        email,
        PASSWORD,
        scope=scope,
        name=web_session.SESSION_NAME,
        kind=TokenKind.session,
        lifetime=web_session.SESSION_MAX_AGE,
    )
    site.ctx.session.commit()
    return issued.secret


def _api_token(site: Site, email: str, scope: TokenScope) -> str:
    issued = accounts.login(site.ctx, email, PASSWORD, scope=scope, name="test")
    site.ctx.session.commit()
    return issued.secret


def _browser(site: Site, secret: str) -> TestClient:
    client = TestClient(site.client.app)
    client.cookies.set(web_session.SESSION_COOKIE, secret)
    return client


def _csrf(site: Site, secret: str) -> str:
    return web_session.csrf_for(site.client.app.state.settings, secret)  # type: ignore[attr-defined]


def _admin(site: Site) -> str:
    """A signed-up admin account (with a password); its e-mail."""
    email = "root@example.org"
    account_id = athletes.create_staff_account(site.ctx, email, "Root", Role.admin)
    accounts.set_password(site.ctx, account_id, PASSWORD)
    site.ctx.session.commit()
    return email


def _snapshot(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (a token's use stamp aside, which reads may move)."""
    session.rollback()
    tables = {}
    for table in Base.metadata.sorted_tables:
        columns = [c for c in table.c if c.name != "last_used_at"]
        order = list(table.primary_key.columns) or columns
        rows = session.execute(select(*columns).order_by(*order)).all()
        tables[table.name] = [tuple(r) for r in rows]
    return tables


# --------------------------------------------------------------------------- kinds


def test_the_web_refuses_an_api_token_as_its_session(site: Site) -> None:
    for scope in (TokenScope.read, TokenScope.write):
        token = _api_token(site, site.email, scope)
        browser = _browser(site, token)
        page = browser.get(f"/athletes/{site.athlete_id}/checkin", follow_redirects=False)
        assert page.status_code == 303
        assert page.headers["location"].startswith("/login")
        before = _snapshot(site.ctx.session)
        posted = browser.post(
            f"/athletes/{site.athlete_id}/checkin",
            data={"csrf_token": _csrf(site, token), "weight_kg": "61.5"},
            follow_redirects=False,
        )
        assert posted.status_code == 303
        assert posted.headers["location"].startswith("/login")
        assert _snapshot(site.ctx.session) == before
        # Nor does the API take an API token from the cookie.
        assert browser.get(f"/api/v1/athletes/{site.athlete_id}").status_code == 401


def test_a_browser_session_is_no_bearer_token(site: Site) -> None:
    secret = site.client.cookies[web_session.SESSION_COOKIE]
    bearer = TestClient(site.client.app)
    response = bearer.get(
        f"/api/v1/athletes/{site.athlete_id}", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    # The cookie itself still works, on the pages and (with CSRF for writes) on the API.
    assert site.client.get(f"/api/v1/athletes/{site.athlete_id}").status_code == 200


def test_sessions_and_tokens_are_stored_with_their_kind(site: Site) -> None:
    secret = site.client.cookies[web_session.SESSION_COOKIE]
    row = site.ctx.session.execute(
        select(ApiToken).where(ApiToken.token_hash == accounts.hash_token(secret))
    ).scalar_one()
    assert row.kind == TokenKind.session
    assert row.expires_at == row.created_at + web_session.SESSION_MAX_AGE
    token = _api_token(site, site.email, TokenScope.read)
    listed = {t.prefix: t for t in accounts.list_tokens(site.ctx)}
    assert listed[token[:8]].kind == TokenKind.api
    assert listed[token[:8]].expires_at is None


def test_an_expired_session_works_nowhere(site: Site) -> None:
    secret = site.client.cookies[web_session.SESSION_COOKIE]
    site.clock.set(site.clock.now() + web_session.SESSION_MAX_AGE + timedelta(seconds=1))
    page = site.client.get(f"/athletes/{site.athlete_id}", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"].startswith("/login")
    via_cookie = site.client.get(f"/api/v1/athletes/{site.athlete_id}")
    assert via_cookie.status_code == 401
    assert "expired" in via_cookie.json()["error"]["message"]
    bearer = TestClient(site.client.app).get(
        f"/api/v1/athletes/{site.athlete_id}", headers={"Authorization": f"Bearer {secret}"}
    )
    assert bearer.status_code == 401


def test_an_api_token_with_a_lifetime_expires(site: Site) -> None:
    issued = accounts.login(site.ctx, site.email, PASSWORD, lifetime=timedelta(hours=1))
    site.ctx.session.commit()
    headers = {"Authorization": f"Bearer {issued.secret}"}
    client = TestClient(site.client.app)
    assert client.get("/api/v1/athletes", headers=headers).status_code == 200
    site.clock.set(site.clock.now() + timedelta(hours=1))
    refused = client.get("/api/v1/athletes", headers=headers)
    assert refused.status_code == 401
    assert refused.json()["error"]["message"] == "the token has expired"


# --------------------------------------------------------------------------- write scope


def _routes(app: Any) -> Iterator[tuple[str, APIRoute]]:
    """Every FastAPI route of the app with its full path (FastAPI keeps included routers as
    branches whose ``effective_route_contexts`` give the routes with their prefixes)."""
    for route in app.routes:
        branches = getattr(route, "effective_route_contexts", None)
        if branches is not None:
            for context in branches():
                if isinstance(context.original_route, APIRoute):
                    yield context.path, context.original_route
        elif isinstance(route, APIRoute):
            yield route.path, route


def _write_routes(app: Any) -> list[tuple[str, str, APIRoute]]:
    return [
        (method, path, route)
        for path, route in _routes(app)
        for method in sorted((route.methods or set()) & WRITES)
    ]


def _path(path: str, athlete_id: int) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1).split(":")[0]
        return str(athlete_id) if name in ("athlete_id", "user_id") else "1"

    return re.sub(r"\{([^}]+)\}", value, path)


def test_every_write_route_refuses_read_scoped_credentials(site: Site) -> None:
    app = site.client.app
    routes = _write_routes(app)
    paths = {(m, p) for m, p, _ in routes}
    # The generated list holds the writes the issue names (a sanity check of the generator).
    for expected in (
        ("POST", "/athletes/{athlete_id}/checkin"),
        ("POST", "/athletes/{athlete_id}/meals"),
        ("POST", "/athletes/{athlete_id}/telegram/code"),
        ("POST", "/admin/accounts"),
        ("POST", "/api/v1/athletes/{athlete_id}/meals"),
        ("POST", "/api/v1/athletes/{athlete_id}/chat"),
        ("POST", "/api/v1/athletes/{athlete_id}/chat/stream"),
        ("PATCH", "/api/v1/athletes/{athlete_id}"),
        ("DELETE", "/api/v1/athletes/{athlete_id}"),
    ):
        assert expected in paths, expected
    admin = _admin(site)
    wrong: dict[str, str] = {}
    checked = 0
    for email in (site.email, admin):
        token = _api_token(site, email, TokenScope.read)
        session = _session_token(site, email, TokenScope.read)
        browser = _browser(site, session)
        csrf = _csrf(site, session)
        bearer = TestClient(app, headers={"Authorization": f"Bearer {token}"})
        before = _snapshot(site.ctx.session)  # the tokens just made are not what is checked
        for method, template, route in routes:
            if (method, template) in NEEDS_NO_CREDENTIAL | ANY_SCOPE:
                continue
            path = _path(template, site.athlete_id)
            if isinstance(route, ApiRoute):
                answers = {
                    "bearer": bearer.request(method, path, json={}),
                    "cookie": browser.request(
                        method, path, json={}, headers={"X-CSRF-Token": csrf}
                    ),
                }
                for how, response in answers.items():
                    ok = (
                        response.status_code == 403
                        and response.json()["error"]["code"] == "permission_denied"
                        and "read-only" in response.json()["error"]["message"]
                    )
                    if not ok:
                        wrong[f"{email} {how} {method} {path}"] = response.text[:200]
            else:
                assert isinstance(route, WebRoute), template
                response = browser.request(
                    method, path, data={"csrf_token": csrf}, follow_redirects=False
                )
                if response.status_code != 403 or "read-only" not in response.text:
                    wrong[f"{email} web {method} {path}"] = (
                        f"{response.status_code} {response.text[:200]}"
                    )
            checked += 1
        assert _snapshot(site.ctx.session) == before, email
    assert not wrong, wrong
    assert checked >= 2 * 30


def test_an_admin_read_session_cannot_create_an_admin(site: Site) -> None:
    admin = _admin(site)
    session = _session_token(site, admin, TokenScope.read)
    browser = _browser(site, session)
    assert browser.get("/admin").status_code == 200  # reading is fine
    response = browser.post(
        "/admin/accounts",
        data={
            "csrf_token": _csrf(site, session),
            "email": "second-root@example.org",
            "name": "Second root",
            "role": "admin",
            "password": "a long enough password",
        },
        follow_redirects=False,
    )
    assert response.status_code == 403
    site.ctx.session.rollback()
    assert all(a.email != "second-root@example.org" for a in accounts.list_accounts(site.ctx))


def test_a_read_session_may_still_sign_out(site: Site) -> None:
    session = _session_token(site, site.email, TokenScope.read)
    browser = _browser(site, session)
    response = browser.post(
        "/logout", data={"csrf_token": _csrf(site, session)}, follow_redirects=False
    )
    assert response.status_code == 303
    assert browser.get(f"/api/v1/athletes/{site.athlete_id}").status_code == 401


# --------------------------------------------------------------------------- headers, 429


def test_pages_carry_the_security_headers(site: Site) -> None:
    for path in (f"/athletes/{site.athlete_id}", "/login", "/static/fitcoach.css", "/nowhere"):
        response = site.client.get(path)
        csp = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp
        script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
        assert script_src.strip() == "script-src 'self'"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"


def test_templates_have_no_inline_scripts_or_handlers() -> None:
    """``script-src 'self'`` runs no inline script: every script is a file, data is JSON."""
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'type="application/json"' in tag, (template.name, tag)
        assert not re.search(r"\son[a-z]+\s*=", text), template.name
        assert "javascript:" not in text, template.name


def test_the_web_429_says_when_to_retry(site: Site) -> None:
    anonymous = TestClient(site.client.app)
    started = time.monotonic()
    for _ in range(5):
        assert login(anonymous, site.email, "wrong password!").status_code == 401
    response = login(anonymous, site.email, PASSWORD)
    assert response.status_code == 429
    elapsed = time.monotonic() - started
    assert 15 * 60 - elapsed - 1 <= int(response.headers["Retry-After"]) <= 15 * 60
