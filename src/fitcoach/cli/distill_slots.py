"""``fitcoach distill slot-folds`` and ``train-slot-tagger``: the student's slot tagger judged on
writers it never saw, then trained on every writer and saved (docs/models/student.md)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from fitcoach.cli.common import (
    JSON_OPTION,
    console,
    errors,
    needs_research,
    print_json,
    research_on_path,
)
from fitcoach.cli.distill_student import CORPUS, THREADS

CACHE = typer.Option(
    Path("var/student-cache"), "--cache", help="Where the frozen encoder's output is kept."
)
SEED = typer.Option(11, "--seed", help="The seed (weights are deterministic by seed).")


def slot_folds(
    root: Path = CORPUS,
    out: Path = typer.Option(Path("var/slot-folds.json"), "--out", help="The report (JSON)."),
    writer: list[str] = typer.Option([], "--writer", help="Only these held-out writers."),
    check: bool = typer.Option(
        False, "--check", help="Also ask where the rules and the tagger read two logs."
    ),
    seed: int = SEED,
    cache: Path = CACHE,
    threads: int = THREADS,
    json_out: bool = JSON_OPTION,
) -> None:
    """Leave one writer out: a tagger trained on the other writers, that writer's logging
    messages through the real chat with the rules alone and with the tagger; pooled shares
    with 95 % bootstrap intervals by message.

    Example: fitcoach distill slot-folds --out var/slot-folds.json
    """
    import torch

    from fitcoach.assistant.slot_tagger import TaggerConfig
    from fitcoach.pipelines.distill.corpus import load_corpus

    research_on_path()
    try:
        from research.evaluate.slots_eval import leave_one_out, pooled, table
    except ModuleNotFoundError as exc:
        needs_research(exc, "fitcoach distill slot-folds", "research.evaluate.slots_eval")

    with errors():
        torch.set_num_threads(threads)
        messages = load_corpus(root)
        folds = leave_one_out(
            root, messages, TaggerConfig(seed=seed), cache=cache, only=writer, check=check,
            progress=lambda line: console.print(line, markup=False),
        )  # fmt: skip
        rows = table(folds)
        report = {
            "table": rows,
            "pooled": {p: {k: str(v) for k, v in s.items()} for p, s in pooled(folds).items()},
            "folds": [
                {"writer": f.writer, "trained_on": f.trained_on, "seconds": round(f.seconds, 1),
                 "kinds": f.kinds, "wrong": f.wrong}
                for f in folds
            ],
        }  # fmt: skip
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, indent=1))
    if json_out:
        print_json(report)
        return
    console.print("\n".join(rows), markup=False)


def train_slot_tagger(
    root: Path = CORPUS,
    out: Path = typer.Option(
        Path("src/fitcoach/ml/artefacts"), "--out", help="The model registry folder to write to."
    ),
    folds: Path | None = typer.Option(
        None, "--folds", help="The held-out report (from `slot-folds`) kept in the manifest."
    ),
    seed: int = SEED,
    cache: Path = CACHE,
    threads: int = THREADS,
    json_out: bool = JSON_OPTION,
) -> None:
    """Train the slot tagger on every writer's aligned logging messages and save it (the head's
    weights and the int8 ONNX reader) to the model registry, versioned by the data hash.

    Example: fitcoach distill train-slot-tagger --folds var/slot-folds.json
    """
    import torch

    from fitcoach.assistant.slot_tagger import TaggerConfig
    from fitcoach.pipelines.distill.corpus import load_corpus
    from fitcoach.pipelines.distill.slots_train import examples, save, train

    with errors():
        torch.set_num_threads(threads)
        data = examples(load_corpus(root))
        trained = train(data.aligned, TaggerConfig(seed=seed), cache=cache)
        held_out = json.loads(folds.read_text())["pooled"] if folds and folds.is_file() else {}
        manifest = save(out, trained, data, {"held_out": held_out, "threads": threads})
        record = {
            "version": manifest.version,
            "aligned": len(data.aligned),
            "not_aligned": data.not_aligned,
            "seconds": round(trained.seconds, 1),
            "path": str(out / manifest.name / manifest.version),
        }
    if json_out:
        print_json(record)
        return
    console.print(
        f"slot tagger {manifest.version}: {len(data.aligned)} aligned messages "
        f"({data.not_aligned} not aligned, left out), {trained.seconds:.0f} s → {record['path']}"
    )
