"""Telling the app exports apart from their header row, whatever the file is called."""

from __future__ import annotations

from pathlib import Path

import pytest

from fitcoach.ingest.files.csvkinds import csv_kind

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("strong_old.csv", "strong"),
        ("strong_new.csv", "strong"),
        ("hevy.csv", "hevy"),
        ("hevy_lbs.csv", "hevy"),
        ("fitnotes.csv", "fitnotes"),
        ("whoop/physiological_cycles.csv", "whoop"),
        ("whoop/sleeps.csv", "whoop"),
        ("whoop/workouts.csv", "whoop"),
    ],
)
def test_fixtures_by_header(name: str, kind: str) -> None:
    data = (FIXTURES / name).read_bytes()
    assert csv_kind(data[:4096]) == kind
    assert csv_kind(b"\xef\xbb\xbf" + data[:300]) == kind  # with a byte-order mark


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (
            b"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Weight Unit,Reps,RPE\r\n",
            "strong",
        ),
        (
            b"Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment",
            "fitnotes",
        ),
        (
            b"Date,Exercise,Category,Weight (kg),Weight (lbs),Reps,Distance,Distance Unit,Time,Notes,Kind",
            "fitnotes",
        ),
        (b"date,exercise,sets,reps,weight\n", None),  # someone's spreadsheet
        (b"Date,Workout Name,Exercise Name\n", None),  # not enough of Strong's columns
        (b"\x00\x01\x02PK\x03\x04binary", None),
        (b"", None),
        ("Date,Exercise,Category,Weight (kgs),Reps\n2024-01-05,Café".encode()[:-1], "fitnotes"),
    ],
)
def test_headers(head: bytes, kind: str | None) -> None:
    assert csv_kind(head) == kind
