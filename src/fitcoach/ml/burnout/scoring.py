"""Scoring one athlete's daily frame: the risk for its last day and the reasons, in words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from fitcoach.ml import registry
from fitcoach.ml.burnout import explain
from fitcoach.ml.burnout.features import HORIZON_DAYS, daily_features
from fitcoach.ml.burnout.model import BurnoutModels, level_of

if TYPE_CHECKING:
    from datetime import date

    import pandas as pd


@dataclass(frozen=True)
class RiskScore:
    """The risk of a burnout or overreaching event within ``horizon_days`` after ``day``."""

    day: date
    probability: float
    level: str
    relative_hazard: float
    horizon_days: int
    reasons: tuple[explain.RiskReason, ...]
    features: dict[str, float | None]
    model_version: str


class Scorer:
    """The loaded models with their SHAP explainer (built once, on first use)."""

    def __init__(self, models: BurnoutModels, manifest: registry.Manifest) -> None:
        self.models = models
        self.manifest = manifest
        self._explainer: Any = None

    def score(self, frame: pd.DataFrame, *, top: int = 3) -> RiskScore:
        """The risk for the last day of ``frame`` (see ``features.daily_features``)."""
        features = daily_features(frame)
        if features.empty:
            from fitcoach.core.errors import InvalidInput

            raise InvalidInput("no days to score")
        last = features.iloc[[-1]]
        x = self.models.matrix(last)
        probability = float(self.models.gb_probability(x)[0])
        if self._explainer is None:
            self._explainer = explain.explainer(self.models.gb)
        contributions = explain.shap_values(self._explainer, x)[0]
        raw = last.to_numpy(dtype=float)[0]
        return RiskScore(
            day=features.index[-1].date(),
            probability=probability,
            level=level_of(probability),
            relative_hazard=float(self.models.cox_hazard(x)[0]),
            horizon_days=HORIZON_DAYS,
            reasons=tuple(explain.reasons(raw, contributions, top=top)),
            features={
                str(k): (float(v) if np.isfinite(v) else None) for k, v in last.iloc[0].items()
            },
            model_version=self.manifest.version,
        )
