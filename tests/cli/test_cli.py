"""The command line on a temporary SQLite file: happy paths, clear errors, examples in help."""

from __future__ import annotations

import json
import re
import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import typer
from rich.console import Console
from sqlalchemy.orm import Session
from tests.fixtures.tables import row_counts
from typer.testing import CliRunner, Result

from fitcoach.cli import app
from fitcoach.core.clock import FixedClock
from fitcoach.core.settings import get_settings
from fitcoach.services.context import ServiceContext
from fitcoach.storage import migrate
from fitcoach.storage.db import make_engine

runner = CliRunner()


def _use_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env from the repository
    monkeypatch.setenv("FITCOACH_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("FITCOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "80")
    get_settings.cache_clear()


@pytest.fixture
def migrated(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sqlite_template: Path
) -> Iterator[Path]:
    """A migrated SQLite file with the exercise library, as `fitcoach db upgrade` leaves it."""
    db = tmp_path / "cli.sqlite3"
    shutil.copyfile(sqlite_template, db)
    _use_database(monkeypatch, tmp_path, db)
    yield db
    get_settings.cache_clear()


def run(*args: str) -> Result:
    return runner.invoke(app, list(args))


def ok(*args: str) -> Result:
    result = run(*args)
    assert result.exit_code == 0, (args, result.stdout, result.stderr, result.exception)
    return result


def wide(*args: str) -> str:
    """A command's table printed 200 columns wide, so that no cell wraps (Rich reads
    $COLUMNS once, when the console is made: a console of that width stands in)."""
    wide_console = Console(width=200)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("fitcoach.cli.common.console", wide_console)
        mp.setattr("fitcoach.cli.history.console", wide_console)
        result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (args, result.stdout, result.stderr, result.exception)
    return result.stdout


def ok_json(*args: str) -> Any:
    return json.loads(ok(*args, "--json").stdout)


def fails_clearly(*args: str, log_lines: bool = False) -> str:
    """Run a command that must fail: exit code 2 and one line on stderr, no traceback.

    ``log_lines``: Alembic's log lines may come before the error line (db commands).
    """
    result = run(*args)
    assert result.exit_code == 2, (args, result.stdout, result.stderr, result.exception)
    assert isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    if log_lines:
        lines = lines[-1:]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.output
    return lines[0]


def _row_counts(db: Path) -> dict[str, int]:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with Session(engine) as session:
            return row_counts(session)
    finally:
        engine.dispose()


def _athlete() -> int:
    out = ok_json(
        "athlete", "create", "--name", "Ana", "--email", "ana@example.org",
        "--set", "weight_kg=154 lb", "--set", "height_cm=65 in", "--set", "days_per_week=4",
    )  # fmt: skip
    return int(out["id"])


