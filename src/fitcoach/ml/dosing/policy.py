"""The trained dosing policy run in NumPy: the PPO actor's MLP forward pass from exported weights,
so the application needs neither torch nor stable-baselines3 to ask the agent (the ``ml`` extra
trains it; tests check this forward equals SB3's deterministic ``predict``).

The artefact comes from the registry: the model directory's newest ``ppo`` when it has one,
else the policy shipped with the package (``fitcoach/ml/artefacts``). Its ``gate`` says
whether it may drive a plan, from the evaluation stored with it (:mod:`.gate`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from fitcoach.ml import registry
from fitcoach.ml.dosing import observation
from fitcoach.ml.dosing.gate import Gate, from_metrics

NAME = "ppo"
WEIGHTS = "policy.npz"
SHIPPED = Path(__file__).resolve().parent.parent / "artefacts"


@dataclass(frozen=True)
class NumpyPolicy:
    """The actor: ``tanh`` hidden layers, a linear mean, the action clipped to [-1, 1]."""

    weights: tuple[npt.NDArray[np.float64], ...]
    biases: tuple[npt.NDArray[np.float64], ...]
    version: str = ""
    gate: Gate = field(default_factory=lambda: Gate(False, ()))

    @classmethod
    def from_bytes(cls, payload: bytes, version: str = "", gate: Gate | None = None) -> NumpyPolicy:
        with np.load(io.BytesIO(payload)) as data:
            layers = int(data["layers"])
            weights = tuple(np.asarray(data[f"w{i}"], dtype=np.float64) for i in range(layers))
            biases = tuple(np.asarray(data[f"b{i}"], dtype=np.float64) for i in range(layers))
        return cls(weights=weights, biases=biases, version=version, gate=gate or Gate(False, ()))

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        arrays: dict[str, npt.NDArray[np.float64]] = {}
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            arrays[f"w{i}"], arrays[f"b{i}"] = w, b
        np.savez(buffer, layers=np.array(len(self.weights)), **arrays)  # type: ignore[arg-type]
        return buffer.getvalue()

    def __call__(self, obs: npt.ArrayLike) -> npt.NDArray[np.float32]:
        """The deterministic action for one observation (30 × 5) or a batch (n × 30 × 5)."""
        x = np.asarray(obs, dtype=np.float64)
        single = x.ndim == 2
        x = x.reshape(1 if single else x.shape[0], -1)
        last = len(self.weights) - 1
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            x = x @ w.T + b
            if i < last:
                x = np.tanh(x)
        out = np.clip(x, -1.0, 1.0).astype(np.float32)
        return out[0] if single else out


def load(model_dir: Path | None = None, version: str | None = None) -> NumpyPolicy:
    """The newest ``ppo`` artefact (or ``version``) under ``model_dir``, else the shipped one
    (verified by the registry); raises :class:`registry.ArtefactError` when neither is usable."""
    roots = [r for r in (model_dir, SHIPPED) if r is not None]
    last_error: registry.ArtefactError | None = None
    for root in roots:
        known = registry.versions(root, NAME)
        if not known or (version is not None and version not in {m.version for m in known}):
            continue
        try:
            artefact = registry.load(root, NAME, schema=observation.SCHEMA, version=version)
        except registry.ArtefactError as exc:
            last_error = exc
            continue
        payload = artefact.file(WEIGHTS).read_bytes()
        return NumpyPolicy.from_bytes(
            payload,
            version=artefact.manifest.version,
            gate=from_metrics(artefact.manifest.metrics),
        )
    if last_error is not None:
        raise last_error
    raise registry.ArtefactError(
        f"No {NAME} model under {model_dir or SHIPPED}. Train one with `fitcoach ml train ppo`."
    )
