"""The hyperparameter search behind the per-frame form models (``ml.form.real_frames.CHOSEN``):
every grid point, with and without generated frames where the generator can draw the task,
scored by grouped CV over DEV clips (``fitcoach.ml.form.real_frames.cv_balanced_accuracy``).

``python -m research.pipelines.form.real_frames_select [TASK ...]`` prints the DEV CV table
(about 15 minutes on one shared core); ``python -m fitcoach.pipelines.form.real_frames train``
then trains with the choice written into ``CHOSEN``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from fitcoach.ml.form import real_frames as rf
from fitcoach.ml.splits import blind_pose as bp
from fitcoach.pipelines.form.real_frames import generated_for

GRID: Final[tuple[dict[str, Any], ...]] = tuple(
    {"max_iter": it, "max_leaf_nodes": leaves, "min_samples_leaf": leaf}
    for it in (50, 150)
    for leaves in (7, 15)
    for leaf in (20, 60)
)


def select(task: str, root: Path | None = None, seed: int = rf.SEED) -> dict[str, Any]:
    """Every grid point (with and without generated frames where the generator can draw the
    task) scored by ``rf.cv_balanced_accuracy`` on DEV; returns the table and the best (ties:
    the first, i.e. the smaller model, without generated frames)."""
    dev = bp.load_task(task, "dev", root)
    extra = generated_for(task, dev, seed)
    table = []
    for augment in (False, True) if extra is not None else (False,):
        for point in GRID:
            params = {**point, "augment": augment}
            score = rf.cv_balanced_accuracy(task, dev, params, seed, extra=extra)
            table.append({**params, "cv_bal_acc": score})
    best = max(table, key=lambda r: r["cv_bal_acc"])
    return {"table": table, "best": {k: v for k, v in best.items() if k != "cv_bal_acc"}}


def main(argv: Sequence[str] | None = None) -> int:
    """Prints each task's DEV CV table, one JSON row a line, then its best row."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("tasks", nargs="*", default=list(bp.TASKS))
    args = parser.parse_args(argv)
    for task in args.tasks:
        result = select(task)
        for row in result["table"]:
            sys.stdout.write(f"{task} {json.dumps(row, sort_keys=True)}\n")
        sys.stdout.write(f"{task} BEST {json.dumps(result['best'], sort_keys=True)}\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
