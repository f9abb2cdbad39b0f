"""FitNotes' CSV export: one workout per date, units, cardio rows, and exercise names with
unquoted commas recovered (or refused, naming the line, when they cannot be)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fitcoach.ingest.files.fitnotes import read_fitnotes
from fitcoach.ingest.files.model import FileFormatError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
DATA = (FIXTURES / "fitnotes.csv").read_bytes()
HEADER = "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time,Comment\n"
GOOD = "2024-01-05,Deadlift,Back,140.0,3,,,,\n"
LB = 0.45359237


def test_one_workout_per_date_sets_in_order() -> None:
    parsed = read_fitnotes(DATA)
    assert parsed.format == "fitnotes"
    first, second = parsed.workouts
    assert first.started_at == datetime(2024, 1, 5, tzinfo=UTC)
    assert first.key == "fitnotes:2024-01-05"
    assert [s.exercise_name for s in first.sets] == [
        "Flat Barbell Bench Press",
        "Flat Barbell Bench Press",
        "Curl, Hammer",
        "Sled Push",
    ]
    assert [s.weight_kg for s in first.sets] == [60.0, 60.0, 20.0, 80.0]
    assert [s.reps for s in first.sets] == [8, 7, 10, None]
    assert first.sets[1].notes == "Last rep slow"
    assert first.sets[3].distance_m == 20.0
    assert [s.exercise_name for s in second.sets] == [
        "Treadmill",
        "Pull Up",
        "Row, Cable, Seated",
        "Yoke Walk, Loaded",
    ]


def test_unquoted_commas_in_names_and_comments_are_recovered() -> None:
    second = read_fitnotes(DATA).workouts[1]
    row = second.sets[2]
    assert (row.exercise_name, row.weight_kg, row.reps, row.notes) == (
        "Row, Cable, Seated",
        55.0,
        12,
        "good, slow",
    )
    yoke = second.sets[3]  # its category is a custom one, known from another row
    assert (yoke.exercise_name, yoke.weight_kg, yoke.distance_m) == (
        "Yoke Walk, Loaded",
        120.0,
        30.0,
    )


def test_cardio_and_bodyweight_rows() -> None:
    second = read_fitnotes(DATA).workouts[1]
    treadmill, pull_up = second.sets[0], second.sets[1]
    assert (treadmill.distance_m, treadmill.duration_s, treadmill.reps, treadmill.weight_kg) == (
        5000.0,
        1800.0,
        None,
        None,
    )
    assert (pull_up.weight_kg, pull_up.reps) == (0.0, 10)


def test_pounds_column_and_per_row_unit_layouts() -> None:
    lbs = (HEADER.replace("(kgs)", "(lbs)") + "2024-01-05,Deadlift,Back,315.0,3,,,,\n").encode()
    assert read_fitnotes(lbs).workouts[0].sets[0].weight_kg == 315 * LB
    per_row = (
        b"Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment\n"
        b"2024-01-05,Deadlift,Back,315.0,lbs,3,,,,\n"
        b"2024-01-05,Squat,Legs,100.0,kgs,5,,,,\n"
        b"2024-01-05,Run,Cardio,,,,3.1,mi,0:25:00,\n"
    )
    sets = read_fitnotes(per_row).workouts[0].sets
    assert [s.weight_kg for s in sets] == [315 * LB, 100.0, None]
    assert sets[2].distance_m == 3.1 * 1609.344


def test_dates_start_at_local_midnight() -> None:
    parsed = read_fitnotes(DATA, tz="Australia/Sydney")
    assert parsed.workouts[0].started_at == datetime(2024, 1, 4, 13, tzinfo=UTC)
    assert any("00:00 local time" in n for n in parsed.notes)


def test_unrecoverable_name_is_left_out_naming_the_line() -> None:
    data = (HEADER + GOOD + "2024-01-05,Curl, Hammer,Forearmz,20.0,10,,,,\n").encode()
    parsed = read_fitnotes(data)
    assert sum(len(w.sets) for w in parsed.workouts) == GOOD.count("\n")
    assert re.match(r"line 3: 10 fields .* unquoted commas and no reading", parsed.rows[0])


def test_ambiguous_name_is_left_out() -> None:
    # A custom category that looks like a number lets two readings of the row fit.
    data = (
        HEADER + "2024-01-05,Press,5,20.0,10,,,,\n" + "2024-01-05,Press, Back,5,,,,,,\n"
    ).encode()
    parsed = read_fitnotes(data)
    assert [s.weight_kg for w in parsed.workouts for s in w.sets] == [20.0]
    assert re.match(r"line 3: .* more than one reading fits", parsed.rows[0])


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("2024-01-05,Squat,Legs,heavy,5,,,,", "line 3: Weight \\(kgs\\) 'heavy' is not a number"),
        ("05/01/2024,Squat,Legs,100.0,5,,,,", "line 3: Date '05/01/2024'"),
        ("2024-01-05,Run,Cardio,,,5.0,,,", "line 3: a Distance without a Distance Unit"),
        ("2024-01-05,Run,Cardio,,,5.0,km,half an hour,", "line 3: Time 'half an hour'"),
    ],
)
def test_a_row_that_cannot_be_read_is_left_out_and_named(row: str, message: str) -> None:
    parsed = read_fitnotes((HEADER + GOOD + row + "\n").encode())
    assert sum(len(w.sets) for w in parsed.workouts) == GOOD.count("\n")
    (note,) = parsed.rows
    assert re.match(message, note)
    assert note.endswith("the row is left out")


def test_a_row_cut_short_or_only_bad_rows_fail_the_file() -> None:
    with pytest.raises(FileFormatError, match="line 3: 4 fields where the header has 9"):
        read_fitnotes((HEADER + GOOD + "2024-01-05,Squat,Legs,100.0\n").encode())
    with pytest.raises(FileFormatError, match="line 2: Weight \\(kgs\\) 'heavy'"):
        read_fitnotes((HEADER + "2024-01-05,Squat,Legs,heavy,5,,,,\n").encode())


def test_wrong_header_is_refused() -> None:
    with pytest.raises(FileFormatError, match="line 1: the header lacks 'Category'"):
        read_fitnotes(b"Date,Exercise,Weight (kgs),Reps\n2024-01-05,Squat,100,5\n")
