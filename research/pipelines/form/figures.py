"""The form model card's figures (``plots``): training curves, predicted against true scores on
the held-out sets, and the metrics beside the rule, drawn from a training run
(``fitcoach ml train form --plots``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fitcoach.pipelines.form.train import Data


def plots(
    report: dict[str, Any],
    history: list[dict[str, float]],
    data: dict[str, Data],
    predictions: dict[str, Any],
    out: Path,
) -> list[Path]:
    """Training curves, predicted against true scores on the held-out sets, and the metrics
    beside the baseline, as small PNGs."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    paths = []
    fig, ax = plt.subplots(1, 2, figsize=(8, 3), dpi=80)
    epochs = [h["epoch"] for h in history]
    ax[0].plot(epochs, [h["train_loss"] for h in history])
    ax[0].set(title="training loss", xlabel="epoch")
    ax[1].plot(epochs, [h["val_form_mae"] for h in history], label="model")
    ax[1].axhline(report["baseline"]["val"]["form_mae"], color="grey", ls="--", label="rule")
    ax[1].set(title="validation form MAE", xlabel="epoch")
    ax[1].legend()
    fig.tight_layout()
    paths.append(out / "form_training.png")
    fig.savefig(paths[-1])
    plt.close(fig)
    fig, ax = plt.subplots(1, 2, figsize=(8, 3.6), dpi=80, sharey=True)
    truth = data["heldout"].form
    mp, bp = predictions["heldout"]
    for a, pred, title in ((ax[0], mp["form"], "GNN-LSTM"), (ax[1], bp["form"], "geometric rule")):
        a.scatter(truth, pred, s=6, alpha=0.5)
        a.plot([0, 100], [0, 100], color="grey", lw=1)
        a.set(title=f"held-out form score: {title}", xlabel="true", xlim=(0, 100), ylim=(0, 100))
    ax[0].set_ylabel("predicted")
    fig.tight_layout()
    paths.append(out / "form_heldout_scatter.png")
    fig.savefig(paths[-1])
    plt.close(fig)
    keys = ["form_mae", "form_rmse", "angles_mae_deg", "risk_mae"]
    fig, ax = plt.subplots(figsize=(6, 3), dpi=80)
    idx = np.arange(len(keys))
    ax.bar(idx - 0.2, [report["model"]["heldout"][k] for k in keys], 0.4, label="GNN-LSTM")
    ax.bar(idx + 0.2, [report["baseline"]["heldout"][k] for k in keys], 0.4, label="rule")
    ax.set_xticks(idx, keys)
    ax.set(title="held-out errors (lower is better)")
    ax.legend()
    fig.tight_layout()
    paths.append(out / "form_heldout_errors.png")
    fig.savefig(paths[-1])
    plt.close(fig)
    return paths
