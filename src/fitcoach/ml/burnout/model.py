"""The burnout models and their artefact: gradient boosting, random forest, Cox proportional hazards.

Every model reads the same :data:`~fitcoach.ml.burnout.features.FEATURES` row. Missing features
are filled with the training medians (kept in the artefact). The classifiers predict a burnout
event within the next ``HORIZON_DAYS`` days; the Cox model gives a relative hazard (time to the
next event), stored as its coefficients and the standardisation it was fitted on, so scoring it
needs numpy only. The gradient boosting model is the one the app scores with (it did best on
held-out athletes, see docs/models/burnout.md); the forest and Cox are kept for comparison.

An artefact is a registry directory (``fitcoach.ml.registry``) holding ``gb.pkl.gz``,
``rf.pkl.gz`` and ``meta.json``; :func:`load_models` reads the model directory and, when it has
no burnout model, the compact artefact shipped inside the package, verifying schema and hashes.
"""

from __future__ import annotations

import gzip
import io
import json
import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from fitcoach.ml import registry
from fitcoach.ml.burnout.features import FEATURES, HORIZON_DAYS, schema

if TYPE_CHECKING:
    import pandas as pd

NAME = "burnout"
PACKAGED_ROOT = Path(__file__).resolve().parent.parent / "artefacts"
# The usual 14-day risk in the training data is about 1 %: moderate is about twice that, high
# about five times (the top tenth of held-out athletes sat near 4 %; docs/models/burnout.md).
LEVELS = (("low", 0.0), ("moderate", 0.02), ("high", 0.05))
DEFAULT_PARAMS: dict[str, Any] = {
    "n_estimators": 200,
    "gb_learning_rate": 0.03,
    "gb_max_depth": 3,
    "gb_min_samples_leaf": 100,
    "gb_subsample": 0.8,
    "rf_max_depth": 8,
    "rf_min_samples_leaf": 20,
    "rf_balanced": False,
    "cox_penalizer": 0.01,
}


class ModelUnavailable(registry.ArtefactError):
    """The risk model cannot run here: the ml extra is not installed or no artefact loads."""


def require_ml() -> None:
    """``ModelUnavailable`` (saying how to install it) when scikit-learn is missing."""
    try:
        import sklearn  # noqa: F401
    except ImportError as exc:
        raise ModelUnavailable(
            "The burnout risk model needs the ml extra (scikit-learn, shap): "
            "pip install 'fitcoach[ml]'."
        ) from exc


def level_of(probability: float) -> str:
    """low < 2 %, moderate 2–5 %, high ≥ 5 % chance of an event in the next 14 days."""
    found = LEVELS[0][0]
    for name, floor in LEVELS:
        if probability >= floor:
            found = name
    return found


