"""Development / held-out split of the real push-up clips (``pushup_split.json``) and their
loader: what the push-up model trains on ("development"); the held-out clips are scored once,
by ``research.validation.pushup_final`` in a source checkout.

Data
    ``shared/data/pushfit-landmarks/pushups_mediapipe_33x4.npz`` (the PushFit project's
    MediaPipe Pose landmarks of public push-up videos; no licence given: read from the shared
    folder, never copied into the repository). 225 clips, each keyed ``correct/<name>`` or
    ``wrong/<name>``: a float32 array (frames, 33, 4) of image-normalised x, y (y down), z and
    visibility, NaN where no person was found. The label is per clip: "wrong" clips show broken
    form, the source does not say which fault.

Split
    Clips sorted by key, stratified by label; one ``numpy.random.default_rng(SEED)`` permutes
    each label's clips (``correct`` first), and the first ``round(HELD_OUT_FRACTION * n)`` go to
    "held_out", the rest to "development". Cut-offs, feature choices and baselines are fitted on
    development clips only; held-out clips are scored once.

    The split is by clip, not by person: the data carry no person id and **the same people may
    appear in several clips** (the videos come from three small public collections), so a
    held-out figure can be optimistic for people the check has never seen.

The JSON is data (its bytes are part of the push-up model's data fingerprint). Check or
regenerate it with ``python -m research.validation.pushup_split [--write]`` in a source checkout.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np
from numpy.typing import NDArray

SEED: Final = 20261128
HELD_OUT_FRACTION: Final = 0.3
LABELS: Final = ("correct", "wrong")
DATA_FILE: Final = "pushups_mediapipe_33x4.npz"
SPLIT_PATH: Final = Path(__file__).with_name("pushup_split.json")
MIN_VISIBILITY: Final = 0.5  # as sensors.pose: a landmark seen less surely is missing

Side = Literal["development", "held_out"]


def default_data_dir() -> Path:
    """``$FITCOACH_SHARED_DATA/pushfit-landmarks``, else the first
    ``shared/data/pushfit-landmarks`` above this file."""
    env = os.environ.get("FITCOACH_SHARED_DATA")
    if env:
        return Path(env) / "pushfit-landmarks"
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "data" / "pushfit-landmarks"
        if candidate.is_dir():
            return candidate
    return Path("shared/data/pushfit-landmarks")


def label_of(key: str) -> str:
    """A clip's label from its key (``correct/…`` or ``wrong/…``)."""
    label = key.split("/", 1)[0]
    if label not in LABELS:
        raise ValueError(f"clip {key!r} is neither correct nor wrong")
    return label


def clip_keys(root: Path | None = None) -> list[str]:
    """The clips' keys, sorted."""
    with np.load((root or default_data_dir()) / DATA_FILE) as data:
        return sorted(data.files)


def stored(split_path: Path | None = None) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((split_path or SPLIT_PATH).read_text())
    return data


def clips(side: Side | None = None, split_path: Path | None = None) -> list[tuple[str, str]]:
    """``(key, label)`` of the stored split's clips on ``side`` (None: all), sorted by key."""
    return [
        (c["clip"], c["label"])
        for c in stored(split_path)["clips"]
        if side is None or c["side"] == side
    ]


def load(
    side: Side | None = None, root: Path | None = None, split_path: Path | None = None
) -> list[tuple[str, str, NDArray[np.float64]]]:
    """``(key, label, landmarks)`` of the clips on ``side``: landmarks ``(frames, 33, 4)``
    float64 as stored (x, y, z, visibility; NaN where no person was found)."""
    wanted = clips(side, split_path)
    with np.load((root or default_data_dir()) / DATA_FILE) as data:
        return [(k, label, np.asarray(data[k], dtype=np.float64)) for k, label in wanted]


def image_landmarks(raw: NDArray[np.float64]) -> NDArray[np.float64]:
    """(frames, 33, 3) x, y, z of a stored clip, NaN where visibility is below the cut."""
    xyz = np.array(raw[:, :, :3], dtype=np.float64)
    xyz[~(raw[:, :, 3] >= MIN_VISIBILITY)] = np.nan
    return xyz
