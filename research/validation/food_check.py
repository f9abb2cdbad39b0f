"""The food-photo check of ``fitcoach ml validate``: the packaged model's test figures.

The blind split's test photos are scored once, by the training run that made the artefact
(``fitcoach.pipelines.food``), and the figures are kept in its manifest. This check does not
score them again (that would make "test" a second dev set); it checks that the split on disk is
still the one committed (``blind_food101.check_split``) and that the artefact was trained on it,
then writes those figures as the table ``docs/models/food.md`` quotes.
"""

from __future__ import annotations

from typing import Any

from fitcoach.ml import food, registry
from research.validation.blind_food101 import check_split, default_food_dir


def _share(d: dict[str, float]) -> str:
    return f"{d['value'] * 100:.1f} % ({d['low'] * 100:.1f}–{d['high'] * 100:.1f})"


def table(metrics: dict[str, Any]) -> str:
    """The card's table: the model beside the colour baseline and the majority class."""
    m = metrics
    rows = [
        f"| on the {m['n_test']} test photos | top-1 (95 % CI) | top-3 (95 % CI) |",
        "| --- | --- | --- |",
        f"| EfficientNet-Lite0 features + logistic regression (C = {m['c']:g}) | "
        f"{_share(m['model']['top1'])} | {_share(m['model']['top3'])} |",
        f"| colour histogram (8×8×8 RGB) + logistic regression | "
        f"{_share(m['colour_histogram']['top1'])} | {_share(m['colour_histogram']['top3'])} |",
        f"| majority class ({m['majority_class']['class']}) | "
        f"{_share(m['majority_class']['top1'])} | — |",
    ]
    ask = m["ask_rule"]
    answered = ask.get("accuracy_answered")
    rows += [
        "",
        f"Ask rule (thresholds from dev validation: top probability ≥ {ask['min_prob']:g}, "
        f"centroid similarity ≥ {ask['min_similarity']:g}): answers {_share(ask['coverage'])} "
        "of the test photos"
        + (f", right on {_share(answered)} of those" if answered else "")
        + f"; names {ask['non_food_named']} of {ask['non_food_images']} generated non-food "
        f"images as a dish ({ask['non_food_called_not_food']} called not food).",
    ]
    return "\n".join(rows) + "\n"


def run(ctx: Any) -> Any:
    """The registered check (``checks.CHECKS``): split intact, then the stored figures."""
    from research.validation.base import CheckResult

    problems = check_split(root=default_food_dir())
    if problems:
        raise registry.ArtefactError(
            "The food101-10 photos differ from the committed blind split: "
            + "; ".join(problems[:3])
        )
    ctx.progress("food: the packaged model's figures", 0, 1)
    model = food.load(None)
    metrics = model.manifest.metrics
    ctx.progress("food: the packaged model's figures", 1, 1)
    markdown = (
        f"Packaged model `food/{model.manifest.version}` (data hash "
        f"`{model.manifest.data_hash[:16]}`, {metrics['n_dev']} dev photos).\n\n" + table(metrics)
    )
    return CheckResult(
        name="food",
        title="Food photos on the blind Food-101 test split",
        card="food.md",
        markdown=markdown,
        figures={"version": model.manifest.version, "metrics": metrics},
    )
