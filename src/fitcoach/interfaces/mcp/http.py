"""MCP over streamable HTTP: an ASGI app that checks the bearer token of every request.

The SDK's bearer middleware asks ``AthleteTokenVerifier`` about each request's token; a
request without a valid token never reaches the MCP session manager (401), and a valid token
of an account that is not an athlete gets 403 with the reason. The tool call itself checks
the token again inside its own transaction, so a token revoked mid-session stops working at
once. The manager runs stateless: every request stands alone, which is what per-request
authentication wants and lets several workers serve one endpoint.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
from mcp.server.auth.middleware.auth_context import AuthContextMiddleware
from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser, BearerAuthBackend
from mcp.server.auth.provider import AccessToken
from mcp.server.streamable_http_manager import StreamableHTTPASGIApp, StreamableHTTPSessionManager
from mcp.server.transport_security import TransportSecuritySettings
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from fitcoach.assistant.registry import ToolRegistry
from fitcoach.core.clock import Clock
from fitcoach.core.errors import FitcoachError, Unauthenticated
from fitcoach.interfaces.mcp.server import FitcoachMCP
from fitcoach.storage.db import Session, sessionmaker

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
CHALLENGE = 'Bearer realm="fitcoach"'
NO_TOKEN = (
    "send an athlete's API token as 'Authorization: Bearer <token>' "
    "(create one with `fitcoach token create -a ATHLETE_EMAIL --scope write`)"
)


class AthleteTokenVerifier:
    """The SDK's ``TokenVerifier`` over fitcoach API tokens."""

    def __init__(self, service: FitcoachMCP) -> None:
        self.service = service

    async def verify_token(self, token: str) -> AccessToken | None:
        try:
            caller = await anyio.to_thread.run_sync(self.service.check, token)
        except FitcoachError as exc:
            # Carried to ``RequireAthleteToken``, which answers 401 (a bad, revoked or disabled
            # token) or 403 (a real token the server does not act for) with the reason.
            status = 401 if isinstance(exc, Unauthenticated) else 403
            return AccessToken(
                token=token,
                client_id="refused",
                scopes=[],
                claims={"refused": exc.message, "status": status},
            )
        return AccessToken(
            token=token,
            client_id=f"fitcoach-token-{caller.token_id}",
            scopes=[caller.scope.value],
            subject=str(caller.subject.account_id),
        )


class RequireAthleteToken:
    """401 without a valid token, 403 for a token the server does not act for."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        user = scope.get("user")
        if not isinstance(user, AuthenticatedUser):
            await _refuse(401, "no API token was sent")(scope, receive, send)
            return
        claims = user.access_token.claims or {}
        if claims.get("refused"):
            await _refuse(int(claims["status"]), str(claims["refused"]))(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _refuse(status: int, reason: str) -> JSONResponse:
    if status == 401:
        return JSONResponse(
            {"error": "invalid_token", "error_description": f"{reason}; {NO_TOKEN}"},
            status_code=401,
            headers={"WWW-Authenticate": f'{CHALLENGE}, error="invalid_token"'},
        )
    return JSONResponse({"error": "insufficient_scope", "error_description": reason}, status)


def transport_security(host: str) -> TransportSecuritySettings | None:
    """DNS-rebinding protection when bound to this machine only (as the SDK does)."""
    if host not in LOCAL_HOSTS:
        return None
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True,
        allowed_hosts=["127.0.0.1:*", "localhost:*", "[::1]:*"],
        allowed_origins=["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"],
    )


def create_app(
    session_factory: sessionmaker[Session],
    *,
    registry: ToolRegistry | None = None,
    clock: Clock | None = None,
    path: str = "/mcp",
    host: str = "127.0.0.1",
) -> Starlette:
    """The streamable HTTP MCP endpoint at ``path``, its own ASGI app for uvicorn."""
    service = FitcoachMCP(session_factory, registry=registry, clock=clock)
    manager = StreamableHTTPSessionManager(
        app=service.server(),
        stateless=True,
        security_settings=transport_security(host),
    )

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        async with manager.run():
            yield

    endpoint: Any = RequireAthleteToken(StreamableHTTPASGIApp(manager))
    app = Starlette(
        routes=[Route(path, endpoint=endpoint)],
        middleware=[
            Middleware(
                AuthenticationMiddleware, backend=BearerAuthBackend(AthleteTokenVerifier(service))
            ),
            Middleware(AuthContextMiddleware),
        ],
        lifespan=lifespan,
    )
    app.state.mcp = service
    return app
