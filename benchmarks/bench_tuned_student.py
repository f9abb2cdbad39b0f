"""The fine-tuned student (docs/models/student.md): latency per message and resident memory.

Loads the newest ``tuned-student`` artefact (``FITCOACH_MODEL_DIR``, else the package's
``ml/artefacts``) on one thread (an ONNX Runtime session of one thread for the shipped
student; ``torch.set_num_threads(1)`` for an older torch-read one), as the chat would, and
reads teacher-corpus messages of writer D one at a time (``--quick``: 50, else 400):

- latency of ``TunedStudent.read`` per message, p50 and p95, beside **the rules alone**
  (``guardrails.screen``, the red-flag rules) on the same texts in the same run, interleaved
  message by message; and the triage the chat runs, rules then student, beside the rules;
- resident memory of this process, which imports only the student and the rules: its peak
  (``ru_maxrss``, loading included) and its resident set after reading (``VmRSS``), beside the
  same process before loading the student (the rules imported; torch is not, unless the
  artefact is read by torch).

Without the ``ml`` extra or a trained artefact it prints a note and reports the figures as
skipped.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

from benchmarks.common import BenchArgs, Result, latency_results

from fitcoach.assistant import embeddings

NAME = "tuned_student"
ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "src" / "fitcoach" / "ml" / "artefacts"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return _peak_mb()  # no /proc: the peak is the closest figure


def main(args: BenchArgs) -> list[Result]:
    from fitcoach.assistant.tuned_student import NAME as ARTEFACT

    models = Path(os.environ.get("FITCOACH_MODEL_DIR", SHIPPED))
    if not embeddings.available() or not (models / ARTEFACT).is_dir():
        note = f"skipped: needs the 'ml' extra and a {ARTEFACT} artefact (make train-student)"
        print(f"[{NAME}] {note}")
        return [Result(name="tuned student latency", figure=None, unit="ms", notes=note, group=NAME)]  # fmt: skip
    from fitcoach.assistant.guardrails import screen
    from fitcoach.assistant.tuned_student import TunedStudent
    from fitcoach.pipelines.distill.corpus import load_corpus

    texts = [m.text for m in load_corpus(ROOT / "data" / "teacher") if m.writer == "D"]
    texts = texts[:: max(1, len(texts) // (50 if args.quick else 400))]
    screen("warm up")
    before = _resident_mb()
    args.progress("tuned student: loading")
    student = TunedStudent.load(models)
    if student.reader is None:  # an artefact read by torch: one thread, as the chat's
        import torch

        torch.set_num_threads(1)
    student.read("warm up")
    rules: list[float] = []
    ours: list[float] = []
    both: list[float] = []
    args.progress(f"tuned student: {len(texts)} messages, rules and student interleaved")
    for text in texts:
        started = time.perf_counter()
        screen(text)
        rules.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        student.read(text)
        ours.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        screen(text).red_flags or student.read(text).red_flags(student.threshold)
        both.append((time.perf_counter() - started) * 1000)
    resident, peak = _resident_mb(), _peak_mb()
    common = {"unit": "ms", "baseline_name": "the rules alone (guardrails.screen), same texts", "group": NAME}  # fmt: skip
    runtime = "ONNX Runtime" if student.reader is not None else "torch"
    note = f"{len(texts)} messages of writer D, one {runtime} thread"
    results = latency_results("tuned student read, one message", ours, rules, notes=note, **common)  # type: ignore[arg-type]  # fmt: skip
    results += latency_results("triage, rules then student, one message", both, rules, notes=note, **common)  # type: ignore[arg-type]  # fmt: skip
    results += _tagger(args, models, texts, before)
    results.append(
        Result(
            name="resident memory with the tuned student loaded, after reading",
            figure=resident,
            unit="MB",
            baseline=before,
            ratio=resident / before,
            baseline_name=f"the same process before loading it (the rules imported; {'torch' if 'torch' in sys.modules else 'no torch'})",
            notes=f"peak {peak:.0f} MB while loading (ru_maxrss)",
            group=NAME,
        )
    )
    return results


def _tagger(args: BenchArgs, models: Path, texts: list[str], before: float) -> list[Result]:
    """The slot tagger the chat also runs by default (on logs the rules would ask about): its
    latency per message beside the rules, and this process's memory with student and tagger."""
    from fitcoach.assistant.guardrails import screen
    from fitcoach.assistant.nlu import normalise
    from fitcoach.assistant.slot_tagger import NAME as TAGGER
    from fitcoach.assistant.slot_tagger import SlotTagger

    root = models if (models / TAGGER).is_dir() else SHIPPED
    if not (root / TAGGER).is_dir():
        return []
    args.progress("tuned student: loading the slot tagger")
    tagger = SlotTagger.load(root)
    tagger.tag("warm up")
    rules: list[float] = []
    tagged: list[float] = []
    for text in texts:
        started = time.perf_counter()
        screen(text)
        rules.append((time.perf_counter() - started) * 1000)
        plain = normalise(text)
        started = time.perf_counter()
        tagger.tag(plain)
        tagged.append((time.perf_counter() - started) * 1000)
    common = {"unit": "ms", "baseline_name": "the rules alone (guardrails.screen), same texts", "group": NAME}  # fmt: skip
    note = f"{len(texts)} messages of writer D, int8 ONNX, one thread"
    results = latency_results("slot tagger, one message", tagged, rules, notes=note, **common)  # type: ignore[arg-type]  # fmt: skip
    resident = _resident_mb()
    results.append(
        Result(
            name="resident memory with the student and the slot tagger loaded",
            figure=resident,
            unit="MB",
            baseline=before,
            ratio=resident / before,
            baseline_name="the same process before loading either (the rules imported)",
            notes=f"peak {_peak_mb():.0f} MB (ru_maxrss)",
            group=NAME,
        )
    )
    return results
