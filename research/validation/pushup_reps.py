"""Reps found on real push-ups against reps counted by eye from the landmark trace.

The PushFit clips (``pushup_split``) carry no rep count and their videos are not here, so the
only ground truth that can be made is a **reading of the landmark trace, not of the video**: for
a seeded sample of clips from both sides of the split (:func:`sample`: 20 development, 20
held-out), :func:`render` draws each clip's vertical shoulder position and elbow angle over its
frames (image landmarks, visibility below 0.5 missing, nothing smoothed or filled), and a person
counts the repetitions visible in the picture. The counts and who counted them how go into
``pushup_reps_counted.csv`` (docs/models/validation/) **before** the product's counter is run on
these clips; :func:`compare` then sets the product's reps (``pose.analyse(..., "push_up",
coordinates="image")``, what a filmed push-up gets) beside them: the error per clip, the mean
absolute error and the share counted exactly, with 95 % bootstrap CIs over clips.

The trace is drawn here from the stored landmarks with its own few lines of NumPy (not the
counter's smoothing or thresholds), so the counter's choices are not what is looked at.

``python -m research.validation.pushup_reps render DIR`` draws the pictures (``wide DIR N …``
the clips numbered N wider);
``python -m research.validation.pushup_reps compare`` prints the table.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
from numpy.typing import NDArray

from fitcoach.analysis import pose
from research.validation import pushup_check as pc
from research.validation import pushup_split as ps

FloatArray = NDArray[np.float64]
SAMPLE_SEED: Final = ps.SEED + 62
PER_SIDE: Final = 20
PER_PICTURE: Final = 5
N_BOOT: Final = 2000
COUNTS: Final = (
    Path(__file__).resolve().parents[2] / "docs/models/validation/pushup_reps_counted.csv"
)


def sample(split_path: Path | None = None) -> list[tuple[str, str]]:
    """``(clip, side)`` of the sample: :data:`PER_SIDE` clips of each side, drawn by seed."""
    rng = np.random.default_rng(SAMPLE_SEED)
    out: list[tuple[str, str]] = []
    for side in ("development", "held_out"):
        keys = [k for k, _ in ps.clips(side, split_path)]
        out += [(keys[int(i)], side) for i in sorted(rng.choice(len(keys), PER_SIDE, False))]
    return out


def _mean_seen(landmarks: FloatArray, part: str) -> FloatArray:
    pair = landmarks[:, [pose.IDX[f"left_{part}"], pose.IDX[f"right_{part}"]], :2]
    with np.errstate(invalid="ignore"):
        return np.asarray(np.nanmean(pair, axis=1))


def traces(raw: FloatArray) -> tuple[FloatArray, FloatArray]:
    """(shoulder height, elbow angle) per frame of a stored clip: the shoulders' image y
    negated (up is up; image units), and the elbow angle in the image plane (degrees, the mean
    of the arms seen). NaN where not seen; nothing smoothed."""
    xyz = pc.image_landmarks(raw)
    with np.errstate(invalid="ignore"):
        height = -_mean_seen(xyz, "shoulder")[:, 1]
        angles = []
        for side in ("left", "right"):
            s, e, w = (xyz[:, pose.IDX[f"{side}_{j}"], :2] for j in ("shoulder", "elbow", "wrist"))
            u, v = s - e, w - e
            cos = np.sum(u * v, axis=1) / (np.linalg.norm(u, axis=1) * np.linalg.norm(v, axis=1))
            angles.append(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))
        elbow = np.nanmean(np.stack(angles), axis=0)
    return np.asarray(height), np.asarray(elbow)


def render(out_dir: Path, root: Path | None = None) -> list[Path]:
    """The sample's traces, :data:`PER_PICTURE` clips a picture, numbered as in the CSV."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    chosen = sample()
    data = {k: r for k, _, r in ps.load(None, root)}
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for start in range(0, len(chosen), PER_PICTURE):
        group = chosen[start : start + PER_PICTURE]
        fig, axes = plt.subplots(len(group), 2, figsize=(13, 2.6 * len(group)), squeeze=False)
        for row, (key, _side) in enumerate(group):
            height, elbow = traces(data[key])
            frames = np.arange(height.size)
            # The clip's label is not drawn, so it cannot sway the count.
            axes[row, 0].plot(frames, height, ".-", ms=2, lw=0.8)
            axes[row, 0].set_title(f"#{start + row + 1}: shoulder height (up is up)", fontsize=9)
            axes[row, 1].plot(frames, elbow, ".-", ms=2, lw=0.8, color="tab:red")
            axes[row, 1].set_title(f"#{start + row + 1}: elbow angle (deg)", fontsize=9)
            for ax in axes[row]:
                ax.grid(alpha=0.3)
                ax.set_xlim(0, max(height.size - 1, 1))
        axes[-1, 0].set_xlabel("frame")
        axes[-1, 1].set_xlabel("frame")
        fig.tight_layout()
        path = out_dir / f"reps_{start // PER_PICTURE + 1:02d}.png"
        fig.savefig(path, dpi=80)
        plt.close(fig)
        paths.append(path)
    return paths


