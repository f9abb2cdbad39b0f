"""The fixed dev/test split of the food101-10 photos (``blind_food101_split.json``).

Written blind on 2026-11-26 by a helper who had not seen the product's food models or their
tests. Do not change the split, its seed or this procedure to fit a model: train and tune on
"dev" only and report "test" once.

Procedure (``make_split``), for the 10 classes in sorted order, with one
``numpy.random.default_rng(SEED)`` drawn from in that order:

1. list the class's ``*.jpg`` files sorted by name;
2. group byte-identical files (same SHA-256) so that a duplicate can never sit on both sides
   (the copy checked on 2026-11-26 has one such pair, in ``beignets``);
3. order the groups by their first file name, permute them with the generator, and walk the
   permutation putting a group into "test" while it still fits in
   ``round(TEST_FRACTION * n_files)`` (75 of 375); everything else is "dev".

Paths are relative to the ``food101-10/`` folder, with "/" separators. Regenerate and check::

    python -m research.validation.blind_food101            # check the stored split
    python -m research.validation.blind_food101 --write    # rewrite it (same result)

Near-duplicates (the same dish photographed twice, crops) are not detected; Food-101's own
train/test split has the same limitation.

Its definition and the stored JSON: :mod:`fitcoach.ml.splits.blind_food101`.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from fitcoach.ml.splits.blind_food101 import SEED as SEED
from fitcoach.ml.splits.blind_food101 import SPLIT_PATH as SPLIT_PATH
from fitcoach.ml.splits.blind_food101 import TEST_FRACTION as TEST_FRACTION
from fitcoach.ml.splits.blind_food101 import default_food_dir as default_food_dir


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_split(root: Path | None = None, seed: int = SEED) -> dict[str, Any]:
    """Draw the split from the photos under ``root`` (see the module docstring)."""
    root = root if root is not None else default_food_dir()
    classes = sorted(p.name for p in root.iterdir() if p.is_dir())
    if not classes:
        raise FileNotFoundError(f"no class folders under {root}")
    rng = np.random.default_rng(seed)
    dev: list[str] = []
    test: list[str] = []
    duplicates: list[list[str]] = []
    counts: dict[str, dict[str, int]] = {}
    for cls in classes:
        files = sorted(f.name for f in (root / cls).glob("*.jpg"))
        by_hash: dict[str, list[str]] = {}
        for name in files:
            by_hash.setdefault(_sha256(root / cls / name), []).append(f"{cls}/{name}")
        groups = sorted(by_hash.values(), key=lambda g: g[0])
        duplicates += [g for g in groups if len(g) > 1]
        target = round(TEST_FRACTION * len(files))
        n_test = 0
        for i in rng.permutation(len(groups)):
            group = groups[int(i)]
            if n_test + len(group) <= target:
                test += group
                n_test += len(group)
            else:
                dev += group
        counts[cls] = {"dev": len(files) - n_test, "test": n_test}
    return {
        "dataset": "food101-10: Food-101 (Bossard et al., ECCV 2014), 10 classes, training split",
        "written": "2026-11-26, blind (without sight of the product's food models or tests)",
        "seed": seed,
        "test_fraction": TEST_FRACTION,
        "how": (
            # As the stored file has it (this module's former name): regenerating gives the same bytes.
            "python -m fitcoach.ml.validation.blind_food101 [--write]: per class in sorted order, "
            "files sorted by name and grouped by SHA-256 (byte-identical photos stay together), "
            "groups permuted by one numpy.random.default_rng(seed) used class after class, "
            "groups taken into test while they fit round(test_fraction * n); the rest is dev. "
            "Train and tune on dev only; report test once."
        ),
        "classes": classes,
        "counts": counts,
        "exact_duplicate_groups": duplicates,
        "dev": sorted(dev),
        "test": sorted(test),
    }


def check_split(stored: dict[str, Any] | None = None, root: Path | None = None) -> list[str]:
    """Problems with the stored split (empty list = it is sound and reproducible)."""
    stored = stored if stored is not None else json.loads(SPLIT_PATH.read_text())
    root = root if root is not None else default_food_dir()
    problems: list[str] = []
    dev, test = set(stored["dev"]), set(stored["test"])
    if dev & test:
        problems.append(f"{len(dev & test)} photos on both sides")
    on_disk = {f"{p.parent.name}/{p.name}" for p in root.glob("*/*.jpg")}
    if dev | test != on_disk:
        problems.append(
            f"{len(on_disk - dev - test)} photos not listed, {len((dev | test) - on_disk)} missing"
        )
    for cls, c in stored["counts"].items():
        n = c["dev"] + c["test"]
        if c["test"] != round(stored["test_fraction"] * n):
            problems.append(f"{cls}: {c['test']} test photos of {n}")
    regenerated = make_split(root, int(stored["seed"]))
    for key in ("dev", "test", "counts", "exact_duplicate_groups"):
        if regenerated[key] != stored[key]:
            problems.append(f"regenerating gives a different {key!r}")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    """Check the stored split, or with ``--write`` regenerate it first."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--write" in args:
        SPLIT_PATH.write_text(json.dumps(make_split(), indent=1) + "\n")
    problems = check_split()
    sys.stdout.write("\n".join(problems or ["split OK"]) + "\n")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
