"""``fitcoach distill`` for the fine-tuned student: encode, folds, train, thresholds, ONNX, and
the bundle trained in one process where a GPU is (docs/models/student.md "How to make it")."""

from __future__ import annotations

from dataclasses import replace
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
from fitcoach.cli.distill import _bar, _progress

CORPUS = typer.Option(Path("data/teacher"), "--root", help="The teacher corpus folder.")
CACHE = typer.Option(
    Path("var/student-cache"),
    "--cache",
    help="Where the frozen layers' output is kept between runs.",
)
THREADS = typer.Option(2, "--threads", min=1, help="CPU threads for torch (shared machines: 1-2).")
WEIGHTS = typer.Option(
    None,
    "--weights",
    help="Train nothing: take the students of this bundle (`student-bundle`, trained where a "
    "GPU is), refused unless trained on this corpus.",
)


def _bundle(path: Path, messages: Any) -> Any:
    from fitcoach.pipelines.distill.finetune import read_bundle

    if not path.is_file():
        raise typer.BadParameter(f"no file {path}", param_hint="--weights")
    try:
        return read_bundle(path, messages)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--weights") from exc


EXTRA = typer.Option(
    [],
    "--extra",
    help="Another corpus folder whose writers are trained on too (never held out), e.g. "
    "data/blind-final-6.",
)


def corpus_messages(root: Path, extra: list[Path]) -> list[Any]:
    """The corpus under ``root`` and every ``extra`` folder (tuned sets: their writers are
    trained on, never held out); a writer in two folders is refused."""
    from fitcoach.core.errors import InvalidInput
    from fitcoach.pipelines.distill.corpus import load_corpus, writers

    if not root.is_dir():
        raise typer.BadParameter(f"no folder {root}", param_hint="--root")
    messages = load_corpus(root)
    for folder in extra:
        more = load_corpus(folder)
        if not more:
            raise InvalidInput(f"no corpus messages under {folder}: check the --extra folder")
        clash = set(writers(more)) & set(writers(messages))
        if clash:
            raise InvalidInput(f"writers {', '.join(sorted(clash))} of {folder} are already read")
        messages += more
    return messages


def _corpus(root: Path, threads: int, extra: list[Path] | None = None) -> Any:
    """The teacher corpus under ``root`` with ``extra`` folders, torch on ``threads``."""
    import torch

    torch.set_num_threads(threads)
    return corpus_messages(root, extra or [])


def _held_out_sizes(messages: Any, extra: list[Path]) -> Any:
    """Messages per writer of the root corpus only: the writers the folds may hold out (the
    ``--extra`` writers are trained on in every fold)."""
    from collections import Counter

    from fitcoach.pipelines.distill.corpus import load_corpus, writers

    always = {w for folder in extra for w in writers(load_corpus(folder))}
    return Counter(m.writer for m in messages if m.writer not in always)


def _shipped(seed: int, epochs: int | None = None, tuned_layers: int | None = None) -> Any:
    """The shipped student's configuration with the command line's overrides."""
    from fitcoach.assistant.tuned_student import SHIPPED

    config = replace(SHIPPED, seed=seed)
    config = replace(config, tuned_layers=tuned_layers) if tuned_layers else config
    return replace(config, epochs=epochs) if epochs else config


