"""What the app does around every request: a request body size limit, security headers and
compression.

They are plain ASGI middleware (no request object, nothing buffered), so they cover the API,
the web pages, the static files and the Telegram webhook alike.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping

import anyio
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The pages load their scripts from this origin only (plotly.js is served locally), keep
# their data in <script type="application/json"> blocks (data, never run) and post forms to
# themselves. Styles allow inline ones: the chart library sets style attributes as it draws,
# and a style cannot run code.
CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
# FastAPI's interactive API docs (/docs, /redoc) load Swagger UI and ReDoc from a CDN and
# start them with an inline script; those two pages hold no data of anyone.
DOCS_CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net",
        "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com",
        "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly",
        "font-src 'self' https://fonts.gstatic.com",
        "worker-src 'self' blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)
CSP_HEADER = "content-security-policy"
SECURITY_HEADERS = {
    CSP_HEADER: CSP,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
}


class SecurityHeaders:
    """Adds ``SECURITY_HEADERS`` to every HTTP response (a header a route set itself wins)."""

    def __init__(self, app: ASGIApp, *, docs_paths: Iterable[str] = ()) -> None:
        self.app = app
        self.docs_paths = frozenset(p for p in docs_paths if p)
        # Encoded once: this runs on every response.
        self._headers = [
            (k.encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()
        ]
        self._docs_headers = [
            (k, DOCS_CSP.encode("latin-1") if k == CSP_HEADER.encode() else v)
            for k, v in self._headers
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self._docs_headers if scope.get("path", "") in self.docs_paths else self._headers

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = message.setdefault("headers", [])
                if not isinstance(raw, list):
                    raw = message["headers"] = list(raw)
                present = {name.lower() for name, _ in raw}
                raw.extend(pair for pair in extra if pair[0] not in present)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class GZipWhenAccepted:
    """Starlette's ``GZipMiddleware`` for the requests that accept gzip; the others go
    straight to the app.

    Starlette's middleware passes every other response through a responder of its own that
    holds back the response's start to read its headers again, which costs a small read
    about a twentieth of its time. Here such a response only gains ``Vary:
    Accept-Encoding`` when its body could have been compressed (as Starlette marks it: not
    known to be smaller than ``minimum_size``), so that a cache keeps both versions apart.
    """

    def __init__(self, app: ASGIApp, *, minimum_size: int) -> None:
        self.app = app
        self.minimum_size = minimum_size
        self.gzip = GZipMiddleware(app, minimum_size=minimum_size)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"accept-encoding" and b"gzip" in value:
                await self.gzip(scope, receive, send)
                return

        async def send_with_vary(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                length = headers.get("content-length")
                if (
                    length is None or not length.isdigit() or int(length) >= self.minimum_size
                ) and "content-encoding" not in headers:
                    headers.add_vary_header("Accept-Encoding")
            await send(message)

        await self.app(scope, receive, send_with_vary)


def too_large_message(limit: int, hint: str = "") -> str:
    """What a 413 says: the limit, and what to do where the path has a hint."""
    return f"the request body is larger than {limit} bytes" + (f": {hint}" if hint else "")


def too_large_words(limit: int, hint: str = "") -> str:
    """What a 413 page says to a person: what to do, without the count of bytes."""
    return hint or f"the upload is larger than {limit / 2**20:.0f} MB; send less at once"


class BodyTooLarge(HTTPException):
    """A request body over its limit; the app's HTTP error handler answers it (413)."""

    def __init__(self, limit: int, hint: str = "") -> None:
        super().__init__(413, too_large_message(limit, hint), headers={"Connection": "close"})
        self.limit = limit
        self.words = too_large_words(limit, hint)


class BodyTimeout(HTTPException):
    """A request body that stopped arriving, or took too long in all; the app's HTTP error
    handler answers it (408) and the connection is closed."""

    def __init__(self, message: str) -> None:
        super().__init__(408, message, headers={"Connection": "close"})


def too_large_body(limit: int, hint: str = "") -> bytes:
    error = {
        "code": "payload_too_large",
        "message": too_large_message(limit, hint),
        "details": {"max_bytes": limit},
    }
    return json.dumps({"error": error}).encode()


