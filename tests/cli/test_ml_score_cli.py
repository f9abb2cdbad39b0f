"""``fitcoach ml score DAILY.csv``: JSON and table output, bad rows reported and counted."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from fitcoach.cli import app
from fitcoach.core.settings import get_settings

runner = CliRunner()


@pytest.fixture
def sheet(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A two-athlete sheet of 40 days, one athlete on a 0-10 fatigue column, with bad rows."""
    monkeypatch.setenv("FITCOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "220")
    get_settings.cache_clear()
    rng = np.random.default_rng(1)
    lines = ["athlete,date,srpe,minutes,sleep_h,resting_hr,fatigue_10,mood,soreness"]
    for athlete in ("ana", "ben"):
        for d in range(40):
            day = f"2026-02-{1 + d:02d}" if d < 28 else f"2026-03-{d - 27:02d}"
            lines.append(
                f"{athlete},{day},{rng.integers(3, 9)},{rng.integers(30, 90)},"
                f"{rng.normal(7.4, 0.5):.1f},{rng.integers(48, 60)},{rng.integers(0, 11)},"
                f"{rng.integers(1, 6)},{rng.integers(1, 6)}"
            )
    lines.append("ana,2026-03-13,6,60,420,50,5,4,4")  # sleep in minutes
    lines.append("ben,13/03/2026,6,60,7.5,50,5,4,4")  # not YYYY-MM-DD
    path = tmp_path / "daily.csv"
    path.write_text("\n".join(lines) + "\n")
    yield path
    get_settings.cache_clear()


def test_json_answers_every_athlete_day_and_lists_the_bad_rows(sheet: Path) -> None:
    done = runner.invoke(app, ["ml", "score", str(sheet), "--json"])
    assert done.exit_code == 0, done.output
    found = json.loads(done.output)
    summary = found["summary"]
    assert (summary["rows_read"], summary["rows_used"], summary["rows_rejected"]) == (82, 80, 2)
    assert summary["athletes"] == 2
    assert [p["row"] for p in found["problems"]] == [82, 83]
    assert "minutes?" in found["problems"][0]["messages"][0]
    assert len(found["days"]) == 80
    last = found["days"][39]
    assert (last["athlete"], last["date"]) == ("ana", "2026-03-12")
    assert last["acwr"] is not None
    assert last["monotony"] is not None
    assert last["readiness"]["status"] in {"ok", "calibrating", "no_data"}
    assert last["risk"]["shown"] in {"load_rule", "model"}
    assert "level" not in json.dumps(last["risk"])  # described, never a risk level
    assert last["risk"]["reasons"]
    if summary["model_status"] != "validated":
        assert last["risk"]["shown"] == "load_rule"


def test_the_table_shows_the_last_days_the_counts_and_the_problems(sheet: Path) -> None:
    done = runner.invoke(app, ["ml", "score", str(sheet), "--last", "2"])
    assert done.exit_code == 0, done.output
    assert "82 rows read, 80 used, 2 rejected" in done.output
    assert "Rows with problems" in done.output
    # rich may wrap the problems' column (a test worker's terminal is 80 columns): read the
    # table's text with its borders and line breaks taken out.
    flat = " ".join(re.sub(r"[│┃|]", " ", done.output).split())
    assert "not a date as YYYY-MM-DD" in flat
    assert done.output.count("2026-03-12") == 2  # each athlete's last day
    # The load is described, with no risk level (the load rule's level is at chance on real
    # squads): no column or line calls a day's load a low, moderate or high risk.
    assert "notes" in flat  # the column's header (rich may wrap it)
    assert "no risk level is shown" in flat
    assert not re.search(r"\b(low|moderate|high) · load rule\b", flat)
    assert "Risk:" not in flat
    assert "2026-03-10" not in done.output


def test_bad_input_fails_with_what_to_do(tmp_path: Path) -> None:
    headless = tmp_path / "bad.csv"
    headless.write_text("name,day\nana,2026-03-02\n")
    done = runner.invoke(app, ["ml", "score", str(headless)])
    assert done.exit_code == 2
    assert "needs the columns athlete and date" in done.output
    fine = tmp_path / "fine.csv"
    fine.write_text("athlete,date,load,fatigue\nana,2026-03-02,300,4\n")
    done = runner.invoke(app, ["ml", "score", str(fine), "--scale", "12"])
    assert done.exit_code == 2
    assert "the scale '12' is not one fitcoach reads" in done.output
    done = runner.invoke(app, ["ml", "score", str(fine), "--missing-load", "zero"])
    assert done.exit_code == 2
    assert "'gap' or 'rest'" in done.output