def train_student(
    root: Path = CORPUS,
    extra: list[Path] = EXTRA,
    out: Path = typer.Option(
        Path("src/fitcoach/ml/artefacts"), "--out", help="The model registry folder to write to."
    ),
    folds: Path | None = typer.Option(
        None,
        "--folds",
        help="A development report (JSON, from `student-folds`) whose red-flag "
        "threshold the shipped student takes; without it, 0.5.",
    ),
    epochs: int | None = typer.Option(None, "--epochs", min=1, help="Override the epochs."),
    seed: int = typer.Option(7, "--seed", help="The seed (weights are deterministic by seed)."),
    weights: Path | None = WEIGHTS,
    cache: Path = CACHE,
    threads: int = THREADS,
    json_out: bool = JSON_OPTION,
) -> None:
    """Fine-tune the student (LoRA on the packaged MiniLM; intent and red-flag heads) on every
    writer of the teacher corpus and save it to the model registry.

    Example: fitcoach distill train-student --folds var/student-folds.json --out src/fitcoach/ml/artefacts
    """
    import json
    import time

    from fitcoach.pipelines.distill.finetune import FINAL, save_student, save_tensors, train

    with errors():
        messages = _corpus(root, threads, extra)
        threshold, crisis, flagged, development = 0.5, 2.0, 2.0, {}
        if folds is not None:
            if not folds.is_file():
                raise typer.BadParameter(f"no file {folds}", param_hint="--folds")
            development = json.loads(folds.read_text())
            threshold = float(development["threshold"])
            crisis = float(development.get("crisis_threshold", 2.0))
            flagged = float(development.get("flagged_crisis_threshold", 2.0))
        config = _shipped(seed, epochs)
        metrics: dict[str, Any] = {"development": development.get("summary", {})}
        if weights is not None:  # trained elsewhere (a GPU): save it as if trained here
            bundle = _bundle(weights, messages)
            seconds = bundle.seconds[FINAL]
            manifest = save_tensors(
                out, bundle.students[FINAL], bundle.config, messages,
                losses=bundle.losses[FINAL], threshold=threshold, crisis_threshold=crisis,
                flagged_crisis=flagged,
                metrics={**metrics, "train_seconds": seconds, "device": bundle.device},
            )  # fmt: skip
        else:
            started = time.perf_counter()
            with _progress() as progress:
                trained = train(messages, config, cache=cache, progress=_bar(progress))
            seconds = time.perf_counter() - started
            manifest = save_student(
                out, trained, messages, threshold=threshold, crisis_threshold=crisis,
                flagged_crisis=flagged,
                metrics={**metrics, "train_seconds": round(seconds, 1), "threads": threads},
            )  # fmt: skip
        record = {
            "version": manifest.version,
            "seconds": round(seconds, 1),
            "threshold": threshold,
            "path": str(out / manifest.name / manifest.version),
        }
        if json_out:
            print_json(record)
            return
        console.print(
            f"student {manifest.version}: {len(messages)} messages, {seconds:.0f} s, "
            f"red-flag threshold {threshold:g} → {record['path']}"
        )


