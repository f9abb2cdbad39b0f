"""Uploaded files handed to the import service (``services.imports``): what the API's
``POST .../imports`` and the web page's upload share.

Each upload is copied to a private temporary folder and passed on as a path, not read into
memory: Apple Health's export is read streaming from a path, and one request may carry up to
``max_import_bytes``. The folder's names are numbers; the client's names are only reported back.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Literal

from starlette.datastructures import UploadFile as Upload

from fitcoach.core.errors import InvalidInput
from fitcoach.ingest.files.detect import ReadOptions
from fitcoach.services import imports
from fitcoach.services.context import ServiceContext
from fitcoach.services.imports import ImportSummary, IncomingFile

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


def import_uploads(
    ctx: ServiceContext,
    athlete_id: int,
    uploads: Sequence[Upload],
    weight_unit: str | None,
    distance_unit: str | None = None,
) -> ImportSummary:
    """Import uploaded files into the athlete (the API's and the web page's upload)."""
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
    options = ReadOptions(weight_unit=unit, distance_unit=distance)
    with received(uploads) as files:
        return imports.import_files(ctx, athlete_id, files, options=options)
