"""``fitcoach invite``: make, list and revoke the codes of the web's sign-up."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from fitcoach.cli import app
from fitcoach.core.settings import get_settings

runner = CliRunner()


def _run(*args: str) -> Result:
    return runner.invoke(app, list(args))


def test_create_shows_the_code_once_list_and_revoke(
    cli_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FITCOACH_SIGNUP", "invite")
    get_settings.cache_clear()
    made = _run("invite", "create", "--note", "Sam", "--days", "3", "--json")
    assert made.exit_code == 0, made.output
    issued = json.loads(made.output)
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", issued["code"])
    assert issued["link"] == f"http://127.0.0.1:8000/signup?invite={issued['code']}"
    assert issued["state"] == "open"
    assert issued["note"] == "Sam"
    plain = _run("invite", "create", "--base-url", "https://fit.example.org/")
    assert plain.exit_code == 0, plain.output
    assert "https://fit.example.org/signup?invite=" in plain.output
    assert "not shown again" in plain.output
    listed = _run("invite", "list", "--json")
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    assert [r["state"] for r in rows] == ["open", "open"]
    assert issued["code"] not in listed.output  # never the code again
    assert rows[1]["prefix"] == issued["code"][:4]
    revoked = _run("invite", "revoke", str(issued["id"]))
    assert revoked.exit_code == 0, revoked.output
    assert f"invitation {issued['id']} is revoked" in revoked.output
    assert _run("invite", "revoke", "999").exit_code == 2
    too_long = _run("invite", "create", "--days", "365")
    assert too_long.exit_code == 2
    assert "an invitation lasts 1 to 90 days" in too_long.output
