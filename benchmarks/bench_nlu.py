"""Accuracy and latency of the assistant's offline understanding and guardrails.

Setup (not timed): the shipped evaluation sets (``fitcoach/assistant/data/nlu_eval.yaml``,
``safety_eval.yaml``) and one ``ExerciseMatcher`` over the exercise library.

Printed:

- intent accuracy and exact-slot accuracy of ``understand`` on the NLU set (and on its
  held-out part), and the safety set's pass rate (the run fails below 100 %);
- apart from those, the held-out sets written before the rules they test and never tuned on
  (``nlu_heldout.yaml``: intent and exact-slot accuracy; ``safety_heldout.yaml``: pass rate);
- latency per utterance of ``understand() + screen()`` over every text of both sets, each
  timed on its own, many repeats: p50 and p95 in milliseconds; the matcher's memo of resolved
  names is emptied before each, so every text is timed as if the process had never seen it;
- the same on the longest messages a chat takes (4,000 characters of digits, written to be
  slow);
- baseline, measured in the same run on the same texts: one fuzzy lookup of the whole text in
  the exercise library (``best_name_scores``, the library's own rapidfuzz matcher), the
  cheapest thing any name-aware parser has to do. Ratio = fitcoach / baseline.

``--rows N`` times only the first N texts (the sets are still evaluated whole).
"""

from __future__ import annotations

import time
from datetime import date
from importlib import resources

import yaml
from benchmarks.common import BenchArgs, BenchmarkError, Result, latency_results

from fitcoach.assistant.conversations import MAX_TEXT
from fitcoach.assistant.guardrails import screen
from fitcoach.assistant.nlu import ExerciseMatcher, understand
from fitcoach.services.exercises import (
    best_name_scores,
    library_records,
    name_choices,
    name_key,
)
from research.evaluate.assistant import (
    evaluate_heldout,
    evaluate_nlu,
    evaluate_safety,
    evaluate_safety_heldout,
)

NAME = "nlu"
DEFAULT_REPEAT = 10
QUICK_REPEAT = 3


def _texts() -> tuple[list[str], date]:
    data = resources.files("fitcoach.assistant.data")
    nlu = yaml.safe_load(data.joinpath("nlu_eval.yaml").read_text("utf-8"))
    safety = yaml.safe_load(data.joinpath("safety_eval.yaml").read_text("utf-8"))
    texts = [i["text"] for i in nlu["items"]] + [i["text"] for i in safety["items"]]
    return texts, nlu["today"]


