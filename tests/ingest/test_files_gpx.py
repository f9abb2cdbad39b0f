"""The GPX reader over the real files of ../shared/data/wearable-files/gpx (gpxpy's test
files: tracks, routes, BOMs, unicode), checked against figures this test computes from the
XML itself, plus small documents with heart rate in each extension namespace."""

from __future__ import annotations

import itertools
import math
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.conftest import shared_data

from fitcoach.ingest.files.gpx import read_gpx
from fitcoach.ingest.files.model import FileFormatError, ParsedFile

# Every file of the folder and the tracks it has that are recordings (times on most points,
# spanning more than a second).
ACTIVITIES = {
    "Mojstrovka.gpx": 0,  # every point stamped with one invalid 1901 time
    "around-visnjan-with-car.gpx": 1,
    "cerknicko-jezero-no-creator.gpx": 4,
    "cerknicko-jezero-with-elevations-zero.gpx": 4,
    "cerknicko-jezero-without-elevations.gpx": 4,
    "cerknicko-jezero.gpx": 4,
    "cerknicko-without-times.gpx": 0,
    "custom_schema_locations.gpx": 0,
    "default_schema_locations.gpx": 0,
    "first_and_last_elevation.gpx": 1,
    "gpx-with-node-with-comments.gpx": 0,
    "gpx1.0_with_all_fields.gpx": 0,
    "gpx1.1_with_all_fields.gpx": 0,
    "gpx1.1_with_extensions.gpx": 0,
    "gpx1.1_with_extensions_without_namespaces.gpx": 0,
    "gpx_with_garmin_extension.gpx": 0,  # its heart rate is on a waypoint, not a track
    "korita-zbevnica.gpx": 2,
    "route.gpx": 0,
    "track-with-empty-segment.gpx": 1,
    "track-with-extremes.gpx": 0,
    "track-with-less-sec-time.gpx": 0,
    "track-with-small-floats.gpx": 0,
    "track_with_dilution_errors.gpx": 0,
    "track_with_speed.gpx": 1,
    "unicode.gpx": 0,
    "unicode2.gpx": 0,
    "unicode_with_bom.gpx": 0,
    "unicode_with_bom_noencoding.gpx": 0,
}
GPX = "{http://www.topografix.com/GPX/1/1}"
EARTH_RADIUS_M = 6_371_000


@pytest.fixture(scope="module")
def gpx_dir() -> Path:
    return shared_data("wearable-files") / "gpx"


def _outcome(data: bytes) -> ParsedFile | FileFormatError:
    try:
        return read_gpx(data)
    except FileFormatError as exc:
        return exc


def test_the_corpus_list_is_the_folder(gpx_dir: Path) -> None:
    assert sorted(p.name for p in gpx_dir.glob("*.gpx")) == sorted(ACTIVITIES)


@pytest.mark.parametrize(("name", "count"), sorted(ACTIVITIES.items()))
def test_every_file_parses_or_is_refused_with_a_format_error(
    gpx_dir: Path, name: str, count: int
) -> None:
    parsed = _outcome((gpx_dir / name).read_bytes())
    assert isinstance(parsed, ParsedFile), parsed  # every file here is a readable GPX
    assert len(parsed.activities) == count
    assert parsed.activities or parsed.notes  # nothing taken: the notes say why
    for activity in parsed.activities:
        assert activity.started_at.tzinfo is UTC
        assert activity.duration_s >= 1
        assert activity.distance_m is not None
        assert activity.distance_m >= 0
        assert activity.key.startswith("track-")


@pytest.mark.parametrize(
    "name",
    ["unicode.gpx", "unicode2.gpx", "unicode_with_bom.gpx", "unicode_with_bom_noencoding.gpx"],
)
def test_byte_order_marks_and_unicode_are_read(gpx_dir: Path, name: str) -> None:
    data = (gpx_dir / name).read_bytes()
    parsed = read_gpx(data)
    assert parsed.empty  # waypoints and an empty track only
    assert parsed.notes


def _haversine(points: list[tuple[float, float]]) -> float:
    total = 0.0
    for (lat1, lon1), (lat2, lon2) in itertools.pairwise(points):
        p1, p2 = math.radians(lat1), math.radians(lat2)
        dp, dl = p2 - p1, math.radians(lon2 - lon1)
        a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        total += 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))
    return total


def test_tracks_read_as_their_points(gpx_dir: Path) -> None:
    """Start, duration and distance of cerknicko-jezero.gpx's recorded tracks, computed here
    from the XML (GPX 1.0: no namespace prefix on its elements)."""
    root = ET.parse(gpx_dir / "cerknicko-jezero.gpx").getroot()
    ns = root.tag[: root.tag.index("}") + 1]
    expected = []
    for index, track in enumerate(root.iter(f"{ns}trk")):
        points = list(track.iter(f"{ns}trkpt"))
        times = [
            datetime.fromisoformat(t.text or "")
            for p in points
            if (t := p.find(f"{ns}time")) is not None
        ]
        if len(points) > 2 and len(times) / len(points) > 0.75:
            coords = [(float(p.attrib["lat"]), float(p.attrib["lon"])) for p in points]
            expected.append((index, min(times), (max(times) - min(times)).total_seconds(), coords))
    parsed = read_gpx((gpx_dir / "cerknicko-jezero.gpx").read_bytes())
    assert len(parsed.activities) == len(expected) == 4
    for activity, (index, start, seconds, coords) in zip(parsed.activities, expected, strict=True):
        assert activity.key == f"track-{index}-{start.isoformat()}"
        assert activity.started_at == start
        assert activity.duration_s == seconds
        assert activity.distance_m == pytest.approx(_haversine(coords), rel=0.005)
        assert activity.sport == "activity"
        assert activity.hr_series == []
    assert any("4 of 8 tracks" in note for note in parsed.notes)


