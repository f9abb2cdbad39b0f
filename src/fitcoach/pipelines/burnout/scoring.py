"""Scoring a model on rows: circularity (how much of the true log-odds a linear function of
the features recovers) and the score table beside the logistic regression, ACWR and the
7-day load, with athlete-bootstrap CIs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from fitcoach.ml import bootstrap as stats
from fitcoach.ml.burnout import model as burnout_model
from fitcoach.pipelines.burnout.rows import Rows
from fitcoach.pipelines.burnout.simulation import FloatArray

BASELINES = ("acwr_rolling", "load_7d")


def circularity(train: Rows, test: Rows) -> float:
    """R² on ``test`` of a linear regression, fitted on ``train``, of the true log-odds of an
    onset within the horizon on the features (median-imputed, standardised)."""
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    def logit(p: FloatArray) -> FloatArray:
        q = np.clip(p, 1e-6, 1 - 1e-6)
        return np.asarray(np.log(q / (1 - q)), dtype=float)

    fitted = make_pipeline(
        SimpleImputer(strategy="median", keep_empty_features=True), StandardScaler(), Ridge(1.0)
    ).fit(train.x, logit(train.true_risk))
    y = logit(test.true_risk)
    resid = y - fitted.predict(test.x)
    total = float(((y - y.mean()) ** 2).sum())
    return float(1.0 - (resid**2).sum() / total) if total > 0 else float("nan")


def _estimate(e: stats.Estimate) -> dict[str, float | int | None]:
    def num(v: float) -> float | None:
        return None if not np.isfinite(v) else round(float(v), 4)

    return {"value": num(e.value), "low": num(e.low), "high": num(e.high), "n_valid": e.n_valid}


def _calibrated(train: Rows, test: Rows, name: str) -> FloatArray:
    """A rule's raw score as a probability: a 1-D logistic regression fitted on ``train``."""
    from sklearn.linear_model import LogisticRegression

    x = np.nan_to_num(train.column(name), nan=0.0)
    mu, sd = float(x.mean()), float(x.std()) or 1.0
    fitted = LogisticRegression().fit(((x - mu) / sd).reshape(-1, 1), train.label)
    xs = np.nan_to_num(test.column(name), nan=0.0)
    return np.asarray(fitted.predict_proba(((xs - mu) / sd).reshape(-1, 1))[:, 1], dtype=float)


def score_table(
    models: burnout_model.BurnoutModels,
    train: Rows,
    test: Rows,
    *,
    n_boot: int,
    seed: int,
) -> dict[str, Any]:
    """AUC and Brier (athlete-bootstrap 95 % CIs) of the models, the rules and the oracle on
    ``test``; the rules are AUC-scored raw and calibrated on ``train`` for the Brier score."""
    y = test.label.astype(float)
    gb = models.gb_probability(test.x)
    lr = models.lr_probability(test.x)
    rate = float(train.label.mean())
    candidates: dict[str, tuple[FloatArray, FloatArray]] = {
        "gradient_boosting": (gb, gb),
        "logistic_regression": (lr, lr),
        "acwr": (
            np.nan_to_num(test.column("acwr_rolling"), nan=0.0),
            _calibrated(train, test, "acwr_rolling"),
        ),
        "load_7d": (
            np.nan_to_num(test.column("load_7d"), nan=0.0),
            _calibrated(train, test, "load_7d"),
        ),
        "oracle": (test.true_risk, test.true_risk),
        "base_rate": (np.full(len(y), rate), np.full(len(y), rate)),
    }
    names = sorted(set(test.athlete.tolist()))
    where = {a: i for i, a in enumerate(names)}
    groups = [np.flatnonzero(test.athlete == a).astype(np.intp) for a in names]
    draws = stats.person_bootstrap_draws(len(names), n_boot, seed)
    everything = np.arange(len(y), dtype=np.intp)
    out: dict[str, Any] = {
        "rows": len(y),
        "athletes": len(where),
        "positives": int(y.sum()),
        "positive_rate": round(float(y.mean()), 4) if len(y) else None,
    }
    for name, (score, prob) in candidates.items():

        def auc_of(idx: npt.NDArray[np.intp], s: FloatArray = score) -> float:
            return stats.auc(y[idx], s[idx])

        def brier_of(idx: npt.NDArray[np.intp], p: FloatArray = prob) -> float:
            return float(np.mean((p[idx] - y[idx]) ** 2)) if len(idx) else float("nan")

        auc = (
            stats.Estimate(float("nan"), float("nan"), float("nan"), 0)
            if name == "base_rate"
            else stats.percentile_ci(
                auc_of(everything), stats.person_bootstrap(auc_of, groups, draws)
            )
        )
        brier = stats.percentile_ci(
            brier_of(everything), stats.person_bootstrap(brier_of, groups, draws)
        )
        out[name] = {"auc": _estimate(auc), "brier": _estimate(brier)}
    return out
