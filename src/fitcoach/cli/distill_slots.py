"""``fitcoach distill slot-folds`` and ``train-slot-tagger``: the student's slot tagger judged on
writers it never saw, then trained on every writer and saved (docs/models/student.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from fitcoach.cli.common import (
    JSON_OPTION,
    console,
    errors,
    needs_research,
    print_json,
    research_on_path,
)
from fitcoach.cli.distill_student import CORPUS, EXTRA, THREADS, corpus_messages

CACHE = typer.Option(
    Path("var/student-cache"), "--cache", help="Where the frozen encoder's output is kept."
)
SEED = typer.Option(11, "--seed", help="The seed (weights are deterministic by seed).")


TAUS = (0.6, 0.8, 0.9, 0.95, 0.99, 0.999)


def slot_folds(
    root: Path = CORPUS,
    out: Path = typer.Option(Path("var/slot-folds.json"), "--out", help="The report (JSON)."),
    writer: list[str] = typer.Option([], "--writer", help="Only these held-out writers."),
    groups: int = typer.Option(
        0, "--groups", min=0, help="Hold out writer groups (3: fold_chat's), not one writer each."
    ),
    extra: list[Path] = EXTRA,
    threshold: list[float] = typer.Option(
        list(TAUS), "--threshold", help="Confidence gates to score (from one tagger pass)."
    ),
    check: bool = typer.Option(
        False,
        "--check",
        help="Also a pass that asks where the rules and the tagger read two logs (every gate).",
    ),
    seed: int = SEED,
    cache: Path = CACHE,
    threads: int = THREADS,
    json_out: bool = JSON_OPTION,
) -> None:
    """The tagger on writers it never saw: for each held-out writer (or writer group), a
    tagger trained on the others, those writers' logging messages through the real chat with
    the rules alone and with the tagger, ungated and at each confidence gate; pooled shares
    with 95 % bootstrap intervals by message.

    Example: fitcoach distill slot-folds --groups 3 --extra data/blind-final-6 --check
    """
    import time
    from collections import Counter

    import torch

    from fitcoach.assistant.slot_tagger import TaggerConfig
    from fitcoach.pipelines.distill.corpus import load_corpus, writer_groups

    research_on_path()
    try:
        import research.evaluate.slots_eval as slots_eval
    except ModuleNotFoundError as exc:
        needs_research(exc, "fitcoach distill slot-folds", "research.evaluate.slots_eval")

    def say(line: str) -> None:
        console.print(line, markup=False)

    with errors():
        torch.set_num_threads(threads)
        started = time.perf_counter()
        messages = corpus_messages(root, extra)
        config = TaggerConfig(seed=seed)
        if groups:
            dealt = writer_groups(Counter(m.writer for m in load_corpus(root)), groups)
            folds = slots_eval.held_out_folds(root, messages, config, dealt, cache=cache, progress=say)  # fmt: skip
        else:
            folds = slots_eval.leave_one_out(root, messages, config, cache=cache, only=writer, progress=say)  # fmt: skip
        labels = [slots_eval.TAGGER]
        if check:
            slots_eval.checked(folds, progress=say)
            labels.append(slots_eval.CHECK)
        passes = {f"{label}, τ {t}": slots_eval.shares(slots_eval.gated(folds, t, label)) for label in labels for t in threshold}  # fmt: skip
        report: dict[str, Any] = {}
        pools = slots_eval.pooled(folds) | passes
        report |= {
            "held_out": "writer groups" if groups else "one writer each",
            "extra": [str(e) for e in extra],
            "table": slots_eval.table(folds, passes),
            "pooled": {p: {k: str(v) for k, v in s.items()} for p, s in pools.items()},
            "folds": [
                {"writers": f.writer, "trained_on": f.trained_on, "seconds": round(f.seconds, 1),
                 "kinds": f.kinds, "wrong": f.wrong, "sure": f.sure}
                for f in folds
            ],
            "seconds": round(time.perf_counter() - started, 1),
        }  # fmt: skip
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, indent=1))
    if json_out:
        print_json(report)
        return
    console.print("\n".join(report["table"]), markup=False)


def train_slot_tagger(
    root: Path = CORPUS,
    extra: list[Path] = EXTRA,
    threshold: float | None = typer.Option(
        None, "--threshold", help="The confidence gate stored with the tagger (none: no gate)."
    ),
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
    from fitcoach.pipelines.distill.slots_train import examples, save, train

    with errors():
        torch.set_num_threads(threads)
        data = examples(corpus_messages(root, extra))
        trained = train(data.aligned, TaggerConfig(seed=seed, threshold=threshold), cache=cache)
        report = json.loads(folds.read_text()) if folds and folds.is_file() else {}
        held_out = {k: report[k] for k in ("held_out", "extra", "pooled", "table", "seconds") if k in report}  # fmt: skip
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
