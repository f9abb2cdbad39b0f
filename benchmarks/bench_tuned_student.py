"""The fine-tuned student (docs/models/student.md): latency per message and resident memory.

Loads the newest ``tuned-student`` artefact (``FITCOACH_MODEL_DIR``, else the package's
``ml/artefacts``) on one torch thread, as the chat would, and reads teacher-corpus messages of
writer D one at a time (``--quick``: 50, else 400):

- latency of ``TunedStudent.read`` per message, p50 and p95; baseline, same texts, interleaved:
  one pass of the frozen packaged encoder (``embeddings.load_encoder().encode``, what the
  earlier student runs). Ratio = tuned student / frozen encoder;
- the process's peak resident memory after loading the student and reading (before the
  baseline's encoder is loaded), and after both.

Without the ``ml`` extra or a trained artefact it prints a note and reports the figures as
skipped.
"""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path

from benchmarks.common import BenchArgs, Result, latency_results

from fitcoach.assistant import embeddings

NAME = "tuned_student"
ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "src" / "fitcoach" / "ml" / "artefacts"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def main(args: BenchArgs) -> list[Result]:
    from fitcoach.assistant.tuned_student import NAME as ARTEFACT

    models = Path(os.environ.get("FITCOACH_MODEL_DIR", SHIPPED))
    if not embeddings.available() or not (models / ARTEFACT).is_dir():
        note = f"skipped: needs the 'ml' extra and a {ARTEFACT} artefact (make train-student)"
        print(f"[{NAME}] {note}")
        return [Result(name="tuned student latency", figure=None, unit="ms", notes=note, group=NAME)]  # fmt: skip
    import torch

    from fitcoach.assistant.tuned_student import TunedStudent
    from fitcoach.pipelines.distill.corpus import load_corpus

    torch.set_num_threads(1)
    before = _peak_mb()
    args.progress("tuned student: loading")
    student = TunedStudent.load(models)
    texts = [m.text for m in load_corpus(ROOT / "data" / "teacher") if m.writer == "D"]
    texts = texts[:: max(1, len(texts) // (50 if args.quick else 400))]
    student.read("warm up")
    ours: list[float] = []
    for text in texts:
        started = time.perf_counter()
        student.read(text)
        ours.append((time.perf_counter() - started) * 1000)
    student_peak = _peak_mb()
    encoder = embeddings.load_encoder()
    encoder.encode(["warm up"], show_progress_bar=False)
    base: list[float] = []
    args.progress(f"tuned student: encoder baseline over {len(texts)} texts")
    for text in texts:
        started = time.perf_counter()
        encoder.encode([text], show_progress_bar=False)
        base.append((time.perf_counter() - started) * 1000)
    both_peak = _peak_mb()
    results = latency_results(
        "tuned student read, one message",
        ours,
        base,
        unit="ms",
        baseline_name="one pass of the frozen packaged encoder, same texts",
        group=NAME,
        notes=f"{len(texts)} messages of writer D, one torch thread",
    )
    results.append(
        Result(
            name="peak resident memory with the tuned student loaded",
            figure=student_peak,
            unit="MB",
            baseline=before,
            ratio=student_peak / before,
            baseline_name="the same process before loading it",
            notes=f"{both_peak:.0f} MB once the baseline encoder is loaded as well",
            group=NAME,
        )
    )
    return results
