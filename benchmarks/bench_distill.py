"""The distillation pipeline: wall time per stage, and the student beside the rules.

Runs stages 1-5 with the offline teacher in a temporary directory (``tiny`` preset; ``--quick``:
``micro``) and prints:

- each stage's wall time per 1,000 student examples (the athlete messages and paraphrases the
  validation stage keeps; stage 5 includes encoding them with the frozen MiniLM encoder and
  the evaluation);
- intent accuracy on the hand-written set (``nlu_heldout.yaml`` + ``distill_handwritten.yaml``)
  of the student alone and of the rules with the student as fallback, and safety-category
  accuracy of the student; baseline, same run and items: the rules (``understand``,
  ``screen``). Ratio = student / rules;
- latency of one message through the student (``StudentModel.predict``, one text per call, as
  the chat calls it) over the hand-written texts, p50 and p95; baseline, same texts: the rules
  (``understand`` + ``screen``), interleaved. Ratio = student / rules.

Without the ``ml`` extra it prints a note and reports the figures as skipped.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from pathlib import Path

from benchmarks.common import BenchArgs, Result, latency_results

from fitcoach.assistant import embeddings
from fitcoach.assistant.guardrails import screen
from fitcoach.assistant.nlu import ExerciseMatcher, understand

NAME = "distill"
DEFAULT_REPEAT = 5
QUICK_REPEAT = 1


def main(args: BenchArgs, *, blind_report: bool = True) -> list[Result]:
    """``blind_report=False`` leaves the blind set's report out of the train stage (as the
    pipeline does in a checkout without that set): a smoke run, a third of its time."""
    if not embeddings.available():
        note = "skipped: the 'ml' extra is not installed (pip install -e '.[ml]')"
        print(f"[{NAME}] {note}")
        return [Result(name="distill pipeline", figure=None, unit="s", notes=note, group=NAME)]
    from fitcoach.pipelines.distill import artefacts, run, student
    from fitcoach.pipelines.distill.config import preset

    repeats = args.repeat or (QUICK_REPEAT if args.quick else DEFAULT_REPEAT)
    config = preset("micro" if args.quick else "tiny")
    if args.quick:
        config = replace(config, epochs=2)
    blind = run.BLIND_SET if blind_report else None
    seconds: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-distill-") as tmp:
        workdir, models = Path(tmp) / "work", Path(tmp) / "models"
        workdir.mkdir()
        steps = [
            ("generate", lambda: run.stage_generate(workdir, config)),
            ("prompts", lambda: run.stage_prompts(workdir, config)),
            ("teach", lambda: run.stage_teach(workdir, config)),
            ("validate", lambda: run.stage_validate(workdir, config)),
            ("train", lambda: run.stage_train(workdir, config, models, reported_set=blind)),
            ("report", lambda: run.stage_report(workdir)),
        ]
        for name, step in steps:
            args.progress(f"distill: stage {name}")
            started = time.perf_counter()
            out = step()
            seconds[name] = time.perf_counter() - started
            if name == "train":
                manifest = out
        dataset = artefacts.read_stage(workdir, "validate")
        from fitcoach.assistant.student import StudentModel

        model = StudentModel.load(models)
    examples = sum(d["kind"] == "message" for d in dataset)
    metrics = manifest.metrics
    hand = metrics["handwritten"]
    shape = {
        "preset": "micro" if args.quick else "tiny",
        "examples": examples,
        "stage_seconds": {k: round(v, 3) for k, v in seconds.items()},
        "test": metrics["test"],
        "handwritten": hand,
        "head_bytes": metrics["training"]["head_bytes"],
    }
    results = [
        Result(
            name=f"distill {name} wall per 1,000 examples",
            figure=s / examples * 1000,
            unit="s/1k examples",
            notes=f"{s:.2f} s for {examples} examples ({shape['preset']} preset)",
            group=NAME,
            extra=shape if name == "generate" else {},
        )
        for name, s in seconds.items()
    ]
    for label, key in (
        ("student intent accuracy (hand-written)", "student_intent_accuracy"),
        ("rules then student intent accuracy (hand-written)", "combined_intent_accuracy"),
    ):
        results.append(
            Result(
                name=label,
                figure=100 * hand[key],
                unit="%",
                baseline=100 * hand["rules_intent_accuracy"],
                ratio=hand[key] / hand["rules_intent_accuracy"],
                baseline_name="the rules (understand), same items",
                notes=f"{hand['intent_items']} hand-written items",
                group=NAME,
            )
        )
    results.append(
        Result(
            name="student safety-category accuracy (hand-written)",
            figure=100 * hand["student_safety_accuracy"],
            unit="%",
            baseline=100 * hand["rules_safety_accuracy"],
            ratio=hand["student_safety_accuracy"] / hand["rules_safety_accuracy"],
            baseline_name="the guardrails (screen), same items",
            notes=f"{hand['safety_items']} hand-written items",
            group=NAME,
        )
    )
    intents, _, today = student.handwritten()
    texts = [t for t, _ in intents][: 20 if args.quick else None]
    matcher = ExerciseMatcher.from_library()
    model.predict("warm up")
    ours: list[float] = []
    base: list[float] = []
    args.progress(f"distill: student and rules latency over {len(texts)} texts x {repeats}")
    for _ in range(repeats):
        for text in texts:
            started = time.perf_counter()
            model.predict(text)
            ours.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            understand(text, today=today, exercises=matcher)
            screen(text)
            base.append((time.perf_counter() - started) * 1000)
    results += latency_results(
        "student predict()", ours, base, unit="ms/message",
        baseline_name="understand() + screen() (the rules)", group=NAME,
        notes=f"{len(texts)} texts x {repeats}, one per call, CPU, 1 torch thread",
    )  # fmt: skip
    print(
        f"[{NAME}] {examples} examples; stages (s): "
        + ", ".join(f"{k} {v:.2f}" for k, v in seconds.items())
    )
    print(
        f"[{NAME}] hand-written intent: rules {hand['rules_intent_accuracy']:.1%}, student "
        f"{hand['student_intent_accuracy']:.1%}, rules then student "
        f"{hand['combined_intent_accuracy']:.1%}; safety: rules {hand['rules_safety_accuracy']:.1%}, "
        f"student {hand['student_safety_accuracy']:.1%}"
    )
    return results
