"""NumPy's mean, vector norm, first difference, median and clip, without their per-call overhead.

``np.mean``, ``np.linalg.norm``, ``np.diff``, ``np.median`` and ``np.clip`` spend more time
checking their arguments than computing on the few hundred samples the online trackers hand
them, dozens of times a second per athlete. These do exactly what NumPy does underneath (for
float64, the same pairwise ``add.reduce`` and the same division, ``x.dot(x)`` for a 1-D norm;
for ``diff``, the same ``subtract``, or ``not_equal`` for booleans, of the shifted slices; for
``median``, the same partition and halved sum), so they return the same numbers
(``tests/analysis/signals/test_reference_equality.py``); anything else goes to NumPy itself.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def mean(x: FloatArray, axis: int | None = None, *, keepdims: bool = False) -> Any:
    """``np.mean(x, axis=axis, keepdims=keepdims)``."""
    n = x.size if axis is None else x.shape[axis]
    if x.dtype != np.float64 or n == 0:
        return np.mean(x, axis=axis, keepdims=keepdims)
    if keepdims:
        return np.add.reduce(x, axis=axis, keepdims=True) / n
    return np.add.reduce(x, axis=axis) / n


def norm(x: FloatArray, axis: int | None = None) -> Any:
    """``np.linalg.norm(x, axis=axis)`` (the 2-norm) of a real float64 vector, or of each
    vector along ``axis``."""
    if x.dtype != np.float64:
        return np.linalg.norm(x, axis=axis)
    if axis is None:
        if x.ndim != 1:
            return np.linalg.norm(x)
        return np.sqrt(x.dot(x))
    return np.sqrt(np.add.reduce(x * x, axis=axis))


def diff(x: npt.NDArray[Any]) -> Any:
    """``np.diff(x)`` of a 1-D array."""
    if x.ndim != 1:
        return np.diff(x)
    if x.dtype == np.bool_:
        return x[1:] != x[:-1]
    return x[1:] - x[:-1]


def median(x: npt.NDArray[Any]) -> Any:
    """``np.median(x)`` of a 1-D float64 or int64 array: the middle order statistic, or the
    mean of the middle two (their sum halved), found by the same partition."""
    n = x.size
    if x.ndim != 1 or n == 0 or x.dtype not in (np.float64, np.int64):
        return np.median(x)
    h = n // 2
    if x.dtype == np.float64:
        part = np.partition(x, (h - 1, h, -1) if n % 2 == 0 else (h, -1))
        if part[-1] != part[-1]:  # NaN sorts last: NumPy's answer, whatever it is
            return np.median(x)
    else:
        part = np.partition(x, (h - 1, h) if n % 2 == 0 else h)
    if n % 2:
        return np.float64(part[h])
    return (np.float64(part[h - 1]) + np.float64(part[h])) / 2


def clip(value: float, low: float, high: float) -> float:
    """``float(np.clip(value, low, high))`` of one float (``low <= high``): NumPy's
    ``minimum(maximum(value, low), high)``, which keeps a NaN and the sign of a zero, as
    Python's ``max`` and ``min`` with the value first do."""
    return min(max(float(value), low), high)
