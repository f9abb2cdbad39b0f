"""Whether the dosing agent may drive a plan, decided from the evaluation stored with it.

The training pipeline evaluates the composition the product ships (the rules' plan, the
agent's change on top, the safety validator) against the rules alone on the same simulated
athletes, under every injury model, and stores per model the paired difference in injuries
per season with its bootstrap 95 % CI (``metrics["composition"]`` of the ``ppo`` artefact).

The agent may drive (an athlete's opt-in takes effect) only when, under **every** injury model,
the upper end of that CI is at most 0: the evaluation shows the composition does not have more
injuries than the rules alone. An artefact without that evaluation may not drive. Nothing here
is a constant: :func:`decide` reads the stored numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MODEL_WORDS = {
    "acwr": "an injury model driven by load spikes (acute:chronic ratio, monotony)",
    "strain": "a second injury model driven by cumulative strain and hidden fragility",
}


@dataclass(frozen=True)
class Difference:
    """A paired difference (composition − rules, per athlete-season) and its 95 % CI."""

    mean: float
    low: float
    high: float


@dataclass(frozen=True)
class Comparison:
    """The shipped composition against the rules alone under one injury model."""

    injury_model: str
    athletes: int
    weeks: int
    rules_injuries: float
    composed_injuries: float
    injuries: Difference
    rules_gain: float
    composed_gain: float
    gain: Difference


@dataclass(frozen=True)
class Gate:
    """The decision and the comparisons it was made from (empty: nothing stored)."""

    allowed: bool
    comparisons: tuple[Comparison, ...]

    def statement(self) -> str:
        """The measured comparison in words, for the opt-in screen."""
        if not self.comparisons:
            return (
                "This version of the agent was never compared with the rules on simulated "
                "athletes, so it only makes suggestions: it cannot change your plan."
            )
        first = self.comparisons[0]
        parts = [
            f"In {first.athletes} simulated athletes ({first.weeks}-week seasons), the rules "
            f"with the agent on top had {_n(first.composed_injuries)} injuries per season "
            f"against {_n(first.rules_injuries)} for the rules alone ({_diff(first.injuries)})"
        ]
        for other in self.comparisons[1:]:
            parts.append(
                f"under {MODEL_WORDS.get(other.injury_model, other.injury_model)}, "
                f"{_n(other.composed_injuries)} against {_n(other.rules_injuries)} "
                f"({_diff(other.injuries)})"
            )
        measured = "; ".join(parts) + "."
        if self.allowed:
            verdict = (
                "It did not have more injuries than the rules under any injury model, so you "
                "may let it adjust your plan (the safety validator still checks every change)."
            )
        else:
            verdict = (
                "That does not show it has no more injuries than the rules, so it only makes "
                "suggestions: it cannot change your plan."
            )
        return f"{measured} {verdict} These are simulated athletes, not real people."


def _n(value: float) -> str:
    return f"{value:.2f}"


def _signed(value: float) -> str:
    return f"{value:+.2f}".replace("-", "−")


def _diff(d: Difference) -> str:
    return f"difference {_signed(d.mean)}, 95 % CI {_signed(d.low)} to {_signed(d.high)}"


def decide(comparisons: tuple[Comparison, ...]) -> bool:
    """Allowed only with a comparison under every model and no CI reaching above 0."""
    return bool(comparisons) and all(c.injuries.high <= 0.0 for c in comparisons)


def _difference(raw: Mapping[str, Any]) -> Difference:
    return Difference(float(raw["mean"]), float(raw["low"]), float(raw["high"]))


def from_metrics(metrics: Mapping[str, Any]) -> Gate:
    """The gate from a ``ppo`` artefact's stored metrics (closed when they hold no
    composition evaluation, or one that does not parse)."""
    block = metrics.get("composition")
    if not isinstance(block, Mapping):
        return Gate(False, ())
    shipped = block.get("shipped")
    models = block.get("models")
    if not isinstance(shipped, str) or not isinstance(models, Mapping):
        return Gate(False, ())
    comparisons: list[Comparison] = []
    try:
        for model, result in models.items():
            rules, composed = result["policies"]["rules"], result["policies"][shipped]
            paired = result["paired"][shipped]
            comparisons.append(
                Comparison(
                    injury_model=str(model),
                    athletes=int(result["athletes"]),
                    weeks=int(result["weeks"]),
                    rules_injuries=float(rules["injuries"]),
                    composed_injuries=float(composed["injuries"]),
                    injuries=_difference(paired["injuries"]),
                    rules_gain=float(rules["gain"]),
                    composed_gain=float(composed["gain"]),
                    gain=_difference(paired["gain"]),
                )
            )
    except (KeyError, TypeError, ValueError):
        return Gate(False, ())
    ordered = tuple(sorted(comparisons, key=lambda c: c.injury_model != block.get("trained_on")))
    return Gate(decide(ordered), ordered)
