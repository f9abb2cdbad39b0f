"""FIT files (Garmin, Wahoo, COROS, Stryd, Zwift...) read with ``fitdecode``.

What is kept, by the kind of file (``file_id.type``; a chained file may hold several kinds):

- **activity**: one ``Activity`` per ``session`` message, with the heart rate of the ``record``
  messages that fall in that session. ``duration_s`` is the session's ``total_timer_time``
  (the time the device was recording: pauses left out), as Garmin Connect's "time" and TCX's
  ``TotalTimeSeconds``; training load counts the work, not a café stop in the middle of a ride
  (a real file here: 6.6 h elapsed, 3.7 h recorded). ``total_elapsed_time`` is the fallback,
  and bounds the window in which records belong to the session. A file with records but no
  session message (a recording the device never closed) gives one activity built from its
  records, and a note says so.
- **weight**: the ``weight_scale`` readings as ``DailyReading(weight_kg)``, one per day (the
  first weigh-in of the day). A scale file that holds several people's readings gives none:
  fitcoach cannot tell which person is the athlete.
- **monitoring**: the resting heart rate of ``monitoring_hr_data`` (that day's own value,
  else the device's 7-day figure) as ``DailyReading(resting_hr)``.
- settings, workouts, courses and the rest hold nothing fitcoach stores: a note names them.

FIT times are UTC. A reading's local day uses the offset the file gives (``local_timestamp``
beside ``timestamp`` in ``activity`` or ``monitoring_info``); without one the UTC day is taken
and a note says so. A heart rate of 0 is "no reading" (a strap that lost contact writes it),
not a value. The file's CRC is checked: a damaged, truncated or non-FIT file raises
``FileFormatError`` naming the problem. Developer fields and messages unknown to the profile
are decoded (or skipped) by fitdecode and never break reading.
"""

from __future__ import annotations

import struct
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import fitdecode

from fitcoach.ingest.files.limits import FileTooLarge
from fitcoach.ingest.files.model import (
    Activity,
    DailyReading,
    FileFormatError,
    HrSample,
    ParsedFile,
)

FORMAT = "fit"
AGAIN = "export it again from the device or its app"
# Sub-sports that say where or why, not what: "cycling", not "commuting cycling".
_CONTEXT_SUB_SPORTS = frozenset({"generic", "all", "commuting", "virtual_activity"})
# Sports that are only a family: the sub-sport is the name ("strength training", "yoga").
_FAMILY_SPORTS = frozenset({"generic", "all", "training", "fitness_equipment"})
_NOTHING_STORED = {
    "device": "a device description",
    "settings": "device settings",
    "sport": "sport settings",
    "workout": "a planned workout, not a recorded one",
    "course": "a planned course, not a recorded activity",
    "schedules": "a training schedule",
    "totals": "lifetime totals",
    "goals": "goals",
    "blood_pressure": "blood pressure readings",
    "activity_summary": "an activity summary without its records",
    "segment": "a segment",
    "segment_list": "a segment list",
    "exd_configuration": "data screen settings",
}
# A FIT activity file is one recording: one session, a multisport race a handful (a
# triathlon's five legs), chained files a few more. Far more is no device's recording, and
# each session would become a cardio session of the athlete's.
MAX_SESSIONS = 100
_MAX_OFFSET = timedelta(hours=14)  # the widest UTC offset in use (Kiribati)
_START_TOLERANCE = timedelta(minutes=1)
_DECODING_FAILURES = (
    struct.error,
    ValueError,
    TypeError,
    IndexError,
    KeyError,
    AttributeError,
    AssertionError,
    OverflowError,
    ZeroDivisionError,
)


