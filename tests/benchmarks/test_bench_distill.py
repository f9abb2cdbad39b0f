"""Smoke test of the distillation benchmark: the micro preset, one repeat; shapes, not timings."""

from __future__ import annotations

import pytest
from benchmarks.common import BenchArgs
from tests.conftest import unavailable

from benchmarks import bench_distill as bench
from fitcoach.assistant import embeddings


def test_distill_benchmark_reports_stages_accuracy_and_latency() -> None:
    if not embeddings.available():
        unavailable("the 'ml' extra (torch, sentence-transformers, the packaged MiniLM)")
    # The blind set's report is left out of the train stage: the distillation tests cover it.
    results = bench.main(BenchArgs(quick=True, repeat=1), blind_report=False)
    names = [r.name for r in results]
    for stage in ("generate", "prompts", "teach", "validate", "train", "report"):
        assert f"distill {stage} wall per 1,000 examples" in names
    by_name = {r.name: r for r in results}
    for r in results:
        assert r.group == bench.NAME
        assert r.figure is not None
        assert r.figure >= 0
    combined = by_name["rules then student intent accuracy (hand-written)"]
    assert combined.baseline is not None
    assert 80 < combined.baseline <= 100
    assert combined.ratio == pytest.approx(combined.figure / combined.baseline)
    p95 = by_name["student predict() p95"]
    assert p95.baseline is not None
    assert p95.figure >= by_name["student predict() p50"].figure
    assert by_name["distill generate wall per 1,000 examples"].extra["examples"] > 0
