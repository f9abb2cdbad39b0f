"""Export: everything of one athlete as a version 4 document, written as one JSON file, a
directory of CSV (and two JSON) files, or a zip of that directory."""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from fitcoach.core.errors import InvalidInput
from fitcoach.services import athletes, own_exercises
from fitcoach.services.context import ServiceContext
from fitcoach.services.portability import consent as consent_section
from fitcoach.services.portability import conversations, plans, records, sensors
from fitcoach.services.portability import flags as flag_section
from fitcoach.services.portability import measurements as measurement_section
from fitcoach.services.portability.checks import iso
from fitcoach.services.portability.csvio import write_csv
from fitcoach.services.portability.format import (
    ATHLETE_FILE,
    COLUMNS,
    COUNTED_BY_VERSION,
    CSV_FILES,
    DOSING_FIELD,
    FORMAT,
    JSON_FILES,
    MANIFEST,
    OWN_EXERCISE_FIELDS,
    OWN_FIELD,
    RECORD_KINDS,
    VERSION,
    WAVEFORM_INDEX,
    WAVEFORMS,
    ExportFormat,
    ProgressFn,
)
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.repositories import athletes as athlete_repo
from fitcoach.storage.rows import picked

# The sections versions 2 and 4 add, in document order, and how each is read.
_SECTIONS: dict[str, Callable[[ServiceContext, AthleteScope], Sequence[Mapping[str, Any]]]] = {
    "plans": plans.export_plans,
    "conversations": conversations.export_conversations,
    "health_flags": flag_section.export_flags,
    "consent": consent_section.export_consent,
    "recordings": sensors.export_recordings,
    "vitals": sensors.export_vitals,
    "events": sensors.export_events,
    "measurements": measurement_section.export_measurements,
}


def _athlete_section(ctx: ServiceContext, scope: AthleteScope) -> dict[str, Any]:
    out = athletes.get_athlete(ctx, scope.athlete_id)
    # ``plates`` (the athlete's bar and plates) is written only when set: unset means the
    # standard ones, and an export of a profile without it stays as format 2 first wrote it.
    # ``units`` likewise only when not the default, metric, and ``country`` only when given.
    profile = (
        out.profile.model_dump(
            mode="json",
            exclude={"updated_at"}
            | ({"plates"} if out.profile.plates is None else set())
            | ({"units"} if out.profile.units == "metric" else set())
            | ({"country"} if out.profile.country is None else set()),
        )
        if out.profile
        else {}
    )
    section = {
        "name": out.name,
        "email": out.email,
        "timezone": out.timezone,
        "profile": profile,
        DOSING_FIELD: athlete_repo.adaptive_dosing(ctx.session, scope),
    }
    own = own_exercises.listed(ctx, scope.athlete_id)
    if own:  # written only when there are some: an export without them reads as before
        section[OWN_FIELD] = [picked(e, OWN_EXERCISE_FIELDS) for e in own]
    return section


def export_athlete(
    ctx: ServiceContext, athlete_id: int, *, progress: ProgressFn | None = None
) -> dict[str, Any]:
    """Everything of one athlete as a version 4 document (no internal ids; exercises by slug,
    recordings by key, plans by version number). Raw waveforms are not part of it: they go
    only into the file forms (``write_export(..., include_waveforms=True)``).

    Another athlete than the subject may see is ``NotFound``. The export is audited.
    """
    scope = ctx.scope(athlete_id, kind="export")
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": iso(ctx.clock.now()),
        "athlete": _athlete_section(ctx, scope),
    }
    steps = len(RECORD_KINDS) + len(_SECTIONS)
    for done, kind in enumerate(RECORD_KINDS):
        if progress:
            progress("reading records", done, steps)
        doc[kind] = records.export_records(ctx, scope, kind)
    for done, (kind, read) in enumerate(_SECTIONS.items(), start=len(RECORD_KINDS)):
        if progress:
            progress("reading records", done, steps)
        doc[kind] = read(ctx, scope)
    if progress:
        progress("reading records", steps, steps)
    ctx.audit("export", "athlete", athlete_id, athlete_id=athlete_id, detail=counts_of(doc))
    return doc


def counts_of(doc: Mapping[str, Any]) -> dict[str, int]:
    """How many records of each kind a document holds (sets and messages counted too), for
    the kinds of the document's version."""
    given = doc.get("version")
    version = given if isinstance(given, int) and given in COUNTED_BY_VERSION else VERSION
    counts: dict[str, int] = {}
    for kind in COUNTED_BY_VERSION[version]:
        if kind == "sets":
            counts[kind] = sum(len(w.get("sets") or []) for w in doc.get("workouts") or [])
        elif kind == "messages":
            counts[kind] = sum(len(c.get("messages") or []) for c in doc.get("conversations") or [])
        else:
            counts[kind] = len(doc.get(kind) or [])
    return counts


def _manifest(doc: Mapping[str, Any], waveforms: int | None) -> dict[str, Any]:
    counts = counts_of(doc)
    if waveforms is not None:
        counts[WAVEFORMS] = waveforms
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": doc["exported_at"],
        "counts": counts,
    }


