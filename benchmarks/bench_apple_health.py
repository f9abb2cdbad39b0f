"""Apple Health import: ``read_apple_health`` beside the XML parser alone, on the same file.

A generated ``export.xml`` in Apple's format (the DOCTYPE with its internal subset, records
grouped by type as the Health app writes them, the workouts after all records) with
1,000,000 records by default: mostly heart-rate and step records, some active energy, a
night of staged watch sleep and the iPhone's time in bed, resting heart rate, SDNN, body
mass, a workout every other day (one in ten in the older format without statistics, whose
heart rate comes from the records) and an activity summary a day.

(a) fitcoach: ``read_apple_health(path)`` — the whole reader, result built and checked;
(b) baseline: ``xml.etree.ElementTree.iterparse`` over the same file, every element cleared
    and the root's children dropped, doing nothing else (the streaming idiom's floor);
(c) the same reader beside expat with no-op handlers (the parser the reader drives itself).

Figures are records/s (medians of the repeats, the two paths alternating); the ratio is
fitcoach / baseline (goal: ≥ 0.5 against iterparse). The peak memory of (a) and (b) is
measured in a separate, untimed run of each under tracemalloc (which slows allocation down).
"""

from __future__ import annotations

import random
import tempfile
import tracemalloc
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from xml.parsers import expat

from benchmarks.common import (
    BenchArgs,
    BenchmarkError,
    Result,
    Timing,
    human_rate,
    rate_result,
    timed,
)

from fitcoach.ingest.files.apple_health import read_apple_health
from fitcoach.ingest.files.model import ParsedFile

NAME = "apple_health"
DEFAULT_RECORDS = 1_000_000
QUICK_RECORDS = 100_000
DEFAULT_REPEAT = 3
SEED = 20_261_201
FIRST_DAY = date(2021, 1, 4)
OFFSET = "+0100"

WATCH = "Alex’s Apple Watch"
PHONE = "Alex’s iPhone"
SCALE = "Withings"
WATCH_DEVICE = (
    "&lt;&lt;HKDevice: 0x2830b6f80&gt;, name:Apple Watch, manufacturer:Apple Inc., "
    "model:Watch, hardware:Watch6,2, software:10.3.1&gt;"
)
PHONE_DEVICE = (
    "&lt;&lt;HKDevice: 0x2830b7020&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone, "
    "hardware:iPhone14,5, software:17.3.1&gt;"
)

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 14 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|Audiogram|VisionPrescription)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Me EMPTY>
<!ATTLIST Me
  HKCharacteristicTypeIdentifierDateOfBirth         CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBiologicalSex       CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBloodType           CDATA #REQUIRED
  HKCharacteristicTypeIdentifierFitzpatrickSkinType CDATA #REQUIRED
  HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT Correlation ((MetadataEntry|Record)*)>
<!ATTLIST Correlation
  type          CDATA #REQUIRED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutRoute|WorkoutStatistics)*)>
<!ATTLIST Workout
  workoutActivityType   CDATA #REQUIRED
  duration              CDATA #IMPLIED
  durationUnit          CDATA #IMPLIED
  totalDistance         CDATA #IMPLIED
  totalDistanceUnit     CDATA #IMPLIED
  totalEnergyBurned     CDATA #IMPLIED
  totalEnergyBurnedUnit CDATA #IMPLIED
  sourceName            CDATA #REQUIRED
  sourceVersion         CDATA #IMPLIED
  device                CDATA #IMPLIED
  creationDate          CDATA #IMPLIED
  startDate             CDATA #REQUIRED
  endDate               CDATA #REQUIRED
>
<!ELEMENT WorkoutEvent ((MetadataEntry)*)>
<!ATTLIST WorkoutEvent
  type         CDATA #REQUIRED
  date         CDATA #REQUIRED
  duration     CDATA #IMPLIED
  durationUnit CDATA #IMPLIED
>
<!ELEMENT WorkoutStatistics EMPTY>
<!ATTLIST WorkoutStatistics
  type      CDATA #REQUIRED
  startDate CDATA #REQUIRED
  endDate   CDATA #REQUIRED
  average   CDATA #IMPLIED
  minimum   CDATA #IMPLIED
  maximum   CDATA #IMPLIED
  sum       CDATA #IMPLIED
  unit      CDATA #IMPLIED
