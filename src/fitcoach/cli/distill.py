"""``fitcoach distill``: the teacher → student pipeline, one command per stage.

Every stage reads the previous stage's output from the work directory's manifest and writes a
new content-hashed version; ``run`` runs them all. The Airflow DAG (``airflow/dags/``) calls
these same commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from fitcoach.cli.common import (
    JSON_OPTION,
    console,
    errors,
    needs_research,
    print_json,
    research_on_path,
    settings,
)

if TYPE_CHECKING:
    from rich.progress import Progress

app = typer.Typer(
    help="Teacher → student distillation: generate, prompts, teach, validate, train, evaluate, "
    "report (or run them all).",
    no_args_is_help=True,
)

WORKDIR = typer.Option(
    None, "--workdir", help="Where the stages keep their artefacts (default <data_dir>/distill)."
)
PRESET = typer.Option(
    "full", "--preset", help="micro or tiny (seconds, for CI) or full (the model card)."
)
SEED = typer.Option(None, "--seed", help="Override the preset's seed.")


def _workdir(path: Path | None) -> Path:
    folder = path if path is not None else settings().data_dir / "distill"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _config(preset: str, seed: int | None) -> Any:
    from fitcoach.pipelines.distill.config import preset as make

    if preset not in {"micro", "tiny", "full"}:
        raise typer.BadParameter("use micro, tiny or full", param_hint="--preset")
    return make(preset, seed=seed)  # type: ignore[arg-type]


def _done(record: Any, json_out: bool) -> None:
    if json_out:
        print_json(record.__dict__)
        return
    console.print(
        f"{record.stage}: {record.count} records in {record.seconds:.2f} s → {record.path}"
    )


def _progress() -> Progress:
    from rich.progress import (  # on use: every command imports this module at start-up
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=True,
    )  # fmt: skip


@app.command("corpus")
def corpus(
    root: Path = typer.Option(
        Path("data/teacher"), "--root", help="The teacher corpus folder (one folder a writer)."
    ),
    triage: bool = typer.Option(
        False, "--triage", help="Also run the rules' red-flag triage over it (the baseline)."
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Check the teacher corpus and count it: messages by writer, category, red-flag kind and
    crisis style; with --triage, the rules' red-flag recall and false alarms on it.

    Example: fitcoach distill corpus --root data/teacher --triage
    """
    from fitcoach.pipelines.distill.corpus import load_corpus, summary

    with errors():
        if not root.is_dir():
            raise typer.BadParameter(f"no folder {root}", param_hint="--root")
        messages = load_corpus(root)
        counts = summary(messages)
        table: list[str] = []
        if triage:
            research_on_path()
            try:
                from research.evaluate.corpus_eval import corpus_triage, triage_table
            except ModuleNotFoundError as exc:
                needs_research(
                    exc, "fitcoach distill corpus --triage", "research.evaluate.corpus_eval"
                )

            table = triage_table(corpus_triage(messages))
        if json_out:
            print_json({"summary": counts, "triage": table})
            return
        for key, value in counts.items():
            console.print(f"{key}: {value}")
        for row in table:
            console.print(row, markup=False)


@app.command("generate")
def generate(
    workdir: Path | None = WORKDIR, preset: str = PRESET, seed: int | None = SEED,
    json_out: bool = JSON_OPTION,
) -> None:  # fmt: skip
    """Stage 1: synthetic athletes with plans, workouts and daily calories, sleep and weight.

    Example: fitcoach distill generate --preset tiny --workdir var/distill
    """
    from fitcoach.pipelines.distill.run import stage_generate

    with errors():
        _done(stage_generate(_workdir(workdir), _config(preset, seed)), json_out)


@app.command("prompts")
def prompts(
    workdir: Path | None = WORKDIR, preset: str = PRESET, seed: int | None = SEED,
    json_out: bool = JSON_OPTION,
) -> None:  # fmt: skip
    """Stage 2: the four coaching prompt types and the athlete messages, with metadata.

    Example: fitcoach distill prompts --preset tiny --workdir var/distill
    """
    from fitcoach.pipelines.distill.run import stage_prompts

    with errors():
        _done(stage_prompts(_workdir(workdir), _config(preset, seed)), json_out)


