"""Scoring daily frames: the model's risk per day, its reasons in words, and whether the
product may show it (the real-data gate stored with the model)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from fitcoach.core.errors import InvalidInput
from fitcoach.ml.burnout import explain
from fitcoach.ml.burnout.features import FEATURES, HORIZON_DAYS, daily_features
from fitcoach.ml.burnout.gate import Gate, gate_for
from fitcoach.ml.burnout.model import Loaded

if TYPE_CHECKING:
    from datetime import date

    import pandas as pd


@dataclass(frozen=True)
class RiskScore:
    """The model's risk of an onset within ``horizon_days`` after ``day``, with its reasons."""

    day: date
    probability: float
    linear_probability: float  # the logistic regression's, the linear baseline
    level: str
    horizon_days: int
    reasons: tuple[explain.RiskReason, ...]
    features: dict[str, float | None]
    model_version: str
    validated: bool  # the real-data gate lets the product show it as the risk


class Scorer:
    """A loaded model, its gate and its SHAP explainer (built once, on first use)."""

    def __init__(self, loaded: Loaded) -> None:
        self.models = loaded.models
        self.manifest = loaded.manifest
        self.gate: Gate = gate_for(loaded.path, loaded.manifest.version)
        self._explainer: Any = None

    def _explain(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        if self._explainer is None:
            self._explainer = explain.explainer(self.models.gb)
        return explain.shap_values(self._explainer, x)

    def score_days(self, frame: pd.DataFrame, *, top: int = 3) -> list[RiskScore]:
        """The risk for every day of ``frame`` (see ``features.daily_features``), each from
        that day and the days before it."""
        features = daily_features(frame)
        return self._scores(features, top=top)

    def score(self, frame: pd.DataFrame, *, top: int = 3) -> RiskScore:
        """The risk for the last day of ``frame``."""
        if len(frame) == 0:
            raise InvalidInput("no days to score")
        features = daily_features(frame)
        return self._scores(features.iloc[[-1]], top=top)[0]

    def probabilities(
        self, features: pd.DataFrame
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """The model's and the linear baseline's probabilities for every row of a feature
        frame (rows of several athletes may be stacked: each row is scored alone), and the
        feature matrix they were computed from."""
        x = self.models.matrix(features)
        if len(x) == 0:
            empty = np.zeros(0)
            return empty, empty.copy(), x
        return self.models.gb_probability(x), self.models.lr_probability(x), x

    def reasons(
        self, x: npt.NDArray[np.float64], *, top: int = 3
    ) -> list[tuple[explain.RiskReason, ...]]:
        """Each row's reasons in words (SHAP; built on first use)."""
        if len(x) == 0:
            return []
        contributions = self._explain(x)
        return [tuple(explain.reasons(x[i], contributions[i], top=top)) for i in range(len(x))]

    def _scores(self, features: pd.DataFrame, *, top: int) -> list[RiskScore]:
        if features.empty:
            return []
        x = self.models.matrix(features)
        probability = self.models.gb_probability(x)
        linear = self.models.lr_probability(x)
        contributions = self._explain(x)
        out = []
        for i, stamp in enumerate(features.index):
            raw = x[i]
            out.append(
                RiskScore(
                    day=stamp.date(),
                    probability=float(probability[i]),
                    linear_probability=float(linear[i]),
                    level=self.models.level_of(float(probability[i])),
                    horizon_days=HORIZON_DAYS,
                    reasons=tuple(explain.reasons(raw, contributions[i], top=top)),
                    features={
                        f: (float(v) if np.isfinite(v) else None)
                        for f, v in zip(FEATURES, raw, strict=True)
                    },
                    model_version=self.manifest.version,
                    validated=self.gate.show_model,
                )
            )
        return out
