"""FIT import rate: fitcoach's ``read_fit`` beside fitdecode alone, on the same activity file.

Setup (not timed): one seeded FIT activity file of 10,000 one-second records (``--quick``:
2,000; ``--rows N``: N), written with ``fit-tool`` (a maintained FIT encoder from PyPI, a dev
dependency): ``file_id``, a timer start event, the records (time, position, altitude,
distance, speed, heart rate, cadence, power: what a watch with a chest strap writes), a
timer stop event, one lap, one session and the ``activity`` message, CRC included.

Measured, the two paths alternating which goes first between repeats:

(a) fitcoach: ``fitcoach.ingest.files.fit.read_fit(data)``: fitdecode's decoding with the
    CRC checked, plus fitcoach's own work (each record's time, heart rate and distance, the
    session summary, the heart-rate series cut to the session) → one ``Activity``;
(b) baseline: fitdecode alone iterating every frame of the same bytes, with the same options
    (``check_crc=RAISE``, ``error_handling=IGNORE``): the floor any reader built on it pays.

Figure: records/s (median of the repeats); ratio = fitcoach / fitdecode (goal ≥ 0.5: fitcoach
adds at most as much time as the decoding itself). The run fails unless (a) gives exactly one
activity with one heart-rate sample per record, the generated session's duration, distance and
average heart rate, and (b) sees every frame.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime

import fitdecode
from benchmarks.common import BenchArgs, BenchmarkError, Result, Timing, rate_result, timed
from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.activity_message import ActivityMessage
from fit_tool.profile.messages.event_message import EventMessage
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.lap_message import LapMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.profile_type import (
    Activity,
    Event,
    EventType,
    FileType,
    Manufacturer,
    Sport,
    SubSport,
)

from fitcoach.ingest.files.fit import read_fit
from fitcoach.ingest.files.model import ParsedFile

NAME = "fit"
DEFAULT_RECORDS = 10_000
QUICK_RECORDS = 2_000
DEFAULT_REPEAT = 5
SEED = 20_261_126
START = datetime(2026, 11, 1, 7, 30, tzinfo=UTC)


@dataclass(frozen=True)
class FitCase:
    """A generated activity file and what it must read back as."""

    data: bytes
    records: int
    frames: int  # every frame fitdecode yields: header, definitions, data messages, CRC
    distance_m: float
    avg_hr: int
    max_hr: int


def _ms(seconds: float) -> int:
    """fit-tool takes times as Unix milliseconds."""
    return round((START.timestamp() + seconds) * 1000)


def activity_fit(records: int, seed: int = SEED) -> FitCase:
    """A run of ``records`` one-second records: heart rate drifting from 110 to about 170 bpm
    with beat-to-beat noise, speed around 3 m/s, a loop near Ljubljana."""
    if records < 2:
        raise BenchmarkError("a FIT activity needs at least 2 records")
    rng = random.Random(seed)
    builder = FitFileBuilder(auto_define=True)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.serial_number = 0x5EED
    file_id.time_created = _ms(0)
    builder.add(file_id)
    builder.add(_event(EventType.START, 0))
    distance = 0.0
    heart_rates = []
    messages = []
    for i in range(records):
        speed = 3.0 + 0.4 * math.sin(i / 120) + rng.uniform(-0.1, 0.1)
        hr = round(110 + 60 * i / records + 5 * math.sin(i / 45) + rng.uniform(-2, 2))
        heart_rates.append(hr)
        record = RecordMessage()
        record.timestamp = _ms(i)
        record.position_lat = 46.05 + 0.01 * math.sin(i / 600)
        record.position_long = 14.50 + 0.01 * math.cos(i / 600)
        record.altitude = 295 + 10 * math.sin(i / 300)
        record.distance = distance
        record.speed = speed
        record.heart_rate = hr
        record.cadence = 84 + rng.randint(-2, 2)
        record.power = 240 + rng.randint(-25, 25)
        messages.append(record)
        distance += speed
    builder.add_all(messages)
    elapsed = float(records - 1)
    distance = round(messages[-1].distance or 0.0, 2)
    builder.add(_event(EventType.STOP_ALL, elapsed))
    avg_hr, max_hr = round(sum(heart_rates) / records), max(heart_rates)
    lap = LapMessage()
    session = SessionMessage()
    for summary in (lap, session):
        summary.timestamp = _ms(elapsed)
        summary.start_time = _ms(0)
        summary.total_elapsed_time = elapsed
        summary.total_timer_time = elapsed
        summary.total_distance = distance
        summary.avg_heart_rate = avg_hr
        summary.max_heart_rate = max_hr
        summary.sport = Sport.RUNNING
        summary.sub_sport = SubSport.GENERIC
    builder.add(lap)
    session.num_laps = 1
    session.first_lap_index = 0
    builder.add(session)
    activity = ActivityMessage()
    activity.timestamp = _ms(elapsed)
    activity.total_timer_time = elapsed
    activity.num_sessions = 1
    activity.type = Activity.MANUAL
    activity.event = Event.ACTIVITY
    activity.event_type = EventType.STOP
    builder.add(activity)
    data = builder.build().to_bytes()
    return FitCase(data, records, count_frames(data), distance, avg_hr, max_hr)


def _event(kind: EventType, seconds: float) -> EventMessage:
    event = EventMessage()
    event.event = Event.TIMER
    event.event_type = kind
    event.timestamp = _ms(seconds)
    return event


def count_frames(data: bytes) -> int:
    """The baseline: fitdecode alone, every frame of the file, with read_fit's options."""
    n = 0
    with fitdecode.FitReader(
        data, check_crc=fitdecode.CrcCheck.RAISE, error_handling=fitdecode.ErrorHandling.IGNORE
    ) as reader:
        for _frame in reader:
            n += 1
    return n


