"""The installed form model (else the packaged one) on fresh held-out and hand-written sets,
beside the geometric rule (``fitcoach ml evaluate form``): a look at a saved model; the
scores stored with it are the training run's (``fitcoach.pipelines.form.train``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fitcoach.pipelines.form.generate import generate
from fitcoach.pipelines.form.handwritten import handwritten
from fitcoach.pipelines.form.train import Data, Progress, TrainConfig, baseline, set_metrics


def _quiet(_message: str, _fraction: float) -> None:
    return None


def evaluate(
    model_dir: Path | None, config: TrainConfig, progress: Progress = _quiet
) -> dict[str, Any]:
    """Re-evaluate the installed model (``model_dir``, else the packaged one) on fresh held-out
    and hand-written sets, beside the rule."""
    from fitcoach.ml.form import load

    model = load(model_dir)
    progress("generating held-out sets", 0.0)
    sets = {
        "heldout": Data.of(generate(config.n_test, config.seed + 2, "heldout")),
        "handwritten": Data.of(handwritten()),
    }
    report: dict[str, Any] = {"model": {}, "baseline": {}, "version": model.manifest.version}
    for i, (split, data) in enumerate(sets.items()):
        progress(f"evaluating {split}", 0.5 + 0.25 * i)
        out = model.predict_batch(data.x)
        report["model"][split] = set_metrics(
            data, out["form"], out["risk"], out["angles"], out["exercise"]
        )
        report["baseline"][split], _ = baseline(data)
    return report
