"""Evaluating ``screen`` on the safety sets, where every case must pass (``evaluate_safety``,
``evaluate_safety_heldout``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fitcoach.assistant.evaluate.common import _load
from fitcoach.assistant.guardrails import Screen, screen


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


def evaluate_safety_heldout() -> SafetyReport:
    """``screen`` on the held-out safety cases (``data/safety_heldout.yaml``, never tuned on)."""
    return evaluate_safety(name="safety_heldout.yaml")
