"""``fitcoach ml``: trained models in the artefact registry (list, train, evaluate, validate);
the squad-sheet door (``fitcoach ml score``) is in :mod:`fitcoach.cli.squad`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Column, Table

from fitcoach.cli.common import (
    JSON_OPTION,
    console,
    errors,
    needs_research,
    print_json,
    research_on_path,
    settings,
)

app = typer.Typer(
    help="Trained models: list, train, evaluate; score a squad's daily sheet.",
    no_args_is_help=True,
)


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
    athletes: int = typer.Option(400, min=2, help="Simulated athletes per hazard shape."),
    days: int = typer.Option(365, min=50, help="Days per athlete."),
    seed: int = typer.Option(0, help="Simulator and model seed (same seed, same model)."),
    trees: int = typer.Option(200, min=1, help="Boosting iterations."),
    test_fraction: float = typer.Option(
        0.25, min=0.05, max=0.5, help="Share of athletes held out."
    ),
    every: int = typer.Option(2, min=1, help="A feature row every this many days."),
    n_boot: int = typer.Option(500, min=20, help="Athlete-bootstrap resamples for the CIs."),
    plots: Path | None = typer.Option(
        None, help="Write the evaluation plots (PNG) to this folder, e.g. docs/models."
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Simulate athletes under every hazard shape (with causes no feature sees), train the risk
    model (gradient boosting, and a logistic regression beside it) split by athlete, evaluate
    each shape held out from training beside ACWR and the 7-day load, and save the artefact.

    Example: fitcoach ml train burnout --athletes 400 --days 365 --plots docs/models
    """
    from fitcoach.ml.burnout.model import DEFAULT_PARAMS
    from fitcoach.pipelines import burnout

    if plots is not None:  # the card's figures are research: found before the training starts
        research_on_path()
        try:
            from research.pipelines.burnout import figures
        except ModuleNotFoundError as exc:
            needs_research(
                exc, "fitcoach ml train burnout --plots", "research.pipelines.burnout.figures"
            )
    config = burnout.TrainConfig(
        athletes=athletes,
        days=days,
        seed=seed,
        test_fraction=test_fraction,
        every=every,
        params={**DEFAULT_PARAMS, "gb_max_iter": trees},
        n_boot=n_boot,
    )
    root = settings().models_path
    with errors(), _progress(json_out) as progress:
        tasks: dict[str, Any] = {}

        def advance(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = progress.add_task(step, total=total)
            progress.update(tasks[step], completed=done, total=total)

        result = burnout.train(config, root, progress=advance)
        if plots is not None:
            figures.plot(result.models, result.held_out, result.metrics, plots)
    if json_out:
        print_json({"version": result.manifest.version, "metrics": result.metrics})
        return
    metrics = result.metrics
    _show_burnout(
        result.manifest.version,
        {"all shapes": metrics["held_out_athletes"], **metrics["by_shape"]},
        "held-out athletes",
    )
    if metrics["shape_held_out_from_training"]:
        _show_burnout(
            result.manifest.version,
            metrics["shape_held_out_from_training"],
            "each shape held out from training",
        )
    console.print(f"Saved under {root / 'burnout' / result.manifest.version}")
    console.print(
        "The product shows this model only once `fitcoach ml validate` finds it beats ACWR "
        "and the 7-day load on real injuries."
    )


def _show_burnout(version: str, tables: dict[str, Any], what: str) -> None:
    # Headers short enough to stay whole in an 80-column terminal; the caption says them in full.
    columns = {
        "gradient_boosting": "boosting",
        "logistic_regression": "logistic",
        "acwr": "ACWR",
        "load_7d": "load 7d",
        "oracle": "oracle",
    }
    table = Table(
        Column("set (rows, onsets)", overflow="fold"),
        "circ. R²",
        *(Column(h, min_width=len(h)) for h in columns.values()),
        title=f"risk model {version}: AUC [95 % CI], {what}",
        caption=(
            "boosting: the gradient-boosting model; logistic: a logistic regression on the same "
            "features; circ. R²: how much of the true risk's log-odds a linear function of the "
            "features explains on held-out rows (near 1: the simulator is circular)"
        ),
    )

    def cell(e: dict[str, Any]) -> str:
        if e["value"] is None:
            return "-"
        low, high = e["low"], e["high"]
        ci = "" if low is None or high is None else f" [{low:.2f}, {high:.2f}]"
        return f"{e['value']:.3f}{ci}"

    for name, t in tables.items():
        circ = t.get("circularity_r2")
        table.add_row(
            f"{name} ({t['rows']}, {t['positives']})",
            "-" if circ is None else f"{circ:.2f}",
            *(cell(t[c]["auc"]) for c in columns),
        )
    console.print(table)


@evaluate_app.command("burnout")
def evaluate_burnout(
    athletes: int = typer.Option(100, min=4, help="Fresh simulated athletes per shape."),
    days: int = typer.Option(365, min=50, help="Days per athlete."),
    seed: int = typer.Option(1, help="Simulator seed: use one the model was not trained on."),
    n_boot: int = typer.Option(500, min=20, help="Athlete-bootstrap resamples for the CIs."),
    version: str | None = typer.Option(None, help="Model version (default: the newest)."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Score a saved risk model on fresh simulated athletes of every hazard shape (another seed:
    every athlete unseen), beside the logistic regression, ACWR and the 7-day load.

    Example: fitcoach ml evaluate burnout --athletes 100 --seed 1
    """
    research_on_path()
    try:
        from research.pipelines.burnout import evaluate as burnout
    except ModuleNotFoundError as exc:
        needs_research(exc, "fitcoach ml evaluate burnout", "research.pipelines.burnout.evaluate")

    with errors(), _progress(json_out) as progress:
        tasks: dict[str, Any] = {}

        def advance(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = progress.add_task(step, total=total)
            progress.update(tasks[step], completed=done, total=total)

        found = burnout.evaluate(
            settings().models_path,
            athletes=athletes,
            days=days,
            seed=seed,
            n_boot=n_boot,
            version=version,
            progress=advance,
        )
    if json_out:
        print_json(found)
        return
    _show_burnout(
        found["version"], {"all shapes": found["fresh"], **found["by_shape"]}, f"fresh, seed {seed}"
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


def _ci(d: dict[str, float], digits: int) -> str:
    return f"{d['mean']:+.{digits}f} ({d['low']:+.{digits}f} to {d['high']:+.{digits}f})"


def _composition_table(block: dict[str, Any]) -> Table:
    """The composition's table: per injury model and policy, the means per athlete-season
    and the paired differences from the rules alone with their 95 % CIs (pooled over the
    seed sets), then each set's injury difference."""
    from fitcoach.ml.dosing.report import model_label

    table = Table(
        "injury model", "policy", "injuries", "Δ injuries (95 % CI)", "gain",
        "Δ gain (95 % CI)", "agent kept", "agent refused",
    )  # fmt: skip
    for model, result in block["models"].items():
        for name, row in result["policies"].items():
            pair = result["paired"].get(name)
            table.add_row(
                model_label(model, result),
                name,
                f"{row['injuries']:.3f}",
                _ci(pair["injuries"], 3) if pair else "",
                f"{row['gain']:.1f}",
                _ci(pair["gain"], 1) if pair else "",
                f"{row['accepted_share']:.0%}" if pair else "",
                f"{row['refused_share']:.0%}" if pair else "",
            )
        sets = result.get("sets") or []
        for k, one in enumerate(sets if len(sets) > 1 else []):
            for name, pair in one["paired"].items():
                table.add_row(
                    f"{model}, set {k + 1} (seeds from {one['seeds_from']:,})",
                    name,
                    f"{one['policies'][name]['injuries']:.3f}",
                    _ci(pair["injuries"], 3),
                    f"{one['policies'][name]['gain']:.1f}",
                    _ci(pair["gain"], 1),
                    "",
                    "",
                )
    return table


@train_app.command("ppo")
def train_ppo(
    timesteps: int | None = typer.Option(
        None,
        "--timesteps",
        min=1,
        help="Environment steps (default 40,960 constrained, 400,000 alone).",
    ),
    seed: int = typer.Option(0, "--seed", help="Seed of the environments and the network."),
    constrained: bool = typer.Option(
        True,
        "--constrained/--alone",
        help="Constrained PPO inside the shipped composition (rules, agent, validator; "
        "Lagrangian on injuries), or the agent alone with a fixed injury penalty (run 2).",
    ),
    athletes: int = typer.Option(
        500, "--athletes", min=2, help="Fresh athletes per injury model in the evaluation."
    ),
    resamples: int = typer.Option(2000, "--resamples", min=100, help="Bootstrap resamples."),
    tensorboard: str | None = typer.Option(
        None, "--tensorboard", help="TensorBoard log directory (default <model dir>/tensorboard)."
    ),
    plots: str | None = typer.Option(
        None, "--plots", help="Write the model card's PNG figures here (e.g. docs/models)."
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Train the dosing agent and store it with its evaluation. By default the constrained
    agent: PPO inside the composition the product ships, the injury rate held under 70 % of
    the rules' by a Lagrange multiplier, then evaluated against the rules alone on fresh
    athletes under both injury models with paired bootstrap CIs (the evaluation decides
    whether the agent may drive a plan). ``--alone`` trains run 2's agent alone.

    Example: fitcoach ml train ppo --athletes 500 --plots docs/models
    """
    from dataclasses import replace
    from pathlib import Path

    _require_ml()
    from fitcoach.pipelines.dosing.training import TrainConfig, constrained_config, train

    if plots is not None:  # the card's figures are research: found before the training starts
        research_on_path()
        try:
            from research.pipelines.dosing import figures
        except ModuleNotFoundError as exc:
            needs_research(
                exc, "fitcoach ml train ppo --plots", "research.pipelines.dosing.figures"
            )
    root = settings().models_path
    logs = Path(tensorboard) if tensorboard else root / "tensorboard"
    if not json_out:
        console.print(f"TensorBoard logs: {logs}  (tensorboard --logdir {logs})")
    if constrained:
        config = constrained_config(seed=seed, composed_athletes=athletes, resamples=resamples)
    else:
        config = TrainConfig(seed=seed)
    if timesteps is not None:
        config = replace(config, timesteps=timesteps)
    with errors(), _progress(json_out) as progress:
        task = progress.add_task("training ppo", total=config.timesteps)
        evaluating = progress.add_task("evaluating the composition", total=None, visible=False)

        def on_progress(done: int, total: int) -> None:
            progress.update(task, completed=min(done, total))

        def on_evaluation(done: int, total: int) -> None:
            progress.update(evaluating, completed=done, total=total, visible=True)

        result = train(
            config,
            model_dir=root,
            tensorboard_dir=logs,
            on_progress=on_progress,
            on_evaluation=on_evaluation,
        )
    written = figures.plots(result, Path(plots)) if plots else []
    if json_out:
        print_json(result.metrics)
        return
    version = result.manifest.version if result.manifest else "?"
    if "composition" in result.metrics:
        console.print(_composition_table(result.metrics["composition"]))
        bar = result.metrics["constraint"]
        console.print(
            f"Injury bar {bar['bar_injuries_per_season']:.3f} a season "
            f"({config.bar_ratio:.0%} of the rules' {bar['rules_injuries_per_season']:.3f} "
            f"on {config.bar_athletes} training athletes)."
        )
        console.print(result.policy.gate.statement())
    else:
        console.print(_summary_table(result.metrics))
        verdict = "beats" if result.metrics["beats_rules"] else "does NOT beat"
        console.print(f"The agent {verdict} the rules (more gain at no more injuries).")
    console.print(
        f"Stored ppo {version} under {root} after {result.seconds:.0f} s "
        f"({result.metrics['timesteps']} steps)."
    )
    for path in written:
        console.print(f"Figure: {path}")


@evaluate_app.command("ppo")
def evaluate_ppo(
    athletes: int = typer.Option(
        500, "--athletes", min=2, help="Athletes per injury model (per set with --alone)."
    ),
    resamples: int = typer.Option(2000, "--resamples", min=100, help="Bootstrap resamples."),
    alone: bool = typer.Option(
        False, "--alone", help="The agent alone beside the rules, linear and random (run 2)."
    ),
    hand_seeds: int = typer.Option(
        12, "--hand-seeds", min=1, help="Seasons per hand-written profile (--alone)."
    ),
    seed_sets: int = typer.Option(
        3,
        "--seed-sets",
        min=1,
        max=20,
        help="Separate sets of --athletes fresh athletes, pooled (the gate needs 3 or more).",
    ),
    store: bool = typer.Option(
        False,
        "--store",
        help="Store this evaluation with the agent (the gate and the plan page then read it).",
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Evaluate the stored dosing agent (the model directory's, else the shipped one) as the
    product runs it: the rules alone, the rules with run 2's agent and with the stored agent
    on top, each through the safety validator, on the same fresh simulated athletes under
    both injury models, with paired bootstrap 95 % CIs of the differences from the rules,
    pooled over --seed-sets sets of --athletes (each set's own figures are kept too). With
    --store the evaluation replaces the one stored with the agent.

    Example: fitcoach ml evaluate ppo --athletes 500 --seed-sets 3 --store
    """
    _require_ml()
    from fitcoach.ml.dosing import policy
    from fitcoach.pipelines.dosing.training import (
        TrainConfig,
        constrained_config,
        evaluate_composed,
        evaluate_policy,
        unconstrained_policy,
    )

    with errors():
        agent = policy.load(settings().models_path)
        if alone:
            metrics, _ = evaluate_policy(
                agent, TrainConfig(eval_athletes=athletes, hand_seeds=hand_seeds)
            )
        else:
            config = constrained_config(
                composed_athletes=athletes, resamples=resamples, seed_sets=seed_sets
            )
            run2 = unconstrained_policy()
            with _progress(json_out) as progress:
                task = progress.add_task("evaluating the composition", total=None)

                def on_progress(done: int, total: int) -> None:
                    progress.update(task, completed=done, total=total)

                block = evaluate_composed(
                    agent,
                    config,
                    unconstrained=run2 if run2 and run2.version != agent.version else None,
                    on_progress=on_progress,
                )
            metrics = {"composition": block}
            if store:
                from fitcoach.ml import registry
                from fitcoach.ml.dosing import report

                artefact = report.stored(settings().models_path)
                if artefact.manifest.version != agent.version:
                    raise registry.ArtefactError("The agent changed during the evaluation.")
                registry.replace_metrics(artefact, {**artefact.manifest.metrics, **metrics})
    if json_out:
        print_json(metrics)
        return
    console.print(f"ppo {agent.version}")
    if alone:
        console.print(_summary_table(metrics))
        verdict = "beats" if metrics["beats_rules"] else "does NOT beat"
        console.print(f"The agent {verdict} the rules (more gain at no more injuries).")
        return
    from fitcoach.ml.dosing.gate import from_metrics

    console.print(_composition_table(metrics["composition"]))
    console.print(f"This evaluation: {from_metrics(metrics).statement()}")
    if store:
        console.print("Stored with the agent: the gate and the plan page now read this evaluation.")
    else:
        console.print(f"Stored with the agent (what the app uses): {agent.gate.statement()}")


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

    if plots is not None:  # the card's figures are research: found before the training starts
        research_on_path()
        try:
            from research.pipelines.form import figures
        except ModuleNotFoundError as exc:
            needs_research(exc, "fitcoach ml train form --plots", "research.pipelines.form.figures")

    def draw(report: Any, history: Any, sets: Any, predicted: Any) -> None:
        if plots is not None:
            figures.plots(report, history, sets, predicted, plots)

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
            figures=None if plots is None else draw,
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
    from fitcoach.pipelines.form.train import TrainConfig

    research_on_path()
    try:
        from research.pipelines.form.evaluate import evaluate
    except ModuleNotFoundError as exc:
        needs_research(exc, "fitcoach ml evaluate form", "research.pipelines.form.evaluate")

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


@app.command("validate")
def validate(
    check: list[str] | None = typer.Option(
        None, "--check", help="Run only this check (repeat for more); default: every check."
    ),
    out: Path = typer.Option(
        Path("docs/models/validation"),
        "--out",
        help="Folder for the markdown tables, one <check>.md each (the model cards quote them).",
    ),
    n_boot: int = typer.Option(
        2000, "--n-boot", min=50, help="Person-bootstrap resamples behind each 95 % CI."
    ),
    pmdata: Path | None = typer.Option(
        None,
        "--pmdata",
        file_okay=False,
        help="The PMData folder (default: $FITCOACH_PMDATA_DIR, else shared/data/pmdata).",
    ),
    with_calibration: bool = typer.Option(
        False,
        "--with-calibration",
        help="Also refit the earlier readiness rule's weighted-sum weights on the development "
        "persons (about 3 min): a record of what re-weighting the ratings reaches; the "
        "check-in-led readiness fits no weights.",
    ),
    list_checks: bool = typer.Option(False, "--list", help="List the checks and stop."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Run every real-data check (readiness on PMData first, then any other registered in
    research.validation.checks) and write the tables the model cards quote: each model
    beside its baselines, with 95 % person-bootstrap CIs, on development and held-out persons.
    The checks live in research/, beside src/ in a source checkout and not in the wheel.

    Example: fitcoach ml validate --out docs/models/validation
    """
    research_on_path()
    try:
        from research.validation import checks as registry
    except ModuleNotFoundError as exc:
        needs_research(exc, "fitcoach ml validate", "research.validation.checks")

    if list_checks:
        rows = [{"name": c.name, "title": c.title, "card": c.card} for c in registry.CHECKS]
        if json_out:
            print_json(rows)
            return
        table = Table("check", "what", "card")
        for row in rows:
            table.add_row(row["name"], row["title"], f"docs/models/{row['card']}")
        console.print(table)
        return
    with errors(), _progress(json_out) as progress:
        chosen = registry.selected(check)
        results = []
        for item in chosen:
            task = progress.add_task(item.name, total=None)

            def advance(step: str, done: int, total: int, task: Any = task) -> None:
                progress.update(task, description=step, completed=done, total=total)

            context = registry.CheckContext(
                n_boot=n_boot, pmdata_dir=pmdata, calibrate=with_calibration, progress=advance
            )
            results.extend(registry.run_checks([item], context))
        written = registry.write_tables(results, out)
    if json_out:
        print_json(
            {
                "checks": [
                    {"name": r.name, "title": r.title, "card": r.card, "figures": r.figures}
                    for r in results
                ],
                "written": [str(p) for p in written],
            }
        )
        return
    for result, path in zip(results, written, strict=True):
        console.print(f"{result.title}: tables written to {path} (quoted in {result.card}).")


def _share(d: dict[str, float]) -> str:
    return f"{d['value']:.1%} ({d['low']:.1%} to {d['high']:.1%})"


def _food_table(metrics: dict[str, Any]) -> Table:
    table = Table("on the test photos", "top-1 (95 % CI)", "top-3 (95 % CI)")
    for key, label in (
        ("model", "EfficientNet-Lite0 + logistic regression"),
        ("colour_histogram", "colour histogram + logistic regression"),
        ("majority_class", f"majority class ({metrics['majority_class']['class']})"),
    ):
        row = metrics[key]
        top3 = row.get("top3")
        table.add_row(label, _share(row["top1"]), _share(top3) if top3 else "")
    return table


@train_app.command("food")
def train_food(
    per_class: int | None = typer.Option(
        None, "--per-class", min=2, help="Dev photos per class (default: all 300); CI uses 20."
    ),
    test_per_class: int | None = typer.Option(
        None, "--test-per-class", min=1, help="Test photos per class scored (default: all 75)."
    ),
    seed: int = typer.Option(0, help="Validation split and model seed (same seed, same model)."),
    data: Path | None = typer.Option(
        None, help="The food101-10 folder (default: $FITCOACH_FOOD101_DIR or shared/data)."
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Train the food-photo head on the blind split's dev photos and score its test photos.

    Backbone features are cached under the user cache directory, so a second run is quick.

    Example: fitcoach ml train food --per-class 20 --test-per-class 10
    """
    try:
        import torch  # noqa: F401
    except ImportError:
        raise typer.BadParameter("training needs PyTorch: pip install 'fitcoach[ml]'") from None
    from fitcoach.core.settings import user_cache_dir
    from fitcoach.pipelines.food import FoodConfig, train

    config = FoodConfig(seed=seed, per_class=per_class, test_per_class=test_per_class)
    with errors(), _progress(json_out) as progress:
        task = progress.add_task("food", total=None)

        def advance(step: str, done: int, total: int) -> None:
            progress.update(task, description=step, completed=done, total=total)

        report = train(
            config,
            settings().models_path,
            root=data,
            cache_dir=user_cache_dir() / "food",
            progress=advance,
        )
    if json_out:
        print_json(report)
        return
    console.print(_food_table(report["metrics"]))
    ask = report["metrics"]["ask_rule"]
    console.print(
        f"Ask rule: answers {_share(ask['coverage'])} of test photos; "
        f"{ask['non_food_named']} of {ask['non_food_images']} generated non-food images named."
    )
    console.print(f"Saved food model {report['version']} under {settings().models_path}.")
