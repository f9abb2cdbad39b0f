"""Train the GNN-LSTM form model and evaluate it against the geometric rule (the scores stored
with the artefact). The model card's figures and a saved model on fresh sets are research
(``research.pipelines.form``: ``figures``, ``evaluate``).

Data: ``n_train`` generated sets (seed ``seed``, the train body population) to fit, ``n_val``
more (seed ``seed + 1``, same population) to pick the epoch (the tuned figures), ``n_test``
held-out sets (seed ``seed + 2``, the *held-out* body population: other heights and
proportions), and the hand-written sets. Every metric is reported for the model and for the
geometric baseline (:func:`fitcoach.analysis.pose.analyse`, which classifies the lift by rules
and scores faults by fixed thresholds) on the same sets.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from fitcoach.analysis import pose
from fitcoach.ml import registry
from fitcoach.ml.form import NAME
from fitcoach.ml.form.features import SCHEMA, features
from fitcoach.pipelines.form.generate import Sequence, generate
from fitcoach.pipelines.form.handwritten import handwritten

Progress = Callable[[str, float], None]
# Called with a run's report, training history, sets and predictions (the model card's figures,
# which research draws: ``research.pipelines.form.figures.plots``).
Figures = Callable[
    [dict[str, Any], list[dict[str, float]], dict[str, "Data"], dict[str, Any]], object
]


def _quiet(_message: str, _fraction: float) -> None:
    return None


@dataclass(frozen=True)
class TrainConfig:
    n_train: int = 1000
    n_val: int = 200
    n_test: int = 300
    seed: int = 7
    epochs: int = 25
    batch_size: int = 32
    lr: float = 2e-3
    weight_decay: float = 1e-4
    model: dict[str, Any] = field(default_factory=dict)
    device: str = "cpu"  # "cuda" where a GPU is there (recorded with the artefact)
    workers: int = 1  # processes generating the sets (the sets are the same for any number)

    def params(self) -> dict[str, Any]:
        from fitcoach.ml.form.model import ModelConfig

        out = asdict(self)
        out.pop("workers")
        out["model"] = ModelConfig(**self.model).to_dict()
        return out


@dataclass
class Data:
    sequences: list[Sequence]
    x: np.ndarray[Any, Any]
    form: np.ndarray[Any, Any]
    risk: np.ndarray[Any, Any]
    angles: np.ndarray[Any, Any]
    exercise: np.ndarray[Any, Any]

    @classmethod
    def of(cls, seqs: list[Sequence]) -> Data:
        return cls(
            sequences=seqs,
            x=np.stack([features(s.landmarks) for s in seqs]) if seqs else np.zeros((0,)),
            form=np.array([s.form_score for s in seqs], dtype=np.float32),
            risk=np.array([s.risk_score for s in seqs], dtype=np.float32),
            angles=np.stack([s.angles_deg for s in seqs]).astype(np.float32),
            exercise=np.array([pose.EXERCISES.index(s.exercise) for s in seqs]),
        )

    def hash_parts(self) -> list[bytes]:
        return [self.x.tobytes(), self.form.tobytes(), self.risk.tobytes(), self.angles.tobytes()]


def set_metrics(
    data: Data,
    form: np.ndarray[Any, Any],
    risk: np.ndarray[Any, Any],
    angles: np.ndarray[Any, Any],
    exercise: np.ndarray[Any, Any],
) -> dict[str, float]:
    """The errors of predicted scores, angles and lifts against a set's labels."""
    err = form - data.form
    ang = np.abs(angles - data.angles)
    return {
        "form_mae": float(np.mean(np.abs(err))),
        "form_rmse": float(np.sqrt(np.mean(err**2))),
        "angles_mae_deg": float(np.nanmean(ang)),
        "exercise_accuracy": float(np.mean(exercise == data.exercise)),
        "risk_mae": float(np.mean(np.abs(risk - data.risk))),
    }


def baseline(data: Data) -> tuple[dict[str, float], dict[str, np.ndarray[Any, Any]]]:
    """The geometric rule's metrics on ``data`` (and its predictions), plus rep counting."""
    analyses = [pose.analyse(s.landmarks) for s in data.sequences]
    preds = {
        "form": np.array([a.form_score for a in analyses]),
        "risk": np.array([a.risk_score for a in analyses]),
        "angles": np.array([[a.angles_deg[n] for n in pose.ANGLE_NAMES] for a in analyses]),
        "exercise": np.array([pose.EXERCISES.index(a.exercise) for a in analyses]),
    }
    m = set_metrics(data, preds["form"], preds["risk"], preds["angles"], preds["exercise"])
    counted = np.array([len(a.reps) for a in analyses])
    truth = np.array([s.reps for s in data.sequences])
    m["reps_exact"] = float(np.mean(counted == truth))
    m["reps_mae"] = float(np.mean(np.abs(counted - truth)))
    return m, preds


def model_metrics(net: Any, data: Data) -> tuple[dict[str, float], dict[str, np.ndarray[Any, Any]]]:
    from fitcoach.ml.form.model import predict

    out = predict(net, data.x)
    return set_metrics(data, out["form"], out["risk"], out["angles"], out["exercise"]), out


