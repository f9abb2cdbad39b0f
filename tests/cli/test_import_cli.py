"""`fitcoach import FILE... -a` and `fitcoach import-review` on a temporary SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import shared_data
from typer.testing import CliRunner

from fitcoach.cli import app
from fitcoach.core.settings import get_settings

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


@pytest.fixture
def athlete(cli_db: Path) -> str:
    get_settings.cache_clear()
    created = runner.invoke(
        app, ["athlete", "create", "--name", "Ana", "--email", "ana@example.org"]
    )
    assert created.exit_code == 0, created.stdout
    return "ana@example.org"


def _import(*args: str) -> dict[str, object]:
    result = runner.invoke(app, ["import", *args, "--json"])
    assert result.exit_code in (0, 1), result.stdout + str(result.exception)
    out: dict[str, object] = json.loads(result.stdout)
    return out


def test_help_has_examples() -> None:
    for command in ("import", "import-review", "import-take-back"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert f"fitcoach {command} " in result.stdout


def test_device_files_import_and_a_broken_one_is_named(athlete: str) -> None:
    fit = shared_data("wearable-files") / "fit"
    result = runner.invoke(
        app,
        [
            "import",
            str(fit / "garmin-edge-820-bike.fit"),
            str(fit / "activity-filecrc.fit"),
            str(fit / "activity-unexpected-eof.fit"),
            "-a",
            athlete,
        ],
    )
    assert result.exit_code == 1  # a file failed: the shell sees it
    assert "1 cardio session imported; 2 files failed" in result.stdout
    broken = _import(str(fit / "activity-unexpected-eof.fit"), "-a", athlete)
    (outcome,) = broken["files"]  # type: ignore[misc]
    assert outcome["status"] == "failed"
    assert "ends too early" in outcome["message"]
    again = _import(str(fit / "garmin-edge-820-bike.fit"), "-a", athlete)
    assert again["files"][0]["status"] == "already imported"  # type: ignore[index]


def test_without_an_athlete_it_says_whose_history(cli_db: Path) -> None:
    fit = shared_data("wearable-files") / "fit" / "garmin-fenix-5-run.fit"
    result = runner.invoke(app, ["import", str(fit)])
    assert result.exit_code == 2
    assert "--athlete" in result.stderr


def test_held_names_are_reviewed_by_map_and_then_imported(athlete: str, tmp_path: Path) -> None:
    from tests.interfaces.test_api_imports import HEVY  # names the library cannot know

    export = tmp_path / "hevy.csv"
    export.write_bytes(HEVY)
    held = _import(str(export), "-a", athlete, "--no-ask")
    files = held["files"]
    assert files[0]["status"] == "needs review"  # type: ignore[index]
    names = [r["name"] for r in held["review"]]  # type: ignore[attr-defined]
    listed = runner.invoke(app, ["import-review", "-a", athlete, "--list", "--json"])
    assert [r["name"] for r in json.loads(listed.stdout)["review"]] == names
    maps: list[str] = []
    for name in names:
        maps += ["--map", f"{name}=skip"]
    done = runner.invoke(app, ["import-review", "-a", athlete, *maps, "--json"])
    assert done.exit_code == 0, done.stdout
    summary = json.loads(done.stdout)
    assert summary["files"][0]["status"] == "imported"
    assert summary["totals"]["workouts"] >= 1


def test_an_import_is_taken_back_by_its_file_and_imported_again(
    athlete: str, tmp_path: Path
) -> None:
    export = tmp_path / "strong.csv"
    export.write_text(
        "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
        "Distance Unit;Seconds;Notes;Workout Notes;Workout Duration\n"
        '2024-03-04 18:00:00;"Push";"Bench Press (Barbell)";1;145;lbs;8;;;;;"";"";1h\n'
        '2024-03-04 18:00:00;"Push";"Bench Press (Barbell)";2;145;lbs;8;;;;;"";"";1h\n'
    )
    assert _import(str(export), "-a", athlete)["totals"] == {"workouts": 1, "sets": 2}
    back = runner.invoke(app, ["import-take-back", str(export), "-a", athlete])
    assert back.exit_code == 0, back.stdout
    assert "strong.csv: taken back (1 workout, 2 sets); it may be imported again" in back.stdout
    again = runner.invoke(app, ["import-take-back", str(export), "-a", athlete])
    assert again.exit_code == 2
    assert "no such imported file" in again.stdout + again.stderr
    assert _import(str(export), "-a", athlete)["totals"] == {"workouts": 1, "sets": 2}


def test_a_header_cell_over_the_csv_limit_is_a_clear_error(athlete: str, tmp_path: Path) -> None:
    """A Strong export whose header has a cell longer than Python's CSV field limit: the file
    fails in words (exit code 1, as for any failed file), never with a traceback, and the run
    given with it is imported."""
    strong = tmp_path / "strong.csv"
    strong.write_bytes(
        b"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
        b"Workout Notes,RPE," + b"x" * (200 * 1024) + b"\n"
        b'2024-01-05 18:03:12,"Push Day",1h 5m,"Bench Press (Barbell)",1,60.0,8,0,0,"",,8,\n'
    )
    run = shared_data("wearable-files") / "fit" / "garmin-edge-820-bike.fit"
    result = runner.invoke(
        app, ["import", str(strong), str(run), "-a", athlete, "--weight-unit", "kg", "--json"]
    )
    assert result.exit_code == 1, result.stdout + str(result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stdout
    files = {f["name"]: f for f in json.loads(result.stdout)["files"]}
    assert files["strong.csv"]["status"] == "failed"
    assert "a value is longer than 128 KiB" in files["strong.csv"]["message"]
    assert files["garmin-edge-820-bike.fit"]["status"] == "imported"
