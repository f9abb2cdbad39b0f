"""Choosing the push-up judgment by cross-validation on the development clips only.

The held-out clips (``pushup_split``) had already been scored once for the calibrated verdict,
the logistic baseline and one GNN-LSTM (docs/models/form.md) before this module was written, so
every further choice is made here, on development clips, and the held-out clips are scored
once more, at the end, for the single frozen choice (``pushup_final``).

Protocol: 5-fold cross-validation on the 157 development clips, stratified by label and
**grouped by clip** (each clip is one fold's validation case exactly once; the data carry no
person id, so the same person may sit on both sides of a fold, as of the split). Every
candidate is refitted on each fold's training clips from scratch (the rule's cut-offs and
forward selection too) and gives each validation clip P(wrong) or a yes/no; the out-of-fold
answers of all five folds are pooled into one balanced accuracy (threshold 0.5) and ROC AUC.

Candidates (:data:`CANDIDATES`):

* ``rule``: the calibrated verdict (``pushup_check.calibrate`` + ``select`` on the fold);
* ``logistic_angles``: the logistic baseline of ``pushup_check`` (joint-angle percentiles);
* ``logistic_faults``: a logistic regression (standardised, classes weighted) on the rule's
  five per-fault measures and the hips' signed side, gaps filled with the fold's medians;
* ``boosting_faults``: histogram gradient boosting on the same six numbers (classes weighted,
  shallow trees, NaN routed by the trees);
* ``gnn_x1``, ``gnn_x3``, ``gnn_x5``: the GNN-LSTM of ``ml.form.pushup_sequences`` with its
  fixed recipe, one model per seed (``SEED + i``), P(wrong) averaged over the first 1, 3, 5;
* ``stack_gnn5_faults``: the mean of ``gnn_x5``'s and ``logistic_faults``' P(wrong).

The choice rule (written before any figure below was computed): the candidate with the highest
pooled out-of-fold balanced accuracy; on a tie within 0.01, the simpler one in the order of
:data:`CANDIDATES` (rule first, ensembles by size).

``python -m research.validation.pushup_select`` (``make select-pushup``) computes every
candidate's out-of-fold answers (the GNN-LSTMs are 25 trainings of about 50 s of one CPU thread;
each seed's answers are cached under ``.cache/pushup_select``), writes them and the figures to
``pushup_select.json`` beside this file and prints the table; ``--seed-index I [J …]`` only
fills the cache with those seeds' answers (run two at once on two cores); ``--no-gnn`` prints
the candidates that need no torch; ``--repeats N`` scores those on N other fold splits
(:func:`repeated`); ``--check`` only compares the stored file's choice with its
own out-of-fold answers.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from fitcoach.ml.form import pushup_model
from research.validation import pushup_check as pc
from research.validation import pushup_split as ps

FloatArray = NDArray[np.float64]
FOLDS: Final = 5
CV_SEED: Final = ps.SEED
GNN_SEEDS: Final = 5
CANDIDATES: Final = (
    "rule",
    "logistic_angles",
    "logistic_faults",
    "boosting_faults",
    "gnn_x1",
    "gnn_x3",
    "gnn_x5",
    "stack_gnn5_faults",
)
TIE: Final = 0.01
STORED: Final = Path(__file__).with_name("pushup_select.json")
CACHE: Final = Path(".cache/pushup_select")


def fault_features(clip: pc.Clip) -> FloatArray:
    """The rule's five per-fault measures and the hips' signed side (below 0: sagging)."""
    return pushup_model.features(clip.measures)


def _filled(x: FloatArray, medians: FloatArray) -> FloatArray:
    return np.where(np.isfinite(x), x, medians)


def fit_logistic_faults(train: Sequence[pc.Clip]) -> Callable[[Sequence[pc.Clip]], FloatArray]:
    """``logistic_faults`` fitted on ``train``: a function giving P(wrong) of other clips."""
    x = np.stack([fault_features(c) for c in train])
    medians = np.nanmedian(x, axis=0)
    model = make_pipeline(
        StandardScaler(), LogisticRegression(max_iter=5000, class_weight="balanced")
    )
    model.fit(_filled(x, medians), pc._wrong(train))

    def proba(clips: Sequence[pc.Clip]) -> FloatArray:
        z = _filled(np.stack([fault_features(c) for c in clips]), medians)
        return np.asarray(model.predict_proba(z)[:, 1], dtype=np.float64)

    return proba


def fit_boosting_faults(train: Sequence[pc.Clip]) -> Callable[[Sequence[pc.Clip]], FloatArray]:
    """``boosting_faults`` fitted on ``train``: the product's model (``ml.form.pushup_model``,
    fixed settings, seeded)."""
    model = pushup_model.fit(np.stack([fault_features(c) for c in train]), pc._wrong(train))

    def proba(clips: Sequence[pc.Clip]) -> FloatArray:
        return pushup_model.wrong_probability(model, np.stack([fault_features(c) for c in clips]))

    return proba


def folds(wrong: NDArray[np.bool_]) -> list[NDArray[np.int64]]:
    """Each fold's validation clips (indices into the development clips)."""
    split = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=CV_SEED % (2**32))
    return [np.asarray(v, dtype=np.int64) for _, v in split.split(np.zeros(len(wrong)), wrong)]