def _per_call_ms(texts: list[str], times: int, fn: object) -> list[float]:
    call = fn  # typed loosely: both paths take one text
    samples: list[float] = []
    for _ in range(times):
        for text in texts:
            start = time.perf_counter()
            call(text)  # type: ignore[operator]
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def main(args: BenchArgs) -> list[Result]:
    times = args.repeat or (QUICK_REPEAT if args.quick else DEFAULT_REPEAT)
    args.progress("nlu: evaluation sets")
    matcher = ExerciseMatcher(library_records())
    nlu = evaluate_nlu(matcher=matcher)
    held = evaluate_heldout(matcher)
    safety = evaluate_safety()
    safety_held = evaluate_safety_heldout()
    if safety.pass_rate < 1.0:
        raise BenchmarkError(f"safety set: {len(safety.failures)} case(s) failed")
    texts, today = _texts()
    if args.rows:  # the first ``rows`` texts timed (a smoke run); the sets are evaluated whole
        texts = texts[: args.rows]

    def fitcoach_path(text: str) -> None:
        matcher.forget_names()  # each text cold: the memo would serve the repeats otherwise
        understand(text, today=today, exercises=matcher)
        screen(text)

    choices, owners = name_choices(matcher.records)  # prepared once, like the matcher's

    def baseline_path(text: str) -> None:
        best_name_scores(name_key(text), choices, owners, cutoff=60.0)

    args.progress(f"nlu: understand()+screen() over {len(texts)} texts x {times}")
    ours = _per_call_ms(texts, times, fitcoach_path)
    args.progress(f"nlu: fuzzy lookup over {len(texts)} texts x {times}")
    base = _per_call_ms(texts, times, baseline_path)

    shape = {
        "utterances": nlu.total,
        "safety_cases": safety.total,
        "texts_timed": len(texts),
        "repeats": times,
        "intent_accuracy": nlu.intent_accuracy,
        "slot_accuracy": nlu.slot_accuracy,
        "held_out_intent_accuracy": nlu.held_out_intent_accuracy,
        "held_out_slot_accuracy": nlu.held_out_slot_accuracy,
        "safety_pass_rate": safety.pass_rate,
        "heldout_utterances": held.total,
        "heldout_intent_accuracy": held.intent_accuracy,
        "heldout_slot_accuracy": held.slot_accuracy,
        "safety_heldout_pass_rate": safety_held.pass_rate,
    }
    results = [
        Result(
            name="NLU intent accuracy",
            figure=100 * nlu.intent_accuracy,
            unit="%",
            notes=nlu.summary(),
            group=NAME,
            extra=shape,
        ),
        Result(
            name="NLU exact-slot accuracy",
            figure=100 * nlu.slot_accuracy,
            unit="%",
            notes="intent right and every expected slot equal (floats within 0.5 %)",
            group=NAME,
            extra=shape,
        ),
        Result(
            name="safety set pass rate",
            figure=100 * safety.pass_rate,
            unit="%",
            notes=f"{safety.total} cases (red flags, look-alikes, injuries, injections, medical)",
            group=NAME,
            extra=shape,
        ),
        Result(
            name="NLU held-out intent accuracy",
            figure=100 * held.intent_accuracy,
            unit="%",
            notes=f"nlu_heldout.yaml, {held.total} utterances never tuned on",
            group=NAME,
            extra=shape,
        ),
        Result(
            name="NLU held-out exact-slot accuracy",
            figure=100 * held.slot_accuracy,
            unit="%",
            notes=f"nlu_heldout.yaml, {held.total} utterances never tuned on",
            group=NAME,
            extra=shape,
        ),
        Result(
            name="safety held-out pass rate",
            figure=100 * safety_held.pass_rate,
            unit="%",
            notes=f"safety_heldout.yaml, {safety_held.total} cases never tuned on",
            group=NAME,
            extra=shape,
        ),
    ]
    results += latency_results(
        "understand()+screen()",
        ours,
        base,
        unit="ms/utterance",
        baseline_name="one fuzzy library lookup (best_name_scores)",
        group=NAME,
        notes=f"{len(texts)} texts x {times}, each call timed on its own",
        extra=shape,
    )
    # The longest messages a chat takes, written to be slow: runs of digits, which the digit-led
    # patterns of ``normalise`` once scanned again from every digit (1.2 s a call on 4,000
    # digits, about 5 s a reply, before their review), beside the same baseline on them.
    longest = [
        "0" * MAX_TEXT,
        "7" * (MAX_TEXT - 7) + " series",
        "1" * (MAX_TEXT - 1) + "k",
        ("10 x " * MAX_TEXT)[:MAX_TEXT],
    ]
    long_times = max(1, times // 10)
    args.progress(f"nlu: {len(longest)} messages of {MAX_TEXT} characters x {long_times}")
    results += latency_results(
        f"understand()+screen(), {MAX_TEXT}-character messages",
        _per_call_ms(longest, long_times, fitcoach_path),
        _per_call_ms(longest, long_times, baseline_path),
        unit="ms/utterance",
        baseline_name="one fuzzy library lookup (best_name_scores)",
        group=NAME,
        notes=f"{len(longest)} digit-heavy texts x {long_times}, each call timed on its own",
        extra=shape,
    )
    print(f"[{NAME}] tuned: {nlu.summary()}")
    print(
        f"[{NAME}] held out (nlu_heldout.yaml, {held.total}): intent "
        f"{held.intent_accuracy:.1%}, exact slots {held.slot_accuracy:.1%}"
    )
    print(f"[{NAME}] safety: {safety.passed}/{safety.total} passed")
    print(f"[{NAME}] safety held out: {safety_held.passed}/{safety_held.total} passed")
    for r in results[6:]:
        print(
            f"[{NAME}] {r.name}: {r.figure:.3f} ms (fuzzy lookup {r.baseline:.3f} ms, "
            f"ratio {r.ratio:.1f})"
        )
    return results