# What a page request is answered with instead of the JSON error shape (``web.render``).
Page = Callable[[Scope, int, str], Response | None]


class BodyLimit:
    """Refuses a request body larger than its limit with 413 in the error shape, and one that
    arrives too slowly with 408.

    A declared ``Content-Length`` over the limit is refused before the app runs; a body sent
    without one (chunked) is counted as the app reads it and refused when it passes the
    limit (``BodyTooLarge``, which the app's handler for HTTP errors answers). ``larger``
    gives some paths (regular expressions) a limit of their own, such as imports and the form
    check's video; ``hints`` (by the same expressions) adds what to do to their 413 message.

    While the app reads a body, each part must come within ``idle_timeout_s`` and the whole
    within ``timeout_s`` of the first read (``BodyTimeout``: 408, and the connection closed):
    uvicorn has no such limit, and a client that stops mid-body would otherwise hold the
    request, its task and its temporary files for as long as it keeps the connection open.
    Once the body is complete nothing is timed (a streamed answer waits for the client to
    leave as long as it likes). ``page`` answers a refused browser page (HTML) instead of
    the error shape.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        limit: int,
        larger: Iterable[tuple[str, int]] = (),
        hints: Mapping[str, str] | None = None,
        idle_timeout_s: float | None = None,
        timeout_s: float | None = None,
        page: Page | None = None,
    ) -> None:
        self.app = app
        self.limit = limit
        hints = hints or {}
        self.larger = [
            (re.compile(pattern), size, hints.get(pattern, "")) for pattern, size in larger
        ]
        self.idle_timeout_s = idle_timeout_s
        self.timeout_s = timeout_s
        self.page = page

    def limit_for(self, path: str) -> int:
        return self._rule(path)[0]

    def _rule(self, path: str) -> tuple[int, str]:
        for pattern, size, hint in self.larger:
            if pattern.fullmatch(path):
                return size, hint
        return self.limit, ""

    def _wait(self, first: float) -> float:
        """How long the next part of a body may take, from now."""
        left = float("inf") if self.idle_timeout_s is None else self.idle_timeout_s
        if self.timeout_s is not None:
            left = min(left, first + self.timeout_s - anyio.current_time())
        return left

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, hint = self._rule(scope.get("path", ""))
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, send, limit, hint)
            return
        received = 0
        started = False
        complete = False
        first: float | None = None

        async def counted_receive() -> Message:
            nonlocal received, complete, first
            if complete:
                return await receive()
            if first is None:
                first = anyio.current_time()
            wait = self._wait(first)
            if wait <= 0:
                raise BodyTimeout(_late(self.timeout_s))
            message: Message | None = None
            with anyio.move_on_after(wait):
                message = await receive()
            if message is None:
                raise BodyTimeout(_late(self.timeout_s) if self._wait(first) <= 0 else _STOPPED)
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit, hint)
                complete = not message.get("more_body", False)
            else:
                complete = True  # the client left
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, send, limit, hint)

    async def _refuse(self, scope: Scope, send: Send, limit: int, hint: str = "") -> None:
        page = self.page(scope, 413, too_large_words(limit, hint)) if self.page else None
        if page is not None:
            page.headers["Connection"] = "close"
            await page(scope, _nothing, send)
            return
        body = too_large_body(limit, hint)
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


_STOPPED = "the request body stopped arriving; send it again over a steadier connection"


def _late(timeout_s: float | None) -> str:
    return (
        f"the request body took longer than {timeout_s:.0f} seconds to arrive; send it "
        "again over a faster connection, or send less at once"
    )


async def _nothing() -> Message:
    return {"type": "http.disconnect"}


class AfterFirstResponse:
    """Calls ``then()`` once, when the app has answered its first HTTP request.

    The app loads what its later requests need (``app.load_deferred``) from there: the first
    answer (a health check, usually) does not wait for it or compete with it for the GIL.
    """

    def __init__(self, app: ASGIApp, then: Callable[[], None]) -> None:
        self.app = app
        self.then: Callable[[], None] | None = then

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        finally:
            if self.then is not None and scope["type"] == "http":
                then, self.then = self.then, None
                then()
