"""The command line's everyday output shows no internal string: what `fitcoach athlete show`,
`plan today`, `plan show`, `history`, `records`, `load`, `readiness`, `plan agent` and
`report weekly` print for the demo athlete (eight weeks of history and a plan), scanned as the
web pages are (``tests/fixtures/internal_strings.py``: Python representations such as
``datetime.date(2023, 3, 1)`` or ``plates None``, session keys such as ``w1s1``, slugs, hex
ids, tool names, snake_case words ...). The scanner's own tests are in
tests/web/test_no_internal_strings.py.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from tests.conftest import NOW
from tests.fixtures.internal_strings import (
    context,
    internal_strings,
    metric_units,
    quantities_visible,
    visible,
)
from typer.testing import CliRunner

from fitcoach.cli import app
from fitcoach.cli.common import use_clock
from fitcoach.core.clock import FixedClock
from fitcoach.core.settings import get_settings
from fitcoach.pipelines.demo.seed import DEMO_EMAIL
from fitcoach.services import athletes
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work

runner = CliRunner()
A = ("-a", DEMO_EMAIL)
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("athlete", "show", *A),
    ("athlete", "list"),
    ("plan", "today", *A),
    ("plan", "today", *A, "--day", "2026-11-19"),
    ("plan", "show", *A),
    ("plan", "agent", *A),
    ("history", "workouts", *A),
    ("history", "cardio", *A),
    ("history", "daily", *A),
    ("history", "sleep", *A),
    ("history", "meals", *A),
    ("history", "feedback", *A),
    ("records", *A),
    ("load", *A),
    ("readiness", *A),
)


@pytest.fixture
def demo_cli(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_sqlite_template: tuple[Path, int]
) -> Iterator[Path]:
    """The command line on a copy of the demo athlete's database, on ``NOW``, printing to a
    console wide enough that no table cell wraps (a wrapped slug would hide)."""
    template, _ = demo_sqlite_template
    db = tmp_path / "demo.sqlite3"
    shutil.copyfile(template, db)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FITCOACH_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("FITCOACH_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    wide = Console(width=240)
    for name, module in list(sys.modules.items()):
        if name.startswith("fitcoach.cli") and isinstance(
            getattr(module, "console", None), Console
        ):
            monkeypatch.setattr(module, "console", wide)
    with use_clock(FixedClock(NOW)):
        yield db
    get_settings.cache_clear()


def _found(where: str, text: str) -> list[str]:
    return [
        f"{where}: {name} {hit!r} in …{context(text, hit)}…" for name, hit in internal_strings(text)
    ]


def test_everyday_commands_print_no_internal_string(demo_cli: Path, tmp_path: Path) -> None:
    problems: list[str] = []
    for args in COMMANDS:
        result = runner.invoke(app, list(args))
        assert result.exit_code == 0, (args, result.stdout, result.stderr, result.exception)
        assert result.stdout.strip(), args
        problems += _found(" ".join(args), result.stdout)
    out = tmp_path / "week.html"
    result = runner.invoke(app, ["report", "weekly", *A, "--week", "2026-W46", "--out", str(out)])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    problems += _found("report weekly", result.stdout)
    problems += _found("the report written", visible(out.read_text()))
    assert not problems, "\n".join(dict.fromkeys(problems))


def test_athlete_show_prints_plain_values(demo_cli: Path) -> None:
    """A profile with every kind of value: dates, absent values, lists of injuries, plates."""
    engine = make_engine(f"sqlite:///{demo_cli}")
    with unit_of_work(make_session_factory(engine)) as session:
        ctx = ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))
        found = athletes.list_athletes(ctx)
        aid = next(a.id for a in found if a.email == DEMO_EMAIL)
        athletes.update_profile(
            ctx,
            aid,
            {
                "birth_date": date(1990, 3, 1),
                "injuries": [{"region": "lower_back", "severity": "mild", "since": "2023-03-01"}],
                "equipment": ["barbell", "pull_up_bar", "squat_rack"],
                "conditions": ["heart_condition"],
                "dietary_restrictions": ["lactose_free"],
                "sex": None,
                "plates": None,
            },
        )
    engine.dispose()
    result = runner.invoke(app, ["athlete", "show", *A])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    text = result.stdout
    assert not _found("athlete show", text), "\n".join(_found("athlete show", text))
    assert "1 March 1990" in text
    assert "lower back (mild, since 1 March 2023)" in text
    assert "pull-up bar" in text or "pull up bar" in text
    assert "heart condition" in text


# What an athlete types and reads beyond the views above: logging (its confirmations), the
# nutrition targets, the weekly review and report, a chat message.
IMPERIAL_COMMANDS: tuple[tuple[str, ...], ...] = (
    *COMMANDS,
    ("log", "workout", *A, "-s", "squat 3x5@225 rir2", "-s", "dumbbell bench press 3x10@50"),
    ("log", "cardio", *A, "--activity", "running", "--duration", "27min", "--distance", "3.1"),
    ("log", "daily", *A, "--weight", "176", "--resting-hr", "52"),
    ("history", "workouts", *A),
    ("history", "cardio", *A),
    ("records", *A, "--exercise", "squat"),
    ("nutrition", "targets", *A),
    ("plan", "review", *A),
    ("chat", *A, "what was my weight this week?"),
    ("chat", *A, "show me my plan"),
    ("athlete", "update", *A, "--set", "height_cm=5 ft 10"),
)


def _imperial(db: Path) -> None:
    engine = make_engine(f"sqlite:///{db}")
    with unit_of_work(make_session_factory(engine)) as session:
        ctx = ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))
        aid = next(a.id for a in athletes.list_athletes(ctx) if a.email == DEMO_EMAIL)
        athletes.update_profile(ctx, aid, {"units": "imperial", "height_cm": 178})
    engine.dispose()


def test_an_athlete_who_reads_lb_sees_no_metric_unit(demo_cli: Path, tmp_path: Path) -> None:
    """The demo athlete switched to lb and miles: no command prints kg, km or cm, nor an
    internal string (``--json`` keeps kg and metres, as its field names say, and is not read
    here)."""
    _imperial(demo_cli)
    problems: list[str] = []
    for args in IMPERIAL_COMMANDS:
        result = runner.invoke(app, list(args))
        assert result.exit_code == 0, (args, result.stdout, result.stderr, result.exception)
        problems += [f"{' '.join(args)}: {u!r} in …{context(result.stdout, u)}…" for u in metric_units(result.stdout)]  # fmt: skip
        problems += _found(" ".join(args), result.stdout)
    shown = runner.invoke(app, ["athlete", "show", *A]).stdout
    assert "5 ft 10 in" in shown, shown
    out = tmp_path / "week.html"
    result = runner.invoke(app, ["report", "weekly", *A, "--week", "2026-W46", "--out", str(out)])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    report = quantities_visible(out.read_text())
    problems += [f"report: {u!r} in …{context(report, u)}…" for u in metric_units(report)]
    assert not problems, "\n".join(dict.fromkeys(problems))