def _write_json(stream: IO[str], value: Any) -> None:
    json.dump(value, stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def _write_tree(
    ctx: ServiceContext,
    scope: AthleteScope,
    doc: Mapping[str, Any],
    open_text: Callable[[str], IO[str]],
    *,
    include_waveforms: bool,
    progress: ProgressFn | None,
) -> int | None:
    """Write manifest, athlete, CSV and JSON files (and the waveforms) through
    ``open_text(name)`` (a directory or a zip). Returns the waveform files written, or None."""
    tracks = (
        sensors.waveform_tracks(ctx, scope, doc.get("recordings") or [])
        if include_waveforms
        else None
    )
    with open_text(MANIFEST) as f:
        _write_json(f, _manifest(doc, None if tracks is None else len(tracks)))
    with open_text(ATHLETE_FILE) as f:
        _write_json(f, doc["athlete"])
    for kind, name in CSV_FILES.items():
        with open_text(name) as f:
            write_csv(f, COLUMNS[kind], records.csv_rows(doc, kind))
    for kind, name in JSON_FILES.items():
        with open_text(name) as f:
            _write_json(f, doc.get(kind) or [])
    if tracks is None:
        return None
    with open_text(WAVEFORM_INDEX) as f:
        write_csv(f, COLUMNS["waveforms"], (t.row for t in tracks))
    header = [c.name for c in COLUMNS["samples"]]
    for done, track in enumerate(tracks):
        if progress:
            progress("writing waveforms", done, len(tracks))
        with open_text(track.row["file"]) as f:
            f.write(",".join(header) + "\r\n")
            f.writelines(
                f"{seq},{t},{flags},{value}\r\n"
                for seq, t, flags, value in sensors.waveform_rows(ctx, scope, track)
            )
    if progress:
        progress("writing waveforms", len(tracks), len(tracks))
    return len(tracks)


@contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary path next to ``path`` that replaces it only when the block succeeds,
    so that a failed export never leaves half a file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _zip(
    ctx: ServiceContext,
    scope: AthleteScope,
    doc: Mapping[str, Any],
    target: Path | IO[bytes],
    *,
    include_waveforms: bool,
    progress: ProgressFn | None,
) -> int | None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:

        def open_member(name: str) -> IO[str]:
            return io.TextIOWrapper(zf.open(name, "w"), encoding="utf-8", newline="")

        return _write_tree(
            ctx, scope, doc, open_member, include_waveforms=include_waveforms, progress=progress
        )


def _check_target(path: Path, fmt: str, include_waveforms: bool) -> None:
    if fmt not in ("json", "csv", "zip"):
        raise InvalidInput(f"unknown export format {fmt!r}; use json, csv or zip")
    if include_waveforms and fmt == "json":
        raise InvalidInput(
            "raw waveforms are written only in the zip and CSV forms (one CSV file per "
            "recording channel; too large for one JSON document): use --format zip or a "
            "directory, or leave out --include-waveforms"
        )
    if fmt == "csv":
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            raise InvalidInput(
                f"{path} already exists and is not an empty directory; "
                "give a new directory for a CSV export"
            )
    elif path.is_dir():
        raise InvalidInput(f"{path} is a directory; give a file name for a {fmt} export")


def write_export(
    ctx: ServiceContext,
    athlete_id: int,
    path: Path | str,
    fmt: ExportFormat = "json",
    *,
    include_waveforms: bool = False,
    progress: ProgressFn | None = None,
) -> dict[str, int]:
    """Export an athlete to ``path`` as one JSON file, a CSV directory or a zip of it;
    ``include_waveforms`` adds the raw waveforms (zip and CSV only).

    A file is replaced only once the new one is complete; a CSV directory must be new or
    empty. Returns the record counts (and ``waveforms``: the channel files written).
    """
    path = Path(path)
    _check_target(path, fmt, include_waveforms)
    doc = export_athlete(ctx, athlete_id, progress=progress)
    scope = ctx.scope(athlete_id, kind="export")
    if progress:
        progress("writing files", 0, 1)
    waveforms: int | None = None
    if fmt == "json":
        with _replacing(path) as tmp, tmp.open("w", encoding="utf-8") as f:
            json.dump(doc, f, indent=1, ensure_ascii=False)
            f.write("\n")
    elif fmt == "zip":
        with _replacing(path) as tmp:
            waveforms = _zip(
                ctx, scope, doc, tmp, include_waveforms=include_waveforms, progress=progress
            )
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp_dir = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))

        def open_file(name: str) -> IO[str]:
            (tmp_dir / name).parent.mkdir(parents=True, exist_ok=True)
            return (tmp_dir / name).open("w", encoding="utf-8", newline="")

        try:
            waveforms = _write_tree(
                ctx, scope, doc, open_file, include_waveforms=include_waveforms, progress=progress
            )
            if path.exists():
                path.rmdir()
            tmp_dir.rename(path)
        finally:
            if tmp_dir.exists():
                shutil.rmtree(tmp_dir)
    if progress:
        progress("writing files", 1, 1)
    counts = counts_of(doc)
    if waveforms is not None:
        counts[WAVEFORMS] = waveforms
    return counts


def export_zip(ctx: ServiceContext, athlete_id: int, *, include_waveforms: bool = False) -> bytes:
    """The zip form of an athlete's export in memory (the API's answer with waveforms)."""
    doc = export_athlete(ctx, athlete_id)
    scope = ctx.scope(athlete_id, kind="export")
    buffer = io.BytesIO()
    _zip(ctx, scope, doc, buffer, include_waveforms=include_waveforms, progress=None)
    return buffer.getvalue()