def check_parsed(parsed: ParsedFile, case: FitCase) -> None:
    """``read_fit`` read back what was written, or the benchmark fails."""
    if len(parsed.activities) != 1:
        raise BenchmarkError(f"read_fit gave {len(parsed.activities)} activities, 1 expected")
    activity = parsed.activities[0]
    problems = []
    if len(activity.hr_series) != case.records:
        problems.append(f"{len(activity.hr_series)} HR samples, {case.records} expected")
    if activity.started_at != START or activity.duration_s != case.records - 1:
        problems.append(f"start {activity.started_at} / {activity.duration_s} s")
    if activity.distance_m is None or abs(activity.distance_m - case.distance_m) > 0.01:
        problems.append(f"distance {activity.distance_m}, {case.distance_m} expected")
    if activity.avg_hr != case.avg_hr or activity.max_hr != case.max_hr:
        problems.append(f"HR {activity.avg_hr}/{activity.max_hr}")
    if activity.sport != "running" or activity.laps != 1:
        problems.append(f"sport {activity.sport!r}, {activity.laps} laps")
    if problems:
        raise BenchmarkError("read_fit misread the generated file: " + "; ".join(problems))


def measure(case: FitCase, times: int) -> tuple[Timing, Timing]:
    """Medians' raw material: ``times`` runs of each path, alternating which goes first."""
    samples: dict[str, list[float]] = {"fitcoach": [], "fitdecode": []}
    for r in range(times):
        order = ("fitcoach", "fitdecode") if r % 2 == 0 else ("fitdecode", "fitcoach")
        for path in order:
            if path == "fitcoach":
                seconds, parsed = timed(lambda: read_fit(case.data))
                check_parsed(parsed, case)
            else:
                seconds, frames = timed(lambda: count_frames(case.data))
                if frames != case.frames:
                    raise BenchmarkError(f"fitdecode saw {frames} frames, {case.frames} expected")
            samples[path].append(seconds)
    return Timing(tuple(samples["fitcoach"])), Timing(tuple(samples["fitdecode"]))


def main(args: BenchArgs) -> list[Result]:
    records = args.rows or (QUICK_RECORDS if args.quick else DEFAULT_RECORDS)
    times = args.repeat or DEFAULT_REPEAT
    args.progress(f"fit: writing a {records:,}-record activity with fit-tool")
    case = activity_fit(records)
    args.progress(f"fit: read_fit and fitdecode over {records:,} records x {times}")
    fitcoach, baseline = measure(case, times)
    result = rate_result(
        f"read_fit ({records:,} records, {len(case.data) / 1024:,.0f} KiB)",
        records,
        fitcoach,
        baseline,
        baseline_name="fitdecode, every frame",
        group=NAME,
        notes=(
            f"goal ratio ≥ 0.5; {case.frames:,} frames; fitcoach {fitcoach.median * 1000:.0f} ms, "
            f"fitdecode {baseline.median * 1000:.0f} ms per file"
        ),
        extra={"bytes": len(case.data), "frames": case.frames},
    )
    result.unit = "records/s"
    args.progress(f"fit: {result.figure:,.0f} records/s (fitdecode {result.baseline:,.0f})")
    return [result]
