"""The Apple Health reader: what it reads from an export, what it refuses, and its memory.

The fixtures in tests/fixtures/imports follow Apple's format (the DOCTYPE with its internal
subset, ExportDate, Me, records with their metadata, workouts with events and statistics);
the expected values below are worked out by hand from them.
"""

from __future__ import annotations

import io
import tracemalloc
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from fitcoach.ingest.files.apple_health import read_apple_health
from fitcoach.ingest.files.model import Activity, FileFormatError, ParsedFile, Sleep

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
EXPORT = FIXTURES / "apple_health_export.xml"
IOS16 = FIXTURES / "apple_health_ios16.xml"


@pytest.fixture(scope="module")
def parsed() -> ParsedFile:
    return read_apple_health(EXPORT)


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _activity(parsed: ParsedFile, sport: str, day: str) -> Activity:
    (found,) = [
        a for a in parsed.activities if a.sport == sport and a.started_at.date().isoformat() == day
    ]
    return found


def _sleep(parsed: ParsedFile, started_utc: str) -> Sleep:
    (found,) = [s for s in parsed.sleeps if s.started_at == _utc(started_utc)]
    return found


def _export_zip(xml: bytes, *, name: str = "apple_health_export/export.xml") -> bytes:
    """An export.zip as the Health app writes it: the export, the CDA document, a route."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, xml)
        archive.writestr(
            "apple_health_export/export_cda.xml",
            '<?xml version="1.0"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3"><component/>'
            "</ClinicalDocument>\n",
        )
        archive.writestr(
            "apple_health_export/workout-routes/route_2024-03-01_7.45am.gpx",
            '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="Apple Health '
            'Export"><trk><trkseg><trkpt lat="52.52" lon="13.40"><ele>34.1</ele>'
            "<time>2024-03-01T06:15:05Z</time></trkpt></trkseg></trk></gpx>\n",
        )
    return buffer.getvalue()


class _Unseekable(io.RawIOBase):
    """An upload stream that can only be read forward (a request body, a pipe)."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        chunk = self._data.read(min(len(buffer), 10_000))
        buffer[: len(chunk)] = chunk
        return len(chunk)


# --------------------------------------------------------------------------- workouts


def test_workout_statistics_give_hr_distance_and_energy(parsed: ParsedFile) -> None:
    run = _activity(parsed, "running", "2024-03-01")

    assert run.started_at == _utc("2024-03-01 06:15:02")  # 07:15:02 +0100
    assert run.duration_s == pytest.approx(1808.0)
    assert run.distance_m == pytest.approx(5210.0)
    assert run.calories_kcal == pytest.approx(402.5)  # active energy, not basal
    assert run.avg_power_w == pytest.approx(245.0)
    # The watch's statistics win over the three readings in the window (156.7 / 170).
    assert (run.avg_hr, run.max_hr) == (151.5, 178.0)
    # The series is the readings inside 07:15:02–07:45:10 only (not the 08:10 one).
    assert [(s.at, s.bpm) for s in run.hr_series] == [
        (_utc("2024-03-01 06:16:00"), 140.0),
        (_utc("2024-03-01 06:30:00"), 160.0),
        (_utc("2024-03-01 06:44:00"), 170.0),
    ]


def test_hr_average_and_max_from_records_when_a_workout_has_no_statistics(
    parsed: ParsedFile,
) -> None:
    run = _activity(parsed, "running", "2024-03-03")

    # 18:00:00–18:30:00 +0100, both ends inclusive; the 17:59:59 reading is outside.
    assert [s.bpm for s in run.hr_series] == [120.0, 150.0, 165.0, 168.0]
    assert run.avg_hr == (120 + 150 + 165 + 168) / 4
    assert run.max_hr == 168.0
    assert run.distance_m == pytest.approx(5020.0)  # totalDistance in km
    assert run.calories_kcal == pytest.approx(361.3)


