"""``fitcoach measure``: add, show and delete body measurements in the athlete's unit; bad
values fail clearly and store nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from tests.cli.test_cli import (  # noqa: F401  (migrated: a fixture)
    _row_counts,
    fails_clearly,
    migrated,
    ok,
    ok_json,
    runner,
)
from tests.fixtures.internal_strings import internal_strings

from fitcoach.cli import app, measure
from fitcoach.coach.measurements import SITE_KEYS


def wide(*args: str) -> str:
    """The command's output 200 columns wide (the module's console replaced)."""
    wide_console = Console(width=200)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("fitcoach.cli.measure.console", wide_console)
        result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (args, result.stdout, result.stderr, result.exception)
    return result.stdout


def test_the_options_name_every_site() -> None:
    assert measure.SITES == SITE_KEYS


def _athlete(*profile: str) -> str:
    sets = [part for pair in profile for part in ("--set", pair)]
    out = ok_json("athlete", "create", "--name", "Tay", "--email", "tay@example.org", *sets)
    return str(out["id"])


def test_add_and_show_in_cm_with_the_estimate_and_changes(migrated: Path) -> None:  # noqa: F811
    athlete = _athlete("sex=male", "height_cm=180")
    ok("measure", "add", "-a", athlete, "--day", "2026-10-20", "--waist", "90", "--neck", "39")
    out = ok("measure", "add", "-a", athlete, "--day", "2026-11-18", "--waist", "88",
             "--neck", "39", "--upper-arm-left", "35.5", "--notes", "after a deload")  # fmt: skip
    assert "2026-11-18: logged neck, waist, left upper arm" in out.stdout
    again = ok("measure", "add", "-a", athlete, "--day", "2026-11-18", "--waist", "87.5")
    assert "replaced waist" in again.stdout
    table = wide("measure", "show", "-a", athlete, "--to", "2026-11-20")
    assert "waist (cm)" in table
    assert "left upper arm (cm)" in table
    assert "87.5" in table
    assert "35.5" in table
    assert "after a deload" in table
    assert "est. " in table
    assert "± 3.52" in table
    assert "US Navy tape estimate (Hodgdon & Beckett 1984)" in table
    assert "−2.5 cm" in table  # waist since the first reading (and over the last four weeks)
    assert internal_strings(table) == []  # labels, never site keys
    data = ok_json("measure", "show", "-a", athlete)
    assert data["days"][0]["values_cm"] == {"neck": 39.0, "waist": 87.5, "upper_arm_left": 35.5}


def test_an_imperial_athlete_types_and_reads_inches(migrated: Path) -> None:  # noqa: F811
    athlete = _athlete("units=imperial")
    ok("measure", "add", "-a", athlete, "--day", "2026-11-18", "--waist", "33", "--hips", "100cm")
    data = ok_json("measure", "show", "-a", athlete)
    assert data["days"][0]["values_cm"] == {"waist": 83.8, "hips": 100.0}  # stored in cm
    table = wide("measure", "show", "-a", athlete)
    assert "waist (in)" in table
    assert "33" in table
    assert "39.4" in table
    assert " cm" not in table.replace("(cm", "")


def test_bad_values_fail_clearly_and_store_nothing(migrated: Path) -> None:  # noqa: F811
    athlete = _athlete()
    before = _row_counts(migrated)
    line = fails_clearly("measure", "add", "-a", athlete, "--waist", "840")
    assert "waist 840 cm is outside what a tape reads there: 40–200 cm" in line
    line = fails_clearly("measure", "add", "-a", athlete, "--waist", "84", "--body-fat", "90")
    assert "body fat 90 % is outside the plausible range 2–70 %" in line
    assert _row_counts(migrated) == before
    assert "give at least one measurement" in runner.invoke(app, ["measure", "add", "-a", athlete]).stderr  # fmt: skip


def test_delete_a_day_or_one_site(migrated: Path) -> None:  # noqa: F811
    athlete = _athlete()
    ok("measure", "add", "-a", athlete, "--day", "2026-11-18", "--waist", "84", "--hips", "98")
    out = ok("measure", "delete", "-a", athlete, "--day", "2026-11-18", "--site", "waist")
    assert "deleted waist" in out.stdout
    assert ok_json("measure", "show", "-a", athlete)["days"][0]["values_cm"] == {"hips": 98.0}
    assert "deleted hips" in ok("measure", "delete", "-a", athlete, "--day", "2026-11-18").stdout
    assert "no measurements to delete" in ok("measure", "delete", "-a", athlete, "--day", "2026-11-18").stdout  # fmt: skip


def test_help_has_an_example() -> None:
    for command in ("add", "show", "delete"):
        result = runner.invoke(app, ["measure", command, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0
        assert "Example: fitcoach measure " + command in result.stdout
