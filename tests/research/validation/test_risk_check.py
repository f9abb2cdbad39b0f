"""The real-data risk check on a slice of DEV persons: through the sheet door and the blind
protocol, the gate's rule on both branches, the tables and the reliability diagram."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from tests.conftest import unavailable

from fitcoach.ml.burnout import gate as risk_gate
from research.validation import blind_pmdata, risk_check

SLICE = {"DEV slice": ("p01", "p04")}  # DEV persons with onsets; never the held-out ones


@pytest.fixture(scope="module")
def data() -> blind_pmdata.PMData:
    root = blind_pmdata.default_pmdata_dir()
    if not (root / "p01" / "pmsys" / "wellness.csv").is_file():
        unavailable(f"PMData not found at {root}; set FITCOACH_PMDATA_DIR")
    return blind_pmdata.load_pmdata(root)


def _predictions(rows: pd.DataFrame, risk: pd.Series) -> pd.DataFrame:
    return pd.DataFrame({"person": rows["person"], "date": rows["date"], "risk": risk})


def test_the_gate_opens_only_for_a_model_that_beats_both_load_baselines(
    data: blind_pmdata.PMData,
) -> None:
    persons = SLICE["DEV slice"]
    rows = blind_pmdata.risk_rows(persons, data)
    # a model that knows the answer beats ACWR and the 7-day load in every resample
    oracle = _predictions(rows, rows["target"].clip(0.02, 0.98))
    perfect = blind_pmdata.evaluate_risk(oracle, persons, data=data, n_boot=200)
    opened = risk_gate.decide("v-oracle", {"DEV slice": perfect})
    assert opened.show_model is True
    assert opened.figures["DEV slice"]["model"]["auc"]["value"] == 1.0
    # a model that says the same for everyone ranks nobody: the gate stays shut, with reasons
    flat = blind_pmdata.evaluate_risk(
        _predictions(rows, pd.Series(0.05, index=rows.index)), persons, data=data, n_boot=200
    )
    shut = risk_gate.decide("v-flat", {"DEV slice": flat})
    assert shut.show_model is False
    assert "not above 0" in shut.reason
    assert "load rule is shown" in shut.reason
    with pytest.raises(ValueError, match="no results"):
        risk_gate.decide("v", {})


def test_the_check_scores_the_model_through_the_door_and_stores_its_gate(
    data: blind_pmdata.PMData, tmp_path: Path
) -> None:
    from fitcoach.ml.burnout.model import PACKAGED_ROOT, load
    from fitcoach.ml.burnout.scoring import Scorer

    try:
        import shap  # noqa: F401
        import sklearn  # noqa: F401
    except ImportError as exc:
        unavailable(f"the ml extra is missing ({exc})")
    root = tmp_path / "models"
    shutil.copytree(PACKAGED_ROOT / "burnout", root / "burnout")
    steps: list[str] = []
    check = risk_check.run(
        root,
        n_boot=50,
        data=data,
        out_dir=tmp_path / "docs",
        write_gate=True,
        sets=SLICE,
        progress=lambda step, done, total: steps.append(step),
    )
    loaded = load(root)
    assert check.model_version == loaded.manifest.version
    assert check.sheet_summary["rows_rejected"] == 0
    result = check.results["DEV slice"]
    assert {s.name for s in result.scores} == {"model", "acwr", "load_7d_mean", "base_rate"}
    assert result.n_onsets == 3
    assert check.linear["DEV slice"].n_rows == result.n_rows
    # the stored gate is the decision, for this version, and the product reads it
    stored = risk_gate.read(loaded.path)
    assert stored is not None
    assert (stored.model_version, stored.show_model) == (check.model_version, check.gate.show_model)
    assert Scorer(loaded).gate.show_model is check.gate.show_model
    tables = (tmp_path / "docs" / risk_check.TABLES).read_text()
    for expected in ("### DEV slice", "| model |", "| acwr", "| load_7d_mean", "Linear baseline"):
        assert expected in tables
    assert "Reliability, model" in tables
    png = (tmp_path / "docs" / risk_check.FIGURE).read_bytes()
    assert png.startswith(b"\x89PNG")
    assert steps[0] == "score PMData through the sheet door"
    headline = risk_check.headline(check)
    assert set(headline["DEV slice"]) >= {"model", "acwr", "load_7d_mean", "logistic_regression"}


def test_the_registered_check_on_a_slice_reports_but_stores_no_verdict(
    data: blind_pmdata.PMData, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from fitcoach.core.settings import get_settings
    from fitcoach.ml.burnout.model import load
    from research.validation import checks

    monkeypatch.setenv("FITCOACH_MODEL_DIR", str(tmp_path / "models"))  # empty: the packaged one
    get_settings.cache_clear()

    try:
        loaded = load(None)
    except Exception as exc:  # the ml extra is missing
        unavailable(f"the risk model cannot load here ({exc})")
    assert "risk" in checks.names()
    gate_file = loaded.path / risk_gate.GATE_FILE
    before = gate_file.read_bytes() if gate_file.is_file() else None
    figure = Path(risk_check.__file__).resolve().parents[2] / "docs" / "models" / risk_check.FIGURE
    figure_before = figure.read_bytes() if figure.is_file() else None
    [result] = checks.run_checks(
        checks.selected(["risk"]),
        checks.CheckContext(n_boot=50, dev_persons=SLICE["DEV slice"], held_out_persons=()),
    )
    assert (result.name, result.card) == ("risk", "burnout.md")
    assert "### DEV" in result.markdown
    assert "HELD_OUT" not in result.markdown
    assert result.figures["DEV"]["onsets"] == 3
    assert result.figures["model_version"] == loaded.manifest.version
    # a slice never overwrites the model's stored verdict nor the card's diagram
    assert (gate_file.read_bytes() if gate_file.is_file() else None) == before
    assert (figure.read_bytes() if figure.is_file() else None) == figure_before
    get_settings.cache_clear()
