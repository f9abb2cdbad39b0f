"""Hevy's CSV export: sets in order, set types, units from the column names, assisted
exercises, local times, and bad files refused with the line named."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fitcoach.ingest.files.hevy import read_hevy
from fitcoach.ingest.files.model import FileFormatError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
KG = (FIXTURES / "hevy.csv").read_bytes()
LBS = (FIXTURES / "hevy_lbs.csv").read_bytes()
HEADER, _, _ = KG.decode().partition("\n")
GOOD = '"A","1 Dec 2024, 10:00","1 Dec 2024, 11:00","","Squat (Barbell)",,"",0,"normal",100,5,,,'
LB = 0.45359237


def test_sets_in_order_with_types_rpe_and_notes() -> None:
    parsed = read_hevy(KG)
    assert parsed.format == "hevy"
    push, run = parsed.workouts
    assert (push.title, push.notes, push.duration_s) == ("Push Day", "Good session", 65 * 60)
    assert push.started_at == datetime(2024, 11, 26, 7, 15, tzinfo=UTC)
    assert [s.exercise_name for s in push.sets] == [
        *["Bench Press (Barbell)"] * 4,
        "Pull Up (Assisted)",
        "Triceps Dip",
        "Plank",
    ]
    bench = push.sets[:4]
    assert [s.is_warmup for s in bench] == [True, False, False, False]  # failure, drop: working
    assert [s.weight_kg for s in bench] == [40.0, 80.0, 80.0, 60.0]
    assert [s.reps for s in bench] == [10, 8, 6, 10]
    assert [s.rpe for s in bench] == [None, 8.0, 10.0, None]
    assert [s.notes for s in bench] == ["Elbows tucked", "", "", ""]  # per exercise: once
    dip, plank = push.sets[5], push.sets[6]
    assert (dip.weight_kg, dip.reps) == (None, 12)
    assert (plank.reps, plank.duration_s) == (None, 60.0)
    assert (run.sets[0].distance_m, run.sets[0].duration_s) == (5200.0, 2100.0)


def test_assisted_weight_is_assistance() -> None:
    assisted = read_hevy(KG).workouts[0].sets[4]
    assert (assisted.weight_kg, assisted.assistance_kg) == (None, 25.0)
    lbs_assisted = read_hevy(LBS).workouts[0].sets[2]
    assert lbs_assisted.exercise_name == "Lat Pulldown (Assisted)"
    assert (lbs_assisted.weight_kg, lbs_assisted.assistance_kg) == (None, 50 * LB)


def test_pounds_and_miles_from_the_column_names() -> None:
    legs = read_hevy(LBS).workouts[0]
    assert [s.weight_kg for s in legs.sets[:2]] == [135 * LB, 225 * LB]
    assert legs.sets[1].rpe == 8.5
    assert legs.sets[3].distance_m == 1.5 * 1609.344


def test_local_times_to_utc_across_midnight() -> None:
    parsed = read_hevy(KG, tz="America/New_York")
    run = parsed.workouts[1]
    assert run.started_at == datetime(2024, 11, 29, 4, 30, tzinfo=UTC)
    assert run.duration_s == 35 * 60
    assert not any("time zone" in n for n in parsed.notes)
    assert any("no time zone" in n for n in read_hevy(KG).notes)


def test_workouts_sorted_and_keyed() -> None:
    parsed = read_hevy(KG)
    starts = [w.started_at for w in parsed.workouts]
    assert starts == sorted(starts)
    assert parsed.workouts[0].key == "hevy:26 Nov 2024, 07:15:Push Day"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (GOOD.replace(",100,5,", ",heavy,5,"), "line 3: weight_kg 'heavy' is not a number"),
        (GOOD.replace('"normal"', '"superset"'), "line 3: set_type 'superset'"),
        (GOOD.replace(",0,", ",first,", 1), "line 3: set_index 'first'"),
        (GOOD.replace("1 Dec 2024, 10:00", "tomorrow morning"), "line 3: time 'tomorrow morning'"),
    ],
)
def test_a_row_that_cannot_be_read_is_left_out_and_named(row: str, message: str) -> None:
    parsed = read_hevy(f"{HEADER}\n{GOOD}\n{row}\n{GOOD}\n".encode())
    assert sum(len(w.sets) for w in parsed.workouts) == 2
    (note,) = parsed.rows
    assert note.startswith(message)
    assert note.endswith("the row is left out")


def test_an_end_before_the_start_keeps_the_workout_without_a_duration() -> None:
    row = GOOD.replace("11:00", "09:00").replace('"A"', '"B"')
    parsed = read_hevy(f"{HEADER}\n{row}\n".encode())
    (workout,) = parsed.workouts
    assert workout.duration_s is None
    assert len(workout.sets) == 1
    assert re.match(r"line 2: end_time .* is before start_time", parsed.rows[0])


def test_a_file_of_only_unreadable_rows_fails() -> None:
    row = GOOD.replace(",100,5,", ",heavy,5,")
    with pytest.raises(FileFormatError, match="line 2: weight_kg 'heavy' is not a number"):
        read_hevy(f"{HEADER}\n{row}\n".encode())


def test_a_row_cut_short_fails_the_file() -> None:
    with pytest.raises(FileFormatError, match="line 3: 9 fields where the header has 14") as caught:
        read_hevy(f"{HEADER}\n{GOOD}\n{GOOD.rsplit(',', 5)[0]}\n".encode())
    assert str(caught.value).startswith("Hevy export, line")


def test_wrong_header_is_refused() -> None:
    with pytest.raises(
        FileFormatError, match=r"line 1: the header lacks .*weight_kg \(or weight_lbs\)"
    ):
        read_hevy(HEADER.replace('"weight_kg"', '"weight_stone"').encode())
    strong = (FIXTURES / "strong_old.csv").read_bytes()
    with pytest.raises(FileFormatError, match="not a Hevy workout export"):
        read_hevy(strong)