def read_fit(data: bytes) -> ParsedFile:
    """Activities, weigh-ins and resting heart rates of a FIT file (see the module doc)."""
    if not data:
        raise FileFormatError(f"the FIT file is empty; {AGAIN}")
    scan = _scan(data)
    if len(scan.sessions) > MAX_SESSIONS:
        raise FileTooLarge(
            f"the FIT file holds {len(scan.sessions):,} sessions; an activity file holds one "
            f"(a multisport one a few), and fitcoach reads at most {MAX_SESSIONS} from one "
            f"file: this is not a device's recording; {AGAIN}"
        )
    parsed = ParsedFile(format=FORMAT)
    if scan.sessions:
        _activities_from_sessions(scan, parsed)
    elif scan.record_ts or scan.records_without_time or scan.records_device_time:
        _activity_from_records(scan, parsed)
    if scan.weights:
        _weights(scan, parsed)
    if scan.resting:
        _resting(scan, parsed)
    elif any(t.startswith("monitoring") for t in scan.file_types):
        parsed.notes.append(
            "The monitoring file holds no resting heart rate (only steps and intensity): "
            "nothing was taken from it."
        )
    if scan.hr_messages:
        parsed.notes.append(
            f"{scan.hr_messages:,} heart-rate messages stored by the strap itself (swimming) "
            "were not read; each session's average and maximum heart rate are kept."
        )
    for kind in dict.fromkeys(scan.file_types):
        if kind in _NOTHING_STORED:
            parsed.notes.append(
                f"This is (or holds) a FIT {kind.replace('_', ' ')} file: "
                f"{_NOTHING_STORED[kind]}; fitcoach stores nothing from it."
            )
    if parsed.empty and not parsed.notes:
        kinds = ", ".join(dict.fromkeys(scan.file_types)) or "no file_id"
        parsed.notes.append(f"The FIT file ({kinds}) holds nothing fitcoach stores.")
    return parsed


# --------------------------------------------------------------------------- decoding


@dataclass
class _Scan:
    """What one pass over the file's messages keeps: records as parallel columns (a long
    ride has tens of thousands), the few summary messages as plain dicts."""

    file_types: list[str] = field(default_factory=list)
    record_ts: list[datetime] = field(default_factory=list)
    record_hr: list[float | None] = field(default_factory=list)
    record_distance: list[float | None] = field(default_factory=list)
    records_without_time: int = 0
    records_device_time: int = 0
    sessions: list[dict[str, Any]] = field(default_factory=list)
    laps: list[dict[str, Any]] = field(default_factory=list)
    sports: list[dict[str, Any]] = field(default_factory=list)
    weights: list[tuple[datetime, float, Any]] = field(default_factory=list)
    resting: list[tuple[datetime, float, bool]] = field(default_factory=list)
    offsets: list[timedelta] = field(default_factory=list)
    hr_messages: int = 0


def _scan(data: bytes) -> _Scan:
    scan = _Scan()
    reader = fitdecode.FitReader(
        data,
        check_crc=fitdecode.CrcCheck.RAISE,
        # Developer fields with a missing or odd definition are read as bytes, not refused.
        error_handling=fitdecode.ErrorHandling.IGNORE,
    )
    data_frame = fitdecode.FIT_FRAME_DATA
    with reader:
        for frame in _frames(reader, len(data)):
            if frame.frame_type != data_frame:
                continue
            name = frame.name
            if name == "record":
                _record(scan, frame)
            elif name in _SUMMARY:
                # The first field of each name, as get_value reads it: a developer field
                # that happens to share a profile field's name comes after it and is ignored.
                values: dict[str, Any] = {}
                for f in frame.fields:
                    if f.value is not None:
                        values.setdefault(f.name, f.value)
                _SUMMARY[name](scan, values)
            elif name == "hr":
                scan.hr_messages += 1
    return scan


def _frames(reader: fitdecode.FitReader, size: int) -> Iterator[Any]:
    """fitdecode's frames, with every decoding failure turned into ``FileFormatError``."""
    frames = iter(reader)
    while True:
        try:
            frame = next(frames)
        except StopIteration:
            return
        except fitdecode.FitCRCError as exc:
            where = "header" if "header" in str(exc) else "data"
            raise FileFormatError(
                f"the FIT file's CRC does not match ({where} checksum): the file is damaged; "
                f"{AGAIN}"
            ) from exc
        except fitdecode.FitHeaderError as exc:
            if reader.fit_files_count == 0:
                raise FileFormatError(
                    "this is not a FIT file (no valid FIT header at its start); check that "
                    f"you picked the right file, or {AGAIN}"
                ) from exc
            raise FileFormatError(
                f"the FIT file is damaged: the data after its part {reader.fit_files_count} "
                f"has a corrupt header; {AGAIN}"
            ) from exc
        except fitdecode.FitEOFError as exc:
            raise FileFormatError(
                f"the FIT file ends too early ({size:,} bytes, cut short by an interrupted copy, "
                f"download or recording); {AGAIN}"
            ) from exc
        except fitdecode.FitParseError as exc:
            raise FileFormatError(
                f"the FIT file is damaged at byte {exc.offset:,} (a message that cannot be "
                f"decoded); {AGAIN}"
            ) from exc
        except _DECODING_FAILURES as exc:
            # fitdecode's own checks catch most damage; these are what it lets through on
            # bytes changed in a definition or a developer-data message (found by altering
            # real files byte by byte; only fitdecode's code runs inside this ``try``).
            raise FileFormatError(
                f"the FIT file cannot be decoded ({type(exc).__name__}): it is damaged; {AGAIN}"
            ) from exc
        yield frame


