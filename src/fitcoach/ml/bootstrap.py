"""The person bootstrap with percentile 95 % CIs and the rank-sum ROC AUC: what the training
pipelines score a model with (athletes resampled, never rows), and the blind protocols' own
statistics (``research.validation.blind_pmdata.metrics`` in a source checkout).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


def auc(y: FloatArray, score: FloatArray) -> float:
    """ROC AUC by the rank-sum (Mann-Whitney) formula; ties count one half. NaN if one class."""
    pos = y == 1
    n1 = int(pos.sum())
    n0 = len(y) - n1
    if n1 == 0 or n0 == 0:
        return float("nan")
    ranks = stats.rankdata(score)
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its percentile bootstrap 95 % CI."""

    value: float
    low: float
    high: float
    n_valid: int

    def fmt(self, digits: int = 3) -> str:
        """``value [low, high]``."""
        if np.isnan(self.value):
            return "n/a"
        return f"{self.value:.{digits}f} [{self.low:.{digits}f}, {self.high:.{digits}f}]"


def percentile_ci(point: float, boot: FloatArray, level: float = 0.95) -> Estimate:
    """Percentile CI of the finite bootstrap values around ``point``."""
    finite = boot[np.isfinite(boot)]
    if len(finite) == 0:
        return Estimate(point, float("nan"), float("nan"), 0)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(finite, [tail, 100 - tail])
    return Estimate(point, float(low), float(high), len(finite))


def person_bootstrap_draws(n_persons: int, n_boot: int, seed: int) -> IntArray:
    """``n_boot`` x ``n_persons`` indices of persons drawn with replacement (seeded)."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, n_persons, size=(n_boot, n_persons)).astype(np.intp)


def person_bootstrap(
    statistic: Callable[[IntArray], float],
    groups: Sequence[IntArray],
    draws: IntArray,
) -> FloatArray:
    """Apply ``statistic`` to the row indices of each resample of persons (``groups``)."""
    out = np.empty(len(draws))
    for b, drawn in enumerate(draws):
        out[b] = statistic(np.concatenate([groups[int(i)] for i in drawn]))
    return out