def test_db_upgrade_creates_the_schema_and_loads_the_library(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    db = tmp_path / "new" / "fresh.sqlite3"
    _use_database(monkeypatch, tmp_path, db)
    try:
        first = ok("db", "upgrade")
        head = migrate.current_revision(f"sqlite:///{db}")
        assert head is not None
        assert f"revision {head}" in first.stdout
        added = int(first.stdout.split("exercise library: ")[1].split(" added")[0])
        assert added > 0
        assert "0 added, 0 updated" in ok("db", "upgrade").stdout
        assert ok("db", "current").stdout.strip() == head
        assert "agree" in ok("db", "check").stdout
    finally:
        get_settings.cache_clear()


def test_log_defaults_come_from_the_context_clock(
    migrated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --at / --day a record is stamped by the unit of work's clock (here fixed), in
    the machine's zone: the command never reads the wall clock itself."""
    import fitcoach.cli.log as log_cli

    at = datetime(2030, 3, 4, 10, 0, tzinfo=UTC)  # 2030-03-04 in every zone from −10 to +13 h
    opened = log_cli.service_context

    @contextmanager
    def fixed() -> Iterator[ServiceContext]:
        with opened() as ctx:
            ctx.clock = FixedClock(at)
            yield ctx

    monkeypatch.setattr(log_cli, "service_context", fixed)
    athlete = str(_athlete())
    ok("log", "workout", "-a", athlete, "-s", "squat 5@60kg")
    ok("log", "daily", "-a", athlete, "--weight", "70")
    [session] = ok_json("history", "workouts", "-a", athlete)
    assert datetime.fromisoformat(session["started_at"]) == at
    assert [d["day"] for d in ok_json("history", "daily", "-a", athlete)] == ["2030-03-04"]


def test_log_daily_says_what_it_changed(migrated: Path) -> None:
    athlete = str(_athlete())
    day = ("--day", "2026-11-18")
    assert "logged daily" in ok("log", "daily", "-a", athlete, *day, "--weight", "72.4").stdout
    again = ok("log", "daily", "-a", athlete, *day, "--weight", "73", "--mood", "4").stdout
    assert "nothing changed" not in again
    assert "updated daily" in again
    assert "mood, weight_kg" in again
    same = ok("log", "daily", "-a", athlete, *day, "--weight", "73").stdout
    assert "nothing changed" in same
    as_json = ok_json("log", "daily", "-a", athlete, *day, "--resting-hr", "52")
    assert (as_json["created"], as_json["changed"]) == (False, True)
    days = ok_json("history", "daily", "-a", athlete)
    assert [(d["weight_kg"], d["mood"], d["resting_hr"]) for d in days] == [(73.0, 4, 52)]


def test_create_log_and_read_back(migrated: Path) -> None:
    athlete = _athlete()
    shown = ok_json("athlete", "show", "-a", "ana@example.org")
    assert shown["id"] == athlete
    assert shown["profile"]["weight_kg"] == 69.9  # 154 lb, to 0.1 kg
    assert shown["profile"]["height_cm"] == pytest.approx(165.1)

    logged = ok_json("log", "workout", "-a", str(athlete), "-s", "squat 3x5@100kg rir2")
    assert logged["created"] is True
    ok("log", "workout", "-a", str(athlete), "-s", "bench press 8@135lb", "--rpe", "7")
    daily = ok_json("log", "daily", "-a", str(athlete), "--weight", "160lb", "--sleep", "7.5")
    assert daily["kind"] == "daily"

    workouts = ok_json("history", "workouts", "-a", str(athlete))
    assert len(workouts) == 2
    squat = workouts[0]["sets"]
    assert [(s["reps"], s["weight_kg"], s["rir"]) for s in squat] == [(5, 100.0, 2.0)] * 3
    assert len({s["exercise"] for s in squat}) == 1
    assert "squat" in squat[0]["exercise"]
    bench = workouts[1]
    assert bench["session_rpe"] == 7
    assert bench["sets"][0]["weight_kg"] == 61.23  # 135 lb, to 0.01 kg

    days = ok_json("history", "daily", "-a", str(athlete))
    assert len(days) == 1
    assert days[0]["weight_kg"] == 72.6  # 160 lb, to 0.1 kg
    assert days[0]["sleep_s"] == 27000

    records = ok_json("records", "-a", str(athlete))
    by_exercise = {r["exercise"]: r for r in records}
    assert by_exercise[squat[0]["exercise"]]["best_e1rm_kg"] == pytest.approx(100 * (1 + 7 / 30))
    assert by_exercise[squat[0]["exercise"]]["heaviest_kg"] == 100
    # The table shows the heaviest weight with its reps, never reps x weight (500).
    table = ok("records", "-a", str(athlete), "--exercise", "squat").stdout
    assert "100 kg x 5" in table
    assert "500" not in table
    only = ok_json("records", "-a", str(athlete), "--exercise", "squat")
    assert [r["exercise"] for r in only] == [squat[0]["exercise"]]

    # The table a person reads: names, sets collapsed, newest last; wide so no cell wraps.
    table = wide("history", "workouts", "-a", str(athlete))
    assert squat[0]["exercise_name"] in table
    assert squat[0]["exercise"] not in table  # the name, not the slug
    assert "3×5 @ 100 kg" in table
    assert "8 @ 61.23 kg" in table
    assert "RPE 7" in table
    assert "started_at" not in table
    latest = wide("history", "workouts", "-a", str(athlete), "--limit", "1")
    assert "8 @ 61.23 kg" in latest  # the newest workout ...
    assert "3×5 @ 100 kg" not in latest  # ... not the oldest
    assert "the latest 1" in latest


def test_other_record_kinds_from_the_command_line(migrated: Path) -> None:
    athlete = str(_athlete())
    ok("log", "cardio", "-a", athlete, "--activity", "running", "--duration", "45:30",
       "--distance", "10km", "--avg-hr", "150", "--max-hr", "171")  # fmt: skip
    ok("log", "sleep", "-a", athlete, "--start", "2026-11-19T23:10+01:00",
       "--end", "2026-11-20T06:50+01:00", "--deep", "80min", "--rem", "1.5h")  # fmt: skip
    ok("log", "meal", "-a", athlete, "--description", "oats", "--calories", "520")
    ok("log", "feedback", "-a", athlete, "--energy", "6", "--mood", "7")
    cardio = ok_json("history", "cardio", "-a", athlete)
    assert [(c["duration_s"], c["distance_m"]) for c in cardio] == [(2730.0, 10000.0)]
    # The night of the 19th to the 20th is the 20th's sleep (the day it ended).
    sleep = ok_json("history", "sleep", "-a", athlete, "--from", "2026-11-20", "--to", "2026-11-20")
    assert sleep[0]["stages_s"] == {"deep": 4800.0, "rem": 5400.0}
    assert (
        ok_json("history", "sleep", "-a", athlete, "--from", "2026-11-19", "--to", "2026-11-19")
        == []
    )
    assert len(ok_json("history", "meals", "-a", athlete)) == 1
    assert len(ok_json("history", "feedback", "-a", athlete)) == 1
    # The tables: units, rounded numbers, local times in one format (the athlete is on UTC).
    cardio_table = wide("history", "cardio", "-a", athlete)
    assert "46 min" in cardio_table  # 45:30
    assert "10 km" in cardio_table
    assert "150 / 171" in cardio_table
    sleep_table = wide("history", "sleep", "-a", athlete)
    assert "Thu 19 Nov 2026 22:10" in sleep_table  # 23:10+01:00 on the athlete's UTC clock
    assert "7.7 h" in sleep_table
    assert "deep 1.3 h, REM 1.5 h" in sleep_table
    assert "oats" in wide("history", "meals", "-a", athlete)


def test_history_shows_what_was_typed_not_markup(migrated: Path) -> None:
    athlete = str(_athlete())
    ok("log", "meal", "-a", athlete, "--description", "[bold]oats[/bold]", "--calories", "520")
    assert "[bold]oats[/bold]" in wide("history", "meals", "-a", athlete)


def test_history_pages_only_when_asked_or_taller_than_a_terminal(
    migrated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    athlete = str(_athlete())
    ok("log", "meal", "-a", athlete, "--description", "oats", "--calories", "520")
    paged: list[str] = []
    monkeypatch.setattr("pydoc.pager", paged.append)  # what rich's pager calls
    assert "oats" in wide("history", "meals", "-a", athlete)  # not a terminal: printed
    assert paged == []
    assert "oats" not in wide("history", "meals", "-a", athlete, "--pager")
    assert len(paged) == 1
    assert "oats" in paged[0]


def test_history_picks_the_workouts_with_an_exercise(migrated: Path) -> None:
    athlete = str(_athlete())
    ok("log", "workout", "-a", athlete, "-s", "squat 3x5@100kg", "--title", "legs",
       "--at", "2026-11-10T08:00Z")  # fmt: skip
    ok("log", "workout", "-a", athlete, "-s", "bench press 3x8@60kg", "--title", "push",
       "--at", "2026-11-11T08:00Z")  # fmt: skip
    ok("log", "workout", "-a", athlete, "-s", "back squat 5@110kg", "-s", "bench press 5@70kg",
       "--title", "both", "--at", "2026-11-12T08:00Z")  # fmt: skip
    picked = ok_json("history", "workouts", "-a", athlete, "--exercise", "squat")
    assert [w["title"] for w in picked] == ["legs", "both"]  # oldest first, as without it
    assert {s["exercise"] for s in picked[1]["sets"]} == {
        "barbell-back-squat",
        "barbell-bench-press",
    }
    table = wide("history", "workouts", "-a", athlete, "--exercise", "bench press")
    assert "push" in table
    assert "both" in table
    assert "legs" not in table
    assert "70 kg" in table  # the sets, as the unfiltered history shows them
    assert "--exercise picks workouts" in fails_clearly(
        "history", "meals", "-a", athlete, "--exercise", "squat"
    )
    assert "unknown exercise" in fails_clearly(
        "history", "workouts", "-a", athlete, "--exercise", "moon press"
    )


def test_undo_says_what_it_takes_back_and_asks_first(migrated: Path) -> None:
    athlete = str(_athlete())
    ok("log", "workout", "-a", athlete, "-s", "squat 3x5@100kg", "--title", "legs")
    ok("log", "meal", "-a", athlete, "--description", "oats", "--calories", "520")
    refused = runner.invoke(app, ["log", "undo", "-a", athlete], input="n\n")
    assert refused.exit_code == 1
    assert "Undo the meal “oats”?" in refused.stdout
    assert "nothing undone" in refused.stdout
    assert len(ok_json("history", "meals", "-a", athlete)) == 1
    taken = runner.invoke(app, ["log", "undo", "-a", athlete], input="y\n")
    assert taken.exit_code == 0, taken.output
    assert "undone: meal “oats”" in taken.stdout
    assert ok_json("history", "meals", "-a", athlete) == []
    # The one before is next; its personal records go with it.
    assert ok_json("records", "-a", athlete)
    assert ok_json("log", "undo", "-a", athlete, "--yes")["what"] == "workout “legs” (3 sets)"
    assert ok_json("history", "workouts", "-a", athlete) == []
    assert ok_json("records", "-a", athlete) == []
    assert "nothing you logged in the last 30 minutes" in fails_clearly(
        "log", "undo", "-a", athlete, "--yes"
    )


def test_delete_asks_then_removes_one_entry_and_its_records(migrated: Path) -> None:
    athlete = str(_athlete())
    ok("log", "workout", "-a", athlete, "-s", "squat 3x5@100kg", "--at", "2026-11-10T08:00Z")
    ok("log", "workout", "-a", athlete, "-s", "squat 3x5@120kg", "--at", "2026-11-11T08:00Z")
    heavy = ok_json("history", "workouts", "-a", athlete)[-1]
    [record] = ok_json("records", "-a", athlete)
    assert record["heaviest_kg"] == 120
    kept = runner.invoke(app, ["log", "delete", "workouts", str(heavy["id"]), "-a", athlete],
                         input="\n")  # fmt: skip
    assert kept.exit_code == 1  # the default is no
    assert "nothing deleted" in kept.stdout
    assert len(ok_json("history", "workouts", "-a", athlete)) == 2
    gone = ok("log", "delete", "workouts", str(heavy["id"]), "-a", athlete, "--yes")
    assert f"deleted workouts {heavy['id']} with its 3 sets" in gone.stdout
    assert [w["id"] for w in ok_json("history", "workouts", "-a", athlete)] != [heavy["id"]]
    [record] = ok_json("records", "-a", athlete)
    assert record["heaviest_kg"] == 100  # worked out again without the deleted sets
    gone_twice = fails_clearly(
        "log", "delete", "workouts", str(heavy["id"]), "-a", athlete, "--yes"
    )
    assert f"no workouts entry {heavy['id']}" in gone_twice
    assert "cannot delete 'naps'" in fails_clearly(
        "log", "delete", "naps", "1", "-a", athlete, "--yes"
    )


ERRORS = [
    (["log", "workout", "-s", "squat 3x5@eighty"], ["'eighty'"]),
    (["log", "workout", "-s", "squat 3x5@100kg rir15"], ["rir", "10"]),
    (["log", "workout", "-s", "squat 5@100kg", "-s", "moon press 3x5@50kg"], ["unknown exercise 'moon press'"]),
    (["log", "workout", "-s", "squat"], ["EXERCISE [SETSx]REPS[@WEIGHT] [rirN]"]),
    (["log", "workout"], ["--set"]),
    (["log", "workout", "-s", "squat 5@100kg", "--at", "2090-01-01T10:00Z"], ["started_at", "future"]),
    (["log", "cardio", "--activity", "run", "--duration", "30min", "--avg-hr", "180", "--max-hr", "170"], ["avg_hr"]),
    (["log", "sleep", "--start", "2026-11-20T07:00Z", "--end", "2026-11-19T23:00Z"], ["ended_at"]),
    (["log", "sleep", "--start", "2026-11-19T23:00Z", "--end", "2026-11-20T07:00Z", "--deep", "eighty"], ["'eighty'"]),
    (["log", "daily", "--weight", "eighty"], ["weight_kg", "'eighty'"]),
    (["history", "workouts", "--from", "2026-13-01"], ["2026-13-01"]),
    (["history", "naps"], ["unknown record kind"]),
    (["records", "--exercise", "moon press"], ["unknown exercise"]),
    (["athlete", "update", "--set", "nonsense"], ["FIELD=VALUE"]),
    (["athlete", "update", "--set", "days_per_week=9"], ["days_per_week"]),
]  # fmt: skip


def test_exercise_show_gives_the_biomechanics_and_the_derived_contraindications(
    migrated: Path,
) -> None:
    shown = ok_json("exercise", "show", "sumo squat")
    assert shown["biomechanics"]["knee_flexion"] == "deep"
    assert shown["contraindicated_regions"] == ["knee"]
    assert [c["text"] for c in shown["contraindications"]] == [
        "deep knee flexion under load: not with a knee injury"
    ]
    table = ok("exercise", "show", "pogo hops").stdout
    assert "impact: high" in table
    assert "high-impact landings: not with osteoporosis" in table


@pytest.mark.parametrize(("args", "words"), ERRORS, ids=[" ".join(a) for a, _ in ERRORS])
def test_errors_exit_2_with_one_clear_line_and_store_nothing(
    migrated: Path, args: list[str], words: list[str]
) -> None:
    athlete = str(_athlete())
    before = _row_counts(migrated)
    line = fails_clearly(*args, "-a", athlete)
    for word in words:
        assert word in line, line
    assert _row_counts(migrated) == before
    assert ok_json("athlete", "show", "-a", athlete)["profile"]["days_per_week"] == 4


def test_an_unknown_athlete_is_one_clear_line(migrated: Path) -> None:
    assert "nobody@example.org" in fails_clearly("history", "workouts", "-a", "nobody@example.org")
    assert "not found" in fails_clearly("log", "daily", "-a", "999", "--mood", "3")


def test_database_problems_are_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, unused_port: int
) -> None:
    _use_database(monkeypatch, tmp_path, tmp_path / "never-migrated.sqlite3")
    try:
        assert "fitcoach db upgrade" in fails_clearly("athlete", "list")
        assert "not up to date" in fails_clearly("db", "check", log_lines=True)
        assert "'zzz'" in fails_clearly("db", "upgrade", "zzz", log_lines=True)
        monkeypatch.setenv(
            "FITCOACH_DATABASE_URL", f"postgresql://nobody@127.0.0.1:{unused_port}/nothing"
        )
        get_settings.cache_clear()
        assert "database cannot be used" in fails_clearly("athlete", "list")
    finally:
        get_settings.cache_clear()


@pytest.fixture
def unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_duplicate_email_is_one_clear_line(migrated: Path) -> None:
    _athlete()
    assert "already exists" in fails_clearly(
        "athlete", "create", "--name", "Ana 2", "--email", "ANA@example.org"
    )


def _commands(group: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and group, walked from the app (Typer vendors click: duck-typed)."""
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*path, name))
        if hasattr(command, "commands"):
            found.extend(_commands(command, (*path, name)))
    return found


COMMANDS = _commands(typer.main.get_command(app))  # type: ignore[arg-type]


def test_the_walk_finds_the_commands() -> None:
    assert {("db", "upgrade"), ("log", "workout"), ("history",), ("records",)} <= set(COMMANDS)


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    if hasattr(command, "commands"):
        assert command.help, path
        return
    assert "Example:" in result.stdout, path
    assert f"fitcoach {' '.join(path)}" in result.stdout, path


def test_help_keeps_square_brackets() -> None:
    result = runner.invoke(app, ["log", "workout", "--help"], env={"COLUMNS": "200"})
    assert "[@WEIGHT]" in result.stdout
    assert "[rirN]" in result.stdout


def test_plan_today_and_readiness_say_days_in_words(migrated: Path, cli_day: FixedClock) -> None:
    aid = str(_athlete())
    ok("plan", "generate", "-a", aid)
    for args in (("plan", "today", "-a", aid), ("readiness", "-a", aid)):
        out = wide(*args)
        assert not re.search(r"\d{4}-\d{2}-\d{2}", out), out  # "Fri 20 Nov", never ISO
        assert re.search(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}\b", out), out
    # A rest day names the next session's day too. A day after a session not yet done carries
    # that session forward, so the rest day asked for is one the plan starts on: the first day
    # from today whose weekday the plan's schedule leaves free (whatever weekday today is).
    today = date.fromisoformat(json.loads(wide("plan", "today", "-a", aid, "--json"))["day"])
    assert today == cli_day.now().date()
    schedule = set(json.loads(ok("plan", "show", "-a", aid, "--json").stdout)["plan"]["schedule"])
    rest = next(
        today + timedelta(days=n) for n in range(7) if (today.weekday() + n) % 7 not in schedule
    )
    ok("plan", "generate", "-a", aid, "--start", rest.isoformat(), "--replace")
    out = wide("plan", "today", "-a", aid, "--day", rest.isoformat())
    assert out.startswith("Rest day"), out
    assert not re.search(r"\d{4}-\d{2}-\d{2}", out), out
    assert re.search(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}\b", out), out
