"""The GNN-LSTM trained on real push-up sequences (``ml.form.pushup_sequences``) against the
calibrated push-up verdict and the logistic baseline, on the same held-out clips
(``pushup_check``).

Trained on the development clips only with the module's fixed recipe, scored on the held-out
clips once: balanced accuracy (P(wrong) >= 0.5) and ROC AUC with clip-bootstrap 95 % CIs, and the
paired clip-bootstrap difference of balanced accuracy against the calibrated verdict.

Decision (written before the held-out clips were scored, as the project's rule for switching a
task from the rule to a learned model, docs/models/form.md): the product judges push-ups with
the GNN-LSTM only if its held-out balanced accuracy beats the calibrated verdict's with the
paired 95 % CI of the difference above 0 (:func:`switches`); otherwise the verdict stays.

``python -m research.validation.pushup_gnn_check`` (``make validate-pushup-gnn``: about
1-2 minutes of one CPU core) prints the table.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fitcoach.ml.form import pushup_sequences as seq
from research.validation import blind_pose as bp
from research.validation import pushup_check as pc
from research.validation import pushup_split as ps


@dataclass(frozen=True)
class Comparison:
    gnn: bp.Scores
    rule: bp.Scores
    logistic: bp.Scores
    gnn_minus_rule: bp.Estimate
    gnn_minus_logistic: bp.Estimate
    train_seconds: float


def switches(result: Comparison) -> bool:
    """The decision rule of the module docstring."""
    gnn, rule = result.gnn.balanced_accuracy, result.rule.balanced_accuracy
    if gnn is None or rule is None:
        return False
    return gnn.value > rule.value and result.gnn_minus_rule.low > 0.0


def compare(root: Path | None = None) -> Comparison:
    """Train on development clips, score on held-out ones (module docstring)."""
    dev_raw, held_raw = ps.load("development", root), ps.load("held_out", root)
    dev = [pc.clip_of(k, label, raw) for k, label, raw in dev_raw]
    held = [pc.clip_of(k, label, raw) for k, label, raw in held_raw]
    x_dev = seq.batch([pc.image_landmarks(raw) for _, _, raw in dev_raw])
    x_held = seq.batch([pc.image_landmarks(raw) for _, _, raw in held_raw])
    trained = seq.train(x_dev, pc._wrong(dev))
    proba = seq.wrong_probability(trained.net, x_held)
    gnn = proba >= 0.5
    rule = pc.verdicts(held, pc.calibrate(dev), pc.select(dev, pc.calibrate(dev)))
    model, medians = pc.fit_logistic(dev)
    logistic_proba = pc.logistic_scores(model, medians, held)
    logistic = logistic_proba >= 0.5
    return Comparison(
        gnn=pc._scores(held, gnn, proba),
        rule=pc._scores(held, rule),
        logistic=pc._scores(held, logistic, logistic_proba),
        gnn_minus_rule=pc.paired_difference(held, gnn, rule),
        gnn_minus_logistic=pc.paired_difference(held, gnn, logistic),
        train_seconds=trained.seconds,
    )


def markdown(result: Comparison) -> str:
    f = pc._fmt
    return (
        "| held-out clips (68) | balanced accuracy [95 % CI] | ROC AUC |\n"
        "| --- | --- | --- |\n"
        f"| GNN-LSTM (trained on development sequences) | {f(result.gnn.balanced_accuracy)} | "
        f"{f(result.gnn.roc_auc)} |\n"
        f"| push-up verdict (rule, calibrated) | {f(result.rule.balanced_accuracy)} | – |\n"
        f"| logistic baseline | {f(result.logistic.balanced_accuracy)} | "
        f"{f(result.logistic.roc_auc)} |\n\n"
        f"GNN-LSTM minus rule (paired): {f(result.gnn_minus_rule)}; minus logistic: "
        f"{f(result.gnn_minus_logistic)}; training {result.train_seconds:.0f} s on one CPU "
        f"thread.\n\nThe product switches to the GNN-LSTM: {switches(result)}.\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    del argv
    sys.stdout.write(markdown(compare()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