def test_sports_units_laps_and_missing_values(parsed: ParsedFile) -> None:
    assert [a.sport for a in parsed.activities] == [
        "running",
        "running",
        "traditional strength training",
        "cycling",
        "swimming",
    ]
    strength = _activity(parsed, "traditional strength training", "2024-03-05")
    assert strength.duration_s == pytest.approx(52.5 * 60)
    assert strength.distance_m is None  # Apple writes "0 km" for it
    assert (strength.avg_hr, strength.max_hr, strength.calories_kcal) == (118.0, 151.0, 310.0)
    assert strength.hr_series == []

    ride = _activity(parsed, "cycling", "2024-03-06")
    assert ride.distance_m == pytest.approx(12.4 * 1609.344, abs=0.01)  # miles
    assert ride.calories_kcal == pytest.approx(1674 / 4.184, abs=0.01)  # kJ
    assert (ride.avg_power_w, ride.avg_cadence) == (182.0, 84.0)
    assert ride.avg_hr is None  # no statistics, no readings: missing, not 0
    assert ride.max_hr is None

    swim = _activity(parsed, "swimming", "2024-03-07")
    assert swim.laps == 4  # lap events, not the segment
    assert swim.distance_m == pytest.approx(200.0)


def test_keys_are_stable_unique_and_carry_no_source_name(parsed: ParsedFile) -> None:
    again = read_apple_health(EXPORT)
    keys = [a.key for a in parsed.activities] + [s.key for s in parsed.sleeps]

    assert keys == [a.key for a in again.activities] + [s.key for s in again.sleeps]
    assert len(set(keys)) == len(keys)
    assert not any("Sam" in key or "Wahoo" in key for key in keys)


# --------------------------------------------------------------------------- daily readings


def test_resting_hr_on_the_local_day_of_its_offset(parsed: ParsedFile) -> None:
    resting = {d.day: d.resting_hr for d in parsed.daily if d.resting_hr is not None}

    # 2024-03-09 22:30 -0500 is already 2024-03-10 in UTC: the reading belongs to the 9th.
    assert resting == {date(2024, 3, 1): 52.0, date(2024, 3, 2): 51.0, date(2024, 3, 9): 58.0}
    assert [d.day for d in parsed.daily] == sorted(d.day for d in parsed.daily)


def test_body_mass_in_pounds_is_converted_and_the_last_of_the_day_kept(
    parsed: ParsedFile,
) -> None:
    weight = {d.day: d.weight_kg for d in parsed.daily if d.weight_kg is not None}

    assert weight == {
        date(2024, 3, 1): 72.4,
        date(2024, 3, 4): pytest.approx(161 * 0.45359237, abs=0.001),  # not the 160.2 lb
    }


def test_sdnn_is_never_stored_as_rmssd(parsed: ParsedFile) -> None:
    assert all(d.hrv_rmssd_ms is None for d in parsed.daily)
    assert (
        "3 HRV readings are SDNN (Apple Watch); fitcoach's readiness uses RMSSD, so they were "
        "not imported"
    ) in parsed.notes


# --------------------------------------------------------------------------- sleep


def test_a_night_of_the_iphone_and_the_watch_is_taken_once_from_the_watch(
    parsed: ParsedFile,
) -> None:
    night = _sleep(parsed, "2024-03-01 22:02:00")  # the watch's first sample, not the iPhone's

    assert night.ended_at == _utc("2024-03-02 05:41:00")
    assert night.stages_s == {
        "light": (38 + 75 + 116 + 90) * 60.0,  # core
        "deep": (35 + 20) * 60.0,
        "rem": (30 + 40) * 60.0,
        "awake": (4 + 11) * 60.0,
    }
    assert not any(s.started_at == _utc("2024-03-01 21:47:13") for s in parsed.sleeps)
    assert any(
        note.startswith("2 nights were recorded by more than one source") for note in parsed.notes
    )


def test_in_bed_only_night_has_its_length_without_stages(parsed: ParsedFile) -> None:
    night = _sleep(parsed, "2024-03-02 22:15:00")

    assert night.ended_at - night.started_at == _utc("2024-03-03 06:05:00") - _utc(
        "2024-03-02 22:15:00"
    )
    assert night.stages_s == {}


def test_asleep_without_a_stage_counts_as_light_with_a_note(parsed: ParsedFile) -> None:
    night = _sleep(parsed, "2024-03-03 22:30:00")

    assert night.stages_s == {"light": 12_600.0 + 12_300.0, "awake": 1_200.0}
    assert "2 sleep samples say asleep without a stage; they were counted as light sleep" in (
        parsed.notes
    )


