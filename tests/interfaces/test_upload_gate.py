"""Uploads are read only for a valid credential, within time, and a few at a time per account.

The app is driven as ASGI directly (no test client that would send the whole body first), so
each test sees how much of a body the app read and what it answered while the client was
still sending.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import anyio
import pytest
from fastapi.testclient import TestClient
from tests.conftest import NOW
from tests.factories import make_athlete
from tests.interfaces.test_api_auth import Api

from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import TokenScope
from fitcoach.core.settings import Settings
from fitcoach.interfaces.api.app import create_app
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject

BOUNDARY = "fitcoachprobe"
CHUNK = 64 * 1024
MIB = 2**20


@contextmanager
def app_with(database: Any, **settings: Any) -> Iterator[Api]:
    app = create_app(Settings(database_url=database.url, _env_file=None, **settings))  # type: ignore[call-arg]
    clock = FixedClock(NOW)
    app.state.clock = clock
    session = database.factory()
    ctx = ServiceContext(session=session, subject=Subject.system(), clock=clock)
    with TestClient(app) as client:
        yield Api(client, ctx, clock)
    session.rollback()
    session.close()


@dataclass
class Sent:
    """What a client sent and what it got back."""

    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    read: int = 0  # bytes of the body the app took


def _multipart_head(field_name: str, filename: str, kind: str) -> bytes:
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field_name}"; '
        f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'
    ).encode()


def _multipart_tail() -> bytes:
    return f"\r\n--{BOUNDARY}--\r\n".encode()


async def send_body(
    app: Any,
    path: str,
    chunks: list[bytes],
    *,
    declared: int,
    headers: dict[str, str] | None = None,
    content_type: str = f"multipart/form-data; boundary={BOUNDARY}",
    stall: anyio.Event | None = None,
) -> Sent:
    """POST ``chunks`` to ``path``, declaring ``declared`` bytes; with ``stall``, the client
    stops after its chunks until the event is set (as one that stopped mid-body)."""
    out = Sent()
    left = list(chunks)

    async def receive() -> dict[str, Any]:
        if left:
            body = left.pop(0)
            out.read += len(body)
            return {
                "type": "http.request",
                "body": body,
                "more_body": bool(left) or stall is not None,
            }
        if stall is not None:
            await stall.wait()
        await anyio.sleep_forever()  # the client neither sends nor leaves
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            out.status = message["status"]
            out.headers = {k.decode().lower(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            out.body += message.get("body", b"")

    raw = {"content-type": content_type, "content-length": str(declared), **(headers or {})}
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.encode(), v.encode()) for k, v in raw.items()],
        "client": ("127.0.0.1", 40000),
        "server": ("testserver", 80),
    }
    await app(scope, receive, send)
    return out


def _video_upload(size: int) -> tuple[list[bytes], int]:
    """The first chunks of a ``size``-byte multipart video upload, and its declared length."""
    head = _multipart_head("video", "set.mp4", "video/mp4")
    return [head + b"\0" * CHUNK, b"\0" * CHUNK], len(head) + size + len(_multipart_tail())


@pytest.fixture
def api(database: Any) -> Iterator[Api]:
    with app_with(database, body_idle_timeout_s=0.5, uploads_per_account=1) as value:
        yield value


def test_without_a_credential_no_byte_of_an_upload_is_read(api: Api) -> None:
    """The form check's video (94 MiB declared), a file import, the JSON import and a meal
    photo: with no token, a wrong one or a read-only one the answer comes before the body is
    read, and closes the connection so that the client stops sending."""
    athlete, _ = api.athlete()
    read_only = api.headers(api.account_id(athlete), TokenScope.read)
    chunks, declared = _video_upload(94 * MIB)
    base = f"/api/v1/athletes/{athlete.id}"
    cases = [
        (f"{base}/workout/sets/1/form", chunks, declared, None),
        (f"{base}/imports", chunks, 63 * MIB, None),
        (f"{base}/meals/photo", chunks, 11 * MIB, None),
        (
            f"{base}/import",
            [b'{"format_version": 4, "athlete": {' + b" " * CHUNK],
            # Under the export document's own body limit (the per-file import limit, 12 MiB):
            # a larger declared body is refused as too large before any credential is read,
            # which reads no byte either.
            11 * MIB,
            "application/json",
        ),
    ]
    for credential, status in (
        ({}, 401),
        ({"authorization": "Bearer not-a-token"}, 401),
        ({k.lower(): v for k, v in read_only.items()}, 403),
    ):
        for path, parts, size, kind in cases:
            extra = {"content_type": kind} if kind else {}
            sent = anyio.run(
                lambda p=path, c=parts, s=size, e=extra, h=credential: send_body(
                    api.client.app, p, list(c), declared=s, headers=h, **e
                )
            )
            assert sent.status == status, (path, credential, sent.body[:200])
            assert sent.read == 0, (path, credential, sent.read)
            assert sent.headers.get("connection") == "close"


def test_a_page_upload_without_a_session_is_not_read(api: Api) -> None:
    """The web's import and photo forms send a browser without a session to the login page
    before reading what it sends."""
    athlete, _ = api.athlete()
    chunks, _ = _video_upload(0)
    for path, declared in (
        (f"/athletes/{athlete.id}/import", 60 * MIB),
        (f"/athletes/{athlete.id}/meals/photo", 11 * MIB),
    ):
        sent = anyio.run(
            lambda p=path, d=declared: send_body(api.client.app, p, list(chunks), declared=d)
        )
        assert sent.status == 303
        assert sent.headers["location"].startswith("/login")
        assert sent.read == 0
        assert sent.headers.get("connection") == "close"


def test_a_body_that_stops_arriving_is_answered_408(api: Api) -> None:
    """A client that sends part of an upload and then nothing is answered 408 once the idle
    timeout passes (0.5 s here), and the connection is closed."""
    athlete, headers = api.athlete()
    chunks, declared = _video_upload(10 * MIB)

    async def main() -> Sent:
        with anyio.fail_after(10):
            return await send_body(
                api.client.app,
                f"/api/v1/athletes/{athlete.id}/meals/photo",
                chunks,
                declared=declared,
                headers={k.lower(): v for k, v in headers.items()},
                stall=anyio.Event(),
            )

    sent = anyio.run(main)
    assert sent.status == 408
    assert b"stopped arriving" in sent.body
    assert sent.headers.get("connection") == "close"


def test_one_account_sends_only_so_many_uploads_at_once(api: Api) -> None:
    """With one upload place per account, a second upload of the same account while the
    first is still arriving is refused at once (429 with Retry-After, nothing read); another
    account's upload goes on."""
    athlete, headers = api.athlete()
    other = make_athlete(api.ctx)
    api.ctx.session.commit()
    other_headers = api.headers(api.account_id(other))
    chunks, declared = _video_upload(10 * MIB)
    tiny = _multipart_head("photo", "a.jpg", "image/jpeg") + b"not a picture" + _multipart_tail()

    async def main() -> tuple[Sent, Sent]:
        release = anyio.Event()
        with anyio.fail_after(20):
            async with anyio.create_task_group() as tasks:
                tasks.start_soon(
                    lambda: send_body(
                        api.client.app,
                        f"/api/v1/athletes/{athlete.id}/meals/photo",
                        chunks,
                        declared=declared,
                        headers={k.lower(): v for k, v in headers.items()},
                        stall=release,
                    )
                )
                await anyio.sleep(0.2)  # the first upload is arriving
                second = await send_body(
                    api.client.app,
                    f"/api/v1/athletes/{athlete.id}/meals/photo",
                    chunks,
                    declared=declared,
                    headers={k.lower(): v for k, v in headers.items()},
                )
                others = await send_body(
                    api.client.app,
                    f"/api/v1/athletes/{other.id}/meals/photo",
                    [tiny],
                    declared=len(tiny),
                    headers={k.lower(): v for k, v in other_headers.items()},
                )
                tasks.cancel_scope.cancel()
        return second, others

    second, others = anyio.run(main)
    assert second.status == 429, second.body
    assert b"uploads_busy" in second.body
    assert second.headers.get("retry-after")
    assert second.read == 0
    assert others.status == 422, others.body  # read and judged: not a picture
