"""Apple Health's export (``export.zip`` or its ``export.xml``) → ``ParsedFile``, streamed.

An export of a few years of Apple Watch data is gigabytes of XML, so the file is read in
bounded memory: the bytes go in 64 KiB chunks (from the file, or decompressed from the zip
member as they are read) to the stdlib's expat parser with SAX-style handlers, and no element
tree is built at all, so there is nothing to clear and nothing that grows with the file except
what is kept on purpose:

* heart-rate readings, compactly (4-byte epoch seconds and a 4-byte float each), because the
  workouts come after all the records in the file and each one needs the readings of its
  window. The alternative, a second pass over the source, would double the parse time for
  the sake of 8 bytes a reading (a few MB even for years of data);
* sleep samples (a few dozen a night, also in arrays), the few workouts, one entry a day for
  resting heart rate, body mass, waist circumference and body fat, and a count per skipped
  record type.

Safety: the DOCTYPE's internal subset at the top is cut out before parsing. Fitcoach needs
nothing from it (no default attribute values), iOS 16 exports carry a malformed one that
stops every conforming parser, and without it the parser has no entity declarations to
expand. On top of that the parser refuses any entity declaration it still meets and never
reads parameter or external entities, so neither "billion laughs" expansion nor external
entity (XXE) reads are possible, whatever the expat version.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, BinaryIO
from xml.parsers import expat

import numpy as np

from fitcoach.ingest.files.health_source import CHUNK_BYTES, EXPORT_HINT, open_export
from fitcoach.ingest.files.limits import ReadLimits
from fitcoach.ingest.files.model import (
    Activity,
    DailyReading,
    FileFormatError,
    HrSample,
    ParsedFile,
    Sleep,
)

FORMAT = "apple_health"
MAX_PROLOG_BYTES = 1 << 20  # Apple's DOCTYPE is ~10 KB; anything far longer is not an export
SLEEP_GAP_S = 2 * 3600  # samples of one source closer than this belong to the same night

_HR_TIME_DTYPE = np.dtype(f"u{array('I').itemsize}")
_DOCTYPE = re.compile(rb"<!DOCTYPE\b")
_ELEMENT_START = re.compile(rb"<[A-Za-z_]")
_SUBSET_END = re.compile(rb"<!--.*?-->|\]\s*>", re.DOTALL)
# Bytes XML 1.0 forbids; some Health exports carry stray vertical tabs in source names.
_FORBIDDEN_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_TYPE_PREFIXES = (
    "HKQuantityTypeIdentifier",
    "HKCategoryTypeIdentifier",
    "HKCorrelationTypeIdentifier",
    "HKWorkoutActivityType",
    "HKDataType",
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")

HEART_RATE = "HKQuantityTypeIdentifierHeartRate"
RESTING_HR = "HKQuantityTypeIdentifierRestingHeartRate"
HRV_SDNN = "HKQuantityTypeIdentifierHeartRateVariabilitySDNN"
BODY_MASS = "HKQuantityTypeIdentifierBodyMass"
WAIST = "HKQuantityTypeIdentifierWaistCircumference"
BODY_FAT = "HKQuantityTypeIdentifierBodyFatPercentage"
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
ACTIVE_ENERGY = "HKQuantityTypeIdentifierActiveEnergyBurned"
DISTANCE_PREFIX = "HKQuantityTypeIdentifierDistance"
POWER_TYPES = ("HKQuantityTypeIdentifierRunningPower", "HKQuantityTypeIdentifierCyclingPower")
CADENCE = "HKQuantityTypeIdentifierCyclingCadence"
LAP_EVENT = "HKWorkoutEventTypeLap"

# Sleep values → codes kept in a byte array.
IN_BED, UNSPECIFIED, CORE, DEEP, REM, AWAKE = range(6)
SLEEP_VALUES = {
    "HKCategoryValueSleepAnalysisInBed": IN_BED,
    "HKCategoryValueSleepAnalysisAsleepUnspecified": UNSPECIFIED,
    "HKCategoryValueSleepAnalysisAsleep": UNSPECIFIED,  # before iOS 16: asleep, no stage
    "HKCategoryValueSleepAnalysisAsleepCore": CORE,
    "HKCategoryValueSleepAnalysisAsleepDeep": DEEP,
    "HKCategoryValueSleepAnalysisAsleepREM": REM,
    "HKCategoryValueSleepAnalysisAwake": AWAKE,
}
STAGE_NAMES = {UNSPECIFIED: "light", CORE: "light", DEEP: "deep", REM: "rem", AWAKE: "awake"}

KG_PER = {"kg": 1.0, "g": 0.001, "lb": 0.45359237, "st": 6.35029318, "oz": 0.028349523125}
M_PER = {"m": 1.0, "km": 1000.0, "mi": 1609.344, "yd": 0.9144, "ft": 0.3048, "cm": 0.01}
KCAL_PER = {"kcal": 1.0, "Cal": 1.0, "kJ": 1 / 4.184, "cal": 0.001}
S_PER = {"s": 1.0, "min": 60.0, "hr": 3600.0, "h": 3600.0, "ms": 0.001}
CM_PER = {"cm": 1.0, "mm": 0.1, "m": 100.0, "in": 2.54, "ft": 30.48}


class _NotHealthData(Exception):
    """The document's root is not <HealthData> (raised from the start handler)."""

    def __init__(self, root: str) -> None:
        super().__init__(root)
        self.root = root


