"""A saved risk model scored on fresh simulated athletes of every hazard shape, from a seed it
was not trained on (``fitcoach ml evaluate burnout``), beside the logistic regression, ACWR and
the 7-day load. A look at the model, not its gate: the gate is the real-data check
(``research.validation.risk_check``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fitcoach.ml.burnout import model as burnout_model
from fitcoach.pipelines.burnout import SHAPES, Progress, athlete_id, generate, rows_of, score_table


def evaluate(
    root: Path,
    *,
    athletes: int,
    days: int,
    seed: int,
    n_boot: int = 500,
    version: str | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """A saved model on fresh athletes of every shape from another seed (every one unseen)."""
    found = burnout_model.load(root, version=version)
    cohort = generate(athletes, days, seed, progress=progress)
    rows = rows_of(cohort, progress=progress)
    # the rules' calibration needs rows it is not scored on: the first half of each shape
    first = np.isin(rows.athlete, [athlete_id(a) for a in cohort if a.index < athletes // 2])
    calibration, scored = rows.take(first), rows.take(~first)
    out = {
        "version": found.manifest.version,
        "seed": seed,
        "fresh": score_table(found.models, calibration, scored, n_boot=n_boot, seed=seed),
        "by_shape": {
            s: score_table(
                found.models, calibration, scored.take(scored.shape == s), n_boot=n_boot, seed=seed
            )
            for s in SHAPES
        },
    }
    return out
