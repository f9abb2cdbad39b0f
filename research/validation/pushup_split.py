"""Development / held-out split of the real push-up clips (``pushup_split.json``).

What the data are and how the split is drawn: :mod:`fitcoach.ml.splits.pushup` (the product
keeps the definition, its stored JSON and the loader, since the push-up model trains on it).
This module draws and checks it. Check or regenerate with
``python -m research.validation.pushup_split [--write]``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from fitcoach.ml.splits.pushup import DATA_FILE as DATA_FILE
from fitcoach.ml.splits.pushup import HELD_OUT_FRACTION as HELD_OUT_FRACTION
from fitcoach.ml.splits.pushup import LABELS as LABELS
from fitcoach.ml.splits.pushup import SEED as SEED
from fitcoach.ml.splits.pushup import SPLIT_PATH as SPLIT_PATH
from fitcoach.ml.splits.pushup import Side as Side
from fitcoach.ml.splits.pushup import clip_keys as clip_keys
from fitcoach.ml.splits.pushup import clips as clips
from fitcoach.ml.splits.pushup import default_data_dir as default_data_dir
from fitcoach.ml.splits.pushup import label_of as label_of
from fitcoach.ml.splits.pushup import load as load
from fitcoach.ml.splits.pushup import stored as stored


def make_split(keys: Sequence[str], seed: int = SEED) -> dict[str, Any]:
    """The split of ``keys`` (see the module docstring) as the stored JSON."""
    rng = np.random.default_rng(seed)
    side: dict[str, Side] = {}
    for label in LABELS:
        members = sorted(k for k in keys if label_of(k) == label)
        n_held = round(HELD_OUT_FRACTION * len(members))
        for rank, i in enumerate(rng.permutation(len(members))):
            side[members[int(i)]] = "held_out" if rank < n_held else "development"
    return {
        "dataset": f"pushfit-landmarks/{DATA_FILE} (PushFit, riyer8/cs231n-pushfit; no licence)",
        "seed": seed,
        "held_out_fraction": HELD_OUT_FRACTION,
        "how": (
            # As the stored file has it (this module's former name): regenerating gives the same bytes.
            "python -m fitcoach.ml.validation.pushup_split [--write]: clips sorted by key, "
            "stratified by label (correct, then wrong); one numpy.random.default_rng(seed) "
            "permutes each label's clips and the first round(held_out_fraction * n) are held "
            "out. By clip, not by person: the same people may appear in several clips."
        ),
        "clips": [{"clip": k, "label": label_of(k), "side": side[k]} for k in sorted(keys)],
    }


def check_split(root: Path | None = None, split_path: Path | None = None) -> list[str]:
    """Problems with the stored split (empty: it covers every clip once and regenerates)."""
    kept = stored(split_path)
    keys = clip_keys(root)
    problems = []
    if make_split(keys, int(kept["seed"])) != kept:
        problems.append("regenerating the split gives a different one")
    if sorted(c["clip"] for c in kept["clips"]) != keys:
        problems.append("the stored clips are not the data's clips")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    """Check the stored split; ``--write`` regenerates it first."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--write" in args:
        SPLIT_PATH.write_text(json.dumps(make_split(clip_keys()), indent=1) + "\n")
    problems = check_split()
    sys.stdout.write("\n".join(problems or ["split OK"]) + "\n")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