class _EntityDeclared(Exception):
    """The document declares an entity (never in Apple's export; refused, never expanded)."""


def read_apple_health(
    source: bytes | BinaryIO | Path, limits: ReadLimits | None = None
) -> ParsedFile:
    """Workouts, sleep, resting heart rate, body mass, waist circumference and body-fat
    percentage from an Apple Health export.

    ``source`` is the ``export.zip`` the Health app writes (its
    ``apple_health_export/export.xml`` is read; ``export_cda.xml`` and the workout routes are
    not) or the bare ``export.xml``: as bytes, a binary file object or a path. Raises
    ``FileFormatError`` for a file that is not such an export, or is cut off, and
    ``FileTooLarge`` as soon as the XML is longer than ``limits.max_stream_bytes`` (or, in a
    zip, than its packed size times ``limits.max_zip_ratio``).
    """
    reader = _Reader()
    with open_export(source, limits or ReadLimits()) as (stream, head):
        _parse(stream, head, reader)
    return reader.result()


# --------------------------------------------------------------------------- parsing


def _parse(stream: IO[bytes], head: bytes, reader: _Reader) -> None:
    """Feed the stream to expat in chunks, the DOCTYPE cut out of the first ones."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _refuse_entity
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    final = False
    try:
        prolog = _read_prolog(stream, head)
        if not prolog:
            raise FileFormatError(f"the file is empty. {EXPORT_HINT}")
        reader.feed(parser, prolog)
        while chunk := _read(stream):
            reader.feed(parser, chunk)
        final = True
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise FileFormatError(_xml_problem(exc, reader, final)) from exc
    except _NotHealthData as exc:
        hint = (
            " (export_cda.xml holds clinical documents; the data is in export.xml)"
            if exc.root == "ClinicalDocument"
            else ""
        )
        raise FileFormatError(
            f"not an Apple Health export: the XML's root element is <{exc.root}>, not "
            f"<HealthData>{hint}. {EXPORT_HINT}"
        ) from exc
    except _EntityDeclared as exc:
        raise FileFormatError(
            "the XML declares entities, which Apple Health exports never do; it was refused "
            "unread, since expanding them could exhaust memory or read local files"
        ) from exc


def _read(stream: IO[bytes]) -> bytes:
    try:
        return stream.read(CHUNK_BYTES)
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:  # bad CRC, cut-off member
        raise FileFormatError(
            f"the zip archive is damaged ({exc or type(exc).__name__}). {EXPORT_HINT}"
        ) from exc


def _refuse_entity(*_args: object) -> None:
    raise _EntityDeclared


def _read_prolog(stream: IO[bytes], head: bytes) -> bytes:
    """The file's first bytes up to its first element at least, the DOCTYPE (and its
    internal subset) replaced by as many newlines as it spanned, so line numbers still hold."""
    buffer = head or _read(stream)
    doctype = _DOCTYPE.search(buffer)
    element = _ELEMENT_START.search(buffer)
    if doctype is None or (element is not None and element.start() < doctype.start()):
        return buffer
    start = doctype.start()
    while True:
        end = _doctype_end(buffer, start)
        if end is not None:
            newlines = buffer.count(b"\n", start, end)
            return buffer[:start] + b"\n" * newlines + buffer[end:]
        if len(buffer) > MAX_PROLOG_BYTES:
            raise FileFormatError(
                f"the DOCTYPE at the top of the file does not end within its first "
                f"{MAX_PROLOG_BYTES >> 20} MiB, so this is not an Apple Health export. "
                f"{EXPORT_HINT}"
            )
        chunk = _read(stream)
        if not chunk:
            raise FileFormatError(
                f"the file ends inside its DOCTYPE declaration: it is cut off. {EXPORT_HINT}"
            )
        buffer += chunk


def _doctype_end(buffer: bytes, start: int) -> int | None:
    """Index just past the DOCTYPE declaration at ``start``, or None if not in ``buffer`` yet.

    The internal subset ends at the first ``]>`` outside a comment; its declarations are not
    checked (iOS 16 writes an ATTLIST that is never closed, which this tolerates).
    """
    bracket = buffer.find(b"[", start)
    close = buffer.find(b">", start)
    if close != -1 and (bracket == -1 or close < bracket):
        return close + 1
    if bracket == -1:
        return None
    for match in _SUBSET_END.finditer(buffer, bracket):
        if not match.group().startswith(b"<!--"):
            return match.end()
    return None


def _xml_problem(exc: expat.ExpatError, reader: _Reader, final: bool) -> str:
    where = f"line {exc.lineno}, column {exc.offset}"
    problem = expat.errors.messages[exc.code]
    if final and reader.depth > 0:
        return (
            f"the export is cut off: it ends at {where} before its last element is closed. "
            f"{EXPORT_HINT}"
        )
    if not reader.seen_root:
        return f"not an XML file, or not an Apple Health export.xml ({problem} at {where})"
    return f"the export is not well-formed XML at {where} ({problem}). {EXPORT_HINT}"


# --------------------------------------------------------------------------- values


def _datetime(text: str) -> datetime:
    """Apple's "2024-03-01 07:15:02 +0100" as an aware datetime."""
    if len(text) == 25 and text[19] == " ":  # the fast path: C's ISO parser
        return datetime.fromisoformat(text[:19] + text[20:])
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S %z")


