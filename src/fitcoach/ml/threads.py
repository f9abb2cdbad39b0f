"""Thread limits for the small fits and predictions of the ML code."""

from __future__ import annotations

from typing import Any

_controller: list[Any] = []  # one ThreadpoolController: building one inspects every library


def one_thread() -> Any:
    """OpenMP and BLAS limited to one thread: on a shared 2-core machine the histogram
    boosting's threads spin against other processes (a fit took 22 s with them, 2.3 s on one
    thread; one row's probability 450 ms against 11 ms; same results). Call it once scikit-learn
    is imported, so that its OpenMP runtime is among the libraries controlled."""
    if not _controller:
        from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

        _controller.append(ThreadpoolController())
    return _controller[0].limit(limits=1)
