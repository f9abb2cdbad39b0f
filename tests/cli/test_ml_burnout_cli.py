"""``fitcoach ml train burnout`` and ``fitcoach ml evaluate burnout`` on a tiny family."""

from __future__ import annotations

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
    try:
        import shap  # noqa: F401
        import sklearn  # noqa: F401
    except ImportError as exc:
        unavailable(f"the ml extra is missing ({exc})")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FITCOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "200")
    get_settings.cache_clear()
    yield tmp_path / "data"
    get_settings.cache_clear()


def test_train_then_list_then_evaluate(data_dir: Path) -> None:
    tiny = ["--athletes", "10", "--days", "150", "--trees", "10", "--seed", "1", "--n-boot", "20"]
    trained = runner.invoke(
        app,
        [
            "ml",
            "train",
            "burnout",
            *tiny,
            "--test-fraction",
            "0.3",
            "--every",
            "3",
            "--plots",
            "plots",
        ],
    )
    assert trained.exit_code == 0, trained.output
    assert "held-out athletes" in trained.output
    assert "each shape held out from training" in trained.output
    # The headers stay whole at a test worker's 80 columns; the caption names them in full.
    for column in ("boosting", "logistic", "ACWR", "load 7d", "oracle", "circ. R²"):
        assert f" {column} " in trained.output, column
    assert "gradient-boosting model" in " ".join(trained.output.split())
    assert "fitcoach ml validate" in trained.output
    assert sorted(p.name for p in Path("plots").iterdir()) == [
        "burnout_family.png",
        "burnout_reliability.png",
        "burnout_shap.png",
    ]
    [version] = [p.name for p in (data_dir / "models" / "burnout").iterdir()]
    listed = json.loads(runner.invoke(app, ["ml", "models", "burnout", "--json"]).output)
    assert [m["version"] for m in listed] == [version]
    assert listed[0]["params"]["athletes_per_shape"] == 10
    evaluated = runner.invoke(
        app,
        [
            *("ml", "evaluate", "burnout", "--athletes", "6", "--days", "120"),
            *("--seed", "5", "--n-boot", "20", "--json"),
        ],
    )
    assert evaluated.exit_code == 0, evaluated.output
    found = json.loads(evaluated.output)
    assert (found["version"], found["seed"]) == (version, 5)
    assert found["fresh"]["athletes"] <= 4 * 6
    assert set(found["by_shape"]) == {"acwr_spike", "cumulative_load", "chronic_u", "strain"}


def test_help_has_examples() -> None:
    for command in (["ml", "train", "burnout"], ["ml", "evaluate", "burnout"], ["ml", "score"]):
        shown = runner.invoke(app, [*command, "--help"])
        assert shown.exit_code == 0
        assert "Example: fitcoach ml" in shown.output
