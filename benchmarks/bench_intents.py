"""The optional embedding intent model (``ml`` extra) beside the rules, on the same utterances.

Setup (timed once, reported): loading the packaged all-MiniLM-L6-v2 encoder offline and
embedding the train split of ``nlu_eval.yaml`` (one utterance in four, by a hash of its text,
is held out as the test split).

Printed:

- intent accuracy on the test split of the rules (``understand``), of the embedding model
  (trained on the train split only; with its score threshold, and top-1 without it), and of
  the rules with the embedding model as the fallback for what they did not understand;
- latency per utterance of ``EmbeddingIntentModel.classify`` (one text per call, as the
  assistant calls it) over the test split, p50 and p95 in milliseconds; baseline, same run and
  texts: ``understand()`` (the rules). Ratio = embedding / rules.

Without the extra it prints a note and reports the figures as skipped.
"""

from __future__ import annotations

import time

from benchmarks.common import BenchArgs, Result, latency_results

from fitcoach.assistant import embeddings
from fitcoach.assistant.nlu import ExerciseMatcher, understand
from fitcoach.services.exercises import library_records

NAME = "intents"
DEFAULT_REPEAT = 10
QUICK_REPEAT = 2


def main(args: BenchArgs) -> list[Result]:
    if not embeddings.available():
        note = "skipped: the 'ml' extra is not installed (pip install -e '.[ml]')"
        print(f"[{NAME}] {note}")
        return [Result(name="embedding intent accuracy (test split)", figure=None, unit="%",
                       notes=note, group=NAME)]  # fmt: skip
    times = args.repeat or (QUICK_REPEAT if args.quick else DEFAULT_REPEAT)
    args.progress("intents: loading the packaged encoder (offline)")
    start = time.perf_counter()
    embeddings.load_encoder()
    load_s = time.perf_counter() - start
    model = embeddings.EmbeddingIntentModel.from_eval_set(split="train")
    start = time.perf_counter()
    model.classify("warm up")
    fit_s = time.perf_counter() - start
    args.progress("intents: accuracy on the test split")
    report = embeddings.evaluate_embedding(model)
    texts = [text for text, _ in embeddings.eval_examples("test")]
    matcher = ExerciseMatcher(library_records())
    today = embeddings.eval_today()

    ours: list[float] = []
    base: list[float] = []
    args.progress(f"intents: classify() and understand() over {len(texts)} texts x {times}")
    for _ in range(times):  # interleaved, so both paths see the same machine load
        for text in texts:
            start = time.perf_counter()
            model.classify(text)
            ours.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            understand(text, today=today, exercises=matcher)
            base.append((time.perf_counter() - start) * 1000)

    n = report.total
    shape = {
        "test_utterances": n,
        "train_utterances": len(model.examples),
        "method": model.method,
        "k": model.k,
        "min_score": model.min_score,
        "rules_accuracy": report.rules_correct / n,
        "embedding_accuracy": report.embedding_correct / n,
        "embedding_top1_accuracy": report.embedding_top1_correct / n,
        "combined_accuracy": report.combined_correct / n,
        "encoder_load_s": load_s,
        "embed_train_split_s": fit_s,
        "repeats": times,
    }
    results = [
        Result(
            name="embedding intent accuracy (test split)",
            figure=100 * report.embedding_correct / n,
            unit="%",
            baseline=100 * report.rules_correct / n,
            ratio=report.embedding_correct / report.rules_correct if report.rules_correct else None,
            baseline_name="the rules (understand), same utterances",
            notes=report.summary(),
            group=NAME,
            extra=shape,
        ),
        Result(
            name="rules then embedding accuracy (test split)",
            figure=100 * report.combined_correct / n,
            unit="%",
            baseline=100 * report.rules_correct / n,
            ratio=report.combined_correct / report.rules_correct if report.rules_correct else None,
            baseline_name="the rules (understand), same utterances",
            notes="the embedding model only where the rules did not understand",
            group=NAME,
            extra=shape,
        ),
    ]
    results += latency_results(
        "embedding classify()",
        ours,
        base,
        unit="ms/utterance",
        baseline_name="understand() (the rules)",
        group=NAME,
        notes=f"{len(texts)} texts x {times}, each call timed on its own, CPU",
        extra=shape,
    )
    print(f"[{NAME}] {report.summary()}")
    print(
        f"[{NAME}] encoder load {load_s:.1f} s, embedding {len(model.examples)} train examples "
        f"{fit_s:.2f} s ({model.method}, k={model.k}, min score {model.min_score})"
    )
    for r in results[2:]:
        print(
            f"[{NAME}] {r.name}: {r.figure:.2f} ms (rules {r.baseline:.3f} ms, ratio {r.ratio:.0f})"
        )
    return results