@dataclass
class BurnoutModels:
    """The fitted models and what they need to score a feature frame."""

    medians: dict[str, float]
    gb: Any
    rf: Any
    cox_coef: dict[str, float]
    cox_mean: dict[str, float]
    cox_scale: dict[str, float]
    params: dict[str, Any]

    def matrix(self, features: pd.DataFrame) -> npt.NDArray[np.float64]:
        """The feature rows as a float matrix, missing values filled with the training medians."""
        values = features[list(FEATURES)].to_numpy(dtype=float).copy()
        fill = np.array([self.medians[f] for f in FEATURES])
        holes = np.isnan(values)
        values[holes] = np.take(fill, np.nonzero(holes)[1])
        return values

    def gb_probability(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.asarray(self.gb.predict_proba(x)[:, 1], dtype=float)

    def rf_probability(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.asarray(self.rf.predict_proba(x)[:, 1], dtype=float)

    def cox_hazard(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """The relative hazard exp(β·z), z the standardised features (1 at the training mean)."""
        mean = np.array([self.cox_mean[f] for f in FEATURES])
        scale = np.array([self.cox_scale[f] for f in FEATURES])
        beta = np.array([self.cox_coef[f] for f in FEATURES])
        return np.asarray(np.exp(((x - mean) / scale) @ beta), dtype=float)

    # --- the artefact ---------------------------------------------------------------------

    def files(self) -> dict[str, bytes]:
        meta = {
            "features": list(FEATURES),
            "horizon_days": HORIZON_DAYS,
            "medians": self.medians,
            "cox": {"coef": self.cox_coef, "mean": self.cox_mean, "scale": self.cox_scale},
            "params": self.params,
        }
        return {
            "gb.pkl.gz": _pickle(self.gb),
            "rf.pkl.gz": _pickle(self.rf),
            "meta.json": (json.dumps(meta, indent=1, sort_keys=True) + "\n").encode(),
        }

    @classmethod
    def from_artefact(cls, artefact: registry.Artefact) -> BurnoutModels:
        require_ml()
        meta = json.loads(artefact.file("meta.json").read_text())
        if list(meta["features"]) != list(FEATURES):
            raise registry.ArtefactError("The burnout artefact lists other features.")
        return cls(
            medians={k: float(v) for k, v in meta["medians"].items()},
            gb=_unpickle(artefact.file("gb.pkl.gz").read_bytes()),
            rf=_unpickle(artefact.file("rf.pkl.gz").read_bytes()),
            cox_coef={k: float(v) for k, v in meta["cox"]["coef"].items()},
            cox_mean={k: float(v) for k, v in meta["cox"]["mean"].items()},
            cox_scale={k: float(v) for k, v in meta["cox"]["scale"].items()},
            params=dict(meta["params"]),
        )


def _pickle(value: Any) -> bytes:
    buffer = io.BytesIO()
    # mtime=0: the same model gives the same bytes (and so the same hash)
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9, mtime=0) as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return buffer.getvalue()


def _unpickle(payload: bytes) -> Any:
    # Only artefacts whose every file matched its manifest hash reach here (registry.load).
    return pickle.loads(gzip.decompress(payload))


def fit(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.int_],
    durations: npt.NDArray[np.float64],
    events: npt.NDArray[np.int_],
    *,
    medians: Mapping[str, float],
    params: Mapping[str, Any],
    seed: int,
) -> BurnoutModels:
    """Fit the three models on imputed rows ``x``: classifiers on ``y`` (event within the
    horizon), Cox on (``durations``, ``events``)."""
    require_ml()
    import pandas as pd
    from lifelines import CoxPHFitter
    from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier

    p = {**DEFAULT_PARAMS, **params}
    gb = GradientBoostingClassifier(
        n_estimators=int(p["n_estimators"]),
        learning_rate=float(p["gb_learning_rate"]),
        max_depth=int(p["gb_max_depth"]),
        min_samples_leaf=int(p.get("gb_min_samples_leaf", 1)),
        subsample=float(p["gb_subsample"]),
        random_state=seed,
    ).fit(x, y)
    rf = RandomForestClassifier(
        n_estimators=int(p["n_estimators"]),
        max_depth=int(p["rf_max_depth"]),
        min_samples_leaf=int(p["rf_min_samples_leaf"]),
        class_weight="balanced_subsample" if p.get("rf_balanced", False) else None,
        n_jobs=1,
        random_state=seed,
    ).fit(x, y)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    cox_frame = pd.DataFrame((x - mean) / scale, columns=list(FEATURES))
    cox_frame["duration"] = np.maximum(durations, 0.5)
    cox_frame["event"] = events
    cph = CoxPHFitter(penalizer=float(p["cox_penalizer"]))
    cph.fit(cox_frame, duration_col="duration", event_col="event")
    coef = cph.params_
    return BurnoutModels(
        medians={k: float(v) for k, v in medians.items()},
        gb=gb,
        rf=rf,
        cox_coef={f: float(coef[f]) for f in FEATURES},
        cox_mean={f: float(m) for f, m in zip(FEATURES, mean, strict=True)},
        cox_scale={f: float(s) for f, s in zip(FEATURES, scale, strict=True)},
        params=p,
    )


def load_models(
    root: Path | None, *, version: str | None = None
) -> tuple[BurnoutModels, registry.Manifest]:
    """The newest burnout artefact under ``root``, else the one shipped in the package; verified
    (schema and file hashes) before anything is unpickled."""
    require_ml()
    expected = schema()
    if root is not None and (version is not None or registry.versions(root, NAME)):
        artefact = registry.load(root, NAME, schema=expected, version=version)
    else:
        artefact = registry.load(PACKAGED_ROOT, NAME, schema=expected)
    return BurnoutModels.from_artefact(artefact), artefact.manifest