>
<!ELEMENT WorkoutRoute ((MetadataEntry|FileReference)*)>
<!ATTLIST WorkoutRoute
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT FileReference EMPTY>
<!ATTLIST FileReference
  path CDATA #REQUIRED
>
<!ELEMENT ActivitySummary EMPTY>
<!ATTLIST ActivitySummary
  dateComponents           CDATA #IMPLIED
  activeEnergyBurned       CDATA #IMPLIED
  activeEnergyBurnedGoal   CDATA #IMPLIED
  activeEnergyBurnedUnit   CDATA #IMPLIED
  appleMoveTime            CDATA #IMPLIED
  appleMoveTimeGoal        CDATA #IMPLIED
  appleExerciseTime        CDATA #IMPLIED
  appleExerciseTimeGoal    CDATA #IMPLIED
  appleStandHours          CDATA #IMPLIED
  appleStandHoursGoal      CDATA #IMPLIED
>
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry
  key   CDATA #REQUIRED
  value CDATA #REQUIRED
>
]>
<HealthData locale="en_GB">
 <ExportDate value="{export_date}"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1990-05-17" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexNotSet" HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet" HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet" HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse="None"/>
"""

# A night of watch sleep from 23:00: (stage, minutes); and the workout window.
NIGHT = [
    ("AsleepCore", 40),
    ("AsleepDeep", 30),
    ("AsleepCore", 50),
    ("AsleepREM", 25),
    ("Awake", 5),
    ("AsleepCore", 60),
    ("AsleepDeep", 20),
    ("AsleepREM", 30),
    ("AsleepCore", 60),
    ("Awake", 3),
    ("AsleepREM", 40),
    ("AsleepCore", 37),
]
NIGHT_START_S = 23 * 3600
WORKOUT_START_S = 7 * 3600 + 15 * 60
WORKOUT_S = 40 * 60
HR_EVERY_S = 600  # through the day
HR_WORKOUT_EVERY_S = 20  # during workouts
STEPS_EVERY_S = 360
ENERGY_EVERY_S = 1800


@dataclass
class Expected:
    """What the generated export holds; the benchmark checks the reader against it."""

    records: int = 0
    elements: int = 0  # every element, for the baseline's check
    workouts: int = 0
    workouts_without_statistics: int = 0
    hr_in_workouts: int = 0
    nights: int = 0
    resting_days: int = 0
    weight_days: int = 0
    sdnn: int = 0
    other: int = 0


def _stamp(day: date, seconds: int) -> str:
    day = day + timedelta(days=seconds // 86_400)
    seconds %= 86_400
    return f"{day.isoformat()} {seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d} {OFFSET}"


def _record(
    kind: str, source: str, device: str, unit: str, start: str, end: str, value: object
) -> str:
    version = "10.3.1" if source == WATCH else "17.3.1" if source == PHONE else "6.12.0"
    device_attr = f'device="{device}" ' if device else ""
    unit_attr = f'unit="{unit}" ' if unit else ""
    return (
        f' <Record type="{kind}" sourceName="{source}" sourceVersion="{version}" '
        f'{device_attr}{unit_attr}creationDate="{end}" startDate="{start}" '
        f'endDate="{end}" value="{value}"'
    )


def write_export(path: Path, records: int, seed: int = SEED) -> Expected:
    """An export.xml of about ``records`` records (whole days of ~500) at ``path``."""
    rng = random.Random(seed)
    per_day = 500
    days = [FIRST_DAY + timedelta(days=i) for i in range(max(1, round(records / per_day)))]
    workout_days = {d for i, d in enumerate(days) if i % 2 == 0}
    expected = Expected()

    def hr_times(day: date) -> list[int]:
        times = list(range(300, 86_400, HR_EVERY_S))
        if day in workout_days:
            times += range(WORKOUT_START_S + 10, WORKOUT_START_S + WORKOUT_S, HR_WORKOUT_EVERY_S)
        return sorted(times)

    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD.replace("{export_date}", _stamp(days[-1] + timedelta(days=1), 9 * 3600)))
        # Records, grouped by type as the Health app writes them.
        for day in days:  # heart rate, with the motion-context metadata entry
            lines = []
            for t in hr_times(day):
                stamp = _stamp(day, t)
                bpm = (
                    rng.randint(120, 175)
                    if WORKOUT_START_S <= t <= WORKOUT_START_S + WORKOUT_S
                    else rng.randint(52, 95)
                )
                lines.append(
                    _record(
                        "HKQuantityTypeIdentifierHeartRate",
                        WATCH,
                        WATCH_DEVICE,
                        "count/min",
                        stamp,
                        stamp,
                        bpm,
                    )
                    + '>\n  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>\n </Record>\n'
                )
                expected.hr_in_workouts += (
                    day in workout_days and WORKOUT_START_S <= t <= WORKOUT_START_S + WORKOUT_S
                )
            out.writelines(lines)
            expected.records += len(lines)
            expected.elements += 2 * len(lines)
        for day in days:  # steps, from the phone
            lines = [
                _record(
                    "HKQuantityTypeIdentifierStepCount",
                    PHONE,
                    PHONE_DEVICE,
                    "count",
                    _stamp(day, t),
                    _stamp(day, t + STEPS_EVERY_S - 1),
                    rng.randint(0, 900),
                )
                + "/>\n"
                for t in range(0, 86_400, STEPS_EVERY_S)
            ]
            out.writelines(lines)
            expected.records += len(lines)
            expected.elements += len(lines)
            expected.other += len(lines)
        for day in days:  # active energy, from the watch
            lines = [
                _record(
                    "HKQuantityTypeIdentifierActiveEnergyBurned",
                    WATCH,
                    WATCH_DEVICE,
                    "Cal",
                    _stamp(day, t),
                    _stamp(day, t + ENERGY_EVERY_S - 1),
                    f"{rng.uniform(0, 40):.3f}",
                )
                + "/>\n"
                for t in range(0, 86_400, ENERGY_EVERY_S)
            ]
            out.writelines(lines)
            expected.records += len(lines)
            expected.elements += len(lines)
            expected.other += len(lines)
        for day in days:  # resting heart rate and SDNN, one each a day
            stamp = _stamp(day, 6 * 3600 + 30 * 60)
            out.write(
                _record(
                    "HKQuantityTypeIdentifierRestingHeartRate",
                    WATCH,
                    WATCH_DEVICE,
                    "count/min",
                    stamp,
                    _stamp(day, 23 * 3600),
                    rng.randint(48, 60),
                )
                + "/>\n"
            )
            out.write(
                _record(
                    "HKQuantityTypeIdentifierHeartRateVariabilitySDNN",
                    WATCH,
                    WATCH_DEVICE,
                    "ms",
                    stamp,
                    stamp,
                    f"{rng.uniform(25, 90):.4f}",
                )
                + ">\n  <HeartRateVariabilityMetadataList>\n"
                + "".join(
                    f'   <InstantaneousBeatsPerMinute bpm="{rng.randint(50, 70)}" time="6:30:{s:02d}.{rng.randint(0, 99):02d} AM"/>\n'
                    for s in range(0, 50, 5)
                )
                + "  </HeartRateVariabilityMetadataList>\n </Record>\n"
            )
            expected.records += 2
            expected.elements += 1 + 1 + 1 + 10
            expected.resting_days += 1
            expected.sdnn += 1
        for i, day in enumerate(days):  # body mass, weekly, in pounds from the scale
            if i % 7 == 0:
                stamp = _stamp(day, 7 * 3600)
                out.write(
                    _record(
                        "HKQuantityTypeIdentifierBodyMass",
                        SCALE,
                        "",
                        "lb",
                        stamp,
                        stamp,
                        f"{rng.uniform(160, 170):.1f}",
                    )
                    + "/>\n"
                )
                expected.records += 1
                expected.elements += 1
                expected.weight_days += 1
        for day in days:  # sleep: the watch's stages and the iPhone's time in bed
            t = NIGHT_START_S
            lines = [
                _record(
                    "HKCategoryTypeIdentifierSleepAnalysis",
                    PHONE,
                    PHONE_DEVICE,
                    "",
                    _stamp(day, t - 600),
                    _stamp(day, t + 8 * 3600 + 300),
                    "HKCategoryValueSleepAnalysisInBed",
                )
                + "/>\n"
            ]
            for stage, minutes in NIGHT:
                lines.append(
                    _record(
                        "HKCategoryTypeIdentifierSleepAnalysis",
                        WATCH,
                        WATCH_DEVICE,
                        "",
                        _stamp(day, t),
                        _stamp(day, t + minutes * 60),
                        f"HKCategoryValueSleepAnalysis{stage}",
                    )
                    + "/>\n"
                )
                t += minutes * 60
            out.writelines(lines)
            expected.records += len(lines)
            expected.elements += len(lines)
            expected.nights += 1
        # Workouts after all records, then a summary a day.
        for n, day in enumerate(sorted(workout_days)):
            start, end = _stamp(day, WORKOUT_START_S), _stamp(day, WORKOUT_START_S + WORKOUT_S)
            km = rng.uniform(6, 9)
            if n % 10 == 9:  # the older format: totals as attributes, no statistics
                out.write(
                    f' <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="40" durationUnit="min" totalDistance="{km:.3f}" totalDistanceUnit="km" totalEnergyBurned="{km * 65:.1f}" totalEnergyBurnedUnit="kcal" sourceName="{WATCH}" sourceVersion="8.7" device="{WATCH_DEVICE}" creationDate="{end}" startDate="{start}" endDate="{end}">\n'
                    '  <MetadataEntry key="HKIndoorWorkout" value="0"/>\n </Workout>\n'
                )
                expected.elements += 2
                expected.workouts_without_statistics += 1
            else:
                pause, resume = (
                    _stamp(day, WORKOUT_START_S + 1200),
                    _stamp(day, WORKOUT_START_S + 1260),
                )
                out.write(
                    f' <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="40" durationUnit="min" sourceName="{WATCH}" sourceVersion="10.3.1" device="{WATCH_DEVICE}" creationDate="{end}" startDate="{start}" endDate="{end}">\n'
                    '  <MetadataEntry key="HKIndoorWorkout" value="0"/>\n'
                    '  <MetadataEntry key="HKAverageMETs" value="10.2 kcal/hr·kg"/>\n'
                    f'  <WorkoutEvent type="HKWorkoutEventTypePause" date="{pause}"/>\n'
                    f'  <WorkoutEvent type="HKWorkoutEventTypeResume" date="{resume}"/>\n'
                    f'  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" startDate="{start}" endDate="{end}" sum="{km * 65:.2f}" unit="kcal"/>\n'
                    f'  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" startDate="{start}" endDate="{end}" sum="{km:.4f}" unit="km"/>\n'
                    f'  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" startDate="{start}" endDate="{end}" average="{rng.uniform(140, 160):.3f}" minimum="121" maximum="{rng.randint(165, 180)}" unit="count/min"/>\n'
                    f'  <WorkoutRoute sourceName="{WATCH}" sourceVersion="10.3.1" creationDate="{end}" startDate="{start}" endDate="{end}">\n'
                    f'   <FileReference path="/workout-routes/route_{day.isoformat()}_7.15am.gpx"/>\n'
                    "  </WorkoutRoute>\n </Workout>\n"
                )
                expected.elements += 10
            expected.workouts += 1
        for day in days:
            out.write(
                f' <ActivitySummary dateComponents="{day.isoformat()}" activeEnergyBurned="{rng.uniform(300, 700):.3f}" activeEnergyBurnedGoal="500" activeEnergyBurnedUnit="Cal" appleMoveTime="0" appleMoveTimeGoal="0" appleExerciseTime="{rng.randint(10, 60)}" appleExerciseTimeGoal="30" appleStandHours="{rng.randint(8, 14)}" appleStandHoursGoal="12"/>\n'
            )
            expected.elements += 1
            expected.other += 1
        out.write("</HealthData>\n")
    expected.elements += 3  # HealthData, ExportDate, Me
    return expected


# --------------------------------------------------------------------------- the paths


def iterparse_only(path: Path) -> int:
    """The baseline: iterparse over the file, each element cleared and the root's children
    dropped as they end, nothing else; returns how many elements ended."""
    events = ET.iterparse(path, events=("start", "end"))
    _, root = next(events)
    ended = 0
    for event, element in events:
        if event == "end":
            element.clear()
            ended += 1
            if len(root) > 1024:
                del root[:]
    return ended  # the root's own end included


def expat_only(path: Path) -> int:
    """The parser fitcoach's reader drives, with handlers that only count elements."""
    count = 0

    def start(_name: str, _attrs: dict[str, str]) -> None:
        nonlocal count
        count += 1

    def end(_name: str) -> None:
        return None

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 16):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)
    return count