def _record(scan: _Scan, frame: Any) -> None:
    """One ``record``: its time, heart rate and cumulative distance (first field of each
    name, as ``get_value`` would, in one pass over the fields)."""
    ts = hr = distance = None
    for fd in frame.fields:
        name = fd.name
        if name == "timestamp":
            if ts is None:
                ts = fd.value
        elif name == "heart_rate":
            if hr is None:
                hr = fd.value
        elif name == "distance" and distance is None:
            distance = fd.value
    if not isinstance(ts, datetime):
        # None: no time at all; an int: seconds since the device was switched on (its clock
        # was never set), which no date can be made of.
        if ts is None:
            scan.records_without_time += 1
        else:
            scan.records_device_time += 1
        return
    scan.record_ts.append(ts)
    scan.record_hr.append(_bpm(hr))
    scan.record_distance.append(float(distance) if isinstance(distance, int | float) else None)


def _file_id(scan: _Scan, values: dict[str, Any]) -> None:
    kind = values.get("type")
    scan.file_types.append(str(kind) if kind is not None else "unknown")


def _offset(scan: _Scan, values: dict[str, Any]) -> None:
    """The UTC offset a message gives by its ``local_timestamp`` beside ``timestamp``."""
    utc, local = values.get("timestamp"), values.get("local_timestamp")
    if isinstance(utc, datetime) and isinstance(local, datetime):
        offset = local - utc
        # Offsets are whole quarter hours; anything else (or beyond ±14 h) is a device that
        # left local_timestamp unset (0 = 1989-12-31) or wrong.
        if abs(offset) <= _MAX_OFFSET and offset.total_seconds() % 900 == 0:
            scan.offsets.append(offset)


def _weight(scan: _Scan, values: dict[str, Any]) -> None:
    ts, kg = values.get("timestamp"), values.get("weight")
    if isinstance(ts, datetime) and isinstance(kg, int | float) and kg > 0:
        scan.weights.append((ts, float(kg), values.get("user_profile_index")))


def _monitoring_hr(scan: _Scan, values: dict[str, Any]) -> None:
    ts = values.get("timestamp")
    today = _bpm(values.get("current_day_resting_heart_rate"))
    rolling = _bpm(values.get("resting_heart_rate"))
    if isinstance(ts, datetime) and (today or rolling):
        scan.resting.append((ts, today or rolling or 0.0, today is None))


_SUMMARY = {
    "file_id": _file_id,
    "session": lambda scan, values: scan.sessions.append(values),
    "lap": lambda scan, values: scan.laps.append(values),
    "sport": lambda scan, values: scan.sports.append(values),
    "activity": _offset,
    "monitoring_info": _offset,
    "weight_scale": _weight,
    "monitoring_hr_data": _monitoring_hr,
}


def _bpm(value: Any) -> float | None:
    """A heart rate, or None for none (missing, invalid, or 0: no reading)."""
    if isinstance(value, int | float) and value > 0:
        return float(value)
    return None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


# --------------------------------------------------------------------------- activities


def sport_words(sport: Any, sub_sport: Any = None) -> str:
    """FIT's sport and sub-sport as lower-case words: ``running`` + ``trail`` → "trail
    running", ``training`` + ``strength_training`` → "strength training", ``cycling`` +
    ``generic`` → "cycling"; unknown values (numbers) count as absent."""
    main = sport if isinstance(sport, str) else None
    sub = sub_sport if isinstance(sub_sport, str) else None
    if sub is None or sub in _CONTEXT_SUB_SPORTS:
        words = main if main not in (None, "generic", "all") else "activity"
    elif main is None or main in _FAMILY_SPORTS or main in sub:
        words = sub
    else:
        words = f"{sub} {main}"
    return str(words).replace("_", " ")


