"""Feature rows from a simulated cohort: every few days while the athlete is at risk and the
next days are observed, with the label and the true risk beside them (``rows_of``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from fitcoach.ml.burnout.features import FEATURES, HORIZON_DAYS, daily_features
from fitcoach.pipelines.burnout.simulation import (
    FIRST_ROW_DAY,
    SHAPES,
    Athlete,
    FloatArray,
    Progress,
)


@dataclass
class Rows:
    """Feature rows: whose, which day, the features (NaN where unknown), label, true risk."""

    athlete: npt.NDArray[np.int_]  # a cohort-wide id: shape index × 1,000,000 + index
    shape: npt.NDArray[np.str_]
    day: npt.NDArray[np.int_]
    x: FloatArray
    label: npt.NDArray[np.int_]
    true_risk: FloatArray
    inputs: npt.NDArray[np.str_]  # "hrv", "resting_hr" or "load_only": the richest heart input

    def take(self, mask: npt.NDArray[np.bool_]) -> Rows:
        return Rows(
            self.athlete[mask],
            self.shape[mask],
            self.day[mask],
            self.x[mask],
            self.label[mask],
            self.true_risk[mask],
            self.inputs[mask],
        )

    def column(self, name: str) -> FloatArray:
        return self.x[:, FEATURES.index(name)]


def athlete_id(a: Athlete) -> int:
    return SHAPES.index(a.shape) * 1_000_000 + a.index


def rows_of(cohort: Sequence[Athlete], *, every: int = 2, progress: Progress | None = None) -> Rows:
    """A row every ``every`` days from day 42 (see the module's description)."""
    ids: list[int] = []
    shapes: list[str] = []
    days_: list[int] = []
    xs: list[FloatArray] = []
    labels: list[int] = []
    risks: list[float] = []
    inputs: list[str] = []
    for n, a in enumerate(cohort):
        x = daily_features(a.frame).to_numpy(dtype=float)
        last = len(a.frame) - 1
        onset_days = set(a.onsets.tolist())
        heart = (
            "hrv"
            if "hrv" in a.inputs
            else "resting_hr"
            if "resting_hr" in a.inputs
            else "load_only"
        )
        for t in range(FIRST_ROW_DAY, last, every):
            if a.out[t]:
                continue
            window = range(t + 1, t + HORIZON_DAYS + 1)
            event = any(d in onset_days for d in window)
            if not event and t + HORIZON_DAYS > last:
                break
            ids.append(athlete_id(a))
            shapes.append(a.shape)
            days_.append(t)
            xs.append(x[t])
            labels.append(int(event))
            # the next day's hazard carried over the horizon: later days would already
            # follow an onset inside the window (the athlete is then out, hazard 0)
            risks.append(float(1.0 - (1.0 - a.latent[t + 1]) ** HORIZON_DAYS))
            inputs.append(heart)
        if progress is not None:
            progress("features", n + 1, len(cohort))
    return Rows(
        np.array(ids, dtype=int),
        np.array(shapes, dtype=str),
        np.array(days_, dtype=int),
        np.array(xs, dtype=float).reshape(-1, len(FEATURES)),
        np.array(labels, dtype=int),
        np.array(risks, dtype=float),
        np.array(inputs, dtype=str),
    )