def check_parsed(parsed: ParsedFile, expected: Expected) -> None:
    """Fail loudly when the reader did not read what the generator wrote."""
    got = {
        "workouts": len(parsed.activities),
        "hr_in_workouts": sum(len(a.hr_series) for a in parsed.activities),
        "nights": len(parsed.sleeps),
        "resting_days": sum(d.resting_hr is not None for d in parsed.daily),
        "weight_days": sum(d.weight_kg is not None for d in parsed.daily),
        "hrv_stored": sum(d.hrv_rmssd_ms is not None for d in parsed.daily),
        "workouts_without_hr": sum(a.avg_hr is None for a in parsed.activities),
    }
    want = {
        "workouts": expected.workouts,
        "hr_in_workouts": expected.hr_in_workouts,
        "nights": expected.nights,
        "resting_days": expected.resting_days,
        "weight_days": expected.weight_days,
        "hrv_stored": 0,
        "workouts_without_hr": 0,
    }
    skipped = f"{expected.other:,} other records skipped"
    if got != want or not any(n.startswith(skipped) for n in parsed.notes):
        raise BenchmarkError(
            f"read_apple_health read {got} (notes {parsed.notes}), expected {want}"
        )


def peak_mib(fn: Callable[[], Any]) -> float:
    """Peak traced Python memory of one call, MiB (tracemalloc; untimed)."""
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / (1 << 20)