def test_gaps_under_two_hours_stay_one_night_and_longer_gaps_split(parsed: ParsedFile) -> None:
    night = _sleep(parsed, "2024-03-05 22:00:00")  # 23:00–01:00, then 02:50–05:00 (+0100)
    nap = _sleep(parsed, "2024-03-04 13:10:00")  # 7 h 25 min after the night before

    assert night.ended_at == _utc("2024-03-06 04:00:00")
    assert night.stages_s == {"awake": 0.0, "light": 12_600.0, "deep": 2_400.0, "rem": 0.0}
    assert nap.stages_s == {"awake": 0.0, "light": 1_800.0, "deep": 0.0, "rem": 0.0}
    assert len(parsed.sleeps) == 5


# --------------------------------------------------------------------------- notes


def test_skipped_records_are_counted_by_type(parsed: ParsedFile) -> None:
    # The blood-pressure correlation counts once; its two nested records are not counted.
    assert (
        "9 other records skipped (step count 3, active energy burned 2, activity summary 2, "
        "and 2 more types)"
    ) in parsed.notes
    assert (
        "3 heart-rate readings outside workouts were not imported (fitcoach keeps heart rate "
        "per activity)"
    ) in parsed.notes


# --------------------------------------------------------------------------- sources


def test_zip_bytes_path_and_streams_read_the_same(tmp_path: Path, parsed: ParsedFile) -> None:
    xml = EXPORT.read_bytes()
    archive = _export_zip(xml)
    zip_path = tmp_path / "export.zip"
    zip_path.write_bytes(archive)
    folder = tmp_path / "apple_health_export"
    folder.mkdir()
    (folder / "export.xml").write_bytes(xml)

    with zip_path.open("rb") as file:
        from_file = read_apple_health(file)
    for result in (
        read_apple_health(archive),
        read_apple_health(zip_path),
        from_file,
        read_apple_health(io.BufferedReader(_Unseekable(archive))),
        read_apple_health(io.BufferedReader(_Unseekable(xml))),
        read_apple_health(xml),
        read_apple_health(folder),
    ):
        assert result == parsed


def test_a_zip_with_the_export_under_another_name_is_read(parsed: ParsedFile) -> None:
    archive = _export_zip(EXPORT.read_bytes(), name="apple_health_export/导出.xml")

    assert read_apple_health(archive) == parsed


def test_the_ios16_export_with_its_broken_dtd_is_read() -> None:
    with pytest.raises(ET.ParseError):  # the fixture has the defect: the stdlib refuses it
        ET.parse(IOS16)

    result = read_apple_health(IOS16)

    (hiit,) = result.activities
    assert hiit.sport == "high intensity interval training"
    assert hiit.started_at == _utc("2022-11-02 17:05:30")
    assert (hiit.avg_hr, hiit.max_hr, hiit.calories_kcal) == (142.0, 181.0, 287.4)
    assert [(d.day, d.resting_hr, d.weight_kg) for d in result.daily] == [
        (date(2022, 11, 1), 55.0, None),
        (date(2022, 11, 2), None, 81.3),
    ]


def test_forbidden_control_characters_are_dropped_with_a_note() -> None:
    xml = EXPORT.read_bytes().replace("Sam’s iPhone".encode(), "Sam’s\x0b iPhone".encode(), 2)

    result = read_apple_health(xml)

    assert len(result.activities) == 5
    assert (
        "2 control characters that XML forbids were dropped (a known fault of some Health exports)"
        in result.notes
    )


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"Date,Steps\n2024-03-01,10432\n", "not an XML file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not an XML file"),
        (
            b'<?xml version="1.0"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3"/>\n',
            "root element is <ClinicalDocument>, not <HealthData> (export_cda.xml",
        ),
        (b'<?xml version="1.0"?>\n<gpx version="1.1"><trk/></gpx>', "root element is <gpx>"),
    ],
)
def test_files_that_are_not_an_export_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(FileFormatError, match=message.replace("(", r"\(")):
        read_apple_health(data)


