"""Whether the product may show the risk model: decided on real injuries, stored with the model.

The real-data risk check (``research.validation.risk_check``, run by ``fitcoach ml
validate``) scores a model on PMData's injuries through the blind protocol and writes its
decision as ``real_data.json`` beside that model's artefact, naming the model version it
judged. The product reads it for the model it loaded (:func:`gate_for`): a decision made for
another version, or none at all, counts as *not validated*. Only a validated model's risk is
shown as the risk; otherwise the product shows the load rule (``analysis.load_rule``) and
calls the model experimental wherever it still appears.

**The rule** (:func:`decide`): on both person sets of the protocol (DEV and HELD_OUT) the
model's AUC must beat ACWR's and the 7-day load's with the lower end of the paired 95 %
person-bootstrap CI of the difference above 0, and its Brier score must not exceed the base
rate's. With a handful of onsets this is a high bar on purpose: a model that cannot show it is
better than the rule it would replace is not shown in its place.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from fitcoach.ml.bootstrap import Estimate

GATE_FILE = "real_data.json"
BASELINES = ("acwr", "load_7d_mean")
NOT_VALIDATED = (
    "The risk model has not been validated on real athletes' injuries; the load rule is shown."
)


# What the rule reads of a protocol's risk result (the blind PMData protocol's ``RiskResult``,
# which lives with the research code outside the package): described here by shape only.
class PredictorScores(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def auc(self) -> Estimate: ...
    @property
    def brier(self) -> Estimate: ...


class Difference(Protocol):
    @property
    def baseline(self) -> str: ...
    @property
    def estimate(self) -> Estimate: ...


class RiskResult(Protocol):
    @property
    def persons(self) -> Sequence[str]: ...
    @property
    def n_rows(self) -> int: ...
    @property
    def n_positive_rows(self) -> int: ...
    @property
    def n_onsets(self) -> int: ...
    @property
    def scores(self) -> Sequence[PredictorScores]: ...
    @property
    def differences(self) -> Sequence[Difference]: ...
    def get(self, name: str) -> PredictorScores: ...


@dataclass(frozen=True)
class Gate:
    """The decision for one model version, and the figures it was made from."""

    model_version: str
    show_model: bool
    reason: str
    figures: dict[str, Any] = field(default_factory=dict)
    # The protocol as the stored gates name it (the blind PMData protocol, now
    # research.validation.blind_pmdata): unchanged, so that a gate is written as before.
    protocol: str = "fitcoach.ml.validation.blind_pmdata (injury onset within 7 days)"

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, sort_keys=True) + "\n"


def _figures(result: RiskResult) -> dict[str, Any]:
    def est(e: Any) -> dict[str, float | None]:
        def num(v: float) -> float | None:
            return None if math.isnan(v) else round(float(v), 4)

        return {"value": num(e.value), "low": num(e.low), "high": num(e.high)}

    out: dict[str, Any] = {
        "persons": list(result.persons),
        "rows": result.n_rows,
        "positive_rows": result.n_positive_rows,
        "onsets": result.n_onsets,
    }
    for s in result.scores:
        out[s.name] = {"auc": est(s.auc), "brier": est(s.brier)}
    out["delta_auc"] = {d.baseline: est(d.estimate) for d in result.differences}
    return out


def _verdict(label: str, result: RiskResult) -> list[str]:
    """What stops the model on one person set (empty: it passes there)."""
    failures = []
    model = result.get("model")
    deltas = {d.baseline: d.estimate for d in result.differences}
    for name in BASELINES:
        d = deltas.get(name)
        base = result.get(name).auc.value
        if d is None or math.isnan(d.low):
            failures.append(f"{label}: no AUC difference against {name} could be estimated")
        elif not d.low > 0:
            failures.append(
                f"{label}: AUC {model.auc.value:.3f} against {name} {base:.3f}, difference "
                f"{d.value:+.3f} [{d.low:+.3f}, {d.high:+.3f}], not above 0"
            )
    base_brier = result.get("base_rate").brier.value
    if not model.brier.value <= base_brier:
        failures.append(
            f"{label}: Brier {model.brier.value:.4f} is worse than the base rate's {base_brier:.4f}"
        )
    return failures


def decide(model_version: str, results: Mapping[str, RiskResult]) -> Gate:
    """The gate for ``model_version`` from its results on each person set (``DEV`` and
    ``HELD_OUT`` for the product; the module's rule must hold on every one)."""
    if not results:
        raise ValueError("no results to decide from")
    failures = [f for label, result in results.items() for f in _verdict(label, result)]
    sets = " and ".join(results)
    if failures:
        reason = (
            "The model does not beat ACWR and the 7-day load on real injuries: "
            + "; ".join(failures)
            + ". The load rule is shown; the model is experimental."
        )
    else:
        reason = f"The model beats ACWR and the 7-day load on real injuries ({sets})."
    return Gate(
        model_version=model_version,
        show_model=not failures,
        reason=reason,
        figures={label: _figures(result) for label, result in results.items()},
    )


def write(artefact_dir: Path, gate: Gate) -> Path:
    """Store ``gate`` beside the artefact it judged."""
    path = artefact_dir / GATE_FILE
    path.write_text(gate.to_json())
    return path


def read(artefact_dir: Path) -> Gate | None:
    """The stored gate in ``artefact_dir``, or None when there is none or it cannot be read."""
    path = artefact_dir / GATE_FILE
    if not path.is_file():
        return None
    try:
        raw = json.loads(path.read_text())
        return Gate(
            model_version=str(raw["model_version"]),
            show_model=bool(raw["show_model"]),
            reason=str(raw["reason"]),
            figures=dict(raw.get("figures", {})),
            protocol=str(raw.get("protocol", "")),
        )
    except (ValueError, KeyError, TypeError):
        return None


def gate_for(artefact_dir: Path, model_version: str) -> Gate:
    """The decision for the model in ``artefact_dir``: its stored gate when it names this
    version, else "not validated" (the model is not shown)."""
    found = read(artefact_dir)
    if found is None or found.model_version != model_version:
        return Gate(model_version=model_version, show_model=False, reason=NOT_VALIDATED)
    return found
