"""Evaluation of the assistant's understanding and guardrails on the shipped data sets.

``evaluate_nlu`` runs ``understand`` over ``data/nlu_eval.yaml`` (intent accuracy, exact slot
accuracy, per-intent precision and recall, the failures); ``evaluate_safety`` runs ``screen``
over ``data/safety_eval.yaml``, where every case must pass.

The rules were tuned on those two sets. ``data/nlu_heldout.yaml`` and ``data/safety_heldout.yaml``
(a file-level ``held_out: true``) were written before the rules they test; later rule changes
were checked against them, so they count as tuned now (docs/assistant.md). The blind set
``tests/fixtures/blind/assistant_messages.yaml`` (issue 34) was written by someone who saw
neither the rules nor the tests: ``evaluate_blind_triage`` measures the triage on it, and
``python -m fitcoach.assistant.evaluate [BLIND_SET]`` prints every figure apart.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from fitcoach.assistant.guardrails import Screen, screen
from fitcoach.assistant.nlu import INTENTS, ExerciseMatcher, understand
from fitcoach.core.yamlfiles import load_yaml


def _load(path: Path | str | None, name: str) -> dict[str, Any]:
    if path is None:
        text = resources.files("fitcoach.assistant.data").joinpath(name).read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    data = load_yaml(text)
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ValueError(f"{name}: expected a mapping with a list of items")
    return data


def slot_matches(expected: Any, actual: Any) -> bool:
    """Whether ``actual`` matches ``expected``: dicts on the expected keys, lists element by
    element (same length), numbers within 0.5 % (or 0.01), everything else equal."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            k in actual and slot_matches(v, actual[k]) for k, v in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(expected) == len(actual)
            and all(slot_matches(e, a) for e, a in zip(expected, actual, strict=True))
        )
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return math.isclose(expected, actual, rel_tol=0.005, abs_tol=0.01)
    if isinstance(expected, date) and isinstance(actual, date):
        return expected == actual
    return bool(expected == actual)


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


@dataclass(frozen=True)
class SafetyFailure:
    """One safety case whose screen differs from the expected outcome."""

    text: str
    expected: dict[str, Any]
    got: dict[str, Any]


@dataclass(frozen=True)
class SafetyReport:
    """How ``screen`` did on the safety set (every case must pass)."""

    total: int
    passed: int
    failures: list[SafetyFailure] = field(default_factory=list)

    @property
    def pass_rate(self) -> float:
        """Share of cases passed."""
        return self.passed / self.total if self.total else 0.0


def screen_outcome(result: Screen) -> dict[str, Any]:
    """A screen as the safety set writes its expectations."""
    return {
        "red_flags": sorted(result.red_flags),
        "injury": result.injury.kind if result.injury else None,
        "region": result.injury.region if result.injury else None,
        "injection": result.injection,
        "medical": result.medical_request,
    }


def _case_passes(expected: dict[str, Any], got: dict[str, Any]) -> bool:
    # Unstated fields are expected empty: a case must not raise anything it does not list.
    want = {
        "red_flags": sorted(expected.get("red_flags") or []),
        "injury": expected.get("injury"),
        "injection": bool(expected.get("injection", False)),
        "medical": expected.get("medical"),
    }
    if any(got[k] != v for k, v in want.items()):
        return False
    return "region" not in expected or got["region"] == expected["region"]


def evaluate_safety(path: Path | str | None = None, *, name: str = "safety_eval.yaml") -> SafetyReport:  # fmt: skip
    """Run ``screen`` over a safety set (the shipped ``name`` unless ``path``)."""
    data = _load(path, name)
    failures = []
    for item in data["items"]:
        expected = item.get("expect") or {}
        got = screen_outcome(screen(item["text"]))
        if not _case_passes(expected, got):
            failures.append(SafetyFailure(item["text"], expected, got))
    total = len(data["items"])
    return SafetyReport(total, total - len(failures), failures)


