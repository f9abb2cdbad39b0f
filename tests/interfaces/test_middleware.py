"""The app's own ASGI middleware: compression only for clients that accept it, and the
security headers, against what Starlette's ``GZipMiddleware`` answers for the same requests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from starlette.applications import Starlette
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.testclient import TestClient
from starlette.types import ASGIApp

from fitcoach.interfaces.api.middleware import (
    CSP,
    DOCS_CSP,
    SECURITY_HEADERS,
    GZipWhenAccepted,
    SecurityHeaders,
)

MINIMUM = 1024
LARGE = {"rows": [{"day": i, "note": "felt fine"} for i in range(200)]}


async def small(_request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def large(_request: Request) -> Response:
    return JSONResponse(LARGE)


async def varies(_request: Request) -> Response:
    return JSONResponse(LARGE, headers={"Vary": "Cookie"})


async def stream(_request: Request) -> Response:
    async def chunks() -> AsyncIterator[bytes]:
        for i in range(50):
            yield f"line {i}\n".encode()

    return StreamingResponse(chunks(), media_type="text/plain")


async def framed(_request: Request) -> Response:
    return PlainTextResponse("x" * 2000, headers={"X-Frame-Options": "SAMEORIGIN"})


async def docs(_request: Request) -> Response:
    return PlainTextResponse("docs")


ROUTES = [
    Route("/small", small),
    Route("/large", large),
    Route("/varies", varies),
    Route("/stream", stream),
    Route("/framed", framed),
    Route("/docs", docs),
]
PATHS = ["/small", "/large", "/varies", "/stream", "/framed"]


def ours() -> ASGIApp:
    return SecurityHeaders(
        GZipWhenAccepted(Starlette(routes=ROUTES), minimum_size=MINIMUM), docs_paths=["/docs"]
    )


def starlettes() -> ASGIApp:
    return GZipMiddleware(Starlette(routes=ROUTES), minimum_size=MINIMUM)


def _get(app: ASGIApp, path: str, encoding: str) -> tuple[int, dict[str, str], bytes]:
    with TestClient(app) as client:
        response = client.get(path, headers={"Accept-Encoding": encoding})
    # httpx decodes gzip; the raw header says what was sent.
    return response.status_code, dict(response.headers), response.content


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("encoding", ["gzip, deflate", "identity"])
def test_compression_and_vary_are_starlettes_for_every_kind_of_answer(
    path: str, encoding: str
) -> None:
    status, headers, body = _get(ours(), path, encoding)
    ref_status, ref_headers, ref_body = _get(starlettes(), path, encoding)
    assert (status, body) == (ref_status, ref_body)
    assert headers.get("content-encoding") == ref_headers.get("content-encoding")
    assert headers.get("vary") == ref_headers.get("vary")
    if encoding == "identity":
        assert "content-encoding" not in headers
    elif path != "/small":
        assert headers["content-encoding"] == "gzip"


def test_a_large_answer_to_a_client_without_gzip_says_it_varies_and_a_small_one_does_not() -> None:
    _, large_headers, body = _get(ours(), "/large", "identity")
    assert large_headers["vary"] == "Accept-Encoding"
    assert len(body) >= MINIMUM
    _, small_headers, _ = _get(ours(), "/small", "identity")
    assert "vary" not in small_headers
    _, own, _ = _get(ours(), "/varies", "identity")
    assert own["vary"] == "Cookie, Accept-Encoding"


def test_gzip_is_sent_only_to_clients_that_accept_it() -> None:
    with TestClient(ours()) as client:
        raw = client.get("/large", headers={"Accept-Encoding": "gzip"})
        plain = client.get("/large", headers={"Accept-Encoding": "identity"})
    assert raw.headers["content-encoding"] == "gzip"
    assert int(raw.headers["content-length"]) < len(raw.content)  # httpx decoded it
    assert raw.content == plain.content == JSONResponse(LARGE).body
    assert int(plain.headers["content-length"]) == len(plain.content)


@pytest.mark.parametrize("encoding", ["gzip", "identity"])
def test_security_headers_on_every_answer_and_a_routes_own_header_wins(encoding: str) -> None:
    for path in ["/small", "/large", "/stream"]:
        _, headers, _ = _get(ours(), path, encoding)
        for name, value in SECURITY_HEADERS.items():
            assert headers[name] == value, (path, name)
    _, framed_headers, _ = _get(ours(), "/framed", encoding)
    assert framed_headers["x-frame-options"] == "SAMEORIGIN"
    assert framed_headers["content-security-policy"] == CSP
    _, docs_headers, _ = _get(ours(), "/docs", encoding)
    assert docs_headers["content-security-policy"] == DOCS_CSP
