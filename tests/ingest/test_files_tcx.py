"""The TCX reader over the real files of ../shared/data/wearable-files/tcx (tcxreader's test
files), checked against figures this test reads from the XML itself, plus small documents for
what the corpus lacks (several activities, a multisport session, zones, damage)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.conftest import shared_data

from fitcoach.ingest.files.model import FileFormatError, ParsedFile
from fitcoach.ingest.files.tcx import read_tcx

NS = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"
CORPUS = ["no_hr.tcx", "sup_activity_1.tcx", "test.tcx"]


@pytest.fixture(scope="module")
def tcx_dir() -> Path:
    return shared_data("wearable-files") / "tcx"


def _outcome(data: bytes) -> ParsedFile | FileFormatError:
    try:
        return read_tcx(data)
    except FileFormatError as exc:
        return exc


def test_the_corpus_list_is_the_folder(tcx_dir: Path) -> None:
    assert sorted(p.name for p in tcx_dir.glob("*.tcx")) == CORPUS


@pytest.mark.parametrize("name", CORPUS)
def test_every_file_parses_or_is_refused_with_a_format_error(tcx_dir: Path, name: str) -> None:
    parsed = _outcome((tcx_dir / name).read_bytes())
    assert isinstance(parsed, ParsedFile), parsed  # every real file here is readable
    assert parsed.format == "tcx"
    assert len(parsed.activities) == 1


def _expected(path: Path) -> dict[str, object]:
    """The figures of the file's only activity, read here with plain ElementTree."""
    root = ET.parse(path).getroot()
    laps = list(root.iter(f"{NS}Lap"))
    rates = [
        float(v.text or "")
        for tp in root.iter(f"{NS}Trackpoint")
        if (v := tp.find(f"{NS}HeartRateBpm/{NS}Value")) is not None and float(v.text or 0) > 0
    ]
    return {
        "laps": len(laps),
        "start": datetime.fromisoformat(laps[0].attrib["StartTime"]),
        "timer": sum(float(lap.findtext(f"{NS}TotalTimeSeconds") or 0) for lap in laps),
        "distance": sum(float(lap.findtext(f"{NS}DistanceMeters") or 0) for lap in laps),
        "calories": sum(float(lap.findtext(f"{NS}Calories") or 0) for lap in laps),
        "rates": rates,
    }


@pytest.mark.parametrize("name", CORPUS)
def test_an_activity_reads_as_its_laps_and_trackpoints(tcx_dir: Path, name: str) -> None:
    (activity,) = read_tcx((tcx_dir / name).read_bytes()).activities
    expected = _expected(tcx_dir / name)
    assert activity.started_at == expected["start"]
    assert activity.started_at.tzinfo is UTC
    assert activity.duration_s == pytest.approx(expected["timer"])
    assert activity.distance_m == pytest.approx(expected["distance"])
    assert activity.calories_kcal == pytest.approx(expected["calories"])
    assert activity.laps == expected["laps"]
    rates = expected["rates"]
    assert isinstance(rates, list)
    assert [s.bpm for s in activity.hr_series] == rates
    if rates:
        assert activity.avg_hr == pytest.approx(sum(rates) / len(rates))
        assert activity.max_hr == max(rates)
    assert activity.key == f"activity-0-{activity.started_at.isoformat()}"


def test_a_run_with_heart_rate(tcx_dir: Path) -> None:
    (run,) = read_tcx((tcx_dir / "test.tcx").read_bytes()).activities
    assert (run.sport, run.laps, len(run.hr_series), run.max_hr) == ("running", 3, 383, 189.0)
    assert run.duration_s == pytest.approx(1992.78)
    assert run.distance_m == pytest.approx(4689.24, abs=0.01)
    assert run.hr_series[0].at == datetime(2012, 12, 26, 21, 29, 53, tzinfo=UTC)


def test_a_tcx_without_heart_rate_gives_an_activity_without_hr(tcx_dir: Path) -> None:
    (run,) = read_tcx((tcx_dir / "no_hr.tcx").read_bytes()).activities
    assert (run.hr_series, run.avg_hr, run.max_hr) == ([], None, None)
    assert run.duration_s == pytest.approx(1992.78)


def test_sport_is_the_files_own_word(tcx_dir: Path) -> None:
    (paddle,) = read_tcx((tcx_dir / "sup_activity_1.tcx").read_bytes()).activities
    assert paddle.sport == "other"
    assert paddle.started_at == datetime(2022, 7, 16, 16, 8, 25, tzinfo=UTC)


# --------------------------------------------------------------------------- written here


def _doc(activities: str, wrapper: str = "Activities") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f"<{wrapper}>{activities}</{wrapper}></TrainingCenterDatabase>"
    ).encode()


def _point(time: str, hr: int | None = None, distance: float | None = None) -> str:
    parts = [f"<Time>{time}</Time>"]
    if distance is not None:
        parts.append(f"<DistanceMeters>{distance}</DistanceMeters>")
    if hr is not None:
        parts.append(f"<HeartRateBpm><Value>{hr}</Value></HeartRateBpm>")
    return f"<Trackpoint>{''.join(parts)}</Trackpoint>"


def _activity(sport: str, start: str, seconds: float, points: str, *, extra: str = "") -> str:
    return (
        f'<Activity Sport="{sport}"><Id>{start}</Id><Lap StartTime="{start}">'
        f"<TotalTimeSeconds>{seconds}</TotalTimeSeconds>{extra}"
        f"<Track>{points}</Track></Lap></Activity>"
    )


