"""The form model shipped in the package: it loads (verified by the registry) when the model
directory has none, scores a hand-written set, and stays small."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import unavailable

from fitcoach.analysis import pose
from fitcoach.ml import form
from fitcoach.pipelines.form.handwritten import HANDWRITTEN, build


@pytest.fixture(scope="module")
def torch_installed() -> None:
    try:
        import torch  # noqa: F401
    except ImportError:
        unavailable("torch is not installed (the ml extra)")


def test_the_packaged_model_is_small_and_described() -> None:
    manifest = form.packaged_manifest()
    assert manifest is not None, "no form model under fitcoach/ml/artefacts; run make train-form"
    folder = form.PACKAGED_ROOT / form.NAME / manifest["version"]
    assert sum(p.stat().st_size for p in folder.iterdir()) < 5 * 1024 * 1024
    report = manifest["metrics"]["report"]
    assert set(report["model"]) == {"val", "heldout", "handwritten"}
    assert report["sizes"]["train"] >= 1000


def test_the_packaged_model_loads_when_the_model_dir_is_empty(
    tmp_path: Path, torch_installed: None
) -> None:
    model = form.load(tmp_path)
    assert model.manifest.version == form.packaged_manifest()["version"]  # type: ignore[index]
    seq = build(HANDWRITTEN[3])  # bench press
    opinion = model.opinion(seq.landmarks)
    assert opinion.available
    assert 0 <= opinion.form_score <= 100  # type: ignore[operator]
    assert 0 <= opinion.risk_score <= 100  # type: ignore[operator]
    assert opinion.exercise in pose.EXERCISES
    result = form.assess(seq.landmarks, "bench_press", model_dir=tmp_path)
    assert result.model.available
    assert result.model.form_score == opinion.form_score
    assert result.form_score == result.geometry.form_score  # the rule decides
