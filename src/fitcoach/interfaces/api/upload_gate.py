"""What an upload passes before its body is read: how many one account may send at once.

An upload (a multipart body, or any body larger than ``max_request_bytes``) is read only after
its credential is checked (``deps.ApiRoute``, ``web.render.UploadRoute``), and only while the
account holds one of its ``uploads_per_account`` places. Starlette keeps a multipart file in
memory up to 1 MiB and on disk beyond that, until the response is sent: the places bound what
one account holds there at once, and the body timeouts (``middleware.BodyLimit``) bound how
long. A request over the places is refused at once (``TooManyUploads``, 429 with
``Retry-After``) rather than queued, so that nothing waits on another upload's slow network.

The count is per server process and lives on the event loop (no lock: only coroutines of
that loop take and give back places).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.requests import Request

from fitcoach.core.errors import FitcoachError

# What a refused upload is told to wait: a phone sends a photo in a few seconds.
RETRY_AFTER_S = 10
MULTIPART = "multipart/form-data"


class TooManyUploads(FitcoachError):
    """The account is sending as many uploads as it may at once."""

    status_code = 429
    code = "uploads_busy"


class UploadPlaces:
    """How many uploads each account is sending to this process, at most ``per_account``."""

    def __init__(self, per_account: int) -> None:
        self.per_account = per_account
        self._held: dict[int, int] = {}

    def held(self, account_id: int) -> int:
        return self._held.get(account_id, 0)

    @asynccontextmanager
    async def place(self, account_id: int) -> AsyncIterator[None]:
        """One of the account's places for as long as the block runs; ``TooManyUploads``
        when it holds them all."""
        held = self._held.get(account_id, 0)
        if held >= self.per_account:
            raise TooManyUploads(
                f"you are sending {held} uploads already; wait until one has finished, then "
                "send this one again",
                details={"retry_after_s": RETRY_AFTER_S},
            )
        self._held[account_id] = held + 1
        try:
            yield
        finally:
            left = self._held[account_id] - 1
            if left:
                self._held[account_id] = left
            else:
                del self._held[account_id]


def places_of(app: Any) -> UploadPlaces:
    """The app's upload places (made on first use from its settings)."""
    state = app.state
    places: UploadPlaces | None = getattr(state, "upload_places", None)
    if places is None:
        places = state.upload_places = UploadPlaces(state.settings.uploads_per_account)
    return places


def is_upload(request: Request) -> bool:
    """Whether the request's body is an upload: multipart, or larger than the app's default
    body limit (declared so, or sent without a length)."""
    headers = request.headers
    if headers.get("content-type", "").lower().startswith(MULTIPART):
        return True
    length = headers.get("content-length")
    if length is None or not length.isdigit():
        return "transfer-encoding" in headers
    limit: int = request.app.state.settings.max_request_bytes
    return int(length) > limit
