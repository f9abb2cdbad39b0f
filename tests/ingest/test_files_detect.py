"""Formats told from content: real device files, app samples, renamed files, zips, junk."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from tests.conftest import shared_data

from fitcoach.ingest.files.detect import FITCOACH, detect
from fitcoach.ingest.files.model import FileFormatError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


@pytest.mark.parametrize("folder", ["fit", "tcx", "gpx"])
def test_every_real_device_file_is_told_by_content(folder: str) -> None:
    root = shared_data("wearable-files") / folder
    paths = [p for p in sorted(root.iterdir()) if p.suffix.lower() == f".{folder}"]
    assert paths
    for path in paths:
        assert detect(path, path.name) == folder, path.name
        # Renamed, it is still what it is: the name is not asked.
        assert detect(path.read_bytes(), "history.csv") == folder, path.name


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("strong_old.csv", "strong"),
        ("strong_new.csv", "strong"),
        ("hevy.csv", "hevy"),
        ("hevy_lbs.csv", "hevy"),
        ("fitnotes.csv", "fitnotes"),
        ("apple_health_export.xml", "apple_health"),
    ],
)
def test_app_exports_are_told_by_their_header(name: str, fmt: str) -> None:
    assert detect((FIXTURES / name).read_bytes(), "export.txt") == fmt


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return buffer.getvalue()


def test_zips_are_told_by_their_members() -> None:
    health = (FIXTURES / "apple_health_export.xml").read_bytes()
    cycles = (FIXTURES / "whoop" / "physiological_cycles.csv").read_bytes()
    assert detect(_zip({"apple_health_export/export.xml": health})) == "apple_health"
    assert detect(_zip({"my_whoop_data/physiological_cycles.csv": cycles})) == "whoop"
    assert detect(_zip({"manifest.json": b"{}"})) == FITCOACH
    assert detect(_zip({"strong.csv": (FIXTURES / "strong_new.csv").read_bytes()})) == "strong"
    with pytest.raises(FileFormatError, match="holds none of the exports"):
        detect(_zip({"photo.jpg": b"\xff\xd8"}))


def test_what_it_cannot_tell_it_says_and_lists_what_it_reads() -> None:
    with pytest.raises(FileFormatError, match=r"cannot tell what this file is.*Strong CSV"):
        detect(b"just words\nand more words\n", "notes.txt")
    with pytest.raises(FileFormatError, match="not TCX, GPX or an Apple Health export"):
        detect(b'<?xml version="1.0"?><kml></kml>', "track.kml")
    with pytest.raises(FileFormatError, match=r"named \.fit but has no FIT header"):
        detect(b"\x00" * 40, "ride.fit")
    with pytest.raises(FileFormatError, match="zip archive is damaged"):
        detect(b"PK\x03\x04" + b"\x00" * 30, "export.zip")
