"""Which risk model scores a sheet, and what a coach is told about it.

The real-data gate stored with the model (``ml.burnout.gate``) decides: a model that beat ACWR
and the 7-day load on real injuries is the risk; one that did not is experimental, and its figure
is computed only when asked for (``--experimental-model``), beside the load rule. The gate is read
from the artefact's files, without importing scikit-learn: a sheet scored with the load rule
alone starts in well under a second, where loading the model costs seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from fitcoach.ml.burnout.scoring import Scorer

ModelStatus = Literal["validated", "experimental", "unavailable"]
EXPERIMENTAL = (
    "experimental: trained on simulated athletes, it has not beaten ACWR and the 7-day load on "
    "real athletes' injuries, so the load rule is the risk."
)
NOT_ASKED = (
    "experimental: trained on simulated athletes, it has not beaten ACWR and the 7-day load on "
    "real athletes' injuries, so the load rule is the risk and the model's figure is left out "
    "(--experimental-model shows it beside the load rule)."
)
VALIDATED = "validated: it beat ACWR and the 7-day load on real athletes' injuries."


@dataclass(frozen=True)
class RiskModel:
    """The model a sheet is scored with (``scorer`` None: none is run) and its status."""

    status: ModelStatus
    version: str | None
    note: str  # in words
    gate_reason: str = ""  # the real-data decision's figures (for an analyst; the card has them)
    scorer: Scorer | None = None

    @classmethod
    def of(cls, scorer: Scorer | None, note: str = "") -> RiskModel:
        """The status of a loaded scorer (or of none, with why)."""
        if scorer is None:
            return cls("unavailable", None, note)
        shown = scorer.gate.show_model
        return cls(
            "validated" if shown else "experimental",
            scorer.manifest.version,
            note or (VALIDATED if shown else EXPERIMENTAL),
            scorer.gate.reason,
            scorer,
        )


def load_scorer(root: Path | None, *, version: str | None = None) -> tuple[Scorer | None, str]:
    """The risk model, or None and why (no ml extra, no usable artefact)."""
    from fitcoach.ml.registry import ArtefactError

    try:
        from fitcoach.ml.burnout.model import load
        from fitcoach.ml.burnout.scoring import Scorer

        return Scorer(load(root, version=version)), ""
    except ArtefactError as exc:
        return None, str(exc)


def risk_model(
    root: Path | None, *, version: str | None = None, experimental: bool = False
) -> RiskModel:
    """The model for a sheet: loaded when its gate shows it or ``experimental`` asks for it."""
    from fitcoach.ml.burnout.gate import gate_for
    from fitcoach.ml.burnout.model import locate
    from fitcoach.ml.registry import ArtefactError

    try:
        artefact = locate(root, version=version)
    except ArtefactError as exc:
        return RiskModel("unavailable", None, str(exc))
    gate = gate_for(artefact.path, artefact.manifest.version)
    if not gate.show_model and not experimental:
        return RiskModel("experimental", artefact.manifest.version, NOT_ASKED, gate.reason)
    return RiskModel.of(*load_scorer(root, version=version))
