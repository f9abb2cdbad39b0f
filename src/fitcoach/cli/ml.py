"""``fitcoach ml``: trained models in the artefact registry (list them; train and evaluate)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


train_app = typer.Typer(
    help="Train a model and save it in the model directory.", no_args_is_help=True
)
evaluate_app = typer.Typer(
    help="Evaluate a saved model on data it was not trained on.", no_args_is_help=True
)
app.add_typer(train_app, name="train")
app.add_typer(evaluate_app, name="evaluate")


def _progress(json_out: bool) -> Any:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=json_out,
    )


@train_app.command("burnout")
def train_burnout(
    athletes: int = typer.Option(1000, min=2, help="Synthetic athletes to generate."),
    days: int = typer.Option(365, min=56, help="Days per athlete."),
    seed: int = typer.Option(0, help="Generator and model seed (same seed, same model)."),
    trees: int = typer.Option(200, min=1, help="Trees in the random forest and boosting."),
    test_fraction: float = typer.Option(0.2, min=0.05, max=0.5, help="Share of athletes held out."),
    plots: Path | None = typer.Option(
        None, help="Write the evaluation plots (PNG) to this folder, e.g. docs/models."
    ),
    no_readiness: bool = typer.Option(
        False, "--no-readiness", help="Skip the readiness baseline (the slowest part)."
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Generate athletes, train the burnout models (GB, RF, Cox) split by athlete, evaluate them
    beside the ACWR and readiness rules and save the artefact in the model directory.

    Example: fitcoach ml train burnout --athletes 1000 --days 365 --plots docs/models
    """
    from fitcoach.ml.burnout.model import DEFAULT_PARAMS
    from fitcoach.pipelines import burnout

    config = burnout.TrainConfig(
        athletes=athletes,
        days=days,
        seed=seed,
        test_fraction=test_fraction,
        params={**DEFAULT_PARAMS, "n_estimators": trees},
        readiness_baseline=not no_readiness,
        plots=plots,
    )
    root = settings().models_path
    with errors(), _progress(json_out) as progress:
        tasks: dict[str, Any] = {}

        def advance(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = progress.add_task(step, total=total)
            progress.update(tasks[step], completed=done, total=total)

        result = burnout.train(config, root, progress=advance)
    if json_out:
        print_json({"version": result.manifest.version, "metrics": result.metrics})
        return
    _show_burnout(result.manifest.version, result.metrics["held_out"], "held-out athletes")
    order = result.metrics["hand_written"]["pairs_in_order"]
    console.print(
        "Hand-written histories, pairs in the expected order: "
        + ", ".join(f"{k} {v:.2f}" for k, v in order.items())
    )
    console.print(f"Saved under {root / 'burnout' / result.manifest.version}")


def _show_burnout(version: str, held: dict[str, Any], what: str) -> None:
    table = Table("model", "AUC", "Brier", "C-index", title=f"burnout {version}: {what}")

    def f(value: Any) -> str:
        return "-" if value is None else f"{value:.3f}"

    table.add_row("gradient boosting", f(held["gb_auc"]), f(held["gb_brier"]), f(held["gb_cindex"]))
    table.add_row("random forest", f(held["rf_auc"]), f(held["rf_brier"]), "-")
    table.add_row("Cox PH", f(held["cox_auc"]), "-", f(held["cox_cindex"]))
    table.add_row("ACWR (rule)", f(held["acwr_auc"]), "-", f(held["acwr_cindex"]))
    table.add_row(
        "readiness (rule)", f(held.get("readiness_auc")), "-", f(held.get("readiness_cindex"))
    )
    table.add_row("base rate", "0.500", f(held["base_rate_brier"]), "-")
    console.print(table)
    console.print(
        f"{held['rows']} rows from {held['athletes']} athletes, "
        f"{held['events_in_horizon']} with an event within 14 days."
    )


@evaluate_app.command("burnout")
def evaluate_burnout(
    athletes: int = typer.Option(200, min=2, help="Fresh synthetic athletes to score."),
    days: int = typer.Option(365, min=56, help="Days per athlete."),
    seed: int = typer.Option(1, help="Generator seed: use one the model was not trained on."),
    version: str | None = typer.Option(None, help="Model version (default: the newest)."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Score a saved burnout model on a fresh cohort (another seed: every athlete unseen) and on
    the hand-written histories, beside the ACWR and readiness rules.

    Example: fitcoach ml evaluate burnout --athletes 200 --seed 1
    """
    from fitcoach.pipelines import burnout

    with errors():
        found = burnout.evaluate(
            settings().models_path, athletes=athletes, days=days, seed=seed, version=version
        )
    if json_out:
        print_json(found)
        return
    _show_burnout(found["version"], found["fresh_cohort"], f"fresh cohort, seed {seed}")
    order = found["hand_written"]["pairs_in_order"]
    console.print(
        "Hand-written histories, pairs in the expected order: "
        + ", ".join(f"{k} {v:.2f}" for k, v in order.items())
    )


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


def _form_table(report: dict[str, Any]) -> Table:
    table = Table("set", "metric", "GNN-LSTM", "geometric rule")
    for split, metrics in report["model"].items():
        for key, value in metrics.items():
            base = report["baseline"][split].get(key)
            table.add_row(split, key, f"{value:.3g}", "" if base is None else f"{base:.3g}")
        for key in ("reps_exact", "reps_mae"):
            if key in report["baseline"][split]:
                table.add_row(split, key, "(geometry)", f"{report['baseline'][split][key]:.3g}")
    return table


def _progress_bar() -> Any:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console
    )


@train_app.command("form")
def train_form(
    n_train: int = typer.Option(1000, help="Generated training sets."),
    n_val: int = typer.Option(200, help="Generated validation sets (pick the epoch)."),
    n_test: int = typer.Option(300, help="Held-out sets (other seeds and body proportions)."),
    epochs: int = typer.Option(25, min=1),
    seed: int = typer.Option(7),
    device: str = typer.Option("cpu", help="torch device: cpu, or cuda where a GPU is there."),
    workers: int = typer.Option(1, min=1, help="Processes generating the sets."),
    plots: Path | None = typer.Option(
        None, help="Write the model card's plots here (e.g. docs/models)."
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Train the GNN-LSTM form model on generated sets and compare it with the geometric rule.

    Example: fitcoach ml train form --n-train 200 --epochs 5
    """
    try:
        import torch  # noqa: F401
    except ImportError:
        raise typer.BadParameter("training needs PyTorch: pip install 'fitcoach[ml]'") from None
    from fitcoach.pipelines.form.train import TrainConfig, train

    config = TrainConfig(
        n_train=n_train,
        n_val=n_val,
        n_test=n_test,
        epochs=epochs,
        seed=seed,
        device=device,
        workers=workers,
    )
    with errors(), _progress_bar() as bar:
        task = bar.add_task("form", total=1.0)
        report = train(
            config,
            settings().models_path,
            plots_dir=plots,
            progress=lambda msg, frac: bar.update(task, completed=frac, description=msg),
        )
    if json_out:
        print_json({k: v for k, v in report.items() if k != "history"})
        return
    console.print(_form_table(report))
    console.print(f"Saved form model {report['version']} under {settings().models_path}.")


@evaluate_app.command("form")
def evaluate_form(
    n_test: int = typer.Option(300, help="Held-out sets to generate."),
    seed: int = typer.Option(7, help="The training seed (held-out sets use seed + 2)."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Evaluate the installed form model (else the packaged one) beside the geometric rule.

    Example: fitcoach ml evaluate form --n-test 100
    """
    from fitcoach.pipelines.form.train import TrainConfig, evaluate

    with errors(), _progress_bar() as bar:
        task = bar.add_task("form", total=1.0)
        report = evaluate(
            settings().models_path,
            TrainConfig(n_test=n_test, seed=seed),
            progress=lambda msg, frac: bar.update(task, completed=frac, description=msg),
        )
    if json_out:
        print_json(report)
        return
    console.print(_form_table(report))
    console.print(f"Form model {report['version']}.")
