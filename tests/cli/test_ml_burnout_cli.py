"""``fitcoach ml train burnout`` and ``fitcoach ml evaluate burnout`` on a tiny cohort."""

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
        import lifelines  # noqa: F401
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
    tiny = ["--athletes", "60", "--days", "150", "--trees", "5", "--seed", "1"]
    trained = runner.invoke(
        app,
        [
            "ml",
            "train",
            "burnout",
            *tiny,
            "--test-fraction",
            "0.3",
            "--no-readiness",
            "--plots",
            "plots",
        ],
    )
    assert trained.exit_code == 0, trained.output
    assert "held-out athletes" in trained.output
    assert "readiness (rule)" in trained.output
    assert "Hand-written histories, pairs in the expected order" in trained.output
    assert sorted(p.name for p in Path("plots").iterdir()) == [
        "burnout_cox.png",
        "burnout_reliability.png",
        "burnout_roc.png",
        "burnout_shap.png",
    ]
    [version] = [p.name for p in (data_dir / "models" / "burnout").iterdir()]
    listed = json.loads(runner.invoke(app, ["ml", "models", "burnout", "--json"]).output)
    assert [m["version"] for m in listed] == [version]
    assert listed[0]["params"]["athletes"] == 60
    evaluated = runner.invoke(
        app,
        ["ml", "evaluate", "burnout", "--athletes", "12", "--days", "120", "--seed", "5", "--json"],
    )
    assert evaluated.exit_code == 0, evaluated.output
    found = json.loads(evaluated.output)
    assert (found["version"], found["seed"]) == (version, 5)
    assert found["fresh_cohort"]["athletes"] <= 12
    assert set(found["hand_written"]["pairs_in_order"]) == {"gb", "rf", "cox", "acwr", "readiness"}


def test_help_has_examples() -> None:
    for command in (["ml", "train", "burnout"], ["ml", "evaluate", "burnout"]):
        shown = runner.invoke(app, [*command, "--help"])
        assert shown.exit_code == 0
        assert "Example: fitcoach ml" in shown.output
