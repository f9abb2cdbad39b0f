"""The risk model: training time, scoring time per 1,000 athletes, SHAP time per athlete.

Setup (not timed): simulated athletes of every hazard shape from ``fitcoach.pipelines.burnout``
(50 per shape × 365 days for training, 1,000 × 120 days for scoring; ``--quick``: 10 × 150 and
50 × 120) and their feature rows (one every 2 days).

Measured (medians of ``repeat`` runs, each path beside a baseline timed in the same run):

- **training**: fitting the artefact's two models (histogram gradient boosting, 200
  iterations on one thread as ``fitcoach ml train burnout``, and the logistic regression);
  baseline: the logistic regression alone on the same rows.
- **scoring per 1,000 athletes**: from each athlete's daily frame to a risk (the feature
  function, then gradient boosting); baseline: the load rule on the same frames
  (``analysis.load_rule``: rolling ACWR and the 7-day load). Scaled to 1,000 athletes.
- **SHAP per athlete**: ``TreeExplainer`` values for one athlete's row, median over athletes;
  baseline: the gradient boosting probability for the same row alone.

ratio = figure / baseline (above 1: the model path costs that many times the baseline).
"""

from __future__ import annotations

import time

import numpy as np
from benchmarks.common import BenchArgs, BenchmarkError, Result, Timing

NAME = "burnout"


def _result(
    name: str,
    figure: Timing,
    base: Timing,
    unit: str,
    baseline_name: str,
    scale: float = 1.0,
    **extra: object,
) -> Result:
    return Result(
        name=name,
        figure=figure.median * scale,
        unit=unit,
        baseline=base.median * scale,
        ratio=figure.median / base.median,
        baseline_name=baseline_name,
        group=NAME,
        samples=list(figure.samples),
        baseline_samples=list(base.samples),
        extra=dict(extra),
    )


def main(args: BenchArgs) -> list[Result]:
    from fitcoach.analysis.load_rule import load_rule
    from fitcoach.ml.burnout import explain
    from fitcoach.ml.burnout import model as burnout_model
    from fitcoach.ml.burnout.features import FEATURES, daily_features
    from fitcoach.pipelines import burnout as pipeline

    quick = args.quick
    repeats = args.repeat or (1 if quick else 3)
    per_shape, train_days = (10, 150) if quick else (50, 365)
    score_athletes = args.rows or (50 if quick else 1000)
    iterations = 10 if quick else 200

    args.progress(f"simulating {per_shape} athletes per shape")
    rows = pipeline.rows_of(pipeline.generate(per_shape, train_days, 1))
    if rows.label.sum() == 0:
        raise BenchmarkError("the training cohort has no onsets")

    fits: list[float] = []
    logistic: list[float] = []
    models = None
    for i in range(repeats):
        args.progress(f"training {i + 1}/{repeats}")
        start = time.perf_counter()
        models = burnout_model.fit(rows.x, rows.label, params={"gb_max_iter": iterations}, seed=1)
        fits.append(time.perf_counter() - start)
        start = time.perf_counter()
        burnout_model.fit_logistic(rows.x, rows.label, seed=1)
        logistic.append(time.perf_counter() - start)
    assert models is not None

    args.progress(f"simulating {score_athletes} athletes to score")
    shapes = pipeline.SHAPES
    frames = [
        pipeline.simulate_athlete(2, shapes[i % len(shapes)], i, 120).frame
        for i in range(score_athletes)
    ]
    scoring: list[float] = []
    rule: list[float] = []
    for i in range(repeats):
        args.progress(f"scoring {i + 1}/{repeats}")
        start = time.perf_counter()
        last = np.vstack([daily_features(f).to_numpy(dtype=float)[-1] for f in frames])
        risk = models.gb_probability(last)
        scoring.append(time.perf_counter() - start)
        start = time.perf_counter()
        levels = [load_rule(f["load_au"]).level for f in frames]
        rule.append(time.perf_counter() - start)
        if len(risk) != len(frames) or len(levels) != len(frames):
            raise BenchmarkError("not every athlete was scored")

    args.progress("SHAP per athlete")
    explainer = explain.explainer(models.gb)
    explainer.shap_values(last[:1])  # the first call builds the explainer's tables
    per_shap: list[float] = []
    per_proba: list[float] = []
    for j in range(min(len(last), 50 if not quick else 10)):
        one = last[j : j + 1]
        start = time.perf_counter()
        values = explain.shap_values(explainer, one)
        per_shap.append(time.perf_counter() - start)
        start = time.perf_counter()
        models.gb_probability(one)
        per_proba.append(time.perf_counter() - start)
        if values.shape != (1, len(FEATURES)):
            raise BenchmarkError("SHAP gave no value per feature")
    scale = 1000 / len(frames)
    return [
        _result(
            "training (gradient boosting + logistic regression)",
            Timing(tuple(fits)),
            Timing(tuple(logistic)),
            "s",
            "the logistic regression alone on the same rows",
            rows=len(rows.label),
            athletes=per_shape * len(shapes),
            days=train_days,
            iterations=iterations,
        ),
        _result(
            "scoring per 1,000 athletes (features + GB)",
            Timing(tuple(scoring)),
            Timing(tuple(rule)),
            "s",
            "the load rule on the same frames",
            scale=scale,
            athletes=len(frames),
        ),
        _result(
            "SHAP reasons per athlete",
            Timing(tuple(per_shap)),
            Timing(tuple(per_proba)),
            "s",
            "the GB probability for the same row",
            rows=len(per_shap),
        ),
    ]
