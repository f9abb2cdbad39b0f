"""``fitcoach consent`` and ``athlete create --consent`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner, Result

from fitcoach.cli import app

runner = CliRunner()


def _run(*args: str) -> Result:
    return runner.invoke(app, list(args))


def _states(who: str) -> dict[str, bool]:
    shown = _run("consent", "show", "-a", who, "--json")
    assert shown.exit_code == 0, shown.output
    return {c["purpose"]: c["granted"] for c in json.loads(shown.output)["consents"]}


def test_create_show_grant_withdraw(cli_db: Path) -> None:
    made = _run("athlete", "create", "--name", "Ana", "--email", "ana@example.org")
    assert made.exit_code == 0, made.output
    assert _states("ana@example.org") == {
        "training_logs": True,
        "sensor_data": True,
        "coach_sharing": True,
        "model_training": False,
    }
    granted = _run("consent", "grant", "-a", "ana@example.org", "--purpose", "model_training")
    assert granted.exit_code == 0, granted.output
    assert "model_training: granted" in granted.output
    withdrawn = _run("consent", "withdraw", "-a", "ana@example.org", "-p", "training_logs")
    assert withdrawn.exit_code == 0, withdrawn.output
    assert _states("ana@example.org")["training_logs"] is False
    assert _states("ana@example.org")["model_training"] is True
    history = _run("consent", "show", "-a", "ana@example.org", "--history")
    assert history.exit_code == 0
    assert "withdrawn" in history.output
    assert "onboarding" in history.output
    refused = _run("log", "daily", "-a", "ana@example.org", "--mood", "4")
    assert refused.exit_code == 2
    assert "fitcoach consent grant" in refused.output
    bad = _run("consent", "grant", "-a", "ana@example.org", "--purpose", "everything")
    assert bad.exit_code == 2
    assert "unknown consent purpose" in bad.output


def test_create_records_only_the_consents_given(cli_db: Path) -> None:
    made = _run(
        "athlete",
        "create",
        "--name",
        "Bo",
        "--email",
        "bo@example.org",
        "--consent",
        "training_logs",
    )
    assert made.exit_code == 0, made.output
    assert _states("bo@example.org") == {
        "training_logs": True,
        "sensor_data": False,
        "coach_sharing": False,
        "model_training": False,
    }


def test_a_board_is_not_connected_for_an_athlete_without_sensor_consent(cli_db: Path) -> None:
    """``fitcoach ingest serial`` refuses before it opens the port or the bus: nothing is
    published, no device or recording stored, and the message says to give consent first."""
    import sqlite3

    made = _run("athlete", "create", "--name", "Cy", "--email", "cy@example.org")
    assert made.exit_code == 0, made.output
    withdrawn = _run("consent", "withdraw", "-a", "cy@example.org", "-p", "sensor_data")
    assert withdrawn.exit_code == 0, withdrawn.output

    refused = _run(
        "ingest", "serial", "/nonexistent/tty", "--athlete", "cy@example.org", "--duration", "0.5"
    )

    assert refused.exit_code == 2, refused.output
    said = " ".join(refused.output.split())
    assert "has not granted consent for sensor_data" in said
    assert "give sensor consent first" in said
    assert "--purpose sensor_data" in said
    with sqlite3.connect(cli_db) as db:
        assert db.execute("SELECT count(*) FROM devices").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM recordings").fetchone() == (0,)
