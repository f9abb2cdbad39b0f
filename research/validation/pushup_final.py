"""The frozen push-up judgment (chosen by development cross-validation, ``pushup_select``) scored
once on the held-out clips, beside the calibrated verdict, the logistic baseline and the
majority class (``pushup_check``: the same clips, the same clip bootstrap).

The choice is read from ``pushup_select.json`` (its ``chosen``), refitted on all 157
development clips exactly as in the cross-validation, and scored on the 68 held-out clips: the
held-out clips take no part in the choice, the fit or the threshold (0.5).

Decision (written before this held-out figure was computed): the product judges push-ups with
the frozen choice where it is installed if its held-out balanced accuracy is above the
calibrated verdict's (the issue's "whichever wins there", the point figure), and keeps the
calibrated verdict otherwise; the paired clip-bootstrap CI of the difference is reported beside
it, and says how far that win can be told from chance (:func:`switches`).

``python -m research.validation.pushup_final`` prints the table.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fitcoach.analysis import pushup
from research.validation import blind_pose as bp
from research.validation import pushup_check as pc
from research.validation import pushup_select as sel
from research.validation import pushup_split as ps

FloatArray = sel.FloatArray


@dataclass(frozen=True)
class Final:
    chosen: str
    cv_balanced: float
    chosen_scores: bp.Scores
    rule: bp.Scores
    logistic: bp.Scores
    majority: bp.Scores
    minus_rule: bp.Estimate
    minus_logistic: bp.Estimate
    sensitivity: float
    specificity: float
    # As the product applies it: a set the rule cannot read (too little of the body seen,
    # ``pushup.judged``) is not judged, never a breakdown, whatever the model would say.
    product: bp.Scores
    product_minus_rule: bp.Estimate
    not_judged: int
    not_judged_flagged: int  # of those, the ones the model alone would have called wrong


def switches(result: Final) -> bool:
    """The decision of the module docstring."""
    chosen, rule = result.chosen_scores.balanced_accuracy, result.rule.balanced_accuracy
    if result.chosen == "rule" or chosen is None or rule is None:
        return False
    return chosen.value > rule.value


def fitted_proba(
    chosen: str,
    dev_raw: list[tuple[str, str, FloatArray]],
    held_raw: list[tuple[str, str, FloatArray]],
) -> FloatArray:
    """P(wrong) (the rule: 0/1) of the held-out clips from ``chosen`` fitted on development."""
    dev = [pc.clip_of(k, label, r) for k, label, r in dev_raw]
    held = [pc.clip_of(k, label, r) for k, label, r in held_raw]
    if chosen == "rule":
        cuts = pc.calibrate(dev)
        return pc.verdicts(held, cuts, pc.select(dev, cuts)).astype(np.float64)
    if chosen == "logistic_angles":
        model, medians = pc.fit_logistic(dev)
        return pc.logistic_scores(model, medians, held)
    if chosen == "logistic_faults":
        return sel.fit_logistic_faults(dev)(held)
    if chosen == "boosting_faults":
        return sel.fit_boosting_faults(dev)(held)
    from fitcoach.ml.form import pushup_sequences as seq

    k = 5 if chosen == "stack_gnn5_faults" else int(chosen.removeprefix("gnn_x"))
    x_dev = seq.batch([pc.image_landmarks(r) for _, _, r in dev_raw])
    x_held = seq.batch([pc.image_landmarks(r) for _, _, r in held_raw])
    wrong = pc._wrong(dev)
    gnn = np.mean(
        [
            seq.wrong_probability(seq.train(x_dev, wrong, seed=seq.SEED + s).net, x_held)
            for s in range(k)
        ],
        axis=0,
    )
    if chosen == "stack_gnn5_faults":
        return np.asarray(0.5 * (gnn + sel.fit_logistic_faults(dev)(held)))
    return np.asarray(gnn)


def evaluate(root: Path | None = None) -> Final:
    import json

    stored = json.loads(sel.STORED.read_text())
    chosen = str(stored["chosen"])
    dev_raw, held_raw = ps.load("development", root), ps.load("held_out", root)
    dev = [pc.clip_of(k, label, r) for k, label, r in dev_raw]
    held = [pc.clip_of(k, label, r) for k, label, r in held_raw]
    proba = fitted_proba(chosen, dev_raw, held_raw)
    flags = proba >= 0.5
    cuts = pc.calibrate(dev)
    rule = pc.verdicts(held, cuts, pc.select(dev, cuts))
    model, medians = pc.fit_logistic(dev)
    logistic_proba = pc.logistic_scores(model, medians, held)
    constant = np.zeros(len(held), dtype=bool)  # the development majority: correct form
    wrong = pc._wrong(held)
    scores = None if chosen == "rule" else proba
    judged = np.array([pushup.judged(c.measures) for c in held])
    product = flags & judged
    return Final(
        chosen=chosen,
        cv_balanced=float(stored["balanced_accuracy"][chosen]),
        chosen_scores=pc._scores(held, flags, scores),
        rule=pc._scores(held, rule),
        logistic=pc._scores(held, logistic_proba >= 0.5, logistic_proba),
        majority=pc._scores(held, constant, constant.astype(np.float64)),
        minus_rule=pc.paired_difference(held, flags, rule),
        minus_logistic=pc.paired_difference(held, flags, logistic_proba >= 0.5),
        sensitivity=float(flags[wrong].mean()),
        specificity=float((~flags[~wrong]).mean()),
        product=pc._scores(held, product),
        product_minus_rule=pc.paired_difference(held, product, rule),
        not_judged=int((~judged).sum()),
        not_judged_flagged=int((flags & ~judged).sum()),
    )


def markdown(result: Final) -> str:
    f = pc._fmt
    return (
        "| held-out clips (68: 36 correct, 32 wrong) | balanced accuracy [95 % CI] | ROC AUC |\n"
        "| --- | --- | --- |\n"
        f"| **{result.chosen}** (frozen by development CV: {result.cv_balanced:.3f}) | "
        f"**{f(result.chosen_scores.balanced_accuracy)}** | {f(result.chosen_scores.roc_auc)} |\n"
        f"| push-up verdict (rule, calibrated) | {f(result.rule.balanced_accuracy)} | – |\n"
        f"| logistic baseline (angle percentiles) | {f(result.logistic.balanced_accuracy)} | "
        f"{f(result.logistic.roc_auc)} |\n"
        f"| majority class | {f(result.majority.balanced_accuracy)} | – |\n\n"
        f"{result.chosen} minus the rule (paired): {f(result.minus_rule)}; minus the logistic "
        f"baseline: {f(result.minus_logistic)}; sensitivity {result.sensitivity:.3f}, "
        f"specificity {result.specificity:.3f}.\n\n"
        f"As the product applies it (the {result.not_judged} held-out sets the rule cannot read "
        f"are not judged; the model alone called {result.not_judged_flagged} of them wrong): "
        f"balanced accuracy {f(result.product.balanced_accuracy)}, minus the rule (paired) "
        f"{f(result.product_minus_rule)}.\n\n"
        f"The product uses {result.chosen if switches(result) else 'the calibrated rule'}.\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    del argv
    sys.stdout.write(markdown(evaluate()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
