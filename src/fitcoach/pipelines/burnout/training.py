"""Training across the hazard shapes, split by athlete, each shape also held out from
training, saved to the registry (``train``). The model card's figures and a saved model on
fresh athletes are research (``research.pipelines.burnout``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from fitcoach.core.errors import InvalidInput
from fitcoach.ml import registry
from fitcoach.ml.burnout import model as burnout_model
from fitcoach.ml.burnout.features import schema
from fitcoach.pipelines.burnout.rows import Rows, athlete_id, rows_of
from fitcoach.pipelines.burnout.scoring import circularity, score_table
from fitcoach.pipelines.burnout.simulation import SHAPES, Athlete, Progress, generate


@dataclass(frozen=True)
class TrainConfig:
    athletes: int = 400  # per shape
    days: int = 365
    seed: int = 0
    test_fraction: float = 0.25
    every: int = 2
    shapes: tuple[str, ...] = SHAPES
    params: dict[str, Any] = field(default_factory=lambda: dict(burnout_model.DEFAULT_PARAMS))
    n_boot: int = 500


@dataclass
class TrainResult:
    manifest: registry.Manifest
    models: burnout_model.BurnoutModels
    metrics: dict[str, Any]
    held_out: Rows  # the held-out athletes' rows (the model card's figures draw them)


def split(cohort: Sequence[Athlete], test_fraction: float, seed: int) -> set[int]:
    """The held-out athletes (cohort ids): a seeded share of each shape's athletes."""
    held: set[int] = set()
    for s_index, s in enumerate(SHAPES):
        ids = [athlete_id(a) for a in cohort if a.shape == s]
        if not ids:
            continue
        rng = np.random.default_rng([seed, 7_777, s_index])
        n_test = max(1, round(len(ids) * test_fraction))
        held |= {int(i) for i in rng.choice(np.array(ids), size=n_test, replace=False)}
    return held


def _dataset_hash(cohort: Sequence[Athlete]) -> str:
    parts: list[bytes] = []
    for a in cohort:
        parts.append(f"{a.shape}:{a.index}:{a.onsets.tolist()}".encode())
        parts.append(np.ascontiguousarray(a.frame.to_numpy(dtype=float)).tobytes())
    return registry.data_hash(parts)


def _fit(rows: Rows, config: TrainConfig) -> burnout_model.BurnoutModels:
    if rows.label.sum() == 0 or rows.label.sum() == len(rows.label):
        raise InvalidInput("too few onsets to train on; use more athletes or days")
    return burnout_model.fit(rows.x, rows.label, params=config.params, seed=config.seed)


def train(config: TrainConfig, root: Path, *, progress: Progress | None = None) -> TrainResult:
    """Simulate every shape, split by athlete, fit, evaluate (in-family, each shape held out
    from training, by input set) and save the artefact under ``root``."""
    burnout_model.require_ml()
    unknown = set(config.shapes) - set(SHAPES)
    if unknown or not config.shapes:
        raise InvalidInput(f"shapes are some of {', '.join(SHAPES)}")
    started = time.perf_counter()
    cohort = generate(config.athletes, config.days, config.seed, config.shapes, progress=progress)
    rows = rows_of(cohort, every=config.every, progress=progress)
    held = split(cohort, config.test_fraction, config.seed)
    is_test = np.isin(rows.athlete, list(held))
    train_rows, test_rows = rows.take(~is_test), rows.take(is_test)
    steps = 1 + len(config.shapes) * 2 + 1
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress("fit and evaluate", done, steps)

    fit_started = time.perf_counter()
    models = _fit(train_rows, config)
    fit_seconds = time.perf_counter() - fit_started
    tick()
    in_family: dict[str, Any] = {}
    held_out_shape: dict[str, Any] = {}
    for s in config.shapes:
        own_train, own_test = (
            train_rows.take(train_rows.shape == s),
            test_rows.take(test_rows.shape == s),
        )
        table = score_table(models, train_rows, own_test, n_boot=config.n_boot, seed=config.seed)
        table["circularity_r2"] = round(circularity(own_train, own_test), 4)
        in_family[s] = table
        tick()
        if len(config.shapes) > 1:
            others = train_rows.take(train_rows.shape != s)
            without = _fit(others, config)
            shape_table = score_table(
                without, others, own_test, n_boot=config.n_boot, seed=config.seed
            )
            shape_table["circularity_r2"] = table["circularity_r2"]
            held_out_shape[s] = shape_table
        tick()
    by_inputs = {
        name: score_table(
            models,
            train_rows,
            test_rows.take(test_rows.inputs == name),
            n_boot=config.n_boot,
            seed=config.seed,
        )
        for name in ("load_only", "resting_hr", "hrv")
        if (test_rows.inputs == name).any() and test_rows.label[test_rows.inputs == name].any()
    }
    everything = score_table(models, train_rows, test_rows, n_boot=config.n_boot, seed=config.seed)
    tick()
    onsets = sum(len(a.onsets) for a in cohort)
    metrics: dict[str, Any] = {
        "held_out_athletes": everything,
        "by_shape": in_family,
        "shape_held_out_from_training": held_out_shape,
        "by_inputs": by_inputs,
        "data": {
            "athletes_per_shape": config.athletes,
            "days": config.days,
            "shapes": list(config.shapes),
            "held_out_athletes": len(held),
            "onsets": onsets,
            "onsets_per_100_days": round(100.0 * onsets / (len(cohort) * config.days), 3),
            "train_rows": len(train_rows.label),
            "test_rows": len(test_rows.label),
            "train_positive_rate": round(float(train_rows.label.mean()), 4),
            "onsets_by_shape": {
                s: sum(len(a.onsets) for a in cohort if a.shape == s) for s in config.shapes
            },
        },
        "fit_seconds": round(fit_seconds, 2),
        "total_seconds": round(time.perf_counter() - started, 2),
    }
    flat = {
        "gb_auc": everything["gradient_boosting"]["auc"]["value"],
        "lr_auc": everything["logistic_regression"]["auc"]["value"],
        "acwr_auc": everything["acwr"]["auc"]["value"],
        "load_7d_auc": everything["load_7d"]["auc"]["value"],
        "oracle_auc": everything["oracle"]["auc"]["value"],
        "gb_brier": everything["gradient_boosting"]["brier"]["value"],
    }
    manifest = registry.save(
        root,
        name=burnout_model.NAME,
        files=models.files(),
        schema=schema(),
        seed=config.seed,
        params={
            **models.params,
            "athletes_per_shape": config.athletes,
            "days": config.days,
            "every": config.every,
            "test_fraction": config.test_fraction,
            "shapes": list(config.shapes),
        },
        data=_dataset_hash(cohort),
        metrics={**flat, "detail": metrics},
    )
    return TrainResult(manifest, models, metrics, test_rows)


def config_dict(config: TrainConfig) -> dict[str, Any]:
    out = asdict(config)
    out["shapes"] = list(config.shapes)
    return out
