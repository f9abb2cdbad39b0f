"""The distillation DAG under Airflow (issue 16): ``airflow dags test`` runs stages 1-5 and the
report through the fitcoach CLI, on the micro preset. Airflow lives in ``.venv-airflow``
(``make airflow-venv``, which ``make test`` runs first)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import unavailable

ROOT = Path(__file__).resolve().parents[3]
AIRFLOW = ROOT / ".venv-airflow" / "bin" / "airflow"


@pytest.mark.slow
def test_airflow_runs_the_distillation_dag(tmp_path: Path) -> None:
    if not AIRFLOW.is_file():
        unavailable("Airflow's virtualenv is missing: run `make airflow-venv`")
    fitcoach = Path(sys.executable).parent / "fitcoach"
    env = {
        **os.environ,
        "AIRFLOW_HOME": str(tmp_path / "airflow"),
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "airflow" / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "FITCOACH_BIN": str(fitcoach),
        "FITCOACH_DISTILL_WORKDIR": str(tmp_path / "work"),
        "FITCOACH_DISTILL_PRESET": "micro",
        "FITCOACH_MODEL_DIR": str(tmp_path / "models"),
        "PYTHONPATH": str(ROOT / "src"),
    }
    subprocess.run([str(AIRFLOW), "db", "migrate"], env=env, check=True, capture_output=True, timeout=300)  # fmt: skip
    run = subprocess.run(
        [str(AIRFLOW), "dags", "test", "fitcoach_distill"],
        env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    output = run.stdout + run.stderr
    for task in ("generate", "prompts", "teach", "validate", "train", "report"):
        assert f"task_id='{task}'" in output
    assert "new_state=failed" not in output
    manifest = json.loads((tmp_path / "work" / "manifest.json").read_text())
    assert set(manifest["stages"]) == {"generate", "prompts", "teach", "validate", "train"}
    assert manifest["stages"]["validate"]["inputs"]["teach"] == manifest["stages"]["teach"]["sha256"]  # fmt: skip
    report = json.loads((tmp_path / "work" / "reports" / "monitoring.json").read_text())
    assert report["records"] == manifest["stages"]["validate"]["count"]
    assert list((tmp_path / "models" / "intent-student").iterdir())
