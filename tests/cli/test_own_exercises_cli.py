"""`fitcoach exercise add-own / own / edit-own / delete-own` on a temporary SQLite file, and an
import that keeps the names the library lacks as the athlete's own (issue 59)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fitcoach.cli import app
from fitcoach.core.settings import get_settings

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "imports" / "histories"


@pytest.fixture
def athlete(cli_db: Path) -> str:
    get_settings.cache_clear()
    created = runner.invoke(
        app, ["athlete", "create", "--name", "Ana", "--email", "ana@example.org"]
    )
    assert created.exit_code == 0, created.stdout
    return "ana@example.org"


def _json(*args: str) -> object:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.stdout + str(result.exception)
    return json.loads(result.stdout)


def test_help_has_examples() -> None:
    for command in ("add-own", "own", "edit-own", "delete-own"):
        result = runner.invoke(app, ["exercise", command, "--help"])
        assert result.exit_code == 0
        assert f"fitcoach exercise {command} " in result.stdout


def test_add_list_edit_and_delete_an_own_exercise(athlete: str) -> None:
    row = _json("exercise", "add-own", "My Weird Machine Row", "-a", athlete)
    assert isinstance(row, dict)
    assert (row["movement_pattern"], row["equipment"]) == ("horizontal_pull", ["machine"])
    changed = _json(
        "exercise", "edit-own", row["slug"], "-a", athlete, "--pattern", "vertical_pull"
    )
    assert isinstance(changed, dict)
    assert changed["movement_pattern"] == "vertical_pull"
    bad = runner.invoke(app, ["exercise", "edit-own", row["slug"], "-a", athlete, "-e", "spoon"])
    assert bad.exit_code != 0
    assert "equipment 'spoon' is not one of" in bad.output
    listed = _json("exercise", "own", "-a", athlete)
    assert [e["name"] for e in listed] == ["My Weird Machine Row"]  # type: ignore[union-attr]
    gone = runner.invoke(app, ["exercise", "delete-own", row["slug"], "-a", athlete])
    assert gone.exit_code == 0, gone.stdout
    assert _json("exercise", "own", "-a", athlete) == []


def test_an_import_keeps_names_the_library_lacks_as_own(athlete: str) -> None:
    result = runner.invoke(app, ["import", str(SAMPLES / "hevy.csv"), "-a", athlete, "--json"])
    assert result.exit_code == 0, result.stdout
    (outcome,) = json.loads(result.stdout)["files"]
    assert outcome["status"] == "imported"
    assert outcome["counts"]["sets"] == 576
    listed = _json("exercise", "own", "-a", athlete)
    assert {e["name"] for e in listed} == {"Bicep Curl (Machine)", "Zottman Curl (Dumbbell)"}  # type: ignore[union-attr]


def test_import_review_keeps_a_doubtful_name_as_own(athlete: str, tmp_path: Path) -> None:
    header = (SAMPLES / "hevy.csv").read_text().splitlines()[0]
    rows = [
        f'"Pull","3 Nov 2026, 07:15","3 Nov 2026, 08:00","","Rowing (Machine)",,"",{i},"normal",50,10,,,'
        for i in range(3)
    ]
    path = tmp_path / "rows.csv"
    path.write_text(header + "\n" + "\n".join(rows) + "\n")
    held = runner.invoke(app, ["import", str(path), "-a", athlete, "--json"])
    (outcome,) = json.loads(held.stdout)["files"]
    assert outcome["status"] == "needs review"
    assert outcome["review"][0]["own"]["equipment"] == ["machine"]
    done = runner.invoke(
        app, ["import-review", "-a", athlete, "--map", "Rowing (Machine)=own", "--json"]
    )
    assert done.exit_code == 0, done.stdout
    (resumed,) = json.loads(done.stdout)["files"]
    assert resumed["status"] == "imported"
    listed = _json("exercise", "own", "-a", athlete)
    assert [(e["name"], e["sets"]) for e in listed] == [("Rowing (Machine)", 3)]  # type: ignore[union-attr]
