"""The web's static files and how long browsers keep them.

Pages name every static file with ``?v={{ static_version }}``: a digest of the files under
``static/`` (plotly.js included), so the URL changes whenever any file does. A request that
carries the current digest is answered ``immutable`` for a year: a repeat visit loads the
stylesheet, the scripts and plotly.js from the browser's cache without asking the server. A
request without it (an old page, a link typed by hand) is answered ``no-cache``: the browser
keeps the file but checks it (``ETag``, a 304 when unchanged), so it never shows a stale one.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATIC = Path(__file__).parent / "static"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


@cache
def static_version() -> str:
    """12 hex digits of a digest over every static file's path and content (read once per
    process: about 1.5 MB, a few milliseconds)."""
    digest = hashlib.blake2b(digest_size=6)
    for path in sorted(p for p in STATIC.rglob("*") if p.is_file()):
        digest.update(path.relative_to(STATIC).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_control(query_string: bytes) -> str:
    """``immutable`` for a URL of the current version, else revalidate on every use."""
    current = f"v={static_version()}".encode()
    return IMMUTABLE if current in query_string.split(b"&") else REVALIDATE


class VersionedStaticFiles(StaticFiles):
    """``StaticFiles`` with the ``Cache-Control`` of ``cache_control`` on every answer (a 304
    included)."""

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["Cache-Control"] = cache_control(scope.get("query_string", b""))
        return response
