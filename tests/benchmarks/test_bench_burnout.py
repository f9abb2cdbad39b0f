"""Smoke test of the burnout benchmark: a tiny run; it checks the results' shape and that each
figure sits beside its baseline, never the timings."""

from __future__ import annotations

import pytest
from tests.conftest import unavailable

from benchmarks import common


def test_training_scoring_and_shap_are_measured_beside_baselines() -> None:
    try:
        import shap  # noqa: F401
        import sklearn  # noqa: F401
    except ImportError as exc:
        unavailable(f"the ml extra is missing ({exc})")
    from benchmarks import bench_burnout as bench

    results = bench.main(common.BenchArgs(quick=True, rows=8, repeat=1))
    assert [r.name for r in results] == [
        "training (gradient boosting + logistic regression)",
        "scoring per 1,000 athletes (features + GB)",
        "SHAP reasons per athlete",
    ]
    for r in results:
        assert r.group == bench.NAME
        assert r.figure is not None
        assert r.figure > 0
        assert r.baseline is not None
        assert r.baseline > 0
        assert r.ratio == pytest.approx(r.figure / r.baseline)
    assert results[1].extra == {"athletes": 8}
    assert results[2].extra == {"rows": 8}
