"""WHOOP's data export: recovery on the local day of the wake, sleeps with stages, workouts,
each row's UTC offset applied; the zip or a single CSV; bad files refused naming file and line."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from fitcoach.ingest.files.model import FileFormatError
from fitcoach.ingest.files.whoop import read_whoop

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports" / "whoop"
CYCLES = (FIXTURES / "physiological_cycles.csv").read_bytes()
SLEEPS = (FIXTURES / "sleeps.csv").read_bytes()
WORKOUTS = (FIXTURES / "workouts.csv").read_bytes()


def export_zip(files: dict[str, bytes], folder: str = "my_whoop_data_2024_01_07/") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(folder + name, data)
        archive.writestr(folder + "journal_entries.csv", "Cycle start time,Question text\n")
    return buffer.getvalue()


FULL = export_zip(
    {"physiological_cycles.csv": CYCLES, "sleeps.csv": SLEEPS, "workouts.csv": WORKOUTS}
)


def test_recovery_on_the_local_day_of_the_wake() -> None:
    parsed = read_whoop(FULL)
    assert parsed.format == "whoop"
    readings = {(d.day, d.resting_hr, d.hrv_rmssd_ms) for d in parsed.daily}
    # The Tokyo wake (06:30 at UTC+09:00) is 21:30 UTC the day before: the local day counts.
    assert readings == {
        (date(2024, 1, 3), 49.0, 72.5),
        (date(2024, 1, 5), 58.0, 39.0),
        (date(2024, 1, 6), 52.0, 61.4),
    }
    assert [d.day for d in parsed.daily] == sorted(d.day for d in parsed.daily)


def test_sleeps_with_stages_in_seconds_and_utc_times() -> None:
    sleeps = read_whoop(FULL).sleeps
    assert len(sleeps) == 4  # the nap included
    night = next(s for s in sleeps if s.key == "whoop-sleep:2024-01-05 23:02:44")
    assert night.started_at == datetime(2024, 1, 6, 4, 2, 44, tzinfo=UTC)
    assert night.ended_at == datetime(2024, 1, 6, 11, 58, 13, tzinfo=UTC)
    assert night.stages_s == {
        "awake": 44 * 60,
        "light": 218 * 60,
        "deep": 102 * 60,
        "rem": 111 * 60,
    }
    tokyo = sleeps[0]
    assert tokyo.started_at == datetime(2024, 1, 2, 14, 10, tzinfo=UTC)
    assert [s.started_at for s in sleeps] == sorted(s.started_at for s in sleeps)


def test_workouts_become_activities() -> None:
    activities = read_whoop(FULL).activities
    assert [a.sport for a in activities] == ["functional fitness", "running", "weightlifting"]
    tokyo, run, lift = activities
    assert tokyo.started_at == datetime(2024, 1, 2, 22, 15, tzinfo=UTC)
    assert run.started_at == datetime(2024, 1, 6, 22, 5, 12, tzinfo=UTC)
    assert (run.duration_s, run.distance_m, run.avg_hr, run.max_hr, run.calories_kcal) == (
        47 * 60,
        8012.4,
        151.0,
        174.0,
        512.0,
    )
    assert (lift.distance_m, lift.duration_s) == (None, 55 * 60)
    assert run.key == "whoop-workout:2024-01-06 17:05:12"


def test_single_csvs() -> None:
    cycles = read_whoop(CYCLES)
    assert len(cycles.daily) == 3
    assert not cycles.activities
    # Without sleeps.csv the cycles' own sleep columns give the (main) sleeps, same keys.
    keys = {s.key for s in cycles.sleeps}
    assert keys == {s.key for s in read_whoop(SLEEPS).sleeps} - {"whoop-sleep:2024-01-06 14:10:00"}
    assert len(read_whoop(WORKOUTS).activities) == 3
    assert not read_whoop(WORKOUTS).daily


def test_zip_without_sleeps_takes_them_from_the_cycles() -> None:
    parsed = read_whoop(export_zip({"physiological_cycles.csv": CYCLES}, folder=""))
    assert len(parsed.sleeps) == 3
    assert parsed.sleeps[-1].stages_s["deep"] == 102 * 60


def test_offsets_in_other_spellings() -> None:
    header, _, rest = WORKOUTS.decode().partition("\n")
    row = rest.splitlines()[1]
    for spelling, hour in (("+01:00", 16), ("UTC", 17), ("UTC+0530", 11), ("America/New_York", 22)):
        data = f"{header}\n{row.replace('UTC-05:00', spelling)}\n".encode()
        started = read_whoop(data).activities[0].started_at
        assert started.hour == hour, spelling


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            CYCLES.replace(b",52,61.4,", b",fifty,61.4,"),
            r"WHOOP physiological_cycles.csv, line 3: Resting heart rate \(bpm\) 'fifty'",
        ),
        (
            WORKOUTS.replace(b"UTC+09:00", b"Mars/Base"),
            "WHOOP workouts.csv, line 4: Cycle timezone 'Mars/Base'",
        ),
        (
            SLEEPS.replace(b"2024-01-06 14:40:00", b"2024-01-06 13:40:00"),
            "WHOOP sleeps.csv, line 2: Wake onset .* before Sleep onset",
        ),
        (
            SLEEPS.replace(b"2024-01-06 14:10:00", b"after lunch"),
            "WHOOP sleeps.csv, line 2: Sleep onset 'after lunch'",
        ),
        (CYCLES[: CYCLES.rindex(b",")], "line 5: 25 fields where the header has 26"),
    ],
)
def test_bad_rows_name_file_and_line(data: bytes, message: str) -> None:
    with pytest.raises(FileFormatError, match=message):
        read_whoop(data)


def test_not_a_whoop_export() -> None:
    with pytest.raises(FileFormatError, match=r"holds no physiological_cycles\.csv"):
        read_whoop(export_zip({"notes.csv": b"a,b\n"}))
    with pytest.raises(FileFormatError, match="the zip cannot be opened"):
        read_whoop(FULL[: len(FULL) // 2])
    with pytest.raises(FileFormatError, match="line 1: the header is not"):
        read_whoop(
            (Path(__file__).resolve().parents[1] / "fixtures" / "imports" / "hevy.csv").read_bytes()
        )
    with pytest.raises(FileFormatError, match="lacks 'Wake onset'"):
        read_whoop(
            b"Cycle start time,Cycle timezone,Recovery score %,Resting heart rate (bpm),Heart rate variability (ms)\n"
        )