def student_folds(
    root: Path = CORPUS,
    extra: list[Path] = EXTRA,
    report: Path = typer.Option(
        Path("var/student-folds.json"), "--report", help="Where to write the figures (JSON)."
    ),
    writer: list[str] | None = typer.Option(
        None, "--writer", help="Hold out only these writers, each alone (repeat)."
    ),
    groups: int = typer.Option(
        3,
        "--groups",
        min=0,
        help="Writers dealt into this many folds, each held out whole (0: one fold per writer).",
    ),
    fold: list[int] | None = typer.Option(
        None, "--fold", min=0, help="Run only these folds of --groups (repeat; from 0)."
    ),
    merge: list[Path] | None = typer.Option(
        None,
        "--merge",
        help="Train nothing: pool these reports' held-out predictions (folds run apart).",
    ),
    target: float = typer.Option(
        0.97, "--target", help="Red-flag recall (rules ∪ student) the thresholds aim at."
    ),
    crisis_target: float = typer.Option(
        0.97,
        "--crisis-target",
        help="Self-harm and crisis recall the self-harm threshold aims at (1.0: only the "
        "grid's floor reaches it on the folds, where the output fires on ordinary messages).",
    ),
    epochs: int | None = typer.Option(None, "--epochs", min=1, help="Override the epochs."),
    seed: int = typer.Option(7, "--seed", help="The seed."),
    weights: Path | None = WEIGHTS,
    cache: Path = CACHE,
    threads: int = THREADS,
) -> None:
    """Development figures: train on all writers but a held-out group, score the group, beside
    the rules (red-flag recall by kind and crisis style, look-alike false alarms, intent), and
    choose both red-flag thresholds on these predictions, recall first.

    Example: fitcoach distill student-folds --groups 3 --report var/student-folds.json

    Example: fitcoach distill student-folds --fold 0 --extra data/blind-final-6 --report var/student-fold-0.json
    """
    import json
    import time

    from fitcoach.pipelines.distill.corpus import writer_groups

    research_on_path()
    try:
        from research.evaluate.finetune_eval import (
            bundle_predictions,
            development,
            figures_json,
            leave_one_writer_out,
            predictions_from_json,
            predictions_json,
            table,
        )
    except ModuleNotFoundError as exc:
        needs_research(exc, "fitcoach distill student-folds", "research.evaluate.finetune_eval")

    with errors():
        messages = _corpus(root, threads, extra)
        config = _shipped(seed, epochs)
        sizes = _held_out_sizes(messages, extra)
        folds = writer_groups(sizes, groups or len(sizes))
        if writer:
            folds = [(w,) for w in writer]
        elif fold:
            folds = [folds[i] for i in fold if i < len(folds)]
        started = time.perf_counter()
        if merge:
            parts = [json.loads(path.read_text()) for path in merge]
            predictions = predictions_from_json(messages, [p["predictions"] for p in parts])
            folds = [tuple(f) for p in parts for f in p["groups"]]
            seconds = sum(float(p["seconds"]) for p in parts)
        elif weights is not None:
            bundle = _bundle(weights, messages)
            config = bundle.config
            folds = [held for held in bundle.held_out.values() if held]
            with _progress() as progress:
                predictions = bundle_predictions(messages, bundle, _bar(progress))
            seconds = sum(s for part, s in bundle.seconds.items() if bundle.held_out[part])
        else:
            with _progress() as progress:
                predictions = leave_one_writer_out(
                    messages, config, held_out=folds, cache=cache, progress=_bar(progress)
                )
            seconds = time.perf_counter() - started
        result = development(
            messages, predictions, folds, target=target, crisis_target=crisis_target
        )
        report.parent.mkdir(parents=True, exist_ok=True)
        summary = figures_json(result["pooled"])
        report.write_text(
            json.dumps(
                {
                    "threshold": result["threshold"],
                    "crisis_threshold": result["crisis_threshold"],
                    "flagged_crisis_threshold": result["flagged_crisis_threshold"],
                    "target": target,
                    "crisis_target": crisis_target,
                    "seconds": round(seconds, 1),
                    "config": config.__dict__,
                    "groups": [list(f) for f in folds],
                    "summary": summary,
                    "curve": result["curve"],
                    "crisis_curve": result["crisis_curve"],
                    "flagged_crisis_curve": result["flagged_crisis_curve"],
                    "flagged_crisis_folds": result["flagged_crisis_folds"],
                    "folds": [figures_json(f) for f in result["folds"]],
                    "predictions": predictions_json(predictions),
                },
                indent=1,
            )
        )
        for fig in [*result["folds"], result["pooled"]]:
            for line in table(fig):
                console.print(line, markup=False)
            console.print()
        console.print(
            f"{seconds:.0f} s; threshold {result['threshold']:g}, self-harm "
            f"{result['crisis_threshold']:g}, self-harm once flagged "
            f"{result['flagged_crisis_threshold']:g}; report → {report}"
        )


def student_encode(
    root: Path = CORPUS,
    extra: list[Path] = EXTRA,
    cache: Path = CACHE,
    threads: int = THREADS,
) -> None:
    """Encode the corpus through the frozen layers into the cache, once, so that folds and the
    final training run side by side without each encoding it (only texts not yet cached).

    Example: fitcoach distill student-encode --threads 2
    """

    from fitcoach.assistant.tuned_student import SHIPPED, build
    from fitcoach.pipelines.distill.finetune import cached_lower_states

    with errors():
        messages = _corpus(root, threads, extra)
        tokenizer, _, net = build(SHIPPED)
        with _progress() as progress:
            cached_lower_states(cache, messages, SHIPPED, net, tokenizer, _bar(progress))
        console.print(f"{len(messages)} messages encoded in {cache}")


