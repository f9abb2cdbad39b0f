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