def _activities_from_sessions(scan: _Scan, parsed: ParsedFile) -> None:
    ts = _sorted_records(scan)
    windows: list[tuple[int, dict[str, Any], datetime, datetime]] = []
    for index, session in enumerate(scan.sessions):
        start = session.get("start_time")
        if not isinstance(start, datetime):
            parsed.notes.append(
                f"Session {index + 1} was left out: the device's clock was not set, so its "
                "times count from when it was switched on and its date is unknown."
            )
            continue
        # The session's own timestamp is when it closed; the last record often lands a
        # second after start + elapsed time (which is fractional), so the later of the two.
        span = _number(session.get("total_elapsed_time"))
        if span is None:
            span = _number(session.get("total_timer_time")) or 0.0
        end = start + timedelta(seconds=span)
        closed = session.get("timestamp")
        if isinstance(closed, datetime):
            # Some firmware (a Fenix 2 multisport file here) writes a start_time well after
            # the real start, while its closing time and elapsed time agree with its laps
            # and records: those two then say when it started.
            opened = closed - timedelta(seconds=span)
            if span and opened < start - _START_TOLERANCE:
                # A lap that starts there gives the whole second (elapsed time has fractions).
                laps = [
                    lap_start
                    for lap in scan.laps
                    if isinstance(lap_start := lap.get("start_time"), datetime)
                    and opened - _START_TOLERANCE <= lap_start < start
                ]
                opened = min(laps, default=opened)
                parsed.notes.append(
                    f"Session {index + 1}'s start time ({start.isoformat()}) disagrees with its "
                    f"end and elapsed time, which put its start at {opened.isoformat()}: "
                    "the latter was taken."
                )
                start = opened
            end = max(end, closed)
        windows.append((index, session, start, end))
    windows.sort(key=lambda w: w[2])
    used = 0
    for position, (index, session, start, end) in enumerate(windows):
        lo = bisect_left(ts, start)
        hi = bisect_right(ts, end)
        following = windows[position + 1][2] if position + 1 < len(windows) else None
        if following is not None:  # a record on the boundary belongs to the next session
            hi = min(hi, bisect_left(ts, following))
        used += max(0, hi - lo)
        parsed.activities.append(
            _session_activity(scan, index, session, (start, end, following), lo, hi)
        )
    parsed.activities.sort(key=lambda a: a.started_at)
    outside = len(ts) - used
    if outside > 0 and windows:
        parsed.notes.append(
            f"{outside:,} of {len(ts):,} records fall outside every session and were left out."
        )
    _time_notes(scan, parsed)


def _session_activity(
    scan: _Scan,
    index: int,
    session: dict[str, Any],
    window: tuple[datetime, datetime, datetime | None],
    lo: int,
    hi: int,
) -> Activity:
    start, end, _ = window
    series = [
        HrSample(at=scan.record_ts[i], bpm=bpm)
        for i in range(lo, hi)
        if (bpm := scan.record_hr[i]) is not None
    ]
    duration = _number(session.get("total_timer_time"))
    if duration is None:
        duration = (end - start).total_seconds()
    avg_hr = _bpm(session.get("avg_heart_rate"))
    max_hr = _bpm(session.get("max_heart_rate"))
    if series and avg_hr is None:
        avg_hr = sum(s.bpm for s in series) / len(series)
    if series and max_hr is None:
        max_hr = max(s.bpm for s in series)
    laps = session.get("num_laps")
    if not isinstance(laps, int):
        laps = sum(1 for lap in scan.laps if _within(lap.get("start_time"), window)) or None
    calories = _number(session.get("total_calories"))
    cadence = _number(session.get("avg_cadence", session.get("avg_running_cadence")))
    fraction = _number(session.get("avg_fractional_cadence"))
    if cadence is not None and fraction is not None:
        cadence += fraction
    return Activity(
        key=f"session-{index}-{start.astimezone(UTC).isoformat()}",
        sport=sport_words(session.get("sport"), session.get("sub_sport")),
        started_at=start.astimezone(UTC),
        duration_s=duration,
        distance_m=_number(session.get("total_distance")),
        avg_hr=avg_hr,
        max_hr=max_hr,
        calories_kcal=calories,
        avg_power_w=_number(session.get("avg_power")),
        avg_cadence=cadence,
        laps=laps,
        hr_series=series,
    )


def _within(value: Any, window: tuple[datetime, datetime, datetime | None]) -> bool:
    """In a session's window; a time on the boundary belongs to the session that follows."""
    start, end, following = window
    if not isinstance(value, datetime) or value < start or value > end:
        return False
    return following is None or value < following


def _sorted_records(scan: _Scan) -> list[datetime]:
    """Record times in order (devices write them in order; a merged file may not)."""
    ts = scan.record_ts
    if any(ts[i] > ts[i + 1] for i in range(len(ts) - 1)):
        order = sorted(range(len(ts)), key=ts.__getitem__)
        scan.record_ts = [ts[i] for i in order]
        scan.record_hr = [scan.record_hr[i] for i in order]
        scan.record_distance = [scan.record_distance[i] for i in order]
    return scan.record_ts


