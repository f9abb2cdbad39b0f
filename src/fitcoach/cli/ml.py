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
    help="Train a model (generates its data, saves to the registry).", no_args_is_help=True
)
evaluate_app = typer.Typer(
    help="Evaluate an installed model against its baseline.", no_args_is_help=True
)
app.add_typer(train_app, name="train")
app.add_typer(evaluate_app, name="evaluate")


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