def _classical(dev: Sequence[pc.Clip], parts: list[NDArray[np.int64]]) -> dict[str, FloatArray]:
    """Out-of-fold answers of the candidates that need no torch (the rule's as 0/1)."""
    out = {n: np.full(len(dev), np.nan) for n in CANDIDATES[:4]}
    for val in parts:
        train_idx = np.setdiff1d(np.arange(len(dev)), val)
        train = [dev[i] for i in train_idx]
        held = [dev[i] for i in val]
        cuts = pc.calibrate(train)
        out["rule"][val] = pc.verdicts(held, cuts, pc.select(train, cuts)).astype(np.float64)
        model, medians = pc.fit_logistic(train)
        out["logistic_angles"][val] = pc.logistic_scores(model, medians, held)
        out["logistic_faults"][val] = fit_logistic_faults(train)(held)
        out["boosting_faults"][val] = fit_boosting_faults(train)(held)
    return out


def gnn_out_of_fold(
    x: NDArray[np.float32],
    wrong: NDArray[np.bool_],
    parts: list[NDArray[np.int64]],
    seed_index: int,
    advance: Callable[[], None] = lambda: None,
) -> FloatArray:
    """One seed's GNN-LSTM out-of-fold P(wrong), cached by seed and fold layout."""
    from fitcoach.ml.form import pushup_sequences as seq

    key = f"seed{seq.SEED + seed_index}_e{seq.EPOCHS}_{_layout_hash(parts)}.json"
    cached = CACHE / key
    if cached.exists():
        for _ in parts:
            advance()
        return np.array(json.loads(cached.read_text()), dtype=np.float64)
    proba = np.full(len(x), np.nan)
    for val in parts:
        train_idx = np.setdiff1d(np.arange(len(x)), val)
        trained = seq.train(x[train_idx], wrong[train_idx], seed=seq.SEED + seed_index)
        proba[val] = seq.wrong_probability(trained.net, x[val])
        advance()
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps([float(p) for p in proba]))
    return proba


def _layout_hash(parts: list[NDArray[np.int64]]) -> str:
    import hashlib

    return hashlib.sha256(json.dumps([p.tolist() for p in parts]).encode()).hexdigest()[:12]


def balanced(wrong: NDArray[np.bool_], proba: FloatArray) -> float:
    flagged = proba >= 0.5
    return 0.5 * float(flagged[wrong].mean() + (~flagged[~wrong]).mean())


def auc(wrong: NDArray[np.bool_], proba: FloatArray) -> float | None:
    """ROC AUC, or None where the answers are yes/no only (the rule)."""
    if set(np.unique(proba)) <= {0.0, 1.0}:
        return None
    return float(roc_auc_score(wrong, proba))


def choose(figures: dict[str, float]) -> str:
    """The choice rule of the module docstring."""
    best = max(figures.values())
    return next(n for n in CANDIDATES if n in figures and figures[n] >= best - TIE)


@dataclass(frozen=True)
class Selection:
    keys: list[str]
    wrong: NDArray[np.bool_]
    answers: dict[str, FloatArray]  # out-of-fold P(wrong) (the rule: 0/1) per candidate

    def figures(self) -> dict[str, float]:
        return {n: balanced(self.wrong, p) for n, p in self.answers.items()}

    @property
    def chosen(self) -> str:
        return choose(self.figures())

    def to_json(self) -> dict[str, Any]:
        figs = self.figures()
        return {
            "how": (
                # As the stored file has it (this module's former name): regenerating gives the same bytes.
                "python -m fitcoach.ml.validation.pushup_select: 5-fold CV on development clips "
                "only, stratified by label, grouped by clip; pooled out-of-fold figures"
            ),
            "folds": FOLDS,
            "cv_seed": CV_SEED,
            "chosen": self.chosen,
            "balanced_accuracy": {n: round(v, 4) for n, v in figs.items()},
            "roc_auc": {
                n: (None if (a := auc(self.wrong, p)) is None else round(a, 4))
                for n, p in self.answers.items()
            },
            "clips": self.keys,
            "out_of_fold": {n: [round(float(v), 6) for v in p] for n, p in self.answers.items()},
        }