def test_several_activities_are_read_apart() -> None:
    ride = _activity(
        "Biking",
        "2026-04-01T06:00:00Z",
        120,
        _point("2026-04-01T06:00:00Z", 100, 0) + _point("2026-04-01T06:02:00Z", 120, 900),
        extra="<DistanceMeters>900</DistanceMeters><Calories>30</Calories>",
    )
    run = _activity(
        "Running",
        "2026-04-01T07:00:00Z",
        60,
        _point("2026-04-01T07:00:00Z", 140) + _point("2026-04-01T07:01:00Z", 160),
    )
    parsed = read_tcx(_doc(ride + run))
    assert [(a.sport, a.duration_s, a.distance_m, a.calories_kcal) for a in parsed.activities] == [
        ("biking", 120.0, 900.0, 30.0),
        ("running", 60.0, None, None),
    ]
    assert [[s.bpm for s in a.hr_series] for a in parsed.activities] == [
        [100.0, 120.0],
        [140.0, 160.0],
    ]
    assert [a.avg_hr for a in parsed.activities] == [110.0, 150.0]
    assert [a.key for a in parsed.activities] == [
        "activity-0-2026-04-01T06:00:00+00:00",
        "activity-1-2026-04-01T07:00:00+00:00",
    ]


def test_a_multisport_session_gives_each_sport() -> None:
    swim = _activity("Other", "2026-05-01T06:00:00Z", 600, _point("2026-05-01T06:00:00Z", 120))
    bike = _activity("Biking", "2026-05-01T06:12:00Z", 1800, _point("2026-05-01T06:12:00Z", 150))
    doc = _doc(
        f"<MultiSportSession><Id>2026-05-01T06:00:00Z</Id><FirstSport>{swim}</FirstSport>"
        f"<NextSport>{bike}</NextSport></MultiSportSession>"
    )
    parsed = read_tcx(doc)
    assert [(a.sport, a.duration_s) for a in parsed.activities] == [
        ("other", 600.0),
        ("biking", 1800.0),
    ]


def test_times_with_an_offset_are_converted_and_zero_bpm_is_no_reading() -> None:
    points = (
        _point("2026-06-01T08:00:00+02:00", 0)
        + _point("2026-06-01T08:00:05.500+02:00", 90)
        + _point("2026-06-01T08:00:10+02:00", 0)
    )
    (activity,) = read_tcx(
        _doc(_activity("Running", "2026-06-01T08:00:00+02:00", 10, points))
    ).activities
    assert activity.started_at == datetime(2026, 6, 1, 6, 0, tzinfo=UTC)
    assert [(s.at, s.bpm) for s in activity.hr_series] == [
        (datetime(2026, 6, 1, 6, 0, 5, 500_000, tzinfo=UTC), 90.0)
    ]


def test_a_lap_without_trackpoints_still_gives_its_activity() -> None:
    # A manual entry: a lap with its time, distance, calories and averages but no track.
    lap = (
        '<Activity Sport="Running"><Id>2026-02-02T18:00:00Z</Id>'
        '<Lap StartTime="2026-02-02T18:00:00Z"><TotalTimeSeconds>1800</TotalTimeSeconds>'
        "<DistanceMeters>5000</DistanceMeters><Calories>350</Calories>"
        "<AverageHeartRateBpm><Value>151</Value></AverageHeartRateBpm>"
        "<MaximumHeartRateBpm><Value>172</Value></MaximumHeartRateBpm></Lap></Activity>"
    )
    (run,) = read_tcx(_doc(lap)).activities
    assert (run.duration_s, run.distance_m, run.calories_kcal) == (1800.0, 5000.0, 350.0)
    assert (run.avg_hr, run.max_hr, run.hr_series) == (151.0, 172.0, [])


def test_an_activity_without_a_time_is_left_out_with_a_note() -> None:
    parsed = read_tcx(_doc('<Activity Sport="Running"><Lap><Track/></Lap></Activity>'))
    assert parsed.empty
    assert any("no start time or no duration" in note for note in parsed.notes)


def test_courses_only_are_named() -> None:
    doc = (
        b'<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/'
        b'TrainingCenterDatabase/v2"><Courses/></TrainingCenterDatabase>'
    )
    parsed = read_tcx(doc)
    assert parsed.empty
    assert any("courses" in note for note in parsed.notes)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "empty"),
        (b"<TrainingCenterDatabase><Activities><Activity", "not well-formed XML"),
        (b'<gpx xmlns="http://www.topografix.com/GPX/1/1"/>', "not a TCX file"),
        (b"\x0e\x10\x00\x00.FIT", "not well-formed XML"),
        (
            _doc(_activity("Running", "2026-01-01T00:00:00Z", 5, _point("yesterday", 100))),
            "cannot be read",
        ),
    ],
    ids=["empty", "cut-short", "gpx", "binary", "bad-time"],
)
def test_what_cannot_be_read_is_refused(data: bytes, says: str) -> None:
    with pytest.raises(FileFormatError, match=says):
        read_tcx(data)


def test_a_real_file_cut_short_is_refused(tcx_dir: Path) -> None:
    data = (tcx_dir / "test.tcx").read_bytes()
    for end in (100, len(data) // 2, len(data) - 30):
        with pytest.raises(FileFormatError, match="line"):
            read_tcx(data[:end])
