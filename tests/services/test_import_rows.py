"""Per-row problems of an app export never fail the file: each row is repaired where its
meaning is clear or left out, and the import report names it in words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.factories import make_athlete

from fitcoach.ingest.files.detect import ReadOptions
from fitcoach.services import imports, training_log
from fitcoach.services.context import ServiceContext

HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n"
)


def _strong(ctx: ServiceContext) -> bytes:
    """A Strong export (classic layout, in lb) with the rows the app really writes wrong."""
    now = ctx.clock.now()
    past = (now - timedelta(days=30)).strftime("%Y-%m-%d 18:03:12")
    later = (now - timedelta(days=28)).strftime("%Y-%m-%d 07:30:00")
    future = (now + timedelta(days=400)).strftime("%Y-%m-%d 09:00:00")
    rows = [
        # A timer left running: 26 h 49 min for four sets.
        f'{past},"Push",26h 49m,"Bench Press (Barbell)",1,145,8,0,0,"",,',
        f'{past},"Push",26h 49m,"Bench Press (Barbell)",2,145,8,0,0,"",,',
        f'{past},"Push",26h 49m,"Bench Press (Barbell)",3,145,0,0,0,"",,',  # no reps
        f'{past},"Push",26h 49m,"Bench Press (Barbell)",4,4500,5,0,0,"",,',  # a typo'd weight
        f'{past},"Push",26h 49m,"Bench Press (Barbell)",5,140,7,0,0,"",,',
        f'{later},"Legs",1h 2m,"Squat (Barbell)",1,225,5,0,0,"",,',
        f'{later},"Legs",1h 2m,"Squat (Barbell)",2,heavy,5,0,0,"",,',  # cannot be read
        f'{future},"Legs",45m,"Squat (Barbell)",1,225,5,0,0,"",,',  # a wrong date
    ]
    return (HEADER + "\n".join(rows) + "\n").encode()


def test_bad_rows_are_repaired_or_left_out_and_named(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    data = _strong(ctx)
    summary = imports.import_files(
        ctx,
        athlete,
        [imports.IncomingFile("strong.csv", data)],
        options=ReadOptions(weight_unit="lb"),
    )
    outcome = summary.files[0]
    assert outcome.status == "imported", outcome.as_dict()
    assert outcome.counts == {"workouts": 2, "sets": 4}
    report = "\n".join(outcome.rows)
    assert "Bench Press (Barbell) set 3: no reps" in report
    assert "Bench Press (Barbell) set 4: a weight of 2,041 kg is beyond any lift" in report
    assert "a duration of 26 h 49 min (a timer left running?); estimated from its 3 sets" in report
    assert "line 8: Weight 'heavy' is not a number; the row is left out" in report
    assert "dated in the future; the workout is left out" in report
    assert "validation error" not in report
    assert "duration_s" not in report
    assert len(outcome.rows) == 5

    by_title = {w["title"]: w for w in training_log.history(ctx, athlete, "workouts")}
    push, legs = by_title["Push"], by_title["Legs"]
    assert push["title"] == "Push"
    assert push["duration_s"] == 3 * 180
    assert push["notes"].startswith("Duration estimated from the sets")
    assert [s["reps"] for s in push["sets"]] == [8, 8, 7]
    assert [s["reps"] for s in legs["sets"]] == [5]
    # The file counts as imported: the same file again stores nothing more.
    again = imports.import_files(
        ctx,
        athlete,
        [imports.IncomingFile("strong.csv", data)],
        options=ReadOptions(weight_unit="lb"),
    )
    assert again.files[0].status == "already imported"


def test_the_report_is_bounded_for_a_file_of_bad_rows(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    day = (ctx.clock.now() - timedelta(days=3)).strftime("%Y-%m-%d 18:00:00")
    good = f'{day},"A",1h,"Squat (Barbell)",1,100,5,0,0,"",,'
    bad = f'{day},"A",1h,"Squat (Barbell)",2,heavy,5,0,0,"",,'
    data = (HEADER + good + "\n" + (bad + "\n") * 250).encode()
    outcome = imports.import_files(
        ctx, athlete, [imports.IncomingFile("s.csv", data)], options=ReadOptions(weight_unit="kg")
    ).files[0]
    assert outcome.status == "imported"
    assert len(outcome.rows) == 200
    assert outcome.rows_more == 50
    assert outcome.as_dict()["rows_more"] == 50


def test_a_workout_the_log_cannot_take_is_left_out_in_words(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    day = datetime(1969, 12, 1, 18, tzinfo=UTC).strftime("%Y-%m-%d %H:%M:%S")
    ok = (ctx.clock.now() - timedelta(days=2)).strftime("%Y-%m-%d 18:00:00")
    data = (
        HEADER
        + f'{day},"Old",1h,"Squat (Barbell)",1,100,5,0,0,"",,\n'
        + f'{ok},"New",1h,"Squat (Barbell)",1,100,5,0,0,"",,\n'
    ).encode()
    outcome = imports.import_files(
        ctx, athlete, [imports.IncomingFile("s.csv", data)], options=ReadOptions(weight_unit="kg")
    ).files[0]
    assert outcome.status == "imported"
    assert outcome.counts["workouts"] == 1
    assert any("dated before 1970; the workout is left out" in r for r in outcome.rows)
