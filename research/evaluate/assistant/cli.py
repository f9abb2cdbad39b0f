"""The figures as lines and the command line (``python -m research.evaluate.assistant``)."""

from __future__ import annotations

import sys
from pathlib import Path

from fitcoach.assistant.evaluate.triage import evaluate_blind_triage, triage_comparison_lines
from fitcoach.assistant.nlu import ExerciseMatcher
from research.evaluate.assistant.logging_runs import evaluate_blind_logging
from research.evaluate.assistant.safety import evaluate_safety, evaluate_safety_heldout
from research.evaluate.assistant.understanding import evaluate_heldout, evaluate_nlu


def report_lines(matcher: ExerciseMatcher | None = None) -> list[str]:
    """Tuned and held-out figures, apart (what ``python -m research.evaluate.assistant`` prints)."""
    matcher = matcher or ExerciseMatcher.from_library()
    tuned = evaluate_nlu(matcher=matcher)
    held = evaluate_heldout(matcher)
    safety = evaluate_safety()
    safety_held = evaluate_safety_heldout()
    red_held = evaluate_safety(name="redflag_heldout.yaml")
    return [
        f"tuned (nlu_eval.yaml, {tuned.tuned_total} utterances): intent "
        f"{tuned.tuned_intent_accuracy:.1%}, exact slots {tuned.tuned_slot_accuracy:.1%}",
        f"held out, first batch (nlu_eval.yaml, {tuned.held_out_total}): intent "
        f"{tuned.held_out_intent_accuracy:.1%}, exact slots {tuned.held_out_slot_accuracy:.1%}",
        f"held out (nlu_heldout.yaml, {held.total}): intent {held.intent_accuracy:.1%}, "
        f"exact slots {held.slot_accuracy:.1%}",
        f"safety, tuned (safety_eval.yaml): {safety.passed}/{safety.total} passed",
        f"safety, held out (safety_heldout.yaml): {safety_held.passed}/{safety_held.total} passed",
        f"red flags, held out (redflag_heldout.yaml): {red_held.passed}/{red_held.total} passed",
    ]


def main() -> None:
    """Print the figures (``python -m research.evaluate.assistant [BLIND_SET.yaml] [--student
    [MODEL_DIR]]``): with a blind set, the rule triage's red-flag recall and false alarms on it
    too, and how the chat logs its ``kind: log`` messages (``evaluate_blind_logging``); with
    ``--student``, the triage with the newest distilled student's red flags added (the model
    directory's, default ``FITCOACH_MODEL_DIR``) beside the rules'."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m research.evaluate.assistant")
    parser.add_argument("blind_set", nargs="?", help="a blind set such as tests/fixtures/blind/assistant_messages.yaml")  # fmt: skip
    parser.add_argument("--student", nargs="?", const="", default=None, metavar="MODEL_DIR",
                        help="also the rules ∪ the distilled student's red flags on the blind set")  # fmt: skip
    args = parser.parse_args()
    student = None
    if args.student is not None:
        # Loaded first: a missing or unverifiable model is said before minutes of evaluation.
        from fitcoach.assistant.student import StudentModel
        from fitcoach.core.settings import get_settings
        from fitcoach.ml.registry import ArtefactError

        if not args.blind_set:
            parser.error("--student compares on a blind set: give one, e.g. tests/fixtures/blind/assistant_messages.yaml")  # fmt: skip
        try:
            student = StudentModel.load(Path(args.student) if args.student else get_settings().models_path)  # fmt: skip
        except ArtefactError as exc:
            parser.error(str(exc))
    lines = report_lines()
    if args.blind_set:
        blind = evaluate_blind_triage(args.blind_set)
        lines += [
            f"blind triage ({args.blind_set}): red-flag recall {blind.recall}",
            f"  false alarms on look-alikes {blind.lookalike_alarms}, on other messages "
            f"{blind.other_alarms}",
            "  by category: "
            + ", ".join(f"{k} {hit}/{seen}" for k, (hit, seen) in blind.by_category.items()),
        ]
        if student is not None:
            lines += triage_comparison_lines(args.blind_set, blind, student)
        lines += evaluate_blind_logging(args.blind_set).lines()
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