def test_a_truncated_export_is_refused() -> None:
    xml = EXPORT.read_bytes()

    for cut in (500, len(xml) // 3, len(xml) * 2 // 3, len(xml) - 5):  # 500: in the DTD
        with pytest.raises(FileFormatError, match="cut off"):
            read_apple_health(xml[:cut])


def test_a_zip_without_export_xml_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
        archive.writestr("apple_health_export/workout-routes/route.gpx", "<gpx/>")

    with pytest.raises(FileFormatError, match=r"no apple_health_export/export\.xml"):
        read_apple_health(buffer.getvalue())


def test_a_damaged_zip_is_refused() -> None:
    archive = _export_zip(EXPORT.read_bytes())

    with pytest.raises(FileFormatError, match="zip archive"):
        read_apple_health(archive[: len(archive) // 2])
    with pytest.raises(FileFormatError, match="no such file"):
        read_apple_health(Path("/nonexistent/export.zip"))


def test_external_entities_are_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("s3cr3t-token")
    xxe = (
        f'<?xml version="1.0"?>\n<!DOCTYPE HealthData [\n<!ENTITY leak SYSTEM "file://{secret}">\n]>\n'
        '<HealthData locale="en_GB"><ExportDate value="2024-03-12 21:04:51 +0100">&leak;'
        "</ExportDate></HealthData>\n"
    )

    hidden = xxe.replace("<!DOCTYPE", "<!-- <a --><!DOCTYPE", 1)  # not cut out: parsed

    with pytest.raises(FileFormatError, match=r"\(undefined entity\)") as cut_out:
        read_apple_health(xxe.encode())
    with pytest.raises(FileFormatError, match="declares entities") as declared:
        read_apple_health(hidden.encode())

    assert "s3cr3t" not in str(cut_out.value) + str(declared.value)


def test_entity_expansion_is_refused_quickly() -> None:
    laughs = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10))
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE HealthData [\n<!ENTITY lol0 "lol">\n'
        f'{laughs}]>\n<HealthData locale="en_GB">&lol9;</HealthData>\n'
    )
    # A DOCTYPE hidden behind a comment that looks like an element is parsed, not cut out:
    # its entity declarations are refused before anything expands.
    hidden = bomb.replace("<!DOCTYPE", "<!-- <a --><!DOCTYPE", 1)

    # Cut out with the DOCTYPE, the entities are undefined: nothing to expand.
    with pytest.raises(FileFormatError, match=r"not well-formed XML .*\(undefined entity\)"):
        read_apple_health(bomb.encode())
    with pytest.raises(FileFormatError, match="declares entities"):
        read_apple_health(hidden.encode())


# --------------------------------------------------------------------------- memory


def _lean_export(path: Path, records: int) -> None:
    """``records`` records, one in eight heart rate (which the reader keeps), the rest steps
    (about the share of a real export, where steps, energy and distance dominate), with
    only the attributes the reader looks at: under tracemalloc every attribute string the
    parser makes costs time, and the test is about what the reader keeps."""
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE HealthData [\n'
            "<!ELEMENT HealthData (ExportDate,Me,(Record|Workout)*)>\n]>\n"
            '<HealthData locale="en_GB">\n'
        )
        for i in range(records):
            t = i * 30
            stamp = f"2024-{3 + t // 2_592_000:02d}-{1 + t // 86_400 % 30:02d} {t // 3600 % 24:02d}:{t // 60 % 60:02d}:{t % 60:02d} +0100"
            kind, value = ("HeartRate", 55 + i % 60) if i % 8 == 0 else ("StepCount", i % 700)
            out.write(
                f' <Record type="HKQuantityTypeIdentifier{kind}" startDate="{stamp}" '
                f'value="{value}"/>\n'
            )
        out.write("</HealthData>\n")


def _peak_bytes(read: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        read()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_bounded_while_streaming(tmp_path: Path) -> None:
    """The streaming read of 200,000 records peaks far below a whole-tree parse of a tenth
    of them (both measured); ten times the records cost only the heart-rate readings kept
    (8 bytes each, one record in eight here)."""
    big, small = tmp_path / "big.xml", tmp_path / "small.xml"
    _lean_export(big, 200_000)
    _lean_export(small, 20_000)

    tree_of_a_tenth = _peak_bytes(lambda: ET.parse(small))
    streamed = _peak_bytes(lambda: read_apple_health(big))
    streamed_a_tenth = _peak_bytes(lambda: read_apple_health(small))

    assert tree_of_a_tenth > 8 << 20  # the tree: ~600 bytes a record
    assert streamed < 2 << 20
    assert streamed * 10 < tree_of_a_tenth
    assert streamed - streamed_a_tenth < 180_000 * 4  # ~1 byte a record, plus array growth
    # The zip member is decompressed as it is parsed, never held whole.
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.write(small, "apple_health_export/export.xml")
    assert _peak_bytes(lambda: read_apple_health(archive)) < small.stat().st_size / 2
