"""The dosing agent's model card figures (small PNGs) from a training run
(``fitcoach ml train ppo --plots``): run 2's results per policy and set, one held-out athlete's
season and the training curve; run 3's paired differences from the rules alone and the
constraint during training."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fitcoach.pipelines.dosing.training import TrainResult


def plots(result: TrainResult, out_dir: Path) -> list[Path]:
    """The model card's figures (small PNGs): results per policy and set, one held-out
    athlete's season under each policy, and the training curve."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    if "composition" in result.metrics:
        return _composition_plots(result, out_dir, plt)
    written: list[Path] = []
    m = result.metrics
    sets = ["training", "held_out", "hand_written"]
    names = ["ppo", "rules", "linear", "random"]
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.2), dpi=80)
    width = 0.2
    for i, name in enumerate(names):
        xs = np.arange(len(sets)) + (i - 1.5) * width
        axes[0].bar(xs, [m[s][name]["gain"] for s in sets], width, label=name)
        axes[1].bar(xs, [m[s][name]["injuries"] for s in sets], width, label=name)
    for ax, title in zip(
        axes, ["performance gain / season", "injuries / athlete-season"], strict=False
    ):
        ax.set_xticks(np.arange(len(sets)), [s.replace("_", "-") for s in sets])
        ax.set_title(title, fontsize=9)
        ax.tick_params(labelsize=8)
    axes[0].legend(fontsize=7)
    fig.tight_layout()
    path = out_dir / "ppo_results.png"
    fig.savefig(path)
    plt.close(fig)
    written.append(path)

    held = result.episodes.get("held_out", {})
    if held:
        fig, axes = plt.subplots(1, 2, figsize=(8, 3.2), dpi=80)
        for name in names:
            ep = held[name][0]
            axes[0].plot(ep.weekly_load, label=name)
            axes[1].plot(ep.performance, label=name)
        axes[0].set_title("held-out athlete 1: planned weekly load (AU/session)", fontsize=9)
        axes[1].set_title("performance gained (Banister)", fontsize=9)
        for ax in axes:
            ax.set_xlabel("week", fontsize=8)
            ax.tick_params(labelsize=8)
        axes[0].legend(fontsize=7)
        fig.tight_layout()
        path = out_dir / "ppo_season.png"
        fig.savefig(path)
        plt.close(fig)
        written.append(path)

    if result.curve:
        fig, ax = plt.subplots(figsize=(5, 3), dpi=80)
        steps, rewards = zip(*result.curve, strict=True)
        ax.plot(steps, rewards)
        ax.set_title("mean episode reward during training", fontsize=9)
        ax.set_xlabel("timesteps", fontsize=8)
        ax.tick_params(labelsize=8)
        fig.tight_layout()
        path = out_dir / "ppo_training.png"
        fig.savefig(path)
        plt.close(fig)
        written.append(path)
    return written


def _composition_plots(result: TrainResult, out_dir: Path, plt: Any) -> list[Path]:
    """Run 3's figures: the paired differences from the rules alone with their CIs, per injury
    model (``ppo_composition.png``), and the constraint during training: the rollouts' injury
    rate against the bar, and λ (``ppo_constraint.png``)."""
    written: list[Path] = []
    block = result.metrics["composition"]
    models = list(block["models"])
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.2), dpi=80)
    for ax, measure, title in zip(
        axes,
        ("injuries", "gain"),
        ("Δ injuries / season vs rules (95 % CI)", "Δ performance gain vs rules (95 % CI)"),
        strict=True,
    ):
        names = list(block["models"][models[0]]["paired"])
        width = 0.8 / max(len(names), 1)
        for i, name in enumerate(names):
            xs = np.arange(len(models)) + (i - (len(names) - 1) / 2) * width
            pairs = [block["models"][m]["paired"][name][measure] for m in models]
            means = np.array([p["mean"] for p in pairs])
            errs = np.array(
                [[p["mean"] - p["low"] for p in pairs], [p["high"] - p["mean"] for p in pairs]]
            )
            ax.bar(xs, means, width, yerr=errs, capsize=3, label=name)
        ax.axhline(0.0, color="black", linewidth=0.8)
        ax.set_xticks(np.arange(len(models)), [f"{m} model" for m in models])
        ax.set_title(title, fontsize=9)
        ax.tick_params(labelsize=8)
    axes[0].legend(fontsize=7)
    fig.tight_layout()
    path = out_dir / "ppo_composition.png"
    fig.savefig(path)
    plt.close(fig)
    written.append(path)

    history = result.metrics.get("constraint", {}).get("history", [])
    if history:
        fig, ax = plt.subplots(figsize=(5, 3), dpi=80)
        steps = [h["timesteps"] for h in history]
        ax.plot(steps, [h["injuries_per_season"] for h in history], label="injuries / season")
        bar = result.metrics["constraint"]["bar_injuries_per_season"]
        ax.axhline(bar, color="grey", linestyle="--", label="bar")
        ax.set_xlabel("timesteps", fontsize=8)
        ax.tick_params(labelsize=8)
        twin = ax.twinx()
        twin.plot(steps, [h["injury_cost"] for h in history], color="tab:red", label="λ")
        twin.tick_params(labelsize=8)
        ax.set_title("constraint during training: injury rate and λ", fontsize=9)
        ax.legend(fontsize=7, loc="upper left")
        twin.legend(fontsize=7, loc="upper right")
        fig.tight_layout()
        path = out_dir / "ppo_constraint.png"
        fig.savefig(path)
        plt.close(fig)
        written.append(path)
    return written
