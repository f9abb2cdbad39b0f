"""``fitcoach ml``: trained models in the artefact registry (list them; train and evaluate)."""

from __future__ import annotations

import typer
from rich.table import Table

from fitcoach.cli.common import JSON_OPTION, console, errors, print_json, settings

app = typer.Typer(help="Trained models: list, train, evaluate.", no_args_is_help=True)


@app.command("models")
def models(
    name: str | None = typer.Argument(None, help="Only this model (e.g. burnout)."),
    json_out: bool = JSON_OPTION,
) -> None:
    """List the model artefacts under the model directory, newest first, with their metrics.

    Example: fitcoach ml models burnout
    """
    from fitcoach.ml import registry

    root = settings().models_path
    with errors():
        names = [name] if name else sorted(p.name for p in root.glob("*") if p.is_dir())
        found = [m for n in names for m in registry.versions(root, n)]
    if json_out:
        print_json([m.__dict__ for m in found])
        return
    if not found:
        console.print(f"No trained models under {root}. Train one with `fitcoach ml train --help`.")
        return
    table = Table("model", "version", "trained", "seed", "data", "metrics")
    for m in found:
        metrics = ", ".join(
            f"{k} {v:.3g}" if isinstance(v, float) else f"{k} {v}"
            for k, v in m.metrics.items()
            if isinstance(v, int | float | str)
        )
        table.add_row(m.name, m.version, m.created_at, str(m.seed), m.data_hash[:12], metrics)
    console.print(table)


train_app = typer.Typer(help="Train a model into the model directory.", no_args_is_help=True)
evaluate_app = typer.Typer(
    help="Evaluate a stored model beside its baselines.", no_args_is_help=True
)
app.add_typer(train_app, name="train")
app.add_typer(evaluate_app, name="evaluate")

_ML_MISSING = (
    "The dosing agent needs the ml extra (stable-baselines3, gymnasium, torch): "
    "pip install 'fitcoach[ml]'."
)


def _require_ml() -> None:
    import importlib.util

    if any(importlib.util.find_spec(m) is None for m in ("stable_baselines3", "gymnasium")):
        console.print(f"[red]{_ML_MISSING}[/red]")
        raise typer.Exit(2)


def _summary_table(metrics: dict[str, object]) -> Table:
    table = Table("set", "policy", "gain", "± sd", "injuries", "overreaching", "load change %")
    for set_name in ("training", "held_out", "hand_written"):
        block = metrics.get(set_name)
        if not isinstance(block, dict):
            continue
        for policy in ("ppo", "rules", "linear", "random"):
            row = block.get(policy)
            if isinstance(row, dict):
                table.add_row(
                    set_name,
                    policy,
                    f"{row['gain']:.1f}",
                    f"{row['gain_sd']:.1f}",
                    f"{row['injuries']:.2f}",
                    f"{row['overreaches']:.2f}",
                    f"{row['load_change_pct']:.1f}",
                )
    return table


@train_app.command("ppo")
def train_ppo(
    timesteps: int = typer.Option(400_000, "--timesteps", min=1, help="Environment steps."),
    seed: int = typer.Option(0, "--seed", help="Seed of the environments and the network."),
    tensorboard: str | None = typer.Option(
        None, "--tensorboard", help="TensorBoard log directory (default <model dir>/tensorboard)."
    ),
    plots: str | None = typer.Option(
        None, "--plots", help="Write the model card's PNG figures here (e.g. docs/models)."
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Train the dosing agent (PPO, the seed's hyperparameters, 4 simulated-athlete envs),
    evaluate it beside the rules, a linear progression and random, and store it.

    Example: fitcoach ml train ppo --timesteps 400000 --plots docs/models
    """
    from pathlib import Path

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    _require_ml()
    from fitcoach.pipelines.dosing.training import TrainConfig, train
    from fitcoach.pipelines.dosing.training import plots as write_plots

    root = settings().models_path
    logs = Path(tensorboard) if tensorboard else root / "tensorboard"
    console.print(f"TensorBoard logs: {logs}  (tensorboard --logdir {logs})")
    config = TrainConfig(timesteps=timesteps, seed=seed)
    with errors(), Progress(
        "{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=True,
    ) as progress:  # fmt: skip
        task = progress.add_task("training ppo", total=timesteps)

        def on_progress(done: int, total: int) -> None:
            progress.update(task, completed=min(done, total))

        result = train(config, model_dir=root, tensorboard_dir=logs, on_progress=on_progress)
    written = write_plots(result, Path(plots)) if plots else []
    if json_out:
        print_json(result.metrics)
        return
    console.print(_summary_table(result.metrics))
    version = result.manifest.version if result.manifest else "?"
    console.print(
        f"Stored ppo {version} under {root} after {result.seconds:.0f} s "
        f"({result.metrics['timesteps']} steps)."
    )
    verdict = "beats" if result.metrics["beats_rules"] else "does NOT beat"
    console.print(f"The agent {verdict} the rules (more gain at no more injuries, held-out sets).")
    for path in written:
        console.print(f"Figure: {path}")


@evaluate_app.command("ppo")
def evaluate_ppo(
    athletes: int = typer.Option(60, "--athletes", min=1, help="Athletes per generated set."),
    hand_seeds: int = typer.Option(12, "--hand-seeds", min=1, help="Seasons per hand profile."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Evaluate the stored dosing policy (the model directory's, else the shipped one) on
    simulated athletes beside the rules, a linear progression and random.

    Example: fitcoach ml evaluate ppo --athletes 40
    """
    _require_ml()
    from fitcoach.ml.dosing import policy
    from fitcoach.pipelines.dosing.training import TrainConfig, evaluate_policy

    with errors():
        agent = policy.load(settings().models_path)
        metrics, _ = evaluate_policy(
            agent, TrainConfig(eval_athletes=athletes, hand_seeds=hand_seeds)
        )
    if json_out:
        print_json(metrics)
        return
    console.print(f"ppo {agent.version}")
    console.print(_summary_table(metrics))
    verdict = "beats" if metrics["beats_rules"] else "does NOT beat"
    console.print(f"The agent {verdict} the rules (more gain at no more injuries, held-out sets).")
