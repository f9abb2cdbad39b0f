"""The dosing agent's entry in ``fitcoach ml validate``: there is no real-data check for
dosing (:mod:`fitcoach.ml.dosing.report` says why), and the table says so beside the simulated
evaluation stored with the agent in force.
"""

from __future__ import annotations

from collections.abc import Mapping

from fitcoach.core.settings import get_settings
from fitcoach.ml.dosing.gate import from_metrics
from fitcoach.ml.dosing.report import NO_REAL_DATA, composition_markdown, stored
from research.validation.base import CheckContext, CheckResult


def _sets(count: int) -> str:
    return "one set" if count == 1 else f"{count} sets pooled"


def check(ctx: CheckContext) -> CheckResult:
    """The registry's dosing check (``research.validation.checks``)."""
    ctx.progress("dosing: the stored evaluation", 0, 1)
    artefact = stored(get_settings().models_path)
    metrics = artefact.manifest.metrics
    gate = from_metrics(metrics)
    block = metrics.get("composition")
    parts = [NO_REAL_DATA, ""]
    if isinstance(block, Mapping):
        parts += [
            f"Simulated evaluation stored with `ppo` {artefact.manifest.version} "
            f"(trained on the `{block.get('trained_on')}` injury model; fresh athletes from "
            f"seed {block.get('seeds_from')}, {_sets(int(block.get('seed_sets', 1)))}; paired "
            "percentile bootstrap over every athlete, "
            f"{block.get('bootstrap', {}).get('resamples')} resamples):",
            "",
            composition_markdown(block),
            "",
        ]
    parts += [
        f"The gate (the agent may drive a plan only when, pooled over at least 3 sets of 500, "
        f"no injury CI reaches above 0): "
        f"**{'open' if gate.allowed else 'closed'}**. {gate.statement()}"
    ]
    ctx.progress("dosing: the stored evaluation", 1, 1)
    return CheckResult(
        name="dosing",
        title="Dosing agent: no real-data check; the simulated evaluation it ships with",
        card="ppo.md",
        markdown="\n".join(parts),
        figures={
            "real_data_check": False,
            "version": artefact.manifest.version,
            "gate_open": gate.allowed,
            "composition": block,
        },
    )
