"""Uploaded files handed to the import service (``services.imports``): what the API's
``POST .../imports`` and the web page's upload share.

Each upload is copied to a private temporary folder and passed on as a path, not read into
memory: Apple Health's export is read streaming from a path, and one request may carry up to
``max_import_bytes``. The folder's names are numbers; the client's names are only reported back.

The import runs within the app's ``ImportLimits`` and writes in short transactions, each in
the write slot (``turn``); files that fail count against the athlete's allowance of failed
files (``FailedImports``), so that a file that fails cannot be sent again and again at once.
"""

from __future__ import annotations

import math
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Literal

import structlog
from fastapi import Request
from starlette.datastructures import UploadFile as Upload

from fitcoach.core.clock import SystemClock
from fitcoach.core.errors import InvalidInput
from fitcoach.core.settings import Settings
from fitcoach.ingest.files.detect import ReadOptions
from fitcoach.interfaces.api.auth import TooManyRequests, limits_available
from fitcoach.interfaces.api.sessions import settings_of
from fitcoach.services import imports
from fitcoach.services.context import ServiceContext
from fitcoach.services.imports import ImportLimits, ImportSummary, IncomingFile, Turn

if TYPE_CHECKING:  # ``limits`` loads with the first upload
    from limits.storage import Storage

log = structlog.get_logger(__name__)

MAX_NAME_CHARS = 200  # what the service stores of a file name


def file_name(given: str | None, index: int) -> str:
    """The name to report a file by: the client's, without any folders it sent, or
    ``file N`` when it sent none."""
    name = (given or "").strip()
    name = PureWindowsPath(PurePosixPath(name).name).name.strip() if name else ""
    return (name or f"file {index}")[:MAX_NAME_CHARS]


def chosen(uploads: Sequence[Upload | str]) -> list[Upload]:
    """The files of a multipart field; an empty part (a form sent without a file chosen)
    and plain text values are not files."""
    out = []
    for upload in uploads:
        if isinstance(upload, str):
            continue
        if not upload.filename and not upload.size:
            continue
        out.append(upload)
    return out


@contextmanager
def received(uploads: Sequence[Upload]) -> Iterator[list[IncomingFile]]:
    """The uploads as files in a private temporary folder, removed afterwards."""
    if not uploads:
        raise InvalidInput("choose at least one file to import (field 'files')")
    with tempfile.TemporaryDirectory(prefix="fitcoach-import-") as folder:
        files = []
        for index, upload in enumerate(uploads, start=1):
            path = Path(folder) / f"{index}.upload"
            upload.file.seek(0)
            with path.open("wb") as out:
                shutil.copyfileobj(upload.file, out, 1 << 20)
            files.append(IncomingFile(file_name(upload.filename, index), path))
        yield files


class FailedImports:
    """At most ``max_failures`` files that failed to import per athlete within ``window_s``
    (a moving window, in the rate-limit storage: ``limits``, memory or Redis as for sign-in).
    A file that failed only for want of a unit (the person is asked, then sends it again)
    does not count."""

    def __init__(self, storage: Storage, *, max_failures: int, window_s: int) -> None:
        from limits import RateLimitItemPerSecond
        from limits.strategies import MovingWindowRateLimiter

        self._limiter = MovingWindowRateLimiter(storage)
        self._item = RateLimitItemPerSecond(max_failures, window_s, namespace="import-failures")
        self.max_failures = max_failures

    @classmethod
    def from_settings(cls, settings: Settings) -> FailedImports:
        from limits.storage import Storage, storage_from_string

        storage = storage_from_string(
            settings.rate_limit_storage,
            key_prefix=settings.rate_limit_key_prefix,
            wrap_exceptions=True,
        )
        if not isinstance(storage, Storage):  # an ``async+`` URI: this code is synchronous
            raise ValueError("rate_limit_storage_uri must name a synchronous storage")
        return cls(
            storage,
            max_failures=settings.import_max_failures,
            window_s=settings.import_failure_window_s,
        )

    def check(self, athlete_id: int) -> None:
        """``TooManyRequests`` (429) while the athlete's failed files fill the window."""
        key = str(athlete_id)
        with limits_available("imports"):
            if self._limiter.test(self._item, key):
                return
            stats = self._limiter.get_window_stats(self._item, key)
        wait = max(1, math.ceil(stats.reset_time - SystemClock().now().timestamp()))
        raise TooManyRequests(
            f"{self.max_failures} files failed to import lately; fix what their messages say, "
            f"then try again in {_minutes(wait)}",
            details={"retry_after_s": wait},
        )

    def count(self, summary: ImportSummary) -> None:
        """Count the files of ``summary`` that failed (a unit asked for aside)."""
        failed = sum(1 for f in summary.files if f.status == "failed" and f.asks is None)
        if not failed:
            return
        with limits_available("imports"):
            self._limiter.hit(self._item, str(summary.athlete_id), cost=failed)


def _minutes(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def failures_of(request: Request) -> FailedImports:
    """The app's count of failed imports, made on first use from the app's settings."""
    state = request.app.state
    found: FailedImports | None = getattr(state, "failed_imports", None)
    if found is None:
        found = state.failed_imports = FailedImports.from_settings(settings_of(request))
    return found


def limits_of(request: Request) -> ImportLimits:
    """The app's import limits (from its settings)."""
    state = request.app.state
    found: ImportLimits | None = getattr(state, "import_limits", None)
    if found is None:
        found = state.import_limits = ImportLimits.from_settings(settings_of(request))
    return found


def import_uploads(
    ctx: ServiceContext,
    athlete_id: int,
    uploads: Sequence[Upload],
    weight_unit: str | None,
    distance_unit: str | None = None,
    *,
    request: Request,
    turn: Turn,
) -> ImportSummary:
    """Import uploaded files into the athlete (the API's and the web page's upload), each
    write in ``turn``; refused (429) while the athlete's failed files fill their window."""
    unit: Literal["kg", "lb"] | None
    if weight_unit is None:
        unit = None
    elif weight_unit == "kg":
        unit = "kg"
    elif weight_unit == "lb":
        unit = "lb"
    else:
        raise InvalidInput(f"weight_unit is kg or lb (got {weight_unit!r})")
    distance: Literal["km", "mi"] | None
    if distance_unit is None:
        distance = None
    elif distance_unit in ("km", "mi"):
        distance = "km" if distance_unit == "km" else "mi"
    else:
        raise InvalidInput(f"distance_unit is km or mi (got {distance_unit!r})")
    ctx.scope(athlete_id)  # NotFound before the files are copied
    failures = failures_of(request)
    failures.check(athlete_id)
    options = ReadOptions(weight_unit=unit, distance_unit=distance)
    with received(uploads) as files:
        summary = imports.import_files(
            ctx, athlete_id, files, options=options, limits=limits_of(request), turn=turn
        )
    failures.count(summary)
    return summary


def resume_held(
    ctx: ServiceContext, athlete_id: int, *, request: Request, turn: Turn
) -> ImportSummary:
    """Import the athlete's held files with their choices (the API's and the page's review),
    each write in ``turn``."""
    return imports.resume(ctx, athlete_id, limits=limits_of(request), turn=turn)