def select(root: Path | None = None, *, gnn: bool = True) -> Selection:
    """Every candidate's out-of-fold answers on the development clips (module docstring)."""
    raw = ps.load("development", root)
    dev = [pc.clip_of(k, label, r) for k, label, r in raw]
    wrong = pc._wrong(dev)
    parts = folds(wrong)
    answers = _classical(dev, parts)
    if gnn:
        from rich.progress import Progress

        from fitcoach.ml.form import pushup_sequences as seq

        x = seq.batch([pc.image_landmarks(r) for _, _, r in raw])
        per_seed = []
        with Progress() as progress:
            task = progress.add_task("GNN-LSTM folds x seeds", total=GNN_SEEDS * FOLDS)
            for s in range(GNN_SEEDS):
                per_seed.append(gnn_out_of_fold(x, wrong, parts, s, lambda: progress.advance(task)))
        for k in (1, 3, 5):
            answers[f"gnn_x{k}"] = np.mean(per_seed[:k], axis=0)
        answers["stack_gnn5_faults"] = 0.5 * (answers["gnn_x5"] + answers["logistic_faults"])
    return Selection([c.key for c in dev], wrong, answers)


def repeated(root: Path | None = None, repeats: int = 10) -> dict[str, list[float]]:
    """The candidates without torch on ``repeats`` other 5-fold splits of the development clips
    (fold seeds 1000, 1001, …): how far the one split's figures move with the folds. A check
    made after the choice, on development clips only; it does not change the choice."""
    dev = [pc.clip_of(k, label, r) for k, label, r in ps.load("development", root)]
    wrong = pc._wrong(dev)
    out: dict[str, list[float]] = {n: [] for n in CANDIDATES[:4]}
    for rep in range(repeats):
        split = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=1000 + rep)
        parts = [np.asarray(v, dtype=np.int64) for _, v in split.split(np.zeros(len(dev)), wrong)]
        for name, answers in _classical(dev, parts).items():
            out[name].append(balanced(wrong, answers))
    return out


def markdown(selection: Selection) -> str:
    lines = [
        "| candidate (5-fold CV, 157 development clips) | balanced accuracy | ROC AUC |",
        "| --- | --- | --- |",
    ]
    for n, v in selection.figures().items():
        a = auc(selection.wrong, selection.answers[n])
        mark = " **(chosen)**" if n == selection.chosen else ""
        lines.append(f"| {n}{mark} | {v:.3f} | {'–' if a is None else f'{a:.3f}'} |")
    return "\n".join(lines) + "\n"


def stored_choice(path: Path = STORED) -> str:
    data: dict[str, Any] = json.loads(path.read_text())
    return str(data["chosen"])


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if "--check" in args:
        data = json.loads(STORED.read_text())
        wrong = np.array([k.startswith("wrong/") for k in data["clips"]])
        answers = {n: np.array(v) for n, v in data["out_of_fold"].items()}
        again = Selection(data["clips"], wrong, answers).chosen
        ok = again == data["chosen"]
        sys.stdout.write(f"stored choice {data['chosen']}: {'OK' if ok else 'differs: ' + again}\n")
        return 0 if ok else 1
    if "--repeats" in args:
        figures = repeated(repeats=int(args[args.index("--repeats") + 1]))
        sys.stdout.write("| candidate | mean | lowest | highest |\n| --- | --- | --- | --- |\n")
        for name, values in figures.items():
            sys.stdout.write(
                f"| {name} | {np.mean(values):.3f} | {min(values):.3f} | {max(values):.3f} |\n"
            )
        return 0
    if "--seed-index" in args:  # one seed's out-of-fold answers into the cache (in parallel)
        from fitcoach.ml.form import pushup_sequences as seq

        raw = ps.load("development")
        wrong = np.array([label == "wrong" for _, label, _ in raw])
        x = seq.batch([pc.image_landmarks(r) for _, _, r in raw])
        for s in args[args.index("--seed-index") + 1 :]:
            gnn_out_of_fold(x, wrong, folds(wrong), int(s))
        return 0
    selection = select(gnn="--no-gnn" not in args)
    if "--no-gnn" not in args:
        STORED.write_text(json.dumps(selection.to_json(), indent=1) + "\n")
    sys.stdout.write(markdown(selection))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