def render_wide(numbers: Sequence[int], out_dir: Path, root: Path | None = None) -> list[Path]:
    """The traces of the sample's clips ``numbers`` (1-based, as in the CSV) drawn wide, a tick
    every 10 frames, for clips too dense to count at :func:`render`'s size."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    chosen = sample()
    data = {k: r for k, _, r in ps.load(None, root)}
    paths = []
    for n in numbers:
        height, elbow = traces(data[chosen[n - 1][0]])
        fig, axes = plt.subplots(2, 1, figsize=(18, 6))
        axes[0].plot(height, ".-", ms=3)
        axes[1].plot(elbow, ".-", ms=3, color="tab:red")
        for ax in axes:
            ax.set_xticks(range(0, height.size, 10))
            ax.grid(alpha=0.4)
            ax.set_xlim(0, height.size - 1)
        axes[0].set_title(f"#{n} shoulder height")
        axes[1].set_title(f"#{n} elbow angle")
        fig.tight_layout()
        path = out_dir / f"reps_clip{n:02d}_wide.png"
        fig.savefig(path, dpi=70)
        plt.close(fig)
        paths.append(path)
    return paths


@dataclass(frozen=True)
class Counted:
    number: int
    clip: str
    side: str
    counted: int
    found: int


@dataclass(frozen=True)
class Comparison:
    rows: list[Counted]
    mae: tuple[float, float, float]  # value, 95 % CI low, high
    exact: tuple[float, float, float]
    within_one: tuple[float, float, float]
    bias: float  # mean of found minus counted


def read_counts(path: Path = COUNTS) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return [r for r in csv.DictReader(handle) if not r["number"].startswith("#")]


def found_reps(raw: FloatArray) -> int:
    """The product's reps of a push-up clip's image landmarks (as a filmed set is read)."""
    return len(pose.analyse(pc.image_landmarks(raw), "push_up", coordinates="image").reps)


def _boot(values: FloatArray) -> tuple[float, float, float]:
    rng = np.random.default_rng(SAMPLE_SEED)
    idx = rng.integers(0, values.size, size=(N_BOOT, values.size))
    means = values[idx].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(values.mean()), float(low), float(high)


def compare(path: Path = COUNTS, root: Path | None = None) -> Comparison:
    """The counter's reps beside the counts in ``path`` (which must cover the sample)."""
    counts = read_counts(path)
    chosen = sample()
    if [(r["clip"], r["side"]) for r in counts] != chosen:
        raise ValueError(f"{path} does not list the sample's clips in order")
    data = {k: r for k, _, r in ps.load(None, root)}
    rows = [
        Counted(
            int(r["number"]),
            r["clip"],
            r["side"],
            int(r["reps_counted"]),
            found_reps(data[r["clip"]]),
        )
        for r in counts
    ]
    err = np.array([abs(r.found - r.counted) for r in rows], dtype=np.float64)
    return Comparison(
        rows,
        _boot(err),
        _boot((err == 0).astype(np.float64)),
        _boot((err <= 1).astype(np.float64)),
        float(np.mean([r.found - r.counted for r in rows])),
    )


def markdown(result: Comparison) -> str:
    def f(e: tuple[float, float, float], digits: int = 2) -> str:
        return f"{e[0]:.{digits}f} [{e[1]:.{digits}f}, {e[2]:.{digits}f}]"

    lines = [
        f"| sample ({len(result.rows)} clips) | value [95 % CI] |",
        "| --- | --- |",
        f"| mean absolute error (reps) | {f(result.mae)} |",
        f"| counted exactly | {f(result.exact)} |",
        f"| within one rep | {f(result.within_one)} |",
        f"| mean of found minus counted | {result.bias:+.2f} |",
        "",
        "| # | clip | side | counted (trace) | found (product) | error |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in result.rows:
        lines.append(
            f"| {r.number} | {r.clip} | {r.side} | {r.counted} | {r.found} | "
            f"{r.found - r.counted:+d} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["render"] and len(args) == 2:
        for p in render(Path(args[1])):
            sys.stdout.write(f"{p}\n")
        return 0
    if args[:1] == ["wide"] and len(args) > 2:
        for p in render_wide([int(a) for a in args[2:]], Path(args[1])):
            sys.stdout.write(f"{p}\n")
        return 0
    if args[:1] == ["sample"]:
        for i, (k, side) in enumerate(sample(), 1):
            sys.stdout.write(f"{i},{k},{side}\n")
        return 0
    if args[:1] == ["compare"]:
        sys.stdout.write(markdown(compare()))
        return 0
    sys.stderr.write("usage: pushup_reps render DIR | wide DIR N... | sample | compare\n")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
