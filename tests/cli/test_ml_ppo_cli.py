"""``fitcoach ml evaluate ppo`` on the shipped policy (the composition with paired CIs, and
the agent alone), and ``fitcoach ml train ppo --help``."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import unavailable
from typer.testing import CliRunner

from fitcoach.cli import app
from fitcoach.core.settings import get_settings

runner = CliRunner()


@pytest.fixture
def data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FITCOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "200")
    get_settings.cache_clear()
    yield tmp_path / "data"
    get_settings.cache_clear()


def test_train_help_names_the_example() -> None:
    result = runner.invoke(app, ["ml", "train", "ppo", "--help"])
    assert result.exit_code == 0
    assert "fitcoach ml train ppo --athletes 500" in result.output
    assert "--constrained" in result.output


def test_evaluate_the_shipped_policy_beside_the_baselines(data_dir: Path) -> None:
    if any(importlib.util.find_spec(m) is None for m in ("stable_baselines3", "gymnasium")):
        unavailable("the ml extra is missing; pip install 'fitcoach[ml]'")
    result = runner.invoke(
        app, ["ml", "evaluate", "ppo", "--alone", "--athletes", "2", "--hand-seeds", "1", "--json"]
    )
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output)
    assert set(metrics["held_out"]) >= {"ppo", "rules", "linear", "random"}
    assert metrics["hand_written"]["ppo"]["cases"] == 5  # one season per hand-written profile
    assert isinstance(metrics["beats_rules"], bool)


def test_evaluate_the_shipped_composition_with_paired_cis(data_dir: Path) -> None:
    if any(importlib.util.find_spec(m) is None for m in ("stable_baselines3", "gymnasium")):
        unavailable("the ml extra is missing; pip install 'fitcoach[ml]'")
    args = ["ml", "evaluate", "ppo", "--athletes", "2", "--resamples", "100"]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    block = json.loads(result.output)["composition"]
    assert set(block["models"]) == {"acwr", "strain"}
    for model in block["models"].values():
        # Pooled over the seed sets (three by default), 2 athletes each.
        assert model["athletes"] == 2 * block.get("seed_sets", 1)
        assert block.get("seed_sets", 1) >= 3
        assert "rules" in model["policies"]
        for pair in model["paired"].values():
            assert pair["injuries"]["low"] <= pair["injuries"]["mean"] <= pair["injuries"]["high"]
    shown = runner.invoke(app, args)
    assert shown.exit_code == 0, shown.output
    words = " ".join(shown.output.split())  # the console may wrap at any width
    assert (
        "This evaluation: The rules with the agent on top were compared with the rules alone "
        "on 6 simulated athletes (3 separate sets of 2, 26-week seasons)" in words
    )
    assert "too few to rely on, so it only makes suggestions" in words
    assert (
        "Stored with the agent (what the app uses): The rules with the agent on top were "
        "compared with the rules alone on 1,500 simulated athletes (3 separate sets of 500"
    ) in words
