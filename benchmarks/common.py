"""Shared pieces of the benchmarks: options, timing helpers and the ``Result`` record.

Every benchmark module ``benchmarks/bench_<name>.py`` has ``main(args: BenchArgs) -> list[Result]``.
A result compares a fitcoach figure with a baseline measured in the same run on the same
machine, so that the ratio means something even on a shared, noisy machine; figures are
medians of repeated runs.
"""

from __future__ import annotations

import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any


class BenchmarkError(RuntimeError):
    """A benchmark measured something other than what it claims (e.g. rows went missing)."""


def _no_progress(_message: str) -> None:
    return None


@dataclass
class BenchArgs:
    """What the runner passes to each benchmark's ``main``.

    ``quick`` asks for smaller sizes (a smoke run); ``rows`` and ``repeat`` override the
    benchmark's own sizes when given; ``warmup=False`` skips the untimed first run of each
    path where a benchmark has one (smoke tests: each path still runs, once, and is checked;
    its figure then includes the first run's costs); ``progress`` shows a one-line status to
    the person watching (the runner wires it to a rich status line).
    """

    quick: bool = False
    rows: int | None = None
    repeat: int | None = None
    warmup: bool = True
    progress: Callable[[str], None] = _no_progress


@dataclass(frozen=True)
class Timing:
    """Durations of repeated runs of one thing, in seconds."""

    samples: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p50(self) -> float:
        return percentile(self.samples, 50)

    @property
    def p95(self) -> float:
        return percentile(self.samples, 95)

    @property
    def best(self) -> float:
        return min(self.samples)


def percentile(samples: tuple[float, ...] | list[float], pct: float) -> float:
    """The ``pct`` percentile with linear interpolation between closest ranks."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def cpu_seconds() -> float:
    """CPU seconds (user + system) used so far by this process and by its children that have
    ended and been waited for (a process pool's workers once the pool has shut down)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Run ``fn`` once; its duration in seconds (perf_counter) and its return value."""
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def repeat(
    fn: Callable[[], Any],
    times: int,
    *,
    setup: Callable[[], Any] | None = None,
    check: Callable[[Any], None] | None = None,
) -> Timing:
    """Time ``fn`` ``times`` times; ``setup`` runs untimed before each run and ``check``
    (untimed) gets each run's return value and raises if the run did not do its job."""
    if times < 1:
        raise ValueError("times must be at least 1")
    samples = []
    for _ in range(times):
        if setup is not None:
            setup()
        seconds, value = timed(fn)
        if check is not None:
            check(value)
        samples.append(seconds)
    return Timing(tuple(samples))


@dataclass
class Result:
    """One figure beside its baseline.

    ``ratio`` is ``figure / baseline``; for a rate (rows/s) above 1 means fitcoach is faster
    than the baseline, below 1 slower. ``samples`` and ``baseline_samples`` keep the raw
    durations (seconds) the medians came from.
    """

    name: str
    figure: float | None  # None: skipped (``notes`` says why)
    unit: str
    baseline: float | None = None
    ratio: float | None = None
    notes: str = ""
    baseline_name: str = ""
    group: str = ""
    samples: list[float] = field(default_factory=list)
    baseline_samples: list[float] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def rate_result(
    name: str,
    rows: int,
    measured: Timing,
    baseline: Timing,
    *,
    baseline_name: str,
    group: str = "",
    notes: str = "",
    extra: dict[str, Any] | None = None,
) -> Result:
    """A rows/s result from two timings of the same ``rows``: medians and their ratio."""
    figure = rows / measured.median
    base = rows / baseline.median
    return Result(
        name=name,
        figure=figure,
        unit="rows/s",
        baseline=base,
        ratio=figure / base,
        notes=notes,
        baseline_name=baseline_name,
        group=group,
        samples=list(measured.samples),
        baseline_samples=list(baseline.samples),
        extra={
            "rows": rows,
            "median_s": measured.median,
            "p95_s": measured.p95,
            "baseline_median_s": baseline.median,
            "baseline_p95_s": baseline.p95,
            "repeats": len(measured.samples),
            **(extra or {}),
        },
    )


def human_rate(value: float) -> str:
    """12_345.6 → '12,346'; big figures with thousands separators."""
    return f"{value:,.0f}"


def latency_results(
    name: str,
    samples_ms: list[float],
    baseline_ms: list[float],
    *,
    unit: str,
    baseline_name: str,
    group: str,
    notes: str | Callable[[float, float], str] = "",
    extra: dict[str, Any] | None = None,
) -> list[Result]:
    """p50 and p95 of per-call latencies (ms) beside the baseline's, as two results.

    ``notes`` may be a function of (figure, baseline) for a note that quotes them. The raw
    samples (in seconds) ride on the p50 result.
    """
    results = []
    for pct in (50, 95):
        figure, base = percentile(samples_ms, pct), percentile(baseline_ms, pct)
        results.append(
            Result(
                name=f"{name} p{pct}",
                figure=figure,
                unit=unit,
                baseline=base,
                ratio=figure / base,
                notes=notes(figure, base) if callable(notes) else notes,
                baseline_name=baseline_name,
                group=group,
                samples=[m / 1000 for m in samples_ms] if pct == 50 else [],
                baseline_samples=[m / 1000 for m in baseline_ms] if pct == 50 else [],
                extra=dict(extra or {}),
            )
        )
    return results
