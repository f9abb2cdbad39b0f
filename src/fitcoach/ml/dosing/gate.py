"""Whether the dosing agent may drive a plan, decided from the evaluation stored with it.

The training pipeline evaluates the composition the product ships (the rules' plan, the
agent's change on top, the safety validator) against the rules alone on the same simulated
athletes, under every injury model, and stores per model the paired difference in injuries
per season with its bootstrap 95 % CI (``metrics["composition"]`` of the ``ppo`` artefact).

The comparison is **pooled** over at least :data:`MIN_SEED_SETS` sets of
:data:`MIN_SET_ATHLETES` simulated athletes (``evaluation.evaluate_composition``): one set of 500 moves the difference by more than the
effect in question (docs/models/ppo.md gives each set's figure). The agent may drive (an
athlete's opt-in takes effect) only when, under **every** injury model, the pooled comparison
covers that many sets and the upper end of its CI is at most 0: the evaluation shows the
composition does not have more injuries than the rules alone. An artefact without that
evaluation, or with fewer sets, may not drive. Nothing here is a constant: :func:`decide`
reads the stored numbers.

:meth:`Gate.statement` is the one place the evidence is worded for a person (the plan page
and the API's ``evidence`` quote it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MIN_SEED_SETS = 3
MIN_SET_ATHLETES = 500
MODEL_WORDS = {
    "acwr": "an injury model driven by load spikes (acute:chronic ratio, monotony)",
    "strain": "a second injury model, driven by cumulative strain and hidden fragility",
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
    athletes: int  # pooled over every seed set
    weeks: int
    rules_injuries: float
    composed_injuries: float
    injuries: Difference
    rules_gain: float
    composed_gain: float
    gain: Difference
    seed_sets: int = 1
    per_set: tuple[Difference, ...] = ()  # each set's injury difference, in seed order

    @property
    def enough(self) -> bool:
        """Pooled over enough sets of enough athletes for the gate to read it."""
        return (
            self.seed_sets >= MIN_SEED_SETS and self.athletes // self.seed_sets >= MIN_SET_ATHLETES
        )


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
        if first.seed_sets > 1:
            who = (
                f"{first.athletes:,} simulated athletes ({first.seed_sets} separate sets of "
                f"{first.athletes // first.seed_sets:,}, {first.weeks}-week seasons)"
            )
        else:
            who = f"{first.athletes:,} simulated athletes ({first.weeks}-week seasons)"
        parts = [f"Under {_model(first.injury_model)} they had {_change(first)}"]
        parts += [f"under {_model(c.injury_model)}, {_change(c)}" for c in self.comparisons[1:]]
        measured = (
            f"The rules with the agent on top were compared with the rules alone on {who}. "
            + "; ".join(parts)
            + "."
        )
        if self.allowed:
            verdict = (
                "It did not have more injuries than the rules under any injury model, so you "
                "may let it adjust your plan (the safety validator still checks every change)."
            )
        elif not all(c.enough for c in self.comparisons):
            verdict = (
                f"That comparison covers fewer than {MIN_SEED_SETS} separate sets of "
                f"{MIN_SET_ATHLETES} athletes, too few to rely on, so it only makes "
                "suggestions: it cannot change your plan."
            )
        else:
            verdict = (
                "That does not show it has no more injuries than the rules, so it only makes "
                "suggestions: it cannot change your plan."
            )
        return f"{measured} {verdict} These are simulated athletes, not real people."


def _model(name: str) -> str:
    return MODEL_WORDS.get(name, f"the {name} injury model")


def _change(c: Comparison) -> str:
    """'0.03 more injuries per athlete a season (0.57 against 0.54 for the rules alone; 95 %
    CI from 0.01 fewer to 0.07 more)'."""
    d = c.injuries
    return (
        f"{_amount(d.mean)} per athlete a season ({_n(c.composed_injuries)} against "
        f"{_n(c.rules_injuries)} for the rules alone; 95 % CI from {_bound(d.low)} to "
        f"{_bound(d.high)})"
    )


def _amount(value: float) -> str:
    if round(value, 2) == 0:
        return "about as many injuries"
    return f"{abs(value):.2f} {'more' if value > 0 else 'fewer'} injuries"


def _bound(value: float) -> str:
    if round(value, 2) == 0:
        return "0.00"
    return f"{abs(value):.2f} {'more' if value > 0 else 'fewer'}"


def _n(value: float) -> str:
    return f"{value:.2f}"


def decide(comparisons: tuple[Comparison, ...]) -> bool:
    """Allowed only with a pooled comparison of at least ``MIN_SEED_SETS`` sets of
    ``MIN_SET_ATHLETES`` under every model and no CI reaching above 0."""
    return bool(comparisons) and all(c.enough and c.injuries.high <= 0.0 for c in comparisons)


def _difference(raw: Mapping[str, Any]) -> Difference:
    return Difference(float(raw["mean"]), float(raw["low"]), float(raw["high"]))


def from_metrics(metrics: Mapping[str, Any]) -> Gate:
    """The gate from a ``ppo`` artefact's stored metrics (closed when they hold no
    composition evaluation, or one that does not parse). A model's top-level figures are the
    pooled ones; an evaluation stored before seed sets existed counts as one set."""
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
            sets = result.get("sets") or ()
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
                    seed_sets=int(result.get("seed_sets", 1)),
                    per_set=tuple(_difference(s["paired"][shipped]["injuries"]) for s in sets),
                )
            )
    except (KeyError, TypeError, ValueError):
        return Gate(False, ())
    ordered = tuple(sorted(comparisons, key=lambda c: c.injury_model != block.get("trained_on")))
    return Gate(decide(ordered), ordered)