# --------------------------------------------------------------------------- entry point


def main(args: BenchArgs) -> list[Result]:
    records = args.rows or (QUICK_RECORDS if args.quick else DEFAULT_RECORDS)
    repeats = args.repeat or (1 if args.quick else DEFAULT_REPEAT)
    progress = args.progress
    with tempfile.TemporaryDirectory(prefix="fitcoach-bench-apple-") as tmp:
        path = Path(tmp) / "export.xml"
        progress(f"writing an export.xml of {records:,} records")
        expected = write_export(path, records)
        size_mb = path.stat().st_size / 1e6

        def fitcoach() -> None:
            check_parsed(read_apple_health(path), expected)

        def baseline() -> None:
            if (n := iterparse_only(path)) != expected.elements:
                raise BenchmarkError(
                    f"iterparse saw {n:,} elements, expected {expected.elements:,}"
                )

        def floor() -> None:
            if (n := expat_only(path)) != expected.elements:
                raise BenchmarkError(f"expat saw {n:,} elements, expected {expected.elements:,}")

        paths = {"fitcoach": fitcoach, "iterparse": baseline, "expat": floor}
        samples: dict[str, list[float]] = {name: [] for name in paths}
        for r in range(repeats):
            order = list(paths) if r % 2 == 0 else list(reversed(paths))
            for name in order:
                progress(f"{expected.records:,} records, {name}, run {r + 1}/{repeats}")
                seconds, _ = timed(paths[name])
                samples[name].append(seconds)
        # Untimed, and not for expat's floor (no tree, nothing kept: nothing to show, and a
        # traced run of a big file takes long).
        peaks: dict[str, float] = {}
        for name in ("fitcoach", "iterparse"):
            progress(f"peak memory of {name} under tracemalloc")
            peaks[name] = peak_mib(paths[name])

    timing = {name: Timing(tuple(s)) for name, s in samples.items()}
    extra = {
        "file_mb": round(size_mb, 1),
        "elements": expected.elements,
        "peak_mib": {k: round(v, 2) for k, v in peaks.items()},
    }
    results = []
    for base, label in (
        ("iterparse", "ElementTree.iterparse + clear"),
        ("expat", "expat, no-op handlers"),
    ):
        result = rate_result(
            f"read_apple_health vs {base} ({size_mb:,.0f} MB export.xml)",
            expected.records,
            timing["fitcoach"],
            timing[base],
            baseline_name=label,
            group=NAME,
            extra=extra,
        )
        result.unit = "records/s"
        result.notes = (
            f"median of {repeats}: fitcoach {timing['fitcoach'].median:.2f} s, {label} "
            f"{timing[base].median:.2f} s; peak memory (tracemalloc) fitcoach "
            f"{peaks['fitcoach']:.1f} MiB"
            + (f", {label} {peaks[base]:.1f} MiB" if base in peaks else "")
        )
        results.append(result)
    for r in results:
        progress(
            f"{r.name}: {human_rate(r.figure or 0)} records/s (baseline {human_rate(r.baseline or 0)})"
        )
    return results
