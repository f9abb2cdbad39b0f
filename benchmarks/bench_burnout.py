"""The burnout models: training time, scoring time per 1,000 athletes, SHAP time per athlete.

Setup (not timed): synthetic athletes from ``fitcoach.pipelines.burnout`` (200 × 365 days for
training, 1,000 × 120 days for scoring; ``--quick``: 60 × 150 and 50 × 120) and their weekly
feature rows.

Measured (medians of ``repeat`` runs, each path beside a baseline timed in the same run):

- **training**: fitting gradient boosting, random forest (200 trees each, as ``fitcoach ml
  train burnout``) and Cox on the rows; baseline: a logistic regression on the same rows (the
  simplest learned model).
- **scoring per 1,000 athletes**: from each athlete's daily frame to a risk (the feature
  function, then gradient boosting and Cox); baseline: the engine's ACWR rule on the same
  frames (``analysis.load.acwr_ewma``, then the 1.5 threshold). Scaled to 1,000 athletes.
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
    from sklearn.linear_model import LogisticRegression

    from fitcoach.analysis import load as load_analysis
    from fitcoach.ml.burnout import explain
    from fitcoach.ml.burnout import model as burnout_model
    from fitcoach.ml.burnout.features import FEATURES, daily_features
    from fitcoach.pipelines import burnout as pipeline

    quick = args.quick
    repeats = args.repeat or (1 if quick else 3)
    train_athletes, train_days = (60, 150) if quick else (200, 365)
    score_athletes = args.rows or (50 if quick else 1000)
    trees = 10 if quick else 200

    args.progress(f"generating {train_athletes} athletes")
    cohort = pipeline.generate(train_athletes, train_days, 1)
    rows = pipeline.snapshots(cohort)
    if rows.label.sum() == 0:
        raise BenchmarkError("the training cohort has no burnout events")
    medians = {f: float(np.nanmedian(rows.raw[:, i])) for i, f in enumerate(FEATURES)}
    x = pipeline._fill(rows.raw, medians)
    durations = np.minimum(rows.duration, 90.0)
    events = np.where(rows.duration <= 90.0, rows.event, 0)

    fits: list[float] = []
    logistic: list[float] = []
    models = None
    for i in range(repeats):
        args.progress(f"training {i + 1}/{repeats}")
        start = time.perf_counter()
        models = burnout_model.fit(
            x,
            rows.label,
            durations,
            events,
            medians=medians,
            params={"n_estimators": trees},
            seed=1,
        )
        fits.append(time.perf_counter() - start)
        start = time.perf_counter()
        LogisticRegression(max_iter=1000).fit((x - x.mean(0)) / (x.std(0) + 1e-9), rows.label)
        logistic.append(time.perf_counter() - start)
    assert models is not None

    args.progress(f"generating {score_athletes} athletes to score")
    frames = [pipeline.simulate_athlete(2, i, 120).frame for i in range(score_athletes)]
    scoring: list[float] = []
    rule: list[float] = []
    for i in range(repeats):
        args.progress(f"scoring {i + 1}/{repeats}")
        start = time.perf_counter()
        last = np.vstack([daily_features(f).to_numpy(dtype=float)[-1] for f in frames])
        filled = models.matrix(_frame(last, FEATURES))
        risk = models.gb_probability(filled)
        models.cox_hazard(filled)
        scoring.append(time.perf_counter() - start)
        start = time.perf_counter()
        flags = [
            float(np.nan_to_num(load_analysis.acwr_ewma(f["load_au"]).iloc[-1])) > 1.5
            for f in frames
        ]
        rule.append(time.perf_counter() - start)
        if len(risk) != len(frames) or len(flags) != len(frames):
            raise BenchmarkError("not every athlete was scored")

    args.progress("SHAP per athlete")
    explainer = explain.explainer(models.gb)
    explainer.shap_values(filled[:1])  # the first call builds the explainer's tables
    per_shap: list[float] = []
    per_proba: list[float] = []
    for j in range(min(len(filled), 50 if not quick else 10)):
        one = filled[j : j + 1]
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
            "training (GB + RF + Cox)",
            Timing(tuple(fits)),
            Timing(tuple(logistic)),
            "s",
            "a logistic regression on the same rows",
            rows=len(rows.label),
            athletes=train_athletes,
            days=train_days,
            trees=trees,
        ),
        _result(
            "scoring per 1,000 athletes (features + GB + Cox)",
            Timing(tuple(scoring)),
            Timing(tuple(rule)),
            "s",
            "the ACWR rule on the same frames",
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


def _frame(values: np.ndarray, columns: tuple[str, ...]) -> object:  # type: ignore[type-arg]
    import pandas as pd

    return pd.DataFrame(values, columns=list(columns))
