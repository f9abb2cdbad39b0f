"""Training the per-frame form models of :mod:`fitcoach.ml.form.real_frames` (real image
landmarks): the generated frames that may augment the real ones, and the artefact. The
hyperparameter search by grouped CV over DEV clips that chose ``ml.form.real_frames.CHOSEN`` is
research (``research.pipelines.form.real_frames_select``).

Generated frames: the form generator's skeleton (:mod:`fitcoach.pipelines.form.generate`)
draws squats and lunges, so the two stage tasks can take them: poses at random phases of random
bodies, seen by a camera placed like the real videos' (squat from the front, lunge from the
side), projected orthographically to image x/y with a random aspect ratio, noise, dropped
landmarks, and only the task's CSV landmarks kept; the stage label comes from the generator's
phase. The generator has no plank, curl or knee-over-toe fault, so those tasks take none.

``python -m fitcoach.pipelines.form.real_frames train [--out DIR]`` trains with
``ml.form.real_frames.CHOSEN`` and writes the artefact (seconds).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from fitcoach.analysis import pose
from fitcoach.ml.form import real_frames as rf
from fitcoach.ml.splits import blind_pose as bp
from fitcoach.pipelines.form import generate as gen

FloatArray = NDArray[np.float64]

# Stage labels from the generator's phase (0 top, 1 bottom), written before any CV.
SYNTHETIC: Final[dict[str, dict[str, Any]]] = {
    "squat_stage": {"exercise": "squat", "yaw": (-30.0, 30.0), "cuts": (0.2,)},
    "lunge_stage": {"exercise": "lunge", "yaw": (60.0, 120.0), "cuts": (0.2, 0.8)},
}
SYNTHETIC_ORDER: Final[dict[str, tuple[str, ...]]] = {
    "squat_stage": ("up", "down"),
    "lunge_stage": ("init", "mid", "down"),
}
FRAMES_PER_CLIP: Final = 20


def synthetic_frames(
    task: str, n_clips: int, present: Sequence[str], seed: int = rf.SEED
) -> rf.Generated:
    """Generated frames for a stage task as (features, labels): ``n_clips`` bodies, each seen
    at :data:`FRAMES_PER_CLIP` random phases by one camera (yaw in the task's range, either
    side, pitch ±8°), orthographic image x/y stretched by a random aspect ratio (0.56-1.78),
    1.5 % noise of the height, 2 % of landmarks dropped, only ``present`` landmarks kept."""
    spec = SYNTHETIC[task]
    order = SYNTHETIC_ORDER[task]
    rng = np.random.default_rng(seed)
    keep = np.zeros(pose.N_LANDMARKS, dtype=bool)
    keep[[pose.IDX[n] for n in present]] = True
    feats: list[FloatArray] = []
    labels: list[str] = []
    faults = gen.APPLICABLE[spec["exercise"]]
    for _ in range(n_clips):
        body = gen.Body.sample(rng, "train")
        sev = {f: float(rng.uniform(0.0, 0.3)) for f in faults}
        style = gen.Style(
            severities=sev,
            depth_jitter=float(rng.normal(0.0, 4.0)),
            lean_jitter=float(rng.normal(0.0, 4.0)),
            stance=float(rng.uniform(1.2, 1.8)),
            neck_base=float(rng.uniform(5.0, 20.0)),
            grip=float(rng.uniform(0.8, 1.3)),
        )
        phases = rng.uniform(0.0, 1.0, FRAMES_PER_CLIP)
        clean = np.stack(
            [gen.skeleton(spec["exercise"], body, float(p), sev, style) for p in phases]
        )
        yaw = float(rng.uniform(*spec["yaw"])) * float(rng.choice([-1.0, 1.0]))
        seen = gen._to_camera(clean, yaw, float(rng.uniform(-8.0, 8.0)))
        seen = seen + rng.normal(0.0, 0.015 * body.height_m, seen.shape)
        seen[..., 0] *= float(np.exp(rng.uniform(np.log(0.56), np.log(1.78))))
        seen[..., 2] = 0.0
        seen[:, ~keep] = np.nan
        seen[rng.random(seen.shape[:2]) < 0.02] = np.nan
        feats.append(rf.frame_features(seen))
        band = np.digitize(phases, np.asarray(spec["cuts"], dtype=np.float64))
        labels.extend(order[int(b)] for b in band)
    return np.concatenate(feats), np.asarray(labels, dtype=str)


def generated_for(task: str, dev: pd.DataFrame, seed: int = rf.SEED) -> rf.Generated | None:
    """As many generated frames as ``dev`` has rows (None where the generator cannot draw
    the task), with the landmarks ``dev`` holds."""
    if task not in SYNTHETIC:
        return None
    n_clips = max(1, len(dev) // FRAMES_PER_CLIP)
    return synthetic_frames(task, n_clips, rf.present_landmarks(dev), seed)


def train(root: Path | None = None, seed: int = rf.SEED) -> rf.FrameModels:
    """Every task's model with :data:`rf.CHOSEN`, with generated frames where it says so."""
    extra = {}
    for task in bp.TASKS:
        if rf.CHOSEN[task].get("augment"):
            frames = generated_for(task, bp.load_task(task, "dev", root), seed)
            if frames is not None:
                extra[task] = frames
    return rf.train(root, seed=seed, extra=extra)


def main(argv: Sequence[str] | None = None) -> int:
    """``train [--out DIR]`` writes the artefact (default: the one shipped in the package)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("train",))
    parser.add_argument("--out", type=Path, default=rf.PACKAGED_ROOT)
    args = parser.parse_args(argv)
    manifest = rf.save(train(), args.out)
    sys.stdout.write(f"{manifest.name} {manifest.version}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
