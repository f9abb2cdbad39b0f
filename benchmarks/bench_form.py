"""Frames per second of form analysis over pose landmarks.

Setup (not timed): generated sets of the five lifts (``fitcoach.pipelines.form.generate``,
seed 1; camera noise and dropped landmarks included), ``--rows`` frames in all (default about
20,000, ``--quick`` about 3,000).

Measured, over the same landmark arrays:

(a) geometric analysis: :func:`fitcoach.analysis.pose.analyse` per set (gap filling, smoothing,
    the lift classified, joint angles, trunk lean, valgus and neck measures, reps, faults, rule
    scores);
(b) model inference: the GNN-LSTM's input (:func:`fitcoach.ml.form.features.features`: gap
    filling, smoothing, normalising, resampling to 64 frames) and its forward pass, one set at
    a time on the CPU, with the packaged model (or, where none is installed, the same
    architecture untrained: speed does not depend on the weights). Skipped without torch.

Baseline (the floor): a plain NumPy pass over the same arrays: the six joint angles of every
frame in one vectorised call, the least any per-frame geometry costs.

Figure: input frames per second (median of ``--repeat`` runs, default 3, ``--quick`` 1);
ratio = figure / floor (below 1: slower than the floor).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from benchmarks.common import BenchArgs, BenchmarkError, Result, rate_result, repeat

from fitcoach.analysis import pose
from fitcoach.ml.form.features import features
from fitcoach.pipelines.form.generate import generate

NAME = "form"
DEFAULT_FRAMES = 20_000
QUICK_FRAMES = 3_000


def make_sets(frames: int, seed: int = 1) -> list[np.ndarray]:
    """Generated sets until about ``frames`` frames."""
    out: list[np.ndarray] = []
    total, k = 0, 0
    while total < frames:
        seq = generate(10, seed + k)
        k += 1
        for s in seq:
            if total >= frames:
                break
            out.append(s.landmarks)
            total += len(s.landmarks)
    return out


def floor(sets: list[np.ndarray]) -> int:
    """Joint angles of every frame, vectorised: the plain NumPy pass."""
    n = 0
    for lm in sets:
        angles = pose.joint_angles(lm)
        n += angles.shape[0]
    return n


def geometric(sets: list[np.ndarray]) -> list[pose.FormAnalysis]:
    return [pose.analyse(lm) for lm in sets]


def _model() -> tuple[Any, str]:
    from fitcoach.ml import form, registry
    from fitcoach.ml.form import model as m

    try:
        loaded = form.load(None)
        return loaded, f"packaged model {loaded.manifest.version}"
    except registry.ArtefactError:
        net = m.GNNLSTM(m.ModelConfig())
        net.eval()

        class Untrained:
            def predict_batch(self, batch: np.ndarray) -> dict[str, np.ndarray]:
                return m.predict(net, batch)

        return Untrained(), "untrained model (speed only)"


def main(args: BenchArgs) -> list[Result]:
    frames = args.rows or (QUICK_FRAMES if args.quick else DEFAULT_FRAMES)
    times = args.repeat or (1 if args.quick else 3)
    args.progress(f"form: generating about {frames} frames of landmarks")
    sets = make_sets(frames)
    total = sum(len(s) for s in sets)

    def check_floor(n: int) -> None:
        if n != total:
            raise BenchmarkError(f"the floor saw {n} of {total} frames")

    def check_geometry(results: list[pose.FormAnalysis]) -> None:
        if len(results) != len(sets) or not any(r.reps for r in results):
            raise BenchmarkError("geometric analysis found no reps")

    args.progress(f"form: NumPy floor over {total} frames x {times}")
    base = repeat(lambda: floor(sets), times, check=check_floor)
    args.progress(f"form: geometric analysis over {total} frames x {times}")
    geo = repeat(lambda: geometric(sets), times, check=check_geometry)
    rows = [
        rate_result(
            "geometric analysis (reps, angles, faults), frames/s",
            total,
            geo,
            base,
            baseline_name="NumPy: six joint angles per frame",
            group=NAME,
            notes=f"{len(sets)} sets, {total} frames",
            extra={"sets": len(sets)},
        )
    ]
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        rows.append(
            Result(
                name="GNN-LSTM inference, frames/s",
                figure=None,
                unit="rows/s",
                notes="skipped: torch is not installed (the ml extra)",
                group=NAME,
            )
        )
        return rows
    model, which = _model()

    def infer() -> int:
        done = 0
        for lm in sets:
            out = model.predict_batch(features(lm)[None])
            done += len(lm) if np.isfinite(out["form"]).all() else 0
        return done

    def check_infer(n: int) -> None:
        if n != total:
            raise BenchmarkError("the model gave a non-finite score")

    args.progress(f"form: GNN-LSTM inference over {total} frames x {times}")
    inf = repeat(infer, times, check=check_infer)
    rows.append(
        rate_result(
            "GNN-LSTM inference (features + forward, 1 set at a time, 1 thread), frames/s",
            total,
            inf,
            base,
            baseline_name="NumPy: six joint angles per frame",
            group=NAME,
            notes=which,
            extra={"sets": len(sets)},
        )
    )
    return rows
