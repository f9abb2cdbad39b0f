"""NumPy's mean, vector norm, first difference, gradient, median, percentiles and clip,
without their per-call overhead.

``np.mean``, ``np.linalg.norm``, ``np.diff``, ``np.gradient``, ``np.median``, ``np.percentile``
and ``np.clip`` spend more time checking their arguments than computing on the few hundred
samples the online trackers hand them, dozens of times a second per athlete. These do exactly
what NumPy does underneath (for float64, the same pairwise ``add.reduce`` and the same
division, ``x.dot(x)`` for a 1-D norm; for ``diff``, the same ``subtract``, or ``not_equal``
for booleans, of the shifted slices; for ``gradient``, the same central differences halved
and one-sided differences at the ends; for ``median``, the same partition and halved sum; for
``percentiles``, the same order statistics and NumPy's own interpolation arithmetic), so they
return the same numbers (``tests/analysis/signals/test_reference_equality.py``); anything else
goes to NumPy itself.

``uniform_filter1d`` and ``median_filter`` are SciPy's ``ndimage`` filters of the same names
with ``mode="nearest"`` on a 1-D float64 array: SciPy's own C kernels, called as its wrappers
call them once their arguments are checked (the wrappers cost more than the kernels on a few
dozen RR intervals or a few hundred samples); anything else, or a SciPy release where the
kernels have moved, goes to the public functions.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import ndimage

try:  # SciPy's kernels behind ndimage.uniform_filter1d and (1-D) ndimage.median_filter
    from scipy.ndimage import _nd_image, _rank_filter_1d

    _UNIFORM_1D: Any = _nd_image.uniform_filter1d
    _RANK_1D: Any = _rank_filter_1d.rank_filter
except (ImportError, AttributeError):  # pragma: no cover - depends on the SciPy release
    _UNIFORM_1D = _RANK_1D = None
_NEAREST = 0  # ndimage's code of mode "nearest" (_ni_support._extend_mode_to_code)

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


def gradient(x: FloatArray) -> FloatArray:
    """``np.gradient(x)`` of a 1-D float64 array (unit spacing, first-order edges)."""
    if x.ndim != 1 or x.dtype != np.float64 or x.size < 2:
        return np.asarray(np.gradient(x))
    out = np.empty_like(x)
    out[1:-1] = (x[2:] - x[:-2]) / 2.0
    out[0] = (x[1] - x[0]) / 1.0
    out[-1] = (x[-1] - x[-2]) / 1.0
    return out


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


def percentiles(x: FloatArray, q: tuple[float, ...]) -> tuple[np.float64, ...]:
    """``tuple(np.percentile(x, q))`` (the default ``linear`` method) of a 1-D float64 array:
    the order statistics around each virtual index ``(n - 1) * q / 100`` from one partition,
    interpolated with NumPy's ``_lerp`` arithmetic (``a + (b - a) * t``, or
    ``b - (b - a) * (1 - t)`` from ``t >= 0.5``), float by float; a NaN goes to NumPy."""
    n = x.size
    if x.ndim != 1 or n == 0 or x.dtype != np.float64:
        return tuple(np.percentile(x, q))
    virtual = [(n - 1) * (p / 100) for p in q]
    # NumPy's _get_indexes: past the last index, the last value (-1) on both sides.
    below = [-1.0 if v >= n - 1 else math.floor(v) for v in virtual]
    kth = sorted({0, n - 1} | {int(b) % n for b in below} | {(int(b) + 1) % n for b in below})
    part = np.partition(x, kth)
    if part[-1] != part[-1]:  # NaN sorts last: NumPy's answer, whatever it is
        return tuple(np.percentile(x, q))
    out = []
    for v, b in zip(virtual, below, strict=True):
        lo = float(part[int(b)])
        hi = float(part[-1 if b == -1.0 else int(b) + 1])
        t = v - b
        d = hi - lo
        out.append(np.float64(hi - d * (1 - t) if t >= 0.5 else lo + d * t))
    return tuple(out)


def uniform_filter1d(x: FloatArray, size: int) -> FloatArray:
    """``scipy.ndimage.uniform_filter1d(x, size, mode="nearest")``."""
    if _UNIFORM_1D is None or x.ndim != 1 or x.dtype != np.float64 or size < 1:
        return np.asarray(ndimage.uniform_filter1d(x, size, mode="nearest"))
    out = np.zeros(x.shape, dtype=np.float64)
    _UNIFORM_1D(x, size, 0, out, _NEAREST, 0.0, 0)
    return out


def median_filter(x: FloatArray, size: int) -> FloatArray:
    """``scipy.ndimage.median_filter(x, size=size, mode="nearest")``: SciPy's 1-D rank kernel,
    which it uses itself when the array is no shorter than half the window."""
    if (
        _RANK_1D is None
        or x.ndim != 1
        or x.dtype != np.float64
        or size < 3
        or x.size < (size - 1) // 2
    ):
        return np.asarray(ndimage.median_filter(x, size=size, mode="nearest"))
    out = np.zeros(x.shape, dtype=np.float64)
    _RANK_1D(x, size // 2, size, out, _NEAREST, np.float64(0.0), 0)
    return out


# --- the same along the rows of a 2-D array (many athletes' windows at once) -------------------


def mean_rows(x: FloatArray) -> FloatArray:
    """``mean`` of every row of a C-ordered 2-D float64 array: NumPy reduces each contiguous
    row with the same pairwise sum as the row alone, so each is the 1-D ``mean`` of its row."""
    out: FloatArray = np.add.reduce(x, axis=1) / x.shape[1]
    return out


def gradient_rows(x: FloatArray) -> FloatArray:
    """``gradient`` of every row of a 2-D float64 array (rows of two samples or more)."""
    out = np.empty_like(x)
    out[:, 1:-1] = (x[:, 2:] - x[:, :-2]) / 2.0
    out[:, 0] = (x[:, 1] - x[:, 0]) / 1.0
    out[:, -1] = (x[:, -1] - x[:, -2]) / 1.0
    return out


def uniform_filter1d_rows(x: FloatArray, size: int) -> FloatArray:
    """``uniform_filter1d`` of every row of a 2-D float64 array: ndimage's kernel runs the
    same moving sum along each line of the axis as it does on the row alone."""
    if _UNIFORM_1D is None or x.ndim != 2 or x.dtype != np.float64 or size < 1:
        return np.asarray(ndimage.uniform_filter1d(x, size, axis=1, mode="nearest"))
    out = np.zeros(x.shape, dtype=np.float64)
    _UNIFORM_1D(x, size, 1, out, _NEAREST, 0.0, 0)
    return out
