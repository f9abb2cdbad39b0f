"""The risk model card's figures (``plot``): the family figure, the in-family reliability curve
and mean |SHAP| per feature, drawn from a training run (``fitcoach ml train burnout --plots``)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np

from fitcoach.ml.burnout import explain
from fitcoach.ml.burnout import model as burnout_model
from fitcoach.ml.burnout.features import FEATURES, HORIZON_DAYS
from fitcoach.pipelines.burnout.rows import Rows


def plot(
    models: burnout_model.BurnoutModels, rows: Rows, metrics: dict[str, Any], out: Path
) -> list[Path]:
    """The family figure (AUC per shape held out from training, beside the baselines and the
    oracle), the in-family reliability curve and mean |SHAP| per feature."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def save(fig: Any, name: str) -> None:
        path = out / name
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=72, bbox_inches="tight", metadata={"Software": None})
        plt.close(fig)
        path.write_bytes(buffer.getvalue())
        written.append(path)

    table = metrics["shape_held_out_from_training"] or metrics["by_shape"]
    shapes = list(table)
    series = ("gradient_boosting", "logistic_regression", "acwr", "load_7d", "oracle")
    fig, ax = plt.subplots(figsize=(7, 3.8))
    width = 0.16
    for k, name in enumerate(series):
        values = [table[s][name]["auc"] for s in shapes]
        centre = [v["value"] or 0.0 for v in values]
        err = [
            [
                c - (v["low"] if v["low"] is not None else c)
                for c, v in zip(centre, values, strict=True)
            ],
            [
                (v["high"] if v["high"] is not None else c) - c
                for c, v in zip(centre, values, strict=True)
            ],
        ]
        xs = np.arange(len(shapes)) + (k - 2) * width
        ax.bar(xs, centre, width, yerr=err, capsize=2, label=name.replace("_", " "))
    ax.axhline(0.5, color="k", linestyle=":")
    ax.set_xticks(np.arange(len(shapes)), shapes)
    ax.set_ylim(0.3, 1.0)
    ax.set_ylabel("AUC (95 % CI)")
    ax.set_title("Each hazard shape held out from training")
    ax.legend(fontsize=7, ncol=3, loc="upper left")
    save(fig, "burnout_family.png")

    gb = models.gb_probability(rows.x)
    fig, ax = plt.subplots(figsize=(4.5, 4))
    order = np.argsort(gb)
    pts = [(float(gb[c].mean()), float(rows.label[c].mean())) for c in np.array_split(order, 10)]
    ax.plot([p for p, _ in pts], [o for _, o in pts], "o-", label="gradient boosting")
    top = max(max(p for p, _ in pts), max(o for _, o in pts), 0.05)
    ax.plot([0, top], [0, top], "k:", label="perfect")
    ax.set_xlabel(f"predicted {HORIZON_DAYS}-day risk")
    ax.set_ylabel("observed share")
    ax.set_title("Reliability (held-out simulated athletes)")
    ax.legend(fontsize=8)
    save(fig, "burnout_reliability.png")

    sample = rows.x[: min(len(rows.x), 2000)]
    contributions = explain.shap_values(explain.explainer(models.gb), sample)
    importance = np.abs(contributions).mean(axis=0)
    order = np.argsort(importance)
    fig, ax = plt.subplots(figsize=(5, 6))
    ax.barh([FEATURES[i] for i in order], importance[order])
    ax.set_xlabel("mean |SHAP| (log-odds)")
    ax.set_title("What drives the GB risk (held out)")
    save(fig, "burnout_shap.png")
    return written
