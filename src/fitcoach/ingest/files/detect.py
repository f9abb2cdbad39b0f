"""Which format a file is, from its content (the name is only a tie-breaker), and its reader.

A FIT file says ".FIT" in its header; XML says its root element (TrainingCenterDatabase, gpx,
HealthData); a zip is told by its members (Apple Health's ``apple_health_export/export.xml``,
WHOOP's ``physiological_cycles.csv``, fitcoach's own ``manifest.json``); a CSV by its header row.
A renamed file is read as what it is; a file that is none of these is refused with the list of
formats fitcoach reads.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Literal

from fitcoach.ingest.files.limits import ZIP_READ_ERRORS, ReadLimits
from fitcoach.ingest.files.model import FileFormatError, ParsedFile

# fitcoach's own export (services.portability) is imported by the same door, not parsed here.
FITCOACH = "fitcoach"
FORMATS: dict[str, str] = {
    "fit": "FIT activity, weight-scale or monitoring file (Garmin, Wahoo, COROS, Stryd...)",
    "tcx": "TCX (Garmin Training Center XML)",
    "gpx": "GPX track (heart rate from Garmin's TrackPointExtension)",
    "strong": "Strong CSV export",
    "hevy": "Hevy CSV export",
    "fitnotes": "FitNotes CSV export",
    "apple_health": "Apple Health export.zip or export.xml",
    "whoop": "WHOOP data export (zip or its CSV files)",
    FITCOACH: "fitcoach export (JSON, zip or CSV directory)",
}
_XML_ROOT = re.compile(rb"<(?!\?|!)(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_HEAD_BYTES = 64 * 1024


def _xml_root(head: bytes) -> str | None:
    """The local name of the first element of an XML head (after any declaration, comments
    and DOCTYPE with its internal subset, which Apple Health's export has)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"<"):
        return None
    # Skip the DOCTYPE's internal subset ("[ ... ]>"), whose declarations start with "<!".
    doctype = text.find(b"<!DOCTYPE")
    if doctype != -1:
        subset = text.find(b"[", doctype)
        close = text.find(b"]>", doctype)
        end = text.find(b">", doctype)
        if subset != -1 and close != -1 and subset < end:
            text = text[close + 2 :]
        elif end != -1:
            text = text[end + 1 :]
    while True:
        comment = text.find(b"<!--")
        first = _XML_ROOT.search(text)
        if first is None:
            return None
        if comment != -1 and comment < first.start():
            end = text.find(b"-->", comment)
            if end == -1:
                return None
            text = text[end + 3 :]
            continue
        return first.group(1).decode("ascii", "replace")


Source = bytes | Path


def head_of(source: Source) -> bytes:
    """The first bytes of a file (all that ``detect`` reads of it, zips aside)."""
    if isinstance(source, bytes):
        return source[:_HEAD_BYTES]
    with source.open("rb") as handle:
        return handle.read(_HEAD_BYTES)


def bytes_of(source: Source) -> bytes:
    return source if isinstance(source, bytes) else source.read_bytes()


def size_of(source: Source) -> int:
    """The file's size in bytes (a path's, without reading it)."""
    return len(source) if isinstance(source, bytes) else source.stat().st_size


def _zip_kind(source: Source) -> str | None:
    try:
        with zipfile.ZipFile(
            io.BytesIO(source) if isinstance(source, bytes) else source
        ) as archive:
            names = [n.replace("\\", "/") for n in archive.namelist()]
            if any(n.endswith("export.xml") and "apple_health_export" in n for n in names):
                return "apple_health"
            if any(n.rsplit("/", 1)[-1] == "export.xml" for n in names):
                return "apple_health"
            if any(n.rsplit("/", 1)[-1] == "physiological_cycles.csv" for n in names):
                return "whoop"
            if any(n.rsplit("/", 1)[-1] == "manifest.json" for n in names):
                return FITCOACH
            csvs = [i for i in archive.infolist() if i.filename.lower().endswith(".csv")]
            if len(csvs) == 1:
                from fitcoach.ingest.files.csvkinds import csv_kind

                # Only its first bytes: a member may unpack to gigabytes.
                with archive.open(csvs[0]) as member:
                    return csv_kind(member.read(_HEAD_BYTES))
    except zipfile.BadZipFile as exc:
        raise FileFormatError(f"the zip archive is damaged ({exc}); download it again") from exc
    except ZIP_READ_ERRORS as exc:
        raise FileFormatError(f"the zip archive cannot be read ({exc}); download it again") from exc
    return None


def detect(source: Source, name: str = "") -> str:
    """The format of a file from its content (see ``FORMATS``), or ``FileFormatError``."""
    head = head_of(source)
    if len(head) >= 12 and head[8:12] == b".FIT":
        return "fit"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        kind = _zip_kind(source)
        if kind is not None:
            return kind
        raise FileFormatError(
            "the zip archive holds none of the exports fitcoach reads (Apple Health's "
            "export.xml, WHOOP's physiological_cycles.csv, a fitcoach export)"
        )
    root = _xml_root(head)
    if root is not None:
        kinds = {"TrainingCenterDatabase": "tcx", "gpx": "gpx", "HealthData": "apple_health"}
        if root in kinds:
            return kinds[root]
        raise FileFormatError(
            f"an XML file whose root is <{root}>: not TCX, GPX or an Apple Health export"
        )
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        return FITCOACH
    from fitcoach.ingest.files.csvkinds import csv_kind

    kind = csv_kind(head)
    if kind is not None:
        return kind
    suffix = Path(name).suffix.lower()
    if suffix == ".fit":  # ".FIT" missing from its header: a damaged FIT file, not another kind
        raise FileFormatError(
            "the file is named .fit but has no FIT header: it is damaged or not a FIT file; "
            "export it again from the device or its app"
        )
    known = "; ".join(FORMATS.values())
    raise FileFormatError(f"fitcoach cannot tell what this file is. It reads: {known}")


@dataclass(frozen=True)
class ReadOptions:
    """What the person told fitcoach about a file it could not be sure of."""

    weight_unit: Literal["kg", "lb"] | None = None  # for exports that do not say
    distance_unit: Literal["km", "mi"] | None = None
    # The zone of local times written without one (Strong, Hevy, FitNotes): the athlete's.
    tz: tzinfo | str | None = None


def read(
    fmt: str,
    source: Source,
    options: ReadOptions | None = None,
    limits: ReadLimits | None = None,
) -> ParsedFile:
    """``source`` read as ``fmt`` within ``limits``; Apple Health exports are streamed from a
    path, the other formats (small files) are read whole. ``FileTooLarge`` for a file over a
    limit, as soon as that is known."""
    limits = limits or ReadLimits()
    if fmt == "apple_health":
        from fitcoach.ingest.files.apple_health import read_apple_health

        parsed = read_apple_health(source, limits)
    else:
        limits.check_file(size_of(source), "the file")
        parsed = _reader(fmt, options or ReadOptions(), limits)(bytes_of(source))
    limits.check_records(parsed.records, "the file")
    return parsed


def _reader(fmt: str, opts: ReadOptions, limits: ReadLimits) -> Callable[[bytes], ParsedFile]:
    if fmt == "fit":
        from fitcoach.ingest.files.fit import read_fit

        return read_fit
    if fmt == "tcx":
        from fitcoach.ingest.files.tcx import read_tcx

        return read_tcx
    if fmt == "gpx":
        from fitcoach.ingest.files.gpx import read_gpx

        return read_gpx
    if fmt == "strong":
        from fitcoach.ingest.files.strong import read_strong

        return lambda data: read_strong(
            data, weight_unit=opts.weight_unit, distance_unit=opts.distance_unit, tz=opts.tz
        )
    if fmt == "hevy":
        from fitcoach.ingest.files.hevy import read_hevy

        return lambda data: read_hevy(data, tz=opts.tz)
    if fmt == "fitnotes":
        from fitcoach.ingest.files.fitnotes import read_fitnotes

        return lambda data: read_fitnotes(data, tz=opts.tz)
    if fmt == "whoop":
        from fitcoach.ingest.files.whoop import read_whoop

        return lambda data: read_whoop(data, limits)
    raise FileFormatError(f"no reader for {fmt!r}; formats: {', '.join(FORMATS)}")
