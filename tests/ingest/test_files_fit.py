"""The FIT reader over the real files of ../shared/data/wearable-files/fit (python-fitparse's
and fitdecode's test corpus), checked against python-fitparse's reference decodings (CSV) and
against what the test decodes from the records itself; plus small files written with fit-tool
for the cases the corpus lacks (a recording without a session, resting heart rate, a time
zone)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import fitdecode
import pytest
from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.lap_message import LapMessage
from fit_tool.profile.messages.monitoring_hr_data_message import MonitoringHrDataMessage
from fit_tool.profile.messages.monitoring_info_message import MonitoringInfoMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.messages.sport_message import SportMessage
from fit_tool.profile.profile_type import FileType, Manufacturer, Sport, SubSport
from tests.conftest import shared_data

from fitcoach.ingest.files.fit import read_fit, sport_words
from fitcoach.ingest.files.model import Activity, FileFormatError, ParsedFile

CORPUS = [
    "2013-02-06-12-11-14.fit",
    "2015-10-13-08-43-15.fit",
    "20170518-191602-1740899583.fit",
    "2019-02-17-062644-ELEMNT-297E-195-0.fit",
    "Activity.fit",
    "DeveloperData.fit",
    "Edge810-Vector-2013-08-16-15-35-10.fit",
    "MonitoringFile.fit",
    "Settings.fit",
    "Settings2.fit",
    "WeightScaleMultiUser.fit",
    "WeightScaleSingleUser.fit",
    "WorkoutCustomTargetValues.fit",
    "WorkoutIndividualSteps.fit",
    "WorkoutRepeatGreaterThanStep.fit",
    "WorkoutRepeatSteps.fit",
    "activity-activity-filecrc.fit",
    "activity-filecrc.fit",
    "activity-large-fenxi2-multisport.fit",
    "activity-settings-corruptheader.fit",
    "activity-settings-nodata.fit",
    "activity-settings.fit",
    "activity-small-fenix2-run.fit",
    "activity-unexpected-eof.fit",
    "antfs-dump.63.fit",
    "compressed-speed-distance.fit",
    "coros-pace-2-cycling-misaligned-fields.fit",
    "developer-types-sample.fit",
    "elemnt-bolt-no-application-id-inside-developer-data-id.fit",
    "event_timestamp.fit",
    "garmin-edge-500-activity.fit",
    "garmin-edge-820-bike.fit",
    "garmin-fenix-5-bike.fit",
    "garmin-fenix-5-run.fit",
    "garmin-fenix-5-walk.fit",
    "nametest.FIT",
    "nick.fit",
    "null_compressed_speed_dist.fit",
    "sample-activity-indoor-trainer.fit",
    "sample-activity.fit",
    "sample_mulitple_header.fit",
    "strava-android-app-201.10-b1218918.fit",
]
# Damaged files, and what the message must say. nick.fit's last message runs past the end of
# the file (no room left for its CRC); the Strava app crashed while writing its file.
BROKEN = {
    "activity-filecrc.fit": "CRC does not match",
    "activity-activity-filecrc.fit": "CRC does not match",
    "activity-settings-corruptheader.fit": "corrupt header",
    "activity-settings-nodata.fit": "ends too early",
    "activity-unexpected-eof.fit": "ends too early",
    "nick.fit": "ends too early",
    "strava-android-app-201.10-b1218918.fit": "damaged at byte 7,471",
}
# Real recordings with a session and a device clock, and their number of sessions.
ACTIVITIES = {
    "2013-02-06-12-11-14.fit": 1,
    "2015-10-13-08-43-15.fit": 1,
    "20170518-191602-1740899583.fit": 1,
    "2019-02-17-062644-ELEMNT-297E-195-0.fit": 1,
    "Activity.fit": 1,
    "Edge810-Vector-2013-08-16-15-35-10.fit": 1,
    "activity-large-fenxi2-multisport.fit": 7,
    "activity-settings.fit": 1,
    "activity-small-fenix2-run.fit": 1,
    "coros-pace-2-cycling-misaligned-fields.fit": 1,
    "developer-types-sample.fit": 1,
    "elemnt-bolt-no-application-id-inside-developer-data-id.fit": 1,
    "event_timestamp.fit": 1,
    "garmin-edge-500-activity.fit": 1,
    "garmin-edge-820-bike.fit": 1,
    "garmin-fenix-5-bike.fit": 1,
    "garmin-fenix-5-run.fit": 1,
    "garmin-fenix-5-walk.fit": 1,
    "null_compressed_speed_dist.fit": 1,
    "sample-activity-indoor-trainer.fit": 1,
    "sample-activity.fit": 1,
    "sample_mulitple_header.fit": 5,
}
REFERENCE_CSV = [
    "garmin-edge-500-activity",
    "garmin-edge-820-bike",
    "garmin-fenix-5-bike",
    "garmin-fenix-5-run",
    "garmin-fenix-5-walk",
]
PDT = timezone(timedelta(hours=-7))  # python-fitparse wrote its reference times in PDT


@pytest.fixture(scope="module")
def fit_dir() -> Path:
    return shared_data("wearable-files") / "fit"


_PARSED: dict[str, ParsedFile] = {}


def _read(fit_dir: Path, name: str) -> ParsedFile:
    """``read_fit`` of a corpus file, once per module (the large ones take seconds on a
    shared machine); tests only read what it returns."""
    if name not in _PARSED:
        _PARSED[name] = read_fit((fit_dir / name).read_bytes())
    return _PARSED[name]


# --------------------------------------------------------------------------- the whole corpus


def test_the_corpus_list_is_the_folder(fit_dir: Path) -> None:
    on_disk = sorted(p.name for p in fit_dir.iterdir() if p.suffix.lower() == ".fit")
    assert on_disk == sorted(CORPUS)


def _outcome(fit_dir: Path, name: str) -> ParsedFile | FileFormatError:
    """What reading a file gives: its contents or the format error; any other exception
    propagates and fails the test."""
    try:
        return _read(fit_dir, name)
    except FileFormatError as exc:
        return exc


@pytest.mark.parametrize("name", CORPUS)
def test_every_file_parses_or_is_refused_with_a_format_error(fit_dir: Path, name: str) -> None:
    parsed = _outcome(fit_dir, name)
    if isinstance(parsed, FileFormatError):
        assert name in BROKEN, f"{name} refused: {parsed}"
        assert "export it again" in parsed.message
        return
    assert name not in BROKEN
    assert parsed.format == "fit"
    # Every file says something: what it holds, or a note on why nothing was taken.
    assert not parsed.empty or parsed.notes


@pytest.mark.parametrize(("name", "says"), sorted(BROKEN.items()))
def test_damaged_files_are_refused_with_what_is_wrong(fit_dir: Path, name: str, says: str) -> None:
    with pytest.raises(FileFormatError, match=says) as caught:
        _read(fit_dir, name)
    assert caught.value.status_code == 422
    assert "export it again from the device" in caught.value.message


def test_the_crc_message_tells_the_person_what_to_do(fit_dir: Path) -> None:
    with pytest.raises(FileFormatError) as caught:
        _read(fit_dir, "activity-filecrc.fit")
    assert caught.value.message.startswith(
        "the FIT file's CRC does not match (data checksum): the file is damaged; export it "
        "again from the device"
    )


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "empty"),
        (b"<?xml version='1.0'?><gpx></gpx>", "not a FIT file"),
        (bytes(range(256)) * 4, "not a FIT file"),
        (b"\x0e\x10", "not a FIT file"),
    ],
    ids=["empty", "xml", "noise", "two-bytes"],
)
def test_what_is_not_a_fit_file_is_refused(data: bytes, says: str) -> None:
    with pytest.raises(FileFormatError, match=says):
        read_fit(data)


def _cuts(data: bytes) -> Iterator[bytes]:
    """The file cut short at many places, and with single bytes changed."""
    for end in range(1, len(data) - 1, 37):
        yield data[:end]
    for at in range(0, len(data), 53):
        damaged = bytearray(data)
        damaged[at] ^= 0x5A
        yield bytes(damaged)


@pytest.mark.parametrize("name", ["Activity.fit", "DeveloperData.fit", "WeightScaleMultiUser.fit"])
def test_a_truncated_or_altered_file_is_always_a_format_error(fit_dir: Path, name: str) -> None:
    data = (fit_dir / name).read_bytes()
    for damaged in _cuts(data):
        with pytest.raises(FileFormatError):
            read_fit(damaged)


# --------------------------------------------------------------------------- activities


@pytest.mark.parametrize(("name", "sessions"), sorted(ACTIVITIES.items()))
def test_every_real_activity_file_gives_its_sessions(
    fit_dir: Path, name: str, sessions: int
) -> None:
    parsed = _read(fit_dir, name)
    assert len(parsed.activities) == sessions
    for activity in parsed.activities:
        assert activity.started_at.tzinfo is UTC
        assert activity.duration_s > 0
        assert activity.sport == activity.sport.lower()
        assert "_" not in activity.sport
        times = [s.at for s in activity.hr_series]
        assert times == sorted(times)
        end = activity.started_at + timedelta(days=1)
        assert all(activity.started_at <= t <= end for t in times)
        assert all(30 <= s.bpm <= 230 for s in activity.hr_series)
    keys = [a.key for a in parsed.activities]
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize("name", ["2013-02-06-12-11-14.fit", "sample_mulitple_header.fit"])
def test_keys_are_the_same_when_the_file_is_read_again(fit_dir: Path, name: str) -> None:
    again = read_fit((fit_dir / name).read_bytes())
    assert [a.key for a in again.activities] == [a.key for a in _read(fit_dir, name).activities]
    assert again.activities[0].key.startswith("session-0-")


_DECODED: dict[Path, tuple[list[dict[str, Any]], list[tuple[datetime, Any, Any]]]] = {}


def _session_and_records(
    path: Path,
) -> tuple[list[dict[str, Any]], list[tuple[datetime, Any, Any]]]:
    """Sessions and (time, heart rate, distance) of records, decoded here without fitcoach."""
    if path not in _DECODED:
        sessions: list[dict[str, Any]] = []
        records: list[tuple[datetime, Any, Any]] = []
        reader = fitdecode.FitReader(str(path), error_handling=fitdecode.ErrorHandling.IGNORE)
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                if frame.name == "session":
                    sessions.append({f.name: f.value for f in frame.fields})
                elif frame.name == "record":
                    records.append(
                        (
                            frame.get_value("timestamp"),
                            frame.get_value("heart_rate", fallback=None),
                            frame.get_value("distance", fallback=None),
                        )
                    )
        _DECODED[path] = (sessions, records)
    return _DECODED[path]


@pytest.mark.parametrize(
    "name",
    [
        "2013-02-06-12-11-14.fit",
        "Edge810-Vector-2013-08-16-15-35-10.fit",
        "garmin-edge-500-activity.fit",
        "developer-types-sample.fit",
        "sample-activity.fit",
        "2019-02-17-062644-ELEMNT-297E-195-0.fit",
    ],
)
def test_a_session_reads_as_its_summary_and_its_records(fit_dir: Path, name: str) -> None:
    (activity,) = _read(fit_dir, name).activities
    (session,), records = _session_and_records(fit_dir / name)
    assert activity.started_at == session["start_time"]
    assert activity.duration_s == pytest.approx(session["total_timer_time"])
    assert activity.distance_m == pytest.approx(session["total_distance"])
    # The series is every record's heart rate, in the file's order.
    expected = [(t, float(hr)) for t, hr, _ in records if hr]
    assert [(s.at, s.bpm) for s in activity.hr_series] == expected
    # The device's average is time-weighted, the records' plain mean close to it.
    mean = sum(hr for _, hr in expected) / len(expected)
    assert activity.avg_hr == pytest.approx(mean, abs=3)
    assert activity.max_hr == max(hr for _, hr in expected)
    # The odometer of the last record is the session's distance.
    last_distance = [d for _, _, d in records if d is not None][-1]
    assert activity.distance_m == pytest.approx(last_distance, rel=0.01)


def test_a_run_with_the_numbers_of_its_summary(fit_dir: Path) -> None:
    (run,) = _read(fit_dir, "2013-02-06-12-11-14.fit").activities
    assert run == Activity(
        key="session-0-2013-02-06T12:11:14+00:00",
        sport="running",
        started_at=datetime(2013, 2, 6, 12, 11, 14, tzinfo=UTC),
        duration_s=2625.14,
        distance_m=4835.38,
        avg_hr=147.0,
        max_hr=171.0,
        calories_kcal=336.0,
        avg_power_w=None,
        avg_cadence=None,
        laps=5,
        hr_series=run.hr_series,
    )
    assert len(run.hr_series) == 590


def test_duration_is_the_recorded_time_not_the_time_on_the_clock(fit_dir: Path) -> None:
    # A 6.6 h ride with 2.8 h of stops: the timer says 13,471 s.
    (ride,) = _read(fit_dir, "2019-02-17-062644-ELEMNT-297E-195-0.fit").activities
    (session,), records = _session_and_records(fit_dir / "2019-02-17-062644-ELEMNT-297E-195-0.fit")
    assert ride.duration_s == 13_471
    assert session["total_elapsed_time"] == 23_595
    assert (records[-1][0] - records[0][0]).total_seconds() > ride.duration_s
    assert (ride.sport, ride.avg_power_w, ride.avg_cadence) == ("cycling", 102.0, 131.0)


@pytest.mark.parametrize("name", REFERENCE_CSV)
def test_heart_rate_series_equals_python_fitparse_reference(fit_dir: Path, name: str) -> None:
    with (fit_dir / f"{name}-records.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    reference = [
        (
            datetime.strptime(row["timestamp"].replace(" PDT", ""), "%a %b %d %H:%M:%S %Y")
            .replace(tzinfo=PDT)
            .astimezone(UTC),
            float(row["heart_rate"]),
        )
        for row in rows
        if row["heart_rate"] and int(row["heart_rate"]) > 0
    ]
    (activity,) = _read(fit_dir, f"{name}.fit").activities
    series = [(s.at, s.bpm) for s in activity.hr_series]
    assert len(series) == len(reference) == len(rows)
    assert series == reference


def test_a_multisport_file_gives_each_leg_with_its_own_records(fit_dir: Path) -> None:
    parsed = _read(fit_dir, "activity-large-fenxi2-multisport.fit")
    assert [a.sport for a in parsed.activities] == [
        "activity",
        "transition",
        "running",
        "transition",
        "running",
        "transition",
        "cycling",
    ]
    # Legs follow each other; no record is counted twice or lost.
    for before, after in zip(parsed.activities, parsed.activities[1:], strict=False):
        assert before.hr_series[-1].at < after.hr_series[0].at
    _, records = _session_and_records(fit_dir / "activity-large-fenxi2-multisport.fit")
    with_hr = sum(1 for _, hr, _ in records if hr)
    assert sum(len(a.hr_series) for a in parsed.activities) == with_hr
    # The first leg's start_time (08:00:01) disagrees with its end and elapsed time and its
    # first lap (07:14:44): the latter is taken, and said.
    assert parsed.activities[0].started_at == datetime(2015, 8, 29, 7, 14, 44, tzinfo=UTC)
    assert any("disagrees" in note for note in parsed.notes)
    # No session gives its average heart rate: it is the mean of the leg's records.
    leg = parsed.activities[2]
    assert leg.avg_hr == pytest.approx(sum(s.bpm for s in leg.hr_series) / len(leg.hr_series))


def test_chained_files_give_every_part(fit_dir: Path) -> None:
    triathlon = _read(fit_dir, "sample_mulitple_header.fit")
    assert [a.sport for a in triathlon.activities] == [
        "open water swimming",
        "transition",
        "cycling",
        "transition",
        "running",
    ]
    assert [a.laps for a in triathlon.activities] == [1, 1, 1, 1, 1]
    with_settings = _read(fit_dir, "activity-settings.fit")
    assert len(with_settings.activities) == 1
    assert any("settings file" in note for note in with_settings.notes)


def test_developer_fields_do_not_break_reading(fit_dir: Path) -> None:
    (run,) = _read(fit_dir, "developer-types-sample.fit").activities
    assert (run.sport, len(run.hr_series), run.avg_power_w) == ("running", 3424, 218.0)
    (row,) = _read(fit_dir, "20170518-191602-1740899583.fit").activities
    assert (row.sport, row.laps, row.avg_hr, row.max_hr) == ("indoor rowing", 8, 132.0, 179.0)


def test_a_session_without_average_heart_rate_gets_its_records_mean(fit_dir: Path) -> None:
    name = "coros-pace-2-cycling-misaligned-fields.fit"
    (ride,) = _read(fit_dir, name).activities
    _, records = _session_and_records(fit_dir / name)
    rates = [hr for _, hr, _ in records if hr]
    assert ride.avg_hr == pytest.approx(sum(rates) / len(rates))
    assert ride.max_hr == 168.0  # the session gives this one


def test_heart_rate_zero_is_no_reading(fit_dir: Path) -> None:
    # A virtual ride whose records and session all say 0 bpm: no strap, not a dead rider.
    (ride,) = _read(fit_dir, "null_compressed_speed_dist.fit").activities
    assert (ride.hr_series, ride.avg_hr, ride.max_hr) == ([], None, None)
    assert ride.sport == "cycling"


def test_swim_heart_rate_from_the_strap_is_named_as_not_read(fit_dir: Path) -> None:
    parsed = _read(fit_dir, "event_timestamp.fit")
    (swim,) = parsed.activities
    assert (swim.sport, swim.avg_hr, swim.laps, swim.hr_series) == ("lap swimming", 142.0, 99, [])
    assert any("1,415 heart-rate messages" in note for note in parsed.notes)


@pytest.mark.parametrize("name", ["antfs-dump.63.fit", "compressed-speed-distance.fit"])
def test_a_device_without_a_clock_gives_no_activity_and_says_why(fit_dir: Path, name: str) -> None:
    parsed = _read(fit_dir, name)
    assert parsed.empty
    assert any("clock was not set" in note for note in parsed.notes)


def test_records_without_times_give_no_activity(fit_dir: Path) -> None:
    parsed = _read(fit_dir, "DeveloperData.fit")
    assert parsed.empty
    assert any("3 records without a time" in note for note in parsed.notes)


# --------------------------------------------------------------------------- other kinds


def test_a_weight_scale_file_gives_the_first_weigh_in_of_the_day(fit_dir: Path) -> None:
    parsed = _read(fit_dir, "WeightScaleSingleUser.fit")
    assert [(d.day, d.weight_kg) for d in parsed.daily] == [(date(2009, 9, 9), 75.8)]
    assert any("UTC day" in note for note in parsed.notes)
    assert any("1 later weigh-in" in note for note in parsed.notes)


def test_a_scale_shared_by_two_people_gives_nobody_s_weight(fit_dir: Path) -> None:
    parsed = _read(fit_dir, "WeightScaleMultiUser.fit")
    assert parsed.daily == []
    assert any("2 people" in note for note in parsed.notes)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Settings.fit", "settings"),
        ("Settings2.fit", "settings"),
        ("nametest.FIT", "settings"),
        ("WorkoutRepeatSteps.fit", "workout"),
        ("WorkoutCustomTargetValues.fit", "workout"),
        ("MonitoringFile.fit", "monitoring"),
    ],
)
def test_files_without_anything_to_store_say_what_they_are(
    fit_dir: Path, name: str, kind: str
) -> None:
    parsed = _read(fit_dir, name)
    assert parsed.empty
    assert any(kind in note for note in parsed.notes)


# --------------------------------------------------------------------------- written here

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)


def _ms(at: datetime) -> int:
    return round(at.timestamp() * 1000)


def _file(kind: FileType, *messages: Any) -> bytes:
    builder = FitFileBuilder(auto_define=True)
    file_id = FileIdMessage()
    file_id.type = kind
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.serial_number = 7
    file_id.time_created = _ms(datetime(2026, 3, 1, tzinfo=UTC))
    builder.add(file_id)
    builder.add_all(list(messages))
    return bytes(builder.build().to_bytes())


def test_a_recording_without_a_session_is_built_from_its_records() -> None:
    start = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)
    sport = SportMessage()
    sport.sport = Sport.RUNNING
    sport.sub_sport = SubSport.TRAIL
    records = []
    rates = [0, 100, 110, 0, 130, 150, 140, 120]
    for i, hr in enumerate(rates):
        record = RecordMessage()
        record.timestamp = _ms(start + timedelta(seconds=5 * i))
        record.heart_rate = hr
        record.distance = 12.5 * i
        records.append(record)
    lap = LapMessage()
    lap.timestamp = _ms(start + timedelta(seconds=35))
    lap.start_time = _ms(start)
    parsed = read_fit(_file(FileType.ACTIVITY, sport, *records, lap))
    (run,) = parsed.activities
    kept = [hr for hr in rates if hr]
    assert run.key == "records-2026-03-01T06:00:00+00:00"
    assert (run.sport, run.started_at, run.duration_s, run.distance_m) == (
        "trail running",
        start,
        35.0,
        87.5,
    )
    assert run.avg_hr == pytest.approx(sum(kept) / len(kept))
    assert run.max_hr == 150.0
    assert [s.bpm for s in run.hr_series] == [float(hr) for hr in kept]
    assert run.laps == 1
    assert any("no session summary" in note for note in parsed.notes)


def test_resting_heart_rate_falls_on_the_local_day_of_the_file() -> None:
    # 02:00 UTC on 15 November is still 14 November at UTC-5.
    at = datetime(2026, 11, 15, 2, 0, tzinfo=UTC)
    info = MonitoringInfoMessage()
    info.timestamp = _ms(at)
    info.local_timestamp = round((at - timedelta(hours=5) - FIT_EPOCH).total_seconds())
    today = MonitoringHrDataMessage()
    today.timestamp = _ms(at)
    today.resting_heart_rate = 52
    today.current_day_resting_heart_rate = 49
    rolling_only = MonitoringHrDataMessage()
    rolling_only.timestamp = _ms(at + timedelta(days=1))
    rolling_only.resting_heart_rate = 51
    parsed = read_fit(_file(FileType.MONITORING_B, info, today, rolling_only))
    assert [(d.day, d.resting_hr) for d in parsed.daily] == [
        (date(2026, 11, 14), 49.0),  # that day's own value before the 7-day figure
        (date(2026, 11, 15), 51.0),
    ]
    assert not any("UTC day" in note for note in parsed.notes)
    assert any("7-day" in note for note in parsed.notes)


@pytest.mark.parametrize(
    ("sport", "sub_sport", "words"),
    [
        ("running", "generic", "running"),
        ("running", "trail", "trail running"),
        ("running", "treadmill", "treadmill running"),
        ("cycling", "indoor_cycling", "indoor cycling"),
        ("cycling", "commuting", "cycling"),
        ("swimming", "lap_swimming", "lap swimming"),
        ("training", "strength_training", "strength training"),
        ("fitness_equipment", "indoor_rowing", "indoor rowing"),
        ("generic", None, "activity"),
        (None, None, "activity"),
        (254, 7, "activity"),
        ("cross_country_skiing", None, "cross country skiing"),
    ],
)
def test_sport_words(sport: Any, sub_sport: Any, words: str) -> None:
    assert sport_words(sport, sub_sport) == words
