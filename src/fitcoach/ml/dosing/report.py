"""The dosing agent's report: the simulated evaluation stored with the agent in force, as the
card (and ``fitcoach ml validate``'s dosing entry, ``research.validation.dosing_check`` in a
source checkout) quotes it.

There is no real-data check for dosing: checking a dosing policy on real athletes needs
outcomes of plans that were changed week by week by the policy (or by chance), with injuries
recorded, and no data set at hand has that; PMData records load and injuries under each
athlete's own training, not under a prescribed change. The stored evaluation
(``metrics["composition"]`` of the ``ppo`` artefact, written by ``fitcoach ml train ppo``) is
the evidence the gate decides from; the check prints it and reruns nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fitcoach.ml import registry
from fitcoach.ml.dosing import observation
from fitcoach.ml.dosing.policy import NAME, SHIPPED

RULES = "rules"  # the pairs' reference row (``pipelines.dosing.evaluation.RULES``)

NO_REAL_DATA = (
    "**No real-data check exists for the dosing agent.** Checking a dosing policy on real "
    "athletes needs the outcomes of plans that the policy (or chance) changed week by week, "
    "with injuries recorded; no data set at hand has that (PMData records load and injuries "
    "under each athlete's own training, not under a prescribed change). Every figure below "
    "comes from the simulator, not from real athletes."
)


def _ci(d: Mapping[str, float], digits: int) -> str:
    return f"{d['mean']:+.{digits}f} ({d['low']:+.{digits}f} to {d['high']:+.{digits}f})"


def model_label(model: str, result: Mapping[str, Any]) -> str:
    """'acwr (1,500 athletes: 3 sets of 500, pooled)', or 'acwr (500 athletes)'."""
    sets = int(result.get("seed_sets", 1))
    if sets > 1:
        each = int(result.get("athletes_per_set", result["athletes"] // sets))
        return f"{model} ({result['athletes']:,} athletes: {sets} sets of {each:,}, pooled)"
    return f"{model} ({result['athletes']:,} athletes)"


def composition_markdown(block: Mapping[str, Any]) -> str:
    """The composition's table (per injury model and policy: means per athlete-season, paired
    differences from the rules alone with 95 % CIs, pooled over the seed sets; the share of
    weeks the validator kept or refused the agent's change), then each seed set's figures."""
    lines = [
        "| injury model | policy | injuries / season | Δ injuries vs rules (95 % CI) "
        "| performance gain | Δ gain vs rules (95 % CI) | agent's change kept | refused |",
        "|---|---|---|---|---|---|---|---|",
    ]
    per_set: list[str] = []
    for model, result in block["models"].items():
        for name, row in result["policies"].items():
            pair = result["paired"].get(name)
            kept = f"{row['accepted_share']:.0%}" if pair else "—"
            refused = f"{row['refused_share']:.0%}" if pair else "—"
            lines.append(
                f"| {model_label(model, result)} | {name} | {row['injuries']:.3f} "
                f"| {_ci(pair['injuries'], 3) if pair else '—'} | {row['gain']:.1f} "
                f"| {_ci(pair['gain'], 1) if pair else '—'} | {kept} | {refused} |"
            )
        sets = result.get("sets") or []
        for k, one in enumerate(sets if len(sets) > 1 else []):
            for name, pair in one["paired"].items():
                per_set.append(
                    f"| {model} | {k + 1} ({one['seeds_from']:,}–"
                    f"{one['seeds_from'] + one['athletes'] - 1:,}) | {name} "
                    f"| {one['policies'][RULES]['injuries']:.3f} "
                    f"| {one['policies'][name]['injuries']:.3f} | {_ci(pair['injuries'], 3)} |"
                )
    if per_set:
        lines += [
            "",
            "Each seed set alone (the pooled rows above are what the gate reads):",
            "",
            "| injury model | set (seeds) | policy | rules' injuries | policy's injuries "
            "| Δ injuries vs rules (95 % CI) |",
            "|---|---|---|---|---|---|",
            *per_set,
        ]
    return "\n".join(lines)


def stored(model_dir: Path | None) -> registry.Artefact:
    """The ``ppo`` artefact the app uses: the model directory's newest, else the shipped one."""
    for root in (model_dir, SHIPPED):
        if root is not None and registry.versions(root, NAME):
            return registry.load(root, NAME, schema=observation.SCHEMA)
    raise registry.ArtefactError(
        f"No {NAME} model under {model_dir or SHIPPED}. Train one with `fitcoach ml train ppo`."
    )
