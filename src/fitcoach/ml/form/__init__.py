"""Form assessment of a set from pose landmarks: geometry always, the GNN-LSTM where installed.

:func:`assess` gives the geometric analysis (reps, bottom angles, faults with cues, rule
scores) from :mod:`fitcoach.analysis.pose`, and beside it the learned model's form score,
injury-risk score and lift when torch and a trained artefact are there. The artefact is the
newest ``form`` model under the model directory, else the small one shipped in the package
(``fitcoach/ml/artefacts``). Without torch, or without any artefact, the model part says why it
is unavailable and the geometric part still stands.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from fitcoach.analysis import pose, pushup
from fitcoach.ml import registry
from fitcoach.ml.form.features import SCHEMA, features

__all__ = [
    "NAME",
    "SCHEMA",
    "Assessment",
    "FormModel",
    "ModelOpinion",
    "assess",
    "features",
    "load",
]

NAME = "form"
PACKAGED_ROOT = Path(__file__).resolve().parent.parent / "artefacts"


@dataclass(frozen=True)
class ModelOpinion:
    """What the learned model says about a set (or why it cannot say)."""

    available: bool
    reason: str = ""
    form_score: float | None = None
    risk_score: float | None = None
    exercise: str | None = None
    exercise_confidence: float | None = None
    angles_deg: dict[str, float] | None = None
    version: str | None = None


@dataclass(frozen=True)
class Assessment:
    geometry: pose.FormAnalysis
    model: ModelOpinion

    @property
    def form_score(self) -> float:
        """The score the product acts on: the geometric rule's. The model's opinion stands
        beside it; on held-out and hand-written sets it does not beat the rule
        (docs/models/form.md), so it does not decide a breakdown."""
        return self.geometry.form_score

    @property
    def breakdown(self) -> bool:
        """The rule's breakdown: the form score below 60 (``pose.breaks_down``), or for a
        push-up on image landmarks the learned push-up verdict (``pushup_model``) where it can
        run, else the verdict calibrated on real push-ups."""
        return self.geometry.breakdown

    def to_dict(self) -> dict[str, Any]:
        g = self.geometry
        return {
            "exercise": g.exercise,
            "reps": len(g.reps),
            "reps_counted_from": g.reps_counted_from,
            "form_score": round(self.form_score, 1),
            "breakdown": self.breakdown,
            "rule_form_score": round(g.form_score, 1),
            "rule_risk_score": round(g.risk_score, 1),
            "angles_deg": {k: round(v, 1) for k, v in g.angles_deg.items() if np.isfinite(v)},
            "faults": [
                {"fault": f.fault, "severity": round(f.severity, 2), "reps": f.reps, "cue": f.cue}
                for f in g.faults
            ],
            "model": {
                "available": self.model.available,
                "reason": self.model.reason,
                "form_score": None
                if self.model.form_score is None
                else round(self.model.form_score, 1),
                "risk_score": None
                if self.model.risk_score is None
                else round(self.model.risk_score, 1),
                "exercise": self.model.exercise,
                "version": self.model.version,
            },
        }


class FormModel:
    """A loaded GNN-LSTM with its manifest."""

    def __init__(self, artefact: registry.Artefact) -> None:
        from fitcoach.ml.form import model as m

        self.manifest = artefact.manifest
        config = m.ModelConfig(**dict(self.manifest.params["model"]))
        self._net = m.from_bytes(config, artefact.file("model.pt").read_bytes())

    def predict_batch(self, batch: NDArray[np.float32]) -> dict[str, NDArray[Any]]:
        from fitcoach.ml.form import model as m

        return m.predict(self._net, batch)

    def opinion(self, landmarks: NDArray[np.floating]) -> ModelOpinion:
        out = self.predict_batch(features(landmarks)[None])
        ex = int(out["exercise"][0])
        return ModelOpinion(
            available=True,
            form_score=float(np.clip(out["form"][0], 0, 100)),
            risk_score=float(np.clip(out["risk"][0], 0, 100)),
            exercise=pose.EXERCISES[ex],
            exercise_confidence=float(out["exercise_prob"][0, ex]),
            angles_deg={
                n: float(v) for n, v in zip(pose.ANGLE_NAMES, out["angles"][0], strict=True)
            },
            version=self.manifest.version,
        )


def load(model_dir: Path | None = None, version: str | None = None) -> FormModel:
    """The newest form model under ``model_dir``, else the packaged one.

    Raises :class:`registry.ArtefactError` when torch is missing or no artefact verifies.
    """
    try:
        import torch  # noqa: F401
    except ImportError as exc:
        raise registry.ArtefactError(
            "The form model needs PyTorch (the ml extra): pip install 'fitcoach[ml]'."
        ) from exc
    roots = [r for r in (model_dir, PACKAGED_ROOT) if r is not None]
    last: registry.ArtefactError | None = None
    for root in roots:
        try:
            return FormModel(registry.load(root, NAME, schema=SCHEMA, version=version))
        except registry.ArtefactError as exc:
            last = exc
    assert last is not None
    raise last


@functools.lru_cache(maxsize=4)
def _cached(model_dir: str | None) -> FormModel:
    return load(Path(model_dir) if model_dir else None)


def cached(model_dir: str | None) -> FormModel:
    """:func:`load`, kept for the process: what ``assess`` uses (a server loads it at start)."""
    return _cached(model_dir)


def assess(
    landmarks: NDArray[np.floating] | list[list[list[float]]],
    exercise: str | None = None,
    *,
    model_dir: Path | None = None,
    use_model: bool = True,
    coordinates: pose.Coordinates = "world",
    model_landmarks: NDArray[np.floating] | None = None,
    stages: Sequence[str | None] | None = None,
    stage_min_frames: int = pose.STAGE_MIN_FRAMES,
) -> Assessment:
    """Geometry and (where available) the model's opinion of one set of landmarks.

    ``coordinates`` says what ``landmarks`` are for the rule (``"image"``: measured in the image
    plane with the thresholds calibrated on real image landmarks); the model was trained on
    world landmarks, so it is given ``model_landmarks`` where those differ. ``stages`` (each
    frame's "up"/"down") count the reps where given (``pose.analyse``)."""
    arr = pose.as_landmarks(landmarks)
    geometry = pushup.with_verdict(
        pose.analyse(
            arr, exercise, coordinates=coordinates, stages=stages, stage_min_frames=stage_min_frames
        ),
        arr,
    )
    if geometry.verdict == "verdict":
        # A push-up judged by the calibrated rule: the learned verdict decides where it can run
        # (it beat the rule on held-out clips; docs/models/form.md, "Real push-ups").
        from fitcoach.ml.form import pushup_model

        geometry = pushup_model.apply(geometry, arr)
    if not use_model:
        return Assessment(geometry, ModelOpinion(available=False, reason="model not requested"))
    try:
        model = _cached(str(model_dir) if model_dir else None)
    except registry.ArtefactError as exc:
        return Assessment(geometry, ModelOpinion(available=False, reason=str(exc)))
    seen = arr if model_landmarks is None else pose.as_landmarks(model_landmarks)
    return Assessment(geometry, model.opinion(seen))


def packaged_manifest() -> dict[str, Any] | None:
    """The manifest of the model shipped in the package, if any (without loading torch)."""
    found = registry.versions(PACKAGED_ROOT, NAME)
    return json.loads(json.dumps(found[0].__dict__)) if found else None
