"""Evaluation of the assistant's understanding and guardrails on the shipped data sets.

``evaluate_nlu`` runs ``understand`` over ``data/nlu_eval.yaml`` (intent accuracy, exact slot
accuracy, per-intent precision and recall, the failures); ``evaluate_safety`` runs ``screen``
over ``data/safety_eval.yaml``, where every case must pass.

The rules were tuned on those two sets. ``data/nlu_heldout.yaml`` and ``data/safety_heldout.yaml``
(a file-level ``held_out: true``) were written before the rules they test; later rule changes
were checked against them, so they count as tuned now (docs/assistant.md). The blind set
``tests/fixtures/blind/assistant_messages.yaml`` was written by someone who saw
neither the rules nor the tests: ``evaluate_blind_triage`` measures the triage on it,
``evaluate_blind_logging`` runs its logging messages through the chat against a database and
scores what was stored, and ``python -m research.evaluate.assistant [BLIND_SET]`` prints every
figure apart.

Modules: ``understanding``, ``safety``, ``logging_scores`` and ``logging_runs`` (the blind
set's logging messages), ``cli`` (the printed figures and the command line). The data sets,
slot matching, shares and the blind triage stay in the product (``fitcoach.assistant.evaluate``:
``distill``'s training run reports the triage on the blind set); they are re-exported here.
"""

from __future__ import annotations

from fitcoach.assistant.evaluate.common import Share, exercise_candidates, slot_matches
from fitcoach.assistant.evaluate.triage import (
    TriageReport,
    evaluate_blind_triage,
    triage_comparison_lines,
)
from research.evaluate.assistant.cli import main, report_lines
from research.evaluate.assistant.logging_runs import ATHLETE_PROFILE, evaluate_blind_logging
from research.evaluate.assistant.logging_scores import (
    LOG_OUTCOMES,
    LoggingReport,
    LogItem,
    compare_logged,
)
from research.evaluate.assistant.safety import (
    SafetyFailure,
    SafetyReport,
    evaluate_safety,
    evaluate_safety_heldout,
    screen_outcome,
)
from research.evaluate.assistant.understanding import (
    IntentScore,
    NluFailure,
    NluReport,
    evaluate_heldout,
    evaluate_nlu,
)

__all__ = [
    "ATHLETE_PROFILE",
    "LOG_OUTCOMES",
    "IntentScore",
    "LogItem",
    "LoggingReport",
    "NluFailure",
    "NluReport",
    "SafetyFailure",
    "SafetyReport",
    "Share",
    "TriageReport",
    "compare_logged",
    "evaluate_blind_logging",
    "evaluate_blind_triage",
    "evaluate_heldout",
    "evaluate_nlu",
    "evaluate_safety",
    "evaluate_safety_heldout",
    "exercise_candidates",
    "main",
    "report_lines",
    "screen_outcome",
    "slot_matches",
    "triage_comparison_lines",
]