def test_the_track_type_is_the_sport(gpx_dir: Path) -> None:
    parsed = read_gpx((gpx_dir / "korita-zbevnica.gpx").read_bytes())
    assert [a.sport for a in parsed.activities] == ["activity", "activity"]
    assert [a.started_at for a in parsed.activities] == [
        datetime(2010, 10, 3, 9, 36, 30, tzinfo=UTC),
        datetime(2010, 10, 3, 10, 57, 10, tzinfo=UTC),
    ]


def test_routes_and_tracks_without_times_are_not_activities(gpx_dir: Path) -> None:
    route = read_gpx((gpx_dir / "route.gpx").read_bytes())
    assert route.empty
    assert any("route" in note for note in route.notes)
    untimed = read_gpx((gpx_dir / "cerknicko-without-times.gpx").read_bytes())
    assert untimed.empty
    assert any("8 of 8 tracks have no times" in note for note in untimed.notes)


# --------------------------------------------------------------------------- written here

HEAD = (
    '<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1" '
    'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1" '
    'xmlns:tpx2="http://www.garmin.com/xmlschemas/TrackPointExtension/v2" '
    'xmlns:gpxdata="http://www.cluetrust.com/XML/GPXDATA/1/0">'
)


def _track(points: str, kind: str = "") -> str:
    type_ = f"<type>{kind}</type>" if kind else ""
    return f"<trk><name>Morning Run ✓</name>{type_}<trkseg>{points}</trkseg></trk>"


def _pt(lat: float, time: str, extension: str = "") -> str:
    ext = f"<extensions>{extension}</extensions>" if extension else ""
    return f'<trkpt lat="{lat}" lon="14.5"><time>{time}</time>{ext}</trkpt>'


def test_heart_rate_from_every_extension_namespace() -> None:
    points = (
        _pt(
            46.0,
            "2026-05-01T06:00:00+02:00",
            "<gpxtpx:TrackPointExtension><gpxtpx:hr>120</gpxtpx:hr></gpxtpx:TrackPointExtension>",
        )
        + _pt(
            46.001,
            "2026-05-01T06:00:10+02:00",
            "<tpx2:TrackPointExtension><tpx2:hr>130</tpx2:hr></tpx2:TrackPointExtension>",
        )
        + _pt(46.002, "2026-05-01T06:00:20+02:00", "<gpxdata:hr>140</gpxdata:hr>")
        + _pt(46.003, "2026-05-01T06:00:30+02:00", "<hr>150</hr>")
        + _pt(
            46.004,
            "2026-05-01T06:00:40+02:00",
            "<gpxtpx:TrackPointExtension><gpxtpx:hr>0</gpxtpx:hr></gpxtpx:TrackPointExtension>",
        )
        + _pt(46.005, "2026-05-01T06:00:50+02:00")
    )
    data = '<?xml version="1.0" encoding="UTF-8"?>' + HEAD + _track(points, "Running") + "</gpx>"
    (run,) = read_gpx(data.encode()).activities
    start = datetime(2026, 5, 1, 4, 0, tzinfo=UTC)
    assert (run.sport, run.started_at, run.duration_s) == ("running", start, 50.0)
    assert [(int((s.at - start).total_seconds()), s.bpm) for s in run.hr_series] == [
        (0, 120.0),
        (10, 130.0),
        (20, 140.0),
        (30, 150.0),
    ]
    assert (run.avg_hr, run.max_hr) == (135.0, 150.0)
    assert run.distance_m == pytest.approx(
        _haversine([(46.0 + k / 1000, 14.5) for k in range(6)]), rel=0.005
    )


def test_utf16_with_a_byte_order_mark_and_times_without_a_zone() -> None:
    points = "".join(_pt(45.0 + k / 1000, f"2026-07-01T10:00:0{k}") for k in range(4))
    text = '<?xml version="1.0" encoding="UTF-16"?>' + HEAD + _track(points) + "</gpx>"
    (walk,) = read_gpx(text.encode("utf-16")).activities
    assert walk.started_at == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)  # GPX times are UTC
    assert walk.duration_s == 3.0


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (HEAD.encode() + b"<trk><trkseg><trkpt lat=", "not well-formed XML"),
        (
            b'<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/'
            b'TrainingCenterDatabase/v2"/>',
            "not a GPX file",
        ),
        ("<gpx><wpt lat='1' lon='2'><name>Zürich</name></wpt></gpx>".encode("latin-1"), "UTF-8"),
        (b"\x0e\x10\x00\x00\x00\x00\x00\x00.FIT", "not well-formed XML"),
    ],
    ids=["empty", "blank", "cut-short", "tcx", "latin-1", "binary"],
)
def test_what_cannot_be_read_is_refused(data: bytes, says: str) -> None:
    with pytest.raises(FileFormatError, match=says):
        read_gpx(data)


def test_a_real_file_cut_short_is_refused(gpx_dir: Path) -> None:
    data = (gpx_dir / "korita-zbevnica.gpx").read_bytes()
    for end in (50, len(data) // 3, len(data) - 10):
        with pytest.raises(FileFormatError, match="line"):
            read_gpx(data[:end])