def build_data(config: TrainConfig, progress: Progress = _quiet) -> dict[str, Data]:
    progress("generating training sets", 0.0)
    train = generate(config.n_train, config.seed, "train", config.workers)
    progress("generating validation sets", 0.15)
    val = generate(config.n_val, config.seed + 1, "train", config.workers)
    progress("generating held-out sets (other seeds and bodies)", 0.2)
    test = generate(config.n_test, config.seed + 2, "heldout", config.workers)
    progress("features", 0.25)
    return {
        "train": Data.of(train),
        "val": Data.of(val),
        "heldout": Data.of(test),
        "handwritten": Data.of(handwritten()),
    }


def fit(
    config: TrainConfig, data: dict[str, Data], progress: Progress = _quiet
) -> tuple[Any, list[dict[str, float]]]:
    """Train with Adam; keep the epoch with the best validation form MAE. Seeded."""
    import torch
    from torch.nn import functional

    from fitcoach.ml.form.model import GNNLSTM, ModelConfig

    torch.manual_seed(config.seed)
    gen = torch.Generator().manual_seed(config.seed)
    device = torch.device(config.device)
    net = GNNLSTM(ModelConfig(**config.model)).to(device)
    opt = torch.optim.AdamW(net.parameters(), lr=config.lr, weight_decay=config.weight_decay)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=max(config.epochs, 1))
    tr = data["train"]
    x = torch.from_numpy(tr.x).to(device)
    form = torch.from_numpy(tr.form / 100.0).to(device)
    risk = torch.from_numpy(tr.risk / 100.0).to(device)
    angles = torch.from_numpy(tr.angles / 180.0).to(device)
    ex = torch.from_numpy(tr.exercise).long().to(device)
    best: tuple[float, dict[str, Any]] | None = None
    history: list[dict[str, float]] = []
    for epoch in range(config.epochs):
        net.train()
        order = torch.randperm(len(x), generator=gen).to(device)
        total = 0.0
        for i in range(0, len(x), config.batch_size):
            idx = order[i : i + config.batch_size]
            out = net(x[idx])
            loss = (
                functional.mse_loss(out["form"], form[idx])
                + functional.mse_loss(out["risk"], risk[idx])
                + functional.mse_loss(out["angles"], angles[idx])
                + 0.1 * functional.cross_entropy(out["exercise"], ex[idx])
            )
            opt.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            opt.step()
            total += loss.item() * len(idx)
        sched.step()
        net.eval()
        val, _ = model_metrics(net, data["val"])
        history.append(
            {
                "epoch": epoch + 1,
                "train_loss": total / len(x),
                **{f"val_{k}": v for k, v in val.items()},
            }
        )
        if best is None or val["form_mae"] < best[0]:
            best = (val["form_mae"], {k: v.clone() for k, v in net.state_dict().items()})
        progress(
            f"epoch {epoch + 1}/{config.epochs}: val form MAE {val['form_mae']:.1f}",
            0.3 + 0.6 * (epoch + 1) / config.epochs,
        )
    assert best is not None
    net.load_state_dict(best[1])
    net.cpu()
    net.eval()
    return net, history


def train(
    config: TrainConfig,
    model_dir: Path,
    *,
    figures: Figures | None = None,
    progress: Progress = _quiet,
    data: dict[str, Data] | None = None,
) -> dict[str, Any]:
    """Generate (unless ``data`` from :func:`build_data` is given), fit, evaluate against the
    rule on every set, save to the registry.

    Returns the metrics: ``{"model": {set: {...}}, "baseline": {set: {...}}, "version": ...}``.
    """
    from fitcoach.ml.form.model import state_bytes

    started = time.perf_counter()
    if data is None:
        data = build_data(config, progress)
    net, history = fit(config, data, progress)
    progress("evaluating", 0.92)
    report: dict[str, Any] = {"model": {}, "baseline": {}}
    predictions: dict[str, Any] = {}
    for split in ("val", "heldout", "handwritten"):
        report["model"][split], mp = model_metrics(net, data[split])
        report["baseline"][split], bp = baseline(data[split])
        predictions[split] = (mp, bp)
    report["sizes"] = {k: len(v.sequences) for k, v in data.items()}
    report["train_seconds"] = time.perf_counter() - started
    digest = registry.data_hash(
        part for split in ("train", "val") for part in data[split].hash_parts()
    )
    manifest = registry.save(
        model_dir,
        name=NAME,
        files={"model.pt": state_bytes(net)},
        schema=SCHEMA,
        seed=config.seed,
        params=config.params(),
        data=digest,
        metrics={
            "heldout_form_mae": report["model"]["heldout"]["form_mae"],
            "heldout_exercise_accuracy": report["model"]["heldout"]["exercise_accuracy"],
            "report": report,
        },
    )
    report["version"] = manifest.version
    report["history"] = history
    if figures is not None:
        figures(report, history, data, predictions)
    progress("done", 1.0)
    return report
