"""The protocol's statistics: within-person Spearman rho, AUC, Brier, the person bootstrap
with percentile CIs and paired differences, and the caution lines for few persons. The AUC and
the person bootstrap are the product's (:mod:`fitcoach.ml.bootstrap`), named here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from fitcoach.ml.bootstrap import Estimate as Estimate
from fitcoach.ml.bootstrap import auc as auc
from fitcoach.ml.bootstrap import percentile_ci as percentile_ci
from fitcoach.ml.bootstrap import person_bootstrap as person_bootstrap
from fitcoach.ml.bootstrap import person_bootstrap_draws as person_bootstrap_draws
from research.validation.blind_pmdata.protocol import MIN_PERSONS_FOR_CI, FloatArray, IntArray


def _spearman(x: FloatArray, y: FloatArray) -> float:
    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan")
    rx = stats.rankdata(x)
    ry = stats.rankdata(y)
    return float(np.corrcoef(rx, ry)[0, 1])


def _brier(y: FloatArray, p: FloatArray) -> float:
    return float(np.mean((p - y) ** 2)) if len(y) else float("nan")


@dataclass(frozen=True)
class PairedDifference:
    """Model minus baseline on one metric, paired over the same person resamples."""

    baseline: str
    metric: str
    estimate: Estimate
    share_not_better: float  # share of valid resamples where the difference is <= 0


def _paired(
    baseline: str, metric: str, point: float, model_boot: FloatArray, base_boot: FloatArray
) -> PairedDifference:
    diff = model_boot - base_boot
    finite = diff[np.isfinite(diff)]
    share = float(np.mean(finite <= 0)) if len(finite) else float("nan")
    return PairedDifference(baseline, metric, percentile_ci(point, diff), share)


def _align(predictions: pd.DataFrame, rows: pd.DataFrame, column: str) -> FloatArray:
    missing_cols = {"person", "date", column} - set(predictions.columns)
    if missing_cols:
        raise ValueError(f"predictions lack columns {sorted(missing_cols)}")
    pred = predictions[["person", "date", column]].copy()
    pred["person"] = pred["person"].astype(str)
    pred["date"] = pd.to_datetime(pred["date"]).dt.tz_localize(None).dt.normalize()
    if pred.duplicated(["person", "date"]).any():
        raise ValueError("predictions have more than one row for a person and date")
    merged = rows[["person", "date"]].merge(pred, on=["person", "date"], how="left")
    values = merged[column].to_numpy(dtype=float)
    n_missing = int(np.isnan(values).sum())
    if n_missing:
        raise ValueError(f"{n_missing} of {len(rows)} protocol rows have no {column}")
    return values


def _groups(persons: pd.Series) -> tuple[list[str], list[IntArray]]:
    names = sorted(persons.unique())
    arr = persons.to_numpy()
    return names, [np.flatnonzero(arr == p).astype(np.intp) for p in names]


def _few_persons_warning(n_persons: int, n_with_positives: int | None) -> list[str]:
    """A caution line when too few persons make the person bootstrap unreliable."""
    out = []
    if n_persons < MIN_PERSONS_FOR_CI:
        out.append(
            f"Caution: only {n_persons} persons contribute rows; with so few, the "
            "person-bootstrap CI cannot show the between-person uncertainty."
        )
    if n_with_positives is not None and n_with_positives < MIN_PERSONS_FOR_CI:
        out.append(
            f"Caution: only {n_with_positives} persons have any positive row; the AUC is "
            "driven by them, and resamples without them give no AUC."
        )
    return [part for line in out for part in ("", line)]


def _fmt(x: float, digits: int = 3) -> str:
    return "n/a" if not np.isfinite(x) else f"{x:.{digits}f}"