def _activity_from_records(scan: _Scan, parsed: ParsedFile) -> None:
    """A recording without a session summary: the activity is what its records say."""
    ts = _sorted_records(scan)
    if len(ts) < 2 or ts[-1] == ts[0]:
        parsed.notes.append(
            f"The FIT file has {len(ts) + scan.records_without_time + scan.records_device_time:,} "
            "records but no session summary and not two records with a date and time: no "
            "activity could be made of it."
        )
        _time_notes(scan, parsed)
        return
    series = [HrSample(at=at, bpm=bpm) for at, bpm in zip(ts, scan.record_hr, strict=True) if bpm]
    distances = [d for d in scan.record_distance if d is not None]
    sport: Any = None
    sub_sport: Any = None
    for source in (*scan.sports, *scan.laps):
        if source.get("sport") is not None:
            sport, sub_sport = source.get("sport"), source.get("sub_sport")
            break
    start = ts[0].astimezone(UTC)
    parsed.activities.append(
        Activity(
            key=f"records-{start.isoformat()}",
            sport=sport_words(sport, sub_sport),
            started_at=start,
            duration_s=(ts[-1] - ts[0]).total_seconds(),
            distance_m=max(distances) if distances else None,
            avg_hr=sum(s.bpm for s in series) / len(series) if series else None,
            max_hr=max(s.bpm for s in series) if series else None,
            laps=len(scan.laps) or None,
            hr_series=series,
        )
    )
    parsed.notes.append(
        f"The FIT file has no session summary (the recording was never closed): the activity "
        f"was built from its {len(ts):,} records, its duration from the first to the last "
        "(pauses included) and its distance from the records' odometer."
    )
    _time_notes(scan, parsed)


def _time_notes(scan: _Scan, parsed: ParsedFile) -> None:
    if scan.records_device_time:
        parsed.notes.append(
            f"{scan.records_device_time:,} records carry the device's time since it was "
            "switched on (its clock was not set), not a date: they were left out."
        )
    if scan.records_without_time:
        parsed.notes.append(f"{scan.records_without_time:,} records without a time were left out.")


# --------------------------------------------------------------------------- daily readings


def _local_offset(scan: _Scan, parsed: ParsedFile, what: str) -> timedelta:
    """The offset that turns the file's UTC times into local days (UTC, with a note, when
    the file gives none)."""
    if scan.offsets:
        return scan.offsets[0]
    parsed.notes.append(
        f"The file does not say its time zone: each {what} is filed under its UTC day, which "
        "may be a day off for readings taken near midnight."
    )
    return timedelta(0)


def _weights(scan: _Scan, parsed: ParsedFile) -> None:
    people = {str(user) for _, _, user in scan.weights if user is not None}
    if len(people) > 1:
        parsed.notes.append(
            f"The scale file holds the weigh-ins of {len(people)} people (one per user profile "
            "of the scale): fitcoach cannot tell which one is you, so none was taken. Export "
            "your own readings from the scale's app."
        )
        return
    offset = _local_offset(scan, parsed, "weigh-in")
    by_day: dict[date, list[tuple[datetime, float]]] = {}
    for ts, kg, _user in sorted(scan.weights, key=lambda w: w[0]):
        by_day.setdefault((ts + offset).date(), []).append((ts, kg))
    extra = 0
    for day, readings in sorted(by_day.items()):
        parsed.daily.append(DailyReading(day=day, weight_kg=readings[0][1]))
        extra += len(readings) - 1
    if extra:
        parsed.notes.append(
            f"{extra} later weigh-in(s) on the same day were left out: each day keeps its first "
            "(the morning weight, before food and training)."
        )


def _resting(scan: _Scan, parsed: ParsedFile) -> None:
    offset = _local_offset(scan, parsed, "resting heart rate")
    by_day: dict[date, tuple[float, bool]] = {}
    for ts, bpm, rolling in sorted(scan.resting, key=lambda r: r[0]):
        by_day[(ts + offset).date()] = (bpm, rolling)  # the day's last word
    for day, (bpm, _rolling) in sorted(by_day.items()):
        parsed.daily.append(DailyReading(day=day, resting_hr=bpm))
    if any(rolling for _, rolling in by_day.values()):
        parsed.notes.append(
            "Some days give only the device's 7-day resting heart rate, not that day's own: "
            "it was taken as the day's value."
        )
