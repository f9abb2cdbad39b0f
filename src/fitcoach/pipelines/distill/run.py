"""The stages as functions of a work directory: what the CLI commands and the Airflow tasks run.

Each stage reads its input from the manifest (verified by hash), writes its output as a new
content-hashed version and records its wall time. ``run_all`` runs stages 1-5 and the report.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fitcoach.ml import registry
from fitcoach.pipelines.distill import artefacts, monitor
from fitcoach.pipelines.distill.config import DistillConfig
from fitcoach.pipelines.distill.generate import generate_users
from fitcoach.pipelines.distill.prompts import build_prompts
from fitcoach.pipelines.distill.teacher import OfflineTeacher, Teacher, teach
from fitcoach.pipelines.distill.validate import validate

STAGES = ("generate", "prompts", "teach", "validate", "train", "report")
# The set the student is reported on: the first blind set, in a checkout of the
# repository (src/fitcoach/pipelines/distill/run.py → the root). Not the gate's set.
BLIND_SET = Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "blind" / "assistant_messages.yaml"  # fmt: skip
Progress = Callable[[int], None]


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - started


def stage_generate(workdir: Path, config: DistillConfig) -> artefacts.StageRecord:
    users, seconds = _timed(lambda: generate_users(config))
    return artefacts.write_stage(
        workdir, "generate", users, inputs={},
        config=config.stage_params("seed", "users", "log_weeks"), seconds=seconds,
    )  # fmt: skip


def stage_prompts(workdir: Path, config: DistillConfig) -> artefacts.StageRecord:
    users = artefacts.read_stage(workdir, "generate")
    prompts, seconds = _timed(lambda: build_prompts(users, config))
    return artefacts.write_stage(
        workdir, "prompts", prompts, inputs={"generate": artefacts.stage_hash(workdir, "generate")},
        config=config.stage_params("seed", "messages_per_intent", "messages_per_safety"),
        seconds=seconds,
    )  # fmt: skip


def stage_teach(
    workdir: Path,
    config: DistillConfig,
    teacher: Teacher | None = None,
    *,
    limit: int | None = None,
    progress: Progress | None = None,
) -> artefacts.StageRecord:
    """Stage 3 (``limit``: only the first prompts, e.g. for a slow local model)."""
    prompts = artefacts.read_stage(workdir, "prompts")
    if limit is not None:
        prompts = prompts[:limit]
    teacher = teacher or OfflineTeacher(seed=config.seed, paraphrases=config.paraphrases)
    tick = (lambda: progress(1)) if progress is not None else None
    answers, seconds = _timed(lambda: list(teach(prompts, teacher, progress=tick)))
    return artefacts.write_stage(
        workdir, "teach", answers, inputs={"prompts": artefacts.stage_hash(workdir, "prompts")},
        config={"teacher": teacher.name, "paraphrases": config.paraphrases, "limit": limit},
        seconds=seconds,
    )  # fmt: skip


def stage_validate(workdir: Path, config: DistillConfig) -> tuple[artefacts.StageRecord, dict[str, Any]]:  # fmt: skip
    answers = artefacts.read_stage(workdir, "teach")
    (dataset, report), seconds = _timed(lambda: validate(answers, config))
    record = artefacts.write_stage(
        workdir, "validate", dataset, inputs={"teach": artefacts.stage_hash(workdir, "teach")},
        config=config.stage_params("seed", "split", "min_response_chars", "max_response_chars"),
        seconds=seconds,
    )  # fmt: skip
    artefacts.write_report(workdir, "validation", report)
    return record, report


def stage_train(
    workdir: Path,
    config: DistillConfig,
    model_root: Path,
    *,
    progress: Progress | None = None,
    reported_set: Path | None = BLIND_SET,
) -> registry.Manifest:
    """Train, evaluate (test split, hand-written set, latency), tune the second net's red-flag
    threshold on the hand-written set, report on ``reported_set`` (the blind set, when this is a
    checkout that has it; else the synthetic test split) and save to the registry."""
    from fitcoach.assistant import student as runtime
    from fitcoach.pipelines.distill import student

    dataset = artefacts.read_stage(workdir, "validate")
    started = time.perf_counter()
    model, trained = student.train(dataset, config, progress=progress)
    train_s = time.perf_counter() - started
    metrics, eval_s = _timed(
        lambda: student.evaluate(
            model,
            dataset,
            latency_messages=config.latency_messages,
            latency_repeats=config.latency_repeats,
        )
    )
    threshold, curve = student.tune_red_flag_threshold(model, config.red_flag_max_false_alarm)
    model.red_flag_threshold = threshold
    metrics["red_flag_net"] = {
        "threshold": threshold, "tuned_on": student.THRESHOLD_SET,
        "max_false_alarm": config.red_flag_max_false_alarm, "kinds": runtime.RED_FLAG_KINDS,
        "curve": curve,
    }  # fmt: skip
    reported = "test_split"
    if reported_set is not None and reported_set.is_file():
        metrics["reported"] = student.reported_triage(model, reported_set)
        reported = metrics["reported"]["set"]
    metrics["sets"] = {"gate": runtime.GATE_SET, "threshold": student.THRESHOLD_SET, "reported": reported}  # fmt: skip
    use, why = runtime.gate(metrics)
    metrics["training"] = trained["info"]
    metrics["gate"] = {"used_by_chat": use, "reason": why}
    metrics["seconds"] = {"train": round(train_s, 3), "evaluate": round(eval_s, 3)}
    params = {**trained["params"], "red_flag_threshold": threshold, **config.stage_params("epochs", "batch_size", "learning_rate", "seed")}  # fmt: skip
    manifest = registry.save(
        model_root, name=runtime.NAME,
        files={"head.pt": trained["state"], "labels.json": json.dumps(trained["labels"]).encode()},
        schema=runtime.SCHEMA, seed=config.seed, params=params,
        data=artefacts.stage_hash(workdir, "validate"), metrics=metrics,
    )  # fmt: skip
    manifest_data = artefacts.read_manifest(workdir)
    manifest_data["stages"]["train"] = {
        "model": runtime.NAME, "version": manifest.version, "seconds": round(train_s + eval_s, 3),
        "inputs": {"validate": artefacts.stage_hash(workdir, "validate")},
    }  # fmt: skip
    (workdir / artefacts.MANIFEST).write_text(json.dumps(manifest_data, indent=2, sort_keys=True) + "\n")  # fmt: skip
    artefacts.write_report(workdir, "student", metrics)
    return manifest


def stage_evaluate(workdir: Path, model_root: Path, version: str | None = None) -> dict[str, Any]:
    """Re-evaluate a stored student on the current dataset (its figures are not saved)."""
    from fitcoach.assistant import student as runtime
    from fitcoach.pipelines.distill import student

    model = runtime.StudentModel.load(model_root, version)
    dataset = artefacts.read_stage(workdir, "validate")
    return student.evaluate(model, dataset)


def stage_report(workdir: Path) -> dict[str, Any]:
    """The data-monitoring report over the current dataset and the one before it."""
    current = artefacts.read_stage(workdir, "validate")
    previous = artefacts.read_previous(workdir, "validate")
    path = workdir / "reports" / "validation.json"
    validation = json.loads(path.read_text("utf-8")) if path.is_file() else None
    report = monitor.monitoring_report(current, previous, validation)
    manifest = artefacts.read_manifest(workdir)
    report["stage_seconds"] = {k: v.get("seconds") for k, v in manifest["stages"].items()}
    artefacts.write_report(workdir, "monitoring", report)
    return report


def run_all(
    workdir: Path,
    config: DistillConfig,
    model_root: Path,
    *,
    teacher: Teacher | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Stages 1-5 and the monitoring report; returns the student's metrics."""
    workdir.mkdir(parents=True, exist_ok=True)
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("generate", lambda: stage_generate(workdir, config)),
        ("prompts", lambda: stage_prompts(workdir, config)),
        ("teach", lambda: stage_teach(workdir, config, teacher)),
        ("validate", lambda: stage_validate(workdir, config)),
        ("train", lambda: stage_train(workdir, config, model_root)),
        ("report", lambda: stage_report(workdir)),
    ]
    results: dict[str, Any] = {}
    for name, step in steps:
        if on_stage is not None:
            on_stage(name)
        results[name] = step()
    manifest: registry.Manifest = results["train"]
    return dict(manifest.metrics)
