"""Strong's CSV export: both layouts, set order and types, units (never guessed), time zones,
and bad files refused with the line named."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fitcoach.core.errors import InvalidInput
from fitcoach.ingest.files.errors import UnitNeeded
from fitcoach.ingest.files.model import FileFormatError
from fitcoach.ingest.files.strong import read_strong

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
OLD = (FIXTURES / "strong_old.csv").read_bytes()
NEW = (FIXTURES / "strong_new.csv").read_bytes()
HEADER = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
LB = 0.45359237


def test_classic_layout_sets_in_order_with_warmups_and_types() -> None:
    parsed = read_strong(OLD, weight_unit="kg", distance_unit="km")
    assert parsed.format == "strong"
    assert [w.title for w in parsed.workouts] == ["Push Day", "Legs"]
    push, legs = parsed.workouts
    assert push.started_at == datetime(2024, 1, 5, 18, 3, 12, tzinfo=UTC)
    assert push.duration_s == 3900
    assert legs.duration_s == 2700
    assert push.notes == "Felt strong"
    assert [s.exercise_name for s in push.sets] == [
        "Bench Press (Barbell)",
        "Bench Press (Barbell)",
        "Bench Press (Barbell)",
        "Bench Press (Barbell)",
        "Pull Up (Assisted)",
        "Push Up",
        "Plank",
    ]
    assert [s.is_warmup for s in push.sets] == [True, False, False, False, False, False, False]
    assert [s.weight_kg for s in push.sets] == [20.0, 60.0, 62.5, 40.0, None, 0.0, None]
    assert [s.reps for s in push.sets] == [10, 8, 6, 12, 8, 15, None]
    assert [s.rpe for s in push.sets[:3]] == [None, 8.0, 9.5]
    assert push.sets[2].notes == 'paused, 1 s "long"'
    plank = push.sets[-1]
    assert (plank.duration_s, plank.distance_m) == (60.0, None)


def test_assisted_weight_is_assistance_not_load() -> None:
    push = read_strong(OLD, weight_unit="kg", distance_unit="km").workouts[0]
    assisted = push.sets[4]
    assert assisted.exercise_name == "Pull Up (Assisted)"
    assert (assisted.weight_kg, assisted.assistance_kg) == (None, 20.0)


def test_rest_timers_and_empty_rows_are_not_sets() -> None:
    parsed = read_strong(OLD, weight_unit="kg", distance_unit="km")
    names = [s.exercise_name for w in parsed.workouts for s in w.sets]
    assert "Rest Timer" not in names
    assert "Leg Press" not in names
    assert sum(len(w.sets) for w in parsed.workouts) == 10
    assert "2 rest-timer row(s) left out: they are not sets" in parsed.notes
    assert "1 row(s) with nothing logged left out" in parsed.notes


def test_cardio_row_keeps_distance_and_time_without_reps() -> None:
    legs = read_strong(OLD, weight_unit="kg", distance_unit="km").workouts[1]
    run = legs.sets[-1]
    assert run.exercise_name == "Running"
    assert (run.reps, run.weight_kg, run.distance_m, run.duration_s) == (None, None, 5000.0, 1800.0)
    miles = read_strong(OLD, weight_unit="kg", distance_unit="mi").workouts[1].sets[-1]
    assert miles.distance_m == 5.0 * 1609.344


def test_pounds_convert_exactly() -> None:
    parsed = read_strong(OLD, weight_unit="lb", distance_unit="km")
    push = parsed.workouts[0]
    assert [s.weight_kg for s in push.sets[:4]] == [20 * LB, 60 * LB, 62.5 * LB, 40 * LB]
    assert push.sets[4].assistance_kg == 20 * LB
    assert "weights read as lb, as chosen for this file" in parsed.notes


def test_missing_weight_unit_is_asked_never_guessed() -> None:
    with pytest.raises(UnitNeeded) as caught:
        read_strong(OLD)
    error = caught.value
    assert isinstance(error, FileFormatError)
    assert (error.what, error.choices) == ("weight", ("kg", "lb"))
    assert error.details == {"what": "weight", "choices": ["kg", "lb"]}
    with pytest.raises(UnitNeeded) as distance:
        read_strong(OLD, weight_unit="kg")
    assert (distance.value.what, distance.value.choices) == ("distance", ("km", "mi"))


def test_no_unit_needed_when_nothing_is_weighed() -> None:
    data = (HEADER + '2024-01-05 18:03:12,"BW",30m,"Push Up",1,0.0,15,0,0,"",,\n').encode()
    parsed = read_strong(data)
    assert parsed.workouts[0].sets[0].weight_kg == 0.0


def test_unit_columns_layout_reads_each_rows_unit() -> None:
    parsed = read_strong(NEW)  # no unit needed: every row says its own
    upper, lower = parsed.workouts
    assert upper.title == "Upper A"
    assert upper.notes == "Shoulder fine"
    assert upper.duration_s == 58 * 60
    assert lower.duration_s == 72 * 60
    press = upper.sets[:3]
    assert [s.weight_kg for s in press] == [45 * LB, 95 * LB, 100 * LB]
    assert [s.is_warmup for s in press] == [True, False, False]
    assert [s.rpe for s in press] == [None, 8.5, 9.0]
    chin = upper.sets[3]
    assert (chin.weight_kg, chin.assistance_kg) == (None, 30 * LB)
    row = upper.sets[4]
    assert (row.weight_kg, row.notes) == (32.5, "Each arm")  # a decimal comma
    rowing = upper.sets[5]
    assert (rowing.distance_m, rowing.duration_s, rowing.reps) == (2 * 1609.344, 600.0, None)
    assert lower.sets[0].weight_kg == 140.0


def test_local_times_convert_to_utc_in_the_given_zone() -> None:
    parsed = read_strong(OLD, weight_unit="kg", distance_unit="km", tz="America/New_York")
    assert parsed.workouts[0].started_at == datetime(2024, 1, 5, 23, 3, 12, tzinfo=UTC)
    assert not any("time zone" in n for n in parsed.notes)
    utc = read_strong(OLD, weight_unit="kg", distance_unit="km")
    assert any("no time zone" in n for n in utc.notes)
    summer = read_strong(NEW.replace(b"2022-02-18", b"2022-07-18"), tz="Europe/Madrid")
    assert summer.workouts[1].started_at == datetime(2022, 7, 18, 4, 55, tzinfo=UTC)


def test_twelve_hour_dates() -> None:
    data = (
        HEADER + '2024-05-02 7:05:12\u202fPM,"Eve",45m,"Squat (Barbell)",1,100,5,0,0,"",,\n'
    ).encode()
    workout = read_strong(data, weight_unit="kg").workouts[0]
    assert workout.started_at == datetime(2024, 5, 2, 19, 5, 12, tzinfo=UTC)


def test_sets_of_a_workout_group_by_date_and_name() -> None:
    rows = [
        '2024-01-05 18:00:00,"A",30m,"Squat (Barbell)",1,100,5,0,0,"",,',
        '2024-01-05 18:00:00,"B",30m,"Squat (Barbell)",1,80,5,0,0,"",,',
        '2024-01-05 18:00:00,"A",30m,"Squat (Barbell)",2,105,5,0,0,"",,',
    ]
    parsed = read_strong((HEADER + "\n".join(rows) + "\n").encode(), weight_unit="kg")
    by_title = {w.title: [s.weight_kg for s in w.sets] for w in parsed.workouts}
    assert by_title == {"A": [100.0, 105.0], "B": [80.0]}
    assert len({w.key for w in parsed.workouts}) == 2


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            '2024-01-05 18:00:00,"A",30m,"Squat",1,heavy,5,0,0,"",,',
            "line 3: Weight 'heavy' is not a number; the row is left out",
        ),
        ('2024-01-05 18:00:00,"A",30m,"Squat",X,100,5,0,0,"",,', "line 3: Set Order 'X'"),
        ('2024-01-05 18:00:00,"A",30m,"Squat",1,100,5.5,0,0,"",,', "line 3: Reps '5.5'"),
        ('2024-01-05 18:00:00,"A",30m,"Squat",1,100,5,0,0,"",,12', "line 3: RPE '12'"),
        ('yesterday,"A",30m,"Squat",1,100,5,0,0,"",,', "line 3: Date 'yesterday'"),
    ],
)
def test_a_row_that_cannot_be_read_is_left_out_and_named(row: str, message: str) -> None:
    good = '2024-01-05 18:00:00,"A",30m,"Squat",1,100,5,0,0,"",,'
    after = '2024-01-05 18:00:00,"A",30m,"Squat",3,110,3,0,0,"",,'
    parsed = read_strong(
        (HEADER + good + "\n" + row + "\n" + after + "\n").encode(), weight_unit="kg"
    )
    assert [s.weight_kg for w in parsed.workouts for s in w.sets] == [100.0, 110.0]
    assert len(parsed.rows) == 1
    assert re.match(message, parsed.rows[0])


def test_a_duration_that_cannot_be_read_keeps_the_workout() -> None:
    row = '2024-01-05 19:00:00,"B",half an hour,"Squat",1,100,5,0,0,"",,'
    parsed = read_strong((HEADER + row + "\n").encode(), weight_unit="kg")
    (workout,) = parsed.workouts
    assert workout.duration_s is None
    assert len(workout.sets) == 1
    assert "Duration 'half an hour'" in parsed.rows[0]
    assert "kept without it" in parsed.rows[0]


def test_a_file_of_only_unreadable_rows_fails_naming_the_first() -> None:
    rows = '2024-01-05 18:00:00,"A",30m,"Squat",1,heavy,5,0,0,"",,\n' * 2
    with pytest.raises(FileFormatError, match="line 2: Weight 'heavy' is not a number"):
        read_strong((HEADER + rows).encode(), weight_unit="kg")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ('2024-01-05 18:00:00,"A",30m,"Squat",1,100', "line 3: 6 fields where the header has 12"),
        ('2024-01-05 18:00:00,"A",30m,"Squat,1,100,5,0,0,,,', "line 3"),
    ],
)
def test_rows_of_another_shape_fail_the_file_naming_their_line(row: str, message: str) -> None:
    good = '2024-01-05 18:00:00,"A",30m,"Squat",1,100,5,0,0,"",,'
    with pytest.raises(FileFormatError, match=message) as caught:
        read_strong((HEADER + good + "\n" + row + "\n").encode(), weight_unit="kg")
    assert str(caught.value).startswith("Strong export, line")


def test_truncated_file_is_refused() -> None:
    cut = OLD[: OLD.index(b'"Legs",45m,"Squat') + 12]
    with pytest.raises(FileFormatError, match=r"line 11: .*cut short"):
        read_strong(cut, weight_unit="kg", distance_unit="km")


def test_wrong_header_is_not_strong() -> None:
    hevy = (FIXTURES / "hevy.csv").read_bytes()
    with pytest.raises(FileFormatError, match="line 1: the header lacks 'Date', 'Workout Name'"):
        read_strong(hevy)


def test_unknown_row_unit_and_bad_arguments() -> None:
    bad_unit = NEW.replace(b";100;lbs;", b";100;stone;")
    assert read_strong(bad_unit).rows[0].startswith("line 4: Weight Unit 'stone'")
    with pytest.raises(InvalidInput, match="weight_unit"):
        read_strong(OLD, weight_unit="stone")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="time zone"):
        read_strong(NEW, tz="Mars/Olympus")


def test_not_utf8_is_refused() -> None:
    with pytest.raises(FileFormatError, match="line 2: the file is not UTF-8"):
        read_strong(
            (HEADER + '2024-01-05 18:00:00,"A",30m,"Sq\xfcat",1,100,5,0,0,"",,\n').encode("latin-1")
        )


def test_empty_export_holds_nothing() -> None:
    parsed = read_strong(HEADER.encode())
    assert parsed.empty
