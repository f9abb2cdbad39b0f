"""`fitcoach chat` on a temporary SQLite file: one-shot and conversation, offline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner, Result

from fitcoach.cli import app
from fitcoach.core.settings import get_settings
from fitcoach.storage.db import make_engine
from fitcoach.storage.models import DailyMetric, SetLog

runner = CliRunner()


@pytest.fixture
def athlete(cli_db: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.delenv("FITCOACH_LLM_PROVIDERS", raising=False)
    get_settings.cache_clear()
    created = runner.invoke(
        app, ["athlete", "create", "--name", "Ana", "--email", "ana@example.org"]
    )
    assert created.exit_code == 0, created.stdout
    return "ana@example.org"


def chat(*args: str, input: str | None = None) -> Result:
    return runner.invoke(app, ["chat", *args], input=input)


def test_help_has_examples() -> None:
    result = runner.invoke(app, ["chat", "--help"])
    assert result.exit_code == 0
    assert 'fitcoach chat -a 1 "3x8 squats at 100 kg RIR 2"' in result.stdout


def test_one_message_logs_and_answers_from_the_database(cli_db: Path, athlete: str) -> None:
    logged = chat("-a", athlete, "3x8 squats at 100 kg RIR 2", "--json")
    assert logged.exit_code == 0, logged.stdout
    data = json.loads(logged.stdout)
    assert data["source"] == "offline"
    assert data["intent"] == "log_sets"
    assert [c["tool"] for c in data["tool_calls"]] == ["log_sets"]
    assert "100 kg" in data["text"]
    engine = make_engine(f"sqlite:///{cli_db}")
    with engine.connect() as conn:
        sets = conn.execute(select(SetLog.reps, SetLog.weight_kg, SetLog.rir)).all()
    engine.dispose()
    assert [tuple(s) for s in sets] == [(8, 100.0, 2.0)] * 3  # committed by the command
    asked = chat("-a", athlete, "how many sets did I do this week?", "-v")
    assert asked.exit_code == 0, asked.stdout
    assert "3 working sets" in asked.stdout
    assert "2,400 kg" in asked.stdout
    assert "offline · query_metric · tools: get_metrics" in asked.stdout


def test_conversation_keeps_going_and_commits_each_message(cli_db: Path, athlete: str) -> None:
    script = "hi\nweight 72.4\n/approve\nmy weight this week?\n/quit\n"
    result = chat("-a", athlete, input=script)
    assert result.exit_code == 0, result.stdout
    assert "I can help with" in result.stdout
    assert "weight 72.4 kg" in result.stdout
    assert "No plan change is waiting" in result.stdout
    assert "Weight on" in result.stdout
    engine = make_engine(f"sqlite:///{cli_db}")
    with engine.connect() as conn:
        assert conn.execute(select(DailyMetric.weight_kg)).scalars().all() == [72.4]
    engine.dispose()


def test_errors_are_clear(cli_db: Path, athlete: str, monkeypatch: pytest.MonkeyPatch) -> None:
    unknown = chat("-a", "nobody@example.org", "hi")
    assert unknown.exit_code == 2
    assert "no athlete with e-mail" in unknown.stderr
    empty = chat("-a", athlete, "  ")
    assert empty.exit_code == 2
    assert "the message is empty" in empty.stderr
    monkeypatch.setenv("FITCOACH_LLM_PROVIDERS", "bogus")
    get_settings.cache_clear()
    bad = chat("-a", athlete, "hi")
    assert bad.exit_code == 2
    assert "bogus" in bad.stderr
    assert "Traceback" not in bad.stderr
