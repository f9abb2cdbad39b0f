"""The student model card's figures, drawn from a training run's recorded metrics (matplotlib,
Agg; ``fitcoach distill report --plots``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def write_plots(metrics: dict[str, Any], folder: Path) -> list[Path]:
    """``student-accuracy.png`` (hand-written and test-split accuracy, student beside the
    rules) and ``student-training.png`` (train and validation loss by epoch), small PNGs."""
    from matplotlib.figure import Figure

    folder.mkdir(parents=True, exist_ok=True)
    hand, test = metrics["handwritten"], metrics["test"]
    fig = Figure(figsize=(7, 3.6), dpi=90)
    ax = fig.subplots()
    groups = ["intent\nhand-written", "safety\nhand-written", "intent\ntest split", "safety\ntest split"]  # fmt: skip
    rules = [hand["rules_intent_accuracy"], hand["rules_safety_accuracy"], test["rules_intent_accuracy"], test["rules_safety_accuracy"]]  # fmt: skip
    student = [hand["student_intent_accuracy"], hand["student_safety_accuracy"], test["student_intent_accuracy"], test["student_safety_accuracy"]]  # fmt: skip
    xs = range(len(groups))
    ax.bar([x - 0.27 for x in xs], rules, width=0.27, label="rules", color="#888888")
    ax.bar(list(xs), student, width=0.27, label="student", color="#2a6fb0")
    ax.bar([0.27], [hand["combined_intent_accuracy"]], width=0.27, label="rules then student", color="#3a9a5b")  # fmt: skip
    ax.set_xticks(list(xs), groups)
    ax.set_ylim(0, 1)
    ax.set_ylabel("accuracy")
    ax.legend(loc="lower left", fontsize=8)
    ax.set_title("Distilled student vs the rules")
    fig.tight_layout()
    accuracy = folder / "student-accuracy.png"
    fig.savefig(accuracy)
    history = metrics["training"]["history"]
    fig = Figure(figsize=(6, 3), dpi=90)
    ax = fig.subplots()
    ax.plot([h["epoch"] for h in history], [h["train_loss"] for h in history], label="train")
    ax.plot([h["epoch"] for h in history], [h["val_loss"] for h in history], label="validation")
    ax.axvline(metrics["training"]["best_epoch"], color="#999999", linestyle=":", label="kept")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss (intent + safety + slots)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    training = folder / "student-training.png"
    fig.savefig(training)
    return [accuracy, training]