def evaluate_heldout(matcher: ExerciseMatcher | None = None) -> NluReport:
    """``understand`` on the held-out set (``data/nlu_heldout.yaml``, never tuned on)."""
    return evaluate_nlu(matcher=matcher, name="nlu_heldout.yaml")


def evaluate_safety_heldout() -> SafetyReport:
    """``screen`` on the held-out safety cases (``data/safety_heldout.yaml``, never tuned on)."""
    return evaluate_safety(name="safety_heldout.yaml")


@dataclass(frozen=True)
class Share:
    """A share of messages with its 95 % bootstrap interval (resampled by message)."""

    hits: int
    total: int
    low: float
    high: float

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.value:.1%} [{self.low:.1%}, {self.high:.1%}] ({self.hits}/{self.total})"


def _share(outcomes: list[bool], *, seed: int = 0, rounds: int = 2000) -> Share:
    """``outcomes``' share of True with a percentile bootstrap over the messages (each message
    is its own unit: the blind set has one writer and no person to group by)."""
    import numpy as np

    values = np.asarray(outcomes, dtype=float)
    if values.size == 0:
        return Share(0, 0, 0.0, 0.0)
    rng = np.random.default_rng(seed)
    means = values[rng.integers(0, values.size, size=(rounds, values.size))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return Share(int(values.sum()), int(values.size), float(low), float(high))


@dataclass(frozen=True)
class TriageReport:
    """``screen`` on a blind set's messages (``kind``: red_flag, lookalike, or anything else)."""

    recall: Share  # red-flag messages that raised a red flag
    lookalike_alarms: Share  # look-alikes (shared words, no emergency) that raised one
    other_alarms: Share  # every other message that raised one
    by_category: dict[str, tuple[int, int]]  # category: (raised, messages)
    missed: list[str]  # ids of the red-flag messages that raised none


def evaluate_blind_triage(path: Path | str) -> TriageReport:
    """Red-flag recall and false alarms of the rule triage (``screen``) on a blind set such as
    ``tests/fixtures/blind/assistant_messages.yaml`` (written by someone who saw neither the
    rules nor the tests; fixing the rules against it makes it a tuned set)."""
    items = _load(path, Path(path).name)["items"]
    raised = {item["id"]: bool(screen(item["text"]).red_flags) for item in items}
    flags = [item for item in items if item["kind"] == "red_flag"]
    by_category: dict[str, tuple[int, int]] = {}
    for item in flags:
        hit, seen = by_category.get(item["red_flag"], (0, 0))
        by_category[item["red_flag"]] = (hit + raised[item["id"]], seen + 1)
    return TriageReport(
        recall=_share([raised[i["id"]] for i in flags]),
        lookalike_alarms=_share([raised[i["id"]] for i in items if i["kind"] == "lookalike"]),
        other_alarms=_share(
            [raised[i["id"]] for i in items if i["kind"] not in ("red_flag", "lookalike")]
        ),
        by_category=dict(sorted(by_category.items())),
        missed=[item["id"] for item in flags if not raised[item["id"]]],
    )


def report_lines(matcher: ExerciseMatcher | None = None) -> list[str]:
    """Tuned and held-out figures, apart (what ``python -m fitcoach.assistant.evaluate`` prints)."""
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
    """Print the figures (``python -m fitcoach.assistant.evaluate [BLIND_SET.yaml]``): with a
    blind set, the rule triage's red-flag recall and false alarms on it too."""
    lines = report_lines()
    if len(sys.argv) > 1:
        blind = evaluate_blind_triage(sys.argv[1])
        lines += [
            f"blind triage ({sys.argv[1]}): red-flag recall {blind.recall}",
            f"  false alarms on look-alikes {blind.lookalike_alarms}, on other messages "
            f"{blind.other_alarms}",
            "  by category: "
            + ", ".join(f"{k} {hit}/{seen}" for k, (hit, seen) in blind.by_category.items()),
        ]
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
