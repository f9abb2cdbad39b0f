"""The risk models and their artefact: gradient boosting, and a logistic regression beside it.

Both read the same :data:`~fitcoach.ml.burnout.features.FEATURES` row and predict an event
(an injury, illness or overreaching onset in the simulators) within the next ``HORIZON_DAYS``
days. The gradient boosting model (scikit-learn's histogram gradient boosting) splits on
missing values itself, so an athlete without HRV or resting HR is scored as such, helped by the
``*_missing`` indicators; the logistic regression (median imputation, standardised features) is
the linear baseline every figure is shown beside, stored so that the same baseline is scored on
real data. Which of them, if any, the product shows is decided on real data
(:mod:`fitcoach.ml.burnout.gate`), not here.

An artefact is a registry directory (``fitcoach.ml.registry``) holding ``gb.pkl.gz``,
``lr.pkl.gz`` and ``meta.json`` (features, horizon, the risk levels and the training base
rate); :func:`load_models` reads the model directory and, when it has no risk model, the
compact artefact shipped inside the package, verifying schema and hashes.
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
from fitcoach.ml.threads import one_thread as one_thread

if TYPE_CHECKING:
    import pandas as pd

NAME = "burnout"
PACKAGED_ROOT = Path(__file__).resolve().parent.parent / "artefacts"
# A level is a multiple of the training base rate (the usual risk of a row): moderate from one
# and a half times it, high from three times it. Stored with the model, since the base rate is
# the simulators' and changes with them.
MODERATE_TIMES_BASE = 1.5
HIGH_TIMES_BASE = 3.0
DEFAULT_PARAMS: dict[str, Any] = {
    "gb_max_iter": 200,
    "gb_learning_rate": 0.05,
    "gb_max_depth": 3,
    "gb_min_samples_leaf": 200,
    "gb_l2": 1.0,
    "lr_c": 1.0,
}


class ModelUnavailable(registry.ArtefactError):
    """The risk model cannot run here: the ml extra is not installed or no artefact loads."""


def require_ml() -> None:
    """``ModelUnavailable`` (saying how to install it) when scikit-learn is missing."""
    try:
        import sklearn  # noqa: F401
    except ImportError as exc:
        raise ModelUnavailable(
            "The risk model needs the ml extra (scikit-learn, shap): pip install 'fitcoach[ml]'."
        ) from exc


@dataclass(frozen=True)
class Levels:
    """Where moderate and high start (probabilities within the horizon)."""

    moderate: float
    high: float

    @classmethod
    def of_base_rate(cls, base_rate: float) -> Levels:
        return cls(
            moderate=round(MODERATE_TIMES_BASE * base_rate, 4),
            high=round(HIGH_TIMES_BASE * base_rate, 4),
        )

    def of(self, probability: float) -> str:
        """``low``, ``moderate`` or ``high``."""
        if probability >= self.high:
            return "high"
        if probability >= self.moderate:
            return "moderate"
        return "low"


@dataclass
class BurnoutModels:
    """The fitted models and what they need to score a feature frame."""

    gb: Any
    lr: Any
    levels: Levels
    base_rate: float
    params: dict[str, Any]

    @staticmethod
    def matrix(features: pd.DataFrame) -> npt.NDArray[np.float64]:
        """The feature rows as a float matrix in :data:`FEATURES` order (NaN kept)."""
        return features[list(FEATURES)].to_numpy(dtype=float)

    def gb_probability(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        with one_thread():
            return np.asarray(self.gb.predict_proba(x)[:, 1], dtype=float)

    def lr_probability(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        with one_thread():
            return np.asarray(self.lr.predict_proba(x)[:, 1], dtype=float)

    def level_of(self, probability: float) -> str:
        return self.levels.of(probability)

    # --- the artefact ---------------------------------------------------------------------

    def files(self) -> dict[str, bytes]:
        meta = {
            "features": list(FEATURES),
            "horizon_days": HORIZON_DAYS,
            "levels": {"moderate": self.levels.moderate, "high": self.levels.high},
            "base_rate": self.base_rate,
            "params": self.params,
        }
        return {
            "gb.pkl.gz": _pickle(self.gb),
            "lr.pkl.gz": _pickle(self.lr),
            "meta.json": (json.dumps(meta, indent=1, sort_keys=True) + "\n").encode(),
        }

    @classmethod
    def from_artefact(cls, artefact: registry.Artefact) -> BurnoutModels:
        require_ml()
        meta = json.loads(artefact.file("meta.json").read_text())
        if list(meta["features"]) != list(FEATURES):
            raise registry.ArtefactError("The risk artefact lists other features.")
        return cls(
            gb=_unpickle(artefact.file("gb.pkl.gz").read_bytes()),
            lr=_unpickle(artefact.file("lr.pkl.gz").read_bytes()),
            levels=Levels(float(meta["levels"]["moderate"]), float(meta["levels"]["high"])),
            base_rate=float(meta["base_rate"]),
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


def fit_logistic(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.int_], *, c: float = 1.0, seed: int = 0
) -> Any:
    """The linear baseline: median imputation, standardisation, L2 logistic regression."""
    require_ml()
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    pipeline = make_pipeline(
        SimpleImputer(strategy="median", keep_empty_features=True),
        StandardScaler(),
        LogisticRegression(C=c, max_iter=2000, random_state=seed),
    )
    with one_thread():
        return pipeline.fit(x, y)


def fit_boosting(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.int_],
    *,
    params: Mapping[str, Any],
    seed: int,
) -> Any:
    """Histogram gradient boosting on rows with NaN where a feature is unknown."""
    require_ml()
    from sklearn.ensemble import HistGradientBoostingClassifier

    p = {**DEFAULT_PARAMS, **params}
    model = HistGradientBoostingClassifier(
        max_iter=int(p["gb_max_iter"]),
        learning_rate=float(p["gb_learning_rate"]),
        max_depth=int(p["gb_max_depth"]),
        min_samples_leaf=int(p["gb_min_samples_leaf"]),
        l2_regularization=float(p["gb_l2"]),
        early_stopping=False,
        random_state=seed,
    )
    with one_thread():
        return model.fit(x, y)


def fit(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.int_],
    *,
    params: Mapping[str, Any],
    seed: int,
) -> BurnoutModels:
    """Fit both models on rows ``x`` (NaN where unknown) and labels ``y`` (an event within
    the horizon); the levels follow the rows' base rate."""
    p = {**DEFAULT_PARAMS, **params}
    base_rate = float(np.mean(y))
    return BurnoutModels(
        gb=fit_boosting(x, y, params=p, seed=seed),
        lr=fit_logistic(x, y, c=float(p["lr_c"]), seed=seed),
        levels=Levels.of_base_rate(base_rate),
        base_rate=round(base_rate, 5),
        params=p,
    )


@dataclass(frozen=True)
class Loaded:
    """A verified risk model: the models, the manifest and the directory they came from."""

    models: BurnoutModels
    manifest: registry.Manifest
    path: Path


def locate(root: Path | None, *, version: str | None = None) -> registry.Artefact:
    """The artefact :func:`load` would load, verified (schema and file hashes), without
    unpickling it or importing scikit-learn: enough to read its real-data gate."""
    expected = schema()
    if root is not None and (version is not None or registry.versions(root, NAME)):
        return registry.load(root, NAME, schema=expected, version=version)
    return registry.load(PACKAGED_ROOT, NAME, schema=expected)


def load(root: Path | None, *, version: str | None = None) -> Loaded:
    """The newest risk artefact under ``root``, else the one shipped in the package; verified
    (schema and file hashes) before anything is unpickled."""
    require_ml()
    artefact = locate(root, version=version)
    return Loaded(BurnoutModels.from_artefact(artefact), artefact.manifest, artefact.path)


def load_models(
    root: Path | None, *, version: str | None = None
) -> tuple[BurnoutModels, registry.Manifest]:
    """:func:`load` without the directory."""
    found = load(root, version=version)
    return found.models, found.manifest