@app.command("teach")
def teach(
    workdir: Path | None = WORKDIR,
    preset: str = PRESET,
    seed: int | None = SEED,
    teacher: str = typer.Option(
        "offline",
        "--teacher",
        help="offline (rules + paraphrase grammar), openai (any OpenAI-compatible server: "
        "FITCOACH_OPENAI_BASE_URL, FITCOACH_OPENAI_MODEL) or gemini.",
    ),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Only the first N prompts."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Stage 3: the teacher answers every prompt (answers cached by prompt hash).

    Example: fitcoach distill teach --teacher openai --limit 20 --workdir var/distill
    """
    from fitcoach.pipelines.distill.run import stage_teach
    from fitcoach.pipelines.distill.teacher import LLMTeacher, OfflineTeacher, Teacher

    config = _config(preset, seed)
    folder = _workdir(workdir)
    with errors():
        chosen: Teacher
        if teacher == "offline":
            chosen = OfflineTeacher(seed=config.seed, paraphrases=config.paraphrases)
        elif teacher in {"openai", "gemini"}:
            from fitcoach.assistant.llm.assistant import make_provider
            from fitcoach.assistant.llm.base import ProviderError

            try:
                provider = make_provider(teacher, settings())
            except ProviderError as exc:
                raise typer.BadParameter(str(exc), param_hint="--teacher") from None
            chosen = LLMTeacher(provider, folder / "teacher-cache", paraphrases=config.paraphrases)  # fmt: skip
        else:
            raise typer.BadParameter("use offline, openai or gemini", param_hint="--teacher")
        with _progress() as bar:
            task = bar.add_task(f"teacher {chosen.name}", total=limit)
            record = stage_teach(
                folder, config, chosen, limit=limit, progress=lambda n: bar.advance(task, n)
            )
        _done(record, json_out)
        if isinstance(chosen, LLMTeacher) and not json_out:
            console.print(f"model calls {chosen.calls}, cache hits {chosen.cache_hits}")


@app.command("validate")
def validate(
    workdir: Path | None = WORKDIR, preset: str = PRESET, seed: int | None = SEED,
    json_out: bool = JSON_OPTION,
) -> None:  # fmt: skip
    """Stage 4: schema, missing fields, duplicates, length anomalies, safety violations;
    bias slices, split imbalance, stratified deterministic splits.

    Example: fitcoach distill validate --workdir var/distill
    """
    from fitcoach.pipelines.distill.run import stage_validate

    with errors():
        record, report = stage_validate(_workdir(workdir), _config(preset, seed))
    if json_out:
        print_json(report)
        return
    _done(record, False)
    counts = report["counts"]
    console.print(f"kept {counts['kept']}/{counts['total']}; dropped {counts['dropped']}; flagged {counts['flagged']}")  # fmt: skip
    console.print(f"split imbalance: {'yes' if report['split_imbalance']['imbalanced'] else 'no'}; bias flags: {report['bias']['flagged'] or 'none'}")  # fmt: skip


def _print_metrics(metrics: dict[str, Any]) -> None:
    test, hand, lat = metrics["test"], metrics["handwritten"], metrics["latency"]
    console.print(
        f"test split ({test['examples']}): intent student {test['student_intent_accuracy']:.1%} "
        f"vs rules {test['rules_intent_accuracy']:.1%}; safety student "
        f"{test['student_safety_accuracy']:.1%} vs rules {test['rules_safety_accuracy']:.1%}; "
        f"slot F1 {test['student_slot_f1']:.2f}"
    )
    console.print(
        f"hand-written ({hand['intent_items']} intents, {hand['safety_items']} safety): intent "
        f"rules {hand['rules_intent_accuracy']:.1%}, student {hand['student_intent_accuracy']:.1%}, "
        f"rules then student {hand['combined_intent_accuracy']:.1%}; safety rules "
        f"{hand['rules_safety_accuracy']:.1%}, student {hand['student_safety_accuracy']:.1%}"
    )
    console.print(
        f"latency: student p50 {lat['student']['p50_ms']} ms, p95 {lat['student']['p95_ms']} ms; "
        f"rules p50 {lat['rules']['p50_ms']} ms, p95 {lat['rules']['p95_ms']} ms"
    )
    if (
        "red_flag_net" in metrics
    ):  # stage 5's record (the second red-flag net), not a re-evaluation's
        net = metrics["red_flag_net"]
        console.print(f"second red-flag net: threshold {net['threshold']} (tuned on {net['tuned_on']})")  # fmt: skip
    if "reported" in metrics:
        rep = metrics["reported"]
        rules, union = rep["rules"], rep["rules_or_student"]
        console.print(
            f"reported on {rep['set']}: red-flag recall rules {rules['recall']['value']:.1%}, "
            f"rules ∪ student {union['recall']['value']:.1%}; look-alike false alarms rules "
            f"{rules['lookalike_alarms']['value']:.1%}, rules ∪ student "
            f"{union['lookalike_alarms']['value']:.1%}"
        )


@app.command("train")
def train(
    workdir: Path | None = WORKDIR, preset: str = PRESET, seed: int | None = SEED,
    json_out: bool = JSON_OPTION,
) -> None:  # fmt: skip
    """Stage 5: train the student (frozen MiniLM + intent/safety/slot head), evaluate it and
    save it to the model registry.

    Example: fitcoach distill train --preset tiny --workdir var/distill
    """
    from fitcoach.pipelines.distill.run import stage_train

    with errors(), _progress() as bar:
        task = bar.add_task("encoding examples", total=None)
        manifest = stage_train(
            _workdir(workdir), _config(preset, seed), settings().models_path,
            progress=lambda n: bar.advance(task, n),
        )  # fmt: skip
    if json_out:
        print_json(manifest.__dict__)
        return
    console.print(f"intent-student {manifest.version} saved under {settings().models_path}")
    _print_metrics(manifest.metrics)
    console.print(f"chat gate: {manifest.metrics['gate']['reason']}")


@app.command("evaluate")
def evaluate(
    path: Path | None = typer.Argument(
        None,
        help="A corpus file or folder in data/teacher/SPEC.md's format: run every message through "
        "the product's chat and score it (without PATH: the distillation stage below).",
    ),
    rules_only: bool = typer.Option(
        False, "--rules-only", help="Only the rules alone (skip the rules ∪ student pass)."
    ),
    sample: int = typer.Option(
        0, "--sample", min=0, help="Score a random sample of this many messages (0: all)."
    ),
    sample_seed: int = typer.Option(0, "--sample-seed", help="The sample's shuffle seed."),
    workdir: Path | None = WORKDIR,
    version: str | None = typer.Option(None, "--version", help="Default: the newest."),
    json_out: bool = JSON_OPTION,
) -> None:
    """With PATH: every message of a corpus file through the real chat for a fresh demo
    athlete on SQLite, scored (red-flag recall overall and for self-harm, look-alike false
    alarms, logging stored right / wrong / asked, plan requests done as asked; 95 % bootstrap
    intervals by message), the rules alone beside the product's default (rules ∪ the fine-tuned
    student), as a Markdown table. Without PATH: evaluate a stored distilled student on the
    current dataset's test split and the hand-written set.

    Example: fitcoach distill evaluate data/teacher/A/part-01.jsonl --rules-only

    Example: fitcoach distill evaluate data/teacher --sample 600

    Example: fitcoach distill evaluate --workdir var/distill
    """
    if path is not None:
        _evaluate_corpus(path, rules_only, json_out, sample, sample_seed)
        return
    from fitcoach.pipelines.distill.run import stage_evaluate

    with errors():
        metrics = stage_evaluate(_workdir(workdir), settings().models_path, version)
    if json_out:
        print_json(metrics)
        return
    _print_metrics(metrics)


def _evaluate_corpus(
    path: Path, rules_only: bool, json_out: bool, sample: int, sample_seed: int
) -> None:
    from fitcoach.assistant.llm import Assistant
    from fitcoach.assistant.student_runtime import shared

    research_on_path()
    try:
        from research.evaluate.chat_eval import read_items, run_corpus, table
    except ModuleNotFoundError as exc:
        needs_research(exc, "fitcoach distill evaluate PATH", "research.evaluate.chat_eval")

    with errors():
        if not path.exists():
            raise typer.BadParameter(f"no file or folder {path}", param_hint="PATH")
        items, unknown = read_items(path)
        if sample:  # the messages in file order, shuffled with the seed, the first ``sample``
            import random

            random.Random(sample_seed).shuffle(items)
            items = items[:sample]
        passes = [("rules alone", Assistant())]
        if not rules_only:
            student = shared(settings().models_path)
            if student.model() is None:
                console.print(f"rules ∪ student skipped: {student.status().reason}", markup=False)
            else:
                intents: Any = student
                if settings().slot_tagger:  # the product's default reads logs with the tagger too
                    from fitcoach.assistant.slot_tagger import WithSlots, shared_tagger

                    models = settings().models_path
                    intents = WithSlots(lambda: shared_tagger(models), student)
                passes.append(("rules ∪ student (default)", Assistant(intents=intents)))
        reports = []
        for label, assistant in passes:
            with _progress() as progress:
                task = progress.add_task(label, total=len(items))

                def step(done: int, _total: int, task: Any = task, progress: Any = progress) -> None:  # fmt: skip
                    progress.update(task, completed=done)

                reports.append(run_corpus(items, assistant, label=label, unknown=unknown, progress=step))  # fmt: skip
    rows = table(reports)
    if json_out:
        print_json(
            {
                "messages": len(items),
                "unknown_labels": dict(unknown),
                "table": rows,
                "passes": [
                    {"label": r.label, "shares": {k: str(v) for k, v in r.shares.items()},
                     "missed_red_flags": r.missed_red_flags, "false_alarms": r.false_alarms,
                     "wrong_logs": r.wrong_logs, "seconds": round(r.seconds, 1)}
                    for r in reports
                ],
            }
        )  # fmt: skip
        return
    counts = reports[0].counts
    console.print(f"{path}: {len(items)} messages ({', '.join(f'{k} {n}' for k, n in sorted(counts.items()))})", markup=False)  # fmt: skip
    if unknown:
        console.print("labels not known (counted, not scored as such): " + ", ".join(f"{k} ×{n}" for k, n in unknown.most_common()), markup=False)  # fmt: skip
    for row in rows:
        typer.echo(row)


@app.command("report")
def report(
    workdir: Path | None = WORKDIR,
    plots: Path | None = typer.Option(
        None, "--plots", help="Also draw the model card's PNGs from the last training here."
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """The data-monitoring report: schema changes, anomalies, shift since the last version.

    Example: fitcoach distill report --workdir var/distill --plots docs/models
    """
    import json

    from fitcoach.pipelines.distill.run import stage_report

    if plots is not None:  # the card's figures are research
        research_on_path()
        try:
            from research.pipelines.distill.figures import write_plots
        except ModuleNotFoundError as exc:
            needs_research(
                exc, "fitcoach distill report --plots", "research.pipelines.distill.figures"
            )
    folder = _workdir(workdir)
    with errors():
        result = stage_report(folder)
    if plots is not None:
        metrics = json.loads((folder / "reports" / "student.json").read_text("utf-8"))
        for path in write_plots(metrics, plots):
            if not json_out:
                console.print(f"wrote {path}")
    if json_out:
        print_json(result)
        return
    console.print(f"{result['records']} records; anomalies {result['anomalies'].get('dropped', {})}")  # fmt: skip
    comparison = result["comparison"]
    if comparison is None:
        console.print("no earlier version to compare with")
    else:
        console.print(f"schema changes: {comparison['schema']}; shifted fields: {comparison['flagged'] or 'none'}")  # fmt: skip


@app.command("run")
def run(
    workdir: Path | None = WORKDIR, preset: str = PRESET, seed: int | None = SEED,
    json_out: bool = JSON_OPTION,
) -> None:  # fmt: skip
    """Stages 1-5 with the offline teacher, then the monitoring report.

    Example: fitcoach distill run --preset tiny --workdir var/distill
    """
    from fitcoach.pipelines.distill.run import run_all

    with errors():
        metrics = run_all(
            _workdir(workdir), _config(preset, seed), settings().models_path,
            on_stage=lambda name: None if json_out else console.print(f"[bold]{name}[/]"),
        )  # fmt: skip
    if json_out:
        print_json(metrics)
        return
    _print_metrics(metrics)
    console.print(f"chat gate: {metrics['gate']['reason']}")


def _bar(progress: Progress) -> Any:
    """A progress callback (stage, done, total) that drives one bar per stage."""
    tasks: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = progress.add_task(stage, total=total)
        progress.update(tasks[stage], completed=done)

    return update
