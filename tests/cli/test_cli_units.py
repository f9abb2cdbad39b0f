"""The command line in the athlete's units: for an athlete who chose lb and miles, a number
typed without a unit is lb (or miles) and the tables say lb and miles; ``--json`` keeps kg and
metres, as its field names say."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_cli import migrated, ok, ok_json, wide  # noqa: F401  (migrated: a fixture)


def _imperial_athlete() -> str:
    out = ok_json(
        "athlete", "create", "--name", "Sam", "--email", "sam@example.org",
        "--set", "units=imperial", "--set", "weight_kg=176", "--set", "days_per_week=4",
    )  # fmt: skip
    assert out["profile"]["units"] == "imperial"
    assert out["profile"]["weight_kg"] == 79.8  # 176 lb
    return str(out["id"])


def test_logs_typed_in_lb_and_miles_and_the_tables_say_so(migrated: Path) -> None:  # noqa: F811
    athlete = _imperial_athlete()
    day = ("--day", "2026-11-18")
    ok("log", "workout", "-a", athlete, "-s", "squat 3x5@225 rir2", "-s", "bench press 8@100kg")
    ok("log", "workout", "-a", athlete, "-s", "dumbbell bench press 3x10@50")
    ok("log", "daily", "-a", athlete, *day, "--weight", "180")
    ok("log", "cardio", "-a", athlete, "--activity", "running", "--duration", "27min",
       "--distance", "3.1")  # fmt: skip

    workouts = ok_json("history", "workouts", "-a", athlete)
    loads = [(s["reps"], s["weight_kg"]) for w in workouts for s in w["sets"]]
    assert loads == [(5, 102.06)] * 3 + [(8, 100.0)] + [(10, 22.68)] * 3  # kg, as stored
    assert ok_json("history", "daily", "-a", athlete)[0]["weight_kg"] == 81.6
    assert ok_json("history", "cardio", "-a", athlete)[0]["distance_m"] == 4989.0

    table = wide("history", "workouts", "-a", athlete)
    assert "3×5 @ 225 lb" in table
    assert "8 @ 220.5 lb" in table  # typed in kg, shown in lb
    assert "3×10 @ 50 lb per hand" in table  # a dumbbell in each hand
    assert " kg" not in table
    assert "180 lb" in wide("history", "daily", "-a", athlete)
    assert "3.1 mi" in wide("history", "cardio", "-a", athlete)
    records = wide("records", "-a", athlete, "--exercise", "squat")
    assert "225 lb x 5" in records
    assert "e1RM lb" in records


def test_a_metric_athletes_tables_stay_in_kg(migrated: Path) -> None:  # noqa: F811
    out = ok_json("athlete", "create", "--name", "Kim", "--email", "kim@example.org")
    athlete = str(out["id"])
    ok("log", "workout", "-a", athlete, "-s", "dumbbell bench press 3x10@24")
    table = wide("history", "workouts", "-a", athlete)
    assert "3×10 @ 24 kg per hand" in table
    assert " lb" not in table
