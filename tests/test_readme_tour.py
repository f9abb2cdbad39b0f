"""The README's command-line tour, run as a new user would: every command in it, in order, on
a fresh database with the demo athlete (``make run``'s ``demo seed``), succeeds.

Left out, each covered where it can run: ``fitcoach serve`` (it serves until stopped;
tests/interfaces), the simulated board on a pseudo-terminal and ``ingest serial`` reading it
(they stream in two terminals; tests/sensors/test_reader.py).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import REPO, shared_data
from typer.testing import CliRunner

from fitcoach.cli import app
from fitcoach.core.settings import get_settings

# Serve until stopped, or need a second terminal.
LONG_RUNNING = (("serve",), ("simulate", "sensors"), ("ingest", "serial"))


def tour() -> list[list[str]]:
    """The ``fitcoach`` commands of the README's tour block, comments stripped."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"A tour on the demo data:\n\n```sh\n(.*?)```", text, re.S)
    assert block is not None, "the README's tour block moved: update this test"
    commands = []
    for line in block[1].splitlines():
        words = shlex.split(line, comments=True)
        if words and words[0] == "fitcoach":
            commands.append(words[1:])
    return commands


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """An empty SQLite database in a folder of its own, the current directory."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FITCOACH_DATABASE_URL", f"sqlite:///{tmp_path / 'fitcoach.db'}")
    monkeypatch.setenv("FITCOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("FITCOACH_REDIS_URL", raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_the_readme_tour_runs_on_the_demo_data(fresh: Path) -> None:
    runner = CliRunner()
    for setup in (["db", "upgrade"], ["demo", "seed"]):  # what `make run` does first
        result = runner.invoke(app, setup)
        assert result.exit_code == 0, result.output
    commands = tour()
    assert len(commands) >= 25, "the tour lost its commands"
    for args in commands:
        if any(tuple(args[: len(skip)]) == skip for skip in LONG_RUNNING):
            continue
        # Paths in the README are relative to the repository, where a reader runs them.
        args = [
            str(shared_data("mitdb-dev").parent / a.removeprefix("../shared/data/"))
            if a.startswith("../shared/data/")
            else a
            for a in args
        ]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output, result.exception)
    assert (fresh / "demo.json").is_file()  # export
    assert (fresh / "week46.html").is_file()  # report weekly --out