def student_threshold(
    folds: Path = typer.Option(..., "--folds", help="The development report of `student-folds`."),
    out: Path = typer.Option(
        Path("src/fitcoach/ml/artefacts"), "--out", help="The model registry folder."
    ),
) -> None:
    """Give the newest fine-tuned student the red-flag threshold its development folds chose
    (for a student trained while the folds were still running; the weights do not change).

    Example: fitcoach distill student-threshold --folds var/student-folds.json
    """
    import json

    from fitcoach.pipelines.distill.finetune import with_threshold

    with errors():
        if not folds.is_file():
            raise typer.BadParameter(f"no file {folds}", param_hint="--folds")
        development = json.loads(folds.read_text())
        crisis = float(development.get("crisis_threshold", 2.0))
        flagged = float(development.get("flagged_crisis_threshold", 2.0))
        manifest = with_threshold(
            out, float(development["threshold"]), development, crisis, flagged_crisis=flagged
        )
        console.print(
            f"student {manifest.version}: red-flag threshold {development['threshold']:g}, "
            f"self-harm {crisis:g}, self-harm once flagged {flagged:g}"
        )


def student_onnx(
    out: Path = typer.Option(
        Path("src/fitcoach/ml/artefacts"), "--out", help="The model registry folder."
    ),
) -> None:
    """Ship the newest fine-tuned student as one ONNX graph read by ONNX Runtime (no torch in a
    reading process); the weights and thresholds do not change, the version does.

    Example: fitcoach distill student-onnx --out src/fitcoach/ml/artefacts
    """
    from fitcoach.pipelines.distill.finetune import with_onnx

    with errors():
        manifest = with_onnx(out)
        console.print(f"student {manifest.version}: read through ONNX Runtime")


def student_bundle(
    root: Path = CORPUS,
    extra: list[Path] = EXTRA,
    out: Path = typer.Option(
        Path("var/student-bundle.safetensors"), "--out", help="The bundle to write."
    ),
    device: str = typer.Option(
        "auto", "--device", help="auto (a GPU where torch sees one, else the CPU), cuda or cpu."
    ),
    groups: int = typer.Option(3, "--groups", min=2, help="Writers dealt into this many folds."),
    tuned_layers: int | None = typer.Option(
        None, "--tuned-layers", min=1, max=6, help="LoRA on the top this many layers."
    ),
    epochs: int | None = typer.Option(None, "--epochs", min=1, help="Override the epochs."),
    seed: int = typer.Option(7, "--seed", help="The seed."),
    threads: int = THREADS,
) -> None:
    """Train the fold students (each group of writers held out) and the shipped student in one
    process, into one file: for a machine with a GPU, where each training takes seconds to a
    minute. Then, on any machine: `student-folds --weights` scores the folds,
    `train-student --weights --folds` saves the shipped one.

    Example: fitcoach distill student-bundle --device cuda --out var/student-bundle.safetensors
    """
    import torch

    from fitcoach.pipelines.distill.corpus import writer_groups
    from fitcoach.pipelines.distill.finetune import bundle_bytes, train_bundle

    with errors():
        if device not in {"auto", "cuda", "cpu"}:
            raise typer.BadParameter("use auto, cuda or cpu", param_hint="--device")
        if device == "cuda" and not torch.cuda.is_available():
            raise typer.BadParameter("torch sees no GPU here: use --device cpu", param_hint="--device")  # fmt: skip
        chosen = "cuda" if device == "auto" and torch.cuda.is_available() else device
        chosen = "cpu" if chosen == "auto" else chosen
        messages = _corpus(root, threads, extra)
        config = _shipped(seed, epochs, tuned_layers)
        folds = writer_groups(_held_out_sizes(messages, extra), groups)
        with _progress() as progress:
            bundle = train_bundle(messages, config, folds, device=chosen, progress=_bar(progress))
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(bundle_bytes(bundle))
        console.print(
            f"{len(folds)} folds and the shipped student on {chosen} in "
            f"{sum(bundle.seconds.values()):.0f} s → {out}"
        )
