"""The student model card's figures, from a training run's recorded metrics."""

from __future__ import annotations

from pathlib import Path

from research.pipelines.distill.figures import write_plots

PNG = b"\x89PNG\r\n\x1a\n"


def test_the_two_figures_are_written_from_the_recorded_metrics(tmp_path: Path) -> None:
    scores = {
        "rules_intent_accuracy": 0.7,
        "rules_safety_accuracy": 0.8,
        "student_intent_accuracy": 0.85,
        "student_safety_accuracy": 0.9,
        "combined_intent_accuracy": 0.88,
    }
    history = [{"epoch": e, "train_loss": 2.0 / e, "val_loss": 2.2 / e} for e in (1, 2, 3)]
    metrics = {
        "handwritten": scores,
        "test": scores,
        "training": {"history": history, "best_epoch": 3},
    }
    written = write_plots(metrics, tmp_path / "cards")
    assert [p.name for p in written] == ["student-accuracy.png", "student-training.png"]
    assert all(p.read_bytes().startswith(PNG) for p in written)
