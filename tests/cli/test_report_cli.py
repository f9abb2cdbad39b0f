"""``fitcoach report weekly``: one athlete, every athlete, and clear failures."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.factories import make_athlete, workout
from typer.testing import CliRunner, Result

from fitcoach.cli import app
from fitcoach.core.clock import FixedClock
from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work

runner = CliRunner()
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
WEEK = "2026-W46"


def _athletes(db: Path, n: int) -> list[tuple[int, str]]:
    engine = make_engine(f"sqlite:///{db}")
    made = []
    with unit_of_work(make_session_factory(engine)) as session:
        ctx = ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))
        for _ in range(n):
            a = make_athlete(ctx)
            training_log.log_workout(
                ctx,
                a.id,
                workout(datetime(2026, 11, 10, 17, tzinfo=UTC), ("barbell-back-squat", 5, 80.0, 2)),
            )
            made.append((a.id, a.email))
    engine.dispose()
    return made


def run(*args: str) -> Result:
    return runner.invoke(app, list(args))


def test_one_athlete_by_email(cli_db: Path, tmp_path: Path) -> None:
    [(_aid, email)] = _athletes(cli_db, 1)
    out = tmp_path / "week.html"
    result = run("report", "weekly", "--athlete", email, "--week", WEEK, "--out", str(out))
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<svg" in html
    assert "week of 9–15 November 2026" in html  # WEEK's days
    said = result.stdout.replace("\n", "")
    assert str(out) in said
    assert "week of 9–15 November 2026" in said
    assert "athlete " not in said  # named, not numbered


def test_default_file_name(cli_db: Path, tmp_path: Path) -> None:
    [(aid, _)] = _athletes(cli_db, 1)
    result = run("report", "weekly", "-a", str(aid), "--week", "2026-w46")
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    assert (tmp_path / f"report-{aid}-{WEEK}.html").exists()  # cli_db chdirs to tmp_path


def test_all_athletes_write_one_file_each(cli_db: Path, tmp_path: Path) -> None:
    made = _athletes(cli_db, 2)
    out_dir = tmp_path / "reports"
    result = run("report", "weekly", "--all", "--week", WEEK, "--out-dir", str(out_dir), "-j", "1")
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(
        f"report-{aid}-{WEEK}.html" for aid, _ in made
    )
    assert "Wrote 2 of 2" in result.stdout


def test_all_athletes_with_two_workers(cli_db: Path, tmp_path: Path) -> None:
    _athletes(cli_db, 2)
    out_dir = tmp_path / "reports"
    result = run("report", "weekly", "--all", "--week", WEEK, "--out-dir", str(out_dir), "-j", "2")
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    assert len(list(out_dir.glob("*.html"))) == 2


def test_failures_in_a_batch_are_listed_with_reasons(cli_db: Path, tmp_path: Path) -> None:
    _athletes(cli_db, 2)
    # a week far ahead of the real clock: nothing to report yet, for every athlete
    result = run("report", "weekly", "--all", "--week", "2099-W10", "--out-dir", str(tmp_path))
    assert result.exit_code == 1
    assert "Wrote 0 of 2" in result.stdout
    assert result.stderr.count("failed:") == 2
    assert "not started" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_a_bad_week_is_one_clear_line(cli_db: Path) -> None:
    [(aid, _)] = _athletes(cli_db, 1)
    result = run("report", "weekly", "-a", str(aid), "--week", "2026-46")
    assert result.exit_code == 2
    assert "YYYY-Www" in result.stderr
    assert "2026-W46" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_athlete_or_all_but_not_both(cli_db: Path) -> None:
    result = run("report", "weekly", "--all", "-a", "1")
    assert result.exit_code == 2
    assert "--athlete A or --all" in result.stderr
    result = run("report", "weekly")
    assert result.exit_code == 2


def test_unknown_athlete(cli_db: Path) -> None:
    result = run("report", "weekly", "-a", "nobody@example.org", "--week", WEEK)
    assert result.exit_code == 2
    assert "no athlete" in result.stderr
