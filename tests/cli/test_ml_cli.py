"""``fitcoach ml models`` lists what the registry holds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fitcoach.cli import app
from fitcoach.core.settings import get_settings
from fitcoach.ml import registry

runner = CliRunner()


@pytest.fixture
def data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FITCOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "200")
    get_settings.cache_clear()
    yield tmp_path / "data"
    get_settings.cache_clear()


def test_models_lists_artefacts_with_metrics(data_dir: Path) -> None:
    empty = runner.invoke(app, ["ml", "models"])
    assert empty.exit_code == 0
    assert "No trained models" in empty.output
    saved = registry.save(
        data_dir / "models",
        name="burnout",
        files={"m.bin": b"x"},
        schema={"version": "1"},
        seed=3,
        params={},
        data="abc",
        metrics={"auc": 0.81234},
    )
    listed = runner.invoke(app, ["ml", "models"])
    assert listed.exit_code == 0, listed.output
    assert saved.version in listed.output
    assert "auc 0.812" in listed.output
    as_json = runner.invoke(app, ["ml", "models", "burnout", "--json"])
    assert [m["version"] for m in json.loads(as_json.output)] == [saved.version]
    assert json.loads(runner.invoke(app, ["ml", "models", "ppo", "--json"]).output) == []
