"""TCX (Garmin Training Center XML) read with ``tcxreader``, one ``Activity`` per <Activity>.

``tcxreader`` reads the trackpoints (time, heart rate, distance, cadence, the TPX extension's
watts) and sums the laps' calories and distances. It merges every <Activity> of a file into one
exercise and does not read a lap's ``StartTime`` or ``TotalTimeSeconds``, so this module finds
the activities and their laps with ``xml.etree`` and hands each activity to ``tcxreader`` on
its own (the activities of a multisport session included).

``duration_s`` is the sum of the laps' ``TotalTimeSeconds`` (the time the device was
recording, pauses left out), as the FIT reader's ``total_timer_time``; without laps' times,
the span from the first to the last trackpoint. ``sport`` is the ``Sport`` attribute in lower
case ("running", "biking", "other"). Times without a zone are UTC (TCX writes "Z"). A heart
rate of 0 is "no reading". An activity without heart rate is an activity without HR.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tcxreader.tcxreader import TCXReader

from fitcoach.ingest.files.model import Activity, FileFormatError, HrSample, ParsedFile

FORMAT = "tcx"
NS = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"
AGAIN = "export it again from the app or device"


def read_tcx(data: bytes) -> ParsedFile:
    """The activities of a TCX file (see the module doc)."""
    root = _root(data)
    parsed = ParsedFile(format=FORMAT)
    activities = list(root.iter(f"{NS}Activity"))
    for index, element in enumerate(activities):
        activity = _activity(index, element, parsed)
        if activity is not None:
            parsed.activities.append(activity)
    if not activities:
        held = [name for name in ("Courses", "Workouts") if root.find(f"{NS}{name}") is not None]
        what = (
            f"only {' and '.join(h.lower() for h in held)} (plans, not recordings)"
            if held
            else "no activity"
        )
        parsed.notes.append(f"The TCX file holds {what}: fitcoach stores nothing from it.")
    return parsed


def _root(data: bytes) -> ET.Element:
    if not data.strip():
        raise FileFormatError(f"the TCX file is empty; {AGAIN}")
    try:
        root = ET.fromstring(data)  # bytes: the parser honours the BOM and the declared encoding
    except ET.ParseError as exc:
        line, column = exc.position
        raise FileFormatError(
            f"the TCX file is not well-formed XML (line {line}, column {column}): it is "
            f"damaged or cut short; {AGAIN}"
        ) from exc
    if root.tag != f"{NS}TrainingCenterDatabase":
        raise FileFormatError(
            f"not a TCX file: its root element is <{_local(root.tag)}>, not "
            "<TrainingCenterDatabase> of Garmin's TrainingCenterDatabase/v2 namespace"
        )
    return root


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


@dataclass(frozen=True)
class _Laps:
    """What the laps of an activity say that ``tcxreader`` does not read."""

    count: int
    first_start: datetime | None
    timer_s: float | None
    has_distance: bool
    has_calories: bool
    avg_hr: float | None
    max_hr: float | None


def _laps(element: ET.Element) -> _Laps:
    laps = element.findall(f"{NS}Lap")
    starts = [t for lap in laps if (t := _time(lap.get("StartTime"))) is not None]
    times = [_float(lap.findtext(f"{NS}TotalTimeSeconds")) for lap in laps]
    # Laps' own averages, weighted by their time: the fallback when no trackpoint has HR.
    weighted = [
        (avg, t)
        for lap, t in zip(laps, times, strict=True)
        if (avg := _bpm(_float(lap.findtext(f"{NS}AverageHeartRateBpm/{NS}Value")))) and t
    ]
    maxima = [
        m for lap in laps if (m := _bpm(_float(lap.findtext(f"{NS}MaximumHeartRateBpm/{NS}Value"))))
    ]
    total = sum(t for _, t in weighted)
    return _Laps(
        count=len(laps),
        first_start=min(starts, default=None),
        timer_s=sum(t for t in times if t is not None)
        if any(t is not None for t in times)
        else None,
        has_distance=any(lap.find(f"{NS}DistanceMeters") is not None for lap in laps),
        has_calories=any(lap.find(f"{NS}Calories") is not None for lap in laps),
        avg_hr=sum(a * t for a, t in weighted) / total if total else None,
        max_hr=max(maxima, default=None),
    )


def _activity(index: int, element: ET.Element, parsed: ParsedFile) -> Activity | None:
    laps = _laps(element)
    exercise = _exercise(element)
    points = [
        (_utc(tp.time), tp.hr_value, tp.distance)
        for tp in exercise.trackpoints
        if tp.time is not None
    ]
    points.sort(key=lambda p: p[0])
    series = [HrSample(at=at, bpm=bpm) for at, hr, _ in points if (bpm := _bpm(hr))]
    start = (
        laps.first_start or _time(element.findtext(f"{NS}Id")) or (points[0][0] if points else None)
    )
    duration = laps.timer_s
    if duration is None and len(points) >= 2:
        duration = (points[-1][0] - points[0][0]).total_seconds()
    if start is None or not duration:
        parsed.notes.append(
            f"Activity {index + 1} of the TCX file has no start time or no duration (no lap "
            "times and fewer than two trackpoints with a time): it was left out."
        )
        return None
    distances = [d for _, _, d in points if isinstance(d, int | float)]
    distance = float(exercise.distance) if laps.has_distance else max(distances, default=None)
    watts = (exercise.tpx_ext_stats or {}).get("Watts", {}).get("avg")
    sport = (element.get("Sport") or "").strip().lower() or "activity"
    return Activity(
        key=f"activity-{index}-{start.isoformat()}",
        sport=sport,
        started_at=start,
        duration_s=float(duration),
        distance_m=distance,
        avg_hr=sum(s.bpm for s in series) / len(series) if series else laps.avg_hr,
        max_hr=max(s.bpm for s in series) if series else laps.max_hr,
        calories_kcal=float(exercise.calories) if laps.has_calories else None,
        avg_power_w=float(watts) if isinstance(watts, int | float) else None,
        avg_cadence=float(exercise.cadence_avg) if exercise.cadence_avg is not None else None,
        laps=laps.count or None,
        hr_series=series,
    )


def _exercise(element: ET.Element) -> Any:
    """``tcxreader``'s reading of one <Activity>, given to it as a document of its own."""
    root = ET.Element(f"{NS}TrainingCenterDatabase")
    holder = ET.SubElement(root, f"{NS}Activities")
    holder.append(element)
    if element.get("Sport") is None:  # required by the schema; tcxreader insists on it
        element.set("Sport", "Other")
    try:
        return TCXReader().read(io.BytesIO(ET.tostring(root)), only_gps=False)
    except (ValueError, TypeError, AttributeError) as exc:
        raise FileFormatError(
            f"the TCX file has a value that cannot be read ({exc}): it is damaged; {AGAIN}"
        ) from exc


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return _utc(value)


def _utc(value: datetime) -> datetime:
    """TCX times are UTC ("Z", which tcxreader leaves naive) or carry their offset."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _bpm(value: Any) -> float | None:
    """A heart rate, or None (missing, or 0: a strap without contact)."""
    return float(value) if isinstance(value, int | float) and value > 0 else None
