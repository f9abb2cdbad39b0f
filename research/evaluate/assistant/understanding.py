"""Evaluating ``understand`` on the NLU sets: intent accuracy, exact slot accuracy, per-intent
precision and recall, the failures (``evaluate_nlu``, ``evaluate_heldout``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fitcoach.assistant.evaluate.common import _load, slot_matches
from fitcoach.assistant.nlu import INTENTS, ExerciseMatcher, understand


@dataclass(frozen=True)
class NluFailure:
    """One utterance the parser got wrong."""

    text: str
    expected_intent: str
    intent: str
    expected_slots: dict[str, Any]
    slots: dict[str, Any]


@dataclass(frozen=True)
class IntentScore:
    """Precision and recall of one intent over the set."""

    intent: str
    support: int
    precision: float
    recall: float


@dataclass(frozen=True)
class NluReport:
    """How ``understand`` did on an evaluation set."""

    total: int
    intent_correct: int
    slots_correct: int
    per_intent: list[IntentScore]
    failures: list[NluFailure] = field(default_factory=list)
    # Items marked ``held_out`` were written after the rules were tuned and never tuned on.
    held_out_total: int = 0
    held_out_intent_correct: int = 0
    held_out_slots_correct: int = 0

    @property
    def intent_accuracy(self) -> float:
        """Share of utterances with the expected intent."""
        return self.intent_correct / self.total if self.total else 0.0

    @property
    def slot_accuracy(self) -> float:
        """Share of utterances with the expected intent and every expected slot exact."""
        return self.slots_correct / self.total if self.total else 0.0

    @property
    def tuned_total(self) -> int:
        """Utterances the rules were tuned on (the rest are held out)."""
        return self.total - self.held_out_total

    @property
    def tuned_intent_accuracy(self) -> float:
        """Intent accuracy on the tuned items only."""
        correct = self.intent_correct - self.held_out_intent_correct
        return correct / self.tuned_total if self.tuned_total else 0.0

    @property
    def tuned_slot_accuracy(self) -> float:
        """Exact slot accuracy on the tuned items only."""
        correct = self.slots_correct - self.held_out_slots_correct
        return correct / self.tuned_total if self.tuned_total else 0.0

    @property
    def held_out_intent_accuracy(self) -> float:
        """Intent accuracy on the held-out items only."""
        return self.held_out_intent_correct / self.held_out_total if self.held_out_total else 0.0

    @property
    def held_out_slot_accuracy(self) -> float:
        """Exact slot accuracy on the held-out items only."""
        return self.held_out_slots_correct / self.held_out_total if self.held_out_total else 0.0

    def summary(self) -> str:
        """Accuracy in one line."""
        return (
            f"{self.total} utterances: intent {self.intent_accuracy:.1%}, "
            f"exact slots {self.slot_accuracy:.1%} (held out: {self.held_out_total} utterances, "
            f"intent {self.held_out_intent_accuracy:.1%}, slots {self.held_out_slot_accuracy:.1%})"
        )


def evaluate_nlu(
    path: Path | str | None = None,
    *,
    matcher: ExerciseMatcher | None = None,
    name: str = "nlu_eval.yaml",
) -> NluReport:
    """Run ``understand`` over an evaluation set (the shipped ``name`` unless ``path``)."""
    data = _load(path, name)
    whole_file_held_out = bool(data.get("held_out"))
    today = data["today"]
    exercises = matcher or ExerciseMatcher.from_library()
    predicted: Counter[str] = Counter()
    truth: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    intent_ok = slots_ok = 0
    held = [0, 0, 0]
    failures = []
    for item in data["items"]:
        result = understand(item["text"], today=today, exercises=exercises)
        want = item["intent"]
        want_slots = item.get("slots") or {}
        truth[want] += 1
        predicted[result.intent] += 1
        good_intent = result.intent == want
        good_slots = good_intent and slot_matches(want_slots, result.slots)
        intent_ok += good_intent
        slots_ok += good_slots
        hits[want] += good_intent
        if whole_file_held_out or item.get("held_out"):
            held[0] += 1
            held[1] += good_intent
            held[2] += good_slots
        if not good_slots:
            failures.append(
                NluFailure(item["text"], want, result.intent, want_slots, dict(result.slots))
            )
    per_intent = [
        IntentScore(
            intent,
            truth[intent],
            hits[intent] / predicted[intent] if predicted[intent] else 0.0,
            hits[intent] / truth[intent] if truth[intent] else 0.0,
        )
        for intent in INTENTS
        if truth[intent] or predicted[intent]
    ]
    return NluReport(
        len(data["items"]), intent_ok, slots_ok, per_intent, failures, held[0], held[1], held[2]
    )


def evaluate_heldout(matcher: ExerciseMatcher | None = None) -> NluReport:
    """``understand`` on the held-out set (``data/nlu_heldout.yaml``, never tuned on)."""
    return evaluate_nlu(matcher=matcher, name="nlu_heldout.yaml")
