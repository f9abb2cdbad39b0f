"""NumPy's mean, vector norm and first difference, without their per-call overhead.

``np.mean``, ``np.linalg.norm`` and ``np.diff`` spend more time checking their arguments than
computing on the few hundred samples the online trackers hand them, dozens of times a second
per athlete. These do exactly what NumPy does underneath (for float64, the same pairwise
``add.reduce`` and the same division, ``x.dot(x)`` for a 1-D norm; for ``diff``, the same
``subtract``, or ``not_equal`` for booleans, of the shifted slices), so they return the same
numbers (``tests/analysis/signals/test_reference_equality.py``); anything else goes to NumPy
itself.
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
