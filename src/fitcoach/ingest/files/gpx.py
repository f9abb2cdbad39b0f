"""GPX read with ``gpxpy``: each recorded track (one with times) is an ``Activity``.

A track is recorded when gpxpy says it has times (its first and last points and three in four
of its points carry one) and its times span more than an instant; a route, a track without
times and waypoints are plans or places, not activities: a note says what was left out.

``duration_s`` runs from the first to the last timed point (GPX has no timer: pauses are
included). ``distance_m`` is gpxpy's ``length_2d``, the horizontal distance a watch or TCX/FIT
reports; ``length_3d`` would add GPS elevation noise to every step. Heart rate comes from
Garmin's TrackPointExtension (``gpxtpx:hr``, v1 and v2), the older ClueTrust ``gpxdata:hr``,
or a bare ``<hr>``: any extension element named ``hr`` or ``heartrate``. GPX times are UTC
by the standard (a time without a zone is taken as UTC); those with an offset are converted.
``sport`` is the track's ``<type>`` in lower case, else "activity".

The document is checked for well-formedness with ``xml.etree`` before gpxpy sees it, for a
clear message with the line and column, and because gpxpy logs a document it cannot parse
(a GPX file holds where a person was: nothing personal goes to logs).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import gpxpy
import gpxpy.gpx

from fitcoach.ingest.files.model import Activity, FileFormatError, HrSample, ParsedFile

FORMAT = "gpx"
AGAIN = "export it again from the app or device"
HR_NAMES = frozenset({"hr", "heartrate"})
# Points a fraction of a second apart are one instant (a real file here stamps every point
# with the same invalid 1901 date, microseconds apart), not a recording.
MIN_DURATION_S = 1.0


def read_gpx(data: bytes) -> ParsedFile:
    """The recorded tracks of a GPX file as activities (see the module doc)."""
    text = _text(data)
    gpx = _parse(text)
    parsed = ParsedFile(format=FORMAT)
    left_out = 0
    for index, track in enumerate(gpx.tracks):
        activity = _activity(index, track)
        if activity is None:
            left_out += 1
        else:
            parsed.activities.append(activity)
    if left_out:
        parsed.notes.append(
            f"{left_out} of {len(gpx.tracks)} tracks have no times (or span less than a second): "
            "a track without times is a path, not a recorded activity, so they were left out."
        )
    if gpx.routes:
        parsed.notes.append(
            f"{len(gpx.routes)} route(s) were left out: a route is a planned path, not a "
            "recorded activity."
        )
    if parsed.empty and not parsed.notes:
        parsed.notes.append(
            "The GPX file holds no track (only waypoints, or nothing): fitcoach stores nothing "
            "from it."
        )
    return parsed


def _text(data: bytes) -> str:
    """The document as text: UTF-8 (with or without a byte-order mark) or UTF-16 with one;
    gpxpy itself would decode bytes as UTF-8 and keep the mark."""
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            f"the GPX file is not valid {encoding.upper().removesuffix('-SIG')} text (byte "
            f"{exc.start:,}); GPX files are UTF-8: {AGAIN}"
        ) from exc
    if not text.strip():
        raise FileFormatError(f"the GPX file is empty; {AGAIN}")
    return text


def _parse(text: str) -> gpxpy.gpx.GPX:
    # The declaration may name an encoding the text no longer has (it is decoded): drop it.
    body = text
    if body.lstrip().startswith("<?xml"):
        body = body[body.index("?>") + 2 :]
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        line, column = exc.position
        raise FileFormatError(
            f"the GPX file is not well-formed XML (line {line}, column {column}): it is "
            f"damaged or cut short; {AGAIN}"
        ) from exc
    if root.tag.rsplit("}", 1)[-1] != "gpx":
        raise FileFormatError(
            f"not a GPX file: its root element is <{root.tag.rsplit('}', 1)[-1]}>, not <gpx>"
        )
    try:
        return gpxpy.parse(body)
    except (gpxpy.gpx.GPXException, ValueError) as exc:
        raise FileFormatError(f"the GPX file cannot be read ({exc}); {AGAIN}") from exc


def _activity(index: int, track: gpxpy.gpx.GPXTrack) -> Activity | None:
    if not track.has_times():
        return None
    timed = [
        (_utc(point.time), point)
        for segment in track.segments
        for point in segment.points
        if point.time is not None
    ]
    if len(timed) < 2:
        return None
    timed.sort(key=lambda item: item[0])
    start, end = timed[0][0], timed[-1][0]
    if (end - start).total_seconds() < MIN_DURATION_S:
        return None
    series = [HrSample(at=at, bpm=bpm) for at, point in timed if (bpm := _hr(point)) is not None]
    kind = (track.type or "").strip().lower()
    return Activity(
        key=f"track-{index}-{start.isoformat()}",
        sport=kind or "activity",
        started_at=start,
        duration_s=(end - start).total_seconds(),
        distance_m=float(track.length_2d()),
        avg_hr=sum(s.bpm for s in series) / len(series) if series else None,
        max_hr=max(s.bpm for s in series) if series else None,
        hr_series=series,
    )


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _hr(point: gpxpy.gpx.GPXTrackPoint) -> float | None:
    """The point's heart rate from its extensions (any namespace), or None; 0 is none."""
    for element in _walk(point.extensions):
        if element.tag.rsplit("}", 1)[-1].lower() in HR_NAMES:
            try:
                value = float((element.text or "").strip())
            except ValueError:
                return None
            return value if value > 0 else None
    return None


def _walk(elements: Iterable[Any]) -> Iterable[Any]:
    for element in elements:
        yield element
        yield from _walk(list(element))