def _epoch(text: str) -> int:
    """Apple's date as whole seconds since 1970 (Apple writes whole seconds)."""
    return int(_datetime(text).timestamp())


def _utc(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def _words(identifier: str) -> str:
    """A type in lower-case words: HKWorkoutActivityTypeTraditionalStrengthTraining →
    "traditional strength training", HKQuantityTypeIdentifierStepCount → "step count"."""
    for prefix in _TYPE_PREFIXES:
        if identifier.startswith(prefix):
            identifier = identifier[len(prefix) :]
            break
    return _CAMEL.sub(" ", identifier).lower() or "unknown"


def _short_hash(text: str) -> str:
    """A stable tag for a source (its name is often personal: "Anna's Apple Watch")."""
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def _quantity(value: str | None, unit: str | None, table: dict[str, float]) -> float | None:
    """``value`` in ``unit`` converted with ``table``; None if missing or unknown."""
    if value is None or unit not in table:
        return None
    try:
        return float(value) * table[unit]
    except ValueError:
        return None


# --------------------------------------------------------------------------- the handlers


@dataclass
class _Workout:
    """A finished <Workout>: what it said, before the heart-rate windows are applied."""

    key: str
    sport: str
    start: int
    end: int
    duration_s: float
    distance_m: float | None
    calories_kcal: float | None
    avg_hr: float | None
    max_hr: float | None
    avg_power_w: float | None
    avg_cadence: float | None
    laps: int | None


@dataclass
class _OpenWorkout:
    attrs: dict[str, str]
    stats: dict[str, dict[str, str]] = field(default_factory=dict)
    laps: int = 0


@dataclass
class _SleepSamples:
    """One source's sleep samples (epoch seconds and stage codes)."""

    start: array[int] = field(default_factory=lambda: array("q"))
    end: array[int] = field(default_factory=lambda: array("q"))
    code: array[int] = field(default_factory=lambda: array("b"))


@dataclass
class _Session:
    """One source's night: consecutive samples with gaps under SLEEP_GAP_S."""

    source: str
    start: int
    end: int
    stages: dict[str, float]
    staged: bool  # has core, deep or REM samples (the watch's stage tracking)
    unspecified: int


class _Reader:
    """The expat handlers and what they keep; ``result()`` builds the ParsedFile."""

    def __init__(self) -> None:
        self.depth = 0
        self.seen_root = False
        self.workout: _OpenWorkout | None = None
        self.workouts: list[_Workout] = []
        self.hr_t: array[int] = array("I")  # epoch seconds; fits to 2106
        self.hr_bpm: array[float] = array("f")
        self.sleep: dict[str, _SleepSamples] = {}
        self.resting: dict[str, tuple[int, float]] = {}  # local day → (epoch, bpm), latest
        self.weight: dict[str, tuple[int, float]] = {}  # local day → (epoch, kg), latest
        self.waist: dict[str, tuple[int, float]] = {}  # local day → (epoch, cm), latest
        self.body_fat: dict[str, tuple[int, float]] = {}  # local day → (epoch, %), latest
        self.sdnn = 0
        self.other: Counter[str] = Counter()
        self.unreadable: Counter[str] = Counter()
        self.unknown_units: Counter[str] = Counter()
        self.control_bytes = 0
        self.shared_nights = 0
        self.unspecified_sleep = 0
        self.records: dict[str, Callable[[dict[str, str]], None]] = {
            HEART_RATE: self._heart_rate,
            RESTING_HR: self._resting,
            HRV_SDNN: self._sdnn,
            BODY_MASS: self._body_mass,
            WAIST: self._waist,
            BODY_FAT: self._body_fat,
            SLEEP: self._sleep,
        }

    def feed(self, parser: expat.XMLParserType, chunk: bytes) -> None:
        cleaned = chunk.translate(None, _FORBIDDEN_BYTES)
        self.control_bytes += len(chunk) - len(cleaned)
        parser.Parse(cleaned, False)

    # ---- expat callbacks (the hot path: keep them lean)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        depth = self.depth
        if depth == 2:
            if name == "Record":
                kind = attrs.get("type", "")
                handler = self.records.get(kind)
                if handler is None:
                    self.other[kind] += 1
                else:
                    handler(attrs)
            elif name == "Workout":
                self.workout = _OpenWorkout(attrs)
            elif name not in ("ExportDate", "Me"):
                self.other[attrs.get("type") or name] += 1
        elif depth == 3:
            workout = self.workout
            if workout is not None:
                if name == "WorkoutStatistics":
                    workout.stats[attrs.get("type", "")] = attrs
                elif name == "WorkoutEvent" and attrs.get("type") == LAP_EVENT:
                    workout.laps += 1
        elif depth == 1:
            if name != "HealthData":
                raise _NotHealthData(name)
            self.seen_root = True

    def end(self, name: str) -> None:
        self.depth -= 1
        if self.depth == 1 and name == "Workout" and self.workout is not None:
            self._finish_workout(self.workout)
            self.workout = None

    # ---- records

    def _heart_rate(self, attrs: dict[str, str]) -> None:
        try:
            epoch = _epoch(attrs["startDate"])
            bpm = float(attrs["value"])
        except (KeyError, ValueError):
            self.unreadable["heart rate"] += 1
            return
        if 0 <= epoch < 1 << 32:
            self.hr_t.append(epoch)
            self.hr_bpm.append(bpm)

    def _daily(self, attrs: dict[str, str], what: str) -> tuple[str, int, float] | None:
        try:
            text = attrs["startDate"]
            return text[:10], _epoch(text), float(attrs["value"])
        except (KeyError, ValueError):
            self.unreadable[what] += 1
            return None

    def _resting(self, attrs: dict[str, str]) -> None:
        reading = self._daily(attrs, "resting heart rate")
        if reading is not None:
            day, epoch, bpm = reading
            if day not in self.resting or self.resting[day][0] <= epoch:
                self.resting[day] = (epoch, bpm)

    def _sdnn(self, _attrs: dict[str, str]) -> None:
        self.sdnn += 1

    def _body_mass(self, attrs: dict[str, str]) -> None:
        reading = self._daily(attrs, "body mass")
        if reading is None:
            return
        day, epoch, value = reading
        unit = attrs.get("unit", "")
        if unit not in KG_PER:
            self.unknown_units[f"body mass in {unit or 'no unit'}"] += 1
            return
        if day not in self.weight or self.weight[day][0] <= epoch:
            self.weight[day] = (epoch, value * KG_PER[unit])

    def _waist(self, attrs: dict[str, str]) -> None:
        reading = self._daily(attrs, "waist circumference")
        if reading is None:
            return
        day, epoch, value = reading
        unit = attrs.get("unit", "")
        if unit not in CM_PER:
            self.unknown_units[f"waist circumference in {unit or 'no unit'}"] += 1
            return
        if day not in self.waist or self.waist[day][0] <= epoch:
            self.waist[day] = (epoch, value * CM_PER[unit])

    def _body_fat(self, attrs: dict[str, str]) -> None:
        """HealthKit keeps a percentage as a fraction ("0.185", unit "%"): 18.5 %. A value over
        1 can only be a percentage already (some apps write one), and is kept as it is."""
        reading = self._daily(attrs, "body fat percentage")
        if reading is None:
            return
        day, epoch, value = reading
        if attrs.get("unit", "%") != "%":
            self.unknown_units[f"body fat percentage in {attrs.get('unit')}"] += 1
            return
        percent = value * 100 if value <= 1 else value
        if day not in self.body_fat or self.body_fat[day][0] <= epoch:
            self.body_fat[day] = (epoch, percent)

    def _sleep(self, attrs: dict[str, str]) -> None:
        code = SLEEP_VALUES.get(attrs.get("value", ""))
        try:
            start, end = _epoch(attrs["startDate"]), _epoch(attrs["endDate"])
        except (KeyError, ValueError):
            code = None
        if code is None or end < start:
            self.unreadable["sleep"] += 1
            return
        samples = self.sleep.get(attrs.get("sourceName", ""))
        if samples is None:
            samples = self.sleep[attrs.get("sourceName", "")] = _SleepSamples()
        samples.start.append(start)
        samples.end.append(end)
        samples.code.append(code)

    # ---- workouts

    def _finish_workout(self, open_workout: _OpenWorkout) -> None:
        attrs, stats = open_workout.attrs, open_workout.stats
        try:
            start, end = _epoch(attrs["startDate"]), _epoch(attrs["endDate"])
        except (KeyError, ValueError):
            self.unreadable["workout"] += 1
            return
        activity_type = attrs.get("workoutActivityType", "")
        duration = _quantity(attrs.get("duration"), attrs.get("durationUnit", "min"), S_PER)
        distance = _quantity(attrs.get("totalDistance"), attrs.get("totalDistanceUnit"), M_PER)
        if distance is None:
            distance = next(
                (
                    _quantity(s.get("sum"), s.get("unit"), M_PER)
                    for kind, s in stats.items()
                    if kind.startswith(DISTANCE_PREFIX) and s.get("sum")
                ),
                None,
            )
        energy = _quantity(
            attrs.get("totalEnergyBurned"), attrs.get("totalEnergyBurnedUnit"), KCAL_PER
        )
        if energy is None and ACTIVE_ENERGY in stats:
            s = stats[ACTIVE_ENERGY]
            energy = _quantity(s.get("sum"), s.get("unit"), KCAL_PER)
        heart = stats.get(HEART_RATE, {})
        power = next((stats[k] for k in POWER_TYPES if k in stats), {})
        source = _short_hash(attrs.get("sourceName", ""))
        sport = _words(activity_type)
        self.workouts.append(
            _Workout(
                key=f"apple-health:workout:{_utc(start).isoformat()}:{sport}:{source}",
                sport=sport,
                start=start,
                end=end,
                duration_s=round(duration if duration is not None else float(end - start), 3),
                distance_m=round(distance, 3) if distance else None,  # strength: "0 km"
                calories_kcal=round(energy, 3) if energy is not None else None,
                avg_hr=_float(heart.get("average")),
                max_hr=_float(heart.get("maximum")),
                avg_power_w=_float(power.get("average")),
                avg_cadence=_float(stats.get(CADENCE, {}).get("average")),
                laps=open_workout.laps or None,
            )
        )

    # ---- the result

    def result(self) -> ParsedFile:
        parsed = ParsedFile(format=FORMAT)
        used_hr = self._activities(parsed)
        self._sleeps(parsed)
        days = sorted(set(self.resting) | set(self.weight) | set(self.waist) | set(self.body_fat))
        parsed.daily = [
            DailyReading(
                day=date.fromisoformat(day),
                resting_hr=self.resting[day][1] if day in self.resting else None,
                weight_kg=round(self.weight[day][1], 3) if day in self.weight else None,
                waist_cm=round(self.waist[day][1], 3) if day in self.waist else None,
                body_fat_pct=round(self.body_fat[day][1], 3) if day in self.body_fat else None,
            )
            for day in days
        ]
        self._notes(parsed, used_hr)
        return parsed

    def _activities(self, parsed: ParsedFile) -> int:
        """Activities with their heart-rate windows; how many readings fell in one."""
        times = np.frombuffer(self.hr_t, dtype=_HR_TIME_DTYPE)
        bpm = np.frombuffer(self.hr_bpm, dtype=np.float32)
        if times.size > 1 and not bool(np.all(times[1:] >= times[:-1])):
            # The export lists them in order per source; several sources interleave.
            order = np.argsort(times, kind="stable")
            times, bpm = times[order], bpm[order]
        used = np.zeros(times.size, dtype=bool)
        for w in sorted(self.workouts, key=lambda w: w.start):
            lo = int(np.searchsorted(times, w.start, side="left"))
            hi = int(np.searchsorted(times, w.end, side="right"))
            # Kept as float32: round away its noise (93.9999 → 93.99990081787109).
            window_t, window_bpm = times[lo:hi], np.round(bpm[lo:hi].astype(np.float64), 2)
            used[lo:hi] = True
            avg_hr, max_hr = w.avg_hr, w.max_hr
            if avg_hr is None and window_bpm.size:
                avg_hr = round(float(window_bpm.mean()), 2)
            if max_hr is None and window_bpm.size:
                max_hr = float(window_bpm.max())
            parsed.activities.append(
                Activity(
                    key=w.key,
                    sport=w.sport,
                    started_at=_utc(w.start),
                    duration_s=w.duration_s,
                    distance_m=w.distance_m,
                    avg_hr=avg_hr,
                    max_hr=max_hr,
                    calories_kcal=w.calories_kcal,
                    avg_power_w=w.avg_power_w,
                    avg_cadence=w.avg_cadence,
                    laps=w.laps,
                    hr_series=[
                        HrSample(at=_utc(int(t)), bpm=float(b))
                        for t, b in zip(window_t.tolist(), window_bpm.tolist(), strict=True)
                    ],
                )
            )
        return int(used.sum())

    def _sleeps(self, parsed: ParsedFile) -> None:
        """Nights from every source's sessions; a night two sources recorded is kept once."""
        sessions = sorted(
            (s for name, samples in self.sleep.items() for s in _sessions(name, samples)),
            key=lambda s: s.start,
        )
        night: list[_Session] = []
        night_end = 0
        for session in [*sessions, None]:
            if session is not None and night and session.start < night_end:
                night.append(session)
                night_end = max(night_end, session.end)
                continue
            if night:
                for kept in self._one_source(night):
                    self.unspecified_sleep += kept.unspecified
                    stages = dict(kept.stages)
                    if kept.staged:  # a staged night names all four (0 s is a measurement)
                        stages = {k: stages.get(k, 0.0) for k in ("awake", "light", "deep", "rem")}
                    parsed.sleeps.append(
                        Sleep(
                            key=f"apple-health:sleep:{_utc(kept.start).isoformat()}:{kept.source}",
                            started_at=_utc(kept.start),
                            ended_at=_utc(kept.end),
                            stages_s=stages,
                        )
                    )
            if session is not None:
                night, night_end = [session], session.end

    def _one_source(self, night: list[_Session]) -> list[_Session]:
        """The sessions of the source to keep for one night: overlapping sessions of several
        sources (an iPhone's time in bed, a watch's stages) are the same night counted twice.
        The source with stages wins, else the one that saw the most sleep."""
        by_source: dict[str, list[_Session]] = {}
        for session in night:
            by_source.setdefault(session.source, []).append(session)
        if len(by_source) > 1:
            self.shared_nights += 1

        def rank(sessions: list[_Session]) -> tuple[bool, float, int]:
            asleep = sum(v for s in sessions for k, v in s.stages.items() if k != "awake")
            return any(s.staged for s in sessions), asleep, sum(s.end - s.start for s in sessions)

        return max(by_source.values(), key=rank)

    def _notes(self, parsed: ParsedFile, used_hr: int) -> None:
        notes = parsed.notes
        if self.sdnn:
            notes.append(
                f"{self.sdnn:,} HRV readings are SDNN (Apple Watch); fitcoach's readiness uses "
                "RMSSD, so they were not imported"
            )
        if self.shared_nights:
            notes.append(
                f"{self.shared_nights:,} nights were recorded by more than one source (e.g. "
                "an iPhone and an Apple Watch); each was kept once, from the source with "
                "sleep stages (else the one that recorded the most sleep)"
            )
        if self.unspecified_sleep:
            notes.append(
                f"{self.unspecified_sleep:,} sleep samples say asleep without a stage; they "
                "were counted as light sleep"
            )
        unused_hr = len(self.hr_t) - used_hr
        if unused_hr:
            notes.append(
                f"{unused_hr:,} heart-rate readings outside workouts were not imported "
                "(fitcoach keeps heart rate per activity)"
            )
        if self.other:
            total = sum(self.other.values())
            top = ", ".join(f"{_words(k)} {n:,}" for k, n in self.other.most_common(3))
            more = len(self.other) - 3
            notes.append(
                f"{total:,} other records skipped ({top}"
                + (f", and {more} more type{'s' if more > 1 else ''})" if more > 0 else ")")
            )
        for what, n in sorted(self.unreadable.items()):
            notes.append(f"{n:,} {what} records without a readable date or value were skipped")
        for what, n in sorted(self.unknown_units.items()):
            notes.append(f"{n:,} records of {what} (a unit fitcoach does not know) were skipped")
        if self.control_bytes:
            notes.append(
                f"{self.control_bytes:,} control characters that XML forbids were dropped "
                "(a known fault of some Health exports)"
            )


def _float(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _sessions(source: str, samples: _SleepSamples) -> Iterator[_Session]:
    """One source's samples grouped into nights: a gap of SLEEP_GAP_S or more starts anew."""
    tag = _short_hash(source)
    order = sorted(range(len(samples.start)), key=samples.start.__getitem__)
    current: _Session | None = None
    for i in order:
        start, end, code = samples.start[i], samples.end[i], samples.code[i]
        if current is None or start - current.end >= SLEEP_GAP_S:
            if current is not None:
                yield current
            current = _Session(tag, start, end, {}, False, 0)
        current.end = max(current.end, end)
        if code == IN_BED:
            continue
        stage = STAGE_NAMES[code]
        current.stages[stage] = current.stages.get(stage, 0.0) + float(end - start)
        current.staged = current.staged or code in (CORE, DEEP, REM)
        current.unspecified += code == UNSPECIFIED
    if current is not None:
        yield current
