"""What the product keeps of the assistant's evaluation: the blind triage that ``distill``'s
training run reports on the blind set (``evaluate_blind_triage``), the shares with their
bootstrap intervals, slot matching, and the library slugs a plain exercise name means (which the
slot tagger's training data is aligned with). The evaluation protocols over the hand-written
and blind sets live in ``research.evaluate.assistant``, outside the wheel.

Modules: ``common`` (data sets, slot matching, shares, exercise names) and ``triage``.
"""

from __future__ import annotations

from fitcoach.assistant.evaluate.common import Share, exercise_candidates, slot_matches
from fitcoach.assistant.evaluate.triage import (
    TriageReport,
    evaluate_blind_triage,
    triage_comparison_lines,
)

__all__ = [
    "Share",
    "TriageReport",
    "evaluate_blind_triage",
    "exercise_candidates",
    "slot_matches",
    "triage_comparison_lines",
]
